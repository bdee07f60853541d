"""Regenerate every example report in reports/ from the samples in corpora/.

    python reports/regenerate.py            # everything
    python reports/regenerate.py html       # only the outputs whose name contains "html"

The HTML reports are also photographed (reports/news-ar-en.png) when the `playwright` package
and Debian's /usr/bin/chromium are installed; without them that step is skipped with a note.

Runs the installed `tqcheck` exactly as a user would, with SOURCE_DATE_EPOCH fixed so the
reports only change when tqcheck's findings change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AR = "corpora/news-ar-en"
ZH = "corpora/news-zh-en"
DE = "corpora/news-en-de"
COMMON = ["--fail-on", "never", "--no-color"]

RUNS: list[tuple[str, list[str]]] = [
    ("news-ar-en.txt", ["check", f"{AR}/article-01.en", "--source", f"{AR}/article-01.ar", "--reference",
                        f"{AR}/article-01.ref.en", "--src-lang", "ar", "--tgt-lang", "en", *COMMON]),
    ("news-ar-en.json", ["check", f"{AR}/article-01.en", "--source", f"{AR}/article-01.ar", "--reference",
                         f"{AR}/article-01.ref.en", "--src-lang", "ar", "--tgt-lang", "en", "-f", "json",
                         *COMMON]),
    ("news-zh-en.txt", ["check", f"{ZH}/batch.tsv", "--src-lang", "zh", "--tgt-lang", "en", *COMMON]),
    ("news-zh-en.jsonl", ["check", f"{ZH}/batch.tsv", "--src-lang", "zh", "--tgt-lang", "en", "-f", "jsonl",
                          *COMMON]),
    ("news-en-de.txt", ["check", f"{DE}/batch.jsonl", "--src-lang", "en", "--tgt-lang", "de", *COMMON]),
    ("news-en-de.json", ["check", f"{DE}/batch.jsonl", "--src-lang", "en", "--tgt-lang", "de", "-f", "json",
                         *COMMON]),
    ("news-ar-en.html", ["check", f"{AR}/article-01.en", "--source", f"{AR}/article-01.ar", "--reference",
                         f"{AR}/article-01.ref.en", "--src-lang", "ar", "--tgt-lang", "en", "-f", "html",
                         *COMMON]),
    ("news-zh-en.html", ["check", f"{ZH}/batch.tsv", "--src-lang", "zh", "--tgt-lang", "en", "-f", "html",
                         *COMMON]),
    ("news-en-de.html", ["check", f"{DE}/batch.jsonl", "--src-lang", "en", "--tgt-lang", "de", "-f", "html",
                         *COMMON]),
    ("news-ar-en.sarif", ["check", f"{AR}/article-01.en", "--source", f"{AR}/article-01.ar", "--src-lang", "ar",
                          "--tgt-lang", "en", "-f", "sarif", *COMMON]),
    ("news-ar-en.md", ["check", f"{AR}/article-01.en", "--source", f"{AR}/article-01.ar", "--src-lang", "ar",
                       "--tgt-lang", "en", "-f", "markdown", *COMMON]),
    ("news-zh-en.junit.xml", ["check", f"{ZH}/batch.tsv", "--src-lang", "zh", "--tgt-lang", "en", "-f", "junit",
                              *COMMON]),
    ("pipeline-ui-strings.github.txt", ["check", "corpora/pipeline/ui-strings.en-de.xlf", "-f", "github",
                                        *COMMON]),
    ("news-zh-en.scores.json", ["score", f"{ZH}/mt.en", "-r", f"{ZH}/reference.en", "--src-lang", "zh",
                                "--tgt-lang", "en", "--confidence", "-f", "json"]),
]


SCREENSHOTS = [("news-ar-en.html", "news-ar-en.png")]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def screenshot(pairs: list[tuple[str, str]]) -> None:
    """Photograph HTML reports in headless Chromium (first screenful: overview and filters)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("skipped screenshots: pip install playwright", file=sys.stderr)
        return
    if not CHROMIUM.exists():
        print("skipped screenshots: apt-get install chromium", file=sys.stderr)
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        for html, png in pairs:
            page.goto((ROOT / "reports" / html).as_uri())
            page.wait_for_selector("#status:not(:empty)")
            page.screenshot(path=str(ROOT / "reports" / png))
            print(f"wrote reports/{png}")
        browser.close()


def main(argv: list[str] | None = None) -> int:
    wanted = sys.argv[1:] if argv is None else argv
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "NO_COLOR": "1", "COLUMNS": "110"}
    for name, args in RUNS:
        if wanted and not any(part in name for part in wanted):
            continue
        out = ROOT / "reports" / name
        done = subprocess.run(["tqcheck", *args, "-o", str(out.relative_to(ROOT))] if "-o" not in args else
                              ["tqcheck", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            print(f"{name}: tqcheck failed: {done.stderr.strip()}", file=sys.stderr)
            return 1
        print(f"wrote reports/{name}")
    screenshot([(html, png) for html, png in SCREENSHOTS
                if not wanted or any(part in html or part in png for part in wanted)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
