"""`--format gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality:`).

A JSON array with one object per issue: `description`, `check_name`, `fingerprint` (the same
line-shift-proof fingerprint as SARIF's), `severity` and `location.path` / `location.lines.begin`.
Severities map error -> major, warning -> minor, info -> info (GitLab's `critical` and
`blocker` are left for gates people configure themselves). Objects are written as the results
arrive. An issue without a known file is placed in the first input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from tqcheck.model import DocumentResult, Issue, RunInfo, Severity, Summary
from tqcheck.writers.ci import Fingerprints, Place, place, relative_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _record(issue: Issue, where: Place, fingerprint: str, fallback_path: str) -> dict[str, Any]:
    description = f"{issue.code} {issue.shown_message}" + (f" ({where.note})" if where.note else "")
    if issue.suggestion is not None:
        description += f'; suggestion: "{issue.suggestion}"' if issue.suggestion else "; suggestion: delete it"
    return {
        "description": description,
        "check_name": f"{issue.code} {issue.name}",
        "fingerprint": fingerprint,
        "severity": SEVERITIES[issue.severity],
        "categories": ["Style"],
        "location": {"path": where.path or fallback_path, "lines": {"begin": where.line or 1}},
    }


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    fingerprints = Fingerprints()
    fallback = relative_path(info.inputs[0]) if info.inputs else "<input>"
    out.write("[")
    first = True
    for result in results:
        segments = {segment.id: segment for segment in result.segments}
        for issue in result.issues:
            record = _record(issue, place(issue, segments), fingerprints(issue, segments), fallback)
            out.write(("\n  " if first else ",\n  ") + json.dumps(record, ensure_ascii=False))
            first = False
    out.write("\n]\n" if not first else "]\n")
    summary()
