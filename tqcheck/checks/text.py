"""Small pure text helpers shared by several checks. Offsets are code points into the input."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from tqcheck.lang.patterns import lazy_regex

# A word: letters (with combining marks), digits, inner apostrophes/hyphens/periods of abbreviations.
WORD = lazy_regex(r"[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|['\u2019\-](?=[\p{L}\p{N}]))*")
# A capitalised word in a cased script: the raw material for name checks.
CAPITALISED = lazy_regex(r"\b\p{Lu}[\p{Ll}\p{M}]+(?:['\u2019\-]\p{Lu}?[\p{Ll}\p{M}]+)*\b")
# Document-level consistency checks (names, quote styles) compare a segment only with segments at
# most this far away: an article's paragraphs, not the unrelated stories of a long batch given
# without document ids, which is one "document" to the runner. In WMT23 output every real name
# inconsistency was within 8 lines of the spelling it departed from.
NEARBY_SEGMENTS = 20
URL = lazy_regex(r"\b(?:https?://|www\.)[^\s<>\"'\u201c\u201d]+[^\s<>\"'\u201c\u201d.,;:!?)\]]", regex.I)
EMAIL = lazy_regex(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


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


_SENTENCE_BREAK = lazy_regex(
    r"[.!?\u2026\u061f][\"'\u201d\u2019\u00bb)]*\s+(?=[\p{Lu}\p{N}\"'\u201c\u201e\u00ab([\p{Lo}--\p{Hiragana}]])"
    r"|\u3002+(?=\s*[^\s\u3002\uff01\uff1f\u300d\u300f\uff09)\"'\u201d\u2019])"
    r"|[\uff01\uff1f]+(?=\s*[^\s\u3002\uff01\uff1f\u300d\u300f\uff09)\"'\u201d\u2019\p{Hiragana}])",
    regex.V1,
)
# Abbreviations after which a period does not end the sentence: initials, dotted acronyms (`U.S.`)
# and common titles and units.
_ABBREVIATION = lazy_regex(
    r"(?:\b\p{L}|(?:\p{L}\.){2,}\p{L}?|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Col|Lt|Sgt|Rep|Sen|Gov|No|Nr"
    r"|Vol|Inc|Ltd|Co|Corp|vs|approx|ca|bzw|ggf|usw|Hr|Fr|Str|Mio|Mrd|ul|gg|tys|mln|mld|im"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|"
    r"\b(?:г|гг|ул|им|др|тыс|млн|млрд|руб|грн|пр|см|т\.\s?е|т\.\s?д))\.$"
)


# Marks that end a sentence, in any script (the Arabic `؟` and `۔`, the Devanagari danda `।`, the
# full-width `。！？．`).
SENTENCE_FINAL = frozenset(".!?\u2026\u3002\uff01\uff1f\u061f\u06d4\u0964\uff0e")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: breaks after `.!?…؟` before a capital, digit or quote, and
    after full-width `。！？`; not after initials, dotted acronyms (`U.S.`) or common abbreviations."""
    spans = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        before = text[:match.start() + 1]
        if before.endswith(".") and _ABBREVIATION.search(before):
            continue
        end = match.start() + len(match.group().rstrip())
        spans.append((start, end))
        start = match.end()
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans
