"""The Ray engine's plan (no Ray needed): windows cut exactly as the local engine's, rows read back exactly.

`ray_plan.plan` decides, from one columnar pass, where every chunk of whole windows lies in the file;
`read_chunk` is what a Ray task runs to read one. Together they must give the local engine's windows
(`runner.windows`) and segments, in every format, with documents, without, and past the size limit.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tqcheck.readers import read_segments
from tqcheck.readers.arrow_rows import work_chunks
from tqcheck.run.engines import ray_plan
from tqcheck.run.runner import windows

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _rows(count: int, *, docs: bool = True, long_every: int = 0) -> list[dict[str, str]]:
    rows = []
    for number in range(count):
        target = f"Satz {number}, mit \"Zitat\" und Komma."
        if long_every and number % long_every == 0:
            target = "Wort " * 30_000  # 150,000 characters: a few such rows fill a window by size
        row = {"id": f"s{number}", "source": f"Sentence {number}.", "target": target}
        if docs:
            row["doc_id"] = f"d{number // 37}" if number < count - 40 else "tail"  # a long last document
        rows.append(row)
    return rows


def _write(rows: list[dict[str, str]], folder: Path, fmt: str) -> Path:
    path = folder / f"batch.{fmt}"
    if fmt == "parquet":
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=61)
    elif fmt == "jsonl":
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        lines.insert(5, "   ")  # a blank line is no record
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        columns = list(rows[0])
        out = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:  # a newline inside a quoted value: a record over two lines
                writer.writerow([row[name].replace("Komma.", "Komma,\nzweite Zeile.") for name in columns])
        else:
            out.write("\t".join(columns) + "\n")
            out.writelines("\t".join(row[name] for name in columns) + "\n" for row in rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _planned(path: Path, fmt: str) -> list[tuple[str | None, list[str]]]:
    chunks, header = ray_plan.plan(str(path), fmt)
    assert all(chunk.count <= ray_plan.CHUNK_SEGMENTS or len(chunk.windows) == 1 for chunk in chunks)
    found = []
    for chunk in chunks:
        for _number, segments in next(work_chunks(ray_plan.read_chunk(chunk.as_row(str(path), fmt, header))))[1]:
            found.append((segments[0].doc_id, [segment.id for segment in segments]))
    return found


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "tsv", "csv"])
@pytest.mark.parametrize(("docs", "long_every"), [(True, 0), (False, 0), (True, 97)])
def test_chunks_hold_the_local_engines_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str,
                                               docs: bool, long_every: int) -> None:
    monkeypatch.setattr(ray_plan, "CHUNK_SEGMENTS", 150)
    monkeypatch.setattr(ray_plan, "_BLOCK_BYTES", 4096)  # many planning blocks: records cut at block ends
    rows = _rows(1300, docs=docs, long_every=long_every)
    path = _write(rows, tmp_path, fmt)
    local = [(doc_id, [segment.id for segment in window]) for doc_id, window in windows(read_segments(path))]
    assert _planned(path, fmt) == local
    assert len(local) >= 2


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "tsv", "csv"])
def test_read_chunk_gives_the_local_readers_segments(tmp_path: Path, fmt: str) -> None:
    rows = _rows(300)
    path = _write(rows, tmp_path, fmt)
    chunks, header = ray_plan.plan(str(path), fmt)
    remote = [segment for chunk in chunks
              for _number, segments in next(work_chunks(ray_plan.read_chunk(chunk.as_row(str(path), fmt, header))))[1]
              for segment in segments]
    local = list(read_segments(path))
    fields = ("id", "doc_id", "target", "source")
    assert [[getattr(segment, name) for name in fields] for segment in remote] == [
        [getattr(segment, name) for name in fields] for segment in local]


def test_record_numbers_without_an_id_column(tmp_path: Path) -> None:
    rows = [{"target": f"Satz {number}."} for number in range(5)]
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows[:2]) + "\n\n" + "\n".join(
        json.dumps(row) for row in rows[2:]) + "\n", encoding="utf-8")
    chunks, header = ray_plan.plan(str(path), "jsonl")
    tables = [ray_plan.read_chunk(chunk.as_row(str(path), "jsonl", header)) for chunk in chunks]
    segments = [segment for table in tables for _n, found in next(work_chunks(table))[1] for segment in found]
    assert [(segment.id, segment.line) for segment in segments] == [(str(n), n) for n in range(1, 6)]


@pytest.mark.parametrize(("text", "message"), [
    ('{"target": "a"}\n{not json\n', "cannot read jsonl input"),
    ('{"mt_text": "a"}\n', "no target column"),
    ("", "empty input"),
])
def test_bad_input_is_one_error(tmp_path: Path, text: str, message: str) -> None:
    from tqcheck.errors import InputError

    path = tmp_path / "b.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        ray_plan.plan(str(path), "jsonl")
