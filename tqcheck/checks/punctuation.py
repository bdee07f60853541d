"""Punctuation and whitespace (TQ1xx): doubled, misplaced, wrong-width and invisible characters."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

import regex

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.checks.text import excerpt, inside, protected_spans
from tqcheck.lang import (
    FULLWIDTH_PUNCTUATION_LANGUAGES,
    ZERO_WIDTH_SPACE_LANGUAGES,
    LanguageProfile,
)
from tqcheck.lang.patterns import lazy_re, lazy_regex
from tqcheck.model import Finding, Segment, Severity, Span

if TYPE_CHECKING:
    import ftfy

FAMILY = "punctuation"

# Patterns that are plain character sets use the standard `re` module: on large sets of
# non-ASCII characters it is several times faster than `regex`, which is kept for Unicode
# properties (`\p{L}`, `\p{Han}`).

# Horizontal spaces a typist can put before a mark (not newlines: a line may start with ", ").
_HSPACE = "[ \\t\\u00a0\\u2007\\u2009\\u202f\\u3000]"
_CJK_CHAR = lazy_regex(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}\u30fc\u3005]")


def _protected(text: str) -> list[tuple[int, int]]:
    """URL and e-mail spans, computed only when the text could contain one (hot path)."""
    if "://" in text or "www." in text or "@" in text:
        return protected_spans(text)
    return []


def _visible(piece: str) -> str:
    """Whitespace and invisible characters spelt out (`\\t`, `\\u00a0`) so a message can quote them."""
    out = []
    for char in piece:
        if char == " ":
            out.append(" ")
        elif char.isprintable() and not char.isspace():
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if char != "\t" else "\\t")
    return "".join(out)


# --------------------------------------------------------------------------- TQ101

# The same sentence or clause mark twice with only spaces between (". .", ",,", "; ;").
# Runs of periods (ellipsis) and mixed "?!" are deliberate and excluded.
_DOUBLED = lazy_re(r"([.,;:\u3002\uff0c\u060c\u061b\u3001\uff0e\uff1b\uff1a])(?:[ \t\u00a0]*\1)+")
_SPACED_ELLIPSIS = lazy_regex(r"\.(?: \.){2,}")


@check("TQ101", severity=Severity.WARNING, fix="safe")
def doubled_punctuation(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Sentence punctuation repeated with nothing but spaces between.

    ## What it does
    Flags `. .`, `,,`, `; ;` and the full-width and Arabic equivalents in the target.

    ## Why is this bad?
    A typical artefact of MT and of post-editing joins: readers see a broken sentence.

    ## Example
        Fires: reiterating that Washington opposes the reoccupation of Gaza. .
        Fires: the minister,, who arrived
        Okay:  Wait... what?
        Okay:  Really?!
        Okay:  std::vector is a C++ type

    ## Severity
    An error for a full stop or comma doubled with a space between (`. .`, `, ,`, `。 。`)
    when the source doubles no mark itself; a warning for the rest (`..` is also an
    informal ellipsis).

    ## Known problems
    A mark the source doubles too (`思います。。` -> `ahead. .`, emoji codes `:a: :b:`) is not
    reported: the translation follows it. Ellipses (`...`, `. . .` as three spaced periods),
    `?!`, `::` inside identifiers and `,,` used as a makeshift German opening quote (`,,Ja''`)
    are allowed.
    """
    text = seg.target
    protected: list[tuple[int, int]] | None = None
    for match in _DOUBLED.finditer(text):
        piece = match.group()
        start, end = match.span()
        if piece.replace(" ", "") in ("...", "\u3002\u3002\u3002") or _SPACED_ELLIPSIS.fullmatch(piece):
            continue
        if piece[0] == "." and set(piece) <= {"."} and len(piece) >= 3:
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if piece == "::" and before.isalnum() and (after.isalnum() or after == "_"):
            continue  # C++ / Perl / Ruby namespaces, IPv6
        if piece == ",," and not before.isalnum() and after.isalpha():
            continue  # ,,makeshift German quote''
        if piece == ": :" and before.isalnum() and after.isalnum():
            continue  # :emoji: :shortcodes:
        if piece == ".." and before in "?!":
            continue  # Russian ?.. and !..
        if protected is None:
            protected = _protected(text)
        if protected and inside(start, protected):
            continue
        if seg.source and _doubled_in(seg.source, match.group(1)):
            continue  # the source doubles the mark too (`思います。。`, `:partyparrot: :helix:`)
        yield Finding(Span(start, end), f'Doubled punctuation "{piece}"', suggestion=match.group(1),
                      severity=_doubled_severity(piece, seg.source))


_SAME_MARK = {"\u3002": ".", "\uff0e": ".", "\uff0c": ",", "\u3001": ",", "\u060c": ",", "\uff1b": ";",
              "\u061b": ";", "\uff1a": ":"}


def _doubled_in(source: str, mark: str) -> bool:
    """Whether the source doubles the same mark, in any script's form (`。。` for `. .`)."""
    wanted = _SAME_MARK.get(mark, mark)
    return any(_SAME_MARK.get(found.group(1), found.group(1)) == wanted for found in _DOUBLED.finditer(source))


def _doubled_severity(piece: str, source: str | None) -> Severity:
    """An error for a full stop or comma typed twice with a space between (`Gaza. .`, `，，`
    excepted) when the source doubles no mark itself; a warning otherwise.

    A spaced `. .` is no style anyone writes, while `..` is a common informal ellipsis and
    `: :` a broken emoji code: those stay warnings, as does anything the source doubles too.
    """
    if piece[0] not in ".,\u3002\uff0c" or " " not in piece or len(piece.replace(" ", "")) != 2:
        return Severity.WARNING
    if source is not None and _DOUBLED.search(source):
        return Severity.WARNING
    return Severity.ERROR


# --------------------------------------------------------------------------- TQ102

# A space between a word (or a closing bracket/quote) and the mark that should touch it.
# (The preceding character is tested in Python: a lookbehind here halves the speed.)
_SPACE_BEFORE = lazy_re(
    "(" + _HSPACE + r"+)([.,;:!?\u060c\u061b\u061f\uff0c\u3002\uff1a\uff1b\uff01\uff1f\u3001])"
)
_WORD_END = lazy_regex(r"[\p{L}\p{M}\p{N})\]\"\u201d\u2019\u00bb\u300d\u300f]")
# Marks French (and Swiss French) typography separates with a (narrow) no-break space.
_SPACED_MARKS = frozenset(":;!?\u061f")
_EMOTICON_TAIL = frozenset(")(-DPpOo3/\\|*'[]")


# A sentence already ended inside closing quotes or brackets (`Gaza."`, `(in Gaza.)`).
_CLOSED_SENTENCE = lazy_regex(r"[.!?\u2026\u3002][\"'\u201d\u2019\u00bb)\]]+$")


@check("TQ102", severity=Severity.WARNING, fix="safe")
def space_before_punctuation(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A space between a word and the comma, period or other mark that should follow it directly.

    ## What it does
    Flags `word .`, `word ,`, `word :` and `word ?` (also full-width and Arabic marks) in the
    target, following the target language's convention: French puts a (narrow) no-break
    space before `: ; ! ?`, so any space there is accepted in a French target.

    ## Why is this bad?
    Usually a detokenisation error of the MT pipeline (`Gaza , the`), which readers see as
    sloppy typesetting; the comma or period also wraps to the start of the next line.

    ## Example
        Fires: The talks ended on Monday .
        Fires: Gallant , who is visiting Washington
        Fires: Where is the plan ?
        Okay:  The talks ended on Monday.
        Okay[fr]: Il a demandé : « Pourquoi ? »
        Okay:  He paused ... then spoke again.
        Okay:  The rate fell to .5 percent
        Okay:  Visit the site at Amazon .com today
        Okay:  Thanks :)

    ## Known problems
    A spaced ellipsis (`word ...`, `word . . .`), a decimal written without its leading zero
    (` .5`), a domain or file extension (` .com`) and emoticons (` :)`) are not flagged; nor is
    a mark that follows other punctuation (`Gaza. .` is TQ101's).
    """
    text = seg.target
    spaced = ctx.tgt.spaced_punctuation
    protected: list[tuple[int, int]] | None = None
    for match in _SPACE_BEFORE.finditer(text):
        if not match.start() or not _WORD_END.match(text, match.start() - 1):
            continue
        mark = match.group(2)
        end = match.end()
        after = text[end] if end < len(text) else ""
        if spaced and mark in _SPACED_MARKS:
            continue
        if mark == "." and (after in (".", "\u2026") or after.isalnum() or text.startswith(" .", end)):
            continue  # ellipsis, decimal, .com/.NET, spaced ellipsis
        if mark == "," and after.isdigit():
            continue
        if mark in ":;" and (after.isalnum() or after in _EMOTICON_TAIL):
            continue  # emoticon, ratio, namespace
        if mark in "!?" and after.isalnum():
            continue
        if mark in ".:" and text[match.start() - 1].isdigit() and text[end:end + 2].strip()[:1].isdigit():
            continue  # a score or a product: 2 : 0, 2 . 10
        if protected is None:
            protected = _protected(text)
        if protected and inside(match.start(2), protected):
            continue
        word_start = max(text.rfind(" ", 0, match.start()) + 1, match.start() - 15)
        shown = text[word_start:end]
        fix = mark + " " if after.isalpha() else mark
        if mark in ".!?" and not after.isalpha() and _CLOSED_SENTENCE.search(text, 0, match.start()):
            fix = ""  # `Gaza." .`: the sentence has its stop inside the quotation; the stray one goes
        yield Finding(Span(match.start(), end), f'Space before "{mark}" in "{excerpt(shown, 0, len(shown))}"',
                      suggestion=fix)


# --------------------------------------------------------------------------- TQ103

# A mark glued to the next word. What counts as the next "word" depends on the mark; see below.
_NO_SPACE_AFTER = lazy_regex(
    r"(?<=[\p{L}\p{M}\p{N}])([.,;:!?\u060c\u061b\u061f])(?=[\u00bf\u00a1]?\p{L})"
)
_WORD_BEFORE = lazy_regex(r"[\p{L}\p{M}\p{N}]+", flags=regex.REVERSE)
_WORD_AFTER = lazy_regex(r"[\u00bf\u00a1]?[\p{L}\p{M}]+")
_URI_SCHEMES = frozenset({"http", "https", "ftp", "mailto", "tel", "urn", "doi", "isbn", "arxiv", "file",
                          "news", "irc", "git", "ssh", "data", "sip", "xmpp", "geo", "magnet"})
# Country-code and generic top-level domains written title-case in names (Gazeta.Ru, Diia.City).
_NAME_SUFFIXES = frozenset({"ru", "ua", "by", "kz", "de", "uk", "com", "net", "org", "info", "io", "ai", "tv",
                            "fm", "me", "co", "city", "today", "online", "news"})
# A dotted name in the source (`Дія.Бізнес`, `Gazeta.Ru`): the target's dotted words are names too.
_DOTTED_NAME = lazy_regex(r"\p{L}{2}\.\p{Lu}\p{Ll}")
# German gender colon (Lehrer:innen) and the Nordic case colon (EU:s, USA:n) are spelling.
_GENDER_COLON = lazy_regex(r":(?:innen|in|n|s)\b")


@check("TQ103", severity=Severity.WARNING, fix="safe")
def missing_space_after_punctuation(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A sentence or clause mark glued to the next word.

    ## What it does
    Flags `Gaza.The`, `said,that`, `issues;the`, `asked:Why`, `What?No` (and Arabic `،` `؛`
    `؟`) in targets written with spaces between words.

    ## Why is this bad?
    Sentences run together when MT output is joined or detokenised badly; readers and
    downstream sentence splitters both stumble on the missing space.

    ## Example
        Fires: improve humanitarian access in Gaza.The department said
        Fires: Miller said,that there is no agreement
        Okay:  the U.S. and Israel
        Okay:  at 1 p.m. local time
        Okay:  2,000-pound bombs cost 2.5 million
        Okay:  see example.com or https://example.com/a,b
        Okay:  at 13:00 on Monday
        Okay[de]: Lehrer:innen und Schüler:innen
        Okay[zh]: 他说,我们

    ## Known problems
    A period is only flagged before a capitalised word (`Gaza.The`) after a word of two or more
    letters, so abbreviations (`U.S.`, `p.m.`, `J.K.Rowling`), domains and file names pass;
    the price is that `Gaza.the` is missed. Chinese and Japanese targets are skipped (no spaces
    between words); TQ105 covers their punctuation.
    """
    if ctx.tgt.code in FULLWIDTH_PUNCTUATION_LANGUAGES:
        return
    text = seg.target
    protected: list[tuple[int, int]] | None = None
    dotted_source: bool | None = None
    for match in _NO_SPACE_AFTER.finditer(text):
        mark = match.group(1)
        position = match.start()
        before_match = _WORD_BEFORE.match(text, 0, position)
        after_match = _WORD_AFTER.match(text, position + 1)
        if before_match is None or after_match is None:
            continue
        before = before_match.group()
        after = after_match.group()
        preceding = text[before_match.start() - 1] if before_match.start() else " "
        if preceding in ".@/_#&\\":
            continue  # dotted names, handles, paths, HTML entities
        if mark == ".":
            if len(before) < 2 or not _is_sentence_start(after) or after.lower() in _NAME_SUFFIXES:
                continue
            if dotted_source is None:
                dotted_source = bool(seg.source and _DOTTED_NAME.search(seg.source))
            if dotted_source:
                continue
        elif mark == ",":
            if len(before) == 1 and len(after) == 1:
                continue  # x,y
        elif mark == ":":
            if before.lower() in _URI_SCHEMES or _GENDER_COLON.match(text, position):
                continue
            if before[0].isupper() and before.isupper() and after[0].islower():
                continue  # EU:s, USA:n
        elif mark in "!?":
            if not _is_sentence_start(after):
                continue  # Yahoo!s, page?id
        if protected is None:
            protected = _protected(text)
        if protected and inside(position, protected):
            continue
        end = after_match.start() + 1
        shown = f"{before}{mark}{after}"
        message = f'Missing space after "{mark}" in "{excerpt(shown, 0, len(shown))}"'
        yield Finding(Span(position, end), message,
                      suggestion=f"{mark} {text[position + 1:end]}")


def _is_sentence_start(word: str) -> bool:
    """A capitalised word (`The`), or any word in a script without case (Arabic, Hebrew)."""
    word = word.lstrip("\u00bf\u00a1")
    if len(word) < 2:
        return False
    first, second = word[0], word[1]
    if first.isupper():
        return second.islower() or unicodedata.category(second) == "Mn"
    return not first.islower() and not first.isupper()


# --------------------------------------------------------------------------- TQ104

_CLOSERS = frozenset("\"'\u201c\u201d\u2018\u2019\u00bb\u00ab\u203a\u2039\u300d\u300f\uff09)]}\u3011\u3015"
                     "\u300b\u3009\uff63*\u201e")
_QUESTION = frozenset("?\uff1f\u061f\u2e2e")
_EXCLAIM = frozenset("!\uff01")
_PERIOD = frozenset(".\u3002\uff0e\u06d4\u0964\u0965\u1362\uff61")
_ELLIPSIS = frozenset("\u2026\u22ef")
_COLON = frozenset(":\uff1a")
_SEMICOLON = frozenset(";\uff1b\u061b")
_COMMA = frozenset(",\uff0c\u3001\u060c")
_FINAL_MARKS = _QUESTION | _EXCLAIM | _PERIOD | _ELLIPSIS | _COLON | _SEMICOLON | _COMMA | {"\u30fb"}
# Emoticons and emoji after the last sentence mark (`yes. :)`, `great! 👍`, Russian `отлично)`).
_TRAILING_DECORATION = lazy_regex(
    r"(?:\s*(?:[:;=8][-']?[()DPpOo3\]\[/\\|*]+|\^\^|\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]*"
    r"|\u200d|\)+(?=\s*$)))+\s*$"
)
# The printable ASCII characters a `_TRAILING_DECORATION` match can end with.
_DECORATION_ENDS = frozenset("()DPpOo3[]/\\|*^")
_MARK_NAMES = {".": "a period", "?": "a question mark", "!": "an exclamation mark", "...": "an ellipsis",
               ":": "a colon", ";": "a semicolon", ",": "a comma", None: "no final punctuation"}


def final_mark(text: str, lang: LanguageProfile) -> tuple[str | None, int]:
    """The kind of the final sentence mark (`.`, `?`, `!`, `...`, `:`, `;`, `,` or None) and its offset.

    Trailing closing quotes and brackets, emoticons and emoji are looked through, so `said.”`,
    `said”.` and `said. :)` all end with a period. Full-width, Arabic, Devanagari and Ethiopic
    marks map to their ASCII kind; in Greek `;` is the question mark.
    """
    last = text[-1:]
    if not last or ("!" <= last <= "~" and last not in _DECORATION_ENDS):
        decoration = None  # most texts: the last character is ASCII that ends no emoticon or emoji
    else:
        decoration = _TRAILING_DECORATION.search(text, max(0, len(text) - 24))
    position = decoration.start() if decoration and decoration.start() > 0 else len(text)
    marks: list[str] = []
    first_mark = -1
    while position > 0:
        char = text[position - 1]
        if char in _FINAL_MARKS:
            marks.append(char)
            first_mark = position - 1
        elif marks or not (char.isspace() or char in _CLOSERS):
            break
        position -= 1
    if not marks:
        return None, len(text.rstrip())
    if lang.code == "el":
        marks = ["?" if char == ";" else char for char in marks]
    if not _QUESTION.isdisjoint(marks):
        kind = "?"
    elif not _EXCLAIM.isdisjoint(marks):
        kind = "!"
    elif not _ELLIPSIS.isdisjoint(marks) or marks.count(".") >= 3 or marks.count("\u3002") >= 2 \
            or marks.count("\u30fb") >= 2:
        kind = "..."
    elif not _PERIOD.isdisjoint(marks):
        kind = "."
    elif not _COLON.isdisjoint(marks):
        kind = ":"
    elif not _SEMICOLON.isdisjoint(marks):
        kind = ";"
    elif not _COMMA.isdisjoint(marks):
        kind = ","
    else:
        return None, len(text.rstrip())
    return kind, first_mark


def _end_mismatch(src_kind: str | None, tgt_kind: str | None, japanese: bool) -> bool:
    """Whether the two final marks disagree in a way worth reporting (see TQ104's docstring)."""
    if src_kind == tgt_kind or src_kind is None:
        return False
    if tgt_kind is None:
        return src_kind == "?" and not japanese  # a question that lost its mark
    if tgt_kind in (",", ";") and src_kind in (".", "?", "!", "..."):
        return True  # a sentence cut off (or run on into the next segment)
    if japanese:
        return False  # Japanese questions end in か。, quotations in 」 and colons in 。
    if "?" in (src_kind, tgt_kind):
        return "!" not in (src_kind, tgt_kind)
    return src_kind == ":" and tgt_kind == "."


# Abbreviations that end in a full stop, lower-cased, per language family: a stop after them ends
# no sentence (TQ104: `... to 10 p.m.`) and may be followed by a lower-case word (TQ110: `approx. two`).
_ABBREVIATIONS = frozenset({
    # English
    "approx", "cf", "ca", "no", "nos", "vs", "etc", "incl", "excl", "min", "max", "fig", "figs", "vol", "vols",
    "pp", "ed", "eds", "al", "op", "ibid", "resp", "cont", "dept", "govt", "corp", "assn", "misc", "esp", "viz",
    "sept", "febr", "bull", "est", "mr", "mrs", "ms", "dr", "st", "mt", "ft", "lb", "lbs", "oz", "pt",
    "inc", "ltd", "co", "bros", "jr", "sr", "plc", "llc", "ave", "blvd", "rd", "gov", "sen", "rep", "prof",
    "gen", "col", "capt", "lt", "sgt", "rev", "hon", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "oct", "dec",
    # German
    "bzw", "usw", "ggf", "ggfs", "evtl", "inkl", "vgl", "bspw", "sog", "geb", "str", "abs", "nr", "ff", "zzgl",
    "bzgl", "insb", "allg", "jh", "jhd", "mio", "mrd", "tsd",
    # Czech, Slovak, Polish
    "tzv", "např", "atd", "tj", "popř", "apod", "tzn", "aj", "mj", "ul", "čp", "odd", "sv", "hod",
    "týdn", "tzw", "np", "itd", "itp", "ok", "wg", "tys", "mln", "mld", "zł",
    # Russian, Ukrainian
    "см", "др", "пр", "ул", "вул", "обл", "рр", "гг", "вв", "тыс", "тис", "млн", "млрд", "руб", "грн", "коп",
    "им", "ім", "ст", "напр", "проф", "акад", "доц", "гл", "пп", "пер", "просп", "корп", "кв", "мин", "сек",
    "т", "е", "д", "с", "п", "р", "г", "м", "ч", "див", "пор",
    # Latin in botany and law
    "var", "subsp", "ssp", "sp", "spp", "cv", "nov", "lit",
    # French, Spanish, Italian, Portuguese
    "env", "av", "art", "pág", "núm", "aprox", "sra", "dott", "ecc",
})
# A final full stop that belongs to an abbreviation by its shape: `p.m.`, `U.S.`, `No.`, `Mr.`, `5 km.`
_ABBREVIATION_SHAPE = lazy_regex(r"(?:\.\p{L}+|\b\p{Lu}\p{Ll}{0,2}|\d\s*\p{Ll}{1,3})\.\s*$")
_LAST_WORD = lazy_regex(r"(\p{L}+)\.\s*$")


def _abbreviation_end(text: str) -> bool:
    """Whether the final full stop of `text` is an abbreviation's (`p.m.`, `etc.`, `bzw.`, `г.`)."""
    if _ABBREVIATION_SHAPE.search(text):
        return True
    last = _LAST_WORD.search(text)
    return last is not None and last.group(1).lower() in _ABBREVIATIONS
_CLOSING = "\"'\u201d\u2019\u00bb)]"  # not 」』: a Japanese quotation ends its sentence itself
_SENTENCE_WORDS = 6  # a source this long that ends with a full stop is a sentence, not a headline or a date


def _lost_full_stop(source: str, target: str, src_kind: str | None, tgt_kind: str | None, ctx: Context) -> bool:
    """Whether a full sentence lost its final full stop: the source, six words or more (twelve
    characters in unspaced scripts), ends with one that is no abbreviation's (`p.m.`, `No.`), and
    the target ends on a letter or digit. Human translators drop the stop after headlines, dates
    and figures, which are short; after a sentence they keep it (0.2% of WMT23 references drop it)."""
    if src_kind != "." or tgt_kind is not None:
        return False
    last = target.rstrip().rstrip(_CLOSING)[-1:]
    if not last.isalnum() or _abbreviation_end(source) or source.rstrip().endswith(".."):
        return False
    words = len(source.split())
    if ctx.src.code in FULLWIDTH_PUNCTUATION_LANGUAGES or ctx.src.script == "Thai":
        words = len(source.strip()) // 2
    return words >= _SENTENCE_WORDS


@check("TQ104", severity=Severity.WARNING, needs=("source",), fix="unsafe")
def end_punctuation_mismatch(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target's final sentence mark does not match the source's.

    ## What it does
    Compares the last sentence mark of source and target, looking through closing quotes,
    brackets and emoticons, and treating `。` as `.`, `？` and `؟` as `?`, `…` as `...`. It
    flags a question that became a statement or lost its mark (or a statement that became a
    question), a sentence that lost its final full stop, a target that ends in a comma or
    semicolon where the source ends the sentence, and a colon turned into a period.

    ## Why is this bad?
    A question turned into a statement changes the meaning; a final comma is the visible
    trace of a truncated translation, and a lost colon leaves the next segment's list or
    quotation without its introduction.

    ## Example
        Fires[ar>en]: هل ستنتهي الحرب؟ ||| Will the war end.
        Fires[de>en]: Das Spiel stürzt ab oder hängt? ||| The game crashes or hangs.
        Fires[de>en]: Die Gespräche wurden fortgesetzt. ||| The talks continued,
        Fires[uk>en]: Де працює твоя мама? ||| Where your mother works
        Okay[de>en]: Er fragte: „Wann?“ ||| He asked, “When?”
        Okay[zh>en]: 会谈继续。 ||| The talks continued.
        Okay[de>en]: Neue Beetschilder in Geesthacht ||| New bed signs in Geesthacht.
        Fires[de>en]: Die Gespräche über die Waffenruhe wurden am Montag fortgesetzt. ||| The ceasefire talks continued on Monday
        Okay[de>en]: Die Gespräche wurden fortgesetzt. ||| The talks continued
        Okay[en>de]: The store is open from 10 a.m. to 10 p.m. ||| Der Laden ist von 10 bis 22 Uhr geöffnet
        Okay[en>ja]: Is it true? ||| 本当ですか。
        Okay[ru>en]: Тренер её хвалит :) ||| Her coach praises her. :)

    ## Known problems
    A target without a final mark is flagged against a source question, and against a full
    stop only when the source is a sentence of six words or more that does not end with an
    abbreviation: human translators drop periods after headlines, dates and figures as often
    as MT systems do. A period added
    to a headline whose source has none, and an exclamation mark softened to a period, pass.
    With Japanese on either side only a lost full stop and a final comma or semicolon are
    flagged, since Japanese questions end in `か。`, quotations in `」` and colons in `。`.
    """
    if not seg.target.strip():
        return  # an empty translation is not a punctuation problem
    src_kind, _ = final_mark(seg.source or "", ctx.src)
    tgt_kind, tgt_at = final_mark(seg.target, ctx.tgt)
    if _lost_full_stop(seg.source or "", seg.target, src_kind, tgt_kind, ctx):
        end = len(seg.target.rstrip().rstrip(_CLOSING))  # before closing quotes: `said"` -> `said."`
        stop = "\u3002" if ctx.tgt.code in FULLWIDTH_PUNCTUATION_LANGUAGES else "."
        shown = seg.target[max(0, end - 24):end]
        yield Finding(Span(end - 1, end), f'Target ends without the full stop of the source ("…{shown}")',
                      suggestion=seg.target[end - 1:end] + stop)
        return
    if not _end_mismatch(src_kind, tgt_kind, "ja" in (ctx.src.code, ctx.tgt.code)):
        return
    shown = seg.target[max(0, tgt_at - 24):tgt_at + 1]
    suggestion = None
    if src_kind in (".", "?", "!") and tgt_kind in (".", ",", ";", ":"):
        suggestion = src_kind
        if ctx.tgt.code in FULLWIDTH_PUNCTUATION_LANGUAGES:
            suggestion = {".": "\u3002", "?": "\uff1f", "!": "\uff01"}[src_kind]
    if tgt_kind is None:  # point at the last character; the fix appends the mark
        tgt_at = max(0, tgt_at - 1)
        shown = seg.target[max(0, tgt_at - 24):tgt_at + 1]
        question = "\uff1f" if ctx.tgt.code in FULLWIDTH_PUNCTUATION_LANGUAGES else "?"
        suggestion = seg.target[tgt_at:tgt_at + 1] + question
    message = (f'Target ends with {_MARK_NAMES[tgt_kind]} ("…{shown}") '
               f"but the source with {_MARK_NAMES[src_kind]}")
    yield Finding(Span(tgt_at, tgt_at + 1), message, suggestion=suggestion)


# --------------------------------------------------------------------------- TQ105

_FULLWIDTH_MARKS = lazy_re(r"[\uff0c\u3002\uff1a\uff1b\uff01\uff1f\uff08\uff09\uff0e\u3001\uff3b\uff3d]")
_TO_ASCII = {"\uff0c": ",", "\u3002": ".", "\uff1a": ":", "\uff1b": ";", "\uff01": "!", "\uff1f": "?",
             "\uff08": "(", "\uff09": ")", "\uff0e": ".", "\u3001": ",", "\uff3b": "[", "\uff3d": "]"}
_HALFWIDTH_IN_CJK = lazy_regex(
    r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}\u30fc\u3005\u201d\u300d\u300f\uff09])([,.?!:;])( *)"
    r"(?=[\p{Han}\p{Hiragana}\p{Katakana}\u3005\u201c\u300c\u300e\uff08]|$)"
)
_TO_FULLWIDTH = {",": "\uff0c", ".": "\u3002", "?": "\uff1f", "!": "\uff01", ":": "\uff1a", ";": "\uff1b"}
# Arabic-script comma, semicolon and question mark, which MT copies from Arabic, Persian or Urdu sources.
_ARABIC_MARKS = lazy_re(r"[\u060c\u061b\u061f]")
_ARABIC_TO_ASCII = {"\u060c": ",", "\u061b": ";", "\u061f": "?"}
_ARABIC_LETTER = lazy_regex(r"\p{Arabic}")


@check("TQ105", severity=Severity.WARNING, fix="safe")
def wrong_width_punctuation(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Punctuation of another script: full-width outside Chinese and Japanese, ASCII inside them, Arabic elsewhere.

    ## What it does
    In targets other than Chinese and Japanese, flags full-width `，。：；！？（）` that are not part
    of quoted CJK text. In Chinese and Japanese targets, flags ASCII `, . ? ! : ;` between two
    CJK characters (or after one at the end of the text). In targets not written in Arabic
    script, flags the Arabic comma, semicolon and question mark `، ؛ ؟` that are not part of
    quoted Arabic text.

    ## Why is this bad?
    The MT system copied the source's punctuation instead of converting it; the mark looks out
    of place (a full-width comma carries its own wide space) and breaks tokenisers.

    ## Example
        Fires: The talks continued，officials said。
        Fires[zh]: 他说,我们将继续谈判.
        Okay[zh]: 增长了3.5%，达到2,000亿元。
        Okay[zh]: 他使用Python, 然后离开。
        Okay:  The sign read 東京（とうきょう） in large letters.
        Fires: the first ship to dock this morning، a vessel flying the Panamanian flag
        Okay:  The banner read «نعم، نستطيع» in white letters.
        Okay[fa]: او گفت، مذاکرات ادامه دارد.

    All the marks of one kind in a segment are one finding (they have one cause and one fix),
    with their count in the message and a suggestion that replaces each of them.

    ## Known problems
    An ASCII ellipsis `...` in Chinese text is not flagged, nor are ASCII parentheses, which
    many Chinese publishers use, nor half-width colons in Japanese (common in labels such as
    `写真:`). Korean is written with ASCII punctuation and is checked like a Latin-script target.
    """
    text = seg.target
    code = ctx.tgt.code
    if code in FULLWIDTH_PUNCTUATION_LANGUAGES:
        marks = []
        for match in _HALFWIDTH_IN_CJK.finditer(text):
            mark = match.group(1)
            if mark == "." and text.startswith("..", match.start()):
                continue
            if mark == ":" and code == "ja":
                continue  # half-width colons are common in Japanese labels (写真: ...)
            full = "\u3001" if mark == "," and code == "ja" else _TO_FULLWIDTH[mark]
            marks.append((match.start(), match.end(), full))
        yield from _one_finding(text, marks, "ASCII", "CJK text")
        return
    yield from _one_finding(text, list(_foreign_marks(text, _FULLWIDTH_MARKS, _TO_ASCII, _CJK_CHAR, 1)),
                            "Full-width", "text")
    if ctx.tgt.script != "Arabic" and not text.isascii() and _ARABIC_MARKS.search(text):
        yield from _one_finding(text, list(_foreign_marks(text, _ARABIC_MARKS, _ARABIC_TO_ASCII, _ARABIC_LETTER, 2)),
                                "Arabic", "text")


def _one_finding(text: str, marks: list[tuple[int, int, str]], label: str, where: str) -> Iterator[Finding]:
    """One finding for all the wrong-width marks of a segment, not one per mark: they have one cause
    (the MT kept the source's punctuation) and one fix. The span runs from the first mark to the
    last; the suggestion is that stretch with every mark replaced."""
    if not marks:
        return
    start, end = marks[0][0], marks[-1][1]
    fixed, position = [], start
    for mark_start, mark_end, replacement in marks:
        fixed.append(text[position:mark_start] + replacement)
        position = mark_end
    fixed.append(text[position:end])
    first = text[marks[0][0]:marks[0][1]].strip()
    left = text[max(0, start - 8):start]
    if len(marks) == 1:
        message = f'{label} "{first}" in {where} "{left}{text[start:end]}"'
    else:
        shown = " ".join(dict.fromkeys(text[a:b].strip() for a, b, _ in marks))
        message = f'{len(marks)} {label} marks ({shown}) in {where}, the first in "{left}{first}"'
    yield Finding(Span(start, end), message, suggestion="".join(fixed))


def _foreign_marks(text: str, marks: re.Pattern[str], to_ascii: dict[str, str], native: regex.Pattern[str],
                   reach: int) -> Iterator[tuple[int, int, str]]:
    """Each of `marks` (another script's punctuation) with its ASCII replacement, unless a letter of
    that script (`native`) is within `reach` characters: then it belongs to quoted Chinese or Arabic."""
    for match in marks.finditer(text):
        start = match.start()
        if native.search(text, max(0, start - reach), start + 1 + reach):
            continue
        ascii_mark = to_ascii[match.group()]
        if ascii_mark in ",.:;!?" and text[start + 1:start + 2].isalnum():
            ascii_mark += " "
        yield start, start + 1, ascii_mark


# --------------------------------------------------------------------------- TQ106

_LEADING = lazy_regex(r"^\s+")
_TRAILING = lazy_regex(r"\s+$")


@check("TQ106", severity=Severity.INFO, fix="safe")
def leading_or_trailing_whitespace(seg: Segment, ctx: Context) -> Iterator[Finding]:
    r"""Whitespace at the start or end of the target that the source does not have.

    ## What it does
    Flags spaces, tabs, no-break spaces and line breaks before the first or after the last
    visible character of the target, unless the source starts (or ends) with whitespace too.

    ## Why is this bad?
    Invisible in review but visible in layout: it indents headlines, doubles the space when
    segments are joined, and makes exact-match comparisons fail.

    ## Example
        Fires: The talks ended.\u0020
        Fires: \u00a0The talks ended.
        Okay:  The talks ended.
        Okay[de>en]: Die Gespräche endeten.\u0020 ||| The talks ended.\u0020

    ## Known problems
    Segments from readers that strip lines never fire.
    """
    text = seg.target
    if not text or (not text[0].isspace() and not text[-1].isspace()):
        return
    source = seg.source or ""
    if not text.strip():
        if text and not (source and not source.strip()):
            yield Finding(Span(0, len(text)), f'Target is only whitespace "{_visible(text)}"', suggestion="")
        return
    lead = _LEADING.match(text)
    if lead and not (source and source[0].isspace()):
        yield Finding(Span(0, lead.end()), f'Leading whitespace "{_visible(lead.group())}"', suggestion="")
    trail = _TRAILING.search(text)
    if trail and not (source and source[-1].isspace()):
        yield Finding(Span(trail.start(), len(text)), f'Trailing whitespace "{_visible(trail.group())}"',
                      suggestion="")


# --------------------------------------------------------------------------- TQ107

_RUN = lazy_regex(r"(?<=\S)[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]*(?:\t|[ \u00a0\u2000-\u200a\u202f"
                     r"\u205f\u3000]{2})[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]*(?=\S)")
_RUN_HINT = lazy_re(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2}|\t")
_SOURCE_RUN = lazy_regex(r"\S {2,}\S")


@check("TQ107", severity=Severity.INFO, fix="safe")
def repeated_whitespace(seg: Segment, ctx: Context) -> Iterator[Finding]:
    r"""Two or more spaces, or a tab, between words of the target.

    ## What it does
    Flags runs of two or more spaces (including no-break and ideographic spaces) and any tab
    between two visible characters, unless the source has the same kind of run.

    ## Why is this bad?
    A leftover of joined segments or removed words (`the  minister`, often where a word was
    dropped); HTML hides it but print, subtitles and plain-text feeds show it.

    ## Example
        Fires: the  minister said
        Fires: the\tminister said
        Okay:  the minister said
        Okay[de>en]: Name\tWert ||| Name\tValue
        Okay:  first line\n  indented second line

    ## Known problems
    Two spaces after a full stop (typewriter style) are flagged like any other run.
    """
    text = seg.target
    if not _RUN_HINT.search(text):
        return
    source = seg.source or ""
    source_tabs = "\t" in source
    source_spaces = bool(_SOURCE_RUN.search(source)) if source else False
    for match in _RUN.finditer(text):
        piece = match.group()
        if "\n" in piece or "\r" in piece:
            continue
        if "\t" in piece:
            if source_tabs:
                continue
            label = "Tab"
        else:
            if source_spaces:
                continue
            label = f"{len(piece)} spaces"
        start, end = match.span()
        left = text[max(0, start - 12):start]
        right = text[end:end + 12]
        yield Finding(Span(start, end), f'{label} in "{left}{_visible(piece)}{right}"', suggestion=" ")


# --------------------------------------------------------------------------- TQ108

_INVISIBLE = lazy_re(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]+"
)
# Scripts whose shaping uses ZWNJ/ZWJ (Persian, Urdu, the Indic scripts, Sinhala, ...).
_JOINING_SCRIPT = lazy_regex(
    r"[\p{Arabic}\p{Syriac}\p{Nko}\p{Mongolian}\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}"
    r"\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Myanmar}\p{Khmer}\p{Tibetan}"
    r"\p{Hebrew}\p{Thaana}]"
)
_EMOJI = lazy_regex(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f\u20e3]")
_RTL_LETTER = lazy_regex(r"[\p{Bidi_Class=R}\p{Bidi_Class=AL}]")
_BIDI_MARKS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2067\u2068\u2069")


@check("TQ108", severity=Severity.WARNING, fix="unsafe")
def invisible_character(seg: Segment, ctx: Context) -> Iterator[Finding]:
    r"""Control characters and invisible formatting characters in the target.

    ## What it does
    Flags control characters, zero-width spaces, soft hyphens, a byte-order mark inside the
    text, word joiners, bidi overrides, and zero-width (non-)joiners and bidi marks where the
    script does not use them.

    ## Why is this bad?
    Invisible characters survive copy-paste from web pages and CMSs and break search, word
    counts, spell checking and line breaking; bidi overrides can even reorder what readers see.

    ## Example
        Fires: the Gaza\u200bStrip
        Fires: Verteidi\u00adgungsminister
        Fires: the\u0007minister
        Okay[fa]: می\u200cخواهم
        Okay:  family 👨\u200d👩\u200d👧 photo
        Okay[ar]: قال \u200fالوزير
        Okay[th]: สวัสดี\u200bครับ

    ## Known problems
    ZWNJ and ZWJ are accepted next to any letter of a script that uses them (Arabic, Hebrew,
    Indic, Sinhala, ...) and in emoji sequences; bidi marks and isolates are accepted in any
    text that contains right-to-left letters; zero-width spaces in Thai, Lao, Khmer, Burmese,
    Tibetan and Javanese. A character the source has too is not flagged. C1 controls
    (U+0080 to U+009F) are Windows-1252 text decoded as Latin-1 and left to TQ109.
    """
    text = seg.target
    if text.isascii() and text.isprintable():
        return
    has_rtl: bool | None = None
    source_chars: frozenset[str] | None = None
    for match in _INVISIBLE.finditer(text):
        start, end = match.span()
        flagged: list[str] = []
        for offset, char in enumerate(match.group()):
            position = start + offset
            before = text[position - 1] if position else ""
            after = text[end] if end < len(text) else ""
            if char in "\u200c\u200d":
                if (before and _JOINING_SCRIPT.match(before)) or (after and _JOINING_SCRIPT.match(after)):
                    continue
                if char == "\u200d" and ((before and _EMOJI.match(before))
                                          or (after and _EMOJI.match(after))):
                    continue
            elif char == "\u200b" and ctx.tgt.code in ZERO_WIDTH_SPACE_LANGUAGES:
                continue
            elif char in _BIDI_MARKS:
                if has_rtl is None:
                    has_rtl = ctx.tgt.rtl or bool(_RTL_LETTER.search(text))
                if has_rtl:
                    continue
            elif "\x80" <= char <= "\x9f":
                continue  # C1 controls are mojibake of Windows-1252 text: TQ109
            if source_chars is None:
                source_chars = frozenset("".join(_INVISIBLE.findall(seg.source or "")))
            if char in source_chars:
                continue  # copied from the source: not a translation defect
            flagged.append(char)
        if not flagged:
            continue
        names = ", ".join(dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'CONTROL')}" for c in flagged))
        word_start = max(text.rfind(" ", max(0, start - 15), start) + 1, start - 15, 0)
        word_end = text.find(" ", end, end + 15)
        word_end = min(len(text), end + 15) if word_end == -1 else word_end
        context = _visible(text[word_start:word_end])
        kept = "".join(c for c in match.group() if c not in flagged)
        yield Finding(Span(start, end), f'Invisible {names} in "{context}"', suggestion=kept)


# --------------------------------------------------------------------------- TQ109

_C1 = lazy_re(r"[\x80-\x9f]")
# A cheap necessary condition for ftfy's `is_bad`: every one of its patterns needs one of these
# characters (Latin-1 letters and symbols, box drawing, C1 controls) or one of В Г Р С Β Γ Ξ Ο
# next to a quotation mark. Most Cyrillic, Greek, Arabic and CJK text has none, and skipping
# `is_bad` for it makes this check several times faster. (Checked against ftfy on 290,000
# genuine and artificially garbled texts: no text `is_bad` flags lacks a hint.)
# The sets are ftfy's `MOJIBAKE_CATEGORIES` c1, bad, law, currency, numeric, kaomoji, upper_accented,
# lower_accented and box, then start_punctuation + end_punctuation, written out so that ftfy (50 ms
# to import) loads only when a text has a hint; tests/checks/test_fast_paths.py checks them against
# the installed ftfy.
MOJIBAKE_HINT_CHARACTERS = (
    "\x80-\x9f\xa6\xa4\xa8\xac\xaf\xb8\u0192\u02c6\u02c7\u02d8\u02db\u02dc\u2020\u2021\u2030\u2310\u25ca"
    "\ufffd\xaa\xba\xb6\xa7\xa2\xa3\xa5\u20a7\u20ac\xb2\xb3\xb9\xb1\xbc\xbd\xbe\xd7\xb5\xf7\u2044\u2202"
    "\u2206\u220f\u2211\u221a\u221e\u2229\u222b\u2248\u2260\u2261\u2264\u2265\u2116\xd2-\xd6\xd9-\xdc"
    "\xf2-\xf6\xf8-\xfc\u0150\u014c\u016a\u0172\xb0\xc0-\xd1\xd8\xdc\xdd\u0102\u0100\u0104\u0106\u010c"
    "\u010e\u0110\u0118\u011a\u0112\u0116\u011e\u0122\u0130\u012a\u0136\u0139\u013d\u0141\u013b\u0143"
    "\u0147\u0145\u0152\u0158\u015a\u015e\u0160\u0162\u0164\u016e\u0170\u0178\u0179\u017b\u017d\u0490\xdf"
    "\xe0-\xf1\u0103\u0105\u0101\u0107\u010d\u010f\u0111\u0119\u011b\u0113\u0117\u011f\u0123\u012f\u012b"
    "\u0137\u013a\u013e\u0142\u013c\u0153\u0155\u015b\u015f\u0161\u0165\xfc\u017a\u017c\u017e\u0491\ufb01"
    "\ufb02\u2502\u250c\u2510\u2518\u251c\u2524\u252c\u253c\u2550-\u256c\u2580\u2584\u2588\u258c\u2590"
    "\u2591\u2592\u2593"
)
MOJIBAKE_HINT_QUOTES = (
    "\xa1\xab\xbf\xa9\u0384\u0385\u2018\u201a\u201c\u201e\u2022\u2039\uf8ff\xae\xbb\u02dd\u201d\u203a\u2122"
)
_MOJIBAKE_HINT = lazy_re(
    f"[{MOJIBAKE_HINT_CHARACTERS}\u0402]"
    f"|[\u0412\u0413\u0420\u0421\u0392\u0393\u039e\u039f][{MOJIBAKE_HINT_QUOTES}]"
)
_REPLACEMENT = lazy_regex(r"\ufffd+")


@check("TQ109", severity=Severity.ERROR, fix="unsafe")
def mojibake(seg: Segment, ctx: Context) -> Iterator[Finding]:
    r"""Text decoded with the wrong character encoding (`schÃ¶n`, `donâ€™t`), or lost in decoding (`�`).

    ## What it does
    Uses ftfy to detect sequences that are UTF-8 read as Latin-1/Windows-1252 (or similar) and
    suggests the repaired text; also flags U+FFFD replacement characters, where the original
    character is lost.

    ## Why is this bad?
    Mojibake makes names and words unreadable, and it always comes from a broken step in the
    pipeline (a file read with the wrong encoding), so the whole batch is usually affected.

    ## Example
        Fires: Gallant said the talks were schÃ¶n
        Fires: the administrationâ€™s anger
        Fires: the minister said \ufffd the talks
        Okay:  Müller and Fran\u00e7ois met in Zürich
        Okay[ru]: Министр обороны Израиля
        Okay[ar]: وزير الدفاع الإسرائيلي
        Okay[zh]: 以色列国防部长

    ## Known problems
    Mojibake that ftfy cannot tell apart from real text (a single `Ã` in an otherwise clean
    text, or double-encoded text) may pass.
    """
    text = seg.target
    if text.isascii():
        return
    for match in _REPLACEMENT.finditer(text):
        start, end = match.span()
        context = excerpt(text, max(0, start - 15), min(len(text), end + 15))
        yield Finding(Span(start, end), f'Replacement character "\ufffd" (a character was lost in decoding) '
                                        f'in "{context}"')
    if not _MOJIBAKE_HINT.search(text):
        return
    import ftfy  # only now: most texts have no hint, and ftfy takes 50 ms to import
    from ftfy.badness import is_bad

    if not (is_bad(text) or _C1.search(text)):
        return
    fixed = ftfy.fix_text(text, _ftfy_config())
    if fixed == text:
        return
    for start, end, new_start, new_end in _changed_words(text, fixed):
        old = text[start:end]
        new = fixed[new_start:new_end]
        yield Finding(Span(start, end), f'Mojibake "{_visible(excerpt(old, 0, len(old)))}" (should be '
                                        f'"{excerpt(new, 0, len(new))}")', suggestion=new)


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False, normalization=None, explain=False,
    )


def _changed_words(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Regions that differ between `old` and `new`, widened to whole words, as (old span, new span)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    regions = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    widened: list[list[int]] = []
    for index, (i1, i2, j1, j2) in enumerate(regions):
        floor = regions[index - 1][1] if index else 0
        ceiling = regions[index + 1][0] if index + 1 < len(regions) else len(old)
        while i1 > floor and not old[i1 - 1].isspace():
            i1 -= 1
            j1 -= 1
        while i2 < ceiling and not old[i2].isspace():
            i2 += 1
            j2 += 1
        if widened and i1 <= widened[-1][1]:
            widened[-1][1] = max(widened[-1][1], i2)
            widened[-1][3] = max(widened[-1][3], j2)
        else:
            widened.append([i1, i2, j1, j2])
    return [(a, b, c, d) for a, b, c, d in widened]


# --------------------------------------------------------------------------- TQ110

# A full stop after a word of two letters or more, then a lower-case word: in the middle of a
# sentence, a stray stop (`the talks. continued`), unless the word is one of `_ABBREVIATIONS`.
_STOP_THEN_LOWER = lazy_regex(r"(?<![\p{L}\p{M}.\-'’])(\p{Lu}?\p{Ll}{2,})\.( )(\p{Ll}{2,})")


@check("TQ110", severity=Severity.WARNING)
def full_stop_inside_sentence(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A full stop in the middle of a sentence: a lower-case word follows it.

    ## What it does
    In targets written in a script with case, flags a full stop after a word of two letters
    or more when the next word starts in lower case (`the talks. continued`), unless the word
    is a known abbreviation (`incl.`, `approx.`, `bzw.`, `např.`, `см.`) or the source has a
    stop followed by a lower-case word too. It suggests nothing: the stop may be stray, or the
    sentence after it may have lost its beginning.

    ## Why is this bad?
    A stray stop cuts a sentence in two for the reader; it is what a joined segment, a
    misplaced abbreviation or a damaged sentence leaves behind. Human translations almost never
    have one (0.3 per 1,000 WMT23 reference segments, against 1-26 per 1,000 in MT).

    ## Example
        Fires: Gallant came to the building moments. before his meeting with Blinken.
        Fires: It was built at the beginning of the XVII century. when Ivan ruled.
        Okay:  The price is 50 euros excl. tax.
        Okay:  He left. She stayed.
        Okay:  See www.example.com for details.

    ## Known problems
    Abbreviations that are not listed are flagged; add them to `allow-words`. Sentences that
    deliberately start in lower case (brand names, `iOS`) after a stop are flagged only when
    their first word is all lower case.
    """
    if ctx.tgt.script not in ("Latin", "Cyrillic", "Greek"):
        return
    text = seg.target
    if ". " not in text:
        return
    allowed: set[str] | None = None
    source_has = None
    for match in _STOP_THEN_LOWER.finditer(text):
        word = match.group(1)
        if word.lower() in _ABBREVIATIONS:
            continue
        if allowed is None:
            allowed = {item.casefold() for item in ctx.settings.allow_words}
        if word in allowed:
            continue
        if source_has is None:
            source_has = bool(seg.source) and _STOP_THEN_LOWER.search(seg.source or "") is not None
        if source_has:
            return
        stop = match.end(1)
        # No suggestion: a stray stop is deleted, but as often the next sentence lost its first
        # letters or words (`reappear mold. fter the test`) and needs rewriting.
        yield Finding(Span(stop, stop + 1), f'Lower-case word after a full stop: "{word}. {match.group(3)}" '
                      "(a stray full stop, or the next sentence lost its beginning)")
