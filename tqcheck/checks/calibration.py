"""Batch self-calibration for checks that flag outliers against the batch's own distribution.

The runner streams documents and cannot look ahead, so an outlier check compares each value
with what it has seen so far (a bounded reservoir: memory stays flat on any batch size) and
falls back to defaults until `MIN_CALIBRATION` values are in.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

MIN_CALIBRATION = 50      # observations before the batch's own median and MAD are used
RESERVOIR = 5000          # values kept (reservoir sample): memory stays flat


@dataclass
class Calibration:
    """A running robust estimate (median, MAD) of a stream of values from a bounded reservoir sample.

    The runner streams documents and cannot look ahead, so every document is scored against
    what has been seen so far, itself included. Median and MAD are recomputed only when the
    sample has grown by 2% since the last time, which keeps the cost per document constant.
    """

    floor: float = 0.0
    ceiling: float = math.inf
    seed: int = 0
    seen: int = 0
    sample: list[float] = field(default_factory=list)
    center: float = 0.0
    scale: float = 0.0
    computed_at: int = -1

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def add(self, value: float) -> None:
        self.seen += 1
        if len(self.sample) < RESERVOIR:
            self.sample.append(value)
            return
        slot = self.rng.randrange(self.seen)
        if slot < RESERVOIR:
            self.sample[slot] = value

    @property
    def calibrated(self) -> bool:
        return self.seen >= MIN_CALIBRATION

    def estimate(self) -> tuple[float, float]:
        """(median, robust sigma) of the sample; sigma = 1.4826 MAD, between `floor` and `ceiling`.

        A ceiling (e.g. a language pair's default spread) means a batch may narrow the band but
        never widen it, so a batch full of bad output cannot calibrate a check into silence.
        """
        if self.computed_at < 0 or self.seen - self.computed_at >= max(1, self.computed_at // 50):
            ordered = sorted(self.sample)
            self.center = _median(ordered)
            spread = _median(sorted(abs(value - self.center) for value in ordered))
            self.scale = min(max(1.4826 * spread, self.floor), self.ceiling)
            self.computed_at = self.seen
        return self.center, self.scale


def _median(ordered: Sequence[float]) -> float:
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
