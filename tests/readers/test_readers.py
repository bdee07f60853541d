"""Readers: every format yields the same Segments; every bad input is one clear InputError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tqcheck.errors import InputError
from tqcheck.readers import read_segments, sniff_format
from tqcheck.readers.textfile import count_lines, iter_lines


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_line_aligned_with_companions_and_docs(tmp_path: Path) -> None:
    mt = write(tmp_path / "mt.en", "One.\nTwo.\nThree.\n")
    src = write(tmp_path / "src.de", "Eins.\nZwei.\nDrei.\n")
    ref = write(tmp_path / "ref.en", "One!\nTwo!\nThree!\n")
    docs = write(tmp_path / "docs.tsv", "news\ta\nnews\ta\nsport\tb\n")
    segments = list(read_segments(mt, source=src, reference=ref, docs=docs))
    assert [(s.id, s.line, s.source, s.target, s.reference, s.doc_id) for s in segments] == [
        ("1", 1, "Eins.", "One.", "One!", "a"),
        ("2", 2, "Zwei.", "Two.", "Two!", "a"),
        ("3", 3, "Drei.", "Three.", "Three!", "b"),
    ]
    assert segments[0].origin == str(mt)


def test_docs_file_with_bare_ids(tmp_path: Path) -> None:
    mt = write(tmp_path / "mt.en", "a\nb\n")
    docs = write(tmp_path / "docs.txt", "d1\nd2\n")
    assert [s.doc_id for s in read_segments(mt, docs=docs)] == ["d1", "d2"]
    assert {s.doc_id for s in read_segments(mt)} == {"mt.en"}


def test_article_skips_blank_lines_and_keeps_line_numbers(tmp_path: Path) -> None:
    article = write(tmp_path / "a.en", "Headline\n\nFirst paragraph.\n   \nSecond.\n")
    segments = list(read_segments(article))
    assert [(s.line, s.target) for s in segments] == [(1, "Headline"), (3, "First paragraph."), (5, "Second.")]
    assert {s.doc_id for s in segments} == {"a.en"}


def test_directory_of_articles_is_one_document_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder / "b.txt", "Beta.\n")
    write(folder / "a.txt", "Alpha.\n\nAlpha two.\n")
    write(folder / ".hidden", "ignored\n")
    segments = list(read_segments(folder))
    assert [(s.doc_id, s.line, s.target) for s in segments] == [
        ("a.txt", 1, "Alpha."), ("a.txt", 3, "Alpha two."), ("b.txt", 1, "Beta.")]
    assert len({s.id for s in segments}) == 3


def test_tsv_with_aliases_and_metadata(tmp_path: Path) -> None:
    table = write(tmp_path / "b.tsv", 'id\tdoc_id\tsrc\tmt\tref\tsystem\nx1\td\t"Hallo"\t"Hello"\tHi\tA\n')
    (segment,) = list(read_segments(table))
    assert (segment.id, segment.doc_id, segment.source, segment.target, segment.reference) == (
        "x1", "d", '"Hallo"', '"Hello"', "Hi")
    assert dict(segment.meta) == {"system": "A"}
    assert segment.line == 2


def test_csv_with_quoted_multiline_field(tmp_path: Path) -> None:
    table = write(tmp_path / "b.csv", 'source,target\n"a, b","c ""d"""\nx,"two\nlines"\ny,z\n')
    segments = list(read_segments(table))
    assert [(s.source, s.target, s.line) for s in segments] == [
        ("a, b", 'c "d"', 2), ("x", "two\nlines", 3), ("y", "z", 5)]


def test_jsonl(tmp_path: Path) -> None:
    rows = [{"id": 7, "source": "Guten Tag", "target": "Good day", "doc_id": "d", "score": 0.5}, {"target": "x"}]
    path = write(tmp_path / "b.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    first, second = read_segments(path)
    assert (first.id, first.source, first.target, first.doc_id, dict(first.meta)) == (
        "7", "Guten Tag", "Good day", "d", {"score": "0.5"})
    assert (second.id, second.line, second.source) == ("2", 2, None)


def test_bom_crlf_and_lone_cr(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", "\ufeffone\r\ntwo\rthree\n".encode())
    assert list(iter_lines(path)) == [(1, "one"), (2, "two"), (3, "three")]
    assert count_lines(path) == 3


def test_count_lines_matches_iter_lines_without_final_newline(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", "a\nb")
    assert count_lines(path) == len(list(iter_lines(path))) == 2


def test_legacy_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", "Grüße\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"x.txt:1: invalid UTF-8 at byte offset 2 \(byte 0xfc\)"):
        list(read_segments(path))
    assert [s.target for s in read_segments(path, encoding="latin-1")] == ["Grüße"]


def test_sniff_format(tmp_path: Path) -> None:
    assert sniff_format(tmp_path) == "articles"
    assert sniff_format(tmp_path / "a.TSV") == "tsv"
    assert sniff_format(tmp_path / "a.en") == "article"
    assert sniff_format(tmp_path / "a.en", aligned=True) == "lines"


BAD_INPUTS = [
    ("missing-file", {}, None, r"input file not found"),
    ("directory-as-file", {"fmt": "lines"}, "dir", r"is a directory"),
    ("empty-article", {}, "", r"empty input"),
    ("blank-article", {}, "\n \n", r"empty input"),
    ("invalid-utf8", {}, b"ok\nbad \xff byte\n", r":2: invalid UTF-8 at byte offset 7"),
    ("unknown-encoding", {"encoding": "klingon"}, "x\n", r"unknown encoding"),
    ("utf16-refused", {"encoding": "utf-16"}, "x\n", r"not supported"),
    ("bad-format", {"fmt": "xml"}, "x\n", r"unknown input format"),
]


@pytest.mark.parametrize(("content", "kwargs", "expected"),
                         [pytest.param(c, k, e, id=i) for i, k, c, e in BAD_INPUTS])
def test_bad_inputs(tmp_path: Path, content: str | bytes | None, kwargs: dict[str, str], expected: str) -> None:
    path = tmp_path / "input.txt"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        write(path, content)
    with pytest.raises(InputError, match=expected):
        list(read_segments(path, **kwargs))  # type: ignore[arg-type]


def test_mismatched_line_counts_name_both(tmp_path: Path) -> None:
    mt = write(tmp_path / "mt.en", "a\nb\nc\n")
    src = write(tmp_path / "src.ar", "a\nb\n")
    with pytest.raises(InputError, match=r"target .*mt.en has 3 lines, source .*src.ar has 2"):
        read_segments(mt, source=src)


def test_missing_companion(tmp_path: Path) -> None:
    mt = write(tmp_path / "mt.en", "a\n")
    with pytest.raises(InputError, match="reference file not found"):
        read_segments(mt, reference=tmp_path / "nope")


def test_companion_with_non_aligned_format(tmp_path: Path) -> None:
    table = write(tmp_path / "b.tsv", "target\nx\n")
    with pytest.raises(InputError, match="--source only applies to line-aligned text"):
        read_segments(table, source=table)


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("b.tsv", "source\tgoal\na\tb\n", r"b.tsv:1: no target column"),
    ("b.tsv", "source\ttarget\na\tb\tc\n", r"b.tsv:2: expected 2 columns, got 3"),
    ("b.tsv", "target\ttarget\nx\ty\n", r"appears twice"),
    ("b.tsv", "source\ttarget\n", r"header but no rows"),
    ("b.tsv", "", r"no header row"),
    ("b.csv", 'source,target\n"a,b\n', r"b.csv:2: malformed row"),
    ("b.jsonl", '{"target": "ok"}\n{"target": \n', r"b.jsonl:2: invalid JSON"),
    ("b.jsonl", '["target"]\n', r"b.jsonl:1: expected a JSON object, got list"),
    ("b.jsonl", '{"source": "x"}\n', r"b.jsonl:1: record has no target text"),
    ("b.jsonl", '{"target": {"a": 1}}\n', r"b.jsonl:1: field 'target' must be a string"),
    ("b.jsonl", "\n\n", r"no JSON records"),
])
def test_malformed_tables(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(InputError, match=expected):
        list(read_segments(path))


def test_docs_file_with_too_many_columns(tmp_path: Path) -> None:
    mt = write(tmp_path / "mt.en", "a\n")
    docs = write(tmp_path / "docs.tsv", "x\ty\tz\n")
    with pytest.raises(InputError, match=r"docs.tsv:1: expected `doc_id`"):
        list(read_segments(mt, docs=docs))
