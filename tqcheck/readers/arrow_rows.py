"""Arrow rows <-> Segments and Issues: the one place where tqcheck's data meets Arrow's.

Two directions, two kinds of table:

- *User tables* (a Parquet file, or what Ray Data read from JSONL/TSV/Parquet): columns are
  named like TSV/JSONL columns (`source`, `target`, `mt`, `doc_id`, ... see
  `tqcheck.readers.fields`); other columns become segment metadata. `user_segments` turns
  record batches of such a table into Segments.
- *Work tables* (what the Ray engine passes between its stages): one row per *chunk* of whole
  windows (`tqcheck.run.runner.windows`), the chunk's segments nested as a list of structs with the
  window each belongs to; after checking, a row also holds each window's issues. A row is
  therefore the unit of work: however Ray batches rows, a document is never cut.
  `work_table`/`work_chunks` and `result_table`/`result_chunks` convert without loss (anchors
  aside: tabular inputs have none).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import pyarrow as pa

from tqcheck.errors import InputError
from tqcheck.model import DocumentResult, Issue, Segment, Severity, Span
from tqcheck.readers.fields import canonical, row_to_segment

_TEXT = pa.string()


# -- user tables -------------------------------------------------------------------------------------

def column_roles(schema: pa.Schema, origin: str) -> list[str | None]:
    """The Segment field each column stands for (None: metadata); fails on unusable schemas."""
    roles = [canonical(name) for name in schema.names]
    named = [role for role in roles if role]
    twice = sorted({role for role in named if named.count(role) > 1})
    if twice:
        raise InputError(f"column {twice[0]!r} appears twice", origin)
    if "target" not in roles:
        raise InputError(f"no target column in {list(schema.names)!r}; name one `target` (or mt, hyp, translation)",
                         origin)
    for role, column in zip(roles, schema):
        if role and not _texty(column.type):
            raise InputError(f"column {column.name!r} must hold strings, not {column.type}", origin)
    return roles


def _texty(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        return _texty(kind.value_type)
    return (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_integer(kind)
            or pa.types.is_null(kind) or getattr(pa.types, "is_string_view", lambda _kind: False)(kind))


def user_segments(batch: pa.RecordBatch | pa.Table, roles: Sequence[str | None], origin: str, first_index: int,
                  line_offset: int = 0) -> Iterator[Segment]:
    """Segments for the rows of `batch`; `first_index` is the 1-based record number of its first row.

    A row's `line` is its record number plus `line_offset` (1 for a table with a header row).
    """
    names = batch.schema.names
    columns = [batch.column(position).to_pylist() for position in range(len(names))]
    for offset in range(batch.num_rows):
        row: dict[str, str | None] = {}
        meta: dict[str, str] = {}
        for name, role, values in zip(names, roles, columns):
            value = values[offset]
            if role is not None:
                row[role] = None if value is None else str(value)
            elif value is not None:
                meta[name] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        index = first_index + offset
        yield row_to_segment(row, meta, origin, index + line_offset, index)  # type: ignore[arg-type]


# -- work tables (Ray engine) ------------------------------------------------------------------------

Window = tuple[int, Sequence[Segment]]

_TEXT_FIELDS = ("id", "target", "source", "reference", "backtranslation", "doc_id")
SEGMENT_TYPE = pa.struct([
    *((name, _TEXT) for name in _TEXT_FIELDS), ("line", pa.int64()), ("origin", _TEXT), ("src_lang", _TEXT),
    ("tgt_lang", _TEXT), ("meta", pa.map_(_TEXT, _TEXT)), ("window", pa.int64()),
])
ISSUE_TYPE = pa.struct([
    ("code", _TEXT), ("name", _TEXT), ("family", _TEXT), ("severity", pa.int8()), ("segment_id", _TEXT),
    ("doc_id", _TEXT), ("line", pa.int64()), ("start", pa.int64()), ("end", pa.int64()), ("field", _TEXT),
    ("message", _TEXT), ("suggestion", _TEXT), ("origin", _TEXT),
])
WORK_SCHEMA = pa.schema([("chunk", pa.int64()), ("segments", pa.list_(SEGMENT_TYPE))])
RESULT_SCHEMA = WORK_SCHEMA.append(pa.field("issues", pa.list_(pa.list_(ISSUE_TYPE))))
_SEGMENT_FIELDS = tuple(name for name in SEGMENT_TYPE.names if name not in ("meta", "window"))


def work_table(number: int, windows: Sequence[Window]) -> pa.Table:
    """A one-row work table: chunk `number` holding `windows` (`(window number, segments)`) in order."""
    rows = [_segment_row(segment, window) for window, segments in windows for segment in segments]
    return pa.Table.from_pydict({"chunk": [number], "segments": [rows]}, schema=WORK_SCHEMA)


def work_chunks(table: pa.Table) -> Iterator[tuple[int, list[tuple[int, list[Segment]]]]]:
    """`(chunk number, windows)` for every row of a work (or result) table."""
    for chunk, rows in zip(table.column("chunk").to_pylist(), table.column("segments").to_pylist()):
        yield chunk, _windows(rows)


def result_table(chunks: Sequence[tuple[int, Sequence[tuple[int, DocumentResult]]]]) -> pa.Table:
    """A result table: one row per chunk with its segments and, per window, the issues in their exact order."""
    numbers, segments, issues = [], [], []
    for number, results in chunks:
        numbers.append(number)
        segments.append([_segment_row(segment, window) for window, result in results for segment in result.segments])
        issues.append([[issue_row(issue) for issue in result.issues] for _window, result in results])
    return pa.Table.from_pydict({"chunk": numbers, "segments": segments, "issues": issues}, schema=RESULT_SCHEMA)


def result_chunks(table: pa.Table) -> Iterator[tuple[int, list[tuple[int, DocumentResult]]]]:
    """`(chunk number, [(window number, DocumentResult)])` for every row of a result table."""
    columns = (table.column(name).to_pylist() for name in ("chunk", "segments", "issues"))
    for chunk, rows, issues in zip(*columns):
        windows = _windows(rows)
        if len(windows) != len(issues):
            raise RuntimeError(f"chunk {chunk}: {len(windows)} windows but {len(issues)} issue lists")
        yield chunk, [(number, DocumentResult(doc_id=segments[0].doc_id, segments=tuple(segments),
                                              issues=tuple(issue_from_row(row) for row in found)))
                      for (number, segments), found in zip(windows, issues)]


def _windows(rows: Sequence[dict[str, Any]]) -> list[tuple[int, list[Segment]]]:
    found: list[tuple[int, list[Segment]]] = []
    for row in rows:
        if not found or found[-1][0] != row["window"]:
            found.append((row["window"], []))
        found[-1][1].append(_segment(row))
    return found


def _segment_row(segment: Segment, window: int) -> dict[str, Any]:
    row = {name: getattr(segment, name) for name in _SEGMENT_FIELDS}
    row["meta"] = list(segment.meta.items())
    row["window"] = window
    return row


def _segment(row: dict[str, Any]) -> Segment:
    meta = row.get("meta") or []
    return Segment(**{name: row[name] for name in _SEGMENT_FIELDS},
                   meta=MappingProxyType(dict(meta)) if meta else MappingProxyType({}))


def issue_row(issue: Issue) -> dict[str, Any]:
    return {"code": issue.code, "name": issue.name, "family": issue.family, "severity": int(issue.severity),
            "segment_id": issue.segment_id, "doc_id": issue.doc_id, "line": issue.line,
            "start": issue.span.start, "end": issue.span.end, "field": issue.span.field,
            "message": issue.message, "suggestion": issue.suggestion, "origin": issue.origin}


def issue_from_row(row: Mapping[str, Any]) -> Issue:
    return Issue(code=row["code"], name=row["name"], family=row["family"], severity=Severity(row["severity"]),
                 segment_id=row["segment_id"], doc_id=row["doc_id"], line=row["line"],
                 span=Span(row["start"], row["end"], row["field"]), message=row["message"],
                 suggestion=row["suggestion"], origin=row["origin"])
