"""TQ601's streaming calibration: defaults for small batches, the batch's own median/MAD for large ones."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from tests.conftest import SHARED
from tqcheck.checks import calibration as calibration_module
from tqcheck.checks.calibration import RESERVOIR
from tqcheck.checks.length import Calibration, expected_ratio
from tqcheck.config import Settings
from tqcheck.model import Issue, Segment
from tqcheck.run.runner import Checker


def pair_segment(index: int, source_letters: int, target_letters: int, *, doc: str | None = None,
                 src: str = "de", tgt: str = "en") -> Segment:
    """A segment whose source and target have the given numbers of non-space characters."""
    source = " ".join(["Wortlaut"] * (source_letters // 8)) + "." * (source_letters % 8)
    target = " ".join(["wordings"] * (target_letters // 8)) + "." * (target_letters % 8)
    return Segment(id=str(index), source=source, target=target,
                   doc_id=doc if doc is not None else f"d{index}", src_lang=src, tgt_lang=tgt)


def run(segments: list[Segment], checker: Checker | None = None) -> list[Issue]:
    checker = checker or Checker(Settings(select=("TQ601",)))
    return [issue for result in checker.run(segments) for issue in result.issues]


def batch(count: int, ratio: float, *, jitter: float = 0.05, start: int = 0) -> Iterator[Segment]:
    """`count` one-segment documents with target/source ratio `ratio`, varying by +-jitter."""
    for index in range(start, start + count):
        wobble = 1 + jitter * math.sin(index * 12.9898)
        yield pair_segment(index, 80, round(80 * ratio * wobble))


def test_small_batch_uses_the_default_band() -> None:
    # 2x the source in de->en: outside the measured 0.94x default by z < 4, so not flagged by the defaults
    # even in a batch whose other segments are all 1x ...
    segments = list(batch(20, 1.0)) + [pair_segment(999, 80, 160)]
    assert run(segments) == []
    # ... while 4x is an outlier under the defaults
    issues = run(list(batch(20, 1.0)) + [pair_segment(999, 80, 320)])
    assert [issue.segment_id for issue in issues] == ["999"]
    assert "default" in issues[0].message


def test_large_batch_narrows_the_band_to_its_own_spread() -> None:
    # In a tight batch around 1.0x, the same 2x segment is now an outlier.
    segments = list(batch(200, 1.0, jitter=0.03)) + [pair_segment(999, 80, 160)]
    issues = run(segments)
    assert [issue.segment_id for issue in issues] == ["999"]
    assert "this batch" in issues[0].message and "much longer" in issues[0].message
    assert issues[0].span.start == 0 and issues[0].span.end == len(segments[-1].target)


def test_large_batch_moves_the_center() -> None:
    # A batch whose translations are consistently 1.8x (a domain the default does not know) stops
    # flagging 1.8x once calibrated, but flags a 0.5x target; the first documents used the default.
    segments = list(batch(300, 1.8, jitter=0.05)) + [pair_segment(999, 80, 40)]
    issues = run(segments)
    assert [issue.segment_id for issue in issues] == ["999"]
    short = issues[0]
    assert "much shorter" in short.message and short.span.start == short.span.end == len(segments[-1].target)


def test_a_bad_batch_cannot_widen_the_band() -> None:
    # A third of the batch is truncated (huge spread): the band is capped at the default spread, so
    # an extreme outlier is still reported.
    segments = []
    for index in range(300):
        ratio = 0.3 if index % 3 == 0 else 1.0
        segments.append(pair_segment(index, 80, round(80 * ratio)))
    segments.append(pair_segment(999, 80, 8))
    checker = Checker(Settings(select=("TQ601",)))
    ids = {issue.segment_id for issue in run(segments, checker)}
    assert "999" in ids
    calibration = checker._memory["TQ601"][("de", "en")]
    assert calibration.estimate()[1] <= expected_ratio("de", "en").scale


def test_calibration_streams_across_documents_and_pairs() -> None:
    checker = Checker(Settings(select=("TQ601",)))
    segments = list(batch(120, 1.0))
    segments += [pair_segment(1000 + i, 80, 30, src="en", tgt="zh") for i in range(10)]
    run(segments, checker)
    memory = checker._memory["TQ601"]
    assert set(memory) == {("de", "en"), ("en", "zh")}
    assert memory[("de", "en")].seen == 120 and memory[("en", "zh")].seen == 10
    assert memory[("de", "en")].calibrated and not memory[("en", "zh")].calibrated


def test_memory_stays_flat_and_estimates_are_amortised(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    original = calibration_module._median

    def counting_median(ordered: list[float]) -> float:
        nonlocal calls
        calls += 1
        return original(ordered)

    monkeypatch.setattr(calibration_module, "_median", counting_median)
    calibration = Calibration()
    for index in range(20_000):
        calibration.add(math.sin(index) * 0.1)
        if calibration.calibrated:
            calibration.estimate()
    assert len(calibration.sample) == RESERVOIR
    assert calibration.seen == 20_000
    assert calls < 2 * 400  # two medians per recomputation, recomputed after 2% growth only


def test_short_segments_are_ignored() -> None:
    assert run([pair_segment(1, 8, 40)]) == []  # both under 20 English-equivalent characters
    assert run([pair_segment(1, 6, 0)]) == []   # an empty target is TQ602's


def test_results_are_deterministic() -> None:
    segments = list(batch(6000, 1.0, jitter=0.2)) + [pair_segment(99_999, 80, 400)]
    first = [(issue.segment_id, issue.message) for issue in run(segments)]
    second = [(issue.segment_id, issue.message) for issue in run(segments)]
    assert first == second and ("99999" in {segment_id for segment_id, _ in first})


WMT_DE_EN = SHARED / "corpora" / "wmt23" / "de-en"


@pytest.mark.skipif(not WMT_DE_EN.is_dir(), reason="../shared is not available")
def test_nllb_is_flagged_far_more_often_than_the_reference() -> None:
    root = WMT_DE_EN
    sources = (root / "source.de").read_text(encoding="utf-8").splitlines()

    def rate(system: str) -> float:
        targets = (root / f"{system}.en").read_text(encoding="utf-8").splitlines()
        segments = [Segment(id=str(i), source=s, target=t, doc_id="wmt", src_lang="de", tgt_lang="en")
                    for i, (s, t) in enumerate(zip(sources, targets, strict=True))]
        return 1000 * len(run(segments)) / len(segments)

    reference, nllb = rate("reference"), rate("NLLB_Greedy")
    assert reference <= 5
    assert nllb >= 5 * max(reference, 1)
