"""JSON Lines: one object per line with the same keys as the table readers.

Text fields get anchors at their string inside the line, with a point after every escape
(`\\n`, `\\"`, `\\u00e9`, a surrogate pair), so CI annotations point at the characters; a record
whose strings cannot be placed is given its line only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from json.encoder import encode_basestring, encode_basestring_ascii
from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.model import Anchor, Segment
from tqcheck.readers.fields import canonical, row_to_segment
from tqcheck.readers.textfile import iter_lines
from tqcheck.readers.untrusted_json import JsonProblem, parse


def read_jsonl(path: Path, *, encoding: str = "utf-8") -> Iterator[Segment]:
    """Stream one Segment per non-blank line; a bad line fails with its line number."""
    index = 0
    for number, text in iter_lines(path, encoding, "JSONL"):
        if not text.strip():
            continue
        try:
            record = parse(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", str(path), number) from None
        except JsonProblem as exc:
            raise InputError(f"unusable JSON: {exc}", str(path), number) from None
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
        yield row_to_segment(row, meta, path, number, index, string_anchors(text, path, number, row))
    if index == 0:
        raise InputError("empty input: no JSON records", str(path))


TEXT_FIELDS = ("target", "source", "reference", "backtranslation")
_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.")
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def string_anchors(line: str, path: Path, number: int, row: Mapping[str, str | None]) -> dict[str, Anchor]:
    """Anchors of the text fields' strings of a one-line JSON object (line `number` of `path`).

    Fast path: a text whose JSON form (as json.dumps writes it, with or without `ensure_ascii`)
    occurs exactly once in the line, after a colon, is taken to be the field's value.

    Walks the object's members with the json module's own decoder (`raw_decode` for each key
    and value) to learn where each value lies, then adds a point after each
    escape. Anything unexpected gives an empty `record` anchor: the line only.
    """
    anchors: dict[str, Anchor] = {}
    try:
        for field in TEXT_FIELDS:
            value = row.get(field)
            if value is not None:
                anchors[field] = Anchor(str(path), _found(line, value, number))
        return anchors or {"record": Anchor(str(path), ())}
    except ValueError:
        anchors = {}
    try:
        at = _SPACE.match(line, 0).end()  # type: ignore[union-attr]
        if line[at] != "{":
            raise ValueError
        at += 1
        while True:
            at = _SPACE.match(line, at).end()  # type: ignore[union-attr]
            if line[at] == "}":
                break
            if line[at] != '"':
                raise ValueError
            key, at = _DECODER.raw_decode(line, at)
            at = _SPACE.match(line, at).end()  # type: ignore[union-attr]
            if line[at] != ":":
                raise ValueError
            start = _SPACE.match(line, at + 1).end()  # type: ignore[union-attr]
            member, at = _DECODER.raw_decode(line, start)
            name = canonical(str(key))
            if name in TEXT_FIELDS and isinstance(member, str):
                anchors[name] = Anchor(str(path), _points(line, start + 1, at - 1, len(member), number))
            at = _SPACE.match(line, at).end()  # type: ignore[union-attr]
            if line[at] == ",":
                at += 1
    except (ValueError, IndexError):
        return {"record": Anchor(str(path), ())}
    return anchors or {"record": Anchor(str(path), ())}


def _quote(value: str) -> str:
    return f'"{value}"'


def _found(line: str, value: str, number: int) -> tuple[tuple[int, int, int], ...]:
    """Points of `value` where its canonical JSON form occurs once in `line` as a member value."""
    plain = "\\" not in line
    for encode in ((_quote,) if plain else (encode_basestring, encode_basestring_ascii)):
        encoded = encode(value)
        found = line.find(encoded)
        if found >= 0 and line.find(encoded, found + 1) < 0 and _after_colon(line, found):
            return _points(line, found + 1, found + len(encoded) - 1, len(value), number)
    raise ValueError("not found once")


def _after_colon(line: str, index: int) -> bool:
    index -= 1
    while index >= 0 and line[index] in " \t":
        index -= 1
    return index >= 0 and line[index] == ":"


def _points(line: str, start: int, end: int, length: int, number: int) -> tuple[tuple[int, int, int], ...]:
    """Points for a JSON string body at line[start:end] that decodes to `length` characters."""
    points = [(0, number, start + 1)]
    offset = 0
    consumed = start
    for escape in _ESCAPE.finditer(line, start, end):
        offset += escape.start() - consumed + 1
        consumed = escape.end()
        points.append((offset, number, consumed + 1))
    if offset + (end - consumed) != length:
        raise ValueError("string does not decode as expected")
    return tuple(points)
