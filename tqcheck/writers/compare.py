"""Writers for `tqcheck compare`: terminal tables and the JSON document (which the HTML report will read)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from tqcheck import __version__
from tqcheck.metrics.compare import Comparison, SystemResult, issue_families
from tqcheck.model import SCHEMA_VERSION, timestamp
from tqcheck.writers.terminal import visible

TEST_TITLES = {"bs": "paired bootstrap resampling ({n} resamples)",
               "ar": "paired approximate randomization ({n} trials)"}
CLUSTERING = ("ordered by the primary metric; a system joins the current cluster unless it is significantly "
              "worse (p < alpha, same paired test) than the cluster's best, which otherwise opens the next cluster")


def compare_record(comparison: Comparison, inputs: Sequence[str] = (), *, created: str | None = None
                   ) -> dict[str, Any]:
    """The JSON document: every number the terminal shows, plus how it was obtained."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "tqcheck", "version": __version__},
        "created": created or timestamp(),
        "inputs": list(inputs),
        "languages": {"source": comparison.src_lang, "target": comparison.tgt_lang,
                      "detected": dict(comparison.detected)},
        "segments": comparison.segments,
        "baseline": comparison.baseline,
        "primary": comparison.primary,
        "metrics": list(comparison.metrics),
        "significance": {"test": comparison.test_name, "n": comparison.n_samples, "seed": comparison.seed,
                         "alpha": comparison.alpha, "confidence_n": comparison.confidence_n,
                         "clustering": CLUSTERING},
        "systems": [_system_record(comparison, system) for system in comparison.systems],
        "ranking": [{"rank": system.rank, "cluster": system.cluster, "name": system.name,
                     "metric": comparison.primary, "value": system.score(comparison.primary).value,
                     "p_vs_cluster_best": system.p_vs_cluster_best} for system in comparison.ranking],
    }


def _system_record(comparison: Comparison, system: SystemResult) -> dict[str, Any]:
    issues = None
    if system.issues is not None:
        issues = {"by_family": dict(system.issues.by_family), "by_severity": dict(system.issues.by_severity),
                  "by_check": dict(system.issues.by_check), "total": system.issues.total,
                  "per_1000": round(system.issues.per_1000, 4),
                  "delta_by_family": comparison.issue_deltas(system) if system.name != comparison.baseline else {}}
    return {
        "name": system.name,
        "path": system.path,
        "scores": [{"metric": score.metric, "value": score.value, "signature": score.signature,
                    "ci": list(score.ci) if score.ci else None} for score in system.scores],
        "vs_baseline": {metric: {"p_value": result.p_value, "test": result.test, "delta": result.delta}
                        for metric, result in system.vs_baseline.items()},
        "issues": issues,
        "cluster": system.cluster,
        "rank": system.rank,
    }


def render_json(out: TextIO, comparison: Comparison, inputs: Sequence[str] = (), *, created: str | None = None
                ) -> None:
    out.write(json.dumps(compare_record(comparison, inputs, created=created), ensure_ascii=False, indent=1) + "\n")


def render_text(out: TextIO, comparison: Comparison, *, color: bool = False, width: int = 120,
                decimals: int = 2) -> None:
    """A scores table (ranked, with CIs and tests against the baseline), the signatures and an issues table.

    System names are never cut short: two systems whose names share a long start would read the same.
    """
    console = Console(file=out, force_terminal=color, no_color=not color, width=width, highlight=False,
                      markup=False)
    test = TEST_TITLES[comparison.test].format(n=comparison.n_samples)
    title = (f"{len(comparison.systems)} systems, {comparison.segments} segments, ranked by {comparison.primary}; "
             f"baseline {visible(comparison.baseline)}; {test}, seed {comparison.seed}")
    scores = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
    scores.add_column("rank", justify="right")
    scores.add_column("cluster", justify="right")
    longest = max(len(_marked(system.name, system.name == comparison.baseline)) for system in comparison.systems)
    scores.add_column("system", overflow="fold", min_width=min(48, longest))
    for metric in comparison.metrics:
        scores.add_column(f"{metric} (95% CI)" if comparison.confidence_n else metric, no_wrap=True)
        scores.add_column("vs baseline", justify="right", no_wrap=True)
    for system in comparison.ranking:
        row = [str(system.rank), str(system.cluster), _marked(system.name, system.name == comparison.baseline)]
        for metric in comparison.metrics:
            score = system.score(metric)
            row.append(f"{score.value:.{decimals}f}"
                       + (f" ({score.ci[0]:.{decimals - 1 if decimals else 0}f}\u2013"
                          f"{score.ci[1]:.{decimals - 1 if decimals else 0}f})" if score.ci else ""))
            result = system.vs_baseline.get(metric)
            row.append("-" if result is None else f"{result.delta:+.{decimals}f} p={result.p_value:.4f}"
                       f"{'*' if result.p_value < comparison.alpha else ' '}")
        scores.add_row(*row)
    console.print(scores)
    console.print(f"* p < {comparison.alpha:g} against the baseline ({comparison.test_name}). A cluster holds the "
                  f"systems not significantly worse than its best system on {comparison.primary}.")
    baseline = comparison.system(comparison.baseline)
    for metric in comparison.metrics:  # what the numbers mean, as sacrebleu signs them
        console.print(f"{metric} signature: {baseline.score(metric).signature}", overflow="fold")
    if all(system.issues is not None for system in comparison.systems):
        console.print()
        console.print(_issue_table(comparison))


def _issue_table(comparison: Comparison) -> Table:
    families = issue_families(comparison)
    table = Table(box=box.SIMPLE_HEAD, title="tqcheck issues per family (change vs baseline)", title_justify="left")
    table.add_column("system")
    for family in families:
        table.add_column(family, justify="right")
    for column in ("total", "per 1k segs", "error", "warning", "info"):
        table.add_column(column, justify="right")
    base = comparison.system(comparison.baseline).issues
    for system in comparison.ranking:
        issues = system.issues
        assert issues is not None and base is not None
        is_base = system.name == comparison.baseline
        deltas = comparison.issue_deltas(system)
        row = [_marked(system.name, is_base)]
        row.extend(_count(issues.by_family.get(family, 0), None if is_base else deltas[family]) for family in families)
        row.append(_count(issues.total, None if is_base else issues.total - base.total))
        row.append(f"{issues.per_1000:.1f}")
        row.extend(str(issues.by_severity.get(level, 0)) for level in ("error", "warning", "info"))
        table.add_row(*row)
    return table


def _marked(name: str, is_baseline: bool) -> str:
    """A system's name for the terminal: file names are input, so their control characters are shown, not sent."""
    return f"{visible(name)} (baseline)" if is_baseline else visible(name)


def _count(value: int, delta: int | None) -> str:
    return str(value) if delta is None else f"{value} ({delta:+d})"
