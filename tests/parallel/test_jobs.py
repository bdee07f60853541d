"""`--jobs N` gives exactly the report of `--jobs 1`: same issues, same order, same summary."""

from __future__ import annotations

import concurrent.futures
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.api import check
from tqcheck.cli import app
from tqcheck.model import Segment
from tqcheck.readers import read_segments
from tqcheck.run.engines import pool as parallel

CORPORA = Path(__file__).resolve().parents[2] / "corpora"


def _batch(copies: int) -> list[Segment]:
    """The en-de sample repeated under new document ids: many documents, repeated sources
    (batch-scope checks fire across documents), issues of every family."""
    base = list(read_segments(CORPORA / "news-en-de" / "batch.jsonl"))
    out = []
    for copy in range(copies):
        for segment in base:
            out.append(Segment(id=f"{copy}-{segment.id}", target=segment.target, source=segment.source,
                               reference=segment.reference, doc_id=f"{copy}-{segment.doc_id}", line=segment.line,
                               origin=segment.origin))
    return out


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CHUNK_SEGMENTS", 7)


def test_pool_report_equals_serial_report(small_chunks: None) -> None:
    segments = _batch(6)
    serial = check(segments, src_lang="en", tgt_lang="de", created="t", jobs=1)
    pooled = check(segments, src_lang="en", tgt_lang="de", created="t", jobs=2)
    assert serial.summary.segments == len(segments)
    assert sum(serial.summary.by_check.values()) > 20
    assert {info for info in serial.summary.by_check} & {"TQ704", "TQ705", "TQ601"}, "batch-scope checks ran"
    assert pooled == serial


def test_one_chunk_input_never_starts_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pool started for a small input")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    segments = _batch(1)
    assert check(segments, src_lang="en", tgt_lang="de", created="t", jobs=4) == check(
        segments, src_lang="en", tgt_lang="de", created="t", jobs=1)


def test_cli_jobs_output_identical(tmp_path: Path, small_chunks: None) -> None:
    lines = [segment for segment in _batch(4)]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"doc_id": s.doc_id, "source": s.source, "target": s.target,
                                         "reference": s.reference}, ensure_ascii=False) + "\n" for s in lines),
                     encoding="utf-8")
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["check", str(batch), "--src-lang", "en", "--tgt-lang", "de", "-f", "json",
                                     "--jobs", jobs, "--fail-on", "never"], env={"SOURCE_DATE_EPOCH": "0"})
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["summary"]["segments"] == len(lines)


def test_a_crashing_check_in_a_worker_is_reported(monkeypatch: pytest.MonkeyPatch, small_chunks: None) -> None:
    from tqcheck.run.runner import CheckCrashed

    segments = _batch(3)
    segments[40] = Segment(id="boom", target="BOOM", doc_id=segments[40].doc_id)
    original = parallel.Checker.check_local

    def explode(self, window, doc_id=None):  # type: ignore[no-untyped-def]
        if any(s.id == "boom" for s in window):
            raise CheckCrashed("check TQ999 crashed on segment boom")
        return original(self, window, doc_id)

    monkeypatch.setattr(parallel.Checker, "check_local", explode)
    with pytest.raises(CheckCrashed, match="segment boom"):
        check(segments, src_lang="en", tgt_lang="de", created="t", jobs=2)


def test_compare_issue_counts_do_not_depend_on_jobs(small_chunks: None) -> None:
    from tqcheck.metrics.compare import SystemInput, compare_systems

    segments = _batch(3)
    references = [[s.reference or s.target for s in segments]]
    sources = [s.source or "" for s in segments]
    systems = [SystemInput(name, [s.target if n % 2 else s.target.upper() for n, s in enumerate(segments)])
               for name in ("a", "b")]
    serial = compare_systems(systems, references, sources=sources, src_lang="en", tgt_lang="de", jobs=1)
    pooled = compare_systems(systems, references, sources=sources, src_lang="en", tgt_lang="de", jobs=2)
    assert [s.issues for s in serial.systems] == [s.issues for s in pooled.systems]
    assert serial.systems[0].issues.segments == len(segments)


def test_workers_compute_the_reference_statistics(monkeypatch: pytest.MonkeyPatch, small_chunks: None) -> None:
    """With --jobs, sacrebleu's per-segment work runs in the workers, every chunk of it (the driver
    only warms up the checks), and the scores are unchanged."""
    from tqcheck.metrics.segments import SegmentScorer

    segments = _batch(6)
    assert all(segment.reference for segment in segments)
    in_driver: list[int] = []
    original = SegmentScorer.statistics

    def counted(self: SegmentScorer, window: list[Segment]) -> object:
        in_driver.append(len(window))  # a forked worker appends to its own copy of the list
        return original(self, window)

    monkeypatch.setattr(SegmentScorer, "statistics", counted)
    serial = check(segments, src_lang="en", tgt_lang="de", created="t", jobs=1)
    assert sum(in_driver) == len(segments)
    in_driver.clear()
    pooled = check(segments, src_lang="en", tgt_lang="de", created="t", jobs=2)
    assert sum(in_driver) == 0
    assert pooled == serial
    assert all(result.scores and all("chrF" in scores for scores in result.scores.values())
               for result in pooled.documents)
