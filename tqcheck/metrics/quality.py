"""One per-segment quality score in [0, 100] from all the evidence tqcheck has.

    quality = similarity x exp(-penalty / PENALTY_SCALE)

- `similarity` is the mean of the similarity scores available for the segment: chrF
  against the reference(s) and round-trip chrF (source vs back-translation). Without
  either it is 100: the issues alone decide.
- `penalty` weighs the segment's issues as MQM weighs errors: error 5, warning 1, info 0.1
  (major = 5, minor = 1, minor punctuation = 0.1 in the WMT MQM convention).
- `PENALTY_SCALE` = 3: one error takes a segment to 19% of its similarity (an MQM major
  error fails a segment), one warning to 72%, one info to 97%. Calibrated on the expert MQM
  annotations of ../shared/corpora/mqm-ted (benchmarks/quality_vs_mqm.py): scales from 1 to
  4 all beat chrF alone on segment-level Kendall tau and system-pair accuracy; 3 was chosen
  over the marginally better 2 because it keeps one warning from halving a score.

The corpus (and document) quality is the mean over segments. The calibration against
expert MQM judgments is in benchmarks/quality_vs_mqm.py and the README.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from tqcheck.model import Issue, Severity

WEIGHTS = {Severity.ERROR: 5.0, Severity.WARNING: 1.0, Severity.INFO: 0.1}
PENALTY_SCALE = 3.0


def penalty(issues: Iterable[Issue]) -> float:
    """MQM-style penalty points of a segment's issues."""
    return sum(WEIGHTS[issue.severity] for issue in issues)


def quality(points: float, similarities: Iterable[float | None] = ()) -> float:
    """The quality score from penalty points and whatever similarity scores exist."""
    known = [value for value in similarities if value is not None]
    base = sum(known) / len(known) if known else 100.0
    return round(max(0.0, min(100.0, base * math.exp(-points / PENALTY_SCALE))), 4)
