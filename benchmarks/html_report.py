"""Size and speed of the HTML report at scale: render a synthetic batch, then load it in Chromium.

    python benchmarks/html_report.py [--segments 100000] [--issue-rate 0.3]

The batch is synthetic (news-like sentences with issues at real offsets) so the benchmark
needs neither ../shared nor a check run. Printed: page size, Python render time, and, when
Playwright and /usr/bin/chromium are available, the time until the page has rendered its first
page of segments, and the time of a search and a sort in the loaded page.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from _shared import heading, render_table

from tqcheck.model import DocumentResult, Issue, RunInfo, Segment, Severity, Span
from tqcheck.run.runner import Tally
from tqcheck.writers import html

SENTENCES = (
    "Water ministers from six countries agreed on Thursday to set up a regional monitoring centre. .",
    "The minister said the port would reopen in June (after the dredging works.",
    "Talks on the water agreement resumed in Amman, officials said.",
    "Gallant met Blinken in Washington on Monday, the ministry said.",
)
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic(count: int, issue_rate: float, per_doc: int = 25) -> list[DocumentResult]:
    results = []
    step = max(1, round(1 / issue_rate)) if issue_rate > 0 else 0
    for first in range(0, count, per_doc):
        segments, issues = [], []
        for index in range(first, min(count, first + per_doc)):
            text = SENTENCES[index % len(SENTENCES)]
            segment = Segment(id=str(index + 1), target=text, source=text, doc_id=f"doc-{first // per_doc}",
                              line=index + 1, origin="batch.en")
            segments.append(segment)
            if step and index % step == 0:
                start = len(text) - 3
                issues.append(Issue("TQ101", "doubled-punctuation", "punctuation", Severity.WARNING, segment.id,
                                    segment.doc_id, segment.line, Span(start, len(text)), 'Doubled punctuation ". ."',
                                    ".", "batch.en"))
        results.append(DocumentResult(segments[0].doc_id, tuple(segments), tuple(issues),
                                      scores={s.id: {"quality": 90.0} for s in segments}, doc_scores={"quality": 90.0}))
    return results


def browser_timings(page_path: Path) -> tuple[float, float, float] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_selector(".seg")
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        page.fill("#f-query", "Gallant")
        page.wait_for_timeout(400)  # the search box is debounced
        searched = time.perf_counter() - start - 0.4
        start = time.perf_counter()
        page.select_option("#f-sort", "issues")
        page.wait_for_selector(".seg")
        sorted_ = time.perf_counter() - start
        browser.close()
    return loaded, max(searched, 0.0), sorted_


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--issue-rate", type=float, default=0.3)
    args = parser.parse_args(argv)
    results = synthetic(args.segments, args.issue_rate)
    tally = Tally()
    for result in results:
        tally.add(result)
    info = RunInfo(tool_version="bench", created="2026-01-01T00:00:00+00:00", inputs=("batch.en",), src_lang="en",
                   tgt_lang="en", checks_run=("TQ101",))
    out = io.StringIO()
    start = time.perf_counter()
    html.render(out, info, iter(results), tally.summary)
    rendered = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.html"
        path.write_text(out.getvalue(), encoding="utf-8")
        size = path.stat().st_size
        timings = browser_timings(path)
    rows = [("segments", f"{args.segments:,}"), ("issues", f"{tally.summary().issues:,}"),
            ("page size", f"{size / 2**20:.1f} MiB"), ("render in Python", f"{rendered:.2f} s")]
    if timings is None:
        rows.append(("browser", "skipped (no playwright or /usr/bin/chromium)"))
    else:
        rows += [("load until first segments shown", f"{timings[0]:.2f} s"), ("search", f"{timings[1]:.2f} s"),
                 ("sort documents", f"{timings[2]:.2f} s")]
    heading("HTML report at scale")
    print(render_table(("measure", "value"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
