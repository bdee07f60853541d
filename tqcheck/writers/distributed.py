"""The report of a distributed run (`--engine ray --output-dir`): a summary, from its `summary.json` record.

The per-segment results and the issues are in the output folder (Parquet or JSONL, written by the
workers); the report says what they add up to, which documents are worst, and where to look. Text,
JSON (the record itself), Markdown and a self-contained HTML page; SARIF, JUnit, GitHub and GitLab
list the issues with the ordinary writers, streamed from the issues output.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TextIO

SUMMARY_FORMATS = ("text", "json", "markdown", "html")


def render(out: TextIO, fmt: str, record: Mapping[str, Any]) -> None:
    """Write `record` (a `summary.json`) as `fmt`: one of `SUMMARY_FORMATS`."""
    if fmt == "json":
        out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        out.write(_markdown(record))
    elif fmt == "html":
        out.write(_html(record))
    else:
        out.write(_text(record))


def _counts(summary: Mapping[str, Any]) -> str:
    severity = summary.get("by_severity") or {}
    return (f"{summary.get('issues', 0)} issues ({severity.get('error', 0)} errors, {severity.get('warning', 0)} "
            f"warnings, {severity.get('info', 0)} info) in {summary.get('segments', 0)} segments, "
            f"{summary.get('documents', 0)} documents")


def _scores(summary: Mapping[str, Any]) -> str:
    scores = summary.get("scores") or {}
    return ", ".join(f"{name} {value:.2f}" for name, value in scores.items())


def _text(record: Mapping[str, Any]) -> str:
    summary = record.get("summary") or {}
    lines = [f"distributed run of {', '.join(record.get('inputs') or ())}", ""]
    by_check = summary.get("by_check") or {}
    if by_check:
        lines.append("Issues by check")
        lines += [f"  {code}  {count:>8,}" for code, count in sorted(by_check.items(), key=lambda kv: -kv[1])]
        lines.append("")
    worst = record.get("worst_documents") or ()
    if worst:
        lines.append("Worst documents (errors, warnings, info)")
        lines += [f"  {doc['doc_id']}: {doc['errors']}, {doc['warnings']}, {doc['info']}" for doc in worst]
        lines.append("")
    lines.append(_counts(summary))
    if summary.get("scores"):
        lines.append(f"scores: {_scores(summary)}")
    outputs = record.get("outputs") or {}
    lines.append(f"results ({record.get('output_format')}): segments {outputs.get('segments')}, issues "
                 f"{outputs.get('issues')}, summary {outputs.get('summary')}")
    return "\n".join(lines) + "\n"


def _markdown(record: Mapping[str, Any]) -> str:
    from tqcheck.writers.markdown import escape

    summary = record.get("summary") or {}
    failed = summary.get("failed")
    lines = [f"## tqcheck: {'❌ failed' if failed else '✅ passed'}", "", escape(_counts(summary)) + "."]
    if summary.get("scores"):
        lines += ["", f"Scores: {escape(_scores(summary))}."]
    by_check = summary.get("by_check") or {}
    if by_check:
        lines += ["", "| check | issues |", "|---|---:|"]
        lines += [f"| {code} | {count:,} |" for code, count in sorted(by_check.items(), key=lambda kv: -kv[1])]
    worst = record.get("worst_documents") or ()
    if worst:
        lines += ["", "| worst documents | errors | warnings | info |", "|---|---:|---:|---:|"]
        lines += [f"| {escape(str(doc['doc_id']))} | {doc['errors']} | {doc['warnings']} | {doc['info']} |"
                  for doc in worst]
    outputs = record.get("outputs") or {}
    lines += ["", f"Results: `{outputs.get('segments')}`, `{outputs.get('issues')}`."]
    return "\n".join(lines) + "\n"


def _html(record: Mapping[str, Any]) -> str:
    from tqcheck.writers.html import _environment, _static, page_header

    summary = record.get("summary") or {}
    inputs = record.get("inputs") or ()
    head = page_header(record, f"tqcheck: {inputs[0]}" if inputs else "tqcheck", int(summary.get("segments") or 0),
                       _static("report.css") + "\n" + _static("extra.css"), scripts=False)
    return str(_environment().get_template("distributed.html.j2").render(
        page={"head": head}, summary=summary, record=record, counts=_counts(summary), scores=_scores(summary)))
