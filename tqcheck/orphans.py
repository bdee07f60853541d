"""Worker processes that end when the process that started them dies.

A process pool's workers wait on a pipe whose writing end they hold themselves (fork copies
it), so when the driving process is killed outright (SIGKILL, an out-of-memory kill, a CI
job's hard timeout) they never see the pipe close: they wait forever, each holding its share
of the loaded models. `watch_parent()`, called in a worker, starts a daemon thread that checks
once a second whether the worker has been re-parented and, if so, ends it at once.
"""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 1.0


def watch_parent() -> None:
    """End this process (exit status 1) soon after its parent dies."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os._exit(1)  # no clean-up: the driver that would read our results is gone

    threading.Thread(target=watch, name="tqcheck-watch-parent", daemon=True).start()
