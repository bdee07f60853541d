"""Repetition (TQ7xx): repeated words, hallucinated loops, duplicated sentences and translations."""

from __future__ import annotations

import hashlib
import heapq
import operator
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

import regex
from rapidfuzz import fuzz, process

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.checks.text import NEARBY_SEGMENTS, excerpt
from tqcheck.lang import frequencies
from tqcheck.lang.patterns import lazy_re, lazy_regex
from tqcheck.model import Finding, Option, Segment, Severity, Span

FAMILY = "repetition"

# Scripts written without spaces between words: every character is a token of its own.
_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
# A token: one character of an unspaced script, or a word of a spaced script (letters, marks,
# digits, inner apostrophes and hyphens), as in `tqcheck.checks.text.WORD` but never swallowing CJK.
_WORD = (rf"[[\p{{L}}\p{{N}}]--[{_UNSPACED}]]"
         rf"(?:[[\p{{L}}\p{{M}}\p{{N}}]--[{_UNSPACED}]]|['\u2019\-](?=[\p{{L}}\p{{N}}]))*")
_TOKEN = lazy_regex(rf"(?P<char>[{_UNSPACED}])|{_WORD}", regex.V1)
_TOKEN_TEXT = lazy_regex(rf"[{_UNSPACED}]|{_WORD}", regex.V1)  # the same tokens, for findall()
_UNSPACED_CHAR = lazy_regex(rf"[{_UNSPACED}]")
_FIRST_UNSPACED = "\u0e01"  # the lowest code point of `_UNSPACED` (tests/checks/test_fast_paths.py)
_ABOVE_FIRST_UNSPACED = lazy_re(f"[{_FIRST_UNSPACED}-\U0010ffff]")


def _has_unspaced(text: str) -> bool:
    """Whether `text` has a character of an unspaced script.

    All of them lie at U+0E01 (Thai) and above, so Latin, Cyrillic, Greek and Arabic text is
    answered by a code-point range search (ten times faster than `max()`, which compares one
    character at a time) instead of a Unicode-property search.
    """
    return not text.isascii() and _ABOVE_FIRST_UNSPACED.search(text) is not None \
        and _UNSPACED_CHAR.search(text) is not None


_UNSPACED_RUN = lazy_regex(rf"[{_UNSPACED}]+")
# Punctuation and symbols, which never belong to a token (inner apostrophes and hyphens do).
_NOT_TOKEN = lazy_regex(r"(?:[[\p{P}\p{S}]--['\u2019\-]]|['\u2019\-](?![\p{L}\p{N}]))+", regex.V1)
# `_NOT_TOKEN` for ASCII text, in stdlib `re` (several times faster): ASCII \p{P} and \p{S} are
# exactly `string.punctuation`, ASCII \p{L} and \p{N} exactly [A-Za-z0-9].
_ASCII_NOT_TOKEN = lazy_re(r"(?:[!-&(-,./:-@\[-`{-~]|['\-](?![A-Za-z0-9]))+")
_HORIZONTAL_SPACE = lazy_regex(r"[ \t\u00a0\u2009\u202f]+")
_SENTENCE_END = frozenset(".!?\u2026\u3002\uff01\uff1f\u061f")
_OPENERS = frozenset("\"'\u201c\u201e\u00ab\u2018\u201a([{\u300c\u300e\u2014\u2013-")

# Words that are grammatical when doubled ("He said that that was wrong", "die Frau, die die Kinder").
ALLOWED_DOUBLES: dict[str, frozenset[str]] = {
    "": frozenset({"ha", "haha", "hah", "he", "hee", "ho", "bye", "bla", "blah", "bora", "walla", "pago",
                   "baden", "sirhan", "humbert", "duran", "tora", "mahi", "tse", "tsetse", "dum", "pom",
                   "tom", "yo", "mau", "aye", "hear", "no", "si", "sì", "sí", "da", "ja", "nein", "non",
                   "oui"}),
    "en": frozenset({"that", "had", "is", "do", "does", "did", "so", "yeah", "tut", "knock", "chop", "there",
                     "well", "now", "very", "really", "long", "far", "many", "much", "can", "boo", "bang",
                     "goody", "night", "hip", "dan", "win", "pooh", "choo", "hush", "sing", "never", "more",
                     "again", "round", "over", "on", "who"}),
    "de": frozenset({"die", "das", "der", "den", "dem", "des", "sie", "es", "ihr", "so", "na", "nur", "sehr",
                     "immer"}),
    "nl": frozenset({"die", "dat", "zo", "heel", "er"}),
    "fr": frozenset({"nous", "vous", "si", "très", "bien", "tout", "le", "la", "les"}),
    "es": frozenset({"que", "muy", "poco", "ya", "tan"}),
    "it": frozenset({"che", "piano", "pian", "molto", "così"}),
    "pt": frozenset({"que", "muito", "já"}),
    "ru": frozenset({"так", "да", "нет", "вот", "чуть", "еле", "едва", "очень", "много", "только", "давно",
                     "что", "кто", "ну", "то", "ой", "ах", "ох"}),
    "uk": frozenset({"так", "ні", "ось", "ледь", "трохи", "дуже", "що", "ну", "то", "ой", "ох"}),
    "cs": frozenset({"se", "si", "to", "je", "jsou", "ne", "ano", "tak", "moc", "hodně", "že"}),
    "sk": frozenset({"sa", "si", "to", "je", "nie", "áno", "tak"}),
    "pl": frozenset({"to", "się", "nie", "tak", "bardzo"}),
}


@lru_cache(maxsize=64)
def _allowed_doubles(lang: str, user: tuple[str, ...]) -> frozenset[str]:
    """Words (lower-case) that may be doubled: language defaults plus user words and pairs."""
    words = set(ALLOWED_DOUBLES[""]) | ALLOWED_DOUBLES.get(lang, frozenset())
    for item in user:
        parts = item.lower().split()
        if parts and all(part == parts[0] for part in parts):
            words.add(parts[0])
    return frozenset(words)


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at `start` begins a sentence (only spaces and openers after a full stop)."""
    index = start - 1
    while index >= 0 and (text[index].isspace() or text[index] in _OPENERS):
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END or text[index] == ":"


def _quick_words(text: str) -> tuple[str, ...]:
    """Lower-case words of the spaced-script parts of `text`, split at spaces and punctuation.

    An analysis TQ701 and TQ702 share (`ctx.analysed(_quick_words, target)`).

    About five times cheaper than `_tokens` and, for spaced scripts, the same words: the
    token-level checks look here first and tokenise properly only when something repeats.
    """
    return tuple(_split_words(text))


def _split_words(text: str) -> list[str]:
    if text.isascii():
        return _ASCII_NOT_TOKEN.sub(" ", text).lower().split()
    cleaned = str(_NOT_TOKEN.sub(" ", text))
    if _UNSPACED_CHAR.search(cleaned):
        cleaned = str(_UNSPACED_RUN.sub(" ", cleaned))
    return cleaned.lower().split()


def _tokens(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, lower-case token, unspaced-script character) for every token of `text`."""
    return [(match.start(), match.end(), match.group().lower(), match.group("char") is not None)
            for match in _TOKEN.finditer(text)]


@check("TQ701", severity=Severity.WARNING, fix="safe", options={
    "allowed": Option(list, [], "Word pairs that may stand doubled (`that that`, `had had`), besides `allow-words`."),
})
def repeated_word(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A word written twice (or up to four times) in a row.

    ## What it does
    Flags the same word repeated with nothing but spaces between (`the the`, `to to`,
    case-insensitive) in the target. The span covers the whole run; the suggestion is the
    word once.

    ## Why is this bad?
    A doubled word is a classic MT and post-editing slip that readers notice at once.

    ## Example
        Fires: He said the the minister would resign.
        Fires: Israel is ready to to negotiate.
        Okay:  He said that that was wrong.
        Okay:  What it is is a disaster.
        Okay:  "Very, very good," he said.
        Okay[de]: Die Frau, die die Kinder abholte, wartete.
        Okay:  The report numbers 10 10 were corrected.

    ## Known problems
    Grammatical doubles are allowed per language (English `that that`, `had had`, German
    `die die`, `das das`, French `nous nous`, Czech `se se`, ...); add more with `allow-words`
    or `[options.TQ701] allowed = ["..."]`. Doubled numbers (`10 10`) are left to the number
    checks, which compare with the source. Capitalised doubles inside a sentence (`Walla Walla`,
    `Will will`) are taken to be names unless the word is a common one (`Zambia Zambia`). An
    allowed double written three or four times is flagged. In languages without a list of
    grammatical doubles (Sesotho, Swahili...), a word of up to three letters written twice passes. Characters of unspaced scripts (Chinese `谢谢`, Japanese
    `いろいろ`) are reduplication, not repetition; a phrase of four characters or more written twice
    in a row (`滑らかで滑らかで`) is flagged. Runs of five and
    more are loops, reported by TQ702. A source that repeats a word or two itself (a spoken
    transcript: `in in like`, `Thank you. Thank you.`) excuses a double in the target, which then
    follows it.
    """
    text = seg.target
    if not text or len(text) < 3:
        return
    if _has_unspaced(text):
        yield from _doubled_unspaced(text, seg.source)
    words = ctx.analysed(_quick_words, text)
    if not any(map(operator.eq, words, words[1:])):  # no word follows itself (C-level loop)
        return
    option = ctx.option("allowed", ())
    user = tuple(ctx.settings.allow_words) + ((option,) if isinstance(option, str) else tuple(option))
    allowed = _allowed_doubles(ctx.tgt.code, user)
    users = frozenset(item.lower().split()[0] for item in user if item.split())
    run: list[tuple[int, int, str]] = []
    for start, end, word, char in [*_tokens(text), (len(text), len(text), "", True)]:
        if (not char and run and word == run[-1][2] and text[run[-1][1]:start]
                and _HORIZONTAL_SPACE.fullmatch(text, run[-1][1], start)):
            run.append((start, end, word))
            continue
        if 2 <= len(run) <= 4:
            finding = _doubled(text, run, allowed, users, seg.source, ctx.tgt.code, ctx.tgt.script)
            if finding is not None:
                yield finding
        run = [] if char else [(start, end, word)]


# A word, or two words, repeated in the source with only spaces or punctuation between.
_SOURCE_REPEAT = lazy_regex(r"(?<!\w)(\w+(?:\s+\w+)?)[\s\p{P}]*\s+\1(?!\w)", regex.I)


# Four characters or more of an unspaced script written twice in a row (`滑らかで滑らかで`): shorter doubles
# are reduplication (`いろいろ`, `ごちゃごちゃ`) or idioms (`何度も何度も`, `それはそれは`).
_UNSPACED_DOUBLE = lazy_regex(r"([\p{Han}\p{Hiragana}\p{Katakana}\u30fc]{4,40}?) ?\1")


def _doubled_unspaced(text: str, source: str | None) -> Iterator[Finding]:
    """Phrases of Chinese or Japanese written twice in a row, unless the source repeats itself too."""
    matches = list(_UNSPACED_DOUBLE.finditer(text))
    if not matches or (source and (_SOURCE_REPEAT.search(source) or _UNSPACED_DOUBLE.search(source))):
        return
    for match in matches:
        yield Finding(Span(match.start(), match.end()), f'Repeated phrase "{match.group()}"',
                      suggestion=match.group(1))


def _known_word(word: str, lang: str) -> bool:
    """Whether wordfreq knows `word` well (Zipf 3 or more: `Zambia`, `Minister`), so that doubled it is a
    slip, not a reduplicated place name (`Walla Walla`, `Bora Bora`)."""
    return len(word) >= 4 and (frequencies.lookup(word.lower(), lang) or 0.0) >= 3.0  # not `Lim Lim`: names


def _doubled(text: str, run: list[tuple[int, int, str]], allowed: frozenset[str], user: frozenset[str],
             source: str | None, lang: str, script: str) -> Finding | None:
    word = run[0][2]
    if (word in allowed and (len(run) == 2 or word in user)) or any(ch.isdigit() for ch in word):
        return None  # `had had` is grammar, `had had had had` is not; the user's own list holds at any count
    if len(run) == 2 and len(word) <= 3 and lang not in ALLOWED_DOUBLES and word.isascii() == (script == "Latin"):
        return None  # a language whose grammatical doubles we do not know (Sesotho `ba ba`): its short words pass
    if source and _SOURCE_REPEAT.search(source):
        return None  # the source repeats itself (`zoom zoom`, `in in like`, `Thank you. Thank you.`): faithful
    first = text[run[0][0]:run[0][1]]
    second = text[run[1][0]:run[1][1]]
    if first[:1].isupper() and not _sentence_initial(text, run[0][0]) and (
            second[:1].islower() or not _known_word(first, lang)):
        return None  # "Walla Walla", "Will will": a name inside a sentence; "Zambia Zambia" is a slip
    if first.isupper() and len(first) > 1 and not second.isupper():
        return None  # "WHO who": an acronym next to a word
    start, end = run[0][0], run[-1][1]
    return Finding(Span(start, end), f'Repeated word "{excerpt(text, start, end)}"', suggestion=first)


# The fewest repetitions that make a loop, by unit length (in tokens); spaced / unspaced scripts.
_MIN_REPEATS_SPACED = (0, 5, 3)
_MIN_REPEATS_UNSPACED = (0, 5, 4, 3)
_MAX_UNIT = 64
MAX_LOOP_TOKENS = 20_000  # tokens of one text searched for loops (a long news paragraph has ~300)


def _min_repeats(unit: int, unspaced: bool) -> int:
    table = _MIN_REPEATS_UNSPACED if unspaced else _MIN_REPEATS_SPACED
    return table[unit] if unit < len(table) else table[-1]


def _loops(keys: Sequence[str], unspaced: bool, least: int = 3) -> Iterator[tuple[int, int, int]]:
    """(first token, unit length, repeats) of every periodic stretch long enough to be a loop.

    Only tokens that occur at least `least` times can be part of a loop, so the search runs
    only inside stretches of such tokens: ordinary sentences cost one Counter. With
    `least=2` every back-to-back repetition counts (used on the source).
    """
    if len(keys) > MAX_LOOP_TOKENS:
        keys = keys[:MAX_LOOP_TOKENS]  # a pathological line (megabytes): bound the work, look at its start
    if len(set(keys)) > len(keys) - least + 1:
        return  # no key occurs `least` times (one set is cheaper than a Counter)
    counts = Counter(keys)
    if not counts or max(counts.values()) < least:
        return
    if least >= 3 and not _may_loop(counts):
        return
    frequent = [counts[key] >= least for key in keys]
    total = len(keys)
    index = 0
    while index < total:
        if not frequent[index]:
            index += 1
            continue
        stop = index
        while stop < total and frequent[stop]:
            stop += 1
        yield from _loops_in(keys, unspaced, index, stop, least)
        index = stop


def _may_loop(counts: Counter[str]) -> bool:
    """Whether a loop is possible at all: one token five times (a one-token loop), or two tokens
    three times each (a longer loop's unit has two different tokens, each repeated at least three
    times; with one token only, the one-token loop would have been found first)."""
    top = heapq.nlargest(2, counts.values())
    return top[0] >= 5 or (len(top) > 1 and top[1] >= 3)


def _loops_in(keys: Sequence[str], unspaced: bool, start: int, stop: int,
              least: int) -> Iterator[tuple[int, int, int]]:
    index = start
    while stop - index >= least:
        found = None
        for unit in range(1, min(_MAX_UNIT, (stop - index) // least) + 1):
            if keys[index] != keys[index + unit]:
                continue  # the first token does not recur at this distance: no slice to compare
            head = keys[index:index + unit]
            repeats = 1
            while (index + (repeats + 1) * unit <= stop
                   and keys[index + repeats * unit:index + (repeats + 1) * unit] == head):
                repeats += 1
            needed = least if least < 3 else _min_repeats(unit, unspaced)
            if repeats >= needed:
                found = (index, unit, repeats)
                break
        if found is None:
            index += 1
            continue
        yield found
        index += found[1] * found[2]


def _source_repeats(source: str | None) -> int:
    """The most times anything in the source is repeated back to back (1 if nothing is)."""
    if not source:
        return 1
    unspaced = _has_unspaced(source)
    if not unspaced and "-" in source:
        source = source.replace("-", " ")  # `ля-ля-ля ля-ля-ля` repeats `ля` six times, not `ля-ля-ля` twice
    keys = _TOKEN_TEXT.findall(source.lower()) if unspaced else _quick_words(source)
    return max((repeats for _first, _unit, repeats in _loops(keys, unspaced, least=2)), default=1)


def _real_loops(keys: Sequence[str], unspaced: bool) -> list[tuple[int, int, int]]:
    """The loops among `keys`, less those made only of numbers (`1, 1, 1, 1, 1`) or initials."""
    return [(first, unit, repeats) for first, unit, repeats in _loops(keys, unspaced)
            if not all(key.isnumeric() or (len(key) == 1 and not _UNSPACED_CHAR.match(key))
                       for key in keys[first:first + unit])]


# Loops closer than this many tokens are one broken stretch, reported once (by its longest loop).
_CLUSTER_GAP = 8


@check("TQ702", severity=Severity.ERROR, fix="unsafe")
def repeated_ngram_loop(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A phrase repeated over and over: a hallucination loop.

    ## What it does
    Flags a word sequence repeated back to back at least three times (`the war, the war, the
    war`), a single word at least five times, and in Chinese, Japanese and Thai a character
    sequence repeated (a single character five times, two characters four times, longer ones
    three times). Punctuation between the repetitions is ignored. The suggestion is one copy.

    ## Why is this bad?
    Neural MT sometimes gets stuck and emits the same phrase until it runs out of length; the
    rest of the source is then usually missing from the translation.

    ## Example
        Fires: Residents fled the war, the war, the war, the war.
        Fires: the army would leave, the army would leave, the army would leave
        Fires[zh]: 以色列国防军以色列国防军以色列国防军
        Okay:  It was very, very cold.
        Okay:  The scores were 1, 1, 1, 1, 1 and 2.
        Okay:  "No, no, no," he said.
        Okay[zh]: 谢谢谢谢，我们看看。

    ## Known problems
    Chanted slogans quoted in an article (`Lock him up, lock him up, lock him up`) are real
    repetitions and are flagged. Sequences made only of numbers or of one-letter words are
    never loops. In a text of more than 20,000 words (a broken file, not a paragraph) only the
    first 20,000 are searched.
    """
    text = seg.target
    if not text or len(text) < 6:
        return
    # Chinese, Japanese, Thai: every character is a token; elsewhere words are, and a cheap
    # split finds out whether anything loops before the text is tokenised with offsets.
    unspaced = _has_unspaced(text)
    keys = _TOKEN_TEXT.findall(text.lower()) if unspaced else ctx.analysed(_quick_words, text)
    if not _real_loops(keys, unspaced):
        return
    tokens = _tokens(text)
    keys = [token[2] for token in tokens]
    loops = _real_loops(keys, unspaced)
    if not loops:
        return
    faithful = _source_repeats(seg.source) + 1
    clusters: list[list[tuple[int, int, int]]] = []
    for loop in loops:
        if clusters:
            previous = clusters[-1][-1]
            if loop[0] - (previous[0] + previous[1] * previous[2]) <= _CLUSTER_GAP:
                clusters[-1].append(loop)
                continue
        clusters.append([loop])
    for cluster in clusters:
        first, unit, repeats = max(cluster, key=lambda loop: loop[1] * loop[2])
        if repeats <= faithful:
            continue  # the source repeats itself as often: a quoted chant, a transcript
        start = tokens[first][0]
        unit_end = tokens[first + unit - 1][1]
        end = tokens[first + unit * repeats - 1][1]
        phrase = excerpt(text, start, unit_end)
        yield Finding(Span(start, end), f'"{phrase}" repeated {repeats} times in a row',
                      suggestion=text[start:unit_end])


# --- document and batch duplicates -------------------------------------------------------------

_NON_WORD = lazy_regex(r"[^\p{L}\p{M}\p{N}]+")
_ASCII_NON_WORD = lazy_re(r"[^a-z0-9]+")
# `_ASCII_NON_WORD.sub(" ", text.lower())` as one table lookup per character (twice as fast): ASCII
# letters lower-cased, digits kept, everything else a space (tests/checks/test_fast_paths.py).
ASCII_FOLD = str.maketrans({chr(code): chr(code).lower() if chr(code).isalnum() else " " for code in range(128)})
_NON_SPACING_MARKS = lazy_regex(r"\p{Mn}+")
# Where a sentence ends: terminal punctuation (with closing quotes) and a space, or a full-width stop.
_SENTENCE_BREAK = lazy_regex(
    r"[.!?\u2026\u061f]+[\"'\u201d\u2019\u00bb)\]]*\s+|[\u3002\uff01\uff1f]+[\u300d\u300f\u201d\u2019)\uff09]*\s*"
)


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing folded away: the key texts are compared by.

    An analysis TQ703-TQ705 share for each target and source (`ctx.analysed(normalise, text)`).
    """
    if text.isascii():
        return " ".join(text.translate(ASCII_FOLD).split())
    decomposed = _NON_SPACING_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return str(_NON_WORD.sub(" ", decomposed)).strip()


def _meaningful(key: str, words: int, chars: int) -> bool:
    """Whether a normalised text is long enough that repeating it is not a coincidence.

    Unspaced scripts count characters, where a word is worth about two characters.
    """
    if len(key) < chars:
        return False
    if _has_unspaced(key):
        return len(key.replace(" ", "")) >= words * 2
    return key.count(" ") + 1 >= words


def _where(segment: Segment) -> str:
    return f"line {segment.line}" if segment.line is not None else f"segment {segment.id}"


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text`, surrounding spaces trimmed.

    Abbreviations (`Mr.`, `U.S.`) split sentences too; both copies of a duplicate split alike.
    """
    spans = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        spans.append(_trimmed(text, start, match.end()))
        start = match.end()
    spans.append(_trimmed(text, start, len(text)))
    return [(start, end) for start, end in spans if end > start]


_SEGMENT_MIN_WORDS, _SEGMENT_MIN_CHARS = 5, 24
_HEADLINE_SEGMENTS = 3  # the first segments of a document: headline, dateline, standfirst
_SENTENCE_MIN_WORDS, _SENTENCE_MIN_CHARS = 8, 40


@check("TQ703", severity=Severity.INFO, scope="document", fix="safe")
def duplicate_sentence(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """A paragraph or sentence that already appeared earlier in the document.

    ## What it does
    Compares every segment, and every sentence of a multi-sentence segment, with what came
    before in the same document, ignoring case, accents, punctuation and spacing, and flags the
    later copy; the message names the line of the first one. Segments under five words and
    sentences under eight words are ignored (`Yes.`, `Photo: Reuters`, bylines).

    ## Why is this bad?
    Duplicated text in a translated article is almost always an artefact: a headline scraped
    twice, a paragraph the MT system or a post-editor pasted again, a sentence translated twice.

    ## Example
        Fires: Gallant met Blinken in Washington ¶ He left. ¶ Gallant met Blinken in Washington
        Fires: The minister said the talks had failed again. He left. ¶ The minister said the talks had failed again.
        Okay:  Photo: Reuters ¶ The strike hit a school in Gaza City. ¶ Photo: Reuters
        Okay:  Blinken met Gallant on Monday in Washington. ¶ Blinken met Gallant on Tuesday in Washington.

    ## Severity
    An error for a whole paragraph of eight words or more that repeats one of the document's
    first three segments (a headline scraped twice) or the paragraph just before it; information
    for other repeats, shorter paragraphs and sentences inside a paragraph (4 of 8 judged were
    real: the same question asked twice in a batch of reviews is no error).

    ## Known problems
    A paragraph is compared with the 20 segments before it and with the document's first three
    (a file given without document ids is one "document" of many stories). When both copies have a source and the sources repeat (nearly) the same sentence too, the
    duplication is faithful and not flagged; without a source every repetition is.
    """  # noqa: E501
    seen: dict[str, Segment] = {}
    sources: dict[str, list[str]] = {}
    # A file given without document ids is one "document" of many stories: only copies within
    # NEARBY_SEGMENTS count, and copies of the headline (the first segments) wherever they are.
    position = {segment.id: index for index, segment in enumerate(doc)}
    for index, segment in enumerate(doc):
        text = segment.target or ""
        whole = ctx.analysed(normalise, text)
        if not whole:
            continue
        earlier = seen.get(whole)
        if earlier is not None and index - position[earlier.id] > NEARBY_SEGMENTS \
                and position[earlier.id] >= _HEADLINE_SEGMENTS:
            seen[whole] = segment
            earlier = None
        if earlier is not None and _meaningful(whole, _SEGMENT_MIN_WORDS, _SEGMENT_MIN_CHARS):
            if not _faithful(earlier, segment, sources):
                start, end = _trimmed_all(text)
                quoted = excerpt(text, start, end)
                # An error for the shapes of an artefact: a headline (one of the first segments) repeated,
                # or a paragraph repeated straight after itself. Elsewhere, in a batch of many short texts,
                # the same question can be asked twice: the check's default severity (information).
                first = position[earlier.id]
                strong = _meaningful(whole, _SENTENCE_MIN_WORDS, _SENTENCE_MIN_CHARS) and (
                    first < _HEADLINE_SEGMENTS or index - first == 1)
                # The artefacts' copy goes (safe fix): in an article, its paragraph is deleted.
                yield Finding(Span(start, end), f'Paragraph repeats {_where(earlier)}: "{quoted}"',
                              segment_id=segment.id, severity=Severity.ERROR if strong else None,
                              suggestion="" if strong else None)
            continue
        seen.setdefault(whole, segment)
        sentences = _sentences(text)
        if len(sentences) < 2:
            continue
        for start, end in sentences:
            key = normalise(text[start:end])
            if not key or key == whole:
                continue
            earlier = seen.get(key)
            if earlier is None or not _meaningful(key, _SENTENCE_MIN_WORDS, _SENTENCE_MIN_CHARS):
                seen.setdefault(key, segment)
            elif not _faithful(earlier, segment, sources):
                quoted = excerpt(text, start, end)
                where = "an earlier sentence of this paragraph" if earlier is segment else _where(earlier)
                yield Finding(Span(start, end), f'Sentence repeats {where}: "{quoted}"',
                              segment_id=segment.id)


def _source_sentences(segment: Segment, cache: dict[str, list[str]]) -> list[str]:
    """The normalised source and its sentences (the very short ones left out)."""
    if segment.id not in cache:
        source = segment.source or ""
        keys = [normalise(source)] + [normalise(source[start:end]) for start, end in _sentences(source)]
        cache[segment.id] = [key for key in dict.fromkeys(keys) if len(key) >= 8]
    return cache[segment.id]


def _faithful(earlier: Segment, later: Segment, cache: dict[str, list[str]]) -> bool:
    """Whether the sources repeat (nearly) the same text too, so the translation only follows them."""
    if not earlier.source or not later.source:
        return False
    before = _source_sentences(earlier, cache)
    after = _source_sentences(later, cache)
    for index, key in enumerate(after):
        candidates = before[index + 1:] if earlier is later else before
        if candidates and process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=85) is not None:
            return True
    return False


def _trimmed_all(text: str) -> tuple[int, int]:
    return _trimmed(text, 0, len(text))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """`start`/`end` moved inwards past white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_BATCH_MIN_WORDS, _BATCH_MIN_CHARS = 5, 24
_IDENTICAL_MIN_WORDS, _IDENTICAL_MIN_CHARS = 8, 30
_MASK32 = (1 << 32) - 1
_SPACES = lazy_re(r"[^\S\x1c-\x1f]+")  # `regex`'s \s: stdlib `re` also counts \x1c-\x1f
ODD_SPACE = lazy_re(r"[^\S \x1c-\x1f]| {2}")  # where `_SPACES` changes something (a lone " " it keeps)
_DIGITS = lazy_regex(r"\d+")
_SKETCH_SIZE, _SKETCH_BITS = 6, 10


BATCH_MEMORY = 100_000  # remembered sources/translations per check; the oldest half goes when full


def _remember(memory: dict[int, object], key: int, payload: int, segment: Segment) -> None:
    """Store a payload and where it was seen: a single int when the line number fits.

    Batch memory must stay small for runs of millions of segments, so only hashes are kept,
    and at most `BATCH_MEMORY` of them (about 11 MB): when full, the older half is forgotten,
    so a batch of millions is compared within a sliding window of 50,000 to 100,000 segments.
    """
    if segment.line is not None and 0 <= segment.line <= _MASK32:
        memory[key] = (payload << 32) | segment.line
    else:
        memory[key] = (payload, segment.id)
    if len(memory) > BATCH_MEMORY:
        newer = list(islice(memory.items(), len(memory) // 2, None))
        memory.clear()
        memory.update(newer)


def _recall(value: object) -> tuple[int, str]:
    """(payload, "line N") of a remembered value."""
    if isinstance(value, int):
        return value >> 32, f"line {value & _MASK32}"
    assert isinstance(value, tuple)
    payload, segment_id = value
    return int(payload), f"segment {segment_id}"


def _exact(text: str) -> str:
    """Unicode form and spacing normalised, nothing else: what "the same source" means."""
    text = unicodedata.normalize("NFC", text)
    if ODD_SPACE.search(text):  # most texts have single ASCII spaces only: nothing to replace
        text = _SPACES.sub(" ", text)
    return text.strip()


def _stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every process (`hash()` is salted per process, and the
    prepared values of TQ704/TQ705 are computed in worker processes)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


class TranslationKey(NamedTuple):
    """TQ704's per-segment part, computed where the segment is checked (a worker process, a Ray task)."""

    source: int  # hash of the source, spacing normalised
    target: int  # 32-bit hash of the normalised translation


def _translation_keys(segment: Segment, ctx: Context) -> TranslationKey | None:
    """TQ704's per-segment part, or None when the source is too short to mean anything."""
    source = _exact(segment.source or "")
    if len(source) < _BATCH_MIN_CHARS or (source.count(" ") + 1 < _BATCH_MIN_WORDS
                                           and not _meaningful(ctx.analysed(normalise, source), _BATCH_MIN_WORDS, 0)):
        return None
    target_key = ctx.analysed(normalise, segment.target or "")
    if not target_key:
        return None
    return TranslationKey(_stable_hash(source), _stable_hash(target_key) & _MASK32)


@check("TQ704", severity=Severity.WARNING, scope="batch", needs=("source",), prepare=_translation_keys)
def inconsistent_translation(doc: Sequence[Segment], ctx: Context,
                             prepared: Sequence[TranslationKey | None] | None = None) -> Iterator[Finding]:
    """The same source sentence translated differently elsewhere in the batch.

    ## What it does
    Remembers, for every source of at least five words, how it was first translated, and
    flags a later segment whose identical source (spacing aside) got a different translation
    (case, punctuation and spacing aside); the message gives the line of the first one.

    ## Why is this bad?
    Repeated sentences (datelines, standard disclaimers, recurring quotes) should read the same
    everywhere; a second variant is either an MT inconsistency or a post-edit applied to one
    copy only.

    ## Example
        Fires: Die Gespräche gingen am Montag weiter. ||| Talks resumed on Monday. ¶ Die Gespräche gingen am Montag weiter. ||| Negotiations continued on Monday.
        Okay:  Die Gespräche gingen am Montag weiter. ||| Talks resumed on Monday. ¶ Die Gespräche gingen am Montag weiter. ||| Talks resumed on Monday!
        Okay:  Die Gespräche gingen am Montag weiter ||| Talks resume on Monday ¶ Die Gespräche gingen am Montag weiter. ||| Talks resumed on Monday.
        Okay:  Ja, danke. ||| Yes, thank you. ¶ Ja, danke. ||| Yes, thanks.

    ## Known problems
    A source that differs in punctuation or case counts as different: a headline repeated as
    the first sentence is often, and rightly, translated differently. Only the first translation
    is remembered, as a hash, so a third variant is compared with the first and the earlier text
    cannot be quoted. In batches of more than 100,000 segments, a repeat is compared only with
    the last 50,000 to 100,000 sources (bounded memory).
    """  # noqa: E501
    memory = ctx.memory()
    keys = prepared if prepared is not None else [_translation_keys(segment, ctx) for segment in doc]
    for segment, key in zip(doc, keys):
        if key is None:
            continue
        earlier = memory.get(key.source)
        if earlier is None:
            _remember(memory, key.source, key.target, segment)
            continue
        first_hash, where = _recall(earlier)
        if first_hash != key.target:
            start, end = _trimmed_all(segment.target)
            quoted = excerpt(segment.target, start, end)
            yield Finding(Span(start, end), f'Same source as {where}, translated differently: "{quoted}"',
                          segment_id=segment.id)


def _sketch(key: str) -> int:
    """A bottom-k MinHash of the words (characters, for unspaced scripts) of a normalised text.

    Packed into one int; two sketches sharing half their entries mean nearly the same text.
    CRC-32 rather than `hash()` so that results do not depend on Python's hash seed.
    """
    if _has_unspaced(key):
        items = {item.encode("utf-8", "surrogatepass") for item in set(key.replace(" ", ""))}
    else:  # a normalised key is words between single ASCII spaces: split once, already encoded
        items = set(key.encode("utf-8", "surrogatepass").split())
    lowest = sorted(map(zlib.crc32, items))[:_SKETCH_SIZE]
    packed = 0
    for value in lowest:
        packed = (packed << _SKETCH_BITS) | (value & ((1 << _SKETCH_BITS) - 1)) | (1 << (_SKETCH_BITS - 1))
    return packed


def _sketch_overlap(first: int, second: int) -> int:
    width = (1 << _SKETCH_BITS) - 1
    left = {(first >> (index * _SKETCH_BITS)) & width for index in range(_SKETCH_SIZE)} - {0}
    right = {(second >> (index * _SKETCH_BITS)) & width for index in range(_SKETCH_SIZE)} - {0}
    return len(left & right)


class SourceFingerprint(NamedTuple):
    """TQ705's per-segment part: the translation's hash and a small fingerprint of its source."""

    target: int  # hash of the normalised translation
    sketch: int  # bottom-k MinHash of the source's words (`_sketch`)
    numbers: int  # 8-bit hash of the source's numbers
    source: int  # 32-bit hash of the normalised source

    def packed(self) -> int:
        """The source's part in one int, as TQ705 remembers it (memory stays small for millions of segments)."""
        return (((self.sketch << 8) | self.numbers) << 32) | self.source

    @staticmethod
    def unpacked(payload: int) -> tuple[int, int, int]:
        """(sketch, numbers, source) of a `packed()` value."""
        return payload >> 40, (payload >> 32) & 0xFF, payload & _MASK32


def _source_fingerprint(segment: Segment, ctx: Context) -> SourceFingerprint | None:
    """TQ705's per-segment part, or None when the translation is too short to mean anything."""
    target_key = ctx.analysed(normalise, segment.target or "")
    if not _meaningful(target_key, _IDENTICAL_MIN_WORDS, _IDENTICAL_MIN_CHARS):
        return None
    source_key = ctx.analysed(normalise, segment.source or "")
    if not source_key:
        return None
    numbers = zlib.crc32(" ".join(_DIGITS.findall(source_key)).encode("utf-8", "surrogatepass")) & 0xFF
    return SourceFingerprint(target=_stable_hash(target_key), sketch=_sketch(source_key), numbers=numbers,
                             source=_stable_hash(source_key) & _MASK32)


@check("TQ705", severity=Severity.WARNING, scope="batch", needs=("source",), prepare=_source_fingerprint)
def identical_translation(doc: Sequence[Segment], ctx: Context,
                          prepared: Sequence[SourceFingerprint | None] | None = None) -> Iterator[Finding]:
    """Two different source sentences with the very same translation.

    ## What it does
    Remembers every translation of at least eight words (case, punctuation and spacing ignored)
    with a fingerprint of its source, and flags a later segment that has the same translation
    for a clearly different source, or for a near-identical source with different numbers; the
    message gives the line of the first one.

    ## Why is this bad?
    Different sources rarely translate to the same long sentence. It usually means a
    translation was pasted into the wrong row, an MT cache returned a stale entry, the system
    hallucinated a stock phrase, or a changed number in the source was not carried over.

    ## Example
        Fires: Die Armee zog sich aus Rafah zurück. ||| The army withdrew from the city of Rafah on Monday. ¶ Gallant traf Blinken in Washington. ||| The army withdrew from the city of Rafah on Monday.
        Fires: In Gaza wurden 30 Menschen getötet. ||| Thirty people were killed in Gaza City today. ¶ In Gaza wurden 13 Menschen getötet. ||| Thirty people were killed in Gaza City today.
        Okay:  In Gaza wurden 30 Menschen getötet. ||| Thirty people were killed in Gaza City today. ¶ In Gaza wurden heute 30 Menschen getötet. ||| Thirty people were killed in Gaza City today.
        Okay:  Danke schön. ||| Thank you very much. ¶ Vielen Dank. ||| Thank you very much.

    ## Known problems
    Sources are compared through a small fingerprint (the batch may hold millions of segments),
    so two paraphrases that share few words (`sagte` / `erklärte` in a short sentence) may still
    be flagged, and two different sources that share most words are not. In batches of more than
    100,000 segments, only the last 50,000 to 100,000 translations are remembered.
    """  # noqa: E501
    memory = ctx.memory()
    keys = prepared if prepared is not None else [_source_fingerprint(segment, ctx) for segment in doc]
    for segment, key in zip(doc, keys):
        if key is None:
            continue
        earlier = memory.get(key.target)
        if earlier is None:
            _remember(memory, key.target, key.packed(), segment)
            continue
        payload, where = _recall(earlier)
        first_sketch, first_numbers, first_source = SourceFingerprint.unpacked(payload)
        if first_source == key.source:
            continue
        if _sketch_overlap(first_sketch, key.sketch) * 2 >= _SKETCH_SIZE:
            if first_numbers == key.numbers:
                continue  # nearly the same source, same numbers: a legitimate paraphrase
            why = "a source with different numbers"
        else:
            why = "a different source"
        start, end = _trimmed_all(segment.target)
        quoted = excerpt(segment.target, start, end)
        yield Finding(Span(start, end), f'Same translation as {where}, from {why}: "{quoted}"',
                      segment_id=segment.id)
