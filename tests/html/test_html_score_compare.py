"""`tqcheck score -f html` and `tqcheck compare -f html`: self-contained, escaped pages from the JSON records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("jinja2")
pytest.importorskip("sacrebleu")

from typer.testing import CliRunner  # noqa: E402

from tests.html import hostile  # noqa: E402
from tests.html.browser import headless_chromium  # noqa: E402
from tests.metrics.test_compare import DATA, _write  # noqa: E402
from tqcheck.cli import app  # noqa: E402
from tqcheck.writers.html_compare import render_compare_page  # noqa: E402
from tqcheck.writers.html_score import histogram, render_score_page  # noqa: E402

HOSTILE_NAME = "<script>alert(1)</script>"


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output


def _payload(page: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script type="application/json" id="tqcheck-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def _assert_self_contained(html: str, scripts: int = 1) -> None:
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "@import" not in html and "<link" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.I)
    assert re.findall(r"https?://", html) == []
    assert "Content-Security-Policy" in html
    # only the data element, unless the page carries the compare segment view (its data and one inline script)
    assert html.count("<script") == scripts and html.count("</script>") == scripts
    assert ("script-src 'unsafe-inline'" in html) == (scripts > 1)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return _write(tmp_path)


@pytest.fixture
def score_page(files: dict[str, Path], tmp_path: Path) -> tuple[int, str, str]:
    page = tmp_path / "score.html"
    code, output = _run(["score", str(files["a"]), "-r", str(files["ref"]), "--tgt-lang", "en", "--confidence",
                         "--confidence-n", "20", "-f", "html", "-o", str(page)])
    return code, output, page.read_text(encoding="utf-8")


@pytest.fixture
def compare_page(files: dict[str, Path], tmp_path: Path) -> tuple[int, str, str]:
    page = tmp_path / "compare.html"
    code, output = _run(["compare", str(files["a"]), str(files["b"]), str(files["c"]), "-r", str(files["ref"]),
                         "--src-lang", "de", "--tgt-lang", "en", "--paired-n", "50",
                         "--names", f"base,{HOSTILE_NAME},x\"y&z", "-f", "html", "-o", str(page)])
    return code, output, page.read_text(encoding="utf-8")


def test_score_page(score_page: tuple[int, str, str], files: dict[str, Path]) -> None:
    code, output, html = score_page
    assert code == 0, output
    _assert_self_contained(html)
    record = _payload(html)
    assert record["segments"] and len(record["segments"]) == len(DATA["ref"])
    for row in record["corpus"]:  # metric table: value and CI as printed, signature verbatim
        assert f'<tr data-metric="{row["metric"]}">' in html
        assert f'{row["value"]:.2f}' in html
        assert f'[{row["ci"][0]:.2f}, {row["ci"][1]:.2f}]' in html
        assert row["signature"] in html
    assert html.count('<svg class="hist"') == 4  # one histogram per metric
    assert ">PASS<" in html and 'id="failures"' not in html
    worst = min(record["segments"], key=lambda segment: segment["scores"]["chrF"])
    assert "Worst segments by chrF" in html
    assert f'<tr><td>{worst["id"]}</td><td class="num">{worst["line"]}</td>' \
           f'<td class="num">{worst["scores"]["chrF"]:.2f}</td></tr>' in html


def test_score_page_gate_fails(files: dict[str, Path], tmp_path: Path) -> None:
    page = tmp_path / "score.html"
    code, _output = _run(["score", str(files["a"]), "-r", str(files["ref"]), "--tgt-lang", "en", "-m", "chrf",
                          "--min-chrf", "99", "-f", "html", "-o", str(page)])
    assert code == 1
    html = page.read_text(encoding="utf-8")
    assert ">FAIL<" in html and 'id="failures"' in html and "&lt; min 99.00" in html
    assert "[" not in html.split('id="corpus"')[1].split("</table>")[0]  # no CI without --confidence


def test_score_page_escapes_record_text() -> None:
    record = {"inputs": [hostile.HOSTILE[0]], "languages": {"source": None, "target": "en"},
              "corpus": [{"metric": "chrF", "value": 50.0, "signature": hostile.HOSTILE[1], "ci": None}],
              "segments": [{"id": text, "line": n, "scores": {"chrF": float(n)}}
                           for n, text in enumerate(hostile.HOSTILE)],
              "thresholds": {"failed": [hostile.HOSTILE[5]]}, "created": "", "tool": {"version": "0"}}
    html = render_score_page(record)
    _assert_self_contained(html)
    for text in ("<script>alert", "</script><script>alert", '" onerror="alert(3)', "<img src=x"):
        assert text not in html
    assert "{{ 7*7 }}" in html and "49" not in html
    assert _payload(html)["segments"][0]["id"] == hostile.HOSTILE[0]


def test_histogram_bins_clamp() -> None:
    bins = histogram([0.0, 9.9, 10.0, 100.0, 150.0])
    assert [b.count for b in bins] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    assert histogram([]) == ()


def test_compare_page(compare_page: tuple[int, str, str]) -> None:
    code, output, html = compare_page
    assert code == 0, output
    _assert_self_contained(html, scripts=3)
    record = _payload(html)
    assert [system["name"] for system in record["systems"]] == ["base", HOSTILE_NAME, 'x"y&z']
    # ranking rows in rank order, with rank and cluster
    ranked = re.findall(r'<tr class="(?:baseline|system)" data-system="([^"]*)" data-rank="(\d+)" data-cluster="(\d+)"',
                        html)
    assert [(rank, cluster) for _name, rank, cluster in ranked] == [
        (str(row["rank"]), str(row["cluster"])) for row in record["ranking"]]
    assert [name for name, _r, _c in ranked] == [
        {"base": "base", HOSTILE_NAME: "&lt;script&gt;alert(1)&lt;/script&gt;", 'x"y&z': "x&#34;y&amp;z"}[row["name"]]
        for row in record["ranking"]]
    for system in record["systems"]:
        for score in system["scores"]:
            assert f'{score["value"]:.2f} <span class="tag">({score["ci"][0]:.1f}–{score["ci"][1]:.1f})</span>' in html
        for test in system["vs_baseline"].values():
            assert f'{test["delta"]:+.2f}' in html and f'{test["p_value"]:.4f}' in html
    assert 'title="p &lt; 0.05">*</span>' in html
    # significance settings
    for name, value in (("test", "paired-bs"), ("n", "50"), ("seed", "12345"), ("alpha", "0.05")):
        assert f'<dd data-setting="{name}">{value}</dd>' in html
    assert "a system joins the current cluster" in html


def test_compare_issue_deltas_have_sign_and_arrow(compare_page: tuple[int, str, str]) -> None:
    _code, _output, html = compare_page
    record = _payload(html)
    table = html.split('id="issues-table"')[1].split("</table>")[0]
    for system in record["systems"][1:]:
        for family, delta in system["issues"]["delta_by_family"].items():
            count = system["issues"]["by_family"].get(family, 0)
            if delta:
                trend, arrow = ("worse", "▲") if delta > 0 else ("better", "▼")
                assert f'{count} <span class="{trend}">{arrow} {delta:+d}</span>' in table
            else:
                assert f'{count} <span class="same">±0</span>' in table


def test_compare_hostile_names_are_escaped(compare_page: tuple[int, str, str]) -> None:
    _code, _output, html = compare_page
    assert HOSTILE_NAME not in html
    assert "alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'x"y' not in html.split('id="tqcheck-data"')[0]
    assert _payload(html)["ranking"]  # the embedded JSON survives escaping intact


def test_compare_page_without_checks() -> None:
    record = {"systems": [{"name": "a", "scores": [{"metric": "chrF", "value": 1.0, "ci": None}], "vs_baseline": {},
                           "issues": None, "rank": 1, "cluster": 1}],
              "ranking": [{"name": "a", "rank": 1, "cluster": 1}], "metrics": ["chrF"], "baseline": "a",
              "primary": "chrF", "significance": {"test": "paired-ar", "n": 10, "seed": None, "alpha": 0.05},
              "segments": 1, "inputs": [], "languages": {}, "created": "", "tool": {"version": "0"}}
    html = render_compare_page(record)
    _assert_self_contained(html)
    assert 'id="issues-table"' not in html and "(95% CI)" not in html


@pytest.mark.parametrize("command", ["score", "compare"])
def test_unknown_format_lists_html(files: dict[str, Path], command: str) -> None:
    systems = [str(files["a"])] if command == "score" else [str(files["a"]), str(files["b"])]
    result = CliRunner().invoke(app, [command, *systems, "-r", str(files["ref"]), "--tgt-lang", "en", "-f", "xml"])
    assert result.exit_code != 0
    assert "text, json, html" in result.output + str(result.exception)


@pytest.mark.parametrize("which", ["score_page", "compare_page"])
def test_pages_in_a_browser(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Chromium shows the pages without a request, a dialog or a script error (skips without a browser)."""
    _code, _output, html = request.getfixturevalue(which)
    path = tmp_path / f"{which}.html"
    path.write_text(html, encoding="utf-8")
    requests: list[str] = []
    dialogs: list[str] = []
    with headless_chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda req: requests.append(req.url))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.as_uri())
        if which == "compare_page":
            first = page.locator("#ranking-table tbody tr").first.locator("th").inner_text()
            assert HOSTILE_NAME in first  # shown as text, not run
        else:
            assert page.locator("svg.hist").count() == 4
        assert page.evaluate("window.__pwned === undefined")
    assert dialogs == []
    assert all(url.startswith("file:") for url in requests), requests
