"""`--format json`: one JSON document with segments, issues, summary and run info.

Segments are streamed out as they arrive. Documents and issues come after them in the document,
so they are written as they arrive to spooled temporary files (in memory up to a few megabytes,
on disk beyond) and copied in at the end: memory stays flat however many issues a batch has.
"""

from __future__ import annotations

import json
import shutil
import tempfile
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
    spool = 8 << 20  # characters kept in memory per list before it goes to a temporary file
    with tempfile.SpooledTemporaryFile(max_size=spool, mode="w+", encoding="utf-8") as issues, \
            tempfile.SpooledTemporaryFile(max_size=spool, mode="w+", encoding="utf-8") as documents:
        first = True
        counts = {"issues": 0, "documents": 0}
        for result in results:
            for segment in result.segments:
                record = segment_record(segment, result.scores.get(segment.id))
                out.write(("\n    " if first else ",\n    ") + _dump(record))
                first = False
            for issue in result.issues:
                issues.write(("\n    " if counts["issues"] == 0 else ",\n    ") + _dump(issue_record(issue)))
                counts["issues"] += 1
            documents.write(("\n    " if counts["documents"] == 0 else ",\n    ") + _dump(document_record(result)))
            counts["documents"] += 1
        out.write("\n  ],\n" if not first else "],\n")
        for key, spooled in (("documents", documents), ("issues", issues)):
            out.write(f'  "{key}": [')
            spooled.seek(0)
            shutil.copyfileobj(spooled, out)
            out.write("\n  ],\n" if counts[key] else "],\n")
    out.write(f'  "summary": {_dump(summary_record(summary(), info.fail_on))}\n')
    out.write("}\n")
