"""Every writer renders the shared fixture report; outputs are golden files (syrupy).

Update goldens with `pytest --snapshot-update` and review the diff before committing.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from tests.writers import fixture_report
from tqcheck.errors import InputError
from tqcheck.writers import get_writer, open_output, terminal


class TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT


@pytest.fixture
def golden(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(TextSnapshot)


def render(name: str) -> str:
    out = io.StringIO()
    get_writer(name)(out, fixture_report.INFO, iter(fixture_report.RESULTS), fixture_report.summary)
    return out.getvalue()


def test_json_golden(golden) -> None:  # type: ignore[no-untyped-def]
    assert render("json") == golden


def test_jsonl_golden(golden) -> None:  # type: ignore[no-untyped-def]
    assert render("jsonl") == golden


def test_terminal_plain_golden(golden) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    terminal.render(out, fixture_report.INFO, iter(fixture_report.RESULTS), fixture_report.summary,
                    color=False, width=100)
    assert out.getvalue() == golden


def test_json_schema_fields() -> None:
    data = json.loads(render("json"))
    assert data["schema_version"] == 1
    assert set(data["segments"][0]) >= {"id", "doc_id", "line", "source", "target", "reference", "backtranslation"}
    assert set(data["issues"][0]) >= {"code", "name", "family", "severity", "segment_id", "line", "start", "end",
                                      "field", "message", "suggestion"}
    assert data["summary"]["by_severity"] == {"error": 2, "warning": 2, "info": 1}
    assert data["summary"]["failed"] is True
    assert data["checks_run"] == list(fixture_report.INFO.checks_run)
    for issue in data["issues"]:
        segment = next(s for s in data["segments"] if s["id"] == issue["segment_id"])
        assert 0 <= issue["start"] < issue["end"] <= len(segment[issue["field"]])


def test_jsonl_nests_issues_per_segment() -> None:
    records = [json.loads(line) for line in render("jsonl").splitlines()]
    assert [len(r["issues"]) for r in records[:-1]] == [2, 1, 1, 1]
    assert records[-1]["record"] == "run" and records[-1]["summary"]["issues"] == 5  # how the run ended


def test_report_reads_a_jsonl_result_as_it_reads_json(tmp_path: Path) -> None:
    """`tqcheck report result.jsonl` rebuilds the same run as from the JSON report."""
    from tqcheck.readers.report_json import load_report

    jsonl, whole = tmp_path / "r.jsonl", tmp_path / "r.json"
    jsonl.write_text(render("jsonl"), encoding="utf-8")
    whole.write_text(render("json"), encoding="utf-8")
    assert load_report(jsonl) == load_report(whole)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(render("jsonl").splitlines(keepends=True)[:-1]), encoding="utf-8")
    with pytest.raises(InputError, match="no run record at the end"):
        load_report(cut)


def test_json_with_no_issues_is_valid() -> None:
    out = io.StringIO()
    result = fixture_report.RESULTS[0]
    empty = type(result)(doc_id="x", segments=result.segments, issues=())
    get_writer("json")(out, fixture_report.INFO, iter([empty]), fixture_report.summary)
    assert json.loads(out.getvalue())["issues"] == []


def test_terminal_never_emits_raw_escape_sequences() -> None:
    out = io.StringIO()
    terminal.render(out, fixture_report.INFO, iter(fixture_report.RESULTS), fixture_report.summary,
                    color=False, width=100)
    assert "\x1b" not in out.getvalue()
    assert "\u241b[31mescape" in out.getvalue()


def test_terminal_color_marks_spans() -> None:
    out = io.StringIO()
    terminal.render(out, fixture_report.INFO, iter(fixture_report.RESULTS), fixture_report.summary,
                    color=True, width=100)
    assert "\x1b[" in out.getvalue()  # styled
    assert "\x1b[31mescape" not in out.getvalue()  # but the input's own escapes are neutralised


def test_open_output_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with open_output(str(target)) as out:
            out.write("half")
            raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]
    with open_output(str(target)) as out:
        out.write("new")
    assert target.read_text(encoding="utf-8") == "new"


def test_open_output_refuses_to_overwrite_inputs(tmp_path: Path) -> None:
    source = tmp_path / "mt.en"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="refusing to overwrite an input"):
        with open_output(str(source), protect=[source]):
            pass
    assert source.read_text(encoding="utf-8") == "x"


def test_open_output_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="output directory does not exist"):
        with open_output(str(tmp_path / "nope" / "r.json")):
            pass
