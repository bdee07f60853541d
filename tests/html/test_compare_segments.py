"""`tqcheck compare -f html`: every system's output side by side with its issues, per segment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("jinja2")
pytest.importorskip("sacrebleu")

from typer.testing import CliRunner  # noqa: E402

from tests.html.browser import headless_chromium  # noqa: E402
from tqcheck.cli import app  # noqa: E402

HOSTILE = "<script>alert(1)</script>"
SOURCE = ["Der Hund bellt.", "Die Katze schläft.", "Es regnet heute."]
REF = ["The dog barks.", "The cat sleeps.", "It is raining today."]
A = ["The dog barks.", "The cat sleeps.", "It rains today."]
B = ["The dog barks.", "The cat sleeps. .", HOSTILE]


def _write(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, lines in (("src", SOURCE), ("ref", REF), ("a", A), ("b", B)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def _compare(tmp_path: Path, fmt: str) -> str:
    paths = _write(tmp_path)
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(app, ["compare", str(paths["a"]), str(paths["b"]), "-r", str(paths["ref"]),
                                      "--source", str(paths["src"]), "--src-lang", "de", "--tgt-lang", "en",
                                      "--names", "a,b", "--paired-n", "20", "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _segments(html: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script type="application/json" id="tqcheck-segments">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.fixture
def page(tmp_path: Path) -> str:
    return _compare(tmp_path, "html")


def test_both_outputs_and_the_doubled_period(page: str) -> None:
    data = _segments(page)
    assert data["systems"] == ["a", "b"]
    assert data["src"] == SOURCE and data["refs"] == [REF]
    assert [out[1] for out in data["out"]] == ["The cat sleeps.", "The cat sleeps. ."]
    doubled = [issue for issue in data["issues"][1] if issue[4] == "TQ101"]
    assert doubled and doubled[0][0] == 1  # segment 2 (0-based 1)
    seg, field, start, end = doubled[0][:4]
    assert data["fields"][field] == "target"
    assert data["out"][1][seg][start:end] == ". ."
    assert not [issue for issue in data["issues"][0] if issue[0] == 1]  # system a is clean there
    assert data["chrf"] and len(data["chrf"]) == 2 and data["chrf"][0][1] == 100.0


def test_hostile_output_stays_escaped(page: str) -> None:
    assert HOSTILE not in page and "alert(1)</script>" not in page
    assert _segments(page)["out"][1][2] == HOSTILE  # intact once parsed
    assert page.count("<script") == 3 and "script-src 'unsafe-inline'" in page


def test_utf16_offsets() -> None:
    from tqcheck.model import DocumentResult, Issue, Severity, Span
    from tqcheck.writers.html_compare import SegmentCollector

    collector = SegmentCollector([["x"]])
    list(collector.systems([_system("s", ["😀 . ."])]))
    collector.on_results("s", DocumentResult(doc_id=None, segments=(), issues=(Issue(
        code="TQ101", name="n", family="f", severity=Severity.WARNING, segment_id="1", doc_id=None, line=1,
        span=Span(2, 5), message="m"),)))
    issue = collector.payload("en")["issues"][0][0]
    assert issue[2:4] == [3, 6] and "😀 . ."[2:5] == ". ."


def _system(name: str, lines: list[str]):  # type: ignore[no-untyped-def]
    from tqcheck.metrics.compare import SystemInput

    return SystemInput(name=name, hypotheses=lines)


def test_json_has_no_segment_texts(tmp_path: Path) -> None:
    text = _compare(tmp_path, "json")
    record = json.loads(text)
    assert "The cat sleeps. ." not in text and "segments_view" not in record


def test_navigate_in_a_browser(page: str, tmp_path: Path) -> None:
    path = tmp_path / "compare.html"
    path.write_text(page, encoding="utf-8")
    errors: list[str] = []
    dialogs: list[str] = []
    with headless_chromium() as browser:
        tab = browser.new_page()
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(path.as_uri())
        tab.fill("#sbs-num", "2")
        tab.dispatch_event("#sbs-num", "change")
        rows = tab.locator("#sbs-view .sbs-system")
        assert rows.count() == 2
        assert rows.nth(0).locator("p.text").inner_text() == "The cat sleeps."
        assert rows.nth(1).locator("p.text").inner_text() == "The cat sleeps. ."
        assert rows.nth(1).locator("mark.hl").first.inner_text() == ". ."
        tab.click("#sbs-next")
        assert HOSTILE in tab.locator("#sbs-view .sbs-system").nth(1).locator("p.text").inner_text()
        tab.click("#sbs-prev")
        tab.click("#sbs-disagree")  # from segment 2, the next disagreement is segment 3
        assert tab.input_value("#sbs-num") == "3"
        assert tab.evaluate("window.__pwned === undefined")
    assert errors == [] and dialogs == []
