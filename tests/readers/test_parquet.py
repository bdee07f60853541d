"""Parquet input: columns named like TSV/JSONL columns, streamed by record batch, local paths and file:// URIs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from tqcheck.cli import app, main  # noqa: E402
from tqcheck.errors import InputError  # noqa: E402
from tqcheck.readers import read_segments  # noqa: E402
from tqcheck.readers.parquet import read_parquet  # noqa: E402

ROWS = [
    {"seg_id": "a1", "doc": "d1", "src": "The minister met 3 officials.", "mt": "Der Minister traf 3 Beamte. .",
     "score": 0.5, "tags": ["x"], "note": None},
    {"seg_id": None, "doc": "d1", "src": "He left on Monday.", "mt": "Er ging am Montag.", "score": None,
     "tags": [], "note": "n"},
    {"seg_id": "a3", "doc": "d2", "src": "Share your opinion", "mt": "Teilen Sie Ihre Meinung", "score": 1.0,
     "tags": None, "note": None},
]


def _write(path: Path, rows: list[dict[str, object]], **kwargs: object) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, **kwargs)
    return path


def test_columns_map_like_tsv_and_the_rest_is_metadata(tmp_path: Path) -> None:
    segments = list(read_segments(_write(tmp_path / "batch.parquet", ROWS)))
    assert [(s.id, s.doc_id, s.line) for s in segments] == [("a1", "d1", 1), ("2", "d1", 2), ("a3", "d2", 3)]
    assert segments[0].source == "The minister met 3 officials." and segments[0].target.endswith(". .")
    assert dict(segments[0].meta) == {"score": "0.5", "tags": '["x"]'}
    assert dict(segments[1].meta) == {"tags": "[]", "note": "n"}
    assert segments[0].origin == str(tmp_path / "batch.parquet")


def test_file_uri_reads_the_same_segments(tmp_path: Path) -> None:
    path = _write(tmp_path / "batch.parquet", ROWS)
    by_path = [(s.id, s.target, s.doc_id, s.line, dict(s.meta)) for s in read_segments(path)]
    by_uri = [(s.id, s.target, s.doc_id, s.line, dict(s.meta)) for s in read_segments(Path(path.as_uri()))]
    assert by_uri == by_path
    assert next(iter(read_segments(Path(path.as_uri())))).origin == path.as_uri()


def test_streams_record_batches_never_the_whole_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"target": f"Line {number}.", "doc_id": f"d{number // 100}"} for number in range(1000)]
    path = _write(tmp_path / "big.parquet", rows, row_group_size=100)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("read the whole table")

    monkeypatch.setattr(pq.ParquetFile, "read", refuse)
    monkeypatch.setattr(pq, "read_table", refuse)
    segments = list(read_parquet(str(path), batch_rows=64))
    assert [s.line for s in segments] == list(range(1, 1001))
    assert segments[-1].target == "Line 999." and segments[-1].id == "1000"


@pytest.mark.parametrize(("rows", "message"), [
    ([{"source": "x", "text": "y"}], "no target column"),
    ([{"target": 1.5}], "must hold strings"),
    ([{"mt": "a", "target": "b"}], "appears twice"),
])
def test_bad_schemas_fail_with_one_line(tmp_path: Path, rows: list[dict[str, object]], message: str) -> None:
    path = _write(tmp_path / "bad.parquet", rows)
    with pytest.raises(InputError, match=message):
        list(read_segments(path))


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_segments(tmp_path / "missing.parquet")
    (tmp_path / "text.parquet").write_text("not parquet\n")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        read_segments(tmp_path / "text.parquet")
    empty = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"target": pa.array([], pa.string())}), empty)
    with pytest.raises(InputError, match="no Parquet rows"):
        list(read_segments(empty))
    with pytest.raises(InputError, match="only Parquet"):
        read_segments(Path((tmp_path / "x.jsonl").as_uri()))


def _parquet_issues(path: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = pq.read_table(path).to_pylist()
    return rows


def test_cli_round_trip_parquet_in_parquet_out(tmp_path: Path) -> None:
    source = _write(tmp_path / "batch.parquet", ROWS)
    result = CliRunner().invoke(app, ["check", str(source), "--src-lang", "en", "--tgt-lang", "de",
                                      "--format", "json", "--output", str(tmp_path / "report.json")])
    assert result.exit_code in (0, 1), result.output
    expected = json.loads((tmp_path / "report.json").read_text())["issues"]
    assert expected, "the sample has issues"
    out_uri = (tmp_path / "issues.parquet").as_uri()
    result = CliRunner().invoke(app, ["check", Path(source).as_uri(), "--src-lang", "en", "--tgt-lang", "de",
                                      "--format", "parquet", "--output", out_uri])
    assert result.exit_code in (0, 1), result.output
    issues = _parquet_issues(tmp_path / "issues.parquet")
    assert issues == [{key: issue.get(key) for key in issues[0]} for issue in expected]  # `status`: None here
    assert not [name for name in tmp_path.iterdir() if name.name.startswith(".")], "no temporary file left"


def test_parquet_format_needs_an_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "batch.parquet", ROWS)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(source), "--src-lang", "en", "--tgt-lang", "de", "--format", "parquet"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "--output" in err and err.count("\n") == 1 and "Traceback" not in err


def test_installed_script_reads_and_writes_parquet(tmp_path: Path) -> None:
    source = _write(tmp_path / "batch.parquet", ROWS)
    script = Path(sys.executable).with_name("tqcheck")
    done = subprocess.run([str(script), "check", str(source), "--src-lang", "en", "--tgt-lang", "de",
                           "--format", "parquet", "-o", str(tmp_path / "issues.parquet")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    table = pq.read_table(tmp_path / "issues.parquet")
    assert table.num_rows > 0 and "code" in table.column_names
    summary = json.loads(pq.read_metadata(tmp_path / "issues.parquet").metadata[b"tqcheck.summary"])
    assert summary["issues"] == table.num_rows


def test_invalid_utf8_in_a_text_column_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Found by the slow fuzz: Arrow checks string bytes only when they are read, as a UnicodeDecodeError."""
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"mt": ["Die Preise stiegen."], "src": ["Prices rose."]}), path, compression="none")
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Die Preise", b"\x80ie Preise"))
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(path), "--src-lang", "en", "--tgt-lang", "de"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "invalid UTF-8" in err and err.count("\n") == 1
