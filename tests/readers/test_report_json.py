"""`tqcheck.readers.report_json`: a `--format json` report read back is the run that wrote it."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.writers import fixture_report
from tqcheck.errors import InputError
from tqcheck.model import DocumentResult, GateFailure, Report, Verdict
from tqcheck.readers import read_segments
from tqcheck.readers.report_json import load_record, load_report
from tqcheck.writers import get_writer


def _write(report: Report, path: Path) -> Path:
    out = io.StringIO()
    get_writer("json")(out, report.info, iter(report.documents), lambda: report.summary)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _record(tmp_path: Path) -> dict[str, Any]:
    return json.loads(_write(fixture_report.report(), tmp_path / "r.json").read_text(encoding="utf-8"))


def test_the_fixture_report_round_trips(tmp_path: Path) -> None:
    original = fixture_report.report()
    loaded = load_report(_write(original, tmp_path / "r.json"))
    assert loaded.info == original.info
    assert loaded.summary == original.summary
    assert loaded.documents == original.documents  # segments, issues (origin included), scores, doc scores


def test_the_gate_record_round_trips(tmp_path: Path) -> None:
    """`summary.gate` (baseline, suppressions, gates) decides `failed`; it comes back as written."""
    original = fixture_report.report()
    verdict = Verdict(new=1, known=4, fixed=0, suppressed=0, expired_suppressions=("TQ101 in a.en",),
                      failures=(GateFailure("max-new-issues", 1, 0, "1 new issue"),))
    issues = tuple(replace(issue, status="new") for issue in original.documents[0].issues)
    documents = (replace(original.documents[0], issues=issues), *original.documents[1:])
    gated = replace(original, documents=documents, summary=replace(original.summary, verdict=verdict))
    path = _write(gated, tmp_path / "r.json")
    assert json.loads(path.read_text(encoding="utf-8"))["summary"]["failed"] is True
    loaded = load_report(path)
    assert loaded.summary == gated.summary and loaded.documents == gated.documents
    again = _write(load_report(path), tmp_path / "again.json")
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_segment_anchors_round_trip(tmp_path: Path) -> None:
    path = ROOT / "corpora" / "pipeline" / "article.en-fr.xlf"
    if not path.is_file():
        pytest.skip(f"{path} is not in this checkout")
    segments = tuple(read_segments(path))
    assert any(segment.anchors for segment in segments)
    report = Report(info=fixture_report.INFO,
                    documents=(DocumentResult(doc_id=segments[0].doc_id, segments=segments, issues=()),),
                    summary=fixture_report.summary())
    loaded = load_report(_write(report, tmp_path / "r.json"))
    # Per-segment languages are not in the records (no writer uses them); everything else is.
    assert loaded.documents[0].segments == tuple(replace(s, src_lang=None, tgt_lang=None) for s in segments)


def test_optional_fields_may_be_absent(tmp_path: Path) -> None:
    """Files from releases before `origin`/`anchors` were written load; issues then have no origin."""
    record = _record(tmp_path)
    for segment in record["segments"]:
        del segment["origin"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    report = load_report(path)
    assert all(segment.origin is None and not segment.anchors for segment in report.segments)
    assert all(issue.origin is None for issue in report.issues)


def test_documents_are_split_by_their_counts(tmp_path: Path) -> None:
    report = load_report(_write(fixture_report.report(), tmp_path / "r.json"))
    assert [(d.doc_id, len(d.segments), len(d.issues)) for d in report.documents] == [("news-1", 2, 3),
                                                                                      ("news-2", 2, 2)]


def _broken(tmp_path: Path, change: str) -> Path:
    record = _record(tmp_path)
    if change == "target":
        record["segments"][1]["target"] = None
    elif change == "severity":
        record["issues"][0]["severity"] = "fatal"
    elif change == "counts":
        record["documents"][0]["segments"] = 3
    elif change == "segment_id":
        record["issues"][0]["segment_id"] = "3"
    elif change == "anchor":
        record["segments"][0]["anchors"] = {"target": {"path": "x.xlf", "points": [[0, 1]]}}
    elif change == "span":
        record["issues"][0]["end"] = 1
    elif change == "score":
        record["summary"]["scores"] = {"quality": "high"}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    ("target", "segments[1].target: expected a string, got null"),
    ("severity", "issues[0].severity: unknown severity 'fatal'"),
    ("counts", "documents"),
    ("segment_id", "issues[0]: segment_id '3' is not a segment of its document"),
    ("anchor", "segments[0].anchors['target'].points[0]: expected [offset, line, column] integers"),
    ("span", "issues[0]: bad span 12..1"),
    ("score", "summary.scores['quality']: expected a number, got a string"),
])
def test_malformed_records_name_the_file_and_the_value(tmp_path: Path, change: str, message: str) -> None:
    path = _broken(tmp_path, change)
    with pytest.raises(InputError) as error:
        load_report(path)
    text = str(error.value)
    assert text.startswith(f"{path}: malformed report: ") and message in text and "\n" not in text


@pytest.mark.parametrize("content, message", [
    ("", "not a JSON document"),
    ("\xff", None),
    ('"just a string"', "not a tqcheck JSON report"),
    ('{"schema_version": "1"}', "unsupported schema_version '1'"),
    ('{"schema_version": true}', "unsupported schema_version True"),
    ('{"schema_version": 1, "segments": [], "issues": {}, "summary": {}}', "'issues' missing or not a list"),
    ('{"schema_version": 1, "corpus": [], "segments": []}', "a tqcheck score result, not a check result"),
])
def test_not_a_report(tmp_path: Path, content: str, message: str | None) -> None:
    path = tmp_path / "r.json"
    if content == "\xff":
        path.write_bytes(b"\xff\xfe{}")
        message = "cannot read the report"
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_record(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_report(tmp_path / "missing.json")
    with pytest.raises(InputError, match="is a directory"):
        load_report(tmp_path)
