"""Small pure text helpers shared by several checks. Offsets are code points into the input."""

from __future__ import annotations

from collections.abc import Iterator

import regex

# A word: letters (with combining marks), digits, inner apostrophes/hyphens/periods of abbreviations.
WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|['\u2019\-](?=[\p{L}\p{N}]))*")
# A capitalised word in a cased script: the raw material for name checks.
CAPITALISED = regex.compile(r"\b\p{Lu}[\p{Ll}\p{M}]+(?:['\u2019\-]\p{Lu}?[\p{Ll}\p{M}]+)*\b")
URL = regex.compile(r"\b(?:https?://|www\.)[^\s<>\"'\u201c\u201d]+[^\s<>\"'\u201c\u201d.,;:!?)\]]", regex.I)
EMAIL = regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for every word in `text`."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), match.group()


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses, where punctuation and spacing rules do not apply."""
    spans = [match.span() for match in URL.finditer(text)]
    spans.extend(match.span() for match in EMAIL.finditer(text))
    return sorted(spans)


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `position` falls inside any of the (sorted, few) spans."""
    return any(start <= position < end for start, end in spans)


def excerpt(text: str, start: int, end: int, limit: int = 40) -> str:
    """The flagged text for a message, shortened in the middle when long."""
    piece = text[start:end]
    if len(piece) > limit:
        piece = piece[: limit // 2 - 1] + "\u2026" + piece[-(limit // 2 - 1):]
    return piece
