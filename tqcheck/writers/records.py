"""Plain-dict forms of segments, issues and run info: the one definition of the JSON schema.

Shared by the JSON, JSONL and (later) HTML/SARIF writers so field names never drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tqcheck.model import SCHEMA_VERSION, Anchor, DocumentResult, Issue, RunInfo, Segment, Summary, Verdict


def anchor_record(anchor: Anchor) -> dict[str, Any]:
    """An anchor as `{"path": ..., "points": [[offset, line, column], ...]}` (see `tqcheck.model.Anchor`)."""
    return {"path": anchor.path, "points": [list(point) for point in anchor.points]}


def segment_record(segment: Segment, scores: Mapping[str, float] | None = None) -> dict[str, Any]:
    """A segment's record.

    `origin` (its input file) and `anchors` (where each field lies in that file) are optional: written
    only when the segment has them, and absent from files of older releases (still schema_version 1).
    They let `tqcheck report` place issues in the input files exactly as `tqcheck check` did.
    """
    record: dict[str, Any] = {
        "id": segment.id,
        "doc_id": segment.doc_id,
        "line": segment.line,
        "source": segment.source,
        "target": segment.target,
        "reference": segment.reference,
        "backtranslation": segment.backtranslation,
    }
    if segment.origin is not None:
        record["origin"] = segment.origin
    if segment.meta:
        record["meta"] = dict(segment.meta)
    if segment.anchors:
        record["anchors"] = {name: anchor_record(anchor) for name, anchor in segment.anchors.items()}
    if scores:
        record["scores"] = dict(scores)
    return record


def document_record(result: DocumentResult) -> dict[str, Any]:
    return {"doc_id": result.doc_id, "segments": len(result.segments), "issues": len(result.issues),
            "scores": dict(result.doc_scores)}


def issue_record(issue: Issue) -> dict[str, Any]:
    return {
        "code": issue.code,
        "name": issue.name,
        "family": issue.family,
        "severity": issue.severity.label,
        "segment_id": issue.segment_id,
        "doc_id": issue.doc_id,
        "line": issue.line,
        "start": issue.span.start,
        "end": issue.span.end,
        "field": issue.span.field,
        "message": issue.message,
        "suggestion": issue.suggestion,
    } | ({"status": issue.status} if issue.status is not None else {})


def run_record(info: RunInfo) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "tqcheck", "version": info.tool_version},
        "created": info.created,
        "inputs": list(info.inputs),
        "languages": {"source": info.src_lang, "target": info.tgt_lang, "detected": dict(info.detected)},
        "checks_run": list(info.checks_run),
        "fail_on": info.fail_on,
    }


def summary_record(summary: Summary, fail_on: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "segments": summary.segments,
        "documents": summary.documents,
        "issues": summary.issues,
        "by_severity": dict(summary.by_severity),
        "by_family": dict(summary.by_family),
        "by_check": dict(summary.by_check),
        "scores": dict(summary.scores),
        "failed": summary.failed(fail_on),
    }
    if summary.verdict is not None:  # baseline / suppressions / gates were used: their verdict is the run's
        record["gate"] = verdict_record(summary.verdict)
    return record


def verdict_record(verdict: Verdict) -> dict[str, Any]:
    """JSON `summary.gate`: what the baseline and suppressions did, every failed gate, the outcome."""
    return {
        "new": verdict.new, "known": verdict.known, "fixed": verdict.fixed, "suppressed": verdict.suppressed,
        "expired_suppressions": list(verdict.expired_suppressions),
        "failures": [{"gate": failure.gate, "actual": failure.actual, "allowed": failure.allowed,
                      "message": failure.message} for failure in verdict.failures],
        "failed": verdict.failed,
    }
