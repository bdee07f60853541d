"""Run the selected checks over a stream of segments, one document at a time.

Pure: no I/O. Segments arrive as an iterator; consecutive segments with the same
`doc_id` form a document, which is the unit document-level checks see and the
only thing held in memory (plus the small per-run memory of batch-level checks).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any

from tqcheck.checks.context import Analyses, Context
from tqcheck.checks.registry import select_checks, validate_settings
from tqcheck.config import Settings
from tqcheck.lang.graphemes import whole_clusters
from tqcheck.limits import (
    MAX_CHECKED_CHARACTERS,
    MAX_DOCUMENT_SEGMENTS,
    MAX_FINDINGS_PER_SEGMENT,
    MAX_WINDOW_CHARACTERS,
    checked_length,
    oversized,
)
from tqcheck.model import CheckInfo, DocumentResult, Finding, Issue, Segment, Severity, Summary
from tqcheck.run.prescan import Prescan


def _present_fields(segment: Segment) -> frozenset[str]:
    """The optional text fields a segment actually has (non-empty)."""
    return frozenset(name for name in _OPTIONAL_FIELDS if getattr(segment, name))


_OPTIONAL_FIELDS = ("target", "source", "reference", "backtranslation")


def _usable(info: CheckInfo, segments: Sequence[Segment]) -> list[Segment]:
    """The segments that have every field `info` needs (the common cases without a call each)."""
    if not info.needs:
        return list(segments)
    if info.needs == ("source",):
        return [segment for segment in segments if segment.source]
    return [segment for segment in segments if Checker._applies(info, segment)]


def windows(segments: Iterable[Segment]) -> Iterator[tuple[str | None, tuple[Segment, ...]]]:
    """`(doc_id, segments)` per document, in input order; a document longer than
    `MAX_DOCUMENT_SEGMENTS` segments or `MAX_WINDOW_CHARACTERS` characters comes as consecutive
    windows of at most that many.

    Consecutive segments with the same `doc_id` form a document. This is the unit of work
    everywhere: the serial runner, the process pool and the Ray engine.
    """
    for doc_id, group in groupby(segments, key=lambda segment: segment.doc_id):
        window: list[Segment] = []
        size = 0
        for segment in group:
            window.append(segment)
            size += _checked_size(segment)
            if len(window) >= MAX_DOCUMENT_SEGMENTS or size >= MAX_WINDOW_CHARACTERS:
                yield doc_id, tuple(window)
                window, size = [], 0
        if window:
            yield doc_id, tuple(window)


def _checked_size(segment: Segment) -> int:
    """How many characters of `segment` the checks read (each field up to `MAX_CHECKED_CHARACTERS`)."""
    limit = MAX_CHECKED_CHARACTERS
    return (min(len(segment.target), limit) + min(len(segment.source or ""), limit)
            + min(len(segment.reference or ""), limit) + min(len(segment.backtranslation or ""), limit))


def checkable(segment: Segment) -> Segment:
    """What the checks see of `segment`: itself, or, when a field is longer than they read, the first
    part of its target alone (a fragment compared with a whole source would only invent omissions).
    TQ605 says so; it alone sees the whole segment (`SEES_WHOLE`)."""
    if not oversized(segment):
        return segment
    return replace(segment, target=segment.target[:checked_length(segment.target)], source=None,
                   reference=None, backtranslation=None)


def _checkable_all(segments: Sequence[Segment]) -> Sequence[Segment]:
    """`checkable` of each segment; `segments` itself in the usual case where none is oversized."""
    if not any(oversized(segment) for segment in segments):
        return segments
    return tuple(checkable(segment) for segment in segments)


# The checks that see a whole oversized segment rather than its checked part: those about its size.
SEES_WHOLE = frozenset({"TQ605"})


def _ordered(segments: Sequence[Segment], found: Mapping[str, list[Issue]]) -> tuple[Issue, ...]:
    """The issues of `found`, by segment in input order, then by position within a segment,
    one finding per problem (see `_one_per_problem`)."""
    issues: list[Issue] = []
    for segment in segments:
        bucket = found[segment.id]
        if len(bucket) > 1:
            bucket.sort(key=Issue.sort_key)
            bucket = _without_second_opinions_on_findings(_one_per_problem(bucket))
        issues.extend(bucket)
    return tuple(issues)


# Which checks' findings a more specific check explains when both fire on one segment, the
# explained span lying within the explaining one: a target cut off at a comma (TQ603) is why it
# "ends with a comma" (TQ104); a loop (TQ702) is why the length is off (TQ601) and a word doubled
# (TQ701); a name spelled against the document (TQ401) needs no reference to say it again (TQ404);
# web text left at the end (TQ551) is why the paragraph lacks its full stop (TQ104).
EXPLAINS: dict[str, frozenset[str]] = {
    "TQ104": frozenset({"TQ105"}),
    "TQ401": frozenset({"TQ404"}),
    "TQ404": frozenset({"TQ403"}),
    "TQ412": frozenset({"TQ402"}),
    "TQ501": frozenset({"TQ503", "TQ504", "TQ509", "TQ910"}),
    "TQ502": frozenset({"TQ503", "TQ509", "TQ910"}),
    "TQ551": frozenset({"TQ104"}),
    "TQ602": frozenset({"TQ104", "TQ601", "TQ603", "TQ604", "TQ910"}),
    "TQ603": frozenset({"TQ104", "TQ105"}),
    "TQ604": frozenset({"TQ601"}),
    "TQ702": frozenset({"TQ104", "TQ601", "TQ603", "TQ701", "TQ812", "TQ910"}),
}
# For each code, the codes that can explain it (EXPLAINS read backwards).
_EXPLAINED_BY: dict[str, tuple[str, ...]] = {
    code: tuple(sorted(explaining for explaining, explained in EXPLAINS.items() if code in explained))
    for code in {code for explained in EXPLAINS.values() for code in explained}}
# Checks about a segment as a whole (their span is only where to point): any span of it is "within".
WHOLE_SEGMENT = frozenset({"TQ601", "TQ812", "TQ910"})
# Second opinions (a learned model's spans): left out where any other finding overlaps them in the same field.
SECOND_OPINION = frozenset({"TQ920"})


def _one_per_problem(bucket: Sequence[Issue]) -> list[Issue]:
    """One segment's issues with those another issue already explains left out.

    Two rules: a more severe issue of another check with the same span and the same fix says the
    same thing (TQ401 and TQ410 reach one misspelt name by different routes); and a more specific
    check explains a general one (`EXPLAINS`). The issue kept takes the higher severity of the two,
    so a gate sees the evidence of both. Checks run alone (`--select`) still report all they find.
    """
    kept: list[Issue | None] = list(bucket)
    # Only issues that can explain one another are compared: the same span and fix, or a code that
    # EXPLAINS this one. A 1 MB line with thousands of findings stays linear, not quadratic.
    by_place: dict[tuple[str, int, int, str], list[int]] = defaultdict(list)
    by_code: dict[str, list[int]] = defaultdict(list)
    for index, issue in enumerate(bucket):
        by_code[issue.code].append(index)
        if issue.suggestion is not None:
            by_place[(issue.span.field, issue.span.start, issue.span.end, issue.suggestion)].append(index)
    for index, issue in enumerate(bucket):
        candidates = [other for code in _EXPLAINED_BY.get(issue.code, ()) for other in by_code[code]]
        if issue.suggestion is not None:
            candidates += by_place[(issue.span.field, issue.span.start, issue.span.end, issue.suggestion)]
        cover = next((other for other in sorted(set(candidates))
                      if other != index and (current := kept[other]) is not None and _explains(current, issue)), None)
        if cover is None:
            continue
        kept[index] = None
        explaining = kept[cover]
        if explaining is not None and issue.severity > explaining.severity:
            kept[cover] = replace(explaining, severity=issue.severity)
    return [issue for issue in kept if issue is not None]


def _without_second_opinions_on_findings(bucket: list[Issue]) -> list[Issue]:
    """`bucket` less the second opinions (`SECOND_OPINION`) that overlap another check's finding."""
    if not any(issue.code in SECOND_OPINION for issue in bucket):
        return bucket
    rules = [issue.span for issue in bucket if issue.code not in SECOND_OPINION]
    return [issue for issue in bucket if issue.code not in SECOND_OPINION or not any(
        span.field == issue.span.field and span.start < issue.span.end and issue.span.start < span.end
        for span in rules)]


def _explains(other: Issue, issue: Issue) -> bool:
    if other.code == issue.code:
        return False
    if issue.suggestion is not None and other.span == issue.span and other.suggestion == issue.suggestion \
            and other.severity > issue.severity:
        return True
    if issue.code not in EXPLAINS.get(other.code, ()):
        return False
    if issue.code in WHOLE_SEGMENT:
        return True
    return other.span.field == issue.span.field and other.span.start <= issue.span.start \
        and issue.span.end <= other.span.end


def _bounded(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of one check call, at most `MAX_FINDINGS_PER_SEGMENT` per segment, plus a count of the rest."""
    kept: list[Finding] = []
    listed: Counter[str | None] = Counter()
    dropped: Counter[str | None] = Counter()
    last: dict[str | None, Finding] = {}
    for finding in findings:
        key = finding.segment_id
        if listed[key] < MAX_FINDINGS_PER_SEGMENT:
            kept.append(finding)
            listed[key] += 1
            last[key] = finding
        else:
            dropped[key] += 1
    kept.extend(_overflow(last[key], count) for key, count in dropped.items())
    return kept


def _overflow(last: Finding, count: int | None = None) -> Finding:
    """The information finding that stands for the findings past the limit (`count` of them, where counted),
    at the last one listed or the first one not listed."""
    more = f"{count:,} more findings" if count is not None else "More findings"
    return replace(last, message=f"{more} of this check in this segment, not listed "
                   f"(at most {MAX_FINDINGS_PER_SEGMENT:,} are)", suggestion=None, severity=Severity.INFO)


class CheckCrashed(RuntimeError):
    """A check raised on some input: a bug in tqcheck, reported with where it happened."""


@dataclass
class Tally:
    """Counts issues and segments as documents stream past, for summaries and exit codes."""

    segments: int = 0
    documents: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_check: Counter[str] = field(default_factory=Counter)
    by_family: Counter[str] = field(default_factory=Counter)
    worst: Severity | None = None
    scores: Callable[[], Mapping[str, float]] | None = None  # corpus scores, asked for at the end

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.segments += len(result.segments)
        for issue in result.issues:
            self.by_severity[issue.severity.label] += 1
            self.by_check[issue.code] += 1
            self.by_family[issue.family] += 1
            if self.worst is None or issue.severity > self.worst:
                self.worst = issue.severity

    def watch(self, results: Iterable[DocumentResult]) -> Iterator[DocumentResult]:
        """Pass results through, counting each."""
        for result in results:
            self.add(result)
            yield result

    def summary(self) -> Summary:
        return Summary(
            segments=self.segments,
            documents=self.documents,
            by_severity={label: self.by_severity.get(label, 0) for label in ("error", "warning", "info")},
            by_check=dict(sorted(self.by_check.items())),
            by_family=dict(sorted(self.by_family.items())),
            scores=dict(self.scores()) if self.scores else {},
        )

    def fails(self, fail_on: str) -> bool:
        """Whether any issue is at or above the `--fail-on` level ("never" never fails)."""
        if fail_on == "never" or self.worst is None:
            return False
        return self.worst >= Severity.parse(fail_on)


class Checker:
    """The selected checks plus their settings; call `run()` on segments.

    `src_lang`/`tgt_lang` are the batch defaults; a segment's own languages win.
    """

    def __init__(self, settings: Settings | None = None, *, src_lang: str | None = None,
                 tgt_lang: str | None = None, prescan: bool = True) -> None:
        self.settings = settings or Settings()
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.checks: list[CheckInfo] = select_checks(self.settings.select, self.settings.ignore,
                                                       self.settings.extend_select)
        validate_settings(self.settings)
        self._by_scope: dict[str, list[CheckInfo]] = {
            scope: [info for info in self.checks if info.scope == scope]
            for scope in ("segment", "document", "batch")
        }
        # Which segment checks have anything to look at, from one scan per field (prescan=False: call
        # every check on every segment, as the tests that prove the prescan changes nothing do).
        self._prescan = Prescan(self._by_scope["segment"] if prescan else ())
        self._memory: dict[str, dict[Any, Any]] = {}
        self._analyses = Analyses()  # work shared by checks, emptied at each window
        self._runnable: dict[frozenset[str], list[CheckInfo]] = {}
        self._contexts: dict[tuple[str | None, str | None], Context] = {}
        self._bound: dict[tuple[int, str], Context] = {}

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(info.code for info in self.checks)

    def forget(self) -> None:
        """Empty the run's memory (what batch-scope checks remember of earlier windows), as a new run starts."""
        self._memory.clear()

    def context(self, segment: Segment) -> Context:
        key = (segment.src_lang or self.src_lang, segment.tgt_lang or self.tgt_lang)
        context = self._contexts.get(key)
        if context is None:
            context = Context.for_languages(key[0], key[1], self.settings, self._memory, self._analyses)
            self._contexts[key] = context
        return context

    def bound(self, context: Context, info: CheckInfo) -> Context:
        """`context` bound to the check `info` (made once per language pair and check)."""
        key = (id(context), info.code)
        bound = self._bound.get(key)
        if bound is None:
            bound = self._bound[key] = context.for_check(info.code)
        return bound

    def run(self, segments: Iterable[Segment]) -> Iterator[DocumentResult]:
        """Check documents as they stream in; yields one result per document, in input order.

        A document longer than `MAX_DOCUMENT_SEGMENTS` (a whole undocumented batch, say) is
        checked in consecutive windows of that size, which bounds memory.
        """
        for doc_id, window in windows(segments):
            yield self.check_document(window, doc_id)

    def check_document(self, segments: Sequence[Segment], doc_id: str | None = None) -> DocumentResult:
        """All issues of one document, ordered by segment then position."""
        return self.add_batch(self.check_local(segments, doc_id))

    def check_local(self, segments: Sequence[Segment], doc_id: str | None = None) -> DocumentResult:
        """The segment- and document-scope issues of one window: independent of every other window.

        This is the part a worker process (or a Ray task) can run; `add_batch` must then
        see the results in input order, in one process.
        """
        self._analyses.clear()
        found: dict[str, list[Issue]] = {segment.id: [] for segment in segments}
        self._check_segments(segments, found)
        checked = _checkable_all(segments)
        if segments:
            self._check_together(self._by_scope["document"], checked, found)
        return DocumentResult(doc_id=doc_id, segments=tuple(segments), issues=_ordered(segments, found),
                              prepared=self._prepare(checked))

    def _prepare(self, segments: Sequence[Segment]) -> Mapping[str, tuple[object, ...]]:
        """The `prepare` values of the batch checks that have one, per segment (None where it does not apply)."""
        prepared: dict[str, tuple[object, ...]] = {}
        for info in self._by_scope["batch"]:
            if info.prepare is None or not segments:
                continue
            context = self.bound(self.context(segments[0]), info)
            try:
                prepared[info.code] = tuple(info.prepare(segment, context) if self._applies(info, segment) else None
                                            for segment in segments)
            except Exception as exc:  # a bug in a check: say which check
                raise CheckCrashed(f"check {info.code} ({info.name}) crashed preparing document "
                                   f"{segments[0].doc_id!r}: {type(exc).__name__}: {exc}") from exc
        return prepared

    def add_batch(self, result: DocumentResult) -> DocumentResult:
        """`result` plus the batch-scope issues, which depend on every window before it.

        Call it on the results of `check_local` in input order: batch-scope checks keep
        per-run memory (an earlier translation of the same source, the run's length
        distribution), so order matters and this runs in the driving process only.
        """
        batch = self._by_scope["batch"]
        if not batch or not result.segments:
            return replace(result, prepared={}) if result.prepared else result
        self._analyses.clear()
        found: dict[str, list[Issue]] = {segment.id: [] for segment in result.segments}
        if not self._check_together(batch, _checkable_all(result.segments), found, result.prepared):
            return replace(result, prepared={}) if result.prepared else result
        for issue in result.issues:
            found[issue.segment_id].append(issue)
        return replace(result, issues=_ordered(result.segments, found), prepared={})

    def _check_together(self, checks: Sequence[CheckInfo], segments: Sequence[Segment],
                        found: dict[str, list[Issue]],
                        prepared: Mapping[str, tuple[object, ...]] | None = None) -> bool:
        """Run document- or batch-scope `checks` over `segments`; True when any issue was added."""
        by_id = {segment.id: segment for segment in segments}
        shared = self.context(segments[0])
        added = False
        for info in checks:
            usable = _usable(info, segments)
            if not usable:
                continue
            context = self.bound(shared, info)
            args: tuple[Any, ...] = (usable, context)
            if info.prepare is not None:
                values = (prepared or {}).get(info.code)
                if values is None:  # not prepared upstream (a Ray result, a hand-made DocumentResult)
                    values = tuple(info.prepare(segment, context) if self._applies(info, segment) else None
                                   for segment in segments)
                wanted = {id(segment) for segment in usable}
                args += ([value for segment, value in zip(segments, values) if id(segment) in wanted],)
            for finding in self._call(info, usable[0].id, info.func, *args):
                owner = by_id.get(finding.segment_id or "")
                if owner is None:
                    raise CheckCrashed(f"{info.code} reported unknown segment {finding.segment_id!r}")
                found[owner.id].append(self._issue(info, finding, owner))
                added = True
        return added

    def _check_segments(self, segments: Sequence[Segment], found: dict[str, list[Issue]]) -> None:
        """Run the segment-scope checks over each segment, adding their issues to `found`.

        The hot loop of a run: one try block for the whole document rather than one call of
        `_call` per check and segment; a crash is reported exactly as `_call` reports it.
        """
        info: CheckInfo | None = None
        segment: Segment | None = None
        runnable: dict[tuple[str | None, str | None, bool, bool, bool, bool],
                       list[tuple[CheckInfo, Context, tuple[int, int] | None]]] = {}
        default_src, default_tgt = self.src_lang, self.tgt_lang
        prescan = self._prescan
        try:
            for segment in segments:
                info = None
                bucket = found[segment.id]
                checked = checkable(segment)
                key = (segment.src_lang or default_src, segment.tgt_lang or default_tgt, bool(checked.target),
                       bool(checked.source), bool(checked.reference), bool(checked.backtranslation))
                checks = runnable.get(key)
                if checks is None:  # once per language pair and set of fields present
                    context = self.context(segment)
                    checks = runnable[key] = [(info, self.bound(context, info), prescan.needs(info))
                                              for info in self._segment_checks(_present_fields(checked))]
                target_bits, source_bits = prescan.bits(checked.target), prescan.bits(checked.source)
                for info, context, needs in checks:
                    if needs is not None and not (needs[0] & target_bits or needs[1] & source_bits):
                        continue  # none of the characters it looks for: nothing to find
                    seen = segment if checked is segment or info.code in SEES_WHOLE else checked
                    for listed, finding in enumerate(info.func(seen, context)):
                        if listed == MAX_FINDINGS_PER_SEGMENT:
                            # Not even counted: a check's work per segment stops at the cap.
                            bucket.append(self._issue(info, _overflow(finding), segment))
                            break
                        bucket.append(self._issue(info, finding, segment))
        except Exception as exc:  # a bug in a check: say which check and where
            if info is None or segment is None:
                raise
            raise CheckCrashed(f"check {info.code} ({info.name}) crashed on segment {segment.id}: "
                               f"{type(exc).__name__}: {exc}") from exc

    def _segment_checks(self, present: frozenset[str]) -> list[CheckInfo]:
        """The segment-scope checks whose required fields are all present (cached per field set)."""
        checks = self._runnable.get(present)
        if checks is None:
            checks = self._runnable[present] = [info for info in self._by_scope["segment"]
                                                if present.issuperset(info.needs)]
        return checks

    @staticmethod
    def _applies(info: CheckInfo, segment: Segment) -> bool:
        return all(segment.text(name) for name in info.needs)

    @staticmethod
    def _call(info: CheckInfo, where: str, func: Any, *args: Any) -> list[Finding]:
        try:
            return _bounded(func(*args))
        except Exception as exc:  # a bug in a check: say which check and where
            raise CheckCrashed(f"check {info.code} ({info.name}) crashed on segment {where}: "
                               f"{type(exc).__name__}: {exc}") from exc

    def _issue(self, info: CheckInfo, finding: Finding, segment: Segment) -> Issue:
        # Never split a user-perceived character: widen to whole grapheme clusters (tqcheck.lang.graphemes).
        span, suggestion = whole_clusters(segment.text(finding.span.field) or "", finding.span, finding.suggestion)
        return Issue(
            code=info.code,
            name=info.name,
            family=info.family,
            severity=self.settings.severity.get(info.code, finding.severity or info.severity),
            segment_id=segment.id,
            doc_id=segment.doc_id,
            line=segment.line,
            span=span,
            message=finding.message,
            suggestion=suggestion,
            origin=segment.origin,
        )
