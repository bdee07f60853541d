"""The HTML report in a real browser (Playwright driving Debian's Chromium): what a reader sees.

Skips when the `playwright` package or /usr/bin/chromium is missing. Never downloads a browser.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.html.browser import CHROMIUM, headless_chromium  # noqa: E402

sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)

from tests.html import hostile  # noqa: E402
from tests.writers import fixture_report  # noqa: E402
from tqcheck.cli import main  # noqa: E402
from tqcheck.model import DocumentResult, Issue, Segment, Severity, Span  # noqa: E402
from tqcheck.run.runner import Tally  # noqa: E402
from tqcheck.writers import get_writer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AR = ROOT / "corpora" / "news-ar-en"
LOCAL_SCHEMES = ("file:", "data:", "about:")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium() as launched:
        yield launched


class Viewer:
    """A page plus everything it tried to do behind the reader's back."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, fragment: str = "") -> Any:
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("#status:not(:empty)")
        return self.page

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


@pytest.fixture
def viewer(browser: Any) -> Iterator[Viewer]:
    opened = Viewer(browser)
    yield opened
    assert opened.errors == [], "the page's script raised"
    assert opened.remote_requests() == [], "the report tried to reach the network"
    opened.page.close()


def run_cli(*args: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    assert exit_info.value.code in (0, None)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("ar")
    common = [str(AR / "article-01.en"), "--source", str(AR / "article-01.ar"), "--reference",
              str(AR / "article-01.ref.en"), "--src-lang", "ar", "--tgt-lang", "en", "--fail-on", "never"]
    run_cli("check", *common, "-f", "json", "-o", str(folder / "r.json"))
    run_cli("report", str(folder / "r.json"), "-o", str(folder / "r.html"))
    return folder / "r.html", json.loads((folder / "r.json").read_text(encoding="utf-8"))


def write_page(path: Path, results: tuple[DocumentResult, ...], summary: Any = None) -> Path:
    if summary is None:
        tally = Tally(scores=dict)
        for result in results:
            tally.add(result)
        summary = tally.summary
    out = io.StringIO()
    get_writer("html")(out, fixture_report.INFO, iter(results), summary)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def visible_segment_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("#list .seg", "nodes => nodes.map(n => n.dataset.seg)")


def test_overview_shows_the_counts(viewer: Viewer, arabic: tuple[Path, dict[str, Any]]) -> None:
    path, data = arabic
    page = viewer.open(path)
    summary = data["summary"]
    assert page.inner_text("#count-issues") == str(summary["issues"])
    assert page.inner_text("#count-segments") == str(summary["segments"])
    for severity, count in summary["by_severity"].items():
        assert page.inner_text(f"#count-{severity}") == str(count)
    bars = page.eval_on_selector_all(".chart .bar", "nodes => nodes.map(n => [n.dataset.family, "
                                     "n.querySelector('.value').textContent])")
    assert {family: int(count) for family, count in bars} == summary["by_family"]
    assert f"of {summary['segments']} ({summary['issues']} issues)" in page.inner_text("#status")


def test_spans_highlight_the_exact_text(viewer: Viewer, arabic: tuple[Path, dict[str, Any]]) -> None:
    path, data = arabic
    page = viewer.open(path)
    segments = {segment["id"]: segment for segment in data["segments"]}
    for issue in data["issues"]:
        if issue["code"] in ("TQ401", "TQ404"):
            continue  # these two share one span; checked below as one mark
        expected = segments[issue["segment_id"]][issue["field"]][issue["start"]:issue["end"]]
        marks = page.eval_on_selector_all(
            f"#list .seg[data-seg='{issue['segment_id']}'] .cell-{issue['field']} mark",
            f"nodes => nodes.filter(n => n.dataset.codes.split(' ').includes('{issue['code']}'))"
            ".map(n => n.textContent).join('')")
        assert expected in marks or marks == expected, issue
    doubled = page.locator("mark[data-codes~='TQ101']")
    assert doubled.inner_text() == ". ."
    assert "Doubled punctuation" in (doubled.get_attribute("title") or "")
    arabic_mark = page.locator("mark[data-codes~='TQ503']")
    assert arabic_mark.inner_text() == "الاستمطار الصناعي"
    # TQ404 says the same as TQ401 (same span, same fix) at a lower severity: one problem, one mark.
    assert page.locator("mark[data-codes='TQ401']").inner_text() == "Hadad"
    source = page.locator(".seg[data-seg='13'] .cell-source .text")
    assert source.get_attribute("dir") == "auto" and source.get_attribute("lang") == "ar"
    assert source.evaluate("n => getComputedStyle(n).direction") == "rtl"
    target = page.locator(".seg[data-seg='13'] .cell-target .text")
    assert target.evaluate("n => getComputedStyle(n).direction") == "ltr"


def test_filters_search_and_chart(viewer: Viewer, arabic: tuple[Path, dict[str, Any]]) -> None:
    path, data = arabic
    page = viewer.open(path)
    assert len(visible_segment_ids(page)) == len(data["segments"])
    page.select_option("#f-family", "punctuation")
    expected = sorted({issue["segment_id"] for issue in data["issues"] if issue["family"] == "punctuation"}, key=int)
    assert visible_segment_ids(page) == expected
    page.select_option("#f-family", "")
    page.select_option("#f-severity", "error")
    expected = sorted({issue["segment_id"] for issue in data["issues"] if issue["severity"] == "error"}, key=int)
    assert visible_segment_ids(page) == expected
    page.click("#f-reset")
    page.fill("#f-query", "Hadad")
    sync_api.expect(page.locator("#list .seg")).to_have_count(1)
    assert visible_segment_ids(page) == ["17"]
    page.fill("#f-query", "TQ702")
    sync_api.expect(page.locator("#list .seg[data-seg='19']")).to_have_count(1)
    assert visible_segment_ids(page) == ["19"]
    page.click("#f-reset")

    def with_family(family: str) -> list[str]:
        return sorted({issue["segment_id"] for issue in data["issues"] if issue["family"] == family}, key=int)

    page.click(".chart .bar[data-family='names']")
    assert page.input_value("#f-family") == "names"
    assert visible_segment_ids(page) == with_family("names")
    page.focus(".chart .bar[data-family='spelling']")  # keyboard: focus a bar, press Enter
    page.keyboard.press("Enter")
    assert page.input_value("#f-family") == "spelling"
    assert visible_segment_ids(page) == with_family("spelling")
    page.keyboard.press("Enter")  # a second press clears the filter
    assert page.input_value("#f-family") == ""
    assert len(visible_segment_ids(page)) == len(data["segments"])


def test_filters_live_in_the_url(viewer: Viewer, arabic: tuple[Path, dict[str, Any]]) -> None:
    """Filters are written to the URL as they change, and a link with them opens the same view."""
    path, data = arabic
    page = viewer.open(path)
    page.select_option("#f-severity", "error")
    page.select_option("#f-sort", "issues")
    assert page.evaluate("location.hash") == "#severity=error&sort=issues"
    page.click("#f-reset")
    assert page.evaluate("location.hash") == ""
    shared = viewer.open(path, "#family=names&q=Hadad&only=1")
    assert shared.input_value("#f-family") == "names" and shared.input_value("#f-query") == "Hadad"
    assert shared.is_checked("#f-only")
    assert visible_segment_ids(shared) == ["17"]
    assert any(issue["family"] == "names" and issue["segment_id"] == "17" for issue in data["issues"])
    # A link to a family the report has no issue of shows that nothing matches, not everything.
    assert not any(issue["family"] == "placeholders" for issue in data["issues"])
    absent = viewer.open(path, "#family=placeholders")
    assert absent.input_value("#f-family") == "placeholders" and visible_segment_ids(absent) == []


def test_deep_link_opens_the_segment(viewer: Viewer, arabic: tuple[Path, dict[str, Any]]) -> None:
    path, _ = arabic
    page = viewer.open(path, "#doc=article-01.en&seg=19")
    target = page.locator(".seg.target-hit")
    assert target.get_attribute("data-seg") == "19"
    assert target.is_visible()
    assert page.evaluate("document.querySelector('.seg.target-hit').getBoundingClientRect().top") < 900


def test_hostile_text_is_shown_not_run(viewer: Viewer, tmp_path: Path) -> None:
    page = viewer.open(write_page(tmp_path / "evil.html", hostile.RESULTS))
    page.wait_for_timeout(200)
    assert viewer.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    texts = page.eval_on_selector_all("#list .cell-target .text", "nodes => nodes.map(n => n.textContent)")
    assert texts == [f"Before {text} after. ." for text in hostile.HOSTILE]
    assert page.locator("#list img").count() == 0 and page.locator("#list script").count() == 0
    assert page.locator("mark[data-codes~='TQ101']").first.inner_text() == ". ."
    assert page.locator("#list .issues .fix").first.inner_text() == "</script><script>alert(4)</script>"


def test_fixture_report_and_astral_offsets(viewer: Viewer, tmp_path: Path) -> None:
    segment = Segment(id="a", target="😀 Emoji 𝐀 then Gaza. . end", doc_id="astral", line=1)
    start = segment.target.index(". .")
    issue = Issue(code="TQ101", name="doubled-punctuation", family="punctuation", severity=Severity.WARNING,
                  segment_id="a", doc_id="astral", line=1, span=Span(start, start + 3), message="Doubled")
    results = (*fixture_report.RESULTS, DocumentResult(doc_id="astral", segments=(segment,), issues=(issue,)))
    page = viewer.open(write_page(tmp_path / "fixture.html", results))
    assert page.locator(".seg[data-seg='a'] mark").inner_text() == ". ."
    assert page.locator(".seg[data-seg='1'] mark[data-codes~='TQ401']").inner_text() == "Galanat"
    assert page.locator(".seg[data-seg='4'] .cell-target .text").inner_text().startswith("Clean line")


def test_zero_length_span_is_marked_where_something_is_missing(viewer: Viewer, tmp_path: Path) -> None:
    """A point issue (TQ604: a sentence dropped at the end) gets a visible caret mark with its tooltip,
    drawn by CSS: the segment's text reads (and copies) exactly as it is."""
    segment = Segment(id="p", source="Es regnet. Es ist kalt. Wir bleiben zu Hause.", target="It rains.",
                      doc_id="points", line=1)
    end = len(segment.target)
    issue = Issue(code="TQ604", name="missing-sentences", family="length", severity=Severity.INFO,
                  segment_id="p", doc_id="points", line=1, span=Span(end, end), message="Target has 1 sentence")
    results = (*fixture_report.RESULTS, DocumentResult(doc_id="points", segments=(segment,), issues=(issue,)))
    page = viewer.open(write_page(tmp_path / "points.html", results))
    point = page.locator(".seg[data-seg='p'] .cell-target mark.point")
    assert point.count() == 1 and point.get_attribute("data-codes") == "TQ604"
    assert "Target has 1 sentence" in (point.get_attribute("title") or "")
    assert point.bounding_box()["width"] > 0
    assert page.locator(".seg[data-seg='p'] .cell-target .text").text_content() == "It rains."


def test_large_batch_is_paged(viewer: Viewer, tmp_path: Path) -> None:
    segments = tuple(Segment(id=str(n), target=f"Sentence number {n}. .", doc_id=f"d{n // 100}", line=n)
                     for n in range(2000))
    results = tuple(
        DocumentResult(doc_id=f"d{d}", segments=segments[d * 100:(d + 1) * 100], issues=tuple(
            Issue(code="TQ101", name="doubled-punctuation", family="punctuation", severity=Severity.WARNING,
                  segment_id=s.id, doc_id=s.doc_id, line=s.line, span=Span(len(s.target) - 3, len(s.target)),
                  message="Doubled") for s in segments[d * 100:(d + 1) * 100] if int(s.id) % 7 == 0))
        for d in range(20))
    page = viewer.open(write_page(tmp_path / "big.html", results))
    assert page.locator("#list .seg").count() == 50
    assert all(int(seg) % 7 == 0 for seg in visible_segment_ids(page))  # opens on the segments with issues
    page.click("#show-all")
    page.click("#next")
    assert visible_segment_ids(page)[0] == "50"
    assert page.inner_text("#pageinfo") == "page 2 of 40"
    page.select_option("#f-sort", "issues")
    page.check("#f-only")
    assert page.locator("#list .seg").count() == 50
    assert all(int(seg) % 7 == 0 for seg in visible_segment_ids(page))
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # printing shows every match, not a page
    assert page.locator("#list .seg").count() == len([n for n in range(2000) if n % 7 == 0])
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("#list .seg").count() == 50
