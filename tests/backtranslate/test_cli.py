"""`tqcheck backtranslate` through Typer's CliRunner, on the tiny Marian model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("torch")
pytest.importorskip("transformers")

from tqcheck.cli import app, main  # noqa: E402

runner = CliRunner()
MT = "Die Regierung hat am Montag neue Gesetze beschlossen.\n\nPrices rose.\nseven\n"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["backtranslate", *args])
    return result.exit_code, result.stdout, result.stderr


def main_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run through main() as the console script does: (exit code, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(["backtranslate", *args])
    return int(exit_info.value.code or 0), capsys.readouterr().err


@pytest.fixture
def mt_file(tmp_path: Path) -> Path:
    path = tmp_path / "mt.de"
    path.write_text(MT, encoding="utf-8")
    return path


def common(model: Path, tmp_path: Path) -> list[str]:
    return ["--model", str(model), "--src-lang", "en", "--tgt-lang", "de", "--beams", "1", "--device", "cpu",
            "--cache", str(tmp_path / "cache.sqlite")]


def test_one_line_per_input_line(marian_dir: Path, mt_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "back.en"
    code, stdout, stderr = invoke(str(mt_file), *common(marian_dir, tmp_path), "--output", str(out),
                                  "--no-progress")
    assert (code, stdout, stderr) == (0, "", "")
    lines = out.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 5 and lines[-1] == ""  # 4 lines, newline-terminated
    assert lines[1] == "" and all(lines[i] for i in (0, 2, 3))
    assert not list(tmp_path.glob(".back.en.*.tmp"))


def test_second_run_uses_the_cache_and_reports(marian_dir: Path, mt_file: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "1.en", tmp_path / "2.en"
    assert invoke(str(mt_file), *common(marian_dir, tmp_path), "-o", str(first))[0] == 0
    code, _stdout, stderr = invoke(str(mt_file), *common(marian_dir, tmp_path), "-o", str(second),
                                   "--progress")
    assert code == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert "back-translated 4 segments: 0 sentences translated, 3 from the cache, 1 blank segments" in stderr


def test_stdout_and_no_cache(marian_dir: Path, mt_file: Path, tmp_path: Path) -> None:
    args = ["--model", str(marian_dir), "--src-lang", "en", "--tgt-lang", "de", "--beams", "1", "--no-cache"]
    code, stdout, _stderr = invoke(str(mt_file), *args, "-o", "-")
    assert code == 0 and len(stdout.splitlines()) == 4
    assert not (tmp_path / "xdg-cache").exists()


def test_tsv_and_jsonl_read_the_target_column(marian_dir: Path, tmp_path: Path) -> None:
    tsv = tmp_path / "batch.tsv"
    tsv.write_text("source\ttarget\nPrices rose.\tDie Preise stiegen.\nHello.\tHallo.\n", encoding="utf-8")
    jsonl = tmp_path / "batch.jsonl"
    pairs = (("Prices rose.", "Die Preise stiegen."), ("Hello.", "Hallo."))
    jsonl.write_text("".join(json.dumps({"src": s, "mt": t}) + "\n" for s, t in pairs), encoding="utf-8")
    plain = tmp_path / "plain.de"
    plain.write_text("Die Preise stiegen.\nHallo.\n", encoding="utf-8")
    outputs = []
    for path in (tsv, jsonl, plain):
        out = tmp_path / f"{path.name}.en"
        assert invoke(str(path), *common(marian_dir, tmp_path), "-o", str(out))[0] == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0].count("\n") == 2


def test_cache_and_no_cache_conflict(marian_dir: Path, mt_file: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, err = main_error([str(mt_file), *common(marian_dir, tmp_path), "--no-cache", "-o", "-"], capsys)
    assert code == 2 and err == "error: --cache and --no-cache exclude each other\n"


def test_missing_model_is_one_line_exit_2(mt_file: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(mt_file), *common(tmp_path / "nope", tmp_path), "-o", str(tmp_path / "o")]
    code, err = main_error(args, capsys)
    assert code == 2 and err.startswith("error: model directory not found: ") and err.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_offline_hub_id_is_one_line_exit_2(mt_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    args = [str(mt_file), "--model", "Helsinki-NLP/opus-mt-de-en", "--src-lang", "en", "--tgt-lang", "de",
            "-o", str(tmp_path / "o")]
    code, err = main_error(args, capsys)
    assert code == 2 and "HF_HUB_OFFLINE is set" in err and "hf download Helsinki-NLP/opus-mt-de-en" in err
    assert err.count("\n") == 1


def test_an_unreachable_hub_fails_at_once(mt_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """No network: one line within seconds, not after the hub client's retries (about 30 s)."""
    import time

    pytest.importorskip("transformers")
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # the discard port: nothing listens there
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    args = [str(mt_file), "--model", "org/not-cached-here", "--src-lang", "en", "--tgt-lang", "de",
            "-o", str(tmp_path / "o")]
    started = time.monotonic()
    code, err = main_error(args, capsys)
    assert code == 2 and "Hugging Face Hub is unreachable" in err and err.count("\n") == 1
    assert time.monotonic() - started < 10


def test_refuses_to_overwrite_the_input(marian_dir: Path, mt_file: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, err = main_error([str(mt_file), *common(marian_dir, tmp_path), "-o", str(mt_file)], capsys)
    assert code == 2 and "refusing to overwrite an input file" in err
    assert mt_file.read_text(encoding="utf-8") == MT


def test_bad_language_exit_2(marian_dir: Path, mt_file: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(mt_file), "--model", str(marian_dir), "--src-lang", "english", "--tgt-lang", "de", "-o", "-"]
    code, err = main_error(args, capsys)
    assert code == 2 and "unknown language code 'english'" in err


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["backtranslate", "--help"])
    assert result.exit_code == 0 and "Example: tqcheck backtranslate" in result.stdout


def test_a_sentence_past_the_model_limit_is_reported(marian_dir: Path, tmp_path: Path) -> None:
    long_line = tmp_path / "long.de"
    long_line.write_text(" ".join(["Wort"] * 60) + "\n", encoding="utf-8")
    code, _stdout, stderr = invoke(str(long_line), *common(marian_dir, tmp_path), "--max-length", "16",
                                   "-o", str(tmp_path / "back.en"))
    assert code == 0
    assert "1 sentence longer than" in stderr and "were cut there" in stderr


def test_progress_off_a_terminal_is_plain_lines(marian_dir: Path, mt_file: Path, tmp_path: Path) -> None:
    args = ["--model", str(marian_dir), "--src-lang", "en", "--tgt-lang", "de", "--beams", "1", "--no-cache"]
    code, _stdout, stderr = invoke(str(mt_file), *args, "--progress", "-o", str(tmp_path / "back.en"))
    assert code == 0
    assert "tqcheck: back-translating with" in stderr and "sentences" in stderr and "done in" in stderr
