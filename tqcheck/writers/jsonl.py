"""`--format jsonl`: one segment object per line with its issues nested; streams in flat memory.

Each line is a segment record plus `"issues": [...]`; nothing else is written, so the
output can be concatenated, split and loaded with any JSON Lines tool.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TextIO

from tqcheck.model import DocumentResult, RunInfo, Summary
from tqcheck.writers.records import issue_record, segment_record


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    for result in results:
        by_segment: dict[str, list[dict[str, object]]] = {}
        for issue in result.issues:
            by_segment.setdefault(issue.segment_id, []).append(issue_record(issue))
        for segment in result.segments:
            record = segment_record(segment, result.scores.get(segment.id))
            record["issues"] = by_segment.get(segment.id, [])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    summary()
