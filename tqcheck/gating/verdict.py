"""The end of a check run: results pass through triage, and once they are exhausted the gates give a verdict.

`GatedRun` is what `tqcheck.api.run_check` wraps around the runner's stream, so the library and the
CLI end a run the same way: suppressed issues dropped, baseline issues marked `known` (or dropped),
the shown issues tallied, the gates evaluated on the issues that gate the run (new, unsuppressed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from tqcheck.config import Settings
from tqcheck.gating.baseline import Baseline, baseline_record
from tqcheck.gating.gates import evaluate
from tqcheck.gating.suppressions import Suppressions
from tqcheck.gating.triage import Triage
from tqcheck.model import DocumentResult, GateFailure, RunInfo, Summary, Verdict
from tqcheck.run.runner import Tally


class GatedRun:
    """A stream of results with triage applied; its summary, failures and verdict once it is exhausted."""

    def __init__(self, info: RunInfo, results: Iterable[DocumentResult], settings: Settings, *,
                 baseline: Baseline | None = None, suppressions: Suppressions | None = None,
                 show_known: bool = False, record: bool = False,
                 scores: Callable[[], Mapping[str, float]] | None = None) -> None:
        self.info = info
        self.settings = settings
        self.baseline = baseline
        self.suppressions = suppressions
        self.triage = Triage(baseline, suppressions, show_known=show_known, record=record, scores=scores)
        self._shown = Tally(scores=scores)
        self.results: Iterator[DocumentResult] = self._shown.watch(self.triage.sort(results))
        self._failures: tuple[GateFailure, ...] | None = None

    @property
    def in_play(self) -> bool:
        """Whether anything beyond the plain fail-on gate was used (then the reports carry the verdict)."""
        gates = self.settings.gates
        return bool(self.baseline or self.suppressions or gates.counts or gates.per_1000 or gates.drops
                    or any(value is not None for value in self.settings.thresholds.values()))

    def failures(self) -> tuple[GateFailure, ...]:
        """Every failing gate, fail-on included (evaluated once, after the stream is exhausted)."""
        if self._failures is None:
            self._failures = tuple(evaluate(
                self.triage.gating.summary(), self.settings.gates, thresholds=self.settings.thresholds,
                fail_on=self.settings.fail_on, baseline_scores=self.baseline.scores if self.baseline else None))
        return self._failures

    def verdict(self) -> Verdict:
        """What the baseline and suppressions did and which gates failed."""
        expired = tuple(entry.describe() for entry in self.suppressions.expired) if self.suppressions else ()
        return Verdict(new=self.triage.new, known=self.triage.known, fixed=self.triage.fixed(self.info.checks_run),
                       suppressed=self.triage.suppressed, expired_suppressions=expired, failures=self.failures())

    def summary(self) -> Summary:
        """The counts of the issues shown, with the verdict when a baseline, suppressions or gates were used."""
        summary = self._shown.summary()
        return replace(summary, verdict=self.verdict()) if self.in_play else summary

    def notes(self) -> list[str]:
        """What the baseline and suppressions did, and the gates that could not apply (for stderr)."""
        verdict = self.verdict()
        notes = []
        if self.baseline is not None:
            line = (f"baseline {self.baseline.path}: {verdict.new} new, {verdict.known} known, "
                    f"{verdict.fixed} fixed")
            if self.suppressions is not None:
                line += f"; {verdict.suppressed} suppressed"
            notes.append(line)
        elif self.suppressions is not None:
            notes.append(f"{verdict.suppressed} issue{'' if verdict.suppressed == 1 else 's'} suppressed")
        if self.baseline is None and self.settings.gates.regression:
            notes.append(f"note: {', '.join(self.settings.gates.regression)} not checked: they need --baseline")
        return notes

    def baseline_record(self) -> dict[str, Any]:
        """The baseline document of this run (when created with `record=True`): every unsuppressed issue."""
        return baseline_record(self.info, self.triage.gating.summary(), self.triage.entries)
