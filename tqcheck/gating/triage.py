"""Sorting each issue of a run into suppressed, known (in the baseline) or new, as results stream past.

Every issue is fingerprinted in input order (so repeat counts match the run that made the
baseline), then: a suppression in force that covers it wins; else a fingerprint in the
baseline makes it known; else it is new. Only new issues gate the run; the report shows
new ones, plus known ones when asked. Against a baseline each issue shown carries its `status`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from tqcheck.gating.baseline import Baseline, entry_record
from tqcheck.gating.fingerprints import Fingerprinter
from tqcheck.gating.suppressions import Suppressions
from tqcheck.model import DocumentResult, Issue
from tqcheck.run.runner import Tally


class Triage:
    """Filters a stream of results; afterwards says how many issues were new, known, suppressed, fixed."""

    def __init__(self, baseline: Baseline | None = None, suppressions: Suppressions | None = None, *,
                 show_known: bool = False, record: bool = False,
                 scores: Callable[[], Mapping[str, float]] | None = None) -> None:
        self.baseline = baseline
        self.suppressions = suppressions or Suppressions()
        self.show_known = show_known
        self.record = record
        self.gating = Tally(scores=scores)  # what gates the run: new, unsuppressed issues
        self.known = 0
        self.suppressed = 0
        self.entries: list[dict[str, Any]] = []  # baseline entries of every unsuppressed issue, when recording
        self._matched: set[str] = set()
        self._fingerprint = Fingerprinter()

    def sort(self, results: Iterable[DocumentResult]) -> Iterator[DocumentResult]:
        """Each result with suppressed issues removed, known ones removed (or marked), new ones kept."""
        for result in results:
            shown, new = self._sort(result)
            self.gating.add(replace(result, issues=new))
            yield result if shown == result.issues else replace(result, issues=shown)

    def _sort(self, result: DocumentResult) -> tuple[tuple[Issue, ...], tuple[Issue, ...]]:
        if not result.issues:
            return (), ()
        if self.baseline is None and not self.record and not self.suppressions.active:
            return result.issues, result.issues  # nothing to sort by: skip fingerprinting
        segments = {segment.id: segment for segment in result.segments}
        shown: list[Issue] = []
        new: list[Issue] = []
        for issue in result.issues:
            segment = segments[issue.segment_id]
            fingerprint = self._fingerprint(issue, segment)
            if self.suppressions.match(issue, segment, fingerprint) is not None:
                self.suppressed += 1
                continue
            if self.record:
                self.entries.append(entry_record(issue, segment, fingerprint))
            if self.baseline is not None and fingerprint in self.baseline:
                self.known += 1
                self._matched.add(fingerprint)
                if self.show_known:
                    shown.append(replace(issue, status="known"))
                continue
            if self.baseline is not None:
                issue = replace(issue, status="new")
            new.append(issue)
            shown.append(issue)
        return tuple(shown), tuple(new)

    @property
    def new(self) -> int:
        """Issues neither suppressed nor in the baseline."""
        return sum(self.gating.by_severity.values())

    def fixed(self, checks_run: Iterable[str]) -> int:
        """Baseline issues not seen this run, among the checks that ran (others were not looked for)."""
        if self.baseline is None:
            return 0
        ran = set(checks_run)
        return sum(1 for fingerprint, code in self.baseline.codes.items()
                   if fingerprint not in self._matched and code in ran)
