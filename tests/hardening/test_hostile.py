"""Hostile content through the real CLI: markup and scripts, terminal escapes, format strings,
huge lines, millions of lines, odd newlines and legacy encodings.

Every run checks that inputs are byte-identical afterwards (`run_cli_on`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.hardening.helpers import clean_env, run_cli_on
from tests.html.hostile import HOSTILE

ANSI = ("\x1b[31mRED\x1b[0m", "\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\x1bc", "\x1b[?1049h", "\x07\x08\x7f")
FORMAT_STRINGS = ("{0}", "{}", "%s", "%n", "%(name)s", "{name!r}", "%%", "{{", "${HOME}", "%x%x%x%n")


def _json(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _article(tmp_path: Path, lines: list[str], name: str = "article.en") -> Path:
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- markup and templates


def test_html_and_template_payloads_are_escaped_in_html_and_exact_in_json(tmp_path: Path) -> None:
    lines = [f"Before {payload} after. ." for payload in HOSTILE]
    article = _article(tmp_path, lines)
    html, report = tmp_path / "report.html", tmp_path / "report.json"
    for fmt, out in (("html", html), ("json", report)):
        outcome = run_cli_on([article], "check", article, "--tgt-lang", "en", "-f", fmt, "-o", out)
        assert outcome.code in (0, 1)
    page = html.read_text(encoding="utf-8")
    for payload in HOSTILE:
        if "<" in payload or '"' in payload:
            assert payload not in page, payload
    data = _json(report)
    assert [segment["target"] for segment in data["segments"]] == lines  # type: ignore[index]
    assert {issue["code"] for issue in data["issues"]} >= {"TQ101"}  # type: ignore[union-attr,index]


def test_format_strings_are_data_not_formats(tmp_path: Path) -> None:
    lines = [f"The value {spec} was reported. ." for spec in FORMAT_STRINGS]
    article = _article(tmp_path, lines)
    report = tmp_path / "report.json"
    run_cli_on([article], "check", article, "--tgt-lang", "en", "-f", "json", "-o", report)
    assert [segment["target"] for segment in _json(report)["segments"]] == lines  # type: ignore[index]
    outcome = run_cli_on([article], "check", article, "--tgt-lang", "en", "--no-color")
    for spec in FORMAT_STRINGS:
        assert f"The value {spec} was" in outcome.stdout


# --------------------------------------------------------------------------- terminal escapes


@pytest.mark.parametrize("color", ["--color", "--no-color"])
def test_ansi_escapes_never_reach_the_terminal_raw(tmp_path: Path, color: str) -> None:
    lines = [f"Gaza {sequence} said. ." for sequence in ANSI] + ["\u202eevil\u202c text. .", "tab\there. ."]
    article = _article(tmp_path, lines, name="evil\x1b[2Jname.en")
    outcome = run_cli_on([article], "check", article, "--tgt-lang", "en", "--fail-on", "never", color)
    shown = outcome.stdout + outcome.stderr
    assert outcome.code == 0 and "TQ101" in shown
    for raw in ("\x1b]", "\x1b[2J", "\x1b[31mRED", "\x9b", "\x1bc", "\x1b[?1049h", "\x07", "\x08", "\x7f", "\u202e"):
        assert raw not in shown, repr(raw)
    if color == "--no-color":
        assert "\x1b" not in shown
    else:
        assert "\x1b[" in outcome.stdout  # rich's own styling is the only escape left


# --------------------------------------------------------------------------- size


def test_a_10_mb_single_line_is_read_exactly_and_checked_in_part(tmp_path: Path) -> None:
    words = ("the", "minister", "said", "talks", "on", "Monday", "were", "decisive", "Gaza", "and")
    body = " ".join(words[(n * 7) % 10] + ("," if n % 11 == 0 else "") for n in range(1_700_000))[:10_000_000]
    line = "(unclosed. . " + body + " (unclosed. ."
    article = tmp_path / "huge.en"
    article.write_text(line + "\n", encoding="utf-8")
    report = tmp_path / "huge.json"
    # Every default check: the first 100,000 characters are checked (tqcheck.limits), and TQ605 says so.
    run_cli_on([article], "check", article, "--tgt-lang", "en", "-f", "json", "-o", report, "--fail-on", "never")
    data = _json(report)
    spans = {(issue["code"], issue["start"], issue["end"]) for issue in data["issues"]}  # type: ignore[union-attr]
    assert ("TQ101", 9, 12) in spans and ("TQ201", 0, 1) in spans
    assert ("TQ101", len(line) - 3, len(line)) not in spans  # past the checked part
    assert [end for code, _start, end in spans if code == "TQ605"] == [len(line)]
    assert data["segments"][0]["target"] == line  # type: ignore[index]


_RSS_SCRIPT = textwrap.dedent("""
    import resource, sys
    from tqcheck.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit as done:
        code = done.code
    print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def _peak_rss_kb(article: Path, out: Path) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, "check", str(article), "--tgt-lang", "en",
                           "--select", "TQ101,TQ106,TQ201", "-f", "jsonl", "-o", str(out), "--fail-on", "never"],
                          capture_output=True, text=True, env=clean_env(), timeout=1200)
    code, rss = done.stdout.split()
    return int(code), int(rss)


@pytest.mark.slow  # a long run: `python -m pytest -m slow` (CI's second step)
def test_a_million_tiny_lines_complete_in_bounded_memory(tmp_path: Path) -> None:
    small, large = tmp_path / "small.en", tmp_path / "large.en"
    small.write_text("".join(f"a{n}.\n" for n in range(50_000)), encoding="utf-8")
    large.write_text("".join(f"a{n}.\n" for n in range(1_000_000)), encoding="utf-8")
    small_code, small_rss = _peak_rss_kb(small, tmp_path / "small.jsonl")
    large_code, large_rss = _peak_rss_kb(large, tmp_path / "large.jsonl")
    assert small_code == large_code == 0
    with (tmp_path / "large.jsonl").open("rb") as handle:
        assert sum(1 for _line in handle) == 1_000_000 + 1  # a line per segment, then the run's record
    # 20x the lines: holding them would cost hundreds of MB; streaming costs (almost) nothing more.
    assert large_rss - small_rss < 48 * 1024, (small_rss, large_rss)


# --------------------------------------------------------------------------- newlines and BOM


def test_bom_crlf_lone_cr_and_mixed_newlines_keep_lines_and_offsets(tmp_path: Path) -> None:
    article = tmp_path / "mixed.en"
    article.write_bytes(b"\xef\xbb\xbfGaza. .\r\nok\rStill here. .\n\r\nEnd. .")
    report = tmp_path / "mixed.json"
    run_cli_on([article], "check", article, "--tgt-lang", "en", "--select", "TQ101", "-f", "json", "-o", report)
    data = _json(report)
    assert [(s["line"], s["target"]) for s in data["segments"]] == [  # type: ignore[index,union-attr]
        (1, "Gaza. ."), (2, "ok"), (3, "Still here. ."), (5, "End. .")]
    assert [(i["line"], i["start"], i["end"]) for i in data["issues"]] == [  # type: ignore[index,union-attr]
        (1, 4, 7), (3, 10, 13), (5, 3, 6)]
    text = run_cli_on([article], "check", article, "--tgt-lang", "en", "--select", "TQ101", "--no-color")
    assert f"{article}:1:5 TQ101" in text.stdout and f"{article}:5:4 TQ101" in text.stdout


def test_line_aligned_files_with_different_newline_conventions_pair_up(tmp_path: Path) -> None:
    target, source = tmp_path / "mt.en", tmp_path / "src.de"
    target.write_bytes(b"\xef\xbb\xbfOne. .\nTwo 12.\rThree.\r\n")
    source.write_bytes(b"Eins.\r\nZwei 13.\r\nDrei.")
    report = tmp_path / "out.json"
    run_cli_on([target, source], "check", target, "--source", source, "--src-lang", "de", "--tgt-lang", "en",
               "-f", "json", "-o", report, "--fail-on", "never")
    data = _json(report)
    assert [(s["line"], s["source"], s["target"]) for s in data["segments"]] == [  # type: ignore[index,union-attr]
        (1, "Eins.", "One. ."), (2, "Zwei 13.", "Two 12."), (3, "Drei.", "Three.")]
    assert ("TQ101", 1, 3, 6) in {(i["code"], i["line"], i["start"], i["end"])  # type: ignore[index]
                                  for i in data["issues"]}  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", [".tsv", ".csv"])
def test_a_table_cell_larger_than_the_csv_default_limit(tmp_path: Path, suffix: str) -> None:
    cell = "Gaza. ." + " word" * 60_000  # 300 KB: the csv module refuses fields over 128 KiB by default
    separator = "\t" if suffix == ".tsv" else ","
    table = tmp_path / f"wide{suffix}"
    table.write_text(f"source{separator}target\nHallo{separator}{cell}\n", encoding="utf-8")
    report = tmp_path / "out.json"
    run_cli_on([table], "check", table, "--src-lang", "de", "--tgt-lang", "en", "--select", "TQ101", "-f", "json",
               "-o", report)
    assert [(i["line"], i["start"]) for i in _json(report)["issues"]] == [(2, 4)]  # type: ignore[index,union-attr]


def test_tsv_with_bom_and_crlf(tmp_path: Path) -> None:
    table = tmp_path / "batch.tsv"
    table.write_bytes(b"\xef\xbb\xbfsource\ttarget\r\nHallo.\tGaza. .\r\nJa.\tYes.\r\n")
    report = tmp_path / "out.json"
    run_cli_on([table], "check", table, "--src-lang", "de", "--tgt-lang", "en", "--select", "TQ101", "-f", "json",
               "-o", report)
    issues = _json(report)["issues"]
    assert [(i["line"], i["start"], i["end"]) for i in issues] == [(2, 4, 7)]  # type: ignore[index,union-attr]


# --------------------------------------------------------------------------- encodings

LEGACY = (
    ("cp1256", "ar", "قال الوزير إن المحادثات كانت حاسمة. ."),
    ("latin-1", "de", "Die Stra\u00dfe war gesperrt, sagte der B\u00fcrgermeister. ."),
    ("gb18030", "zh", "部长表示，会谈是决定性的。。 \U00020000"),
)


@pytest.mark.parametrize(("encoding", "lang", "text"), LEGACY, ids=[item[0] for item in LEGACY])
def test_legacy_encodings_read_with_encoding_and_fail_cleanly_without(tmp_path: Path, encoding: str, lang: str,
                                                                      text: str) -> None:
    article = tmp_path / "legacy.txt"
    data = ("First line.\n" + text + "\n").encode(encoding)
    article.write_bytes(data)
    with pytest.raises(UnicodeDecodeError) as bad:
        data.decode("utf-8")
    failed = run_cli_on([article], "check", article, "--tgt-lang", lang)
    assert failed.code == 2
    assert f"{article}:2:" in failed.stderr and f"byte offset {bad.value.start} " in failed.stderr
    assert "--encoding" in failed.stderr
    report = tmp_path / "legacy.json"
    done = run_cli_on([article], "check", article, "--tgt-lang", lang, "--encoding", encoding, "-f", "json",
                      "-o", report, "--fail-on", "never")
    assert done.code == 0
    assert [segment["target"] for segment in _json(report)["segments"]] == [  # type: ignore[index]
        "First line.", text]


def test_unknown_encoding_and_utf16_are_one_line_errors(tmp_path: Path) -> None:
    article = _article(tmp_path, ["Hello."])
    for encoding in ("klingon-8", "utf-16"):
        outcome = run_cli_on([article], "check", article, "--tgt-lang", "en", "--encoding", encoding)
        assert outcome.code == 2
