"""Reviewing in the HTML report (Playwright driving Debian's Chromium): the order a batch opens in,
segment sorting, `j` / `k` from issue to issue, false-positive marks kept in the browser, and the
exported suppressions file that `tqcheck check --suppressions` reads back.

Skips when the `playwright` package or /usr/bin/chromium is missing. Never downloads a browser.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.html.browser import CHROMIUM, headless_chromium

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)

from tests.html.test_browser import AR, Viewer, run_cli, visible_segment_ids, write_page  # noqa: E402
from tests.writers import fixture_report  # noqa: E402
from tqcheck.gating.suppressions import load_suppressions  # noqa: E402
from tqcheck.limits import MAX_DOCUMENT_SEGMENTS  # noqa: E402
from tqcheck.model import DocumentResult, Issue, Segment, Severity, Span  # noqa: E402
from tqcheck.run.runner import Tally  # noqa: E402

ARABIC = [str(AR / "article-01.en"), "--source", str(AR / "article-01.ar"), "--src-lang", "ar",
          "--tgt-lang", "en", "--fail-on", "never"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium() as launched:
        yield launched


@pytest.fixture
def viewer(browser: Any) -> Iterator[Viewer]:
    opened = Viewer(browser)
    yield opened
    assert opened.errors == [], "the page's script raised"
    assert opened.remote_requests() == [], "the report tried to reach the network"
    opened.page.close()


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("review")
    run_cli("check", *ARABIC, "-f", "json", "-o", str(folder / "r.json"))
    run_cli("report", str(folder / "r.json"), "-o", str(folder / "r.html"))
    return folder / "r.html", json.loads((folder / "r.json").read_text(encoding="utf-8"))


def issue(segment: Segment, severity: Severity, code: str = "TQ101") -> Issue:
    return Issue(code=code, name="doubled-punctuation", family="punctuation", severity=severity,
                 segment_id=segment.id, doc_id=segment.doc_id, line=segment.line,
                 span=Span(len(segment.target) - 3, len(segment.target)), message="Doubled")


def big_batch(path: Path) -> Path:
    """2000 segments in 20 documents; every 7th has an issue."""
    segments = tuple(Segment(id=str(n), target=f"Sentence number {n}. .", doc_id=f"d{n // 100}", line=n)
                     for n in range(2000))
    results = tuple(
        DocumentResult(doc_id=f"d{d}", segments=segments[d * 100:(d + 1) * 100],
                       issues=tuple(issue(s, Severity.WARNING) for s in segments[d * 100:(d + 1) * 100]
                                    if int(s.id) % 7 == 0))
        for d in range(20))
    return write_page(path, results)


def current_issue(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
        const item = document.querySelector('#list li.current');
        if (!item) { return null; }
        const box = item.getBoundingClientRect();
        return {issue: item.dataset.issue, seg: item.closest('.seg').dataset.seg,
                focused: document.activeElement === item, aria: item.getAttribute('aria-current'),
                top: box.top, bottom: box.bottom, marks: document.querySelectorAll('#list mark.current').length};
    }""")


def test_large_batch_opens_on_segments_with_issues(viewer: Viewer, tmp_path: Path) -> None:
    path = big_batch(tmp_path / "big.html")
    page = viewer.open(path)
    with_issues = [str(n) for n in range(2000) if n % 7 == 0]
    assert page.is_checked("#f-only")
    assert visible_segment_ids(page) == with_issues[:50]
    assert "of 286 (286 issues); 1714 segments without issues hidden" in page.inner_text("#status")
    assert page.evaluate("location.hash") == ""
    toggle = page.locator("#show-all")
    assert toggle.inner_text() == "Show all 2000 segments"
    toggle.click()  # all segments: one click
    assert visible_segment_ids(page) == [str(n) for n in range(50)]
    assert page.inner_text("#pageinfo") == "page 1 of 40"
    assert page.evaluate("location.hash") == "#only=0" and not page.is_checked("#f-only")
    page.reload()
    page.wait_for_selector("#status:not(:empty)")
    assert visible_segment_ids(page) == [str(n) for n in range(50)]  # the link / a reload keeps the choice
    page.click("#show-all")
    assert visible_segment_ids(page) == with_issues[:50] and page.evaluate("location.hash") == ""
    # A deep link to a segment without issues opens it among all segments.
    page.goto("about:blank")
    linked = viewer.open(path, "#doc=d3&seg=305")
    assert linked.locator(".seg.target-hit").get_attribute("data-seg") == "305"
    # A batch that fits on one page shows every segment.
    small = viewer.open(write_page(tmp_path / "small.html", fixture_report.RESULTS))
    assert not small.is_checked("#f-only") and visible_segment_ids(small) == ["1", "2", "3", "4"]
    assert small.locator("#show-all").is_hidden()


def test_segments_sort_by_severity_quality_or_position(viewer: Viewer, tmp_path: Path) -> None:
    texts = {"a": "Clean one.", "b": "Info here. .", "c": "Error here. .", "d": "Warn here. .",
             "e": "Two errors. .", "f": "Clean two."}
    segments = {key: Segment(id=key, target=text, doc_id="d1" if key in "abc" else "d2", line=n + 1)
                for n, (key, text) in enumerate(texts.items())}
    found = {"b": [Severity.INFO], "c": [Severity.ERROR], "d": [Severity.WARNING],
             "e": [Severity.ERROR, Severity.ERROR]}
    quality = {"a": 95.0, "b": 60.0, "c": 10.0, "d": 40.0, "e": 5.0, "f": 80.0}

    def result(doc: str, keys: str) -> DocumentResult:
        return DocumentResult(doc_id=doc, segments=tuple(segments[key] for key in keys),
                              issues=tuple(issue(segments[key], severity) for key in keys
                                           for severity in found.get(key, [])),
                              scores={key: {"quality": quality[key]} for key in keys})

    page = viewer.open(write_page(tmp_path / "sort.html", (result("d1", "abc"), result("d2", "def"))))
    assert visible_segment_ids(page) == list("abcdef")
    page.select_option("#f-order", "severity")
    assert visible_segment_ids(page) == list("ecdbaf")
    assert page.evaluate("location.hash") == "#order=severity"
    page.select_option("#f-order", "quality")
    assert visible_segment_ids(page) == list("ecdbfa")
    page.select_option("#f-severity", "warning")  # sorting and filtering combine
    page.select_option("#f-order", "severity")
    assert visible_segment_ids(page) == ["d"]
    page.click("#f-reset")
    assert visible_segment_ids(page) == list("abcdef") and page.input_value("#f-order") == "position"
    reopened = viewer.open(tmp_path / "sort.html", "#order=quality&sort=issues")
    assert reopened.input_value("#f-order") == "quality" and visible_segment_ids(reopened) == list("ecdbfa")


def test_j_and_k_move_from_issue_to_issue(viewer: Viewer, arabic: tuple[Path, dict[str, Any]]) -> None:
    path, data = arabic
    page = viewer.open(path)
    total = len(data["issues"])
    assert page.inner_text("#remaining").startswith(f"{total} of {total} issues left to review")
    assert current_issue(page) is None
    page.keyboard.press("j")
    first = current_issue(page)
    assert first["issue"] == "0" and first["seg"] == data["issues"][0]["segment_id"]
    assert first["focused"] and first["aria"] == "true" and first["marks"] >= 1
    assert 0 <= first["top"] and first["bottom"] <= 900  # scrolled into view
    assert page.inner_text("#position") == f"Issue 1 of {total} in view."
    page.keyboard.press("j")
    page.keyboard.press("j")
    third = current_issue(page)
    assert third["issue"] == "2" and 0 <= third["top"] and third["bottom"] <= 900
    assert page.locator("#list li.current").count() == 1
    page.keyboard.press("k")
    assert current_issue(page)["issue"] == "1"
    # Marking the current issue: the count of issues left goes down.
    page.keyboard.press("f")
    assert page.locator("#list li.current .mark-fp").get_attribute("aria-pressed") == "true"
    left = f"{total - 1} of {total} issues left to review (1 false positive, 0 reviewed)"
    assert page.inner_text("#remaining") == left
    # Keys typed into a field are text, not commands.
    page.locator("#list li.current .reason input").click()
    page.keyboard.type("jkfr")
    assert page.locator("#list li.current .reason input").input_value() == "jkfr"
    assert current_issue(page)["issue"] == "1" and page.inner_text("#remaining").startswith(f"{total - 1} of")
    page.click("#segments-title")  # out of the field
    page.keyboard.press("j")
    page.keyboard.press("r")
    assert current_issue(page)["issue"] == "2"
    left = f"{total - 2} of {total} issues left to review (1 false positive, 1 reviewed)"
    assert page.inner_text("#remaining") == left
    page.keyboard.press("r")  # pressed again: unmarked
    assert page.inner_text("#remaining").startswith(f"{total - 1} of {total}")
    # With an issue filter, j and k visit only the issues it selects.
    page.select_option("#f-family", "names")
    page.click("#segments-title")
    names = [str(n) for n, found in enumerate(data["issues"]) if found["family"] == "names"]
    page.keyboard.press("j")
    visited = [current_issue(page)["issue"]]
    for _ in names[1:]:
        page.keyboard.press("j")
        visited.append(current_issue(page)["issue"])
    assert visited == names
    page.focus("#f-query")
    page.keyboard.type("j")
    assert page.input_value("#f-query") == "j"  # the search box got the key


def test_j_crosses_pages(viewer: Viewer, tmp_path: Path) -> None:
    page = viewer.open(big_batch(tmp_path / "big.html"))
    for _ in range(51):
        page.keyboard.press("j")
    assert page.inner_text("#pageinfo") == "page 2 of 6"
    now = current_issue(page)
    assert now["seg"] == str(50 * 7) and 0 <= now["top"] and now["bottom"] <= 900
    page.keyboard.press("k")
    assert page.inner_text("#pageinfo") == "page 1 of 6" and current_issue(page)["seg"] == str(49 * 7)
    assert page.inner_text("#position") == "Issue 50 of 286 in view."


def test_false_positive_marks_survive_a_reload(viewer: Viewer, arabic: tuple[Path, dict[str, Any]],
                                              tmp_path: Path) -> None:
    path, data = arabic
    page = viewer.open(path)
    total = len(data["issues"])
    row = page.locator("#list li[data-issue='2']")
    assert row.locator(".reason").is_hidden()
    row.locator(".mark-fp").click()
    assert row.locator(".mark-fp").get_attribute("aria-pressed") == "true"
    row.locator(".reason input").fill("Quoted on purpose")
    page.locator("#list li[data-issue='4'] .mark-fp").click()
    assert page.inner_text("#export") == "Export suppressions (2)"
    page.reload()
    page.wait_for_selector("#status:not(:empty)")
    row = page.locator("#list li[data-issue='2']")
    assert row.locator(".mark-fp").get_attribute("aria-pressed") == "true"
    assert row.locator(".reason input").input_value() == "Quoted on purpose"
    assert page.inner_text("#remaining").startswith(f"{total - 2} of {total} issues left")
    row.locator(".mark-fp").click()  # unmark
    page.reload()
    page.wait_for_selector("#status:not(:empty)")
    assert page.locator("#list li[data-issue='2'] .mark-fp").get_attribute("aria-pressed") == "false"
    assert page.inner_text("#remaining").startswith(f"{total - 1} of {total} issues left")
    # The marks belong to this run: another report, in the same browser, starts unmarked.
    page.goto(write_page(tmp_path / "other.html", fixture_report.RESULTS).as_uri())
    page.wait_for_selector("#status:not(:empty)")
    assert page.inner_text("#remaining") == "5 of 5 issues left to review (0 false positives, 0 reviewed)"
    assert page.is_disabled("#export")


def test_exported_suppressions_silence_the_finding(viewer: Viewer, arabic: tuple[Path, dict[str, Any]],
                                                   tmp_path: Path) -> None:
    path, data = arabic
    page = viewer.open(path)
    doubled = next(n for n, found in enumerate(data["issues"]) if found["code"] == "TQ101")
    row = page.locator(f"#list li[data-issue='{doubled}']")
    row.locator(".mark-fp").click()
    row.locator(".reason input").fill('Kept "as is" \\ by the desk')
    quotes = next(n for n, found in enumerate(data["issues"]) if found["code"] != "TQ101")
    page.locator(f"#list li[data-issue='{quotes}'] .mark-fp").click()  # no reason given: the default
    with page.expect_download() as download:
        page.click("#export")
    assert download.value.suggested_filename == "tqcheck-suppressions.toml"
    saved = tmp_path / "accepted.toml"
    download.value.save_as(saved)
    entries = tomllib.loads(saved.read_text(encoding="utf-8"))["suppress"]
    assert [entry["code"] for entry in entries] == [data["issues"][doubled]["code"], data["issues"][quotes]["code"]]
    assert [entry["reason"] for entry in entries] == ['Kept "as is" \\ by the desk', "marked false positive in review"]
    assert all(set(entry) == {"code", "fingerprint", "reason"} for entry in entries)
    assert len(load_suppressions(saved).active) == 2  # what --suppressions reads, validated

    run_cli("check", *ARABIC, "--suppressions", str(saved), "-f", "json", "-o", str(tmp_path / "after.json"))
    after = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))

    def key(found: dict[str, Any]) -> tuple[str, str, int, int]:
        return found["code"], found["segment_id"], found["start"], found["end"]

    before = [key(found) for found in data["issues"]]
    assert [key(found) for found in after["issues"]] == [
        found for n, found in enumerate(before) if n not in (doubled, quotes)]
    assert after["summary"]["gate"]["suppressed"] == 2


def test_document_count_of_a_long_file_without_docs(viewer: Viewer, tmp_path: Path) -> None:
    """A line-aligned file checked without --docs is one document, however many windows the runner used."""
    lines = MAX_DOCUMENT_SEGMENTS + 300
    (tmp_path / "src.de").write_text("".join(f"Das ist Satz {n}.\n" for n in range(lines)), encoding="utf-8")
    (tmp_path / "mt.en").write_text("".join(f"This is sentence {n}{'. .' if n % 50 == 0 else '.'}\n"
                                            for n in range(lines)), encoding="utf-8")
    run_cli("check", str(tmp_path / "mt.en"), "--source", str(tmp_path / "src.de"), "--src-lang", "de",
            "--tgt-lang", "en", "--fail-on", "never", "-f", "json", "-o", str(tmp_path / "r.json"))
    record = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(record["documents"]) > 1  # the runner's windows: what the page must not count
    run_cli("report", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.html"))
    page = viewer.open(tmp_path / "r.html")
    assert page.inner_text("#count-documents") == "1"
    assert page.inner_text("#count-documents + .small") == "document"
    assert page.inner_text("#count-segments") == str(lines)
    assert page.locator("#f-doc option").count() == 2  # "all" and the one document
    assert page.locator("#list .doc").count() == 1
    assert page.inner_text("#list .doc h3 .sub").startswith(f"{lines} segments, {len(record['issues'])} issues")


def test_counts_are_pluralised(viewer: Viewer, tmp_path: Path) -> None:
    segment = Segment(id="1", target="Only one. .", doc_id="one", line=1)
    results = (DocumentResult(doc_id="one", segments=(segment,), issues=(issue(segment, Severity.ERROR),)),)
    tally = Tally(scores=dict)
    tally.add(results[0])
    page = viewer.open(write_page(tmp_path / "one.html", results, tally.summary))
    cards = page.eval_on_selector_all(".card:not(.gate)", "nodes => nodes.map(n => n.innerText.replace(/\\s+/g, ' '))")
    assert cards == ["1 document", "1 segment", "1 issue", "1 error", "0 warnings", "0 info"]
    assert page.get_attribute(".chart .bar", "aria-label") == "Show 1 punctuation issue"
    assert page.inner_text("#status") == "Showing segments 1–1 of 1 (1 issue)"
    assert page.inner_text("#remaining") == "1 of 1 issue left to review (0 false positives, 0 reviewed)"
    assert page.inner_text("#list .doc h3 .sub") == "1 segment, 1 issue"
    assert page.inner_text("#list .seg .n") == "1 issue"


def test_links_to_absent_filters_match_nothing(viewer: Viewer, arabic: tuple[Path, dict[str, Any]]) -> None:
    path, data = arabic
    assert not any(found["family"] == "placeholders" for found in data["issues"])
    for fragment, said in (("#family=placeholders", "family placeholders"), ("#code=TQ999", "code TQ999"),
                           ("#doc=no-such-doc", "doc no-such-doc")):
        viewer.page.goto("about:blank")
        page = viewer.open(path, fragment)
        assert visible_segment_ids(page) == [], fragment
        status = f"No segment matches these filters (none in this report: {said})."
        assert page.inner_text("#status") == status, fragment
        assert page.inner_text("#remaining").startswith(f"{len(data['issues'])} of")
        page.keyboard.press("j")  # nothing in view to move to
        assert current_issue(page) is None
