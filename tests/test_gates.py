"""Gate evaluation: every gate kind firing and not firing, all failures listed with actual vs allowed."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pytest

from tqcheck.gating.gates import Gates, evaluate
from tqcheck.model import Summary


def summary(*, segments: int = 1000, error: int = 0, warning: int = 0, info: int = 0,
            families: Mapping[str, int] | None = None, scores: Mapping[str, float] | None = None) -> Summary:
    return Summary(segments=segments, documents=1, by_severity={"error": error, "warning": warning, "info": info},
                   by_check={}, by_family=dict(families or {}), scores=dict(scores or {}))


def gates(counts: Mapping[str, int] | None = None, per_1000: Mapping[str, float] | None = None,
          drops: Mapping[str, float] | None = None) -> Gates:
    return Gates(counts=MappingProxyType(dict(counts or {})), per_1000=MappingProxyType(dict(per_1000 or {})),
                 drops=MappingProxyType(dict(drops or {})))


@pytest.mark.parametrize(("key", "run", "limit", "fires"), [
    ("max-errors", summary(error=3), 3, False),
    ("max-errors", summary(error=4), 3, True),
    ("max-warnings", summary(warning=2), 2, False),
    ("max-warnings", summary(warning=3, error=9), 2, True),
    ("max-issues", summary(error=1, warning=1, info=1), 3, False),
    ("max-issues", summary(error=1, warning=1, info=2), 3, True),
])
def test_count_gates(key: str, run: Summary, limit: int, fires: bool) -> None:
    failures = evaluate(run, gates(counts={key: limit}))
    assert [failure.gate for failure in failures] == ([key] if fires else [])
    if fires:
        assert failures[0].allowed == limit and failures[0].actual is not None and failures[0].actual > limit


def test_per_1000_segments_per_family_and_total() -> None:
    run = summary(segments=2000, warning=30, families={"punctuation": 25, "numbers": 5})
    limits = {"punctuation": 12.0, "numbers": 2.5, "total": 20.0}
    failures = evaluate(run, gates(per_1000=limits))
    assert [failure.gate for failure in failures] == ["max-per-1000-segments.punctuation"]
    assert str(failures[0]) == "punctuation issues per 1,000 segments 12.5 > 12.0"
    assert failures[0].actual == pytest.approx(12.5)
    total = evaluate(run, gates(per_1000={"total": 10.0}))
    assert [str(failure) for failure in total] == ["issues per 1,000 segments 15.0 > 10.0"]


def test_per_1000_segments_of_an_empty_run_passes() -> None:
    assert evaluate(summary(segments=0), gates(per_1000={"total": 0.0})) == []


def test_fail_on_is_a_gate() -> None:
    run = summary(error=0, warning=2, info=5)
    assert evaluate(run, gates(), fail_on="error") == []
    assert evaluate(run, gates(), fail_on="never") == []
    (failure,) = evaluate(run, gates(), fail_on="warning")
    assert (failure.gate, failure.actual, failure.allowed) == ("fail-on", 2, 0)
    assert evaluate(run, gates(), fail_on="info")[0].actual == 7


@pytest.mark.parametrize(("key", "value", "limit", "fires"), [
    ("min-chrf", 50.0, 50.0, False),
    ("min-chrf", 49.9, 50.0, True),
    ("min-bleu", 31.0, 30.0, False),
    ("min-bleu", 29.0, 30.0, True),
    ("min-quality", 70.0, 70.0, False),
    ("min-quality", 69.0, 70.0, True),
    ("max-ter", 60.0, 60.0, False),
    ("max-ter", 60.5, 60.0, True),
])
def test_score_thresholds(key: str, value: float, limit: float, fires: bool) -> None:
    metric = {"min-chrf": "chrF", "min-bleu": "BLEU", "min-quality": "quality", "max-ter": "TER"}[key]
    failures = evaluate(summary(scores={metric: value}), gates(), thresholds={key: limit})
    assert [(failure.gate, failure.actual, failure.allowed) for failure in failures] == (
        [(key, value, limit)] if fires else [])
    assert all(failure.is_threshold for failure in failures)


def test_threshold_without_the_metric_fails() -> None:
    (failure,) = evaluate(summary(), gates(), thresholds={"min-chrf": 50.0})
    assert failure.actual is None and "not computed" in str(failure)


@pytest.mark.parametrize(("key", "metric", "now", "fires"), [
    ("max-chrf-drop", "chrF", 54.0, False),
    ("max-chrf-drop", "chrF", 53.9, True),
    ("max-bleu-drop", "BLEU", 28.0, False),
    ("max-bleu-drop", "BLEU", 27.5, True),
    ("max-quality-drop", "quality", 80.0, False),
    ("max-quality-drop", "quality", 70.0, True),
])
def test_regression_gates_against_the_baseline(key: str, metric: str, now: float, fires: bool) -> None:
    before = {"chrF": 55.0, "BLEU": 30.0, "quality": 81.0}
    failures = evaluate(summary(scores={metric: now}), gates(drops={key: {"chrF": 1.0}.get(metric, 2.0)}),
                        baseline_scores=before)
    assert [failure.gate for failure in failures] == ([key] if fires else [])
    if fires:
        assert failures[0].actual == pytest.approx(before[metric] - now)
        assert "drop from baseline" in str(failures[0])


def test_regression_gates_need_a_baseline_and_its_scores() -> None:
    configured = gates(counts={"max-new-issues": 0}, drops={"max-chrf-drop": 1.0})
    run = summary(warning=3, scores={"chrF": 10.0})
    assert evaluate(run, configured) == []  # no baseline: nothing to regress from
    failures = evaluate(run, configured, baseline_scores={})
    assert [failure.gate for failure in failures] == ["max-new-issues", "max-chrf-drop"]
    assert failures[1].actual is None and "baseline has no chrF" in str(failures[1])
    missing_now = evaluate(summary(), gates(drops={"max-chrf-drop": 1.0}), baseline_scores={"chrF": 50.0})
    assert "not computed in this run" in str(missing_now[0])


def test_every_failing_gate_is_listed_with_actual_and_allowed() -> None:
    run = summary(segments=100, error=2, warning=5, families={"punctuation": 7}, scores={"chrF": 40.0, "BLEU": 20.0})
    configured = gates(counts={"max-errors": 1, "max-warnings": 10, "max-issues": 6, "max-new-issues": 3},
                       per_1000={"punctuation": 50.0}, drops={"max-chrf-drop": 1.0, "max-bleu-drop": 5.0})
    failures = evaluate(run, configured, thresholds={"min-chrf": 45.0}, fail_on="error",
                        baseline_scores={"chrF": 42.0, "BLEU": 21.0})
    assert [str(failure) for failure in failures] == [
        "errors (fail-on error) 2 > 0",
        "errors 2 > 1",
        "issues 7 > 6",
        "new issues (not in the baseline) 7 > 3",
        "punctuation issues per 1,000 segments 70.0 > 50.0",
        "chrF 40.00 < min 45.00 (short by 5.00)",
        "chrF drop from baseline 2.00 > 1.00 (baseline 42.00, now 40.00)",
    ]


def test_merged_cli_counts_override_config() -> None:
    configured = gates(counts={"max-errors": 5, "max-issues": 9})
    merged = configured.merged({"max-errors": 0, "max-warnings": None})
    assert dict(merged.counts) == {"max-errors": 0, "max-issues": 9}
    assert configured.merged({"max-errors": None}) is configured
