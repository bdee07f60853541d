"""`tqcheck score --format html`: one self-contained page for the score record.

Same machinery as the check report (tqcheck.writers.html): the page is rendered from the record
`--format json` writes (`score_record`), through view dataclasses, by a jinja2 template with
autoescape and StrictUndefined; the record itself is embedded as escaped JSON. The page needs no script.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from tqcheck.metrics.score import ScoreResult
from tqcheck.writers.html import Bin, PageHeader, _environment, _static, embed_json, page_header
from tqcheck.writers.scores import score_record

WORST_SEGMENTS = 10
LOWER_IS_BETTER = frozenset({"TER"})


@dataclass(frozen=True, slots=True)
class MetricRow:
    metric: str
    value: str
    ci: str
    signature: str


@dataclass(frozen=True, slots=True)
class Histogram:
    metric: str
    slug: str
    bins: tuple[Bin, ...]


@dataclass(frozen=True, slots=True)
class SegmentRow:
    seg_id: str
    line: str
    score: str


@dataclass(frozen=True, slots=True)
class ScorePage:
    head: PageHeader
    failures: tuple[str, ...]
    metrics: tuple[MetricRow, ...]
    histograms: tuple[Histogram, ...]
    worst_metric: str
    worst: tuple[SegmentRow, ...]
    payload: str


def render_html(out: TextIO, result: ScoreResult, failures: tuple[str, ...], *, src_lang: str | None = None,
                created: str | None = None) -> None:
    """The writer `tqcheck score -f html` calls: the JSON record, rendered."""
    out.write(render_score_page(score_record(result, failures, src_lang=src_lang, created=created)))


def render_score_page(record: Mapping[str, Any]) -> str:
    return str(_environment().get_template("score.html.j2").render(page=build_score_page(record)))


def build_score_page(record: Mapping[str, Any]) -> ScorePage:
    corpus: Sequence[Mapping[str, Any]] = record.get("corpus") or ()
    segments: Sequence[Mapping[str, Any]] = record.get("segments") or ()
    names = [str(row["metric"]) for row in corpus]
    inputs = record.get("inputs") or ()
    worst_metric = "chrF" if "chrF" in names else (names[0] if names else "")
    return ScorePage(
        head=page_header(record, f"tqcheck scores: {str(inputs[0])}" if inputs else "tqcheck scores", len(segments),
                         _static("report.css") + "\n" + _static("extra.css"), scripts=False),
        failures=tuple(str(failure) for failure in (record.get("thresholds") or {}).get("failed") or ()),
        metrics=tuple(MetricRow(metric=str(row["metric"]), value=_number(row.get("value")), ci=_ci(row.get("ci")),
                                signature=str(row.get("signature") or "")) for row in corpus),
        histograms=tuple(Histogram(metric=name, slug=f"m{index}", bins=histogram(_values(segments, name)))
                         for index, name in enumerate(names)),
        worst_metric=worst_metric,
        worst=_worst(segments, worst_metric),
        payload=embed_json(record),
    )


def histogram(values: Sequence[float]) -> tuple[Bin, ...]:
    """Ten bins of width 10 over 0–100 (values outside, e.g. TER above 100, go to the end bins)."""
    if not values:
        return ()
    counts = [0] * 10
    for value in values:
        counts[min(9, max(0, int(value // 10)))] += 1
    tallest = max(counts)
    return tuple(Bin(label=f"{n * 10}–{n * 10 + 10}", count=count, x=n * 40,
                     height=round(count / tallest * 84) if count else 0) for n, count in enumerate(counts))


def _values(segments: Sequence[Mapping[str, Any]], metric: str) -> list[float]:
    values = []
    for segment in segments:
        value = (segment.get("scores") or {}).get(metric)
        if isinstance(value, (int, float)):
            values.append(float(value))
    return values


def _worst(segments: Sequence[Mapping[str, Any]], metric: str) -> tuple[SegmentRow, ...]:
    scored = [(float(value), index, segment) for index, segment in enumerate(segments)
              if isinstance(value := (segment.get("scores") or {}).get(metric), (int, float))]
    worse_first = metric in LOWER_IS_BETTER
    scored.sort(key=lambda item: (-item[0] if worse_first else item[0], item[1]))
    return tuple(SegmentRow(seg_id=str(segment.get("id", "")),
                            line="" if segment.get("line") is None else str(segment["line"]),
                            score=f"{value:.2f}") for value, _index, segment in scored[:WORST_SEGMENTS])


def _number(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) else "–"


def _ci(ci: object) -> str:
    if isinstance(ci, (list, tuple)) and len(ci) == 2:
        return f"[{_number(ci[0])}, {_number(ci[1])}]"
    return "–"
