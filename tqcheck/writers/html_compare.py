"""`tqcheck compare --format html`: one self-contained page for the compare record.

Same machinery as the check report (tqcheck.writers.html): rendered from the record `--format json`
writes (`compare_record`), through view dataclasses, by a jinja2 template with autoescape and
StrictUndefined; the record itself is embedded as escaped JSON. The page needs no script.
Issue deltas are coloured with a colour-blind-safe pair and always carry a sign and an arrow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from tqcheck.compare import Comparison
from tqcheck.model import FAMILIES
from tqcheck.writers.compare import compare_record
from tqcheck.writers.html import _environment, _static, embed_json


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
    title: str
    created: str
    tool_version: str
    inputs: tuple[str, ...]
    src_lang: str
    tgt_lang: str
    segments: int
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
    css: str


def render_html(out: TextIO, comparison: Comparison, inputs: Sequence[str] = (), *, created: str | None = None
                ) -> None:
    """The writer `tqcheck compare -f html` calls: the JSON record, rendered."""
    out.write(render_compare_page(compare_record(comparison, inputs, created=created)))


def render_compare_page(record: Mapping[str, Any]) -> str:
    return _environment().get_template("compare.html.j2").render(page=build_compare_page(record))


def build_compare_page(record: Mapping[str, Any]) -> ComparePage:
    systems = {str(system["name"]): system for system in record.get("systems") or ()}
    order = [str(row["name"]) for row in record.get("ranking") or ()] or list(systems)
    metrics = tuple(str(metric) for metric in record.get("metrics") or ())
    significance: Mapping[str, Any] = record.get("significance") or {}
    alpha = float(significance.get("alpha") or 0.05)
    baseline = str(record.get("baseline") or "")
    languages = record.get("languages") or {}
    inputs = tuple(str(path) for path in record.get("inputs") or ())
    ranked = [systems[name] for name in order if name in systems]
    with_issues = ranked and all(isinstance(system.get("issues"), Mapping) for system in ranked)
    families = _families(ranked) if with_issues else ()
    return ComparePage(
        title=f"tqcheck compare: {len(systems)} systems",
        created=str(record.get("created") or ""),
        tool_version=str((record.get("tool") or {}).get("version") or ""),
        inputs=inputs,
        src_lang=str(languages.get("source") or "?"),
        tgt_lang=str(languages.get("target") or "?"),
        segments=int(record.get("segments") or 0),
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
        css=_static("report.css") + "\n" + _static("extra.css"),
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
