"""Where the checks run: `local` (this process, or `--jobs N` worker processes) or `ray` (Ray Data).

Only the names live here; each engine module imports its heavy dependencies lazily, so
`tqcheck check` starts as fast as before when no engine is asked for.
"""

from __future__ import annotations

from tqcheck.storage import PARQUET_HINT

ENGINES = ("local", "ray")
RAY_HINT = "pip install 'tqcheck[ray]'"

__all__ = ["ENGINES", "PARQUET_HINT", "RAY_HINT"]
