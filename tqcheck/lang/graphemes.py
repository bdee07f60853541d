"""Snapping spans outward to whole grapheme clusters (user-perceived characters).

A check may find a pattern that starts or ends next to a combining mark, a zero-width joiner
or another character that Unicode glues to its neighbour: `12,000` followed by U+200D, a word
whose first letter is a lone combining accent, a doubled period carrying a mark. Highlighting
or replacing part of a cluster would split a character on screen, so the runner widens every
span to cluster boundaries (UAX #29, as the `regex` module's `\\X` finds them) and rewrites the
suggestion so that applying it still changes exactly what the check meant.

Most boundaries are decided from the two neighbouring characters alone (the fast path, which
covers all ASCII and ordinary text); only the rest are resolved by matching `\\X` from the
nearest position that is certainly a boundary.
"""

from __future__ import annotations

from tqcheck.lang.patterns import lazy_regex
from tqcheck.model import Span

# A break is certain between a character that never joins forward and one that never joins backward.
_ENDS_CLUSTER = lazy_regex(r"[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}]")
_STARTS_CLUSTER = lazy_regex(r"[\p{GCB=Other}\p{GCB=Control}\p{GCB=CR}\p{GCB=LF}\p{GCB=Prepend}]")
_CLUSTER = lazy_regex(r"\X")
# Characters searched around a position for a certain boundary. A "cluster" longer than this (a storm
# of combining marks or joiners) is no user-perceived character: spans in it are left as they are, so
# snapping costs at most this much per finding however long the run (`tqcheck.limits`).
_LOOKBACK = 256


def _certain(text: str, position: int) -> bool:
    if position <= 0 or position >= len(text):
        return True
    return bool(_ENDS_CLUSTER.match(text, position - 1) and _STARTS_CLUSTER.match(text, position))


_BASE = lazy_regex(r"\p{GCB=Other}")
_JOINS_FORWARD = lazy_regex(r"[\p{GCB=Prepend}\p{GCB=ZWJ}\p{GCB=Regional_Indicator}]")


def _soft_start(text: str, index: int) -> bool:
    """Whether a cluster starts at `index`: a base character not joined to the one before it."""
    return bool(_BASE.match(text, index)) and (index == 0 or not _JOINS_FORWARD.match(text, index - 1))


def cluster_bounds(text: str, position: int) -> tuple[int, int]:
    """(start, end) of the grapheme cluster containing `position`; (p, p) when `position` is a boundary."""
    if _certain(text, position):
        return position, position
    anchor = position - 1
    floor = max(0, position - _LOOKBACK)
    while anchor > floor and not _certain(text, anchor):
        anchor -= 1
    if anchor == floor and not _certain(text, anchor):
        # No certain boundary nearby (decomposed text: `e` + U+0301 pairs). A base character starts a
        # cluster unless the character before it joins forward (ZWJ, Prepend): start there.
        anchor = next((index for index in range(position - 1, floor - 1, -1) if _soft_start(text, index)), -1)
        if anchor < 0:
            return position, position  # a storm of marks or joiners: no character to keep whole
    stop = min(len(text), position + _LOOKBACK)
    for match in _CLUSTER.finditer(text, anchor, stop):
        start, end = match.span()
        if start == position or end == position:
            return position, position
        if start < position < end:
            return (start, end) if end < stop or stop == len(text) else (position, position)
    return position, position


def whole_clusters(text: str, span: Span, suggestion: str | None) -> tuple[Span, str | None]:
    """`span` widened to cluster boundaries in `text`, and `suggestion` rewritten to match."""
    if not text or span.end > len(text) or span.start < 0:
        return span, suggestion
    start = cluster_bounds(text, span.start)[0]
    end = cluster_bounds(text, span.end)
    new_end = end[1] if end[0] < span.end else span.end
    if start == span.start and new_end == span.end:
        return span, suggestion
    if suggestion is not None:
        suggestion = text[start:span.start] + suggestion + text[span.end:new_end]
    return Span(start, new_end, span.field), suggestion
