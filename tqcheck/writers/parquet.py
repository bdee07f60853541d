"""`--format parquet`: one row per issue, for loading a large run into a dataframe or a warehouse.

Columns are exactly the JSON issue record (`tqcheck.writers.records.issue_record`: code, name,
family, severity, segment_id, doc_id, line, start, end, field, message, suggestion, status). Rows are
written in row groups of `ROW_GROUP_ROWS` as results stream past, so memory stays flat. The run
header and the summary go in the file's key-value metadata (`tqcheck.run`, `tqcheck.summary`,
JSON), so the file alone says what was checked and how it ended. Parquet is binary: `binary = True`
tells `open_output` to hand over a byte stream.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from tqcheck.errors import InputError
from tqcheck.model import DocumentResult, RunInfo, Summary
from tqcheck.storage import PARQUET_HINT
from tqcheck.writers.records import issue_record, run_record, summary_record

ROW_GROUP_ROWS = 50_000


def schema() -> Any:
    """The Arrow schema of an issues file (a function: pyarrow is imported only when used)."""
    import pyarrow as pa

    text = pa.string()
    return pa.schema([("code", text), ("name", text), ("family", text), ("severity", text),
                      ("segment_id", text), ("doc_id", text), ("line", pa.int64()), ("start", pa.int64()),
                      ("end", pa.int64()), ("field", text), ("message", text), ("suggestion", text),
                      ("status", text)])


def render(out: BinaryIO, info: RunInfo, results: Iterable[DocumentResult], summary: Callable[[], Summary],
           *, row_group_rows: int = ROW_GROUP_ROWS) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"Parquet output needs pyarrow: {PARQUET_HINT}") from None
    layout = schema()
    rows: list[dict[str, Any]] = []
    with pq.ParquetWriter(out, layout, compression="zstd") as writer:
        for result in results:
            rows.extend(issue_record(issue) for issue in result.issues)
            while len(rows) >= row_group_rows:
                group, rows = rows[:row_group_rows], rows[row_group_rows:]
                writer.write_table(pa.Table.from_pylist(group, schema=layout), row_group_size=row_group_rows)
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=layout), row_group_size=row_group_rows)
        writer.add_key_value_metadata({
            "tqcheck.run": json.dumps(run_record(info), ensure_ascii=False),
            "tqcheck.summary": json.dumps(summary_record(summary(), info.fail_on), ensure_ascii=False),
        })


render.binary = True  # type: ignore[attr-defined]
