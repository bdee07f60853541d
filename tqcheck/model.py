"""The data tqcheck passes around: segments in, issues and reports out.

Everything here is a frozen dataclass so results can be shared between checks,
writers and worker processes without defensive copies.
"""

from __future__ import annotations

import copyreg
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import IntEnum
from types import MappingProxyType
from typing import Any, Literal

Field = Literal["target", "source", "reference", "backtranslation"]
Scope = Literal["segment", "document", "batch"]
# Against a baseline: `new` issues gate the run, `known` ones (shown with `--show-baseline`) do not.
IssueStatus = Literal["new", "known"]
# How a check's suggestions may be applied by `tqcheck check --fix`: `safe` ones are right by
# construction (a doubled mark, a quote style the document already uses); `unsafe` ones are a good
# guess a human should confirm (`--unsafe-fixes`); a check without one only reports.
FixSafety = Literal["safe", "unsafe"]
ISSUE_STATUSES: tuple[IssueStatus, ...] = ("new", "known")
KNOWN_MARK = " [baseline]"  # how plain-text reports mark a known issue
# Segment metadata key under which a learned metric's prediction travels with the segment (JSON: name `n`,
# score `s`, error spans `p` as [start, end, severity] in the target), into worker processes and reports.
LEARNED_META = "tqcheck.learned"

FAMILIES: tuple[str, ...] = (
    "punctuation",
    "brackets-quotes",
    "numbers",
    "names",
    "language",
    "length",
    "repetition",
    "spelling",
    "markup",
    "placeholders",
    "metrics",
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """A read-only view of `mapping` (what unpickling a MappingProxyType rebuilds)."""
    return MappingProxyType(mapping)


def _pickle_mapping_proxy(proxy: MappingProxyType[Any, Any]
                          ) -> tuple[Callable[[dict[Any, Any]], MappingProxyType[Any, Any]], tuple[dict[Any, Any]]]:
    return read_only, (dict(proxy),)


# Read-only mappings (segment metadata, settings tables) must cross process boundaries for
# `--jobs` and the Ray engine; the standard library cannot pickle them on its own.
copyreg.pickle(MappingProxyType, _pickle_mapping_proxy)


class Severity(IntEnum):
    """How bad an issue is; ordered so `--fail-on` can compare."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


_SEVERITY_LABELS = {severity: severity.name.lower() for severity in Severity}  # `label` is read per issue


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open code-point offsets into one text field of a segment."""

    start: int
    end: int
    field: Field = "target"


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where one field's text lies in its input file, so CI annotations point at the file.

    `points` are `(offset, line, column)` triples, sorted by offset: the character at text
    offset `offset` is at 1-based `line` and 1-based code-point `column` of `path`. Between
    points the text is copied verbatim, so columns advance one per character and a newline
    starts the next line at column 1. Readers that unescape or replace text (XML entities,
    inline tags turned into placeholders) add a point after each such place.
    """

    path: str
    points: tuple[tuple[int, int, int], ...]


_NO_ANCHORS: Mapping[str, Anchor] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of translation: a target text and whatever it can be compared with.

    `line` is the 1-based line (or row/record) number in the input file, kept so
    every message can point back to where the text came from.
    """

    id: str
    target: str
    source: str | None = None
    reference: str | None = None
    backtranslation: str | None = None
    doc_id: str | None = None
    line: int | None = None
    origin: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    meta: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    anchors: Mapping[str, Anchor] = field(default_factory=lambda: _NO_ANCHORS)

    def text(self, name: Field) -> str | None:
        """The text of a field by name (`target`, `source`, ...)."""
        value: str | None = getattr(self, name)
        return value


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check yields: a span and a message. The runner adds code and severity.

    Document- and batch-level checks set `segment_id` to say which segment the span is in.
    `severity`, when set, replaces the check's default for this finding: the evidence decides
    (a name variant seen once beside nine of the dominant spelling is an error, beside two a
    warning). A severity the user sets for the check in the config still wins.
    """

    span: Span
    message: str
    suggestion: str | None = None
    segment_id: str | None = None
    severity: Severity | None = None


def timestamp() -> str:
    """A report's `created`: now in UTC, or `SOURCE_DATE_EPOCH` when set (reproducible reports)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(
        timezone.utc)
    return moment.replace(microsecond=0).isoformat()


# The version of the JSON report's schema (tqcheck/data/report.schema.json): written by the writers,
# checked by `tqcheck report` when it reads a saved result back.
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Option:
    """A setting a check reads from the configuration, declared on the check (`@check(options=...)`).

    Set for the check in `[options.TQxxx]`, or for one target language in `[lang.xx]`. The config
    loader rejects a key no check declares and a value of the wrong kind, so a typo is an error,
    not a setting silently ignored. `kind` is `str`, `float`, `bool` or `list` (of strings).
    """

    kind: type
    default: Any
    doc: str

    def accepts(self, value: Any) -> bool:
        if self.kind is float:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if self.kind is list:
            return isinstance(value, list) and all(isinstance(item, str) for item in value)
        return isinstance(value, self.kind)

    @property
    def kind_name(self) -> str:
        return {str: "a string", float: "a number", bool: "true or false", list: "a list of strings"}.get(
            self.kind, self.kind.__name__)


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """A registered check: identity, documentation and the function that runs it."""

    code: str
    name: str
    family: str
    severity: Severity
    scope: Scope
    needs: tuple[Field, ...]
    summary: str
    doc: str
    func: Callable[..., Iterable[Finding]]
    # Batch-scope checks only: the per-segment part of their work (normalising, hashing), which
    # `Checker.check_local` runs where the other checks run (a worker process) so that the
    # driver's in-order pass (`Checker.add_batch`) is only lookups. None: all in the driver.
    prepare: Callable[..., object] | None = None
    # False: opt-in, run only when a `select`/`extend-select` pattern names it (ruff's non-default
    # rules). For checks whose flags, measured against human references and expert annotations,
    # are no better than chance: they stay available as "places to look" without adding noise.
    default: bool = True
    # The settings it reads (`[options.TQxxx]`, `[lang.xx]`), by key.
    options: Mapping[str, Option] = field(default_factory=lambda: _EMPTY)
    # Whether `--fix` applies its suggestions: "safe", "unsafe" (only with `--unsafe-fixes`) or None.
    fix: FixSafety | None = None
    # Segment-scope checks: (field, character class) pairs of which one must occur for the check to
    # find anything; the runner calls it only then (tqcheck.run.prescan). Empty: every segment.
    candidates: tuple[tuple[Field, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding placed in the batch: which check, where, how bad."""

    code: str
    name: str
    family: str
    severity: Severity
    segment_id: str
    doc_id: str | None
    line: int | None
    span: Span
    message: str
    suggestion: str | None = None
    origin: str | None = None
    status: IssueStatus | None = None  # set when the run was compared with a baseline

    @property
    def shown_message(self) -> str:
        """The message as plain-text reports show it: a known (baseline) issue ends in ` [baseline]`."""
        return self.message + KNOWN_MARK if self.status == "known" else self.message

    def sort_key(self) -> tuple[int, int, str, int]:
        field_order = ("target", "source", "reference", "backtranslation").index(self.span.field)
        return (field_order, self.span.start, self.code, self.span.end)


# Per metric, sacrebleu's sufficient statistics of each scored segment, in segment order.
Statistics = Mapping[str, tuple[tuple[float, ...], ...]]


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The segments of one document with the issues found in them, in input order."""

    doc_id: str | None
    segments: tuple[Segment, ...]
    issues: tuple[Issue, ...]
    # Per-segment scores (segment id -> metric -> value) and the document's own scores;
    # filled by `tqcheck.metrics.segments.SegmentScorer` when there is something to score.
    scores: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: _EMPTY)
    doc_scores: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    # In transit between `Checker.check_local` and `Checker.add_batch` only: per batch check with
    # a `prepare` step, its value for each segment (aligned with `segments`). Not part of a report.
    prepared: Mapping[str, tuple[object, ...]] = field(default_factory=lambda: _EMPTY, compare=False, repr=False)
    # In transit between a worker and `SegmentScorer.score` only: sacrebleu's statistics of the
    # segments that have a reference, per metric (`SegmentScorer.statistics`). Not part of a report.
    statistics: Statistics = field(default_factory=lambda: _EMPTY, compare=False, repr=False)

    def issues_for(self, segment_id: str) -> list[Issue]:
        return [issue for issue in self.issues if issue.segment_id == segment_id]


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts accumulated while streaming, enough for every writer's footer."""

    segments: int
    documents: int
    by_severity: Mapping[str, int]
    by_check: Mapping[str, int]
    by_family: Mapping[str, int]
    scores: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    # How the run was gated, when it used a baseline, suppressions or gates (JSON `summary.gate`).
    verdict: Verdict | None = None

    @property
    def issues(self) -> int:
        return sum(self.by_severity.values())

    @property
    def gate_failures(self) -> tuple[GateFailure, ...]:
        """The failed thresholds and gates (none when no verdict was reached)."""
        return self.verdict.failures if self.verdict is not None else ()

    def failed(self, fail_on: str) -> bool:
        """Whether the run failed: the verdict when one was reached, else the `--fail-on` gate on the issues."""
        if self.verdict is not None:
            return self.verdict.failed
        if fail_on == "never":
            return False
        level = Severity.parse(fail_on)
        return any(count and Severity.parse(label) >= level for label, count in self.by_severity.items())


# The score thresholds among the gates (reported as `threshold failed:`, as `tqcheck score` does).
SCORE_THRESHOLDS: tuple[str, ...] = ("min-bleu", "min-chrf", "max-ter", "min-quality")


@dataclass(frozen=True, slots=True)
class GateFailure:
    """One failed gate: its setting, the actual value (None: could not be measured) and the limit."""

    gate: str
    actual: float | None
    allowed: float
    message: str

    @property
    def is_threshold(self) -> bool:
        """A score threshold rather than a count or regression gate."""
        return self.gate in SCORE_THRESHOLDS

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a run was gated once it was over: what the baseline and suppressions did, what failed.

    Reached when a baseline, suppressions, count gates or score thresholds were in play; without
    them a run fails on `--fail-on` alone and carries no verdict.
    """

    new: int  # issues neither suppressed nor in the baseline: what the gates count
    known: int  # issues found in the baseline
    fixed: int  # baseline issues not seen this run, among the checks that ran
    suppressed: int
    expired_suppressions: tuple[str, ...] = ()  # each expired entry, described
    failures: tuple[GateFailure, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.failures)


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What was checked and how: goes into every report's header."""

    tool_version: str
    created: str
    inputs: tuple[str, ...]
    src_lang: str | None
    tgt_lang: str | None
    checks_run: tuple[str, ...]
    detected: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    fail_on: str = "error"


@dataclass(frozen=True, slots=True)
class Report:
    """A whole run held in memory: what the library API `tqcheck.check()` returns."""

    info: RunInfo
    documents: tuple[DocumentResult, ...]
    summary: Summary

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(segment for document in self.documents for segment in document.segments)

    @property
    def issues(self) -> tuple[Issue, ...]:
        return tuple(issue for document in self.documents for issue in document.issues)


@dataclass(frozen=True, slots=True)
class Score:
    """A corpus-level metric value with sacrebleu's signature and, if bootstrapped, a 95% CI."""

    metric: str
    value: float
    signature: str
    ci: tuple[float, float] | None = None
