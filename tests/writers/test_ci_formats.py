"""The CI writers (SARIF, JUnit, GitHub, GitLab, Markdown) on the shared fixture report, plus hostile text.

Goldens are syrupy single-file snapshots; update with `pytest --snapshot-update` and review the diff.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from tests.conftest import SHARED
from tests.writers import fixture_report
from tqcheck.model import Anchor, DocumentResult, Issue, RunInfo, Segment, Severity, Span, Summary
from tqcheck.run.runner import Tally
from tqcheck.writers import WRITER_NAMES, get_writer

CI_FORMATS = ("sarif", "junit", "github", "gitlab", "markdown")
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
HOSTILE = 'a | b `x` <script>alert(1)</script> @octocat $x$ 100% 1:2,3\r\n::error file=evil::pwned **bold** [l](u)'


def _extension(suffix: str) -> type[SingleFileSnapshotExtension]:
    """A text snapshot saved with the format's own suffix, so each golden opens in the right viewer."""
    return type(f"{suffix.title()}Snapshot", (SingleFileSnapshotExtension,),
                {"_write_mode": WriteMode.TEXT, "file_extension": suffix})


def render(name: str, results: Sequence[DocumentResult] = fixture_report.RESULTS,
           info: RunInfo = fixture_report.INFO) -> str:
    tally = Tally()
    out = io.StringIO()
    get_writer(name)(out, info, tally.watch(results), tally.summary if results is not fixture_report.RESULTS
                     else fixture_report.summary)
    return out.getvalue()


def issue(segment: Segment, start: int, end: int, *, code: str = "TQ101", severity: Severity = Severity.WARNING,
          message: str = "Doubled punctuation", field: str = "target", suggestion: str | None = None) -> Issue:
    return Issue(code=code, name="doubled-punctuation", family="punctuation", severity=severity,
                 segment_id=segment.id, doc_id=segment.doc_id, line=segment.line,
                 span=Span(start, end, field), message=message, suggestion=suggestion,  # type: ignore[arg-type]
                 origin=segment.origin)


def document(segments: Sequence[Segment], issues: Sequence[Issue], doc_id: str | None = "d1") -> DocumentResult:
    return DocumentResult(doc_id=doc_id, segments=tuple(segments), issues=tuple(issues))


def sarif_results(text: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = json.loads(text)["runs"][0]["results"]
    return results


# --- goldens ---------------------------------------------------------------------------------------------------

def test_sarif_golden(snapshot) -> None:  # type: ignore[no-untyped-def]
    assert render("sarif") == snapshot.use_extension(_extension("sarif"))


def test_junit_golden(snapshot) -> None:  # type: ignore[no-untyped-def]
    assert render("junit") == snapshot.use_extension(_extension("xml"))


def test_github_golden(snapshot) -> None:  # type: ignore[no-untyped-def]
    assert render("github") == snapshot.use_extension(_extension("txt"))


def test_gitlab_golden(snapshot) -> None:  # type: ignore[no-untyped-def]
    assert render("gitlab") == snapshot.use_extension(_extension("json"))


def test_markdown_golden(snapshot) -> None:  # type: ignore[no-untyped-def]
    assert render("markdown") == snapshot.use_extension(_extension("md"))


def test_registered_and_documented_in_help() -> None:
    from tqcheck.cli.options import FormatOpt

    help_text = FormatOpt.__metadata__[0].help  # type: ignore[attr-defined]
    for name in CI_FORMATS:
        assert name in WRITER_NAMES
        assert name in help_text


# --- SARIF -----------------------------------------------------------------------------------------------------

def _validate_sarif(text: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip("the SARIF schema (../shared/schemas) is not available")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(json.loads(text))


def test_sarif_validates_against_the_official_schema() -> None:
    _validate_sarif(render("sarif"))


def test_sarif_hostile_and_fallback_report_validates() -> None:
    segment = Segment(id="1", target=HOSTILE, source="x", doc_id=None, line=7, origin="/abs/path/mt en.txt")
    results = [document([segment], [issue(segment, 0, 3, message=HOSTILE, suggestion=""),
                                    issue(segment, 0, 1, field="source")], doc_id=None)]
    _validate_sarif(render("sarif", results))


def test_sarif_rules_results_and_regions() -> None:
    run = json.loads(render("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(fixture_report.INFO.checks_run)
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["informationUri"].startswith("https://")
    doubled = rules[0]
    assert doubled["name"] == "doubled-punctuation"
    assert doubled["defaultConfiguration"]["level"] == "warning"
    assert "## Why is this bad?" in doubled["help"]["markdown"]
    assert doubled["properties"]["family"] == "punctuation"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    galanat = run["results"][0]
    assert galanat["level"] == "error"
    region = galanat["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (1, 13, 1, 20)
    assert region["snippet"]["text"] == "Galanat"
    assert galanat["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "Gallant"
    assert [r["level"] for r in run["results"]] == ["error", "warning", "warning", "error", "note"]
    assert run["invocations"][0]["exitCode"] == 1
    assert run["artifacts"][0]["location"]["uri"] == "mt.en"


def test_sarif_columns_count_code_points_not_utf16() -> None:
    segment = Segment(id="1", target="😀😀 a. .", doc_id="d", line=2, origin="mt.en")
    results = sarif_results(render("sarif", [document([segment], [issue(segment, 4, 7)])]))
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"], region["snippet"]["text"]) == (5, 8, ". .")


def test_sarif_uses_anchors_to_point_into_the_original_file() -> None:
    anchor = Anchor(path="messages.xlf", points=((0, 12, 15),))
    segment = Segment(id="u1", target="Hello, , world", doc_id="d", line=12, origin="messages.xlf",
                      anchors={"target": anchor})
    results = sarif_results(render("sarif", [document([segment], [issue(segment, 5, 8)])]))
    physical = results[0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "messages.xlf"
    assert (physical["region"]["startLine"], physical["region"]["startColumn"]) == (12, 20)


def test_sarif_snippet_and_fix_only_where_the_file_holds_the_flagged_text() -> None:
    """An inline tag read as a placeholder: the region covers the tag in the file, whose text differs."""
    anchor = Anchor(path="ui.xlf", points=((0, 5, 10), (3, 5, 13), (9, 5, 13 + len('<ph id="1"/>'))))
    segment = Segment(id="u1", target="Go <ph1/> now", doc_id="d", line=5, origin="ui.xlf", anchors={"target": anchor})
    results = sarif_results(render("sarif", [document([segment], [issue(segment, 3, 9, suggestion="")])]))
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (13, 25)  # the whole tag in the file
    assert "snippet" not in region and "fixes" not in results[0]


# --- fingerprints ----------------------------------------------------------------------------------------------

def _shifted(results: Sequence[DocumentResult], by: int) -> list[DocumentResult]:
    """The same documents, every line `by` further down the file and with new segment ids."""
    shifted = []
    for result in results:
        segments = tuple(replace(s, id=f"x{s.id}", line=(s.line or 0) + by) for s in result.segments)
        issues = tuple(replace(i, segment_id=f"x{i.segment_id}", line=(i.line or 0) + by) for i in result.issues)
        shifted.append(replace(result, segments=segments, issues=issues))
    return shifted


def _fingerprints(name: str, results: Sequence[DocumentResult]) -> list[str]:
    if name == "sarif":
        return [r["partialFingerprints"]["tqcheck/v1"] for r in sarif_results(render(name, results))]
    return [record["fingerprint"] for record in json.loads(render(name, results))]


@pytest.mark.parametrize("name", ["sarif", "gitlab"])
def test_fingerprints_survive_lines_inserted_above(name: str) -> None:
    before = _fingerprints(name, fixture_report.RESULTS)
    after = _fingerprints(name, _shifted(fixture_report.RESULTS, 5))
    assert before == after
    assert len(set(before)) == len(before)


def test_ci_fingerprints_are_the_baseline_fingerprints() -> None:
    from tqcheck.gating.fingerprints import Fingerprinter

    assign = Fingerprinter()
    expected = [assign(i, next(s for s in r.segments if s.id == i.segment_id))
                for r in fixture_report.RESULTS for i in r.issues]
    assert _fingerprints("sarif", fixture_report.RESULTS) == expected == _fingerprints("gitlab", fixture_report.RESULTS)


def test_fingerprints_tell_identical_issues_apart_and_follow_edits() -> None:
    one = Segment(id="1", target="Share your opinion", doc_id="d", line=1, origin="mt.en")
    two = replace(one, id="2", line=2)
    same = _fingerprints("gitlab", [document([one, two], [issue(one, 0, 5), issue(two, 0, 5)])])
    assert len(set(same)) == 2
    edited = replace(one, target="Share your opinions")
    assert _fingerprints("gitlab", [document([edited], [issue(edited, 0, 5)])])[0] != same[0]


# --- location fallback -----------------------------------------------------------------------------------------

def test_source_issue_in_line_aligned_input_falls_back_to_the_target_line() -> None:
    segment = Segment(id="3", target="Fine.", source="Quelle. .", doc_id="d", line=3, origin="mt.en")
    results = [document([segment], [issue(segment, 6, 9, field="source", message="Doubled")])]
    github = render("github", results).splitlines()[0]
    assert github.startswith("::warning file=mt.en,line=3,title=TQ101 doubled-punctuation::")
    assert "col=" not in github and "in the source" in github
    sarif = sarif_results(render("sarif", results))[0]
    assert sarif["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}
    assert "in the source" in sarif["message"]["text"]
    assert "fixes" not in sarif
    assert json.loads(render("gitlab", results))[0]["location"] == {"path": "mt.en", "lines": {"begin": 3}}


def test_absolute_paths_under_the_working_directory_become_relative(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    segment = Segment(id="1", target="a. .", doc_id="d", line=1, origin=str(tmp_path / "sub" / "mt.en"))
    results = [document([segment], [issue(segment, 1, 4)])]
    assert json.loads(render("gitlab", results))[0]["location"]["path"] == "sub/mt.en"
    assert "file=sub/mt.en," in render("github", results)


# --- JUnit -----------------------------------------------------------------------------------------------------

def test_junit_parses_back_with_counts_and_failures() -> None:
    root = ET.fromstring(render("junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["mt.en"]
    cases = suites[0].findall("testcase")
    assert [(case.get("classname"), case.get("name")) for case in cases] == [("mt.en", "news-1"), ("mt.en", "news-2")]
    assert suites[0].get("tests") == "2" and suites[0].get("failures") == "2"
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "TQ401"
    assert "mt.en:1:13 TQ401" in (failure.text or "")
    assert "mt.en:1:34 TQ101" in (cases[0].findtext("system-out") or "")
    assert "U+001B" in (cases[1].findtext("system-out") or "")


@pytest.mark.parametrize(("fail_on", "failing_cases"), [("warning", 2), ("info", 2), ("never", 0)])
def test_junit_follows_fail_on(fail_on: str, failing_cases: int) -> None:
    root = ET.fromstring(render("junit", info=replace(fixture_report.INFO, fail_on=fail_on)))
    assert root.get("failures") == str(failing_cases)
    warning_case = root.find("testsuite/testcase[@name='news-1']")
    assert warning_case is not None
    failure = warning_case.find("failure")
    if fail_on == "never":
        assert failure is None and "TQ401" in (warning_case.findtext("system-out") or "")
    else:
        assert failure is not None and failure.get("type") == "TQ401,TQ101,TQ201"


def test_junit_one_suite_per_file_one_case_per_document_and_xml_safe_text() -> None:
    a1 = Segment(id="1", target="x\x00y\x1b", doc_id="doc-a", line=1, origin="a.txt")
    a2 = replace(a1, id="2", line=2)
    b1 = Segment(id="1", target="z", doc_id=None, line=1, origin="b.txt")
    results = [document([a1], [issue(a1, 0, 2, severity=Severity.ERROR, message="bad \x00 \x1b")], "doc-a"),
               document([a2], [], "doc-a"),  # a long document's second window: still one test case
               document([b1], [], None)]
    root = ET.fromstring(render("junit", results))
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in root.findall("testsuite")] == [
        ("a.txt", "1", "1"), ("b.txt", "1", "0")]
    assert "bad \\x00 \\x1b" in (root.findtext("testsuite/testcase/failure") or "")
    assert root.find("testsuite[@name='b.txt']/testcase").get("name") == "b.txt"  # type: ignore[union-attr]


# --- GitHub ----------------------------------------------------------------------------------------------------

def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_escapes_hostile_text_into_one_command_per_issue() -> None:
    segment = Segment(id="1", target="x", doc_id="d", line=4, origin="dir,1/mt:2.en")
    results = [document([segment], [issue(segment, 0, 1, message=HOSTILE, code="TQ101")])]
    lines = render("github", results).splitlines()
    assert len(lines) == 2 and lines[1].startswith("tqcheck: 1 issue ")
    command = lines[0]
    assert command.startswith("::warning file=dir%2C1/mt%3A2.en,line=4,col=1,endLine=4,endColumn=2,")
    head, _, message = command.partition("::")[2].partition("::")
    assert "\r" not in command and "\n" not in command
    assert _unescape(message) == HOSTILE
    assert "100%25" in message and "%0D%0A::error" in message
    assert dict(part.split("=", 1) for part in head.split(" ", 1)[1].split(","))["title"] == "TQ101 doubled-punctuation"


def test_github_neutralises_control_characters_and_escapes_titles() -> None:
    segment = Segment(id="1", target="x", doc_id="d", line=1, origin="mt.en")
    hostile = replace(issue(segment, 0, 1, message="\x1b[31mred\x1b[0m"), name="a,b:c")
    line = render("github", [document([segment], [hostile])]).splitlines()[0]
    assert "\x1b" not in line and "\u241b[31mred" in line
    assert "title=TQ101 a%2Cb%3Ac::" in line


def test_github_levels() -> None:
    lines = render("github").splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == ["::error", "::warning", "::warning", "::error",
                                                              "::notice"]
    assert lines[-1].endswith("--fail-on error: failed")


# --- GitLab ----------------------------------------------------------------------------------------------------

def test_gitlab_code_quality_fields() -> None:
    records = json.loads(render("gitlab"))
    assert [r["severity"] for r in records] == ["major", "minor", "minor", "major", "info"]
    for record in records:
        assert set(record) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(record["location"]["lines"]["begin"], int)
    assert json.loads(render("gitlab", [document(fixture_report.SEGMENTS[:1], [])])) == []


# --- Markdown --------------------------------------------------------------------------------------------------

def _html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_markdown_escapes_hostile_mt_text() -> None:
    segment = Segment(id="1", target=HOSTILE, doc_id="d", line=1, origin="m|t.en")
    results = [document([segment], [issue(segment, 0, len(HOSTILE), message=f"Bad {HOSTILE}", suggestion="`|`")])]
    text = render("markdown", results)
    page = _html(text)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<strong>bold" not in page and "<a href" not in page
    assert "@\u2060octocat" in page and "\\$x\\$" in text
    table = page.split("<h3>Issues (all)</h3>")[1]
    assert table.count("<tr>") == 2  # header + one issue: the pipes did not split the row
    assert len(re.findall(r"<td[ >]", table)) == 5
    assert "a | b `x`" in table  # the flagged text, quoted literally in a code span


def test_markdown_verdict_tables_and_scores() -> None:
    text = render("markdown")
    assert text.startswith("## tqcheck: ❌ failed")
    page = _html(text)
    assert re.search(r"<td[^>]*>TQ401</td>", page) and re.search(r"<td[^>]*>72.68</td>", page)
    passed = render("markdown", info=replace(fixture_report.INFO, fail_on="never"))
    assert passed.startswith("## tqcheck: ✅ passed")


def test_markdown_lists_only_the_most_severe_issues() -> None:
    segments = [Segment(id=str(n), target="a. .", doc_id="d", line=n, origin="mt.en") for n in range(1, 31)]
    issues = [issue(s, 1, 4, severity=Severity.ERROR if s.id == "30" else Severity.INFO) for s in segments]
    text = render("markdown", [document(segments, issues)])
    rows = [line for line in text.splitlines() if line.startswith(("| error | `", "| info | `"))]
    assert len(rows) == 20 and rows[0].startswith("| error | ` mt.en:30:2 `")
    assert rows[1].startswith("| info | ` mt.en:1:2 `")
    assert "… and 10 more" in text


# --- streaming -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["github", "gitlab"])
def test_line_formats_write_each_document_as_it_arrives(name: str) -> None:
    out = io.StringIO()
    seen: list[int] = []

    def results() -> Iterator[DocumentResult]:
        yield fixture_report.RESULTS[0]
        seen.append(out.getvalue().count("TQ401"))  # written before the second document is asked for
        yield fixture_report.RESULTS[1]

    get_writer(name)(out, fixture_report.INFO, results(), fixture_report.summary)
    assert seen == [2 if name == "gitlab" else 1]


# --- empty runs ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CI_FORMATS)
def test_no_issues_is_a_valid_report(name: str) -> None:
    text = render(name, [document(fixture_report.SEGMENTS[:2], [])])
    if name in ("sarif", "gitlab"):
        json.loads(text)
    elif name == "junit":
        assert ET.fromstring(text).get("failures") == "0"
    elif name == "github":
        assert text.startswith("tqcheck: 0 issues")
    else:
        assert "✅ passed" in text


def test_summary_is_read_after_the_stream() -> None:
    """Writers call summary() once the results are exhausted (the tally is only complete then)."""
    for name in CI_FORMATS:
        seen: list[int] = []
        tally = Tally()

        def summary(tally: Tally = tally, seen: list[int] = seen) -> Summary:
            seen.append(tally.documents)
            return tally.summary()

        get_writer(name)(io.StringIO(), fixture_report.INFO, tally.watch(fixture_report.RESULTS), summary)
        assert seen == [2], name
