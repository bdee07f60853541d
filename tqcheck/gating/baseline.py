"""Baseline files: the issues a batch already had, so CI fails only on new ones.

`tqcheck baseline create` writes one; `tqcheck check --baseline FILE` reads it. JSON, with
`baseline_version` so a future format is refused rather than misread:

    {"baseline_version": 1, "tool": {...}, "created": "...", "inputs": [...], "checks_run": [...],
     "summary": {"segments": 24, "issues": 9, "by_severity": {...}, "by_family": {...},
                 "by_check": {...}, "scores": {"chrF": 55.1, "quality": 81.2}},
     "issues": [{"fingerprint": "3f0c...", "code": "TQ101", "severity": "warning",
                 "file": "article.en", "line": 3, "column": 34, "text": ". .", "message": "..."}]}

Only `fingerprint` (see `tqcheck.gating.fingerprints`) and `code` are used for matching; file,
line, column and message are there for people reading the file or its diff. The summary's
scores feed the regression gates (`max-chrf-drop`, ...).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from tqcheck.config import read_settings_text
from tqcheck.errors import ConfigError
from tqcheck.gating.locations import locate
from tqcheck.model import Issue, RunInfo, Segment, Summary
from tqcheck.readers.untrusted_json import JsonProblem, parse
from tqcheck.writers.records import summary_record

BASELINE_VERSION = 1


@dataclass(frozen=True)
class Baseline:
    """A loaded baseline: fingerprints of known issues (with their codes) and the stored scores."""

    codes: Mapping[str, str]  # fingerprint -> check code
    scores: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    by_family: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    segments: int = 0
    path: str = ""

    def __contains__(self, fingerprint: object) -> bool:
        return fingerprint in self.codes


def entry_record(issue: Issue, segment: Segment, fingerprint: str) -> dict[str, Any]:
    """One baseline entry: the fingerprint that matches, and where/what for people reading it."""
    position = locate(segment, issue.span)
    text = segment.text(issue.span.field) or ""
    return {
        "fingerprint": fingerprint,
        "code": issue.code,
        "severity": issue.severity.label,
        "file": position.path or issue.origin,
        "line": position.line,
        "column": position.column,
        "field": issue.span.field,
        "text": text[issue.span.start:issue.span.end],
        "message": issue.message,
    }


def baseline_record(info: RunInfo, summary: Summary, entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The whole baseline document for a run."""
    return {
        "baseline_version": BASELINE_VERSION,
        "tool": {"name": "tqcheck", "version": info.tool_version},
        "created": info.created,
        "inputs": list(info.inputs),
        "languages": {"source": info.src_lang, "target": info.tgt_lang},
        "checks_run": list(info.checks_run),
        "summary": {key: value for key, value in summary_record(summary, "never").items()
                    if key not in ("failed", "gate")},
        "issues": list(entries),
    }


def write_baseline(out: TextIO, record: Mapping[str, Any]) -> None:
    """Write a baseline document: one line per header key and per issue (small, readable diffs)."""
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in record.items() if key != "issues"]
    issues = ",\n    ".join(json.dumps(entry, ensure_ascii=False) for entry in record.get("issues", ()))
    lines.append('  "issues": [' + (f"\n    {issues}\n  " if issues else "") + "]")
    out.write("{\n" + ",\n".join(lines) + "\n}\n")


def load_baseline(path: Path) -> Baseline:
    """Read and validate a baseline file; anything wrong is one ConfigError line."""
    text = read_settings_text(path, "baseline")
    try:
        data = parse(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not a tqcheck baseline: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except JsonProblem as exc:
        raise ConfigError(f"{path}: not a tqcheck baseline: {exc}") from None
    return parse_baseline(data, str(path))


def parse_baseline(data: Any, origin: str) -> Baseline:
    """Validate a parsed baseline document."""
    if not isinstance(data, dict) or "baseline_version" not in data:
        raise ConfigError(f"{origin}: not a tqcheck baseline (no baseline_version; create one with "
                          "`tqcheck baseline create`)")
    version = data["baseline_version"]
    if version != BASELINE_VERSION:
        raise ConfigError(f"{origin}: unsupported baseline_version {version!r} (this tqcheck reads "
                          f"{BASELINE_VERSION}); re-create it with `tqcheck baseline create`")
    summary = data.get("summary", {})
    issues = data.get("issues")
    if not isinstance(summary, dict) or not isinstance(issues, list):
        raise ConfigError(f"{origin}: malformed baseline: summary must be an object and issues a list")
    codes: dict[str, str] = {}
    for number, entry in enumerate(issues, 1):
        if not (isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
                and isinstance(entry.get("code"), str)):
            raise ConfigError(f"{origin}: malformed baseline: issue {number} needs a fingerprint and a code")
        codes[entry["fingerprint"]] = entry["code"]
    scores = summary.get("scores", {})
    by_family = summary.get("by_family", {})
    if not (isinstance(scores, dict) and all(isinstance(value, (int, float)) for value in scores.values())):
        raise ConfigError(f"{origin}: malformed baseline: summary.scores must map metric names to numbers")
    if not (isinstance(by_family, dict) and all(isinstance(value, int) for value in by_family.values())):
        raise ConfigError(f"{origin}: malformed baseline: summary.by_family must map families to counts")
    segments = summary.get("segments", 0)
    return Baseline(codes=MappingProxyType(codes), scores=MappingProxyType({k: float(v) for k, v in scores.items()}),
                    by_family=MappingProxyType(dict(by_family)),
                    segments=segments if isinstance(segments, int) else 0, path=origin)
