"""TSV and CSV with a header row naming the columns (`source`, `target`, `reference`, ...).

TSV is read without quote processing (news text is full of `"`), CSV with the
standard quoting rules. Extra columns are kept as segment metadata. Each text field gets an
anchor at its cell (a point after every doubled `""` of a quoted CSV cell), so CI annotations
point at the cell; a row whose cells cannot be placed is given its line only.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tqcheck.errors import InputError, shown
from tqcheck.model import Anchor, Segment
from tqcheck.readers.fields import canonical, row_to_segment
from tqcheck.readers.textfile import iter_lines

if TYPE_CHECKING:
    from _csv import Reader

_MAX_FIELD = 2**31 - 1  # the largest limit every platform's csv module accepts (a C long)


def read_table(path: Path, *, delimiter: str = "\t", encoding: str = "utf-8") -> Iterator[Segment]:
    """Stream one Segment per data row; fails on the first malformed row with its line number."""
    csv.field_size_limit(_MAX_FIELD)  # a cell may hold a whole article; the csv default stops at 128 KiB
    recent: dict[int, str] = {}

    def remembered() -> Iterator[str]:  # CSV only: the raw lines of a row, to place quoted cells
        for number, text in iter_lines(path, encoding, "table"):
            recent[number] = text + "\n"
            recent.pop(number - 1000, None)
            yield text + "\n"

    lines = (text + "\n" for _number, text in iter_lines(path, encoding, "table")) if delimiter == "\t" \
        else remembered()
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
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
        raise InputError(f"column {shown(sorted(duplicated)[0])} appears twice in the header", str(path), 1)
    if "target" not in columns:
        raise InputError(f"no target column in header {shown(header, 120)}; name one `target` "
                         "(or mt, hyp, translation)", str(path), 1)
    return _rows(reader, header, columns, path, recent, delimiter)


def _rows(reader: Reader, header: list[str], columns: list[str | None], path: Path, recent: dict[int, str],
          delimiter: str) -> Iterator[Segment]:
    index = 0
    origin = str(path)
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
        if reader.line_num == start and (delimiter == "\t" or '"' not in recent.get(start, '"')):
            anchors = plain_cell_anchors(values, columns, origin, start)  # one line, nothing quoted
        else:
            raw = "".join(recent.get(number, "") for number in range(start, reader.line_num + 1))
            anchors = cell_anchors(raw, values, columns, delimiter, path, start)
        yield row_to_segment(row, meta, path, start, index, anchors)
    if index == 0:
        raise InputError("empty input: header but no rows", str(path))


TEXT_FIELDS = ("target", "source", "reference", "backtranslation")


def plain_cell_anchors(values: list[str], columns: list[str | None], origin: str, line: int) -> dict[str, Anchor]:
    """Anchors of the text cells of a one-line row whose cells are the values as they are."""
    anchors: dict[str, Anchor] = {}
    column = 1
    for value, name in zip(values, columns):
        if name in TEXT_FIELDS:
            anchors[name] = Anchor(origin, ((0, line, column),))
        column += len(value) + 1
    return anchors


def cell_anchors(raw: str, values: list[str], columns: list[str | None], delimiter: str, path: Path,
                 line: int) -> dict[str, Anchor]:
    """Anchors of the text cells of a row whose raw text (from line `line`, newlines included) is `raw`.

    Cells are placed by walking the raw row with the parsed values: a cell is either the value
    as is or, in CSV, the value quoted with `"` doubled. If the walk does not fit (odd quoting),
    the row gets an empty `record` anchor: `locate` then gives its line only.
    """
    anchors: dict[str, Anchor] = {}
    position = 0
    for value, column in zip(values, columns):
        quoted = '"' + value.replace('"', '""') + '"'
        if raw.startswith(value, position) and raw[position + len(value):position + len(value) + 1] in (
                delimiter, "\n", ""):
            points = [(0, *_place(raw, position, line))]
            width = len(value)
        elif delimiter != "\t" and raw.startswith(quoted, position):
            points = [(0, *_place(raw, position + 1, line))]
            offset, at = 0, position + 1
            for piece in value.split('"')[:-1]:
                offset += len(piece) + 1
                at += len(piece) + 2
                points.append((offset, *_place(raw, at, line)))
            width = len(quoted)
        else:
            return {"record": Anchor(str(path), ())}
        if column in TEXT_FIELDS:
            anchors[column] = Anchor(str(path), tuple(points))
        position += width + 1
    return anchors or {"record": Anchor(str(path), ())}


def _place(raw: str, index: int, line: int) -> tuple[int, int]:
    """(line, column) of `raw[index]`, where `raw` starts at column 1 of line `line`."""
    return line + raw.count("\n", 0, index), index - (raw.rfind("\n", 0, index) + 1) + 1
