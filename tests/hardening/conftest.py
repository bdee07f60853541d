"""Hypothesis profiles for the hardening tests: `ci` (the default effort) and `fuzz` (a long session).

`HYPOTHESIS_PROFILE=fuzz python -m pytest tests/hardening` runs 25 times more examples per
property. Nothing is loaded unless the variable is set, so other test directories keep
hypothesis's defaults; each hardening test takes its budget from `helpers.fuzzing()`.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=100)
settings.register_profile("fuzz", max_examples=2500)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
