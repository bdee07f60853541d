"""`--engine ray --output-dir URI`: results written by Ray Data's writers, the summary from aggregations.

For batches too large for one machine to hold or write, nothing per segment goes through the driver:

- the checked chunks (`RayEngine.checked(finish=True)`) become one row per segment (`segment_rows`:
  its texts, scores, issue counts and issues, nested) and are written with `write_parquet` or
  `write_json` to `URI/segments/`, by the workers, in parallel;
- the issues are read back from there (only the columns they need), flattened and written to
  `URI/issues/`, one row per issue;
- the summary is a map-reduce over those outputs: each block of issues is tallied by (code,
  severity, family) and by document, each block of segments gives its count, windows, summed
  quality and summed sacrebleu statistics, in the workers; the driver adds up one small row per
  block (so it holds the documents' counts, not their segments) and keeps the 20 worst documents;
  `URI/summary.json` records it with the run's header and where the outputs are.

What differs from the local engine, and is said in the run's notes: the batch-scope checks
(TQ601, TQ704, TQ705, TQ899, TQ901, TQ910) compare within each window (a document, or up to
1,000 segments), not across the whole batch, because no single process sees the batch in order.
Without `--output-dir`, `--engine ray` keeps the local engine's results exactly.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from tqcheck.model import FAMILIES, DocumentResult, GateFailure, Issue, RunInfo, Segment, Severity, Summary

WORST_DOCUMENTS = 20
OUTPUT_FORMATS = ("parquet", "jsonl")
PER_WINDOW_NOTE = ("note: with --output-dir, the batch-level checks ({codes}) compare within each window "
                   "(a document, or up to 1,000 segments), not across the whole batch")


@dataclass(frozen=True)
class WorstDocument:
    """A document with its issue counts, for the summary's list of the worst."""

    doc_id: str | None
    errors: int
    warnings: int
    info: int


@dataclass(frozen=True)
class DistributedRun:
    """A finished distributed run: its header, summary, gate failures, worst documents and outputs."""

    info: RunInfo
    summary: Summary
    failures: tuple[GateFailure, ...]
    worst: tuple[WorstDocument, ...]
    outputs: Mapping[str, str]
    notes: tuple[str, ...] = ()
    record: Mapping[str, Any] = field(default_factory=dict)

    def issue_results(self) -> Iterator[DocumentResult]:
        """The issues, streamed back from the issues output, as document results without segments (for the
        writers that list issues: SARIF, JUnit, GitHub, GitLab)."""
        ray = _ray()
        dataset = _read(ray, self.outputs["issues"], self.outputs["format"])
        current: str | None = None
        found: list[Issue] = []
        from tqcheck.readers.arrow_rows import issue_from_row

        for row in dataset.iter_rows():
            issue = issue_from_row(row)
            if found and issue.doc_id != current:
                yield DocumentResult(doc_id=current, segments=(), issues=tuple(found))
                found = []
            current = issue.doc_id
            found.append(issue)
        if found:
            yield DocumentResult(doc_id=current, segments=(), issues=tuple(found))


def _ray() -> Any:
    from tqcheck.run.engines.ray_engine import start

    return start()


def segment_rows(table: Any, tgt_lang: str | None) -> Any:
    """A Ray map step: checked chunks (result tables) -> one row per segment, scored, issues nested."""
    import pyarrow as pa

    from tqcheck.metrics.segments import SegmentScorer, scored_segments
    from tqcheck.readers.arrow_rows import ISSUE_TYPE, issue_row, result_chunks

    scorer = SegmentScorer(tgt_lang)
    rows: list[dict[str, Any]] = []
    for _chunk, results in result_chunks(table):
        for window, result in results:
            statistics = scorer.statistics(result.segments)
            scored = scorer.score(_with_statistics(result, statistics))
            per_segment: dict[str, dict[str, list[float]]] = {}
            for name, stats in statistics.items():
                for segment, values in zip(scored_segments(result.segments), stats):
                    per_segment.setdefault(segment.id, {})[name] = list(values)
            by_segment: dict[str, list[Issue]] = {}
            for issue in scored.issues:
                by_segment.setdefault(issue.segment_id, []).append(issue)
            for segment in scored.segments:
                issues = by_segment.get(segment.id, [])
                scores = dict(scored.scores.get(segment.id, {}))
                rows.append(_segment_row(segment, window, issues, scores, per_segment.get(segment.id, {})))
    schema = pa.schema([
        *((name, pa.string()) for name in ("id", "doc_id", "origin", "target", "source", "reference",
                                           "backtranslation", "src_lang", "tgt_lang", "meta", "scores", "stats")),
        ("line", pa.int64()), ("window", pa.int64()), ("quality", pa.float64()),
        ("errors", pa.int32()), ("warnings", pa.int32()), ("info", pa.int32()),
        ("issues", pa.list_(ISSUE_TYPE))])
    for record in rows:
        record["issues"] = [issue_row(issue) for issue in record["issues"]]
    return pa.Table.from_pylist(rows, schema=schema)


def _with_statistics(result: DocumentResult, statistics: Any) -> DocumentResult:
    from dataclasses import replace

    return replace(result, statistics=statistics)


def _segment_row(segment: Segment, window: int, issues: list[Issue], scores: dict[str, float],
                 stats: dict[str, list[float]]) -> dict[str, Any]:
    severities = Counter(issue.severity for issue in issues)
    return {"id": segment.id, "doc_id": segment.doc_id, "origin": segment.origin, "target": segment.target,
            "source": segment.source, "reference": segment.reference, "backtranslation": segment.backtranslation,
            "src_lang": segment.src_lang, "tgt_lang": segment.tgt_lang,
            "meta": json.dumps(dict(segment.meta), ensure_ascii=False) if segment.meta else None,
            "scores": json.dumps(scores), "stats": json.dumps(stats) if stats else None,
            "line": segment.line, "window": window, "quality": scores.get("quality"),
            "errors": severities[Severity.ERROR], "warnings": severities[Severity.WARNING],
            "info": severities[Severity.INFO], "issues": issues}


def issue_rows(table: Any) -> Any:
    """A Ray map step: segment rows -> one row per issue."""
    import pyarrow as pa

    from tqcheck.readers.arrow_rows import ISSUE_TYPE

    rows = [issue for issues in table.column("issues").to_pylist() for issue in issues or ()]
    return pa.Table.from_pylist(rows, schema=pa.schema(list(ISSUE_TYPE)))


def _segment_totals(table: Any) -> Any:
    """A Ray map step (the map of a map-reduce): per block of segment rows, their count, windows, summed
    quality and summed sufficient statistics of each metric. The driver adds the blocks' rows up."""
    import pyarrow as pa

    totals: dict[str, list[float]] = {}
    for text in table.column("stats").to_pylist():
        for name, row in (json.loads(text) if text else {}).items():
            total = totals.setdefault(name, [0.0] * len(row))
            for index, value in enumerate(row):
                total[index] += value
    quality = [value for value in table.column("quality").to_pylist() if value is not None]
    windows = sorted(set(table.column("window").to_pylist()))
    return pa.table({"segments": [table.num_rows], "windows": [json.dumps(windows)], "quality": [sum(quality)],
                     "scored": [len(quality)], "stats": [json.dumps(totals)]})


def _issue_totals(table: Any) -> Any:
    """A Ray map step: per block of issue rows, the counts per (code, severity, family) and per document."""
    import pyarrow as pa

    tallies: Counter[tuple[str, int, str]] = Counter()
    documents: dict[str, list[int]] = {}
    for code, severity, family, doc_id in zip(*(table.column(name).to_pylist()
                                                for name in ("code", "severity", "family", "doc_id"))):
        tallies[(code, severity, family)] += 1
        counts = documents.setdefault(json.dumps(doc_id), [0, 0, 0])
        counts[3 - int(severity)] += 1
    return pa.table({"tallies": [json.dumps([[*key, count] for key, count in tallies.items()])],
                     "documents": [json.dumps(documents)]})


def write_results(dataset: Any, info: RunInfo, output_dir: str, fmt: str, *,
                  batch_codes: tuple[str, ...]) -> DistributedRun:
    """Write the checked `dataset` under `output_dir` and aggregate the summary (the caller gates it and
    writes `summary.json` with `write_summary`)."""
    from tqcheck.metrics.segments import SegmentScorer
    from tqcheck.storage import as_location

    ray = _ray()
    root = as_location(output_dir).rstrip("/")
    outputs = {"segments": f"{root}/segments", "issues": f"{root}/issues", "summary": f"{root}/summary.json",
               "format": fmt}
    rows = dataset.map_batches(segment_rows, batch_format="pyarrow", batch_size=1,
                               fn_kwargs={"tgt_lang": info.tgt_lang})
    _write(rows, outputs["segments"], fmt)
    segments = _read(ray, outputs["segments"], fmt)
    issues = segments.select_columns(["issues"]).map_batches(issue_rows, batch_format="pyarrow")
    _write(issues, outputs["issues"], fmt)
    by_severity: Counter[str] = Counter()
    by_check: Counter[str] = Counter()
    by_family: Counter[str] = Counter()
    documents: dict[str, list[int]] = {}
    for row in _read(ray, outputs["issues"], fmt).map_batches(_issue_totals, batch_format="pyarrow").iter_rows():
        for code, severity, family, count in json.loads(row["tallies"]):
            by_severity[Severity(int(severity)).label] += count
            by_check[code] += count
            by_family[family] += count
        for doc, counts in json.loads(row["documents"]).items():
            total_counts = documents.setdefault(doc, [0, 0, 0])
            for index, count in enumerate(counts):
                total_counts[index] += count
    worst = tuple(WorstDocument(json.loads(doc), *counts) for doc, counts in
                  sorted(documents.items(), key=lambda item: (-item[1][0], -item[1][1], -item[1][2], item[0]))
                  [:WORST_DOCUMENTS])
    total = scored = 0
    quality = 0.0
    windows: set[int] = set()
    sums: dict[str, list[float]] = {}
    counted = segments.select_columns(["window", "quality", "stats"])
    for row in counted.map_batches(_segment_totals, batch_format="pyarrow").iter_rows():
        total += int(row["segments"])
        scored += int(row["scored"])
        quality += float(row["quality"])
        windows.update(json.loads(row["windows"]))
        for name, values in json.loads(row["stats"]).items():
            total_row = sums.setdefault(name, [0.0] * len(values))
            for index, value in enumerate(values):
                total_row[index] += value
    scorer = SegmentScorer(info.tgt_lang)
    scores: dict[str, float] = {}
    for name, values in sums.items():
        metric = scorer._metrics.get(name)
        if metric is not None:
            scores[name] = float(metric[0]._compute_score_from_stats(values).score)
    if scored:
        scores["quality"] = round(quality / scored, 4)
    summary = Summary(segments=total, documents=len(windows),
                      by_severity={label: by_severity.get(label, 0) for label in ("error", "warning", "info")},
                      by_check=dict(sorted(by_check.items())),
                      by_family={family: by_family[family] for family in FAMILIES if by_family.get(family)},
                      scores=scores)
    notes = (PER_WINDOW_NOTE.format(codes=", ".join(batch_codes)),) if batch_codes else ()
    return DistributedRun(info=info, summary=summary, failures=(), worst=worst, outputs=outputs, notes=notes)


def write_summary(run: DistributedRun) -> DistributedRun:
    """`run` with its `summary.json` record, written beside the outputs."""
    from dataclasses import replace

    record = summary_record(run)
    _write_text(run.outputs["summary"], json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return replace(run, record=record)


def summary_record(run: DistributedRun) -> dict[str, Any]:
    """`summary.json`: the run's header, its summary, the worst documents and where the outputs are."""
    from tqcheck.model import SCHEMA_VERSION

    info, summary = run.info, run.summary
    return {
        "schema_version": SCHEMA_VERSION, "record": "distributed-summary",
        "tool": {"name": "tqcheck", "version": info.tool_version},
        "created": info.created, "inputs": list(info.inputs),
        "languages": {"source": info.src_lang, "target": info.tgt_lang}, "checks_run": list(info.checks_run),
        "fail_on": info.fail_on,
        "summary": {"segments": summary.segments, "documents": summary.documents, "issues": summary.issues,
                    "by_severity": dict(summary.by_severity), "by_check": dict(summary.by_check),
                    "by_family": dict(summary.by_family), "scores": dict(summary.scores),
                    "failed": bool(run.failures),
                    "failures": [failure.message for failure in run.failures]},
        "worst_documents": [{"doc_id": doc.doc_id, "errors": doc.errors, "warnings": doc.warnings, "info": doc.info}
                            for doc in run.worst],
        "outputs": {key: value for key, value in run.outputs.items() if key != "format"},
        "output_format": run.outputs["format"],
        "notes": list(run.notes),
    }


def _write(dataset: Any, where: str, fmt: str) -> None:
    if fmt == "parquet":
        dataset.write_parquet(where)
    else:
        dataset.write_json(where)


def _read(ray: Any, where: str, fmt: str) -> Any:
    return ray.data.read_parquet(where) if fmt == "parquet" else ray.data.read_json(where, file_extensions=None)


def _write_text(location: str, text: str) -> None:
    from tqcheck.storage import filesystem

    system, path = filesystem(location)
    with system.open_output_stream(path) as stream:
        stream.write(text.encode("utf-8"))
