"""`--engine ray --output-dir URI`: results written by Ray Data's writers, the summary from aggregations.

For batches too large for one machine to hold or write, nothing per segment goes through the driver:

- the checked chunks (`RayEngine.checked(finish=True)`) are written by a Ray Data datasink
  (`ResultsSink`, through `Dataset.write_datasink`): each write task, in the cluster, turns its
  chunks into one row per segment (`segment_rows`: texts, scores, issue counts and issues, nested)
  and one row per issue, and writes a file of each (Parquet, or JSON Lines) to `URI/segments/` and
  `URI/issues/`: one pass over the data, in parallel;
- the summary is a map-reduce: each write task also returns its block's totals (`block_totals`:
  segment count, windows, summed quality and sacrebleu statistics, issues tallied by (code,
  severity, family) and by document), and the driver adds them up, one small record per block (so
  it holds the documents' counts, never their segments), keeping the 20 worst documents;
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


def block_totals(segments: Any, issues: Any) -> dict[str, Any]:
    """What one written block adds to the summary (the map of a map-reduce): its segment count, windows,
    summed quality and sacrebleu statistics, and its issues tallied by (code, severity, family) and by
    document. Small: the driver adds these up, one per block."""
    stats: dict[str, list[float]] = {}
    for text in segments.column("stats").to_pylist():
        for name, row in (json.loads(text) if text else {}).items():
            total = stats.setdefault(name, [0.0] * len(row))
            for index, value in enumerate(row):
                total[index] += value
    quality = [value for value in segments.column("quality").to_pylist() if value is not None]
    tallies: Counter[tuple[str, int, str]] = Counter()
    documents: dict[str, list[int]] = {}
    for code, severity, family, doc_id in zip(*(issues.column(name).to_pylist()
                                                for name in ("code", "severity", "family", "doc_id"))):
        tallies[(code, severity, family)] += 1
        counts = documents.setdefault(json.dumps(doc_id), [0, 0, 0])
        counts[3 - int(severity)] += 1
    return {"segments": segments.num_rows, "windows": sorted(set(segments.column("window").to_pylist())),
            "quality": sum(quality), "scored": len(quality), "stats": stats,
            "tallies": [[*key, count] for key, count in tallies.items()], "documents": documents}


def _sink_class() -> type:
    """`ResultsSink`, made on first use (Ray is imported only with `--engine ray`)."""
    from ray.data import Datasink

    class ResultsSink(Datasink[dict[str, Any]]):
        """A Ray Data datasink: each write task turns its checked chunks into segment rows and issue rows,
        writes one file of each under the output folder (Parquet or JSONL; written whole, then moved into
        place where the filesystem can), and returns its block's totals; the driver collects them."""

        def __init__(self, root: str, fmt: str, tgt_lang: str | None) -> None:
            self.root, self.fmt, self.tgt_lang = root, fmt, tgt_lang
            self.totals: list[dict[str, Any]] = []

        def on_write_start(self, *args: Any, **kwargs: Any) -> None:
            from tqcheck.storage import filesystem

            for part in ("segments", "issues"):
                system, path = filesystem(f"{self.root}/{part}")
                system.create_dir(path, recursive=True)

        def write(self, blocks: Any, ctx: Any) -> dict[str, Any]:
            import uuid

            import pyarrow as pa

            tables = [segment_rows(block, self.tgt_lang) for block in blocks if block.num_rows]
            if not tables:
                return {"segments": 0, "windows": [], "quality": 0.0, "scored": 0, "stats": {}, "tallies": [],
                        "documents": {}}
            segments = pa.concat_tables(tables)
            issues = issue_rows(segments)
            name = f"part-{ctx.task_idx:06d}-{uuid.uuid4().hex[:12]}.{'parquet' if self.fmt == 'parquet' else 'jsonl'}"
            _write_table(segments, f"{self.root}/segments/{name}", self.fmt)
            _write_table(issues, f"{self.root}/issues/{name}", self.fmt)
            return block_totals(segments, issues)

        def on_write_complete(self, write_result: Any) -> None:
            self.totals = list(write_result.write_returns)

    return ResultsSink


def _write_table(table: Any, location: str, fmt: str) -> None:
    """One output file, written whole: to a temporary name then moved into place on a filesystem that
    can (a local or shared disk), in one upload on an object store (where a put is atomic)."""
    import pyarrow.parquet as pq

    from tqcheck.storage import filesystem, is_uri

    system, path = filesystem(location)
    direct = is_uri(location) and not location.startswith(("file:", "hdfs:"))
    target = path if direct else f"{path.rsplit('/', 1)[0]}/.{path.rsplit('/', 1)[1]}.tmp"
    with system.open_output_stream(target) as stream:
        if fmt == "parquet":
            pq.write_table(table, stream)
        else:
            for row in table.to_pylist():
                stream.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    if not direct:
        system.move(target, path)


def write_results(dataset: Any, info: RunInfo, output_dir: str, fmt: str, *,
                  batch_codes: tuple[str, ...]) -> DistributedRun:
    """Write the checked `dataset` under `output_dir` and aggregate the summary (the caller gates it and
    writes `summary.json` with `write_summary`)."""
    from tqcheck.metrics.segments import SegmentScorer
    from tqcheck.storage import as_location

    _ray()
    root = as_location(output_dir).rstrip("/")
    outputs = {"segments": f"{root}/segments", "issues": f"{root}/issues", "summary": f"{root}/summary.json",
               "format": fmt}
    sink = _sink_class()(root, fmt, info.tgt_lang)
    dataset.write_datasink(sink)
    by_severity: Counter[str] = Counter()
    by_check: Counter[str] = Counter()
    by_family: Counter[str] = Counter()
    documents: dict[str, list[int]] = {}
    total = scored = 0
    quality = 0.0
    windows: set[int] = set()
    sums: dict[str, list[float]] = {}
    for block in sink.totals:
        for code, severity, family, count in block["tallies"]:
            by_severity[Severity(int(severity)).label] += count
            by_check[code] += count
            by_family[family] += count
        for doc, counts in block["documents"].items():
            total_counts = documents.setdefault(doc, [0, 0, 0])
            for index, count in enumerate(counts):
                total_counts[index] += count
        total += int(block["segments"])
        scored += int(block["scored"])
        quality += float(block["quality"])
        windows.update(block["windows"])
        for name, values in block["stats"].items():
            total_row = sums.setdefault(name, [0.0] * len(values))
            for index, value in enumerate(values):
                total_row[index] += value
    worst = tuple(WorstDocument(json.loads(doc), *counts) for doc, counts in
                  sorted(documents.items(), key=lambda item: (-item[1][0], -item[1][1], -item[1][2], item[0]))
                  [:WORST_DOCUMENTS])
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


def _read(ray: Any, where: str, fmt: str) -> Any:
    if fmt == "parquet":
        return ray.data.read_parquet(where, file_extensions=["parquet"])
    return ray.data.read_json(where, file_extensions=["jsonl"])


def _write_text(location: str, text: str) -> None:
    from tqcheck.storage import filesystem

    system, path = filesystem(location)
    with system.open_output_stream(path) as stream:
        stream.write(text.encode("utf-8"))
