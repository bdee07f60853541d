"""Reading a saved `tqcheck check -f json` report back into the model the writers take.

Why: CI runs the checks once (`check -f json -o tqcheck.json`) and then writes SARIF, JUnit,
annotations, Markdown or HTML from that one result with `tqcheck report`, instead of checking
again per format. The writers take `RunInfo`, `DocumentResult`s and a `Summary`; this module
rebuilds exactly those from the records of `tqcheck.writers.records` (schema_version 1,
`tqcheck/data/report.schema.json`), so every writer renders what `check` would have written.

What the records do not hold is rebuilt as the runner sets it: an issue's `origin` is its
segment's. A segment's `origin` and `anchors` are optional in the records (older files lack
them); without them CI formats fall back to the issue's line, as they would for such input.
Not recovered, because no writer uses them: a segment's own `src_lang`/`tgt_lang` (the run's
languages are in `RunInfo`).

Every problem with the file is one `InputError` naming the file and the first bad value
(`segments[3].target: expected a string`), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from tqcheck.errors import InputError
from tqcheck.model import (
    ISSUE_STATUSES,
    SCHEMA_VERSION,
    Anchor,
    DocumentResult,
    GateFailure,
    Issue,
    Report,
    RunInfo,
    Segment,
    Severity,
    Span,
    Summary,
    Verdict,
)
from tqcheck.readers.untrusted_json import JsonProblem, parse
from tqcheck.storage import read_local

FIELDS = ("target", "source", "reference", "backtranslation")
_HINT = "write one with tqcheck check -f json"


def load_record(path: Path) -> dict[str, Any]:
    """The file's top-level JSON object, once it is known to be a schema-v1 tqcheck report."""
    try:
        text = read_local(path).decode("utf-8")
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a tqcheck JSON report", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the report: {exc}", str(path)) from None
    try:
        data = parse(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise InputError(f"not a JSON document ({exc.msg}); {_HINT}", str(path), exc.lineno) from None
        data = _from_lines(text, path)  # `--format jsonl`: segment lines, then the run's record
    except JsonProblem as exc:
        raise InputError(f"not a tqcheck JSON report ({exc})", str(path)) from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise InputError(f"not a tqcheck JSON report (no schema_version; {_HINT})", str(path))
    if data["schema_version"] != SCHEMA_VERSION or isinstance(data["schema_version"], bool):
        raise InputError(f"unsupported schema_version {data['schema_version']!r} (expected {SCHEMA_VERSION})",
                         str(path))
    other = next((command for key, command in (("corpus", "score"), ("significance", "compare")) if key in data), None)
    if other is not None:
        raise InputError(f"a tqcheck {other} result, not a check result ({_HINT})", str(path))
    for key, kind in (("segments", list), ("issues", list), ("summary", dict)):
        if not isinstance(data.get(key), kind):
            raise InputError(f"malformed report: {key!r} missing or not a {kind.__name__}", str(path))
    return data


def _from_lines(text: str, path: Path) -> dict[str, Any]:
    """A `--format jsonl` result as the JSON report's one object: segments, their issues, the run's record."""
    segments: list[Any] = []
    issues: list[Any] = []
    run: dict[str, Any] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = parse(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not a JSON Lines result ({exc.msg}); {_HINT}", str(path), number) from None
        except JsonProblem as exc:
            raise InputError(f"not a tqcheck JSON Lines result ({exc})", str(path), number) from None
        if not isinstance(record, dict):
            raise InputError("not a tqcheck JSON Lines result (a line is not an object)", str(path), number)
        if run is not None:
            raise InputError("a line after the run's record: the file was cut or joined", str(path), number)
        if record.get("record") == "run":
            run = record
            continue
        found = record.pop("issues", [])
        issues.extend(found if isinstance(found, list) else [found])
        segments.append(record)
    if run is None:
        raise InputError("no run record at the end: the file was cut short, or written by a release before "
                         "0.1 (run the check again)", str(path))
    run.pop("record")
    return {**run, "segments": segments, "issues": issues}


def load_report(path: Path) -> Report:
    """Read `path` (a `tqcheck check -f json` result) into a `Report`."""
    return report_from_record(load_record(path), str(path))


def report_from_record(record: Mapping[str, Any], name: str) -> Report:
    """Rebuild the run from a report's top-level object; `name` is the file, for messages."""
    return _Builder(name).report(record)


class _Builder:
    """Typed access to the records; each getter names where a bad value is."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str) -> NoReturn:
        raise InputError(f"malformed report: {where}: {problem}" if where else f"malformed report: {problem}",
                         self.name)

    def value(self, obj: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...], label: str,
              *, optional: bool = False, default: Any = None) -> Any:
        if key not in obj:
            if optional:
                return default
            self.fail(where, f"missing {key!r}")
        item = obj[key]
        if optional and item is None:
            return default
        if not isinstance(item, kind) or (isinstance(item, bool) and bool not in _kinds(kind)):
            self.fail(_at(where, key), f"expected {label}{' or null' if optional else ''}, got {_kind(item)}")
        return item

    def text(self, obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
        return self.value(obj, key, where, str, "a string", optional=optional)

    def integer(self, obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
        return self.value(obj, key, where, int, "an integer", optional=optional)

    def mapping(self, obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> dict[str, Any]:
        found: dict[str, Any] = self.value(obj, key, where, dict, "an object", optional=optional, default={})
        return found

    def table(self, obj: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...], label: str,
              *, optional: bool = False) -> MappingProxyType[str, Any]:
        """A JSON object whose values all have one type (counts, scores, meta), read-only."""
        found = self.mapping(obj, key, where, optional=optional)
        for name, item in found.items():
            if not isinstance(item, kind) or isinstance(item, bool):
                self.fail(f"{_at(where, key)}[{name!r}]", f"expected {label}, got {_kind(item)}")
        return MappingProxyType(dict(found))

    def items(self, obj: Mapping[str, Any], key: str, where: str = "") -> list[dict[str, Any]]:
        found = self.value(obj, key, where, list, "an array")
        for index, item in enumerate(found):
            if not isinstance(item, dict):
                self.fail(f"{_at(where, key)}[{index}]", f"expected an object, got {_kind(item)}")
        return list(found)

    # The records, top down.

    def report(self, record: Mapping[str, Any]) -> Report:
        info = self.info(record)
        segments = [self.segment(item, f"segments[{n}]") for n, item in enumerate(self.items(record, "segments"))]
        issues = [self.issue(item, f"issues[{n}]") for n, item in enumerate(self.items(record, "issues"))]
        documents = self.documents(record, segments, issues)
        return Report(info=info, documents=documents, summary=self.summary(record))

    def info(self, record: Mapping[str, Any]) -> RunInfo:
        tool = self.mapping(record, "tool", "")
        if tool.get("name") != "tqcheck":
            self.fail("tool.name", f"expected 'tqcheck', got {tool.get('name')!r}")
        languages = self.mapping(record, "languages", "")
        inputs = self.value(record, "inputs", "", list, "an array")
        checks = self.value(record, "checks_run", "", list, "an array")
        for key, values in (("inputs", inputs), ("checks_run", checks)):
            if not all(isinstance(item, str) for item in values):
                self.fail(key, "expected an array of strings")
        fail_on = self.text(record, "fail_on", "")
        if fail_on not in ("error", "warning", "info", "never"):
            self.fail("fail_on", f"unknown level {fail_on!r}")
        return RunInfo(tool_version=self.text(tool, "version", "tool"),
                       created=self.text(record, "created", ""), inputs=tuple(inputs),
                       src_lang=self.text(languages, "source", "languages", optional=True),
                       tgt_lang=self.text(languages, "target", "languages", optional=True),
                       checks_run=tuple(checks),
                       detected=self.table(languages, "detected", "languages", str, "a string", optional=True),
                       fail_on=fail_on)

    def segment(self, item: Mapping[str, Any], where: str) -> tuple[Segment, Mapping[str, float]]:
        """A segment and its scores (which the model keeps on the document)."""
        anchors = {name: self.anchor(anchor, f"{where}.anchors[{name!r}]")
                   for name, anchor in self.mapping(item, "anchors", where, optional=True).items()}
        line = self.integer(item, "line", where, optional=True)
        segment = Segment(id=self.text(item, "id", where), target=self.text(item, "target", where),
                          source=self.text(item, "source", where, optional=True),
                          reference=self.text(item, "reference", where, optional=True),
                          backtranslation=self.text(item, "backtranslation", where, optional=True),
                          doc_id=self.text(item, "doc_id", where, optional=True), line=line,
                          origin=self.text(item, "origin", where, optional=True),
                          meta=self.table(item, "meta", where, str, "a string", optional=True),
                          anchors=MappingProxyType(anchors))
        return segment, self.table(item, "scores", where, (int, float), "a number", optional=True)

    def anchor(self, item: object, where: str) -> Anchor:
        if not isinstance(item, dict):
            self.fail(where, f"expected an object, got {_kind(item)}")
        points = self.value(item, "points", where, list, "an array")
        for index, point in enumerate(points):
            if not (isinstance(point, list) and len(point) == 3
                    and all(isinstance(n, int) and not isinstance(n, bool) for n in point)):
                self.fail(f"{where}.points[{index}]", "expected [offset, line, column] integers")
        return Anchor(path=self.text(item, "path", where), points=tuple((a, b, c) for a, b, c in points))

    def issue(self, item: Mapping[str, Any], where: str) -> Issue:
        field = self.text(item, "field", where)
        if field not in FIELDS:
            self.fail(f"{where}.field", f"unknown field {field!r}")
        try:
            severity = Severity.parse(self.text(item, "severity", where))
        except ValueError as exc:
            self.fail(f"{where}.severity", str(exc))
        start, end = self.integer(item, "start", where), self.integer(item, "end", where)
        if not 0 <= start <= end:
            self.fail(where, f"bad span {start}..{end}")
        span = Span(start, end, field)
        status = self.text(item, "status", where, optional=True)
        if status is not None and status not in ISSUE_STATUSES:
            self.fail(f"{where}.status", f"unknown status {status!r} (known: {', '.join(ISSUE_STATUSES)})")
        return Issue(code=self.text(item, "code", where), name=self.text(item, "name", where),
                     family=self.text(item, "family", where), severity=severity,
                     segment_id=self.text(item, "segment_id", where),
                     doc_id=self.text(item, "doc_id", where, optional=True),
                     line=self.integer(item, "line", where, optional=True), span=span,
                     message=self.text(item, "message", where),
                     suggestion=self.text(item, "suggestion", where, optional=True), status=status)

    def documents(self, record: Mapping[str, Any], scored: list[tuple[Segment, Mapping[str, float]]],
                  issues: list[Issue]) -> tuple[DocumentResult, ...]:
        """Split the flat segment and issue lists back into documents, by each document's counts."""
        from dataclasses import replace

        segments = [segment for segment, _ in scored]
        results: list[DocumentResult] = []
        segment_at = issue_at = 0
        for index, item in enumerate(self.items(record, "documents")):
            where = f"documents[{index}]"
            size, found = self.integer(item, "segments", where), self.integer(item, "issues", where)
            if size < 0 or found < 0 or segment_at + size > len(segments) or issue_at + found > len(issues):
                self.fail(where, "its segment or issue count does not match the segments and issues listed")
            own = tuple(segments[segment_at:segment_at + size])
            by_id = {segment.id: segment for segment in own}
            placed: list[Issue] = []
            for offset, issue in enumerate(issues[issue_at:issue_at + found]):
                segment = by_id.get(issue.segment_id)
                if segment is None:
                    self.fail(f"issues[{issue_at + offset}]",
                              f"segment_id {issue.segment_id!r} is not a segment of its document")
                placed.append(replace(issue, origin=segment.origin))
            scores = {segment.id: score for segment, score in scored[segment_at:segment_at + size] if score}
            results.append(DocumentResult(doc_id=self.text(item, "doc_id", where, optional=True), segments=own,
                                          issues=tuple(placed), scores=MappingProxyType(scores),
                                          doc_scores=self.table(item, "scores", where, (int, float), "a number")))
            segment_at += size
            issue_at += found
        if segment_at != len(segments) or issue_at != len(issues):
            self.fail("documents", f"they hold {segment_at} segments and {issue_at} issues, "
                                   f"but the report lists {len(segments)} and {len(issues)}")
        return tuple(results)

    def summary(self, record: Mapping[str, Any]) -> Summary:
        summary = self.mapping(record, "summary", "")

        def counts(key: str) -> MappingProxyType[str, Any]:
            return self.table(summary, key, "summary", int, "an integer")

        for label in counts("by_severity"):
            if label not in ("error", "warning", "info"):
                self.fail("summary.by_severity", f"unknown severity {label!r}")
        gate = self.mapping(summary, "gate", "summary", optional=True)
        return Summary(segments=self.integer(summary, "segments", "summary"),
                       documents=self.integer(summary, "documents", "summary"),
                       by_severity=counts("by_severity"), by_check=counts("by_check"), by_family=counts("by_family"),
                       scores=self.table(summary, "scores", "summary", (int, float), "a number"),
                       verdict=self.verdict(gate, "summary.gate") if gate else None)

    def verdict(self, record: Mapping[str, Any], where: str) -> Verdict:
        """`summary.gate`: what the baseline and suppressions did and which gates failed."""
        expired = self.value(record, "expired_suppressions", where, list, "an array", optional=True, default=[])
        if not all(isinstance(item, str) for item in expired):
            self.fail(f"{where}.expired_suppressions", "expected strings")
        failures = []
        for index, item in enumerate(self.items(record, "failures", where)):
            at = f"{where}.failures[{index}]"
            failures.append(GateFailure(
                gate=self.text(item, "gate", at),
                actual=self.value(item, "actual", at, (int, float), "a number", optional=True),
                allowed=self.value(item, "allowed", at, (int, float), "a number"),
                message=self.text(item, "message", at)))
        verdict = Verdict(new=self.integer(record, "new", where), known=self.integer(record, "known", where),
                          fixed=self.integer(record, "fixed", where),
                          suppressed=self.integer(record, "suppressed", where),
                          expired_suppressions=tuple(expired), failures=tuple(failures))
        if self.value(record, "failed", where, bool, "a boolean") != verdict.failed:
            self.fail(f"{where}.failed", "disagrees with the failures listed")
        return verdict


def _at(where: str, key: str) -> str:
    """`where.key`, or `key` at the top level."""
    return f"{where}.{key}" if where else key


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind(value: object) -> str:
    """A JSON type name for messages."""
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array",
             dict: "an object"}
    return names.get(type(value), type(value).__name__)
