"""One per-segment quality score in [0, 100], for ranking segments for review.

    quality = similarity x exp(-penalty / PENALTY_SCALE)

- `similarity` is the mean of the similarity scores a segment has: chrF++ against the
  reference and round-trip chrF (source against back-translation). Without either it is 100,
  and the issues alone decide.
- `penalty` weighs the segment's issues as MQM weighs errors: error 5, warning 1, info 0.1
  (major 5, minor 1, minor punctuation 0.1 in the WMT MQM convention). TQ901 (round-trip
  chrF) and TQ910 (reference similarity) are left out: they are the similarity scores seen
  again, and each piece of evidence counts once. A learned metric's error spans (TQ920, with
  `--metric-model`) count like any finding; a learned regression score does not enter, as its
  scale is the model's own (0-1 for COMET, 0-25 and lower-is-better for MetricX) and mixing it
  in would need a calibration per model.

What it is for: putting the segments most likely to hold an error first. It is not a
probability and not an MQM score. Calibration (benchmarks/quality_vs_mqm.py) used the
even-numbered source segments of the expert MQM annotations in ../shared/corpora/mqm-ted
(every system's translation of them); the odd-numbered half is held out. On the calibration
half, chrF++ as the similarity and `PENALTY_SCALE` = 1 agreed best with MQM (of chrF/chrF++
and scales 1-10). On the held-out half:

    segment-level Kendall tau   en-de 0.142 (chrF 0.137, chrF++ 0.138, BLEU 0.119)
                                zh-en 0.087 (chrF 0.084, chrF++ 0.085, BLEU 0.092)
    system pairs ordered as MQM 94/169 (chrF 92, chrF++ 88, BLEU 85)

At system level every score is close to chance on these TED systems, so the last line ranks
nothing. One error takes a segment to 0.7% of its similarity, one warning to 37%, and one
information finding to 90%.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from tqcheck.model import Issue, Severity

WEIGHTS = {Severity.ERROR: 5.0, Severity.WARNING: 1.0, Severity.INFO: 0.1}
PENALTY_SCALE = 1.0
SIMILARITY_METRIC = "chrF++"  # the reference similarity quality uses (calibrated: it beat chrF and BLEU)
SIMILARITY_FINDINGS = frozenset({"TQ901", "TQ910"})  # findings that restate a similarity score: not counted again


def penalty(issues: Iterable[Issue]) -> float:
    """MQM-style penalty points of a segment's issues (the similarity findings left out)."""
    return sum(WEIGHTS[issue.severity] for issue in issues if issue.code not in SIMILARITY_FINDINGS)


def quality(points: float, similarities: Iterable[float | None] = (), *, scale: float = PENALTY_SCALE) -> float:
    """The quality score from penalty points and whatever similarity scores exist."""
    known = [value for value in similarities if value is not None]
    base = sum(known) / len(known) if known else 100.0
    return round(max(0.0, min(100.0, base * math.exp(-points / scale))), 4)
