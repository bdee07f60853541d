"""Brackets and quotation marks (TQ2xx): balance, style and agreement with the source.

All checks share one scanner (`scan`) that pairs brackets and quotation marks in a text.
Brackets pair by kind regardless of width (`(` with `）`). Quotation marks pair by what a
mark can close in some language (`“` closes `„` in German, `»` opens in Danish), and by
context where a mark could open or close (`”` opening a Swedish quote). `’` is treated as an
apostrophe unless it closes a `‘` right on top of the stack, so `don’t`, `Israel’s` and
`the students’ union` are never unmatched quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.checks.text import NEARBY_SEGMENTS, excerpt, inside, protected_spans
from tqcheck.lang import ACCEPTED_QUOTE_PAIRS, LOCALE_QUOTES, LanguageProfile
from tqcheck.lang.patterns import lazy_re, lazy_regex
from tqcheck.model import Field, Finding, Segment, Severity, Span

FAMILY = "brackets-quotes"

# Bracket pairs and the kind each belongs to (full-width forms pair with their ASCII kind).
BRACKETS: dict[str, str] = {
    "(": ")", "[": "]", "{": "}", "\uff08": "\uff09", "\uff3b": "\uff3d", "\uff5b": "\uff5d",
    "\u3010": "\u3011", "\u3014": "\u3015", "\u3016": "\u3017", "\u300a": "\u300b", "\u3008": "\u3009",
    "\u27e8": "\u27e9", "\u2985": "\u2986", "\uff5f": "\uff60", "\u3018": "\u3019", "\u301a": "\u301b",
}
_CLOSING_BRACKETS = {close: open_ for open_, close in BRACKETS.items()}
BRACKET_KIND: dict[str, str] = {}
for _kind, _chars in {
    "round": "()\uff08\uff09\u2985\u2986\uff5f\uff60",
    "square": "[]\uff3b\uff3d",
    "curly": "{}\uff5b\uff5d",
    "lenticular": "\u3010\u3011\u3014\u3015\u3016\u3017\u3018\u3019\u301a\u301b",
    "title": "\u300a\u300b\u3008\u3009\u27e8\u27e9",
}.items():
    for _char in _chars:
        BRACKET_KIND[_char] = _kind

# Lenticular brackets pair with square ones: MT often converts only one of 【Tokyo】.
_PAIRING = {"round": "round", "square": "square", "curly": "curly", "lenticular": "square", "title": "title"}

_QUOTES = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a\u201b" \
          "\u300c\u300d\u300e\u300f\ufe41\ufe42\ufe43\ufe44\u301d\u301e\u301f\uff02\u05f4"
# `re`, not `regex`: several times faster on a large set of non-ASCII characters (hot path).
_MARKS = lazy_re("[" + re.escape("".join(BRACKETS) + "".join(_CLOSING_BRACKETS) + _QUOTES) + "]")

# What each closing (or two-way) quotation mark can close.
_CLOSES: dict[str, str] = {
    "\u201c": "\u201e\u201c",          # “ closes German „ (and a wrongly doubled “…“)
    "\u201d": "\u201c\u201e\u201d",    # ” closes “ „ and a Swedish ”
    "\u00bb": "\u00ab\u00bb",          # » closes « and a Finnish »
    "\u00ab": "\u00bb",                # « closes a Danish/German »
    "\u203a": "\u2039\u203a",
    "\u2039": "\u203a",
    "\u300d": "\u300c", "\u300f": "\u300e", "\ufe42": "\ufe41", "\ufe44": "\ufe43",
    "\u301e": "\u301d", "\u301f": "\u301d",
}
_ALWAYS_OPEN = frozenset("\u201e\u201f\u300c\u300e\ufe41\ufe43\u301d")
_ALWAYS_CLOSE = frozenset("\u300d\u300f\ufe42\ufe44\u301e\u301f")
# The Hebrew gershayim ״ is often used as a straight quotation mark too (״הכוחות ממשיכים״); between
# two Hebrew letters it is the abbreviation mark it was made for (צה״ל), like a straight " typed for it.
_STRAIGHT = frozenset("\"\uff02\u05f4")
_DOUBLE = "\"\uff02\u05f4\u201c\u201d\u201e\u201f\u00ab\u00bb"
_SINGLE = frozenset("\u2018\u2019\u201a\u201b")
# Marks that may follow a closing quote, or precede an opening one.
_AFTER_CLOSE = frozenset(".,;:!?)]}\u2026-\u2013\u2014/*"
                         "\u3002\uff0c\u3001\uff09\u300d\u300f\u201d\u00bb\u2019")
_BEFORE_OPEN = frozenset("([{-\u2013\u2014/\u00bf\u00a1\uff08\u300c\u201c\u201e\u00ab\u2018:")
_EMOTICON_EYES = frozenset(":;=")


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched opening and closing mark; `depth` counts the quotations it is nested in."""

    start: int
    end: int
    open: str
    close: str
    depth: int


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A mark without a partner in the same text."""

    position: int
    char: str
    opening: bool


@dataclass(frozen=True, slots=True)
class Scan:
    """Every bracket and quotation mark of a text, paired or left over, in text order."""

    bracket_pairs: tuple[Pair, ...]
    brackets_unmatched: tuple[Unmatched, ...]
    quote_pairs: tuple[Pair, ...]
    quotes_unmatched: tuple[Unmatched, ...]


_NO_MARKS = Scan((), (), (), ())
# The prescan's candidates of a check that needs a bracket or quotation mark on either side.
_EITHER_SIDE_MARKS: tuple[tuple[Field, str], ...] = (("target", _MARKS.pattern), ("source", _MARKS.pattern))


def _protected(text: str) -> list[tuple[int, int]]:
    """URL and e-mail spans; a URL's own closing bracket (`wiki/Gaza_(city)`) is part of it."""
    if "://" not in text and "www." not in text and "@" not in text:
        return []
    spans = []
    for start, end in protected_spans(text):
        piece = text[start:end]
        if end < len(text) and text[end] == ")" and piece.count("(") > piece.count(")"):
            end += 1
        spans.append((start, end))
    return spans


def _cased(char: str) -> bool:
    """A letter of a cased script (Latin, Cyrillic, Greek): where `’` between letters is an apostrophe."""
    return char.lower() != char.upper()


def _hebrew_letter(char: str) -> bool:
    return "\u05d0" <= char <= "\u05f2"


def _opening_context(prev: str, nxt: str) -> bool:
    return (not prev or prev.isspace() or prev in _BEFORE_OPEN) and bool(nxt) and not nxt.isspace()


def _closing_context(prev: str, nxt: str) -> bool:
    return bool(prev) and not prev.isspace() and (not nxt or nxt.isspace() or nxt in _AFTER_CLOSE)


@lru_cache(maxsize=2048)
def scan(text: str) -> Scan:
    """Pair the brackets and the quotation marks of `text` (cached: every TQ2xx check asks)."""
    if _MARKS.search(text) is None:
        return _NO_MARKS  # most segments: nothing to pair, no stacks or closures to set up
    protected = _protected(text)
    bracket_stack: list[tuple[int, str]] = []
    bracket_pairs: list[Pair] = []
    brackets_unmatched: list[Unmatched] = []
    stack: list[tuple[int, str]] = []
    quote_pairs: list[Pair] = []
    quotes_unmatched: list[Unmatched] = []
    length = len(text)

    def close_quote(index: int, position: int, char: str) -> None:
        for start, opener in stack[index + 1:]:
            quotes_unmatched.append(Unmatched(start, opener, True))
        start, opener = stack[index]
        del stack[index:]
        quote_pairs.append(Pair(start, position, opener, char, index))

    def find(partners: str) -> int:
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][1] in partners:
                return index
        return -1

    for match in _MARKS.finditer(text):
        position = match.start()
        char = match.group()
        if protected and inside(position, protected):
            continue
        prev = text[position - 1] if position else ""
        nxt = text[position + 1] if position + 1 < length else ""
        if char in BRACKETS or char in _CLOSING_BRACKETS:
            if char in "()" and (prev in _EMOTICON_EYES or (prev in "-'^" and position > 1
                                                             and text[position - 2] in _EMOTICON_EYES)):
                continue  # :) :-( ;)
            if char in BRACKETS:
                bracket_stack.append((position, char))
                continue
            group = _PAIRING[BRACKET_KIND[char]]
            for index in range(len(bracket_stack) - 1, -1, -1):
                if _PAIRING[BRACKET_KIND[bracket_stack[index][1]]] == group:
                    for start, opener in bracket_stack[index + 1:]:
                        brackets_unmatched.append(Unmatched(start, opener, True))
                    start, opener = bracket_stack[index]
                    del bracket_stack[index:]
                    bracket_pairs.append(Pair(start, position, opener, char, index))
                    break
            else:
                brackets_unmatched.append(Unmatched(position, char, False))
            continue
        # Quotation marks.
        opening = _opening_context(prev, nxt)
        closing = _closing_context(prev, nxt)
        if char in _STRAIGHT:
            if _cased(prev) and _cased(nxt):
                continue  # інтерв"ю: a straight quote standing in for an apostrophe
            if _hebrew_letter(prev) and _hebrew_letter(nxt):
                continue  # צה"ל, ש"ח, אג״ת: the Hebrew gershayim (or a " typed for it), an abbreviation mark
            index = find(char)
            if index < 0 and prev.isdigit() and not nxt.isalpha():
                continue  # 12" screen, 40°26'46"
            if index >= 0 and not (opening and not closing):
                close_quote(index, position, char)
            elif closing and not opening:
                index = find(_DOUBLE)
                if index >= 0:
                    close_quote(index, position, char)  # “…" or «…": mismatched, but a pair
                else:
                    quotes_unmatched.append(Unmatched(position, char, False))
            else:
                stack.append((position, char))  # an opening " (nested in another " if one is open)
        elif char in _SINGLE:
            if char == "\u2019":
                if stack and stack[-1][1] in "\u2018\u201a\u201b" and not (_cased(prev) and _cased(nxt)):
                    close_quote(len(stack) - 1, position, char)
                continue  # otherwise an apostrophe
            if char == "\u2018":
                if stack and stack[-1][1] == "\u201a":
                    close_quote(len(stack) - 1, position, char)
                    continue
                if _cased(prev) or nxt.isdigit():
                    continue  # don‘t, ‘90s: a misused apostrophe
                if stack and stack[-1][1] == "\u2018" and closing:
                    close_quote(len(stack) - 1, position, char)
                    continue
            stack.append((position, char))
        elif char in _ALWAYS_OPEN:
            stack.append((position, char))
        elif char in "\u201c\u201d" and _cased(prev) and _cased(nxt):
            continue  # I”ll: a misused apostrophe
        else:
            index = find(_CLOSES.get(char, ""))
            if index >= 0 and char in "\u201c\u00ab\u2039":
                if stack[index][1] == "\u201e" and not (opening and not closing):
                    pass  # „German“
                elif not (closing and not opening):
                    index = -1  # “ nested in “…” (Chinese), « nested in «…» (Russian): it opens
            if index < 0 and closing and not opening and char in _DOUBLE:
                index = find(_DOUBLE)  # «…" or „…": a mismatched pair, but a pair
            if index >= 0:
                close_quote(index, position, char)
            elif char in _ALWAYS_CLOSE:
                quotes_unmatched.append(Unmatched(position, char, False))
            elif char in "\u201c\u00ab\u2039":
                if closing and not opening:
                    quotes_unmatched.append(Unmatched(position, char, False))  # Czech „…“ opened earlier
                else:
                    stack.append((position, char))  # “English”, «French»
            elif opening and not closing:
                stack.append((position, char))  # ”Swedish”, »Danish«
            else:
                quotes_unmatched.append(Unmatched(position, char, False))
    brackets_unmatched.extend(Unmatched(start, opener, True) for start, opener in bracket_stack)
    quotes_unmatched.extend(Unmatched(start, opener, True) for start, opener in stack)
    brackets_unmatched.sort(key=lambda mark: mark.position)
    quotes_unmatched.sort(key=lambda mark: mark.position)
    return Scan(tuple(bracket_pairs), tuple(brackets_unmatched), tuple(quote_pairs), tuple(quotes_unmatched))


# --------------------------------------------------------------------------- shared filtering

_LIST_MARKER = lazy_regex(
    r"(?:(?:^|(?<=[\s(\[:;,\uff0c\u3002\uff1b\uff1a\u3001]))(?:\p{L}|\p{N}{1,3}"
    r"|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})|(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))"
    r"|(?<=[\p{Han}\p{Hiragana}\p{Katakana}])\p{N}{1,3})$"
)


def _is_list_marker(text: str, position: int) -> bool:
    """`a)`, `1)`, `iv)`, `一）` at the start of a line or list item."""
    return _LIST_MARKER.search(text, max(0, position - 6), position) is not None


def _bracket_defects(text: str, lang: LanguageProfile, source: str | None = None) -> list[Unmatched]:
    """Unmatched brackets that are not list markers or emoticons.

    A Russian-style smiley (`ждите)`) is one only where the source, when given, has a `)` too:
    a translation does not add smileys, so a lone `)` after a word there is a stray bracket.
    """
    marks = scan(text).brackets_unmatched
    if not marks:
        return []
    has_open = any(mark.opening for mark in marks)
    result = []
    for mark in marks:
        if not mark.opening:
            position = mark.position
            if _is_list_marker(text, position):
                continue
            if mark.char == ")" and (text.startswith("))", position) or text[position - 1:position] == ")"):
                continue  # ))) : a Russian-style smiley
            if mark.char == ")" and lang.script == "Cyrillic" and not has_open and (source is None or ")" in source):
                nxt = text[position + 1:position + 2]
                if not nxt or nxt.isspace() or nxt in ".,!?;":
                    continue  # "ждите)" : a smiley, not a bracket
        elif mark.char == "(" and (text.startswith("((", mark.position) or text[mark.position - 1:mark.position] == "("
                                   or text[mark.position - 1:mark.position] == ":"):
            continue  # ((( and :(( : sad smileys, the mirror of )))
        result.append(mark)
    return result


def _bracket_kind(char: str) -> str:
    return _PAIRING[BRACKET_KIND[char]]


def _quote_defects(text: str) -> list[Unmatched]:
    """Unmatched quotation marks worth reporting: never `’`, and `‘` only when no `’` follows it."""
    result = []
    for mark in scan(text).quotes_unmatched:
        if mark.char in "\u2018\u201b" and "\u2019" in text[mark.position:]:
            continue
        if mark.char == "\u2019":
            continue
        result.append(mark)
    return result


def _drop_inherited(marks: list[Unmatched], source_marks: Sequence[Unmatched],
                    kind: Callable[[str], object]) -> list[Unmatched]:
    """Drop the target marks the source explains: per kind, as many closers (the first ones)
    and openers (the last ones) as the source leaves unmatched itself."""
    if not source_marks:
        return marks
    openers: dict[object, int] = {}
    closers: dict[object, int] = {}
    for mark in source_marks:
        table = openers if mark.opening else closers
        table[kind(mark.char)] = table.get(kind(mark.char), 0) + 1
    kept = []
    for mark in marks:
        if not mark.opening and closers.get(kind(mark.char), 0) > 0:
            closers[kind(mark.char)] -= 1
            continue
        kept.append(mark)
    result = []
    for mark in reversed(kept):
        if mark.opening and openers.get(kind(mark.char), 0) > 0:
            openers[kind(mark.char)] -= 1
            continue
        result.append(mark)
    result.reverse()
    return result


_CARRY_WINDOW = 5  # a quotation or parenthesis may span this many following segments


def _across_segments(per_segment: list[list[Unmatched]], compatible: object,
                     continues: list[bool] | None = None) -> list[list[Unmatched]]:
    """Drop marks that pair up across neighbouring segments of a sentence-split document.

    An opener left open at the end of one segment and a closer left unmatched in one of the
    next few segments are one passage split by segmentation. With `continues` (quotes only),
    an opener is also dropped when the next segment starts with an opening mark: the
    convention of a quotation running over paragraphs, which closes only in the last one.
    """
    match = compatible if callable(compatible) else (lambda opener, closer: True)
    dropped: set[tuple[int, int]] = set()
    pending: list[tuple[int, Unmatched]] = []
    for number, marks in enumerate(per_segment):
        pending = [(seg, mark) for seg, mark in pending if number - seg <= _CARRY_WINDOW]
        if continues is not None and continues[number] and pending and pending[-1][0] == number - 1:
            dropped.update((seg, mark.position) for seg, mark in pending if seg == number - 1)
            pending = [(seg, mark) for seg, mark in pending if seg != number - 1]
        for mark in marks:
            if mark.opening:
                continue
            for index in range(len(pending) - 1, -1, -1):
                seg, opener = pending[index]
                if match(opener.char, mark.char):
                    dropped.add((seg, opener.position))
                    dropped.add((number, mark.position))
                    del pending[index]
                    break
        last_closer = max((mark.position for mark in marks if not mark.opening), default=-1)
        pending.extend((number, mark) for mark in marks if mark.opening and mark.position > last_closer)
    return [[mark for mark in marks if (number, mark.position) not in dropped]
            for number, marks in enumerate(per_segment)]


def _context(text: str, position: int) -> str:
    return excerpt(text, max(0, position - 12), min(len(text), position + 28))


# --------------------------------------------------------------------------- TQ201


@check("TQ201", severity=Severity.WARNING, scope="document")
def unbalanced_brackets(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """A bracket without its partner: `(` never closed or `)` never opened.

    ## What it does
    Pairs `() [] {}` and the CJK brackets `（） 【】 《》 〈〉 〔〕` in the target (full- and
    half-width forms of one kind pair with each other) and reports each bracket left over.

    ## Why is this bad?
    A dangling bracket usually means the MT system dropped or duplicated part of a
    parenthetical, as in `(at 1 p.m. (local time).`: the reader cannot tell where the aside ends.

    ## Example
        Fires: moments before his meeting with Blinken (at 1 p.m. (local time).
        Fires: the minister said) that talks would go on
        Okay:  the meeting (at 1 p.m. local time) ended
        Okay:  Choose a) the plan or b) the deal.
        Okay:  Thanks :) see you
        Okay[de>en]: (Die Gespräche gehen weiter. ||| (The talks continue.
        Okay:  (The talks continue. ¶ They will end on Friday.)

    ## Severity
    An error when the source's brackets all pair up (the MT lost or added one), or when the
    unclosed bracket is followed by another of its kind that does close (`(at 1 p.m. (local
    time).`: opened twice); a warning otherwise.

    ## Known problems
    An imbalance the source has too is not reported (the segmenter split a parenthetical),
    nor an opening bracket closed within the next five segments. List markers (`a)`, `1)`,
    `iv)`), emoticons (`:)`, `:-(`) and Russian-style smileys (`отлично)`, `)))`, `(((`, `:((`) are skipped;
    a lone `)` after a word is a smiley only where the source, when given, has a `)` too.
    """
    per_segment = [_bracket_defects(segment.target, ctx.tgt, segment.source) for segment in doc]
    if not any(per_segment):
        return
    per_segment = _across_segments(per_segment,
                                   lambda opener, closer: _bracket_kind(opener) == _bracket_kind(closer))
    for segment, marks in zip(doc, per_segment, strict=True):
        if marks and segment.source:
            marks = _drop_inherited(marks, scan(segment.source).brackets_unmatched, _bracket_kind)
        text = segment.target
        source_balanced = bool(segment.source) and not scan(segment.source or "").brackets_unmatched
        for mark in marks:
            if mark.opening:
                message = f'Unclosed "{mark.char}" in "{_context(text, mark.position)}"'
            else:
                message = f'Unopened "{mark.char}" in "{_context(text, mark.position)}"'
            severity = Severity.ERROR if source_balanced or _reopened(text, mark) else Severity.WARNING
            yield Finding(Span(mark.position, mark.position + 1), message, segment_id=segment.id, severity=severity)


def _reopened(text: str, mark: Unmatched) -> bool:
    """Whether an unclosed bracket is followed in its own paragraph by another of its kind that
    does close (`Blinken (at 1 p.m. (local time).`): the aside was opened twice, not continued."""
    if not mark.opening:
        return False
    kind = _bracket_kind(mark.char)
    return any(pair.start > mark.position and _bracket_kind(pair.open) == kind for pair in scan(text).bracket_pairs)


# --------------------------------------------------------------------------- TQ202

_OPENING_QUOTE_START = lazy_regex(
    r"^\s*[\"\u201c\u201e\u00ab\u00bb\u2018\u201a\u300c\u300e\u2039\u201d\uff02]"
)


def _quote_family(char: str) -> str:
    if char in "\u300c\u300d":
        return "corner"
    if char in "\u300e\u300f":
        return "white-corner"
    if char in "\u2018\u2019\u201a\u201b\u2039\u203a":
        return "single"
    return "double"


@check("TQ202", severity=Severity.WARNING, scope="document")
def unbalanced_quotes(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """A quotation mark without its partner: a quotation opened and never closed, or the reverse.

    ## What it does
    Pairs `“” ‘’ «» „“ „” ‹› 「」 『』` and straight `"` in the target, following each
    language's conventions (German closes `„` with `“`, Swedish quotes with `”…”`), and
    reports each mark left over.

    ## Why is this bad?
    Readers cannot tell where the quoted words end, which matters in news: who said what.

    ## Example
        Fires: Gallant said, “The meetings we are holding are very important.
        Fires: Gallant said, "The meetings are important, Miller said.
        Fires[de]: Er sagte: „Die Gespräche sind wichtig.
        Okay:  Gallant said, “The meetings are important.”
        Okay:  despite the administration’s anger at the students’ union
        Okay[de]: Er sagte: „Die Gespräche sind wichtig.“
        Okay:  “We will continue. ¶ “We will not stop,” he said.
        Okay:  “We will continue. ¶ We will not stop,” he said.
        Okay:  a 12" screen
        Okay[he]: דובר צה"ל אמר כי המחיר עלה ל-3.5 מיליון ש"ח.

    ## Severity
    A warning; information for a straight quote in a text whose straight quotes are even in
    number: they pair up, and the spacing around one of them misleads the reading (`at" 1" unit`).

    ## Known problems
    `’` is always taken for an apostrophe unless it closes a `‘` right before it, and a `‘` is
    only reported when no `’` follows it. An imbalance the source has too, a quotation closed
    within the next five segments, and a quotation that runs on into a paragraph starting with
    an opening mark (the English convention) are not reported.
    """
    per_segment = [_quote_defects(segment.target) for segment in doc]
    if not any(per_segment):
        return
    continues = [bool(_OPENING_QUOTE_START.match(segment.target)) for segment in doc]
    per_segment = _across_segments(per_segment,
                                   lambda opener, closer: _quote_family(opener) == _quote_family(closer),
                                   continues)
    for segment, marks in zip(doc, per_segment, strict=True):
        if marks and segment.source:
            source_marks = scan(segment.source).quotes_unmatched
            # Straight quotes make roles uncertain: as many marks as the source's explain them all.
            if len(source_marks) >= len(marks):
                continue
            marks = _drop_inherited(marks, source_marks, lambda char: "quote")
        text = segment.target
        for mark in marks:
            what = "Unclosed quotation" if mark.opening else "Closing quotation mark without an opening one"
            # Straight quotes of even number do pair up: the spacing around one is wrong (`at" 1" unit`),
            # which is worth a look but is no missing quotation mark.
            spacing = mark.char in _STRAIGHT and sum(text.count(char) for char in _STRAIGHT) % 2 == 0
            yield Finding(Span(mark.position, mark.position + 1),
                          f'{what} {mark.char} in "{_context(text, mark.position)}"', segment_id=segment.id,
                          severity=Severity.INFO if spacing else None)


# --------------------------------------------------------------------------- TQ203 / TQ204


def _style(pair: Pair) -> str | None:
    """The style of an outer quotation (`""`, `“”`, `„“`, `«»`, `「」`); None for single quotes
    (apostrophes make them uncountable) and for the `『』` that mark titles in Chinese and Japanese."""
    if pair.open in _SINGLE or pair.open in "\u2039\u203a\u300e":
        return None
    if pair.open in _STRAIGHT and pair.close in _STRAIGHT:
        return '""'
    return pair.open + pair.close


def _preference(style: str, lang: LanguageProfile) -> int:
    locale = LOCALE_QUOTES.get(lang.code)
    if locale and style == locale[0] + locale[1]:
        return 3
    if style in ACCEPTED_QUOTE_PAIRS.get(lang.code, frozenset()):
        return 2
    return 0 if style == '""' else 1


@check("TQ203", severity=Severity.WARNING, scope="document", fix="safe")
def mixed_quote_styles(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """Quotations in one document use different quotation marks (`“…”` here, `"…"` there).

    ## What it does
    Counts the outer quotations near each other in the document by style (straight `"…"`,
    curly `“…”`, German `„…“`, guillemets `«…»`, corner brackets `「…」`) and, where more than
    one style is used, flags each quotation whose style is not the target language's own,
    once per quotation, with the quotation re-marked as the suggestion. The language's
    convention comes first: a quotation in the language's own style (or an accepted regional
    variant) is never flagged, and the suggested style is the convention used nearby, when at
    least half the quotations nearby follow it (a manual that quotes its switch labels with
    straight quotes throughout keeps its house style beside three curly quotes). Only
    for languages without a known convention, or where no quotation nearby follows it, does
    the majority decide (ties go to typographic over straight quotes).

    ## Why is this bad?
    Mixed styles show that paragraphs were translated (or post-edited) separately; house
    style requires one form throughout an article, and the language's own marks are the form
    a reader expects.

    ## Example
        Fires: “We look forward to progress,” Miller said. ¶ Gallant said, "The meetings are important."
        Okay:  “We look forward to progress,” Miller said. ¶ Gallant said, “The meetings are important.”
        Okay:  Miller said, “He called it ‘decisive’ again.”
        Okay[ru]: Он сказал: «Это „важно“ для нас».
        Fires[cs]: Řekl „ano“. ¶ Řekl „ne“. ¶ Nazval to "nejtěžší týden mého života".
        Okay[cs]: Nazval to „nejtěžší týden mého života“. ¶ Nazval to »nejhorší«.

    ## Known problems
    Only outer quotations count: nested quotes legitimately use another style, and single
    quotes are left out because they cannot be told from apostrophes. A quotation is compared
    with those within 20 segments of it, so a long batch given without document ids (one
    "document" of many stories) is not held to one style throughout.
    """
    found: list[tuple[int, Segment, Pair, str]] = []
    first: dict[str, int] = {}
    for position, segment in enumerate(doc):
        for pair in scan(segment.target).quote_pairs:
            if pair.depth:
                continue
            style = _style(pair)
            if style is None:
                continue
            found.append((position, segment, pair, style))
            first.setdefault(style, len(first))
    if len(first) < 2:
        return
    for (segment, pair, style), counts, whole in _with_neighbours(found):
        if len(counts) < 2 or _preference(style, ctx.tgt) >= 2:
            continue  # one style, or the language's own: never "corrected" towards another
        conventional = {other: count for other, count in counts.items() if _preference(other, ctx.tgt) >= 2}
        if conventional and 2 * sum(conventional.values()) < sum(counts.values()):
            continue  # a house style (straight quotes) with a few correct ones among them: neither is wrong
        pool = conventional or counts
        dominant = max(pool, key=lambda style: (counts[style], _preference(style, ctx.tgt), -first[style]))
        if style == dominant:
            continue
        total = sum(counts.values())
        where, verb = ("the document", "uses") if whole else (f"quotations within {NEARBY_SEGMENTS} segments", "use")
        if conventional:
            note = f"{where} {verb} {_style_name(dominant)}, {ctx.tgt.name} style ({counts[dominant]} of {total})"
        elif counts[dominant] * 2 > total:
            note = f"{where} mostly {verb} {_style_name(dominant)} ({counts[dominant]} of {total})"
        else:  # a tie goes to the preferred style
            note = f"{where} {verb} {_style_name(dominant)} as often ({counts[dominant]} of {total})"
        message = f"{_style_name(style).capitalize()} around {_quoted(segment.target, pair)}; {note}"
        text = segment.target
        fixed = dominant[0] + text[pair.start + 1:pair.end] + dominant[1]
        yield Finding(Span(pair.start, pair.end + 1), message, suggestion=fixed, segment_id=segment.id)


def _with_neighbours(found: Sequence[tuple[int, Segment, Pair, str]]
                     ) -> Iterator[tuple[tuple[Segment, Pair, str], dict[str, int], bool]]:
    """Each quotation with the style counts of the quotations within `NEARBY_SEGMENTS` segments
    of it (itself included), and whether those are all of the document's quotations."""
    low = high = 0
    for position, segment, pair, style in found:
        while found[low][0] < position - NEARBY_SEGMENTS:
            low += 1
        while high < len(found) and found[high][0] <= position + NEARBY_SEGMENTS:
            high += 1
        counts: dict[str, int] = {}
        for item in found[low:high]:
            counts[item[3]] = counts.get(item[3], 0) + 1
        yield (segment, pair, style), counts, low == 0 and high == len(found)


def _style_name(style: str) -> str:
    return "straight quotes" if style == '""' else f"{style[0]}\u2026{style[1]}"


def _quoted(text: str, pair: Pair) -> str:
    """The quotation's words for a message, without its marks: `“The meetings we are…”`."""
    inner = text[pair.start + 1:pair.end]
    if len(inner) > 30:
        inner = inner[:29].rstrip() + "\u2026"
    return f'"{inner}"' if inner else "an empty quotation"


@check("TQ204", severity=Severity.INFO, fix="safe", candidates=(("target", _MARKS.pattern),))
def locale_quote_style(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Quotation marks of another language (`“…”` in German, `„…“` in English).

    ## What it does
    For target languages with a known convention (`tqcheck.lang.LOCALE_QUOTES`: German `„…“`,
    French and Russian `«…»`, Japanese `「…」`, ...) flags outer quotations that use neither the
    language's outer or inner marks nor an accepted regional variant (Swiss `«…»` in German,
    British `‘…’` in English, `“…”` in the Spanish, Italian and Portuguese press).

    ## Why is this bad?
    The MT system copied the source language's quotation marks; to a reader of the target
    language they look foreign.

    ## Example
        Fires[de]: Er sagte: “Die Gespräche sind wichtig.”
        Fires[ru]: Он назвал встречи “решающими”.
        Okay[de]: Er sagte: „Die Gespräche sind wichtig.“
        Okay[de]: Er sagte: "Die Gespräche sind wichtig."
        Okay[ru]: Он назвал встречи «решающими».
        Okay[ru]: Он назвал встречи „решающими“.
        Okay:  He called the meetings ‘decisive’.

    ## Known problems
    Straight `"` quotes are left alone (a house style; TQ203 checks consistency). Nested
    quotations are not checked.
    """
    locale = LOCALE_QUOTES.get(ctx.tgt.code)
    if locale is None:
        return
    text = seg.target
    pairs = scan(text).quote_pairs
    if not pairs:
        return
    allowed = {locale[0] + locale[1], locale[2] + locale[3]}
    allowed |= ACCEPTED_QUOTE_PAIRS.get(ctx.tgt.code, frozenset())
    for pair in pairs:
        if pair.depth or pair.open in _STRAIGHT or pair.close in _STRAIGHT:
            continue  # straight quotes are a house style; TQ203 checks that it is kept
        style = pair.open + pair.close
        if style in allowed:
            continue
        # Fix only the mark that is wrong when the other one belongs to an accepted pair (German „…”).
        fix_open, fix_close = locale[0], locale[1]
        for candidate in sorted(allowed):
            if candidate[0] == pair.open:
                fix_open, fix_close = pair.open, candidate[1]
                break
            if candidate[1] == pair.close:
                fix_open, fix_close = candidate[0], pair.close
        message = (f"{_style_name(style)} around {_quoted(text, pair)}; {ctx.tgt.name} quotes with "
                   f"{fix_open}\u2026{fix_close}")
        if pair.open != fix_open:
            yield Finding(Span(pair.start, pair.start + 1), message, suggestion=fix_open)
        if pair.close != fix_close:
            yield Finding(Span(pair.end, pair.end + 1), message, suggestion=fix_close)


# --------------------------------------------------------------------------- TQ205 / TQ206


def _align(source: list[tuple[float, Pair]],
           target: list[tuple[float, Pair]]) -> tuple[list[Pair], list[Pair]]:
    """Greedily pair passages by relative position; return the unpaired source and target ones."""
    left = list(source)
    right = list(target)
    while left and right:
        _, i, j = min((abs(a[0] - b[0]), i, j) for i, a in enumerate(left) for j, b in enumerate(right))
        del left[i]
        del right[j]
    return [pair for _, pair in left], [pair for _, pair in right]


def _relative(pairs: Sequence[Pair], length: int) -> list[tuple[float, Pair]]:
    return [(pair.start / max(length, 1), pair) for pair in pairs[:20]]


def _count_mismatch(seg: Segment, source_side: tuple[list[Pair], list[Pair]],
                    target_side: tuple[list[Pair], list[Pair]], noun: str) -> Iterator[Finding]:
    """Findings for the passages without counterpart when the counts cannot be reconciled.

    Each side is (firm, optional) passages: firm ones need a counterpart on the other side,
    optional ones (`《》` title marks, one-word glosses) may appear, vanish or stand in for one.
    """
    source = seg.source or ""
    target = seg.target
    src_firm, src_optional = source_side
    tgt_firm, tgt_optional = target_side
    n_src = len(src_firm) + len(src_optional)
    n_tgt = len(tgt_firm) + len(tgt_optional)
    summary = f"source has {n_src}, target {n_tgt}"
    if len(src_firm) > n_tgt:
        lost, _ = _align(_relative(src_firm, len(source)), _relative(tgt_firm + tgt_optional, len(target)))
        for pair in lost[: len(src_firm) - n_tgt]:
            passage = excerpt(source, pair.start, pair.end + 1)
            yield Finding(Span(pair.start, pair.end + 1, "source"),
                          f'Source {noun} "{passage}" has no counterpart in the target ({summary})')
    elif len(tgt_firm) > n_src:
        _, extra = _align(_relative(src_firm + src_optional, len(source)), _relative(tgt_firm, len(target)))
        for pair in extra[: len(tgt_firm) - n_src]:
            passage = excerpt(target, pair.start, pair.end + 1)
            yield Finding(Span(pair.start, pair.end + 1),
                          f'Target {noun} "{passage}" has no counterpart in the source ({summary})')


_FIRM_BRACKETS = frozenset({"round", "square", "curly"})
# Bracket contents that come and go in translation: numbers, letters, placeholders, elisions.
# Japanese readings in kana (`犬乾（いぬいかわ）`) are glosses too.
_TRIVIAL = lazy_regex(
    r"^(?:[\p{N}\p{P}\p{S}\s]*|\p{L}{1,2}|[\p{Lu}_]+\d*|sic|[\p{Hiragana}\p{Katakana}\u30fc\u30fb]+)$"
)


def _is_gloss(inner: str, other: str) -> bool:
    """Whether bracketed or quoted text also occurs in the other language's text (`巴黎世家(Balenciaga)`)."""
    inner = inner.strip()
    return len(inner) >= 2 and inner.casefold() in other.casefold()


def _is_placeholder(text: str, pair: Pair, inner: str) -> bool:
    """`%(name)s` and `{name}`: format placeholders, which TQ564-TQ566 compare instead."""
    if pair.open == "(":
        return pair.start > 0 and text[pair.start - 1] == "%" and _IDENTIFIER.fullmatch(inner) is not None
    return pair.open == "{" and _IDENTIFIER.fullmatch(inner.strip("{} ")) is not None


_IDENTIFIER = lazy_regex(r"[\w.]+")
# An editor's insertion in square brackets: up to three words starting in lower case (`[would]`, `[of the]`).
_EDITORIAL = lazy_regex(r"\p{Ll}[\p{L}\p{M}'\u2019\-]*(?: \p{L}[\p{L}\p{M}'\u2019\-]*){0,2}")


def _bracket_sides(text: str, other: str) -> tuple[list[Pair], list[Pair]]:
    firm: list[Pair] = []
    optional: list[Pair] = []
    for pair in scan(text).bracket_pairs:
        inner = text[pair.start + 1:pair.end]
        if BRACKET_KIND[pair.open] not in _FIRM_BRACKETS or pair.depth or _TRIVIAL.match(inner.strip()) \
                or _is_gloss(inner, other) or _is_placeholder(text, pair, inner) \
                or (pair.open in "[\uff3b" and _EDITORIAL.fullmatch(inner.strip()) is not None):
            optional.append(pair)
        else:
            firm.append(pair)
    for mark in scan(text).brackets_unmatched:  # part of a parenthesis split across segments
        optional.append(Pair(mark.position, mark.position, mark.char, mark.char, 0))
    return firm, optional


@check("TQ205", severity=Severity.INFO, needs=("source",), candidates=_EITHER_SIDE_MARKS)
def bracket_count_mismatch(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Source and target have different numbers of bracketed passages.

    ## What it does
    Counts matched `()`, `[]`, `{}` pairs (full-width forms included) in source and target and
    reports the passages that have no counterpart, matched by relative position; in the
    source (field `source`) when the target lost one, in the target when it gained one.
    Lenticular `【】` and title `《》 〈〉` brackets may appear or disappear in translation.

    ## Why is this bad?
    A lost parenthesis often means lost content (an explanation, an acronym, a date); an
    added one is a hallucination or a duplicated aside.

    ## Example
        Fires[de>en]: Die Nato (Nordatlantikpakt) tagte. ||| NATO met.
        Fires[de>en]: Die Nato tagte. ||| NATO (the alliance) met.
        Okay[de>en]: Die Nato (Nordatlantikpakt) tagte. ||| NATO (North Atlantic Treaty) met.
        Okay[zh>en]: 他在会上（北京时间）发言。 ||| He spoke at the meeting (Beijing time).
        Okay[zh>en]: 【快讯】他发言。 ||| Breaking: he spoke.

    ## Known problems
    Translators legitimately turn parentheses into commas or dashes, so this is a hint (info).
    Unmatched brackets are TQ201's and are not counted.
    """
    source = seg.source or ""
    if not scan(source).bracket_pairs and not scan(seg.target).bracket_pairs:
        return
    yield from _count_mismatch(seg, _bracket_sides(source, seg.target), _bracket_sides(seg.target, source),
                               "bracketed passage")


_UNSPACED_SCRIPT = lazy_regex(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
_LONG_UNSPACED = 12  # characters of Chinese or Japanese text that make a quotation "long"


# 'Single straight quotes' around a passage, told from apostrophes (don't, the students' union)
# by position: the opening one starts a word, the closing one ends one and no word follows.
_STRAIGHT_SINGLE = lazy_regex(
    r"(?:^|(?<=[\s(\[\u2013\u2014:]))'(?=[^\s'\d])(?:[^'\n]|'(?=\w))*?(?<=[^\s'])'"
    r"(?=$|[\s.,;:!?)\]\u2013\u2014])"
)


def _quotation_sides(text: str, other: str) -> tuple[list[Pair], list[Pair]]:
    """Outer quotations: firm when they quote a clause (four words or more), optional when they
    mark a name, title or single term, which languages quote differently (`«Газпром»`, 「かなり」)."""
    firm: list[Pair] = []
    optional: list[Pair] = []
    pairs = list(scan(text).quote_pairs)
    if "'" in text:
        outer = [(pair.start, pair.end) for pair in pairs if not pair.depth]
        for match in _STRAIGHT_SINGLE.finditer(text):
            if not any(start < match.start() < end for start, end in outer):
                pairs.append(Pair(match.start(), match.end() - 1, "'", "'", 0))
    for pair in pairs:
        if pair.depth:
            continue
        inner = text[pair.start + 1:pair.end].strip()
        long = len(inner.split()) >= 4 or (len(inner) >= _LONG_UNSPACED
                                           and bool(_UNSPACED_SCRIPT.search(inner)))
        if pair.open == "\u300e" or not long or _is_gloss(inner, other):
            optional.append(pair)
        else:
            firm.append(pair)
    for pair in scan(text).bracket_pairs:
        if BRACKET_KIND[pair.open] == "title":
            optional.append(pair)
    # A mark left unmatched is part of a quotation split across segments: it may stand for one.
    for mark in _quote_defects(text):
        optional.append(Pair(mark.position, mark.position, mark.char, mark.char, 0))
    # Direct speech set off with dashes (Ukrainian, Russian, Spanish dialogue) stands for quotes.
    for match in _DIALOGUE_DASH.finditer(text):
        optional.append(Pair(match.end() - 2, match.end() - 2, match.group()[-2], match.group()[-2], 0))
    return firm, optional


# A dash that opens or resumes direct speech: at the start of the text or after sentence punctuation
# (`— Що це у вас? — спитав він.`), not the copula dash between words (`Москва — столиця`).
_DIALOGUE_DASH = lazy_regex(r"(?:^\s*|[.,!?\u2026:;]\s+)[\u2014\u2013\u2012\u2015-]\s")


@check("TQ206", severity=Severity.INFO, needs=("source",), candidates=_EITHER_SIDE_MARKS)
def quote_count_mismatch(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Source and target have different numbers of quotations.

    ## What it does
    Counts the outer quotations of source and target (any style: `"…"`, `“…”`, `„…“`, `«…»`,
    `「…」`) and reports a quotation of four words or more (twelve characters of Chinese or
    Japanese) that has no quotation at all as counterpart, matched by relative position.

    ## Why is this bad?
    In news a quotation marks someone's exact words; a lost quotation turns a quote into a
    paraphrase, an added one attributes words nobody said.

    ## Example
        Fires[de>en]: Er sagte: „Wir reden weiter, egal was passiert.“ ||| He said they would go on.
        Fires[de>en]: Er sagte, sie würden weiterreden. ||| He said: “We will go on, come what may.”
        Okay[de>en]: Er sagte: „Wir setzen die Gespräche fort.“ ||| He said: “We are continuing the talks.”
        Okay[de>en]: Er nannte die Treffen „entscheidend“. ||| He called the meetings decisive.
        Okay[ru>en]: Акции «Газпрома» выросли. ||| Gazprom shares rose.
        Okay[zh>en]: 他读了《战争与和平》。 ||| He read “War and Peace”.
        Okay[uk>en]: — Що це у вас, товаришу? — спитав курсант. ||| "What is that you have, comrade?" the cadet asked.
        Okay[he>en]: המחיר עלה ל-3.5 מיליון ש"ח, לפי דו"ח האוצר. ||| The price rose to NIS 3.5 million, a Treasury report said.
        Okay[he>en]: דובר צה״ל: ״הכוחות ממשיכים לפעול באזור״. ||| The IDF spokesman: "The forces continue to operate in the area."

    ## Known problems
    Quotations of one to three words (names, titles, scare quotes) may come and go, since
    languages quote them differently (Russian quotes company names, English italicises
    titles, Japanese marks terms with `「」`); so may Chinese and Japanese title marks (`《》`,
    `『』`), and direct speech set off with dashes on one side (`— Що це у вас?` for `"What
    is that you have?"`). Translators also turn quotes into reported speech, so this is a
    hint (info).
    Unmatched quotation marks are TQ202's and are not counted.
    """
    source = seg.source or ""
    if not scan(source).quote_pairs and not scan(seg.target).quote_pairs:
        return
    sides = _quotation_sides(source, seg.target), _quotation_sides(seg.target, source)
    yield from _count_mismatch(seg, *sides, "quotation")
