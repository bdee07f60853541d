"""`tqcheck check --fix / --diff / --unsafe-fixes / --in-place`: what is fixed, what is kept, what remains."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app, main
from tqcheck.readers import read_segments

from ..conftest import ROOT, SHARED

runner = CliRunner()
PIPELINE = ROOT / "corpora" / "pipeline"

ARTICLE = """\
Gallant meets Blinken in Washington to discuss the war in Gaza

Mon 24 Jun 2024 - Jerusalem

Israeli Defense Minister Yoav Gallant met Secretary of State Antony Blinken in Washington on Monday, his office said.

Gallant said, "The meetings we are holding are very important for the future of the war in Gaza." .

He added that Gallant and Blinken discussed the the shipment of weapons and the situation on the northern border.

Gallant also met Defense Secretary Lloyd Austin (at the Pentagon, where the talks lasted two hours.

Officials said Gallant would return to Israel on Wednesday, after meetings at the White House.

Austin called the talks “frank and useful” and said the two men would “meet again soon.”

A spokesman described the visit as “decisive.”

Share your opinion

Gallant meets Blinken in Washington to discuss the war in Gaza
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args, "--tgt-lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def codes(path: Path, *extra: str) -> list[str]:
    result = runner.invoke(app, ["check", str(path), "-f", "json", "--fail-on", "never", *extra])
    assert result.exit_code == 0, result.stderr
    return sorted(issue["code"] for issue in json.loads(result.stdout)["issues"])


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_fix_writes_the_safe_fixes_and_reports_what_needs_a_human(article: Path, tmp_path: Path) -> None:
    before = article.read_bytes()
    fixed = tmp_path / "fixed.txt"
    code, stdout, stderr = invoke(str(article), "--fix", "-o", str(fixed))
    assert article.read_bytes() == before  # the input is never modified without --in-place
    text = fixed.read_text(encoding="utf-8")
    assert "Gaza.”\n" in text and "“The meetings" in text  # doubled stop gone, the document's own quotes
    assert "discussed the shipment" in text  # the repeated word
    assert "Share your opinion" not in text  # web text ending the article
    assert text.count("Gallant meets Blinken") == 1  # the headline repeated as the last paragraph
    assert text.endswith("“decisive.”\n")
    assert "(at the Pentagon" in text  # an unclosed bracket needs a human: reported, not touched
    assert "TQ201" in stdout and "TQ101" not in stdout
    assert "fixed 5 issues in 1 file" in stderr
    assert code == 0  # what remains is a warning: the default gate passes


def test_the_fixed_text_has_no_finding_the_original_did_not_have(article: Path, tmp_path: Path) -> None:
    fixed = tmp_path / "fixed.txt"
    invoke(str(article), "--fix", "-o", str(fixed))
    old, new = codes(article, "--tgt-lang", "en"), codes(fixed, "--tgt-lang", "en")
    assert all(new.count(code) <= old.count(code) for code in set(new))
    assert len(new) < len(old)


def test_diff_shows_the_fixes_writes_nothing_and_exits_1(article: Path, tmp_path: Path) -> None:
    before = article.read_bytes()
    code, stdout, _ = invoke(str(article), "--diff")
    assert code == 1
    assert article.read_bytes() == before
    assert stdout.startswith(f"--- {article}\n+++ {article}\n@@ ")
    assert "-Share your opinion\n" in stdout and "+He added that Gallant and Blinken discussed the shipment" in stdout
    # Nothing to fix: an empty diff and exit 0.
    fixed = tmp_path / "fixed.txt"
    invoke(str(article), "--fix", "-o", str(fixed))
    code, stdout, _ = invoke(str(fixed), "--diff")
    assert (code, stdout) == (0, "")


def test_unsafe_fixes_are_offered_and_applied_only_when_asked(tmp_path: Path) -> None:
    lines = ["Gallant arrived in Washington on Monday for talks with his American counterparts."] + [
        f"Gallant said the talks on day {n} were useful and that Gallant would stay." for n in range(4)] + [
        "Officials said Galanat would leave on Friday."]
    path = tmp_path / "names.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    code, stdout, stderr = invoke(str(path), "--diff")
    assert stdout == "" and "1 more fix with --unsafe-fixes" in stderr
    code, stdout, stderr = invoke(str(path), "--diff", "--unsafe-fixes")
    assert "+Officials said Gallant would leave on Friday." in stdout


@pytest.mark.parametrize("name", ["article.en-fr.xlf", "ui-strings.en-de.xlf", "headlines.en-es.tmx",
                                  "newsroom.de.po"])
def test_pipeline_files_keep_every_byte_but_the_fixed_text(name: str, tmp_path: Path) -> None:
    original = PIPELINE / name
    fixed = tmp_path / name
    runner.invoke(app, ["check", str(original), "--fix", "-o", str(fixed)])
    assert fixed.exists()
    old_lines = original.read_text(encoding="utf-8").splitlines()
    new_lines = fixed.read_text(encoding="utf-8").splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(old, new) for old, new in zip(old_lines, new_lines) if old != new]
    assert changed, "the sample has a safe fix"
    old_segments, new_segments = list(read_segments(original)), list(read_segments(fixed))
    assert len(old_segments) == len(new_segments)
    for old, new in zip(old_segments, new_segments):
        assert (old.id, old.source, old.meta, old.doc_id) == (new.id, new.source, new.meta, new.doc_id)
    assert sum(old.target != new.target for old, new in zip(old_segments, new_segments)) == len(changed)


def test_xliff_entities_and_inline_codes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="en" target-language="fr" datatype="plaintext" original="a.txt"><body>\n'
        '<trans-unit id="1"><source>Tom &amp; Jerry <x id="1"/> left.</source>'
        '<target>Tom &amp; Jerry <x id="1"/> sont partis..</target></trans-unit>\n'
        '<!-- a comment the fix must keep --><trans-unit id="2"><source>Fine.</source>'
        '<target>Très bien.</target></trans-unit>\n'
        '</body></file></xliff>\n', encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    fixed = tmp_path / "fixed.xlf"
    runner.invoke(app, ["check", str(path), "--fix", "-o", str(fixed)])
    assert fixed.read_text(encoding="utf-8") == before.replace("partis..", "partis.")


def test_json_escapes_and_other_fields_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    rows = [{"id": "1", "source": "\"Safety first,\" she said.", "target": "\"Sicherheit geht vor\",, sagte sie.",
             "note": "keep\\me"},
            {"id": "2", "source": "He left.", "target": "Er ging.", "extra": [1, 2]}]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    fixed = tmp_path / "fixed.jsonl"
    runner.invoke(app, ["check", str(path), "--fix", "-o", str(fixed), "--src-lang", "en", "--tgt-lang", "de"])
    got = [json.loads(line) for line in fixed.read_text(encoding="utf-8").splitlines()]
    assert got[0]["target"] == "\"Sicherheit geht vor\", sagte sie."
    assert got[0]["note"] == "keep\\me" and got[1] == rows[1]
    assert fixed.read_text(encoding="utf-8").splitlines()[1] == path.read_text(encoding="utf-8").splitlines()[1]


def test_csv_quoted_cells(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(b'id,source,target\r\n1,"He said ""yes"".","Er sagte ""ja"".."\r\n2,Fine.,Gut.\r\n')
    fixed = tmp_path / "fixed.csv"
    runner.invoke(app, ["check", str(path), "--fix", "-o", str(fixed), "--src-lang", "en", "--tgt-lang", "de"])
    assert fixed.read_bytes() == b'id,source,target\r\n1,"He said ""yes"".","Er sagte ""ja""."\r\n2,Fine.,Gut.\r\n'


def test_in_place_keeps_the_file_mode_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"The minister resigned on Monday. .\r\n\r\nHe said he was proud of his work.\r\n")
    os.chmod(path, 0o640)
    code, _, stderr = invoke(str(path), "--fix", "--in-place")
    assert path.read_bytes() == b"The minister resigned on Monday.\r\n\r\nHe said he was proud of his work.\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert code == 0 and "fixed 1 issue in 1 file" in stderr


def test_in_place_fixes_every_input_of_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("The talks ended on Monday. .\n", encoding="utf-8")
    (folder / "b.txt").write_text("Nothing to fix in this article at all.\n", encoding="utf-8")
    code, _, stderr = invoke(str(folder), "--fix", "--in-place")
    assert (folder / "a.txt").read_text(encoding="utf-8") == "The talks ended on Monday.\n"
    assert (folder / "b.txt").read_text(encoding="utf-8") == "Nothing to fix in this article at all.\n"


def test_filter_from_standard_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "-", "--fix", "-o", "-", "--tgt-lang", "en"],
                           input="The talks ended on Monday. .\nThey will resume in May.\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "The talks ended on Monday.\nThey will resume in May.\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--fix"], "--fix writes the fixed text"),
    (["--fix", "--in-place", "-o", "x.txt"], "choose one"),
    (["--diff", "--in-place"], "--diff only shows the fixes"),
    (["--unsafe-fixes"], "--unsafe-fixes goes with --fix"),
    (["--fix", "--in-place", "--statistics"], "--statistics"),
])
def test_wrong_combinations_are_one_error_line(article: Path, args: list[str], message: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", str(article), *args])
    stdout, stderr = capsys.readouterr()
    assert exit_.value.code == 2 and stdout == ""
    assert len(stderr.splitlines()) == 1 and stderr.startswith("error:") and message in stderr


def test_a_fix_that_would_add_a_finding_is_taken_back(article: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import tqcheck.fixes.session as session
    from tqcheck.fixes.edits import Edit

    real = session.edits_for

    def harmful(text, issues, codes):  # type: ignore[no-untyped-def]
        found = real(text, issues, codes)
        if "White House" in text:  # a "fix" that opens a bracket it never closes: TQ201 would fire there
            found = [*found, Edit(next(iter(issues)).segment_id if issues else "", len(text) - 1, len(text),
                                  ". (", "TQ101")]
        return found

    monkeypatch.setattr(session, "edits_for", harmful)
    fixed = tmp_path / "fixed.txt"
    # The segment has no issue of its own: give it one the real checks find (a doubled word).
    article.write_text(ARTICLE.replace("at the White House.", "at the the White House."), encoding="utf-8")
    _, _, stderr = invoke(str(article), "--fix", "-o", str(fixed))
    text = fixed.read_text(encoding="utf-8")
    assert "at the the White House.\n" in text  # the segment keeps its text: all its edits went back
    assert "taken back (TQ101, TQ701)" in stderr


def test_checks_listing_says_which_fixes_are_safe() -> None:
    result = runner.invoke(app, ["checks"])
    header = result.stdout.splitlines()[0]
    assert "fix" in header.split()
    row = next(line for line in result.stdout.splitlines() if line.startswith("TQ101"))
    assert " safe " in row
    row = next(line for line in result.stdout.splitlines() if line.startswith("TQ401"))
    assert " unsafe " in row
    detail = runner.invoke(app, ["checks", "TQ101"]).stdout
    assert "fix: safe" in detail


@pytest.mark.skipif(not (SHARED / "examples" / "news-ar-en-mt.txt").exists(), reason="../shared is absent")
def test_the_real_article_keeps_only_what_needs_a_human(tmp_path: Path) -> None:
    article = tmp_path / "news-ar-en-mt.txt"
    shutil.copy(SHARED / "examples" / "news-ar-en-mt.txt", article)
    fixed = tmp_path / "fixed.txt"
    invoke(str(article), "--fix", "-o", str(fixed))
    assert codes(fixed, "--tgt-lang", "en") == ["TQ201", "TQ401"]  # the bracket, and Galanat (an unsafe fix)
    invoke(str(article), "--fix", "--unsafe-fixes", "-o", str(fixed))
    assert codes(fixed, "--tgt-lang", "en") == ["TQ201"]
    assert "Galanat" not in fixed.read_text(encoding="utf-8")


@pytest.mark.skipif(not (SHARED / "corpora" / "wmt23" / "en-cs").exists(), reason="../shared is absent")
def test_fixes_that_surface_more_to_fix_are_made_in_passes(tmp_path: Path) -> None:
    # Re-marking the straight quotes of a passage makes its style clear, and a quotation tolerated while
    # the passage was mixed now stands out (TQ203): the next pass fixes it instead of taking all back.
    wmt = SHARED / "corpora" / "wmt23" / "en-cs"
    fixed = tmp_path / "fixed.cs"
    result = runner.invoke(app, ["check", str(wmt / "ONLINE-B.cs"), "--source", str(wmt / "source.en"),
                                 "--src-lang", "en", "--tgt-lang", "cs", "--fix", "-o", str(fixed), "--jobs", "1",
                                 "--fail-on", "never", "-f", "json"])
    assert "taken back" not in result.stderr
    assert int(result.stderr.split("fixed ")[1].split()[0]) > 40
    old = codes(wmt / "ONLINE-B.cs", "--source", str(wmt / "source.en"), "--src-lang", "en", "--tgt-lang", "cs")
    new = codes(fixed, "--source", str(wmt / "source.en"), "--src-lang", "en", "--tgt-lang", "cs")
    assert all(new.count(code) <= old.count(code) for code in set(new))
