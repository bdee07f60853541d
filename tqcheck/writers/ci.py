"""What the CI writers (SARIF, JUnit, GitHub, GitLab, Markdown) share: where an issue is, and its fingerprint.

Positions come from `tqcheck.gating.locations.locate_issue`. When the issue's field has no known
file (a back-translation made during the run, or a source-field issue of a result written before
line-aligned segments carried anchors), the issue is placed on the same line of the segment's own
file (the target file), without columns, since they count characters of a text that is not on that
line, and `Place.note` says which field it is really in ("in the source"), for writers to add to the
message.

Fingerprints identify an issue across runs for SARIF `partialFingerprints` and GitLab
`fingerprint`; they are the baseline's (`tqcheck.gating.fingerprints`): a hash of the check code, the
field, the normalised text of the field, the flagged text and the occurrence index among
identical keys in this run. No line number goes in, so inserting lines above an issue does not
change it; editing the segment does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tqcheck.gating.fingerprints import Fingerprinter
from tqcheck.gating.locations import locate_issue
from tqcheck.model import Issue, Segment, Severity

FINGERPRINT_VERSION = "tqcheck/v1"


@dataclass(frozen=True, slots=True)
class Place:
    """An issue's place in a file for annotations: 1-based lines/columns, end column exclusive."""

    path: str | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    note: str = ""  # "in the source" when the place is only the segment's line in the target file

    @property
    def exact(self) -> bool:
        """Whether the region is the flagged text itself (not a fallback to a whole line)."""
        return not self.note and self.line is not None and self.column is not None

    def label(self) -> str:
        """`path:line:column` as far as known (for messages and Markdown)."""
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def relative_path(path: str) -> str:
    """`path` relative to the current directory when it lies under it, with forward slashes."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix()


def place(issue: Issue, segments: dict[str, Segment]) -> Place:
    """Where `issue` is, falling back to the segment's line in its own file when the field has no path."""
    position = locate_issue(issue, segments)
    if position.path is not None:
        return Place(relative_path(position.path), position.line, position.column, position.end_line,
                     position.end_column)
    segment = segments.get(issue.segment_id)
    origin = (segment.origin if segment is not None else None) or issue.origin
    line = position.line if position.line is not None else issue.line
    note = f"in the {issue.span.field}" if issue.span.field != "target" else ""
    return Place(relative_path(origin) if origin else None, line, None, None, None, note)


def flagged_text(issue: Issue, segments: dict[str, Segment]) -> str:
    """The text the issue's span covers ("" when the segment is not at hand)."""
    segment = segments.get(issue.segment_id)
    text = segment.text(issue.span.field) if segment is not None else None
    return (text or "")[issue.span.start:issue.span.end]


class Fingerprints:
    """Stable issue fingerprints for one run (`tqcheck.gating.fingerprints`, the same values baselines use).

    Unlike the baseline's fingerprinter it takes the document's segments by id, so an issue
    whose segment is not at hand still gets a fingerprint (from its code and field alone).
    """

    def __init__(self) -> None:
        self._assign = Fingerprinter()

    def __call__(self, issue: Issue, segments: dict[str, Segment]) -> str:
        segment = segments.get(issue.segment_id) or Segment(id=issue.segment_id, target="")
        return self._assign(issue, segment)


def gate_level(fail_on: str) -> Severity | None:
    """The lowest failing severity for `--fail-on`, or None for `never`."""
    return None if fail_on == "never" else Severity.parse(fail_on)


def fails(severity: Severity, fail_on: str) -> bool:
    """Whether an issue of `severity` fails the `--fail-on` gate."""
    level = gate_level(fail_on)
    return level is not None and severity >= level
