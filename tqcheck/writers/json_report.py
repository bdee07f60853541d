"""`--format json`: one JSON document with segments, issues, summary and run info.

Segments are streamed out as they arrive; issues (far fewer) are held until the end,
so the document is valid JSON without keeping the batch in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TextIO

from tqcheck.model import DocumentResult, RunInfo, Summary
from tqcheck.writers.records import document_record, issue_record, run_record, segment_record, summary_record


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    header = run_record(info)
    out.write("{\n")
    for key, value in header.items():
        out.write(f"  {_dump(key)}: {_dump(value)},\n")
    out.write('  "segments": [')
    issues: list[str] = []
    documents: list[str] = []
    first = True
    for result in results:
        for segment in result.segments:
            record = segment_record(segment, result.scores.get(segment.id))
            out.write(("\n    " if first else ",\n    ") + _dump(record))
            first = False
        issues.extend(_dump(issue_record(issue)) for issue in result.issues)
        documents.append(_dump(document_record(result)))
    out.write("\n  ],\n" if not first else "],\n")
    out.write('  "documents": [')
    out.write("".join(("\n    " if n == 0 else ",\n    ") + text for n, text in enumerate(documents)))
    out.write("\n  ],\n" if documents else "],\n")
    out.write('  "issues": [')
    out.write("".join(("\n    " if n == 0 else ",\n    ") + text for n, text in enumerate(issues)))
    out.write("\n  ],\n" if issues else "],\n")
    out.write(f'  "summary": {_dump(summary_record(summary(), info.fail_on))}\n')
    out.write("}\n")
