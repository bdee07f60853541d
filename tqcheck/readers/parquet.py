"""Parquet: one segment per row, columns named like TSV/JSONL columns, streamed by record batch.

Large batches arrive as Parquet; reading one record batch at a time
(`ParquetFile.iter_batches`) keeps memory flat however big the file is. Columns are mapped
with `tqcheck.readers.fields` (so `mt`, `src`, `doc` work as in TSV); other columns become
metadata. A row's `line` is its 1-based row number. The file may be a local path or an
object-store URI (`s3://`, `gs://`, `hdfs://`, `file://`); pyarrow is needed either way.
"""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.errors import InputError
from tqcheck.model import Segment
from tqcheck.storage import PARQUET_HINT, open_input

BATCH_ROWS = 4096


def read_parquet(location: str, *, batch_rows: int = BATCH_ROWS) -> Iterator[Segment]:
    """Open and validate `location` now (schema, target column); stream its rows as Segments."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"Parquet input needs pyarrow: {PARQUET_HINT}") from None
    from tqcheck.readers.arrow_rows import column_roles

    source = open_input(location)
    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, OSError) as exc:
        source.close()
        raise InputError(f"not a readable Parquet file: {str(exc).splitlines()[0]}", location) from None
    roles = column_roles(parquet.schema_arrow, location)
    return _rows(parquet, roles, location, batch_rows)


def _rows(parquet: object, roles: list[str | None], location: str, batch_rows: int) -> Iterator[Segment]:
    import pyarrow as pa

    from tqcheck.readers.arrow_rows import user_segments

    index = 1
    try:
        for batch in parquet.iter_batches(batch_size=batch_rows):  # type: ignore[attr-defined]
            yield from user_segments(batch, roles, location, index)
            index += batch.num_rows
    except (pa.ArrowException, OSError, OverflowError) as exc:  # Overflow: a date past year 9999
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"cannot read Parquet row {index}: {message}", location) from None
    except UnicodeDecodeError as exc:  # a string column whose bytes are not UTF-8 (Arrow checks them lazily)
        raise InputError(f"cannot read Parquet row {index}: a text column holds invalid UTF-8 "
                         f"({exc.reason} at byte {exc.start})", location) from None
    finally:
        parquet.close()  # type: ignore[attr-defined]
    if index == 1:
        raise InputError("empty input: no Parquet rows", location)
