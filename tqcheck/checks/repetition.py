"""Repetition (TQ7xx): repeated words, hallucinated loops, duplicated sentences and translations."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

import regex

from tqcheck.context import Context
from tqcheck.model import Finding, Segment, Severity, Span
from tqcheck.registry import check
from tqcheck.text import excerpt

FAMILY = "repetition"

# Scripts written without spaces between words: every character is a token of its own.
_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
# A token: one character of an unspaced script, or a word of a spaced script (letters, marks,
# digits, inner apostrophes and hyphens), as in `tqcheck.text.WORD` but never swallowing CJK.
_TOKEN = regex.compile(
    rf"(?P<char>[{_UNSPACED}])"
    rf"|[[\p{{L}}\p{{N}}]--[{_UNSPACED}]](?:[[\p{{L}}\p{{M}}\p{{N}}]--[{_UNSPACED}]]|['\u2019\-](?=[\p{{L}}\p{{N}}]))*",
    regex.V1,
)
_HORIZONTAL_SPACE = regex.compile(r"[ \t\u00a0\u2009\u202f]+")
_SENTENCE_END = frozenset(".!?\u2026\u3002\uff01\uff1f\u061f")
_OPENERS = frozenset("\"'\u201c\u201e\u00ab\u2018\u201a([{\u300c\u300e\u2014\u2013-")

# Words that are grammatical when doubled ("He said that that was wrong", "die Frau, die die Kinder").
_ALLOWED_DOUBLES: dict[str, frozenset[str]] = {
    "": frozenset({"ha", "haha", "hah", "he", "hee", "ho", "bye", "bla", "blah", "bora", "walla", "pago",
                   "baden", "sirhan", "humbert", "duran", "tora", "mahi", "tse", "tsetse", "dum", "pom", "tom",
                   "yo", "mau", "aye", "hear", "no", "si", "sì", "sí", "da", "ja", "nein", "non", "oui"}),
    "en": frozenset({"that", "had", "is", "do", "does", "did", "so", "yeah", "tut", "knock", "chop", "there",
                     "well", "now", "very", "really", "long", "far", "many", "much", "can", "boo", "bang",
                     "goody", "night", "hip", "win", "pooh", "choo", "hush", "sing", "never", "more",
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
    words = set(_ALLOWED_DOUBLES[""]) | _ALLOWED_DOUBLES.get(lang, frozenset())
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


def _tokens(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, lower-case token, unspaced-script character) for every token of `text`."""
    return [(m.start(), m.end(), m.group().lower(), m.group("char") is not None) for m in _TOKEN.finditer(text)]


@check("TQ701", severity=Severity.WARNING)
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
    `Will will`) are taken to be names. Characters of unspaced scripts (Chinese `谢谢`, Japanese
    `いろいろ`) are reduplication, not repetition, and are never flagged here. Runs of five and
    more are loops, reported by TQ702.
    """
    text = seg.target
    if not text or len(text) < 3:
        return
    user = tuple(ctx.settings.allow_words) + tuple(ctx.option("TQ701", "allowed", ()))
    allowed = _allowed_doubles(ctx.tgt.code, user)
    run: list[tuple[int, int, str]] = []
    for start, end, word, char in [*_tokens(text), (len(text), len(text), "", True)]:
        if (not char and run and word == run[-1][2] and text[run[-1][1]:start]
                and _HORIZONTAL_SPACE.fullmatch(text, run[-1][1], start)):
            run.append((start, end, word))
            continue
        if 2 <= len(run) <= 4:
            finding = _doubled(text, run, allowed)
            if finding is not None:
                yield finding
        run = [] if char else [(start, end, word)]


def _doubled(text: str, run: list[tuple[int, int, str]], allowed: frozenset[str]) -> Finding | None:
    word = run[0][2]
    if word in allowed or word.isnumeric() or any(ch.isdigit() for ch in word):
        return None
    first = text[run[0][0]:run[0][1]]
    second = text[run[1][0]:run[1][1]]
    if first[:1].isupper() and not _sentence_initial(text, run[0][0]):
        return None  # "Walla Walla", "Will will": a name inside a sentence
    if first.isupper() and len(first) > 1 and not second.isupper():
        return None  # "WHO who": an acronym next to a word
    start, end = run[0][0], run[-1][1]
    return Finding(Span(start, end), f'Repeated word "{excerpt(text, start, end)}"', suggestion=first)


# The fewest repetitions that make a loop, by unit length (in tokens); spaced / unspaced scripts.
_MIN_REPEATS_SPACED = (0, 5, 3)
_MIN_REPEATS_UNSPACED = (0, 5, 4, 3)
_MAX_UNIT = 64


def _min_repeats(unit: int, unspaced: bool) -> int:
    table = _MIN_REPEATS_UNSPACED if unspaced else _MIN_REPEATS_SPACED
    return table[unit] if unit < len(table) else table[-1]


def _loops(keys: list[str], unspaced: list[bool]) -> Iterator[tuple[int, int, int]]:
    """(first token, unit length, repeats) of every periodic stretch long enough to be a loop.

    Only tokens that occur at least three times can be part of a loop, so the search runs
    only inside stretches of such tokens: ordinary sentences cost one Counter.
    """
    counts = Counter(keys)
    if not counts or max(counts.values()) < 3:
        return
    frequent = [counts[key] >= 3 for key in keys]
    total = len(keys)
    index = 0
    while index < total:
        if not frequent[index]:
            index += 1
            continue
        stop = index
        while stop < total and frequent[stop]:
            stop += 1
        yield from _loops_in(keys, unspaced, index, stop)
        index = stop


def _loops_in(keys: list[str], unspaced: list[bool], start: int, stop: int) -> Iterator[tuple[int, int, int]]:
    index = start
    while stop - index >= 3:
        found = None
        for unit in range(1, min(_MAX_UNIT, (stop - index) // 3) + 1):
            head = keys[index:index + unit]
            repeats = 1
            while index + (repeats + 1) * unit <= stop and keys[index + repeats * unit:
                                                                index + (repeats + 1) * unit] == head:
                repeats += 1
            if repeats >= _min_repeats(unit, all(unspaced[index:index + unit])):
                found = (index, unit, repeats)
                break
        if found is None:
            index += 1
            continue
        yield found
        index += found[1] * found[2]


@check("TQ702", severity=Severity.WARNING)
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
        Fires: He said that the army would leave he said that the army would leave he said that the army would leave
        Fires[zh]: 以色列国防军以色列国防军以色列国防军
        Okay:  It was very, very cold.
        Okay:  The scores were 1, 1, 1, 1, 1 and 2.
        Okay:  "No, no, no," he said.
        Okay[zh]: 谢谢谢谢，我们看看。

    ## Known problems
    Chanted slogans quoted in an article (`Lock him up, lock him up, lock him up`) are real
    repetitions and are flagged. Sequences made only of numbers or of one-letter words are
    never loops.
    """
    text = seg.target
    if not text or len(text) < 6:
        return
    tokens = _tokens(text)
    if len(tokens) < 3:
        return
    keys = [token[2] for token in tokens]
    unspaced = [token[3] for token in tokens]
    for first, unit, repeats in _loops(keys, unspaced):
        head = keys[first:first + unit]
        if all(key.isnumeric() or (len(key) == 1 and not unspaced[first]) for key in head):
            continue
        start = tokens[first][0]
        unit_end = tokens[first + unit - 1][1]
        end = tokens[first + unit * repeats - 1][1]
        phrase = excerpt(text, start, unit_end)
        yield Finding(Span(start, end), f'"{phrase}" repeated {repeats} times in a row',
                      suggestion=text[start:unit_end])


# --- document and batch duplicates -------------------------------------------------------------

_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_UNSPACED_CHAR = regex.compile(rf"[{_UNSPACED}]")
_SENTENCE = regex.compile(
    r"[^.!?\u2026\u3002\uff01\uff1f\u061f]*(?:[.!?\u2026\u3002\uff01\uff1f\u061f]+[\"'\u201d\u2019\u00bb)\]]*"
    r"(?=\s|$|[\u3000-\u303f\uff00-\uffef\p{Han}])|$)",
)


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing folded away: the key texts are compared by."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


def _meaningful(key: str, words: int, chars: int) -> bool:
    """Whether a normalised text is long enough that repeating it is not a coincidence.

    Unspaced scripts count characters, where a word is worth about two characters.
    """
    if len(key) < chars:
        return False
    if _UNSPACED_CHAR.search(key):
        return len(key.replace(" ", "")) >= words * 2
    return key.count(" ") + 1 >= words


def _where(segment: Segment) -> str:
    return f"line {segment.line}" if segment.line is not None else f"segment {segment.id}"


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text`, surrounding spaces trimmed."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


_SEGMENT_MIN_WORDS, _SEGMENT_MIN_CHARS = 5, 24
_SENTENCE_MIN_WORDS, _SENTENCE_MIN_CHARS = 8, 40


@check("TQ703", severity=Severity.WARNING, scope="document")
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
        Fires: Blinken assures Gallant of full support for Israel ¶ The meeting lasted an hour. ¶ Blinken assures Gallant of full support for Israel
        Fires: The minister said the talks had failed again. He left. ¶ Later, the minister said the talks had failed again.
        Okay:  Photo: Reuters ¶ The strike hit a school in Gaza City. ¶ Photo: Reuters
        Okay:  Blinken met Gallant on Monday in Washington. ¶ Blinken met Gallant on Tuesday in Washington.

    ## Known problems
    When both copies have a source and the source repeats itself too, the duplication is
    faithful and not flagged; without a source every repetition is.
    """
    seen: dict[str, Segment] = {}
    seen_sources: dict[str, Segment] = {}
    for segment in doc:
        text = segment.target or ""
        source_keys = _source_units(segment.source)
        echoed = {seen_sources[key].id for key in source_keys if key in seen_sources}
        whole = normalise(text)
        units = [(whole, _first_last(text))] if whole else []
        sentences = _sentences(text) if whole else []
        if len(sentences) > 1:
            units.extend((normalise(text[start:end]), (start, end)) for start, end in sentences)
        flagged_whole = False
        for position, (key, (start, end)) in enumerate(units):
            is_whole = position == 0
            if flagged_whole or not key:
                break
            long_enough = (_meaningful(key, _SEGMENT_MIN_WORDS, _SEGMENT_MIN_CHARS) if is_whole
                           else _meaningful(key, _SENTENCE_MIN_WORDS, _SENTENCE_MIN_CHARS))
            earlier = seen.get(key)
            if long_enough and earlier is not None and earlier.id not in echoed:
                flagged_whole = is_whole
                what = "Paragraph" if is_whole else "Sentence"
                yield Finding(Span(start, end), f'{what} repeats {_where(earlier)}: "{excerpt(text, start, end)}"',
                              segment_id=segment.id)
        for key, _span in units:
            seen.setdefault(key, segment)
        for key in source_keys:
            seen_sources.setdefault(key, segment)


def _first_last(text: str) -> tuple[int, int]:
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _source_units(source: str | None) -> list[str]:
    if not source:
        return []
    keys = [normalise(source)]
    spans = _sentences(source)
    if len(spans) > 1:
        keys.extend(normalise(source[start:end]) for start, end in spans)
    return [key for key in keys if key]


_BATCH_MIN_WORDS, _BATCH_MIN_CHARS = 5, 24
_MASK = (1 << 32) - 1


def _remember(memory: dict[int, object], key: int, other: int, segment: Segment) -> None:
    """Store (hash of the other side, where) compactly: one int when the line number fits."""
    if segment.line is not None and 0 <= segment.line <= _MASK:
        memory[key] = ((other & _MASK) << 32) | segment.line
    else:
        memory[key] = (other & _MASK, segment.id)


def _recall(value: object) -> tuple[int, str]:
    if isinstance(value, int):
        return value >> 32, f"line {value & _MASK}"
    other, segment_id = value  # type: ignore[misc]
    return int(other), f"segment {segment_id}"


@check("TQ704", severity=Severity.WARNING, scope="batch", needs=("source",))
def inconsistent_translation(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """The same source sentence translated differently elsewhere in the batch.

    ## What it does
    Remembers, for every source of at least five words, how it was first translated (case,
    punctuation and spacing ignored), and flags a later segment whose identical source got a
    different translation; the message gives the line of the first one.

    ## Why is this bad?
    Repeated sentences (datelines, standard disclaimers, recurring quotes) should read the same
    everywhere; a second variant is either an MT inconsistency or a post-edit applied to one
    copy only.

    ## Example
        Fires: Die Verhandlungen wurden am Montag fortgesetzt. ||| Negotiations resumed on Monday. ¶ Die Verhandlungen wurden am Montag fortgesetzt. ||| The talks were continued on Monday.
        Okay:  Die Verhandlungen wurden am Montag fortgesetzt. ||| Negotiations resumed on Monday. ¶ Die Verhandlungen wurden am Montag fortgesetzt! ||| Negotiations resumed on Monday!
        Okay:  Ja, danke. ||| Yes, thank you. ¶ Ja, danke. ||| Yes, thanks.

    ## Known problems
    Only the first translation is remembered (as a hash, so batches of millions of segments stay
    small), so a third variant is compared with the first, and the earlier text cannot be quoted.
    """
    memory = ctx.memory("TQ704")
    for segment in doc:
        source_key = normalise(segment.source or "")
        if not _meaningful(source_key, _BATCH_MIN_WORDS, _BATCH_MIN_CHARS):
            continue
        target_key = normalise(segment.target or "")
        if not target_key:
            continue
        source_hash, target_hash = hash(source_key), hash(target_key) & _MASK
        earlier = memory.get(source_hash)
        if earlier is None:
            _remember(memory, source_hash, target_hash, segment)
            continue
        first_hash, where = _recall(earlier)
        if first_hash != target_hash:
            start, end = _first_last(segment.target)
            yield Finding(Span(start, end),
                          f'Same source as {where}, translated differently: "{excerpt(segment.target, start, end)}"',
                          segment_id=segment.id)


_IDENTICAL_MIN_WORDS, _IDENTICAL_MIN_CHARS = 6, 30


@check("TQ705", severity=Severity.WARNING, scope="batch", needs=("source",))
def identical_translation(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """Two different source sentences with the very same translation.

    ## What it does
    Remembers every translation of at least six words (case, punctuation and spacing ignored)
    with its source, and flags a later segment that has the same translation for a different
    source; the message gives the line of the first one.

    ## Why is this bad?
    Different sources rarely translate to the same long sentence. It usually means a
    translation was pasted into the wrong row, an MT cache returned a stale entry, or a changed
    number or name in the source was not carried over.

    ## Example
        Fires: In Gaza wurden 30 Menschen getötet. ||| Thirty people were killed in Gaza on Monday. ¶ Im Westjordanland wurden 3 Menschen getötet. ||| Thirty people were killed in Gaza on Monday.
        Okay:  In Gaza wurden 30 Menschen getötet. ||| Thirty people were killed in Gaza on Monday. ¶ In Gaza wurden 30 Menschen getötet! ||| Thirty people were killed in Gaza on Monday.
        Okay:  Danke schön. ||| Thank you very much. ¶ Vielen Dank. ||| Thank you very much.

    ## Known problems
    Two sources that differ only in wording (`sagte`/`erklärte`) may legitimately share a
    translation and are flagged all the same.
    """
    memory = ctx.memory("TQ705")
    for segment in doc:
        target_key = normalise(segment.target or "")
        if not _meaningful(target_key, _IDENTICAL_MIN_WORDS, _IDENTICAL_MIN_CHARS):
            continue
        source_key = normalise(segment.source or "")
        if not source_key:
            continue
        target_hash, source_hash = hash(target_key), hash(source_key) & _MASK
        earlier = memory.get(target_hash)
        if earlier is None:
            _remember(memory, target_hash, source_hash, segment)
            continue
        first_hash, where = _recall(earlier)
        if first_hash != source_hash:
            start, end = _first_last(segment.target)
            yield Finding(Span(start, end),
                          f'Same translation as {where}, from a different source: '
                          f'"{excerpt(segment.target, start, end)}"',
                          segment_id=segment.id)
