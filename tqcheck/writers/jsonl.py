"""`--format jsonl`: one segment object per line with its issues nested; streams in flat memory.

Each line is a segment record plus `"issues": [...]`. The last line is the run's own record,
`{"record": "run", ...}`: the JSON report's header (tool, inputs, languages, checks run), its
`documents` and `summary`. With it `tqcheck report result.jsonl` rebuilds the run; a tool that
wants segments only skips the line that has `"record"`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TextIO

from tqcheck.model import DocumentResult, RunInfo, Summary
from tqcheck.writers.records import document_record, issue_record, run_record, segment_record, summary_record


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    documents = []
    for result in results:
        documents.append(document_record(result))
        by_segment: dict[str, list[dict[str, object]]] = {}
        for issue in result.issues:
            by_segment.setdefault(issue.segment_id, []).append(issue_record(issue))
        for segment in result.segments:
            record = segment_record(segment, result.scores.get(segment.id))
            record["issues"] = by_segment.get(segment.id, [])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    run = {"record": "run", **run_record(info), "documents": documents,
           "summary": summary_record(summary(), info.fail_on)}
    out.write(json.dumps(run, ensure_ascii=False) + "\n")
