"""`--format html`: one self-contained page for editors (no external requests, prints well).

Data first, as in coverage.py: the run is turned into the JSON-schema records (the same
dicts `--format json` writes, so `tqcheck report RESULT.json` renders the identical page),
then into view dataclasses for the overview (counts, chart bars, histogram bins) and a
compact JSON payload the page's script renders lazily, a page of segments at a time, so
a batch of 100k segments stays responsive. The template is jinja2 with autoescape and
StrictUndefined; no HTML is assembled in Python.

Offsets: tqcheck's spans are code points, JavaScript strings are UTF-16. The payload
carries both, UTF-16 offsets computed here, so the page never has to convert.

Review: each issue in the payload carries its fingerprint (`tqcheck.gating.fingerprints`, the
value SARIF and GitLab reports carry and `[[suppress]] fingerprint = ...` matches), and the
payload carries a key for the run, under which the page keeps a reader's "false positive" and
"reviewed" marks in the browser's localStorage; "Export suppressions" writes the marked
false positives as a `--suppressions` file.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TextIO

from tqcheck.gating.fingerprints import fingerprint, normalise_text, parts_digest
from tqcheck.model import FAMILIES, KNOWN_MARK, DocumentResult, RunInfo, Summary
from tqcheck.writers.records import (
    document_record,
    issue_record,
    run_record,
    segment_record,
    summary_record,
)

TEMPLATES = Path(__file__).with_name("templates")
FIELDS = ("source", "target", "reference", "backtranslation")
FIELD_LABELS = {"source": "Source", "target": "MT", "reference": "Reference", "backtranslation": "Back-translation"}
SEVERITIES = ("error", "warning", "info")
CHART_WIDTH = 420
BAR_HEIGHT = 22
LABEL_WIDTH = 130
WORST_DOCUMENTS = 10


@dataclass(frozen=True, slots=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the issues-per-family chart, in SVG user units."""

    family: str
    count: int
    y: int
    width: int


@dataclass(frozen=True, slots=True)
class Bin:
    """One column of the per-segment quality histogram."""

    label: str
    count: int
    x: int
    height: int


@dataclass(frozen=True, slots=True)
class DocRow:
    doc_id: str
    segments: int
    issues: int
    quality: str


@dataclass(frozen=True, slots=True)
class PageHeader:
    """What every tqcheck page opens with (`templates/_head.html.j2`): its title, the run it shows, its style."""

    title: str
    created: str
    tool_version: str
    inputs: tuple[str, ...]
    src_lang: str
    tgt_lang: str
    segments: int
    css: str
    scripts: bool  # the page runs inline scripts: its Content-Security-Policy allows them


def page_header(record: Mapping[str, Any], title: str, segments: int, css: str, *, scripts: bool) -> PageHeader:
    """The header of a page showing `record` (a check, score or compare result)."""
    languages = record.get("languages") or {}
    return PageHeader(title=title, created=str(record.get("created") or ""),
                      tool_version=str((record.get("tool") or {}).get("version") or ""),
                      inputs=tuple(str(path) for path in record.get("inputs") or ()),
                      src_lang=str(languages.get("source") or "?"), tgt_lang=str(languages.get("target") or "?"),
                      segments=segments, css=css, scripts=scripts)


@dataclass(frozen=True, slots=True)
class Overview:
    documents: int
    issues: int
    fail_on: str
    failed: bool
    scores: tuple[tuple[str, str], ...]
    severities: tuple[Count, ...]
    families: tuple[Count, ...]
    bars: tuple[Bar, ...]
    chart_height: int
    bins: tuple[Bin, ...]
    worst: tuple[DocRow, ...]


@dataclass(frozen=True, slots=True)
class Page:
    head: PageHeader
    overview: Overview
    columns: tuple[tuple[str, str], ...]
    codes: tuple[tuple[str, str], ...]
    doc_ids: tuple[str, ...]
    payload: str
    js: str


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    """The writer protocol: collect the run into its JSON records and render the page."""
    record = run_record(info)
    segments: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    issues: list[dict[str, Any]] = []
    for result in results:
        segments.extend(segment_record(segment, result.scores.get(segment.id)) for segment in result.segments)
        documents.append(document_record(result))
        issues.extend(issue_record(issue) for issue in result.issues)
    record.update(segments=segments, documents=documents, issues=issues,
                  summary=summary_record(summary(), info.fail_on))
    out.write(render_page(record))


def load_result(path: Path) -> dict[str, Any]:
    """Read a `tqcheck check -f json` result's records (the one loader: `tqcheck.readers.report_json`)."""
    from tqcheck.readers.report_json import load_record

    return load_record(path)


def render_page(record: Mapping[str, Any]) -> str:
    """The HTML page for one result record (the `--format json` document as a dict)."""
    template = _environment().get_template("report.html.j2")
    return str(template.render(page=build_page(record)))


def build_page(record: Mapping[str, Any]) -> Page:
    segments: list[Mapping[str, Any]] = record["segments"]
    issues: list[Mapping[str, Any]] = record["issues"]
    summary: Mapping[str, Any] = record["summary"]
    doc_ids: list[str] = []
    doc_index: dict[str, int] = {}
    for segment in segments:
        doc = _doc_key(segment.get("doc_id"))
        if doc not in doc_index:
            doc_index[doc] = len(doc_ids)
            doc_ids.append(doc)
    documents = _documents(record, doc_ids, issues)
    columns = tuple((name, FIELD_LABELS[name]) for name in FIELDS
                    if name == "target" or any(segment.get(name) is not None for segment in segments))
    checks = _checks(issues)
    payload = _payload(record, segments, issues, doc_ids, doc_index, documents, checks, columns)
    inputs = record.get("inputs") or ()
    head = page_header(record, f"tqcheck report: {str(inputs[0])}" if inputs else "tqcheck report",
                       int(summary.get("segments") or len(segments)), _static("report.css"), scripts=True)
    return Page(
        head=head,
        overview=_overview(record, summary, documents, segments),
        columns=columns,
        codes=tuple((code, checks[code][0]) for code in sorted(checks)),
        doc_ids=tuple(doc_ids),
        payload=payload,
        js=_static("spans.js") + "\n" + _static("report.js"),
    )


def embed_json(value: object) -> str:
    """JSON safe inside `<script type="application/json">`: no `<`, `>` or `&` survives literally."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 offset (what JavaScript indexes by) of code-point `index` in `text`.

    Each character beyond the BMP counts twice. Their positions are found once per text (cached),
    so a long line with thousands of spans costs a binary search per span, not a scan.
    """
    return index + bisect_left(_astral_positions(text), index)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@lru_cache(maxsize=64)
def _astral_positions(text: str) -> tuple[int, ...]:
    return tuple(match.start() for match in _ASTRAL.finditer(text))


def _doc_key(doc_id: object) -> str:
    return "" if doc_id is None else str(doc_id)


def _quality(scores: object) -> float | None:
    if isinstance(scores, Mapping):
        value = scores.get("quality")
        if isinstance(value, (int, float)):
            return float(value)
    return None


def _documents(record: Mapping[str, Any], doc_ids: Sequence[str],
               issues: Sequence[Mapping[str, Any]]) -> list[DocRow]:
    # A document longer than the runner's window (`tqcheck.limits.MAX_DOCUMENT_SEGMENTS`), such as a
    # line-aligned file checked without --docs, is recorded once per window; the page shows it once.
    windows: dict[str, list[Mapping[str, Any]]] = {}
    for doc in record.get("documents") or ():
        windows.setdefault(_doc_key(doc.get("doc_id")), []).append(doc)
    counts: dict[str, int] = {}
    for issue in issues:
        key = _doc_key(issue.get("doc_id"))
        counts[key] = counts.get(key, 0) + 1
    sizes: dict[str, int] = {}
    for segment in record["segments"]:
        key = _doc_key(segment.get("doc_id"))
        sizes[key] = sizes.get(key, 0) + 1
    rows = []
    for doc in doc_ids:
        quality = _document_quality(windows.get(doc, ()))
        rows.append(DocRow(doc_id=doc, segments=sizes.get(doc, 0), issues=counts.get(doc, 0),
                           quality="" if quality is None else f"{quality:.1f}"))
    return rows


def _document_quality(windows: Sequence[Mapping[str, Any]]) -> float | None:
    """A document's quality from its window records: their mean qualities, weighted by window size."""
    scored = [(quality, int(window.get("segments") or 0)) for window in windows
              if (quality := _quality(window.get("scores"))) is not None]
    if not scored:
        return None
    if len(scored) == 1:
        return scored[0][0]
    size = sum(count for _, count in scored)
    if not size:
        return sum(quality for quality, _ in scored) / len(scored)
    return sum(quality * count for quality, count in scored) / size


def _fingerprints(segments: Sequence[Mapping[str, Any]], issues: Sequence[Mapping[str, Any]],
                  position: Mapping[tuple[str, str], int]) -> list[str]:
    """Each issue's fingerprint, in record order: the values SARIF, GitLab and baselines give them.

    As in `tqcheck.writers.ci.Fingerprints`, repeats are counted over the issues in the report; an
    issue whose segment is missing is fingerprinted from its code and field alone. A run that hid
    issues (suppressed, or known with --baseline) counted them too, so there the second of two
    identical findings in identical text may carry a different occurrence index than here.
    """
    seen: Counter[str] = Counter()
    prints = []
    for issue in issues:
        found = position.get((_doc_key(issue.get("doc_id")), str(issue["segment_id"])))
        field = str(issue.get("field") or "target")
        text = str((segments[found].get(field) if found is not None else None) or "")
        parts = (str(issue["code"]), field, normalise_text(text),
                 normalise_text(text[int(issue["start"]):int(issue["end"])]))
        digest = parts_digest(parts)
        prints.append(fingerprint(parts, seen[digest]))
        seen[digest] += 1
    return prints


def _run_key(record: Mapping[str, Any], prints: Sequence[str]) -> str:
    """What the page keys its review marks by: the run (when, which inputs) and what it found."""
    identity = json.dumps([record.get("created"), (record.get("tool") or {}).get("version"),
                           [str(path) for path in record.get("inputs") or ()], list(prints)],
                          ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]


def _checks(issues: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, str, str]]:
    """code -> (name, family, summary) for every code in the issues; summaries from the registry."""
    from tqcheck.checks.registry import all_checks

    registry = {info.code: info for info in all_checks()}
    checks: dict[str, tuple[str, str, str]] = {}
    for issue in issues:
        code = str(issue["code"])
        if code not in checks:
            info = registry.get(code)
            checks[code] = (str(issue.get("name") or (info.name if info else code)),
                            str(issue.get("family") or (info.family if info else "")),
                            info.summary if info else "")
    return checks


def _payload(record: Mapping[str, Any], segments: Sequence[Mapping[str, Any]],
             issues: Sequence[Mapping[str, Any]], doc_ids: Sequence[str], doc_index: Mapping[str, int],
             documents: Sequence[DocRow], checks: Mapping[str, tuple[str, str, str]],
             columns: Sequence[tuple[str, str]]) -> str:
    """The compact data the script renders: arrays, not objects, to keep 100k segments small."""
    position: dict[tuple[str, str], int] = {}
    rows: list[list[object]] = []
    for index, segment in enumerate(segments):
        doc = _doc_key(segment.get("doc_id"))
        position[(doc, str(segment["id"]))] = index
        quality = _quality(segment.get("scores"))
        rows.append([doc_index[doc], str(segment["id"]), segment.get("line"),
                     *(segment.get(name) for name in FIELDS),
                     None if quality is None else round(quality, 1)])
    prints = _fingerprints(segments, issues, position)
    marks: list[list[object]] = []
    for issue, print_ in zip(issues, prints):
        found = position.get((_doc_key(issue.get("doc_id")), str(issue["segment_id"])))
        if found is None:
            continue
        field = str(issue.get("field") or "target")
        text = segments[found].get(field) or ""
        start, end = int(issue["start"]), int(issue["end"])
        marks.append([found, FIELDS.index(field) if field in FIELDS else 1,
                      utf16_offset(text, start), utf16_offset(text, end), str(issue["code"]),
                      SEVERITIES.index(str(issue["severity"])) if issue["severity"] in SEVERITIES else 2,
                      _shown_message(issue), issue.get("suggestion"), start, end, print_])
    languages = record.get("languages") or {}
    return embed_json({
        "run": _run_key(record, prints),
        "inputs": [str(path) for path in record.get("inputs") or ()],
        "created": str(record.get("created") or ""),
        "fields": list(FIELDS),
        "columns": [name for name, _ in columns],
        "labels": FIELD_LABELS,
        "lang": {"source": languages.get("source"), "target": languages.get("target")},
        "docs": [[row.doc_id, row.segments, row.issues, float(row.quality) if row.quality else None]
                 for row in documents],
        "segs": rows,
        "issues": marks,
        "checks": {code: list(value) for code, value in checks.items()},
        "severities": list(SEVERITIES),
    })


def _shown_message(issue: Mapping[str, Any]) -> str:
    """The issue's message as the page shows it: a known (baseline) issue is marked."""
    message = str(issue.get("message") or "")
    return message + KNOWN_MARK if issue.get("status") == "known" else message


def _overview(record: Mapping[str, Any], summary: Mapping[str, Any], documents: Sequence[DocRow],
              segments: Sequence[Mapping[str, Any]]) -> Overview:
    by_family: Mapping[str, int] = summary.get("by_family") or {}
    families = [family for family in FAMILIES if by_family.get(family)]
    families += sorted(family for family in by_family if family not in FAMILIES and by_family[family])
    most = max((by_family[family] for family in families), default=0)
    bars = tuple(Bar(family=family, count=by_family[family], y=index * (BAR_HEIGHT + 6),
                     width=max(2, round(by_family[family] / most * (CHART_WIDTH - LABEL_WIDTH - 40))))
                 for index, family in enumerate(families))
    qualities = [q for q in (_quality(segment.get("scores")) for segment in segments) if q is not None]
    bins: tuple[Bin, ...] = ()
    if qualities:
        counts = [0] * 10
        for value in qualities:
            counts[min(9, max(0, int(value // 10)))] += 1
        tallest = max(counts)
        bins = tuple(Bin(label=f"{n * 10}–{n * 10 + 10}", count=count, x=n * 40,
                         height=round(count / tallest * 84) if count else 0)
                     for n, count in enumerate(counts))
    scored = [row for row in documents if row.quality]
    worst = tuple(sorted(scored, key=lambda row: (float(row.quality), -row.issues))[:WORST_DOCUMENTS])
    if not worst:
        worst = tuple(sorted((row for row in documents if row.issues), key=lambda row: -row.issues)
                      [:WORST_DOCUMENTS])
    by_severity: Mapping[str, int] = summary.get("by_severity") or {}
    scores = tuple((name, f"{value:.2f}") for name, value in (summary.get("scores") or {}).items()
                   if isinstance(value, (int, float)))
    return Overview(
        documents=len(documents) if documents else int(summary.get("documents") or 0),
        issues=int(summary.get("issues") or sum(by_severity.values())),
        fail_on=str(record.get("fail_on") or "error"),
        failed=bool(summary.get("failed")),
        scores=scores,
        severities=tuple(Count(label, int(by_severity.get(label, 0))) for label in SEVERITIES),
        families=tuple(Count(bar.family, bar.count) for bar in bars),
        bars=bars,
        chart_height=max(1, len(bars)) * (BAR_HEIGHT + 6),
        bins=bins,
        worst=worst,
    )


@cache
def _static(name: str) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</" in text.replace("<\\/", ""):  # would close the inline <style>/<script> element
        raise AssertionError(f"{name} must not contain '</'")
    return text


@lru_cache(maxsize=1)
def _environment():  # type: ignore[no-untyped-def]
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True)
