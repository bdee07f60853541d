"""Anchors of the tabular readers: spans map to the cell inside the row (TSV, CSV, JSONL)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tqcheck.gating.locations import locate
from tqcheck.model import Segment, Span
from tqcheck.readers import read_segments


def file_text_at(path: Path, segment: Segment, needle: str, field: str = "target", nth: int = 0) -> str:
    """What the file holds where locate() puts the `nth` `needle` of a field (the rest of that line)."""
    value = segment.text(field) or ""  # type: ignore[arg-type]
    start = -1
    for _ in range(nth + 1):
        start = value.index(needle, start + 1)
    position = locate(segment, Span(start, start + len(needle), field))  # type: ignore[arg-type]
    assert position.path == str(path) and position.line is not None and position.column is not None
    return path.read_text(encoding="utf-8").splitlines()[position.line - 1][position.column - 1:]


def test_tsv_cells(tmp_path: Path) -> None:
    path = tmp_path / "batch.tsv"
    path.write_text("id\tsource\ttarget\tnote\n1\tHello  world\tHallo  Welt\tx\n", encoding="utf-8")
    segment = next(iter(read_segments(path)))
    assert file_text_at(path, segment, "  ") == "  Welt\tx"
    assert file_text_at(path, segment, "  ", "source") == "  world\tHallo  Welt\tx"


def test_csv_quoted_and_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    path.write_text('id,source,target\n1,"He said ""hi""","Er sagte ""hallo""  ja"\n'
                    '2,"multi\nline","mehr\nzeilig  x"\n', encoding="utf-8")
    first, second = read_segments(path)
    assert first.target == 'Er sagte "hallo"  ja'
    assert file_text_at(path, first, "  ") == '  ja"'  # after two doubled quotes
    assert file_text_at(path, first, "hallo") == 'hallo""  ja"'
    assert file_text_at(path, second, "  ") == '  x"'  # a later line of a multi-line cell
    assert locate(second, Span(0, 4)).line == 4  # the cell starts on the row's second line


def test_jsonl_strings_with_escapes(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    record = {"id": 1, "source": 'A "b"', "target": 'Café "x"  \U0001F600 y  z', "extra": {"a": [1, 2]}}
    path.write_text(json.dumps(record) + "\n" + '{"target": "plain  text"}\n', encoding="utf-8")
    first, second = read_segments(path)
    assert file_text_at(path, first, "  ") == '  \\ud83d\\ude00 y  z", "extra": {"a": [1, 2]}}'
    assert file_text_at(path, first, "  ", nth=1) == '  z", "extra": {"a": [1, 2]}}'
    assert file_text_at(path, first, "b", "source") == 'b\\"", "target": ' + json.dumps(record["target"])[:-1] \
        + '", "extra": {"a": [1, 2]}}'
    assert file_text_at(path, second, "  ") == '  text"}'


@pytest.mark.parametrize("line", ['{"target": "a  b" , "id" : 3}', '  {"id": "x", "target": "a  b"}'])
def test_jsonl_spacing_variants(tmp_path: Path, line: str) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    segment = next(iter(read_segments(path)))
    assert file_text_at(path, segment, "  ").startswith('  b"')


# --- every character of an XLIFF target maps to its own place in the file (property) ------------

_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                            exclude_characters="\r\x85\u2028\u2029\ufffe\uffff") | st.sampled_from("&<>\"' \n")
_WAYS = st.sampled_from(["verbatim", "decimal", "hex", "cdata"])


def _encode(char: str, way: str) -> str:
    if char == "\n" and way != "verbatim":
        way = "verbatim"
    if way == "decimal" or (way == "verbatim" and char in "&<"):
        return f"&#{ord(char)};"
    if way == "hex":
        return f"&#x{ord(char):X};"
    if way == "cdata" and char != ">":
        return f"<![CDATA[{char}]]>"
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(char, char)


@settings(max_examples=int(os.environ.get("TQCHECK_FUZZ_EXAMPLES", "80")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.tuples(_CHARACTERS, _WAYS), min_size=1, max_size=30), tag_at=st.integers(0, 30))
# Character references that HTML decodes differently from XML: a noncharacter, a C1 control.
@example(pieces=[("\ufdd0", "decimal")], tag_at=0)
@example(pieces=[("a", "verbatim"), ("\x80", "hex"), ("\x9f", "decimal")], tag_at=3)
def test_every_xliff_character_maps_to_its_encoding(tmp_path: Path, pieces: list[tuple[str, str]], tag_at: int) -> None:
    encoded = [_encode(char, way) for char, way in pieces]
    tag_at = min(tag_at, len(encoded))
    body = "".join(encoded[:tag_at]) + '<x id="1"/>' + "".join(encoded[tag_at:])
    document = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file original="f"><body>\n'
                f'  <trans-unit id="1"><source>s</source>\n  <target>{body}</target></trans-unit>\n'
                "</body></file></xliff>\n")
    path = tmp_path / "prop.xlf"
    path.write_bytes(document.encode("utf-8"))
    segment = next(iter(read_segments(path)))
    chars = [char for char, _way in pieces]
    expected = "".join(chars[:tag_at]) + "<x1/>" + "".join(chars[tag_at:])
    assert segment.target == expected
    lines = document.split("\n")
    offsets = [index for index in range(len(expected)) if not tag_at <= index < tag_at + 5]
    for index in offsets:
        position = locate(segment, Span(index, index + 1))
        assert position.line is not None and position.column is not None
        piece = encoded[index if index < tag_at else index - 5]
        here = lines[position.line - 1][position.column - 1:]
        if piece == "\n":
            assert here == "", (index, position)
        elif piece.startswith("<![CDATA["):
            assert here.startswith(piece[9:]), (index, position, piece)
        else:
            assert here.startswith(piece), (index, position, piece)
    tag = locate(segment, Span(tag_at, tag_at + 5))
    assert tag.line is not None and tag.column is not None
    assert lines[tag.line - 1][tag.column - 1:].startswith('<x id="1"/>')


# --- the same for a PO msgstr split over several quoted lines, with escapes ----------------------

_PO_ESCAPES = {"\n": "\\n", "\t": "\\t", '"': '\\"', "\\": "\\\\"}
_PO_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                               exclude_characters="\x85") | st.sampled_from('\n\t"\\ #')


@settings(max_examples=int(os.environ.get("TQCHECK_FUZZ_EXAMPLES", "80")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(_PO_CHARACTERS, min_size=1, max_size=12), min_size=1, max_size=4))
def test_every_po_character_maps_to_its_encoding(tmp_path: Path, lines: list[list[str]]) -> None:
    encoded = [[_PO_ESCAPES.get(char, char) for char in line] for line in lines]
    body = "\n".join(f'"{"".join(line)}"' for line in encoded)
    document = f'# c\nmsgid "s"\nmsgstr ""\n{body}\n'
    path = tmp_path / "prop.po"
    path.write_bytes(document.encode("utf-8"))
    segment = next(iter(read_segments(path)))
    flat = [(char, code) for line, codes in zip(lines, encoded) for char, code in zip(line, codes)]
    assert segment.target == "".join(char for char, _code in flat)
    file_lines = document.split("\n")
    for index, (_char, code) in enumerate(flat):
        position = locate(segment, Span(index, index + 1))
        assert position.line is not None and position.column is not None
        assert file_lines[position.line - 1][position.column - 1:].startswith(code), (index, position, code)


def test_jsonl_ascii_escapes_and_repeated_texts(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    records = [{"source": "Caf\u00e9  x", "target": "Caf\u00e9  x"},  # the same text twice: placed by walking
               {"target": "na\u00efve  \u201cquote\u201d  end", "note": "na\u00efve"}]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    first, second = read_segments(path)
    assert file_text_at(path, first, "  ") == '  x"}'
    assert file_text_at(path, first, "  ", "source").startswith('  x", "target"')
    assert file_text_at(path, second, "  ", nth=1) == '  end", "note": "na\\u00efve"}'
