"""Worker processes that end when the process that started them dies.

A process pool's workers wait on a pipe whose writing end they hold themselves (fork copies
it), so when the driving process is killed outright (SIGKILL, an out-of-memory kill, a CI
job's hard timeout) they never see the pipe close: they wait forever, each holding its share
of the loaded models. `watch_parent(driver)`, called in a worker with the driving process's
pid, starts a daemon thread that checks once a second whether the worker's parent is still that
process and, if not, ends it at once. The pid is passed in rather than read in the worker: a
driver killed between the fork and the worker's initializer would otherwise be missed, the
worker taking its new parent for the one to watch.
"""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 1.0


def watch_parent(parent: int) -> None:
    """End this process (exit status 1) soon after `parent`, the process that started it, is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os._exit(1)  # no clean-up: the driver that would read our results is gone

    threading.Thread(target=watch, name="tqcheck-watch-parent", daemon=True).start()
