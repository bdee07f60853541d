"""The second hostile round (issue 16): each case once crashed tqcheck, exhausted memory or time,
overwrote an input or reached the terminal raw. Every run must end in a report or one `error:` line.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.hardening.helpers import run_cli, run_cli_on
from tqcheck.errors import shown

SOURCE = "The talks continued on Monday. The minister said so."


def _text(tmp_path: Path, text: str, name: str = "mt.en") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, inputs: list[Path], *args: str | Path) -> str:
    outcome = run_cli_on(inputs, *args)
    assert outcome.code == 2, outcome
    return outcome.stderr


# --------------------------------------------------------------------------- JSON that Python accepts

@pytest.mark.parametrize("row", [
    '{"id": "1", "target": "Hello \\ud800 there"}',
    '{"id": "\\udfff", "target": "Hello"}',
    '{"id": "1", "target": "Hello", "note": {"\\ud800": 1}}',
])
def test_lone_surrogates_in_jsonl_are_one_error_line(tmp_path: Path, row: str) -> None:
    batch = _text(tmp_path, row + "\n", "batch.jsonl")
    message = _error(tmp_path, [batch], "check", batch, "--tgt-lang", "en", "-f", "json", "-o", tmp_path / "o.json")
    assert "surrogate" in message


def test_a_surrogate_pair_is_a_character(tmp_path: Path) -> None:
    batch = _text(tmp_path, '{"id": "1", "target": "Smile \\ud83d\\ude00 now."}\n', "batch.jsonl")
    outcome = run_cli_on([batch], "check", batch, "--tgt-lang", "en", "-f", "json")
    assert outcome.code in (0, 1) and "\U0001f600" in outcome.stdout


def test_deeply_nested_json_is_one_error_line(tmp_path: Path) -> None:
    batch = _text(tmp_path, '{"id": "1", "target": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
                  "batch.jsonl")
    assert "nested too deeply" in _error(tmp_path, [batch], "check", batch, "--tgt-lang", "en")


@pytest.mark.parametrize("encoding", ["base64", "rot13", "zlib", "uu", "hex"])
def test_xml_declaring_a_bytes_codec_is_one_error_line(tmp_path: Path, encoding: str) -> None:
    xliff = _text(tmp_path, f'<?xml version="1.0" encoding="{encoding}"?>\n<xliff version="1.2"><file '
                  'source-language="en" target-language="de"><body><trans-unit id="1"><source>Hi</source>'
                  "<target>Hallo</target></trans-unit></body></file></xliff>\n", "batch.xlf")
    assert "not a character encoding" in _error(tmp_path, [xliff], "check", xliff)


@pytest.mark.parametrize("value", ["\x1b[31mxx", "qqq-zz-1234", "english"])
def test_language_columns_must_hold_language_codes(tmp_path: Path, value: str) -> None:
    table = _text(tmp_path, f"id\tsource\ttarget\tsrc_lang\ttgt_lang\n1\tHi\tHallo\t{value}\tde\n", "batch.tsv")
    message = _error(tmp_path, [table], "check", table)
    assert "src_lang" in message and "\x1b" not in message


# --------------------------------------------------------------------------- saved reports

def _saved_report(tmp_path: Path) -> Path:
    article = _text(tmp_path, "The talks continued. . On Monday.\n")
    run_cli_on([article], "check", article, "--tgt-lang", "en", "-f", "json", "-o", tmp_path / "result.json")
    return tmp_path / "result.json"


@pytest.mark.parametrize(("damage", "expected"), [
    (lambda text: text.replace('"summary": {', '"summary": {"scores": {"quality": NaN}, ', 1), "NaN"),
    (lambda text: text.replace('"summary": {', '"summary": {"scores": {"quality": -Infinity}, ', 1), "Infinity"),
    (lambda text: text.replace('"line": 1', '"line": 1' + "0" * 5000, 1), "5,001 digits"),
    (lambda text: text.replace('"The talks', '"\\ud800The talks', 1), "surrogate"),
])
def test_reports_with_values_json_forbids_are_one_error_line(tmp_path: Path, damage, expected: str) -> None:  # type: ignore[no-untyped-def]
    result = _saved_report(tmp_path)
    result.write_text(damage(result.read_text(encoding="utf-8")), encoding="utf-8")
    for fmt in ("text", "sarif", "markdown"):
        assert expected in _error(tmp_path, [result], "report", result, "-f", fmt, "-o", tmp_path / f"o.{fmt}")


def test_a_crafted_check_code_is_inert_markdown(tmp_path: Path) -> None:
    result = _saved_report(tmp_path)
    data = json.loads(result.read_text(encoding="utf-8"))
    for issue in data["issues"]:
        issue["code"] = "<script>alert(1)</script>"
    result.write_text(json.dumps(data), encoding="utf-8")
    outcome = run_cli_on([result], "report", result, "-f", "markdown")
    assert "<script>" not in outcome.stdout


# --------------------------------------------------------------------------- outputs that would destroy inputs

def test_a_file_uri_naming_the_input_is_refused(tmp_path: Path) -> None:
    article = _text(tmp_path, SOURCE + "\n")
    assert "refusing to overwrite" in _error(tmp_path, [article], "check", article, "--tgt-lang", "en",
                                             "-o", article.as_uri())


def test_a_report_inside_the_input_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    first = _text(folder, SOURCE + "\n", "a.txt")
    assert "inside the input folder" in _error(tmp_path, [first], "check", folder, "--tgt-lang", "en",
                                               "--input-format", "articles", "-o", first)


def test_the_config_file_and_the_files_it_names_are_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    article = _text(tmp_path, SOURCE + "\n")
    glossary = _text(tmp_path, "source,target,type\nGallant,Gallant,required\n", "names.csv")
    config = _text(tmp_path, '[tool.tqcheck]\nglossary = "names.csv"\n', "tqcheck.toml")
    for output in (config, glossary):
        assert "refusing to overwrite" in _error(tmp_path, [article, glossary, config], "check", article,
                                                 "--tgt-lang", "en", "-o", output.name)


# --------------------------------------------------------------------------- what reaches a terminal or a log

def test_file_names_with_escape_sequences_are_shown_not_sent(tmp_path: Path) -> None:
    message = run_cli("check", tmp_path / "\x1b[2Jmissing.txt").stderr
    assert "\x1b" not in message and "\u241b[2J" in message


def test_an_unknown_option_is_one_error_line() -> None:
    outcome = run_cli("check", "x.txt", "--bogus\x1b[31m")
    assert outcome.code == 2
    assert outcome.stderr.count("\n") == 1 and outcome.stderr.startswith("error: No such option")
    assert "\x1b" not in outcome.stderr


def test_a_file_that_is_no_glossary_is_not_printed(tmp_path: Path) -> None:
    article = _text(tmp_path, SOURCE + "\n")
    secret = _text(tmp_path, "SECRET_TOKEN=hunter2\x00HOME=/root\x00" * 20, "environ")
    message = _error(tmp_path, [article, secret], "check", article, "--tgt-lang", "en", "--glossary", secret)
    assert "hunter2" not in message and "not shown" in message


def test_shown_keeps_typos_and_hides_blobs() -> None:
    assert shown("traget") == "'traget'"
    assert "not shown" in shown("x" * 41) and "not shown" in shown("a\x00b")


# --------------------------------------------------------------------------- work and memory without bound

@pytest.mark.parametrize("text", [
    "Hello a" + "\u0301" * 10_000 + ". . the the end",  # a combining storm: one 10,001-character "word"
    "The " + "x" * 4096 + "q word here.",
])
def test_pathological_words_finish_quickly(tmp_path: Path, text: str) -> None:
    article = _text(tmp_path, text + "\n")
    started = time.monotonic()
    run_cli_on([article], "check", article, "--tgt-lang", "en", "-f", "html", "-o", tmp_path / "report.html")
    assert time.monotonic() - started < 30


def test_a_one_megabyte_line_with_thousands_of_findings_is_linear(tmp_path: Path) -> None:
    words = "the talks Gallant said Gaza 12 news über 中国 ".split()
    line = " ".join(words[index % len(words)] for index in range(110_000))
    article = _text(tmp_path, line + "\r\nNext line.\r\n")
    started = time.monotonic()
    run_cli_on([article], "check", article, "--tgt-lang", "en", "-f", "html", "-o", tmp_path / "report.html")
    assert time.monotonic() - started < 60


def test_a_device_is_not_read() -> None:
    outcome = run_cli("check", "/dev/zero", "--tgt-lang", "en")
    assert outcome.code == 2 and "is a device" in outcome.stderr


@pytest.mark.parametrize("option", ["--min-quality", "--min-chrf"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_thresholds_must_be_finite(tmp_path: Path, option: str, value: str) -> None:
    article = _text(tmp_path, SOURCE + "\n")
    assert "finite" in _error(tmp_path, [article], "check", article, "--tgt-lang", "en", option, value)


def test_a_huge_config_phrase_is_refused(tmp_path: Path) -> None:
    article = _text(tmp_path, SOURCE + "\n")
    config = _text(tmp_path, '[tool.tqcheck]\nboilerplate = ["' + "x" * 1_000_000 + '"]\n', "big.toml")
    assert "at most" in _error(tmp_path, [article, config], "check", article, "--tgt-lang", "en", "--config", config)


def test_jobs_are_capped_with_a_notice(tmp_path: Path) -> None:
    article = _text(tmp_path, SOURCE + "\n")
    outcome = run_cli_on([article], "check", article, "--tgt-lang", "en", "--jobs", "10000")
    assert outcome.code in (0, 1) and "capped" in outcome.stderr


@pytest.mark.parametrize("command", ["score", "check"])
def test_a_capped_jobs_notice_never_joins_an_error(tmp_path: Path, command: str) -> None:
    """The cap is a notice about a run: a run that ends in an error prints its one error line only."""
    mt = _text(tmp_path, "One.\nTwo.\n", "mt.en")
    longer = _text(tmp_path, "One.\nTwo.\nThree.\n", "ref.en")
    flag = "-r" if command == "score" else "--reference"
    stderr = _error(tmp_path, [mt, longer], command, mt, flag, longer, "--tgt-lang", "en", "--jobs", "1000")
    assert stderr.startswith("error: ") and "line counts differ" in stderr and stderr.count("\n") == 1


# --------------------------------------------------------------------------- what the system refuses

def test_a_name_too_long_and_a_full_disk_are_one_error_line(tmp_path: Path) -> None:
    article = _text(tmp_path, SOURCE + "\n")
    assert "too long" in _error(tmp_path, [article], "check", article, "--tgt-lang", "en",
                                "-o", tmp_path / ("x" * 300 + ".json"))
    if Path("/dev/full").exists():
        assert "No space left" in _error(tmp_path, [article], "check", article, "--tgt-lang", "en", "-o", "/dev/full")


def test_a_closed_standard_output_is_one_error_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.hardening.helpers import clean_env

    article = _text(tmp_path, SOURCE + "\n")
    result = subprocess.run([sys.executable, "-m", "tqcheck", "check", str(article), "--tgt-lang", "en"],
                            stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=clean_env(),
                            preexec_fn=lambda: os.close(1), check=False)
    assert result.returncode == 2 and result.stderr.startswith("error: standard output is closed")


# --------------------------------------------------------------------------- the cache folder is input too

def test_damaged_cache_files_are_rebuilt_with_one_notice(tmp_path: Path) -> None:
    import os
    import random
    import subprocess
    import sys

    from tests.hardening.helpers import clean_env

    cache = tmp_path / "cache"
    article = _text(tmp_path, "The minister will recieve the delegation on Monday.\n")
    command = [sys.executable, "-m", "tqcheck", "check", str(article), "--tgt-lang", "en"]
    env = clean_env(TQCHECK_CACHE_DIR=str(cache))
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert first.returncode in (0, 1), first.stderr
    trie = next(cache.glob("wordfreq-*-en-*.marisa"))
    damaged = bytearray(trie.read_bytes())
    rng = random.Random(16)
    for _ in range(200):
        damaged[rng.randrange(len(damaged))] ^= 0xFF
    trie.write_bytes(bytes(damaged))
    for table in cache.glob("py3langid-*/ptc.npy"):
        os.truncate(table, 1000)
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert second.returncode == first.returncode and second.stdout == first.stdout
    assert "word table for 'en'" in second.stderr and "rebuilt" in second.stderr
    third = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert "rebuilt" not in third.stderr


def test_po_strings_may_hold_characters_python_splits_lines_at(tmp_path: Path) -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
    catalogue = _text(tmp_path, header + 'msgid "Line\u2028break and\x0bvertical tab"\n'
                      'msgstr "Zeile\u2028Umbruch und\x0bTab"\n', "de.po")
    outcome = run_cli_on([catalogue], "check", catalogue, "--src-lang", "en", "-f", "json")
    segment = json.loads(outcome.stdout)["segments"][0]
    assert segment["source"] == "Line\u2028break and\x0bvertical tab"
    assert segment["target"] == "Zeile\u2028Umbruch und\x0bTab"


def test_escape_sequences_in_a_saved_report_never_reach_the_terminal(tmp_path: Path) -> None:
    result = _saved_report(tmp_path)
    escape = "\x1b[2J\x1b]0;pwned\x07"
    fixed = {"severity", "family", "schema_version", "name", "version", "field", "created", "code"}

    def poisoned(value: object, key: str | None = None) -> object:
        if isinstance(value, dict):
            return {name: item if name in fixed else poisoned(item, name) for name, item in value.items()}
        if isinstance(value, list):
            return [poisoned(item, key) for item in value]
        return value + escape if isinstance(value, str) and value not in ("info", "warning", "error") else value

    result.write_text(json.dumps(poisoned(json.loads(result.read_text(encoding="utf-8")))), encoding="utf-8")
    for fmt in ("text", "github", "markdown"):
        outcome = run_cli_on([result], "report", result, "-f", fmt)
        assert "\x1b" not in outcome.stdout and "\x1b" not in outcome.stderr, fmt


def test_one_check_lists_at_most_a_thousand_findings_in_a_segment(tmp_path: Path) -> None:
    from collections import Counter

    from tqcheck.limits import MAX_FINDINGS_PER_SEGMENT

    article = _text(tmp_path, " ".join(["Gaza. . the the"] * 3000) + "\n")
    outcome = run_cli_on([article], "check", article, "--tgt-lang", "en", "-f", "json", "--select", "TQ101")
    issues = json.loads(outcome.stdout)["issues"]
    assert Counter(issue["code"] for issue in issues)["TQ101"] == MAX_FINDINGS_PER_SEGMENT + 1
    assert issues[-1]["severity"] == "info" and "More findings of this check" in issues[-1]["message"]


def test_a_line_separator_in_a_file_name_keeps_the_error_on_one_line(tmp_path: Path) -> None:
    outcome = run_cli("check", tmp_path / "mt\u2028en.txt")
    assert outcome.code == 2 and len(outcome.stderr.splitlines()) == 1 and "<U+2028>" in outcome.stderr
