"""Mapping an issue's span back to a file position (path, line, column) for CI annotations.

Spans are code-point offsets into a field's text. Editors, SARIF viewers and GitHub want
a file, a 1-based line and a 1-based column. A segment's `anchors` say where each field's
text starts (and, for unescaped text, where it jumps): in its own file, so a source-field issue
of line-aligned input is placed in the source file. Without any anchor the target is assumed to
be one whole line of the file the segment came from (`line`, `origin`), which is what the article
readers (and the plain-text reader for a target file alone) produce.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from tqcheck.model import Anchor, Issue, Segment, Span


@dataclass(frozen=True, slots=True)
class Position:
    """A region of an input file: 1-based lines and columns, end column exclusive."""

    path: str | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None


def _point(anchor: Anchor, text: str, offset: int) -> tuple[int, int]:
    """(line, column) of text offset `offset` under `anchor`."""
    index = bisect_right([point[0] for point in anchor.points], offset) - 1
    base, line, column = anchor.points[max(index, 0)]
    if index < 0:
        base = 0
    between = text[base:offset]
    newlines = between.count("\n")
    if newlines:
        return line + newlines, offset - (text.rfind("\n", base, offset) + 1) + 1
    return line, column + (offset - base)


def locate(segment: Segment, span: Span) -> Position:
    """Where `span` of `segment` is in its input file; parts unknown are None."""
    text = segment.text(span.field) or ""
    anchor = segment.anchors.get(span.field)
    if anchor is None:
        if segment.anchors or segment.line is None:
            return Position(segment.origin if span.field == "target" else None, segment.line, None, None, None)
        # A text file without anchors: every field is line `line` of its own file; only the target's path is
        # known here (segments of older results; line-aligned input with companions has anchors).
        path = segment.origin if span.field == "target" else None
        return Position(path, segment.line, span.start + 1, segment.line, span.end + 1)
    if not anchor.points:
        return Position(anchor.path, None, None, None, None)
    line, column = _point(anchor, text, span.start)
    end_line, end_column = _point(anchor, text, span.end)
    return Position(anchor.path, line, column, end_line, end_column)


def locate_issue(issue: Issue, segments: dict[str, Segment]) -> Position:
    """Where `issue` is, given its document's segments by id; falls back to the issue's own line."""
    segment = segments.get(issue.segment_id)
    if segment is None:
        start = issue.span.start + 1 if issue.line else None
        end = issue.span.end + 1 if issue.line else None
        return Position(issue.origin, issue.line, start, issue.line, end)
    return locate(segment, issue.span)
