"""Runs that share one cache folder at once: each builds or reads the tables safely, none sees half a file.

Real processes (the console module through `sys.executable`), started together on an empty cache
folder, then on a warm one with a damaged table: every run ends in the same report, nothing is
left half-written, and a damaged table is rebuilt rather than trusted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.lang.cache import intact

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "news-ar-en"
RUNS = 4


def _run_together(cache: Path, out: Path) -> list[subprocess.CompletedProcess[str]]:
    environment = {**os.environ, "TQCHECK_CACHE_DIR": str(cache)}
    processes = [subprocess.Popen(
        [sys.executable, "-m", "tqcheck", "check", str(SAMPLE / "article-01.en"), "--source",
         str(SAMPLE / "article-01.ar"), "--src-lang", "ar", "--tgt-lang", "en", "-f", "json", "-o",
         str(out / f"run{index}.json"), "--jobs", "1"],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for index in range(RUNS)]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    return results


def _issues(path: Path) -> list[tuple[str, str, int, int]]:
    report = json.loads(path.read_text(encoding="utf-8"))
    return [(issue["code"], issue["segment_id"], issue["start"], issue["end"])
            for issue in report["issues"]]


def _assert_same_reports(results: list[subprocess.CompletedProcess[str]], out: Path) -> None:
    assert all(result.returncode == 1 for result in results), [result.stderr for result in results]
    assert all("Traceback" not in result.stderr for result in results)
    reports = [_issues(out / f"run{index}.json") for index in range(RUNS)]
    assert reports[0] and all(report == reports[0] for report in reports)


def _assert_clean_folder(cache: Path) -> None:
    files = sorted(path for path in cache.iterdir() if not path.name.endswith(".sha256"))
    assert files
    assert not [path.name for path in files if path.name.startswith(".")], "a temporary file was left behind"
    assert all(intact(path) for path in files), [path.name for path in files if not intact(path)]


@pytest.mark.slow  # a long run: `python -m pytest -m slow` (CI's second step)
def test_runs_that_build_one_cache_at_once_agree(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    out.mkdir()
    results = _run_together(cache, out)
    _assert_same_reports(results, out)
    assert not any("damaged" in result.stderr for result in results)  # a race is not damage
    _assert_clean_folder(cache)

    # Warm, with one table damaged: every run notices it on its own, one rebuild wins, all agree.
    trie = next(cache.glob("*-en-*.marisa"))
    data = bytearray(trie.read_bytes())
    data[len(data) // 2:len(data) // 2 + 64] = bytes(64)
    trie.write_bytes(bytes(data))
    results = _run_together(cache, out)
    _assert_same_reports(results, out)
    assert any("damaged" in result.stderr for result in results)
    _assert_clean_folder(cache)
