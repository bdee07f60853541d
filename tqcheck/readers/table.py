"""TSV and CSV with a header row naming the columns (`source`, `target`, `reference`, ...).

TSV is read without quote processing (news text is full of `"`), CSV with the
standard quoting rules. Extra columns are kept as segment metadata.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.model import Segment
from tqcheck.readers.fields import canonical, row_to_segment
from tqcheck.readers.textfile import iter_lines


def read_table(path: Path, *, delimiter: str = "\t", encoding: str = "utf-8") -> Iterator[Segment]:
    """Stream one Segment per data row; fails on the first malformed row with its line number."""
    lines = (text + "\n" for _number, text in iter_lines(path, encoding, "table"))
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(lines, delimiter=delimiter, quoting=quoting, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty input: no header row", str(path)) from None
    except csv.Error as exc:
        raise InputError(f"malformed header: {exc}", str(path), 1) from None
    columns = [canonical(name) for name in header]
    fields = [column for column in columns if column]
    duplicated = {column for column in fields if fields.count(column) > 1}
    if duplicated:
        raise InputError(f"column {sorted(duplicated)[0]!r} appears twice in the header", str(path), 1)
    if "target" not in columns:
        raise InputError(f"no target column in header {header!r}; name one `target` (or mt, hyp, translation)",
                         str(path), 1)
    return _rows(reader, header, columns, path)


def _rows(reader: csv.Reader, header: list[str], columns: list[str | None], path: Path) -> Iterator[Segment]:
    index = 0
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(f"malformed row: {exc}", str(path), start) from None
        if not values or (len(values) == 1 and not values[0].strip()):
            continue
        if len(values) != len(header):
            raise InputError(f"expected {len(header)} columns, got {len(values)}", str(path), start)
        index += 1
        row = {column: value for column, value in zip(columns, values) if column}
        meta = {name: value for name, column, value in zip(header, columns, values) if not column}
        yield row_to_segment(row, meta, path, start, index)
    if index == 0:
        raise InputError("empty input: header but no rows", str(path))
