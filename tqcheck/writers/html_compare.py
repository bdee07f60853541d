"""`tqcheck compare --format html`: one self-contained page for the compare record.

Same machinery as the check report (tqcheck.writers.html): rendered from the record `--format json`
writes (`compare_record`), through view dataclasses, by a jinja2 template with autoescape and
StrictUndefined; the record itself is embedded as escaped JSON. Issue deltas are coloured with a
colour-blind-safe pair and always carry a sign and an arrow.

Segments side by side: when the CLI hands in a `SegmentCollector` (HTML only; it keeps every
system's text in memory), a second escaped JSON payload carries source, references, each
system's output, its issues on the segment (UTF-16 offsets computed here) and its sentence
chrF; the page's one inline script (compare.js, text via textContent only) renders one
segment at a time. Without segment data the page has no script and its CSP allows none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from tqcheck.metrics.compare import Comparison
from tqcheck.model import FAMILIES
from tqcheck.writers.compare import compare_record
from tqcheck.writers.html import PageHeader, _environment, _static, embed_json, page_header, utf16_offset

if TYPE_CHECKING:
    from tqcheck.metrics.compare import SystemInput
    from tqcheck.model import DocumentResult

SEG_FIELDS = ("target", "source", "reference")
SEG_SEVERITIES = ("error", "warning", "info")


# The side-by-side view's own style (with --format html only).
_SIDE_BY_SIDE_CSS = """\
.sbs-nav { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
.sbs-nav input { width: 6rem; }
.sbs-row { border-top: 1px solid #ccc; padding: .4rem 0; }
.sbs-row h4 { margin: 0 0 .2rem; font-size: 1rem; }
.sbs-row .text { white-space: pre-wrap; margin: .2rem 0; }
.sbs-row ul { margin: .2rem 0 .2rem 1.2rem; padding: 0; font-size: .9rem; }
.sbs-row .chrf { font-weight: normal; font-size: .85rem; margin-left: .5rem; }"""


@dataclass(frozen=True, slots=True)
class MetricCell:
    value: str
    ci: str
    delta: str
    p_value: str
    significant: bool


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: str
    cluster: str
    name: str
    baseline: bool
    cells: tuple[MetricCell, ...]


@dataclass(frozen=True, slots=True)
class Delta:
    """A count and its change against the baseline; `trend` is better/worse/same (fewer issues is better)."""

    count: int
    delta: str
    trend: str


@dataclass(frozen=True, slots=True)
class IssueRow:
    name: str
    baseline: bool
    counts: tuple[Delta, ...]
    total: Delta
    per_1000: str


@dataclass(frozen=True, slots=True)
class ComparePage:
    head: PageHeader
    baseline: str
    primary: str
    metrics: tuple[str, ...]
    has_ci: bool
    ranking: tuple[RankRow, ...]
    families: tuple[str, ...]
    issues: tuple[IssueRow, ...]
    settings: tuple[tuple[str, str], ...]
    alpha: str
    payload: str
    segdata: str = ""  # escaped JSON of the side-by-side segments; "" = no segment view, no script
    js: str = ""


class SegmentCollector:
    """Keeps, for the HTML page only, each system's output and its issues per segment.

    Wrap the systems with `systems()` and pass `on_results` to `compare_systems`; then
    `payload()` builds the compact data the page's script renders.
    """

    def __init__(self, references: Sequence[Sequence[str]], sources: Sequence[str] | None = None) -> None:
        self.references = references
        self.sources = sources
        self.outputs: dict[str, Sequence[str]] = {}
        self.issues: dict[str, list[list[object]]] = {}

    def systems(self, systems: Iterable[SystemInput]) -> Iterator[SystemInput]:
        for system in systems:
            self.outputs[system.name] = system.hypotheses
            self.issues.setdefault(system.name, [])
            yield system

    def on_results(self, name: str, result: DocumentResult) -> None:
        marks = self.issues.setdefault(name, [])
        outputs = self.outputs.get(name) or ()
        for issue in result.issues:
            try:
                index = int(issue.segment_id) - 1
            except ValueError:
                continue
            if not 0 <= index < len(outputs):
                continue
            field = issue.span.field
            if field == "target":
                text = outputs[index]
            elif field == "source" and self.sources is not None:
                text = self.sources[index]
            elif field == "reference" and self.references:
                text = self.references[0][index]
            else:
                continue
            severity = issue.severity.name.lower()
            marks.append([index, SEG_FIELDS.index(field), utf16_offset(text, issue.span.start),
                          utf16_offset(text, issue.span.end), issue.code,
                          SEG_SEVERITIES.index(severity) if severity in SEG_SEVERITIES else 2,
                          issue.message, issue.suggestion])

    def payload(self, tgt_lang: str | None = None) -> dict[str, Any]:
        from tqcheck.metrics.sacre import sentence_scores

        names = list(self.outputs)
        scores: list[list[float | None]] | None = None
        try:
            scores = [[round(row["chrF"], 1) for row in sentence_scores(list(self.outputs[name]),
                                                                         [list(ref) for ref in self.references],
                                                                         tgt_lang, ["chrF"])]
                      for name in names]
        except Exception:  # scores are a convenience; the texts and issues matter
            scores = None
        return {
            "systems": names,
            "src": None if self.sources is None else list(self.sources),
            "refs": [list(ref) for ref in self.references],
            "out": [list(self.outputs[name]) for name in names],
            "issues": [self.issues.get(name, []) for name in names],
            "chrf": scores,
            "fields": list(SEG_FIELDS),
            "severities": list(SEG_SEVERITIES),
        }


def render_html(out: TextIO, comparison: Comparison, inputs: Sequence[str] = (), *, created: str | None = None,
                segments: SegmentCollector | None = None) -> None:
    """The writer `tqcheck compare -f html` calls: the JSON record, rendered (with the segments when given)."""
    out.write(render_compare_page(compare_record(comparison, inputs, created=created),
                                  None if segments is None else segments.payload(comparison.tgt_lang)))


def render_compare_page(record: Mapping[str, Any], segments: Mapping[str, Any] | None = None) -> str:
    return str(_environment().get_template("compare.html.j2").render(page=build_compare_page(record, segments)))


def build_compare_page(record: Mapping[str, Any], segments: Mapping[str, Any] | None = None) -> ComparePage:
    systems = {str(system["name"]): system for system in record.get("systems") or ()}
    order = [str(row["name"]) for row in record.get("ranking") or ()] or list(systems)
    metrics = tuple(str(metric) for metric in record.get("metrics") or ())
    significance: Mapping[str, Any] = record.get("significance") or {}
    alpha = float(significance.get("alpha") or 0.05)
    baseline = str(record.get("baseline") or "")
    ranked = [systems[name] for name in order if name in systems]
    with_issues = ranked and all(isinstance(system.get("issues"), Mapping) for system in ranked)
    families = _families(ranked) if with_issues else ()
    css = _static("report.css") + "\n" + _static("extra.css")
    return ComparePage(
        head=page_header(record, f"tqcheck compare: {len(systems)} systems", int(record.get("segments") or 0),
                         css + "\n" + _SIDE_BY_SIDE_CSS if segments else css, scripts=bool(segments)),
        baseline=baseline,
        primary=str(record.get("primary") or ""),
        metrics=metrics,
        has_ci=any(score.get("ci") for system in ranked for score in system.get("scores") or ()),
        ranking=tuple(_rank_row(system, metrics, baseline, alpha) for system in ranked),
        families=families,
        issues=tuple(_issue_row(system, families, systems.get(baseline), baseline) for system in ranked)
        if with_issues else (),
        settings=(("test", str(significance.get("test", ""))), ("n", str(significance.get("n", ""))),
                  ("seed", str(significance.get("seed"))), ("alpha", f"{alpha:g}"),
                  ("CI resamples", str(significance.get("confidence_n") or "none")),
                  ("clustering", str(significance.get("clustering", "")))),
        alpha=f"{alpha:g}",
        payload=embed_json(record),
        segdata=embed_json(segments) if segments else "",
        js=_static("spans.js") + "\n" + _static("compare.js") if segments else "",
    )


def _rank_row(system: Mapping[str, Any], metrics: Sequence[str], baseline: str, alpha: float) -> RankRow:
    scores = {str(score["metric"]): score for score in system.get("scores") or ()}
    tests: Mapping[str, Mapping[str, Any]] = system.get("vs_baseline") or {}
    cells = []
    for metric in metrics:
        score = scores.get(metric) or {}
        ci = score.get("ci")
        test = tests.get(metric)
        p_value = test.get("p_value") if test else None
        cells.append(MetricCell(
            value=_number(score.get("value")),
            ci=f"{ci[0]:.1f}–{ci[1]:.1f}" if ci else "",
            delta=f"{test['delta']:+.2f}" if test and isinstance(test.get("delta"), (int, float)) else "",
            p_value=f"{p_value:.4f}" if isinstance(p_value, (int, float)) else "",
            significant=isinstance(p_value, (int, float)) and p_value < alpha))
    name = str(system["name"])
    return RankRow(rank=str(system.get("rank", "")), cluster=str(system.get("cluster", "")), name=name,
                   baseline=name == baseline, cells=tuple(cells))


def _families(systems: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    seen = {str(family) for system in systems for family in (system["issues"].get("by_family") or {})}
    return tuple(family for family in FAMILIES if family in seen) + tuple(sorted(seen - set(FAMILIES)))


def _issue_row(system: Mapping[str, Any], families: Sequence[str], base: Mapping[str, Any] | None,
               baseline: str) -> IssueRow:
    issues: Mapping[str, Any] = system["issues"]
    by_family: Mapping[str, int] = issues.get("by_family") or {}
    is_base = str(system["name"]) == baseline or base is None
    base_issues: Mapping[str, Any] = {} if base is None else base.get("issues") or {}
    base_family: Mapping[str, int] = base_issues.get("by_family") or {}
    counts = tuple(_delta(int(by_family.get(family, 0)),
                          None if is_base else int(by_family.get(family, 0)) - int(base_family.get(family, 0)))
                   for family in families)
    total = int(issues.get("total") or 0)
    return IssueRow(name=str(system["name"]), baseline=is_base and base is not None, counts=counts,
                    total=_delta(total, None if is_base else total - int(base_issues.get("total") or 0)),
                    per_1000=_number(issues.get("per_1000"), 1))


def _delta(count: int, delta: int | None) -> Delta:
    if delta is None:
        return Delta(count=count, delta="", trend="")
    if delta == 0:
        return Delta(count=count, delta="±0", trend="same")
    # fewer issues than the baseline is better: ▼ blue; more is worse: ▲ vermillion
    return Delta(count=count, delta=f"{'▲' if delta > 0 else '▼'} {delta:+d}", trend="worse" if delta > 0 else "better")


def _number(value: object, digits: int = 2) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else "–"
