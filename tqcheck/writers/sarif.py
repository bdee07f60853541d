"""`--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, VS Code SARIF viewer, ...).

One run: `tool.driver` with one rule per check that ran (its documentation as the help),
results with a `physicalLocation` (file relative to the current directory, region in Unicode
code points with the flagged text as snippet), `partialFingerprints` that survive line shifts,
a fix when the check suggests a replacement, `artifacts` and an `invocation` with the exit code of
the `--fail-on` gate. Results are small dicts held until the end (rules and artifacts must be
complete before they are written); segments are not kept.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterable
from typing import Any, TextIO
from urllib.parse import quote

from tqcheck.model import CheckInfo, DocumentResult, Issue, RunInfo, Segment, Severity, Summary
from tqcheck.writers.ci import (
    FINGERPRINT_VERSION,
    Fingerprints,
    Place,
    flagged_text,
    place,
    relative_path,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/tqcheck/"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MAX_SNIPPET = 500  # longer spans (hallucination loops) get no snippet rather than a truncated one
# A snippet is also left out where the file's text differs from the flagged text (entities, inline tags).


def _section(doc: str, heading: str) -> str:
    """The text under `## heading` in a check docstring ("" when absent)."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", doc, flags=re.M | re.S)
    return match.group(1).strip() if match else ""


def _rule(code: str, info: CheckInfo | None, issue: Issue | None) -> dict[str, Any]:
    if info is None:  # a code the registry does not know (e.g. from a plugin that is not loaded)
        name = issue.name if issue else code
        family = issue.family if issue else ""
        return {"id": code, "name": name, "shortDescription": {"text": name},
                "properties": {"family": family, "tags": [family] if family else []}}
    return {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": _section(info.doc, "What it does") or info.summary},
        "help": {"text": info.doc, "markdown": info.doc},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {"family": info.family, "scope": info.scope, "needs": list(info.needs),
                       "tags": ["translation-quality", info.family]},
    }


def _artifact_location(path: str) -> dict[str, Any]:
    if path.startswith("/"):
        return {"uri": "file://" + quote(path, safe="/")}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _verbatim(where: Place, text: str) -> bool:
    """Whether the region plausibly holds `text` as is (not an XML entity or inline tag the reader replaced).

    SARIF's snippet is the file's text in the region; the flagged text is only that when the
    region spans exactly its characters and line breaks.
    """
    if where.line is None or where.end_line is None or where.column is None or where.end_column is None:
        return False
    if where.line == where.end_line:
        return where.end_column - where.column == len(text)
    return where.end_line - where.line == text.count("\n")


def _region(where: Place, snippet: str | None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": where.line}
    if where.exact:
        region.update(startColumn=where.column, endLine=where.end_line, endColumn=where.end_column)
        if snippet is not None and len(snippet) <= MAX_SNIPPET:
            region["snippet"] = {"text": snippet}
    return region


def _fix(artifact: dict[str, Any], region: dict[str, Any], suggestion: str) -> dict[str, Any]:
    """A SARIF fix replacing the region with the check's suggestion ("" deletes it)."""
    deleted = {key: value for key, value in region.items() if key != "snippet"}
    return {"description": {"text": f'Replace with "{suggestion}"' if suggestion else "Delete it"},
            "artifactChanges": [{"artifactLocation": artifact, "replacements": [
                {"deletedRegion": deleted, "insertedContent": {"text": suggestion}}]}]}


class _Run:
    """Accumulates rules, artifacts and results while the documents stream past."""

    def __init__(self, info: RunInfo) -> None:
        from tqcheck.checks.registry import REGISTRY, all_checks

        all_checks()  # make sure the built-in checks are registered
        self.registry = REGISTRY
        self.rules: dict[str, int] = {}
        self.rule_list: list[dict[str, Any]] = []
        for code in info.checks_run:
            self._rule_index(code, None)
        self.artifacts: dict[str, int] = {}
        for path in info.inputs:
            self._artifact_index(path)
        # Results are written as they come, already indented for their place in the document, to a
        # spooled temporary file (memory up to a few megabytes, then disk): a batch with a million
        # findings does not hold a million dictionaries.
        self.results = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8")
        self.count = 0
        self.fingerprints = Fingerprints()

    def _rule_index(self, code: str, issue: Issue | None) -> int:
        if code not in self.rules:
            self.rules[code] = len(self.rule_list)
            self.rule_list.append(_rule(code, self.registry.get(code), issue))
        return self.rules[code]

    def _artifact_index(self, path: str) -> int:
        path = relative_path(path)
        if path not in self.artifacts:
            self.artifacts[path] = len(self.artifacts)
        return self.artifacts[path]

    def add(self, result: DocumentResult) -> None:
        segments = {segment.id: segment for segment in result.segments}
        for issue in result.issues:
            text = json.dumps(self._result(issue, segments), ensure_ascii=False, indent=2)
            self.results.write((",\n" if self.count else "") + textwrap.indent(text, _RESULT_INDENT))
            self.count += 1

    def _result(self, issue: Issue, segments: dict[str, Segment]) -> dict[str, Any]:
        where = place(issue, segments)
        message = issue.shown_message + (f" ({where.note})" if where.note else "")
        if issue.suggestion is not None:
            message += f'; suggestion: "{issue.suggestion}"' if issue.suggestion else "; suggestion: delete it"
        result: dict[str, Any] = {
            "ruleId": issue.code,
            "ruleIndex": self._rule_index(issue.code, issue),
            "level": LEVELS[issue.severity],
            "message": {"text": message},
        }
        if issue.status is not None:  # compared with a baseline: SARIF's own field for it
            result["baselineState"] = "new" if issue.status == "new" else "unchanged"
        text = flagged_text(issue, segments)
        verbatim = where.exact and _verbatim(where, text)  # the region holds the flagged text as is
        location: dict[str, Any] = {}
        fixes: list[dict[str, Any]] = []
        if where.path is not None:
            artifact = {**_artifact_location(where.path), "index": self._artifact_index(where.path)}
            physical: dict[str, Any] = {"artifactLocation": artifact}
            if where.line is not None:
                physical["region"] = _region(where, text if verbatim else None)
                if issue.suggestion is not None and verbatim:
                    fixes = [_fix(artifact, physical["region"], issue.suggestion)]
            location["physicalLocation"] = physical
        name = f"segment {issue.segment_id}"
        location["logicalLocations"] = [{
            "name": name, "fullyQualifiedName": f"{issue.doc_id}/{issue.segment_id}" if issue.doc_id else name,
            "kind": "object"}]
        result["locations"] = [location]
        result["partialFingerprints"] = {FINGERPRINT_VERSION: self.fingerprints(issue, segments)}
        if fixes:
            result["fixes"] = fixes
        result["properties"] = {"family": issue.family, "severity": issue.severity.label,
                                "segmentId": issue.segment_id, "docId": issue.doc_id, "field": issue.span.field,
                                "start": issue.span.start, "end": issue.span.end}
        return result


# Where the results stand in the document (`{"runs": [{"results": [...]}]}` at indent 2), and the
# placeholder that marks their place when the rest is dumped.
_RESULT_INDENT = " " * 8
_PLACEHOLDER = "\x00tqcheck results\x00"


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    run = _Run(info)
    with run.results:
        for result in results:
            run.add(result)
        _write(out, run, info, summary)


def _write(out: TextIO, run: _Run, info: RunInfo, summary: Callable[[], Summary]) -> None:
    totals = summary()
    failed = totals.failed(info.fail_on)
    gate = "never fails" if info.fail_on == "never" else f"fails on {info.fail_on} or worse"
    gate_failures = [failure.message for failure in totals.gate_failures]
    verdict = (f"failed: {'; '.join(gate_failures)}" if gate_failures else
               f"--fail-on {info.fail_on}: {'failed' if failed else 'passed'} ({gate})")
    sarif = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tqcheck", "version": info.tool_version, "informationUri": INFORMATION_URI,
                                "rules": run.rule_list}},
            "invocations": [{
                "executionSuccessful": True,
                "exitCode": 1 if failed else 0,
                "exitCodeDescription": verdict,
                "startTimeUtc": info.created,
            }],
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": _artifact_location(path), "roles": ["analysisTarget"]}
                          for path in run.artifacts],
            "results": [_PLACEHOLDER] if run.count else [],
            "properties": {
                "languages": {"source": info.src_lang, "target": info.tgt_lang, "detected": dict(info.detected)},
                "failOn": info.fail_on,
                "summary": {"segments": totals.segments, "documents": totals.documents, "issues": totals.issues,
                            "bySeverity": dict(totals.by_severity), "byFamily": dict(totals.by_family),
                            "byCheck": dict(totals.by_check), "scores": dict(totals.scores)},
            },
        }],
    }
    head, _, tail = (json.dumps(sarif, ensure_ascii=False, indent=2) + "\n").partition(
        f"{_RESULT_INDENT}{json.dumps(_PLACEHOLDER)}")
    out.write(head)
    run.results.seek(0)
    shutil.copyfileobj(run.results, out)
    out.write(tail)
