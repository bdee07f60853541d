"""Writers for `tqcheck score`: a terminal table and the JSON document."""

from __future__ import annotations

import json
from typing import TextIO

from tqcheck import __version__
from tqcheck.metrics.score import ScoreResult
from tqcheck.model import SCHEMA_VERSION, timestamp
from tqcheck.writers.terminal import visible


def score_record(result: ScoreResult, failures: tuple[str, ...], *, src_lang: str | None = None,
                 created: str | None = None) -> dict[str, object]:
    names = list(result.metrics)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "tqcheck", "version": __version__},
        "created": created or timestamp(),
        "inputs": list(result.inputs),
        "languages": {"source": src_lang, "target": result.tgt_lang},
        "corpus": [{"metric": m.corpus.metric, "value": m.corpus.value, "signature": m.corpus.signature,
                    "ci": list(m.corpus.ci) if m.corpus.ci else None} for m in result.metrics.values()],
        "segments": [{"id": seg_id, "line": line,
                      "scores": {name: result.metrics[name].segments[i] for name in names}}
                     for i, (seg_id, line) in enumerate(zip(result.segment_ids, result.segment_lines))],
        "thresholds": {"failed": list(failures)},
    }


def render_json(out: TextIO, result: ScoreResult, failures: tuple[str, ...], *, src_lang: str | None = None,
                created: str | None = None) -> None:
    out.write(json.dumps(score_record(result, failures, src_lang=src_lang, created=created), ensure_ascii=False,
                         indent=1) + "\n")


def render_text(out: TextIO, result: ScoreResult, failures: tuple[str, ...], *, src_lang: str | None = None,
                color: bool = False, decimals: int = 2, segments: bool = False) -> None:
    """The corpus table (score, CI, signature); with `segments`, each segment's scores after it."""
    from rich import box  # here: `-f json` need not import rich
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, force_terminal=color, no_color=not color, width=120, highlight=False, markup=False)
    table = Table(box=box.SIMPLE_HEAD, title=f"{len(result.segment_ids)} segments", title_justify="left")
    for column in ("metric", "score", "95% CI", "signature"):
        table.add_column(column, justify="right" if column == "score" else "left",
                         overflow="fold" if column == "signature" else "ellipsis")
    for metric in result.metrics.values():
        ci = f"[{metric.corpus.ci[0]:.{decimals}f}, {metric.corpus.ci[1]:.{decimals}f}]" if metric.corpus.ci else "-"
        table.add_row(metric.corpus.metric, f"{metric.corpus.value:.{decimals}f}", ci, metric.corpus.signature)
    console.print(table)
    if segments:
        names = list(result.metrics)
        rows = Table(box=box.SIMPLE_HEAD, title="per segment", title_justify="left")
        for column in ("line", "id", *names):
            rows.add_column(column, justify="left" if column == "id" else "right")
        for index, (seg_id, line) in enumerate(zip(result.segment_ids, result.segment_lines)):
            rows.add_row("" if line is None else str(line), visible(seg_id),
                         *(f"{result.metrics[name].segments[index]:.{decimals}f}" for name in names))
        console.print(rows)
    for failure in failures:
        console.print(f"FAILED {failure}")
