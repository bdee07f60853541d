"""The HTML report as text: self-contained, escaped, deterministic (golden file)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("jinja2")

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode  # noqa: E402

from tests.html import hostile  # noqa: E402
from tests.writers import fixture_report  # noqa: E402
from tqcheck.cli import main  # noqa: E402
from tqcheck.errors import InputError  # noqa: E402
from tqcheck.run.runner import Tally  # noqa: E402
from tqcheck.writers import get_writer  # noqa: E402
from tqcheck.writers.html import embed_json, load_result, utf16_offset  # noqa: E402


class HtmlSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "html"


@pytest.fixture
def golden(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(HtmlSnapshot)


def render(info=fixture_report.INFO, results=fixture_report.RESULTS, summary=fixture_report.summary) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    get_writer("html")(out, info, iter(results), summary)
    return out.getvalue()


def hostile_page() -> str:
    tally = Tally(scores=dict)
    for result in hostile.RESULTS:
        tally.add(result)
    return render(hostile.INFO, hostile.RESULTS, tally.summary)


def payload(page: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script type="application/json" id="tqcheck-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_html_golden(golden) -> None:  # type: ignore[no-untyped-def]
    assert render() == golden


def test_html_is_deterministic() -> None:
    assert render() == render()


@pytest.mark.parametrize("page", [render, hostile_page], ids=["fixture", "hostile"])
def test_no_remote_resources(page) -> None:  # type: ignore[no-untyped-def]
    html = page()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.I)
    assert "<link" not in html
    # the only http text is the CSP meta tag's attribute name
    assert re.findall(r"https?://", html) == []


def test_hostile_text_is_escaped() -> None:
    html = hostile_page()
    for text in ("<script>alert", "</script><script>alert", '" onerror="alert(3)', "<img src=x"):
        assert text not in html
    # exactly our own two script elements open, and the data one closes right after the JSON
    assert html.count("<script") == 2
    assert html.count("</script>") == 2
    data = payload(html)
    targets = [segment[4] for segment in data["segs"]]
    assert [f"Before {text} after. ." for text in hostile.HOSTILE] == targets
    assert "{{ 7*7 }}" in targets[3] and "49" not in targets[3]  # no template evaluation of data
    assert "doc &#34;&lt;x&gt;&#34;" in html  # the document selector, HTML-escaped by jinja
    assert "&amp;amp;" not in html.split('id="tqcheck-data">')[1]  # JSON is not HTML-escaped twice


def test_embed_json_escapes_breakouts() -> None:
    text = embed_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_utf16_offsets_for_astral_characters() -> None:
    text = "😀 a𝐀b"
    assert utf16_offset(text, 0) == 0
    assert utf16_offset(text, 1) == 2
    assert utf16_offset(text, 4) == 6
    assert utf16_offset(text, len(text)) == len(text.encode("utf-16-le")) // 2


def test_payload_offsets_and_columns() -> None:
    data = payload(render())
    assert data["columns"] == ["source", "target"]
    first = data["segs"][0][4]
    issue = next(i for i in data["issues"] if i[4] == "TQ101")
    assert first[issue[2]:issue[3]] == ". ."
    assert data["checks"]["TQ101"][0] == "doubled-punctuation"
    assert data["checks"]["TQ101"][2]  # the check's summary travels to the tooltip


def test_overview_counts() -> None:
    html = render()
    assert 'id="count-issues">5<' in html
    assert 'id="count-error">2<' in html
    assert ">FAIL<" in html
    assert 'data-family="punctuation"' in html


def test_report_command_renders_the_same_page(tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    out = io.StringIO()
    get_writer("json")(out, fixture_report.INFO, iter(fixture_report.RESULTS), fixture_report.summary)
    result.write_text(out.getvalue(), encoding="utf-8")
    page = tmp_path / "report.html"
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(result), "--output", str(page)])
    assert exit_info.value.code in (0, None)
    assert page.read_text(encoding="utf-8") == render()


def test_check_format_html(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parents[2] / "corpora" / "news-ar-en"
    page = tmp_path / "ar.html"
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(corpus / "article-01.en"), "--source", str(corpus / "article-01.ar"), "--src-lang", "ar",
              "--tgt-lang", "en", "--fail-on", "never", "-f", "html", "-o", str(page)])
    assert exit_info.value.code in (0, None)
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert payload(html)["columns"] == ["source", "target"]


@pytest.mark.parametrize("text, message", [
    ("not json", "not a JSON document"),
    ("{}", "no schema_version"),
    ('{"schema_version": 99, "segments": [], "issues": [], "summary": {}}', "unsupported schema_version 99"),
    ('{"schema_version": 1, "segments": {}, "issues": [], "summary": {}}', "'segments' missing"),
])
def test_report_rejects_bad_results(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_result(path)


def test_report_command_bad_file_is_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(tmp_path / "missing.json")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "no such file" in err
