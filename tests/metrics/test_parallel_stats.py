"""`score --jobs N`: statistics computed in chunks across processes give sacrebleu's exact numbers."""

from __future__ import annotations

import pytest

from tqcheck.metrics import parallel_stats
from tqcheck.metrics.sacre import METRICS, score_system

HYPOTHESES = [f"The minister said {n} people were hurt in the attack on {n % 7} villages ." if n % 3 else
              f"Officials reported {n} injuries after strikes near the border." for n in range(90)]
REFERENCES = [[f"The minister said {n} people were injured in the attack on {n % 7} villages." for n in range(90)],
              [f"According to the minister, {n} people were hurt." if n % 5 else "" for n in range(90)]]


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_stats, "MIN_PARALLEL_CHARS", 100)


@pytest.mark.parametrize("references", [REFERENCES[:1], REFERENCES], ids=["one-ref", "two-refs-some-empty"])
def test_parallel_equals_serial(tiny_chunks: None, references: list[list[str]]) -> None:
    serial = score_system(HYPOTHESES, references, "en", METRICS, n_bootstrap=50, jobs=1)
    pooled = score_system(HYPOTHESES, references, "en", METRICS, n_bootstrap=50, jobs=2)
    assert pooled == serial
    assert all("nrefs:" in result.corpus.signature for result in serial.values())


def test_small_inputs_stay_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pool started for a small input")

    monkeypatch.setattr(parallel_stats, "ProcessPoolExecutor", refuse)
    assert score_system(HYPOTHESES, REFERENCES[:1], "en", ("chrF",), jobs=4)["chrF"].corpus.value > 0
