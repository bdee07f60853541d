"""Nothing is lost when tqcheck is killed: reports are all-or-nothing, back-translation resumes.

Real subprocesses of `python -m tqcheck`, killed with SIGKILL (no cleanup handler runs):
- `check -o out.json` killed while the report is being written leaves `out.json` absent or
  exactly the previous complete file (the report goes to a hidden temporary file beside it,
  renamed into place only when complete);
- `backtranslate --cache` killed mid-run keeps every finished batch in its sqlite cache; the
  rerun translates only what is missing (counted from its own summary line) and writes the
  same output as an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hardening.helpers import clean_env, digest

TQCHECK = [sys.executable, "-m", "tqcheck"]


def _kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 300) -> None:
    """SIGKILL `process` as soon as `ready()` holds; fail if it finishes first."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"the process finished (exit {process.returncode}) before it could be killed mid-run")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the process never reached the point to kill it at")
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


def _temporaries(directory: Path, name: str) -> list[Path]:
    return sorted(directory.glob(f".{name}.*.tmp"))


@pytest.fixture(scope="module")
def large_article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough distinct segments that checking them takes seconds, so the write can be caught halfway."""
    path = tmp_path_factory.mktemp("large") / "large.en"
    path.write_text("".join(f"Line {n}: the minister met Gallant in Gaza.. (said {n * 7}\n" for n in range(60_000)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("previous", [True, pytest.param(False, marks=pytest.mark.slow)],
                         ids=["replaces-a-report", "first-report"])
def test_check_killed_mid_write_leaves_no_partial_report(large_article: Path, tmp_path: Path,
                                                         previous: bool) -> None:
    out = tmp_path / "out.json"
    if previous:
        out.write_text('{"previous": "complete report"}\n', encoding="utf-8")
    before_output = out.read_bytes() if previous else None
    before_inputs = digest([large_article])
    process = subprocess.Popen([*TQCHECK, "check", str(large_article), "--tgt-lang", "en", "-f", "json",
                                "-o", str(out)], env=clean_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)

    def writing() -> bool:
        temporaries = _temporaries(tmp_path, "out.json")
        return bool(temporaries) and temporaries[0].stat().st_size > 64 * 1024

    _kill_when(process, writing)
    if previous:
        assert out.read_bytes() == before_output
    else:
        assert not out.exists()
    assert [path.name for path in tmp_path.iterdir() if not path.name.startswith(".")] == (
        ["out.json"] if previous else [])
    assert digest([large_article]) == before_inputs

    # The next run completes and replaces the file in one step; a stale hidden temporary is never read.
    done = subprocess.run([*TQCHECK, "check", str(large_article), "--tgt-lang", "en", "--select", "TQ101",
                           "-f", "json", "-o", str(out)], env=clean_env(), capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["segments"] == 60_000


def _children(pid: int) -> list[int]:
    """The live child processes of `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (name) ": state, ppid, ...
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_end_when_the_driver_is_killed(large_article: Path, tmp_path: Path) -> None:
    """SIGKILL of `check --jobs 2` (a CI timeout, the OOM killer) must not leave its pool's workers
    waiting forever: they notice the driver is gone and exit within seconds."""
    process = subprocess.Popen([*TQCHECK, "check", str(large_article), "--tgt-lang", "en", "--jobs", "2",
                                "-f", "jsonl", "-o", str(tmp_path / "out.jsonl")], env=clean_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []

    def pool_running() -> bool:
        workers[:] = _children(process.pid)
        return len(workers) >= 2

    _kill_when(process, pool_running)
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers still running 15 s after the driver was killed: {left}"


# --------------------------------------------------------------------------- back-translation resume

LINES = 100


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    from tests.backtranslate.tiny_models import build_marian

    return build_marian(tmp_path_factory.mktemp("tiny-marian"))


def _backtranslate(model: Path, mt: Path, cache: Path, out: Path) -> list[str]:
    return [*TQCHECK, "backtranslate", str(mt), "--model", str(model), "--src-lang", "en", "--tgt-lang", "de",
            "--beams", "1", "--device", "cpu", "--max-length", "24", "--batch-tokens", "96", "--cache", str(cache),
            "-o", str(out), "--progress"]


def _rows(cache: Path) -> int:
    if not cache.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
    except sqlite3.Error:  # created but no table yet, or locked for a moment
        return 0


@pytest.mark.slow  # a long run: `python -m pytest -m slow` (CI's second step)
def test_killed_backtranslation_resumes_from_its_cache(tiny_model: Path, tmp_path: Path) -> None:
    mt = tmp_path / "mt.de"
    mt.write_text("".join(f"Die Regierung hat am Montag {n} neue Gesetze beschlossen.\n" for n in range(LINES))
                  + "\n", encoding="utf-8")  # one blank line: never sent to the model
    env = clean_env(OMP_NUM_THREADS="1", HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    before = digest([mt])

    reference_out = tmp_path / "uninterrupted.en"
    whole = subprocess.run(_backtranslate(tiny_model, mt, tmp_path / "fresh.sqlite", reference_out), env=env,
                           capture_output=True, text=True, timeout=600)
    assert whole.returncode == 0, whole.stderr
    assert (f"back-translated {LINES + 1} segments: {LINES} sentences translated, 0 from the cache, 1 blank "
            "segments") in whole.stderr

    cache, out = tmp_path / "cache.sqlite", tmp_path / "back.en"
    process = subprocess.Popen(_backtranslate(tiny_model, mt, cache, out), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _kill_when(process, lambda: _rows(cache) >= 12)
    kept = _rows(cache)
    assert 12 <= kept < LINES, kept
    assert not out.exists()

    rerun = subprocess.run(_backtranslate(tiny_model, mt, cache, out), env=env, capture_output=True, text=True,
                           timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    summary = (f"back-translated {LINES + 1} segments: {LINES - kept} sentences translated, {kept} from the cache, "
               "1 blank segments")
    assert summary in rerun.stderr, rerun.stderr[-500:]
    assert out.read_text(encoding="utf-8") == reference_out.read_text(encoding="utf-8")
    assert _rows(cache) == LINES
    assert digest([mt]) == before
