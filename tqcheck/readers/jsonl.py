"""JSON Lines: one object per line with the same keys as the table readers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.model import Segment
from tqcheck.readers.fields import canonical, row_to_segment
from tqcheck.readers.textfile import iter_lines


def read_jsonl(path: Path, *, encoding: str = "utf-8") -> Iterator[Segment]:
    """Stream one Segment per non-blank line; a bad line fails with its line number."""
    index = 0
    for number, text in iter_lines(path, encoding, "JSONL"):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", str(path), number) from None
        if not isinstance(record, dict):
            raise InputError(f"expected a JSON object, got {type(record).__name__}", str(path), number)
        row: dict[str, str | None] = {}
        meta: dict[str, str] = {}
        for key, value in record.items():
            field = canonical(str(key))
            if field is None:
                meta[str(key)] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                continue
            if value is not None and not isinstance(value, (str, int)):
                raise InputError(f"field {key!r} must be a string, got {type(value).__name__}", str(path), number)
            if field in row:
                raise InputError(f"field {field!r} given twice (as {key!r})", str(path), number)
            row[field] = None if value is None else str(value)
        index += 1
        yield row_to_segment(row, meta, path, number, index)
    if index == 0:
        raise InputError("empty input: no JSON records", str(path))
