"""Which suggestions `--fix` applies to a segment, and the segment's text once they are applied.

A suggestion replaces its finding's span. Only checks that declare a fix (`@check(fix=...)`)
are applied: `safe` ones always, `unsafe` ones with `--unsafe-fixes`. Two edits of one segment
never overlap: the first (by position) wins and the other waits for the next run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tqcheck.model import FixSafety, Issue

_HORIZONTAL_SPACE = " \t\u00a0\u202f\u3000"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `start:end` of a segment's target with `replacement` ("" deletes), for check `code`."""

    segment_id: str
    start: int
    end: int
    replacement: str
    code: str


def fixable_codes(fixes: Mapping[str, FixSafety | None], *, unsafe: bool) -> frozenset[str]:
    """The codes whose suggestions are applied: the safe ones, and the unsafe ones when asked."""
    return frozenset(code for code, fix in fixes.items() if fix == "safe" or (unsafe and fix == "unsafe"))


def edits_for(text: str, issues: Iterable[Issue], codes: frozenset[str]) -> list[Edit]:
    """The edits of one segment: its target issues with a suggestion from a check in `codes`, that change
    the text, widened to take a deletion's spaces, without overlaps."""
    chosen: list[Edit] = []
    candidates = sorted((issue for issue in issues if issue.code in codes and issue.suggestion is not None
                         and issue.span.field == "target"), key=lambda issue: (issue.span.start, issue.span.end))
    for issue in candidates:
        start, end, replacement = issue.span.start, issue.span.end, issue.suggestion or ""
        if not 0 <= start <= end <= len(text) or text[start:end] == replacement:
            continue
        if not replacement:
            start, end = _widened(text, start, end)
        if chosen and start < chosen[-1].end:
            continue  # overlaps an earlier edit: applied by the next run, if it still applies
        chosen.append(Edit(issue.segment_id, start, end, replacement, issue.code))
    return chosen


def _widened(text: str, start: int, end: int) -> tuple[int, int]:
    """A deletion's span with the spaces that would be left doubled or trailing once it is gone.

    `said. Share this` minus `Share this` would end in a space; `a , b` minus `,` would keep two.
    A deletion between a letter and a space (`said, that` minus `,`) keeps the space.
    """
    before = start
    while before > 0 and text[before - 1] in _HORIZONTAL_SPACE:
        before -= 1
    if before == start:
        return start, end
    after_is_gap = end == len(text) or text[end] in _HORIZONTAL_SPACE or text[end] in "\r\n"
    if not after_is_gap:
        return start, end
    if before == 0 or text[before - 1] in "\r\n":
        after = end
        while after < len(text) and text[after] in _HORIZONTAL_SPACE:
            after += 1
        return start, after  # at the start of a line: the spaces after it go instead
    return before, end


def applied(text: str, edits: Iterable[Edit]) -> str:
    """`text` with non-overlapping `edits` applied."""
    pieces: list[str] = []
    at = 0
    for edit in sorted(edits, key=lambda edit: edit.start):
        pieces.append(text[at:edit.start])
        pieces.append(edit.replacement)
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces)
