"""tqcheck: find what is broken in machine-translated text, with spans, codes and scores.

Public API:

    from tqcheck import check, read_segments, Settings
    report = check(read_segments(Path("mt.en"), source=Path("src.ar")), src_lang="ar", tgt_lang="en")
    for issue in report.issues: print(issue.code, issue.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Issue", "Report", "Segment", "Settings", "Severity", "__version__", "check", "read_segments"]

if TYPE_CHECKING:
    from tqcheck.api import check
    from tqcheck.config import Settings
    from tqcheck.model import Issue, Report, Segment, Severity
    from tqcheck.readers import read_segments

_LAZY = {
    "check": "tqcheck.api", "read_segments": "tqcheck.readers", "Settings": "tqcheck.config",
    "Issue": "tqcheck.model", "Report": "tqcheck.model", "Segment": "tqcheck.model", "Severity": "tqcheck.model",
}


def __getattr__(name: str) -> Any:
    """Import the public names on first use, so `import tqcheck` (and the CLI's --help) stays fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tqcheck' has no attribute {name!r}")
