"""The Ray engine's plan: where each chunk of whole windows lies in the input, worked out before any row moves.

`windows()` (the local engine's unit of work: consecutive segments of one document, at most 1,000
segments or 2,000,000 characters) depends on the rows before it, so it cannot be cut inside Ray's
parallel reads. Instead one columnar pass on the driver reads only what cutting needs (each row's
`doc_id` and the length of its text fields, parsed by pyarrow in C) and records, per chunk of whole
windows, its first record number, its windows' sizes and where its rows are: a byte range of a
JSONL/TSV/CSV file, a row range of a Parquet file. Nothing else is kept: the plan holds one small
record per chunk, and the rows themselves are read again, in parallel, by the Ray tasks that check
them (`read_chunk`). Record numbers (ids and lines where the input has none) are those the local
readers give, so every finding is the local engine's.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tqcheck.errors import InputError
from tqcheck.limits import MAX_CHECKED_CHARACTERS, MAX_DOCUMENT_SEGMENTS, MAX_WINDOW_CHARACTERS

CHUNK_SEGMENTS = 1000  # records per chunk (a chunk is one Ray row: never cut by re-batching)
_BLOCK_BYTES = 16 << 20  # text read per step of the planning pass
_SIZED = ("target", "source", "reference", "backtranslation")


@dataclass
class Chunk:
    """Whole windows of consecutive records: what one Ray task reads and checks.

    `first` is the 1-based record number of the first row; `windows` the number and size of each
    window in order; `start`/`end` the byte range of its rows in a text file, or its row range
    (0-based, end exclusive) in a Parquet file.
    """

    number: int
    first: int
    windows: list[tuple[int, int]] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def count(self) -> int:
        return sum(size for _number, size in self.windows)

    def as_row(self, location: str, fmt: str, header: Sequence[str]) -> dict[str, Any]:
        return {"chunk": self.number, "first": self.first, "start": self.start, "end": self.end,
                "windows": json.dumps(self.windows), "location": location, "fmt": fmt, "header": json.dumps(header)}


@dataclass
class Planner:
    """Cuts a stream of rows (doc_id, size, where) into windows exactly as `runner.windows`, then chunks."""

    chunks: list[Chunk] = field(default_factory=list)
    _doc: object = None
    _window_rows: int = 0
    _window_size: int = 0
    _window_first: int = 0
    _window_start: int = 0
    _windows: int = 0
    _record: int = 0  # records seen
    _pending: Chunk | None = None

    def add(self, doc_id: object, size: int, where: int) -> None:
        """One row: its document, its checked size, and where it starts (byte offset or row index)."""
        self._record += 1
        if self._window_rows and doc_id != self._doc:
            self._close_window(where)
        if not self._window_rows:
            self._window_first, self._window_start, self._doc = self._record, where, doc_id
        self._window_rows += 1
        self._window_size += size
        if self._window_rows >= MAX_DOCUMENT_SEGMENTS or self._window_size >= MAX_WINDOW_CHARACTERS:
            self._close_window(None)

    def finish(self, end: int) -> list[Chunk]:
        """The chunks, once the input ends at `end` (byte offset or row count)."""
        if self._window_rows:
            self._close_window(end)
        if self._pending is not None:
            self._pending.end = end
            self.chunks.append(self._pending)
            self._pending = None
        return self.chunks

    def _close_window(self, next_start: int | None) -> None:
        rows = self._window_rows
        pending = self._pending
        if pending is not None and pending.count + rows > CHUNK_SEGMENTS:
            pending.end = self._window_start
            self.chunks.append(pending)
            pending = None
        if pending is None:
            pending = Chunk(len(self.chunks), self._window_first, start=self._window_start)
        pending.windows.append((self._windows, rows))
        self._pending = pending
        self._windows += 1
        self._window_rows = self._window_size = 0
        self._doc = None


def checked_size(lengths: Sequence[int]) -> int:
    """What `runner._checked_size` counts: each text field up to `MAX_CHECKED_CHARACTERS`."""
    return sum(min(length, MAX_CHECKED_CHARACTERS) for length in lengths)


def plan(location: str, fmt: str) -> tuple[list[Chunk], list[str]]:
    """The chunks of the input at `location` and, for TSV/CSV, its header (column names)."""
    if fmt == "parquet":
        return _plan_parquet(location), []
    return _plan_text(location, fmt)


def _roles(names: Sequence[str], location: str) -> dict[str, str]:
    """Column name -> field, for the columns the plan reads (doc_id and the text fields)."""
    from tqcheck.readers.fields import canonical

    roles = {name: role for name in names if (role := canonical(name)) in (*_SIZED, "doc_id")}
    if "target" not in roles.values():
        raise InputError(f"no target column in {list(names)!r}; name one `target` (or mt, hyp, translation)",
                         location)
    return roles


def _rows_of(table: Any, location: str) -> Iterator[tuple[object, int]]:
    """(doc_id, checked size) of every row of an Arrow table."""
    import pyarrow.compute as pc

    roles = _roles(table.schema.names, location)
    lengths = []
    docs: list[object] | None = None
    for name, role in roles.items():
        column = table.column(name)
        if role == "doc_id":
            docs = [(None if value is None else str(value)) or None for value in column.to_pylist()]
            continue
        text = pc.cast(column, "string") if not _is_string(column.type) else column
        lengths.append(pc.fill_null(pc.utf8_length(text), 0).to_pylist())
    sizes = [checked_size(row) for row in zip(*lengths)] if lengths else [0] * table.num_rows
    return zip(docs if docs is not None else [None] * table.num_rows, sizes)


def _is_string(kind: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _plan_parquet(location: str) -> list[Chunk]:
    import pyarrow.parquet as pq

    from tqcheck.storage import filesystem

    system, path = filesystem(location)
    with system.open_input_file(path) as handle:
        source = pq.ParquetFile(handle)
        names = source.schema_arrow.names
        wanted = list(_roles(names, location))
        planner = Planner()
        index = 0
        for batch in source.iter_batches(columns=wanted, batch_size=65536):
            for doc_id, size in _rows_of(batch, location):
                planner.add(doc_id, size, index)
                index += 1
    if index == 0:
        raise InputError("empty input: no rows", location)
    return planner.finish(index)


def _plan_text(location: str, fmt: str) -> tuple[list[Chunk], list[str]]:
    """JSONL, TSV, CSV: read in blocks cut at record ends; each record's byte offset from the block."""
    from tqcheck.storage import filesystem

    system, path = filesystem(location)
    planner = Planner()
    header: list[str] = []
    offset = 0
    with system.open_input_stream(path) as stream:
        carry = b""
        first = True
        while True:
            data = stream.read(_BLOCK_BYTES)
            block = carry + data
            if not block:
                break
            if first and fmt in ("tsv", "csv"):
                block, header, skipped = _take_header(block, fmt, location)
                offset += skipped
                first = False
            cut = len(block) if not data else _record_end(block, fmt)
            if cut == 0 and data:
                carry = block
                continue
            body, carry = block[:cut], block[cut:]
            starts = _record_starts(body, fmt)
            if starts:
                table = parse_block(body, fmt, header, location)
                if table.num_rows != len(starts):
                    raise InputError(f"cannot read {fmt} input: {table.num_rows} rows parsed where "
                                     f"{len(starts)} records were found", location)
                for (doc_id, size), start in zip(_rows_of(table, location), starts):
                    planner.add(doc_id, size, offset + start)
            offset += len(body)
            if not data:
                break
    if planner._record == 0:
        raise InputError("empty input: no rows", location)
    return planner.finish(offset), header


def _take_header(block: bytes, fmt: str, location: str) -> tuple[bytes, list[str], int]:
    """The block without its header line, the column names, and the header's length in bytes."""
    import csv

    end = block.find(b"\n")
    line = block if end < 0 else block[:end + 1]
    text = line.decode("utf-8-sig", errors="replace").rstrip("\r\n")
    if not text:
        raise InputError("empty input: no header row", location)
    names = text.split("\t") if fmt == "tsv" else next(csv.reader(io.StringIO(text)))
    return block[len(line):], names, len(line)


def _record_end(block: bytes, fmt: str) -> int:
    """Where the last whole record of `block` ends (after its newline)."""
    end = block.rfind(b"\n") + 1
    if fmt != "csv":
        return end
    starts = _record_starts(block[:end], fmt, keep_open=True)  # a quoted newline does not end a record
    return starts[-1] if starts else 0


def _record_starts(body: bytes, fmt: str, keep_open: bool = False) -> list[int]:
    """The byte offset of every record in `body`: each non-blank line; in CSV a newline inside quotes
    continues the record. With `keep_open`, the offsets where a record may start (for cutting)."""
    starts: list[int] = []
    position = 0
    quoted = False
    for line in body.splitlines(keepends=True):
        if fmt == "csv":
            was_quoted = quoted
            quoted ^= line.count(b'"') % 2 == 1
            if not was_quoted and (keep_open or line.strip()):
                starts.append(position)
        elif line.strip():
            starts.append(position)
        position += len(line)
    if keep_open and fmt == "csv" and not quoted:
        starts.append(position)
    return starts


def parse_block(body: bytes, fmt: str, header: Sequence[str], location: str) -> Any:
    """An Arrow table of the records in `body` (every column as text for TSV/CSV: `007` stays `007`)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.json as pajson

    try:
        if fmt == "jsonl":
            return pajson.read_json(io.BytesIO(body))
        delimiter = "\t" if fmt == "tsv" else ","
        return pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(column_names=list(header)),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False if fmt == "tsv" else '"',
                                              newlines_in_values=fmt == "csv"),
            convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in header},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError) as exc:
        raise InputError(f"cannot read {fmt} input: {str(exc).splitlines()[0]}", location) from None


def read_chunk(row: dict[str, Any]) -> Any:
    """The work table (`arrow_rows.work_table`) of one planned chunk: its rows read again, as Segments."""
    from tqcheck.readers.arrow_rows import column_roles, user_segments, work_table
    from tqcheck.storage import filesystem

    location, fmt = str(row["location"]), str(row["fmt"])
    start, end, first = int(row["start"]), int(row["end"]), int(row["first"])
    system, path = filesystem(location)
    if fmt == "parquet":
        table = _parquet_rows(system, path, start, end)
    else:
        with system.open_input_file(path) as handle:
            body = handle.read_at(end - start, start)
        table = parse_block(body, fmt, json.loads(row["header"]), location)
    roles = column_roles(table.schema, location)
    segments = list(user_segments(table, roles, location, first, 1 if fmt in ("tsv", "csv") else 0))
    windows = []
    at = 0
    for number, size in json.loads(row["windows"]):
        windows.append((number, segments[at:at + size]))
        at += size
    if at != len(segments):
        raise InputError(f"chunk {row['chunk']}: {len(segments)} rows read where the plan has {at}", location)
    return work_table(int(row["chunk"]), windows)


def _parquet_rows(system: Any, path: str, start: int, end: int) -> Any:
    """Rows `start:end` (0-based) of a Parquet file: the row groups that hold them, sliced."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with system.open_input_file(path) as handle:
        source = pq.ParquetFile(handle)
        groups, first_row, at = [], None, 0
        for index in range(source.metadata.num_row_groups):
            rows = source.metadata.row_group(index).num_rows
            if at + rows > start and at < end:
                groups.append(index)
                first_row = at if first_row is None else first_row
            at += rows
        table = source.read_row_groups(groups) if groups else pa.table({})
    return table.slice(start - (first_row or 0), end - start)
