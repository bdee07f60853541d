"""`--engine ray` gives exactly the results of the local engine, on a local 2-CPU Ray instance.

One Ray instance serves the whole module (starting one takes seconds). The batch has several
hundred segments over many documents, one document longer than a window, and sources repeated
across documents so the batch-scope checks (run on the driver) fire.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.api import check, run_check
from tqcheck.cli import app, main
from tqcheck.model import Report
from tqcheck.readers import read_segments

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
BATCH_SCOPE = {"TQ601", "TQ704", "TQ705", "TQ899", "TQ901"}


def _rows(copies: int = 8, long_document: int = 1100) -> list[dict[str, object]]:
    """The en-de sample under new document ids, plus one document longer than a window (1,000)."""
    base = [json.loads(line) for line in (CORPORA / "news-en-de" / "batch.jsonl").read_text().splitlines()]
    rows: list[dict[str, object]] = []
    for copy in range(copies):
        rows.extend({**row, "id": f"{copy}-{row['id']}", "doc_id": f"{copy}-{row['doc_id']}"} for row in base)
    for number in range(long_document):
        row = base[number % len(base)]
        rows.append({"source": row["source"], "target": row["target"], "doc_id": "long", "id": f"long-{number}"})
    return rows


@pytest.fixture(scope="module")
def ray_instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    if ray.is_initialized():
        yield ray
        return
    # Actors are processes of this instance: keep their back-translation cache out of ~/.cache.
    cache = tmp_path_factory.mktemp("ray-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()
        if previous is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(scope="module")
def batch_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path_factory.mktemp("batch")
    rows = _rows()
    files = {"parquet": folder / "batch.parquet", "jsonl": folder / "batch.jsonl", "tsv": folder / "batch.tsv"}
    pq.write_table(pa.Table.from_pylist(rows), files["parquet"], row_group_size=97)
    files["jsonl"].write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    columns = ["id", "doc_id", "source", "target", "reference"]
    files["tsv"].write_text("\t".join(columns) + "\n" + "".join(
        "\t".join(str(row.get(name) or "") for name in columns) + "\n" for row in rows), encoding="utf-8")
    return files


@pytest.mark.slow  # a long run: `python -m pytest -m slow` (CI's second step)
def test_library_run_equals_local_engine(ray_instance: object, batch_files: dict[str, Path],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from tqcheck.run.engines import ray_engine, ray_plan

    monkeypatch.setattr(ray_plan, "CHUNK_SEGMENTS", 150)  # many chunks, so order is really tested
    local = check(read_segments(batch_files["parquet"]), src_lang="en", tgt_lang="de", created="t")
    segments, runner = ray_engine.prepare(batch_files["parquet"])
    run = run_check(segments, src_lang="en", tgt_lang="de", created="t", runner=runner)
    remote = Report(info=run.info, documents=tuple(run.results), summary=run.summary())
    assert local.summary.segments == 1340 and local.summary.documents == 8 * 3 + 2  # the long one: 2 windows
    assert set(local.summary.by_check) & BATCH_SCOPE, "batch-scope checks fired"
    assert len(local.issues) > 100
    assert remote == local


def _records(path: Path) -> list[dict[str, object]]:
    """JSONL segment records without `anchors`: where each text lies in a text file (line, column) is known
    only to the local readers, which see the raw lines; Ray Data hands over parsed rows."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for record in records:
        record.pop("anchors", None)
    return [record for record in records if "record" not in record]  # the run's record: its inputs differ


@pytest.mark.parametrize("fmt", ["jsonl", "tsv"])
def test_cli_output_identical_to_local_engine(ray_instance: object, batch_files: dict[str, Path],
                                              tmp_path: Path, fmt: str) -> None:
    outputs = {}
    for engine in ("local", "ray"):
        dest = tmp_path / f"{engine}.jsonl"
        result = CliRunner().invoke(app, ["check", str(batch_files[fmt]), "--src-lang", "en", "--tgt-lang", "de",
                                          "--engine", engine, "--format", "jsonl", "--output", dest.as_uri()])
        assert result.exit_code == 1, result.output  # the sample has errors
        outputs[engine] = _records(dest)
    assert len(outputs["ray"]) == 1340
    assert sum(len(record["issues"]) for record in outputs["ray"]) > 100  # type: ignore[arg-type]
    assert outputs["ray"] == outputs["local"]


@pytest.mark.slow  # a long run: `python -m pytest -m slow` (CI's second step)
def test_cli_parquet_in_parquet_out(ray_instance: object, batch_files: dict[str, Path], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    tables = {}
    for engine in ("local", "ray"):
        dest = tmp_path / f"{engine}.parquet"
        result = CliRunner().invoke(app, ["check", batch_files["parquet"].as_uri(), "--src-lang", "en",
                                          "--tgt-lang", "de", "--engine", engine, "-f", "parquet", "-o", str(dest)])
        assert result.exit_code == 1, result.output
        tables[engine] = pq.read_table(dest)
        summary = json.loads(pq.read_metadata(dest).metadata[b"tqcheck.summary"])
        assert summary["issues"] == tables[engine].num_rows and summary["failed"]
    assert tables["ray"].equals(tables["local"])


@pytest.mark.slow  # a long run: `python -m pytest -m slow` (CI's second step)
def test_backtranslation_actor_pool_equals_inline_backtranslation(
        ray_instance: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    torch.set_num_threads(1)
    from tests.backtranslate.tiny_models import build_marian

    model = build_marian(tmp_path / "marian")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "local-cache"))  # the actors use their own cache
    rows = _rows(copies=1, long_document=0)[:12]
    source = tmp_path / "small.jsonl"
    source.write_text("".join(json.dumps({k: v for k, v in row.items() if k != "reference"}) + "\n"
                              for row in rows), encoding="utf-8")
    outputs = {}
    for engine in ("local", "ray"):
        dest = tmp_path / f"{engine}.jsonl"
        result = CliRunner().invoke(app, ["check", str(source), "--src-lang", "en", "--tgt-lang", "de",
                                          "--backtranslate-model", str(model), "--engine", engine,
                                          "-f", "jsonl", "-o", str(dest), "--fail-on", "never"])
        assert result.exit_code == 0, result.output
        outputs[engine] = _records(dest)
    assert all(record["backtranslation"] for record in outputs["ray"])
    assert outputs["ray"] == outputs["local"]


def _exit(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    return int(exit_info.value.code or 0), capsys.readouterr().err


def test_without_ray_installed_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` sees when it is not installed
    source = tmp_path / "batch.jsonl"
    source.write_text('{"target": "Hallo Welt."}\n', encoding="utf-8")
    code, err = _exit(["check", str(source), "--tgt-lang", "de", "--engine", "ray"], capsys)
    assert code == 2
    assert "pip install 'tqcheck[ray]'" in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(("extra", "message"), [
    (["--engine", "spark"], "unknown engine"),
    (["--engine", "ray", "--source", "{source}"], "put it in a column"),
    (["--engine", "ray", "--input-format", "article"], "--engine ray reads"),
])
def test_bad_engine_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str],
                                   message: str) -> None:
    target = tmp_path / "mt.jsonl"
    target.write_text('{"target": "Hallo Welt."}\n', encoding="utf-8")
    args = ["check", str(target), "--src-lang", "en", "--tgt-lang", "de",
            *(value.format(source=target) for value in extra)]
    code, err = _exit(args, capsys)
    assert code == 2 and message in err and err.count("\n") == 1


def test_unreadable_input_on_ray_is_one_line(ray_instance: object, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"target": "Hallo."}\n{not json\n', encoding="utf-8")
    code, err = _exit(["check", str(bad), "--src-lang", "en", "--tgt-lang", "de", "--engine", "ray"], capsys)
    assert code == 2 and "cannot read jsonl input" in err and "Traceback" not in err
    assert [line for line in err.splitlines() if "core_worker" not in line] == [err.splitlines()[-1]]


# --- --output-dir: results written by Ray Data's writers, a summary from aggregations ----------------------------

def _key(issue: dict[str, object]) -> tuple[object, ...]:
    return (issue["doc_id"], issue["segment_id"], issue["code"], issue["field"], issue["start"], issue["end"],
            issue["message"])


@pytest.mark.parametrize("output_format", ["parquet", pytest.param("jsonl", marks=pytest.mark.slow)])
def test_output_dir_writes_every_segment_and_the_local_engines_issues(
        ray_instance: object, batch_files: dict[str, Path], tmp_path: Path, output_format: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out"
    local = tmp_path / "local.json"
    runner = CliRunner()
    runner.invoke(app, ["check", str(batch_files["jsonl"]), "--src-lang", "en", "--tgt-lang", "de", "-f", "json",
                        "-o", str(local)])
    result = runner.invoke(app, ["check", str(batch_files["jsonl"]), "--src-lang", "en", "--tgt-lang", "de",
                                 "--engine", "ray", "--output-dir", str(out), "--output-dir-format", output_format,
                                 "-f", "json"])
    assert result.exit_code == 1, result.output  # the gate, on the aggregated summary
    assert "compare within each window" in result.stderr
    record = json.loads(result.stdout)
    assert record == json.loads((out / "summary.json").read_text(encoding="utf-8"))
    expected = json.loads(local.read_text(encoding="utf-8"))

    def rows(folder: Path) -> list[dict[str, object]]:
        if output_format == "parquet":
            return [row for path in sorted(folder.iterdir()) for row in pq.read_table(path).to_pylist()]
        return [json.loads(line) for path in sorted(folder.iterdir())
                for line in path.read_text(encoding="utf-8").splitlines()]

    segments, issues = rows(out / "segments"), rows(out / "issues")
    assert len(segments) == 1340 == record["summary"]["segments"]
    assert sum(len(row["issues"]) for row in segments) == len(issues) == record["summary"]["issues"]
    # Every segment- and document-scope finding is the local engine's; the batch-scope ones compare per window.
    assert sorted(_key(issue) for issue in issues if issue["code"] not in BATCH_SCOPE) == sorted(
        _key(issue) for issue in expected["issues"] if issue["code"] not in BATCH_SCOPE)
    summary = record["summary"]
    assert summary["documents"] == expected["summary"]["documents"]
    for metric in ("BLEU", "chrF", "chrF++"):  # corpus scores from summed sufficient statistics: exact
        assert summary["scores"][metric] == pytest.approx(expected["summary"]["scores"][metric])
    assert sum(summary["by_check"].values()) == summary["issues"] == sum(summary["by_severity"].values())
    worst = record["worst_documents"]
    assert worst and worst == sorted(worst, key=lambda doc: (-doc["errors"], -doc["warnings"], -doc["info"],
                                                             json.dumps(doc["doc_id"])))


@pytest.mark.slow  # two more Ray runs: `python -m pytest -m slow` (CI's second step)
def test_output_dir_reports_as_html_and_sarif(ray_instance: object, batch_files: dict[str, Path],
                                              tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["check", str(batch_files["parquet"]), "--src-lang", "en", "--tgt-lang", "de", "--engine", "ray",
            "--ray-check-actors", "1:2"]
    page = tmp_path / "r.html"
    runner.invoke(app, [*base, "--output-dir", str(tmp_path / "a"), "-f", "html", "-o", str(page)])
    html = page.read_text(encoding="utf-8")
    assert 'id="worst-documents"' in html and str(tmp_path / "a" / "segments") in html and "<script" not in html
    sarif = tmp_path / "r.sarif"
    runner.invoke(app, [*base, "--output-dir", str(tmp_path / "b"), "-f", "sarif", "-o", str(sarif)])
    record = json.loads((tmp_path / "b" / "summary.json").read_text(encoding="utf-8"))
    assert len(json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]) == record["summary"]["issues"]


@pytest.mark.parametrize(("extra", "message"), [
    (["--output-dir", "{out}"], "it goes with --engine ray"),
    (["--engine", "ray", "--output-dir", "{out}", "-f", "jsonl"], "the report is a summary"),
    (["--engine", "ray", "--output-dir", "{out}", "--output-dir-format", "csv"], "--output-dir-format"),
    (["--engine", "ray", "--ray-check-actors", "3:1"], "1 <= MIN <= MAX"),
    (["--engine", "ray", "--ray-backtranslate-actors", "many"], "N or MIN:MAX"),
    (["--engine", "ray", "--ray-gpus-per-actor", "-1"], "--ray-gpus-per-actor"),
])
def test_bad_cluster_options_exit_2(ray_instance: object, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    extra: list[str], message: str) -> None:
    target = tmp_path / "mt.jsonl"
    target.write_text('{"target": "Hallo Welt."}\n', encoding="utf-8")
    args = ["check", str(target), "--src-lang", "en", "--tgt-lang", "de",
            *(value.format(out=tmp_path / "out") for value in extra)]
    code, err = _exit(args, capsys)
    assert code == 2 and message in err
    assert [line for line in err.splitlines() if "core_worker" not in line] == [err.splitlines()[-1]]
