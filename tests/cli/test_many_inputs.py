"""`tqcheck check a.xlf b.po folder/ 'batch/**/*.jsonl'`: many inputs, one report, one document per file."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app, main

from ..conftest import ROOT

runner = CliRunner()
CORPORA = ROOT / "corpora"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def report(*args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["check", *args, "-f", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), result.stderr


def counts(data: dict) -> Counter[str]:  # type: ignore[type-arg]
    return Counter(issue["code"] for issue in data["issues"])


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    (folder / "pipeline").mkdir(parents=True)
    (folder / "articles" / "drafts").mkdir(parents=True)
    for name in ("article.en-fr.xlf", "newsroom.de.po"):
        shutil.copy(CORPORA / "pipeline" / name, folder / "pipeline" / name)
    shutil.copy(CORPORA / "news-ar-en" / "article-01.en", folder / "articles" / "gaza.txt")
    shutil.copy(CORPORA / "news-he-en" / "article-01.en", folder / "articles" / "drafts" / "draft.txt")
    (folder / "articles" / "photo.png").write_bytes(PNG)
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    return folder


def test_one_report_equals_the_runs_of_each_file(batch: Path) -> None:
    files = [batch / "pipeline" / "article.en-fr.xlf", batch / "pipeline" / "newsroom.de.po",
             batch / "articles" / "gaza.txt"]
    _, merged, _ = report(*map(str, files))
    separate: Counter[str] = Counter()
    for path in files:
        separate += counts(report(str(path))[1])
    assert counts(merged) == separate
    assert merged["inputs"] == [str(path) for path in files]
    documents = {issue["doc_id"].split("#")[0] for issue in merged["issues"]}
    assert documents == {str(path) for path in files}  # one document (or a file's own documents) per file


def test_a_folder_is_walked_and_a_file_that_is_not_text_is_skipped_with_one_notice(batch: Path) -> None:
    code, data, stderr = report(str(batch))
    assert "skipped 1 file that is not text" in stderr and "photo.png" in stderr
    assert "invalid UTF-8" not in stderr and ".git" not in json.dumps(data["issues"])
    docs = {issue["doc_id"].split("#")[0] for issue in data["issues"]}
    assert "articles/gaza.txt" in docs and "articles/drafts/draft.txt" in docs


def test_include_and_exclude(batch: Path) -> None:
    _, data, _ = report(str(batch), "--include", "*.txt", "--exclude", "drafts/*")
    assert {issue["doc_id"] for issue in data["issues"]} == {"articles/gaza.txt"}
    _, data, _ = report(str(batch), "--exclude", "articles/*")
    assert all(issue["doc_id"].startswith("pipeline/") for issue in data["issues"])


def test_a_quoted_glob_pattern(batch: Path) -> None:
    _, data, _ = report(f"{batch}/**/*.txt")
    assert {issue["doc_id"] for issue in data["issues"]} == {
        str(batch / "articles" / "gaza.txt"), str(batch / "articles" / "drafts" / "draft.txt")}


def test_each_file_keeps_its_own_language(batch: Path) -> None:
    # An English article beside a German PO file: no file is checked as the other's language.
    _, data, _ = report(str(batch / "pipeline" / "newsroom.de.po"), str(batch / "articles" / "gaza.txt"))
    assert not [issue for issue in data["issues"] if issue["code"] == "TQ502"]


def test_sarif_and_junit_are_one_file_for_the_run(batch: Path, tmp_path: Path) -> None:
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    inputs = [str(batch / "pipeline" / "article.en-fr.xlf"), str(batch / "articles" / "gaza.txt")]
    runner.invoke(app, ["check", *inputs, "-f", "sarif", "-o", str(sarif)])
    runner.invoke(app, ["check", *inputs, "-f", "junit", "-o", str(junit)])
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]}
    assert any(uri.endswith("article.en-fr.xlf") for uri in uris) and any(uri.endswith("gaza.txt") for uri in uris)
    text = junit.read_text(encoding="utf-8")
    assert text.count("<testsuites") == 1 and "gaza.txt" in text and "article.en-fr.xlf" in text


def test_a_baseline_of_many_inputs_matches_the_check_of_them(batch: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    created = runner.invoke(app, ["baseline", "create", str(batch), "--exclude", "drafts", "-o", str(baseline)])
    assert created.exit_code == 0, created.stderr
    code, data, _ = report(str(batch), "--exclude", "drafts", "--baseline", str(baseline))
    assert code == 0 and data["issues"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["nothing/*.xlf"], "no files match this pattern"),
    (["{png}"], "invalid"),
    (["-", "{txt}"], "standard input"),
    (["{txt}", "{txt2}", "--source", "{txt}"], "--source pairs line by line with one input file"),
])
def test_bad_inputs_are_one_error_line(batch: Path, args: list[str], message: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    names = {"png": batch / "articles" / "photo.png", "txt": batch / "articles" / "gaza.txt",
             "txt2": batch / "articles" / "drafts" / "draft.txt"}
    with pytest.raises(SystemExit) as exit_:
        main(["check", *(arg.format(**names) for arg in args)])
    stdout, stderr = capsys.readouterr()
    assert exit_.value.code == 2 and stdout == ""
    assert len(stderr.splitlines()) == 1 and stderr.startswith("error:") and message in stderr
