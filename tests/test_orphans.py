"""`tqcheck.run.engines.orphans.watch_parent`: a worker whose driver is gone ends, even if the driver died first."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

WORKER = r"""
import os, pathlib, sys, time
from tqcheck.run.engines.orphans import watch_parent
pathlib.Path(sys.argv[2]).write_text(str(os.getpid()))
time.sleep(0.5)  # the driver has exited by now: this process has a new parent
watch_parent(int(sys.argv[1]))
time.sleep(30)
"""

DRIVER = r"""
import os, subprocess, sys
subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid()), sys.argv[2]],
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_worker_started_after_its_driver_died_still_ends(tmp_path: Path) -> None:
    pid_file = tmp_path / "worker.pid"
    subprocess.run([sys.executable, "-c", DRIVER, WORKER, str(pid_file)], check=True, timeout=60)
    deadline = time.monotonic() + 15
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the worker never started"
        time.sleep(0.05)
    worker = int(pid_file.read_text())
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)
