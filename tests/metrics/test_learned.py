"""Learned metrics through the real transformers loading code, on tiny models built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app, main

pytest.importorskip("torch")
pytest.importorskip("transformers")

from tests.metrics.tiny_metrics import build_metric  # noqa: E402
from tqcheck.metrics.learned import LearnedMetric, LearnedSettings  # noqa: E402

HYPS = ["The minister met three officials in the capital.", "Prices rose by 3.5 percent in October.",
        "Protesters gathered outside parliament."]
SRCS = ["Der Minister traf drei Beamte in der Hauptstadt.", "Die Preise stiegen im Oktober um 3,5 Prozent.",
        "Demonstranten versammelten sich vor dem Parlament."]
REFS = ["The minister met three officials in the capital.", "Prices went up 3.5% in October.",
        "Protesters gathered in front of parliament."]


@pytest.fixture(scope="module")
def qe_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_metric(tmp_path_factory.mktemp("qe") / "tiny-qe")


@pytest.fixture(scope="module")
def spans_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_metric(tmp_path_factory.mktemp("spans") / "tiny-spans", spans=True, inputs=("source", "reference"))


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    paths = tmp_path / "mt.en", tmp_path / "src.de", tmp_path / "ref.en"
    for path, lines in zip(paths, (HYPS, SRCS, REFS)):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def test_a_regression_model_scores_each_segment_as_transformers_does(qe_dir: Path, tmp_path: Path) -> None:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    mt, src, _ref = _files(tmp_path)
    result = CliRunner().invoke(app, ["score", str(mt), "--source", str(src), "--metric-model", str(qe_dir),
                                      "--tgt-lang", "en", "-f", "json"], env={"XDG_CACHE_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [row["metric"] for row in report["corpus"]] == ["tiny-qe"]  # no reference: no sacrebleu metric
    assert "family:regression|inputs:source" in report["corpus"][0]["signature"]
    tokenizer = AutoTokenizer.from_pretrained(qe_dir)
    model = AutoModelForSequenceClassification.from_pretrained(qe_dir).eval()
    with torch.inference_mode():
        expected = [float(model(**tokenizer(h, s, return_tensors="pt")).logits[0, 0]) for h, s in zip(HYPS, SRCS)]
    ours = [segment["scores"]["tiny-qe"] for segment in report["segments"]]
    assert ours == pytest.approx(expected, abs=1e-4)
    assert report["corpus"][0]["value"] == pytest.approx(sum(expected) / 3, abs=1e-4)


def test_beside_sacrebleu_with_a_reference_and_a_confidence_interval(qe_dir: Path, tmp_path: Path) -> None:
    mt, src, ref = _files(tmp_path)
    result = CliRunner().invoke(app, ["score", str(mt), "--source", str(src), "-r", str(ref), "--metric-model",
                                      str(qe_dir), "--tgt-lang", "en", "-f", "json", "--confidence",
                                      "--confidence-n", "50"], env={"XDG_CACHE_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    corpus = {row["metric"]: row for row in json.loads(result.stdout)["corpus"]}
    assert set(corpus) == {"BLEU", "chrF", "chrF++", "TER", "tiny-qe"}
    low, high = corpus["tiny-qe"]["ci"]
    assert low <= corpus["tiny-qe"]["value"] <= high


def test_error_spans_lie_in_the_hypothesis_and_make_the_score(spans_dir: Path, tmp_path: Path) -> None:
    metric = LearnedMetric(LearnedSettings(model=str(spans_dir), device="cpu", cache_path=tmp_path / "c.sqlite"))
    predictions = metric.predict(HYPS, SRCS, REFS)
    assert metric.family == "spans" and metric.reference_based
    weights = {"minor": 1.0, "major": 5.0, "critical": 10.0}
    for hypothesis, prediction in zip(HYPS, predictions):
        assert all(0 <= start < end <= len(hypothesis) and kind in weights for start, end, kind in prediction.spans)
        assert prediction.score == -sum(weights[kind] for _s, _e, kind in prediction.spans)
    assert any(prediction.spans for prediction in predictions)  # a random model marks something


def test_a_second_run_is_served_from_the_cache(qe_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = LearnedSettings(model=str(qe_dir), device="cpu", cache_path=tmp_path / "c.sqlite")
    first = LearnedMetric(settings).predict(HYPS, SRCS)
    again = LearnedMetric(settings)

    def refuse(_pairs: object) -> list[object]:
        raise AssertionError("the model ran although every segment was cached")

    monkeypatch.setattr(again, "_run", refuse)
    assert again.predict(HYPS, SRCS) == first


def test_a_reference_based_metric_without_references_is_one_error_line(
        spans_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mt, src, _ref = _files(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["score", str(mt), "--source", str(src), "--metric-model", str(spans_dir), "--tgt-lang", "en",
              "--no-metric-cache"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "reads the reference" in err and err.count("\n") == 1


def test_a_translation_model_is_not_a_metric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.backtranslate.tiny_models import build_marian

    model = build_marian(tmp_path / "marian")
    capsys.readouterr()  # the builder's own progress output
    mt, src, _ref = _files(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["score", str(mt), "--source", str(src), "--metric-model", str(model), "--tgt-lang", "en",
              "--no-metric-cache"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "not a learned metric" in err and err.count("\n") == 1


def test_compare_tests_and_ranks_by_a_learned_metric(qe_dir: Path, tmp_path: Path) -> None:
    """Paired bootstrap on the learned scores, and the learned metric as --primary."""
    import numpy as np

    mt, src, ref = _files(tmp_path)
    other = tmp_path / "other.en"
    other.write_text("\n".join(["Prices rose.", "The minister met.", "Parliament."]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(mt), str(other), "-r", str(ref), "--source", str(src),
                                      "--tgt-lang", "en", "--src-lang", "de", "--no-checks", "--metric-model",
                                      str(qe_dir), "--primary", "tiny-qe", "-f", "json", "--paired-n", "200"],
                           env={"XDG_CACHE_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["primary"] == "tiny-qe" and "tiny-qe" in report["metrics"]
    metric = LearnedMetric(LearnedSettings(model=str(qe_dir), device="cpu", use_cache=False))
    means = {path.name: float(np.mean([p.score for p in metric.predict(
        path.read_text(encoding="utf-8").splitlines(), SRCS)])) for path in (mt, other)}
    systems = {system["name"]: system for system in report["systems"]}
    for name, mean in means.items():
        score = next(s for s in systems[name]["scores"] if s["metric"] == "tiny-qe")
        assert score["value"] == pytest.approx(mean, abs=1e-4)
        assert "family:regression" in score["signature"] and "bs:200" in score["signature"]
    best = max(means, key=lambda name: means[name])
    assert systems[best]["rank"] == 1
    assert 0.0 <= systems["other.en"]["vs_baseline"]["tiny-qe"]["p_value"] <= 1.0


def test_check_reports_the_spans_and_scores_each_segment(spans_dir: Path, tmp_path: Path) -> None:
    mt, src, ref = _files(tmp_path)
    result = CliRunner().invoke(app, ["check", str(mt), "--source", str(src), "-r", str(ref), "--src-lang", "de",
                                      "--tgt-lang", "en", "--metric-model", str(spans_dir), "-f", "json",
                                      "--fail-on", "never", "-j", "1"], env={"XDG_CACHE_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    metric = LearnedMetric(LearnedSettings(model=str(spans_dir), device="cpu", use_cache=False))
    predictions = metric.predict(HYPS, SRCS, REFS)
    for segment, prediction in zip(report["segments"], predictions):
        assert segment["scores"]["tiny-spans"] == prediction.score
    spans = {(int(issue["segment_id"]), issue["start"], issue["end"]) for issue in report["issues"]
             if issue["code"] == "TQ920"}
    predicted = {(index + 1, start, end) for index, prediction in enumerate(predictions)
                 for start, end, _kind in prediction.spans}
    assert spans and spans <= predicted  # every finding is a predicted span (overlaps with rules left out)
    assert report["summary"]["scores"]["tiny-spans"] == pytest.approx(sum(p.score for p in predictions) / 3)


def test_a_rule_finding_on_the_same_words_wins_over_a_learned_span() -> None:
    from tqcheck.model import Issue, Severity, Span
    from tqcheck.run.runner import _without_second_opinions_on_findings

    def issue(code: str, start: int, end: int) -> Issue:
        return Issue(code=code, name=code, family="x", severity=Severity.WARNING, segment_id="1", doc_id=None,
                     line=1, span=Span(start, end), message="m")

    rule, overlapping, apart = issue("TQ401", 10, 17), issue("TQ920", 12, 20), issue("TQ920", 30, 35)
    assert _without_second_opinions_on_findings([rule, overlapping, apart]) == [rule, apart]
