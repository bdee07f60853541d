"""CI gates: the limits a run must stay within, and a pure evaluation of a Summary against them.

Configured under `[tool.tqcheck.gate]` (or `[gate]` in tqcheck.toml):

    [gate]
    max-errors = 0
    max-warnings = 20
    max-issues = 50
    max-new-issues = 0            # with --baseline: issues not in the baseline
    min-chrf = 50                 # score thresholds (also accepted at the top level)
    max-chrf-drop = 1.0           # regression against the baseline's stored scores
    max-bleu-drop = 2.0
    max-quality-drop = 1.5

    [gate.max-per-1000-segments]
    punctuation = 5.0             # a family (see `tqcheck checks`), or `total`
    total = 40

Counts are of the issues that gate the run: with a baseline only new ones, never suppressed
ones. Every failing gate is returned (never just the first), each with its actual value
and the allowed one, so a CI log says everything that is wrong in one go.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from tqcheck.errors import ConfigError
from tqcheck.model import FAMILIES, GateFailure, Severity, Summary

THRESHOLDS: dict[str, tuple[str, bool]] = {
    # setting -> (metric, True when the value must be at least the limit)
    "min-bleu": ("BLEU", True),
    "min-chrf": ("chrF", True),
    "max-ter": ("TER", False),
    "min-quality": ("quality", True),
}
COUNT_GATES: dict[str, str] = {
    # setting -> what it counts (its label in messages)
    "max-errors": "errors",
    "max-warnings": "warnings",
    "max-issues": "issues",
    "max-new-issues": "new issues (not in the baseline)",
}
DROP_GATES: dict[str, str] = {"max-chrf-drop": "chrF", "max-bleu-drop": "BLEU", "max-quality-drop": "quality"}
PER_1000 = "max-per-1000-segments"
TOTAL = "total"
GATE_KEYS = (*COUNT_GATES, PER_1000, *THRESHOLDS, *DROP_GATES)
_FAIL_ON_LABELS = {"error": "errors", "warning": "errors and warnings", "info": "issues"}


@dataclass(frozen=True)
class Gates:
    """Configured limits (not the score thresholds, which stay in `Settings.thresholds`)."""

    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    per_1000: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    drops: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def merged(self, counts: Mapping[str, int | None]) -> Gates:
        """A copy with the given (non-None) count limits, e.g. from `--max-errors`."""
        given = {key: value for key, value in counts.items() if value is not None}
        return replace(self, counts=MappingProxyType({**self.counts, **given})) if given else self

    @property
    def regression(self) -> tuple[str, ...]:
        """The configured gates that need a baseline."""
        return (*self.drops, *(key for key in self.counts if key == "max-new-issues"))


def parse_gates(data: Mapping[str, Any], origin: str) -> tuple[Gates, dict[str, float]]:
    """Validate a `[gate]` table: the Gates and the score thresholds found in it."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{origin}: [gate] must be a table")
    unknown = sorted(set(data) - set(GATE_KEYS))
    if unknown:
        raise ConfigError(f"{origin}: unknown gate {unknown[0]!r} in [gate] (known: {', '.join(GATE_KEYS)})")
    counts: dict[str, int] = {}
    for key in COUNT_GATES:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{origin}: gate.{key} must be a whole number >= 0, not {value!r}")
            counts[key] = value
    thresholds = {key: _number(data[key], f"gate.{key}", origin) for key in THRESHOLDS if key in data}
    drops = {key: _number(data[key], f"gate.{key}", origin, minimum=0.0) for key in DROP_GATES if key in data}
    per_1000: dict[str, float] = {}
    if PER_1000 in data:
        table = data[PER_1000]
        if not isinstance(table, Mapping):
            raise ConfigError(f"{origin}: [gate.{PER_1000}] must be a table of family = limit")
        for family, value in table.items():
            if family != TOTAL and family not in FAMILIES:
                raise ConfigError(f"{origin}: unknown family {family!r} in [gate.{PER_1000}] "
                                  f"(known: {', '.join((*FAMILIES, TOTAL))})")
            per_1000[family] = _number(value, f"gate.{PER_1000}.{family}", origin, minimum=0.0)
    gates = Gates(counts=MappingProxyType(counts), per_1000=MappingProxyType(per_1000),
                  drops=MappingProxyType(drops))
    return gates, thresholds


def require_finite(limits: Mapping[str, float | None], origin: str) -> None:
    """Refuse NaN and infinite limits: NaN makes every comparison false, so a gate set to it would
    silently pass everything, and JSON cannot hold either value."""
    for name, value in limits.items():
        if value is not None and not math.isfinite(value):
            raise ConfigError(f"{origin}: {name} must be a finite number, not {value}")


def _number(value: Any, name: str, origin: str, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{origin}: {name} must be a number, not {value!r}")
    require_finite({name: float(value)}, origin)
    if minimum is not None and value < minimum:
        raise ConfigError(f"{origin}: {name} must be >= {minimum:g}, not {value!r}")
    return float(value)


def threshold_failures(values: Mapping[str, float], limits: Mapping[str, float | None]) -> list[GateFailure]:
    """Score thresholds (`min-chrf`, ...) against corpus scores by metric name.

    A limit whose metric was not computed fails too: a gate that silently checks nothing
    is worse than one that fails.
    """
    failures = []
    for setting, limit in limits.items():
        if limit is None:
            continue
        metric, at_least = THRESHOLDS[setting]
        value = values.get(metric)
        if value is None:
            failures.append(GateFailure(setting, None, limit, f"{metric} was not computed, so {setting} {limit:g} "
                                                              "cannot pass (give a reference)"))
        elif at_least and value < limit:
            failures.append(GateFailure(setting, value, limit, f"{metric} {value:.2f} < min {limit:.2f} "
                                                               f"(short by {limit - value:.2f})"))
        elif not at_least and value > limit:
            failures.append(GateFailure(setting, value, limit, f"{metric} {value:.2f} > max {limit:.2f} "
                                                               f"(over by {value - limit:.2f})"))
    return failures


def evaluate(summary: Summary, gates: Gates, *, thresholds: Mapping[str, float] | None = None,
             fail_on: str = "never", baseline_scores: Mapping[str, float] | None = None) -> list[GateFailure]:
    """Every gate that `summary` fails, in a fixed order: fail-on, counts, rates, thresholds, regressions.

    `summary` counts the issues that gate the run (new, unsuppressed). `baseline_scores` are
    the corpus scores stored in the baseline; without them the regression gates (score drops,
    `max-new-issues`) are not evaluated, as there is nothing to regress from.
    """
    failures: list[GateFailure] = []
    if fail_on != "never":
        level = Severity.parse(fail_on)
        failing = sum(count for label, count in summary.by_severity.items() if Severity.parse(label) >= level)
        if failing:
            failures.append(GateFailure("fail-on", failing, 0,
                                        f"{_FAIL_ON_LABELS[fail_on]} (fail-on {fail_on}) {failing} > 0"))
    counted = {"max-errors": summary.by_severity.get("error", 0),
               "max-warnings": summary.by_severity.get("warning", 0),
               "max-issues": summary.issues, "max-new-issues": summary.issues}
    for key, limit in gates.counts.items():
        if key == "max-new-issues" and baseline_scores is None:
            continue
        if counted[key] > limit:
            failures.append(GateFailure(key, counted[key], limit, f"{COUNT_GATES[key]} {counted[key]} > {limit}"))
    for family, most in gates.per_1000.items():
        count = summary.issues if family == TOTAL else summary.by_family.get(family, 0)
        rate = 1000.0 * count / summary.segments if summary.segments else 0.0
        if rate > most:
            label = "issues" if family == TOTAL else f"{family} issues"
            failures.append(GateFailure(f"{PER_1000}.{family}", rate, most,
                                        f"{label} per 1,000 segments {rate:,.1f} > {most:,.1f}"))
    failures.extend(threshold_failures(summary.scores, thresholds or {}))
    if baseline_scores is not None:
        for key, allowed in gates.drops.items():
            failures.extend(_drop_failure(key, allowed, summary.scores, baseline_scores))
    return failures


def _drop_failure(key: str, limit: float, now: Mapping[str, float],
                  before: Mapping[str, float]) -> list[GateFailure]:
    metric = DROP_GATES[key]
    if metric not in before:
        return [GateFailure(key, None, limit, f"{metric} drop cannot be measured: the baseline has no {metric} "
                                              "(create it with a reference)")]
    if metric not in now:
        return [GateFailure(key, None, limit, f"{metric} drop cannot be measured: {metric} was not computed "
                                              "in this run (give a reference)")]
    drop = before[metric] - now[metric]
    if drop > limit:
        return [GateFailure(key, drop, limit, f"{metric} drop from baseline {drop:.2f} > {limit:.2f} "
                                              f"(baseline {before[metric]:.2f}, now {now[metric]:.2f})")]
    return []
