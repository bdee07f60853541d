"""The built-in checks, one module per family. Importing a module registers its checks.

The list is explicit (no filesystem scanning) so the registry is the same on every machine.
Modules are imported on demand, by the codes asked for: a run with `--select TQ1,TQ55` imports
the punctuation and markup checks, and never imports (or compiles the patterns of) the language,
placeholder or spelling checks, which keeps start-up short. `load()` with no patterns imports
every module.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

# Each module and the code prefixes its checks have (TQ4xx: names and glossary terms; TQ5xx:
# language TQ50x, markup TQ55x and placeholders TQ56x). tests/checks/test_registry.py checks it
# against the registered codes.
MODULES: dict[str, tuple[str, ...]] = {
    "punctuation": ("TQ10", "TQ110"),
    "stray_comma": ("TQ111",),
    "brackets": ("TQ2",),
    "numbers": ("TQ3",),
    "names": ("TQ401", "TQ402", "TQ403", "TQ404", "TQ408", "TQ409", "TQ410", "TQ411", "TQ412"),
    "names.alignment": ("TQ413",),
    "names.swapped": ("TQ414",),
    "terms": ("TQ405", "TQ406", "TQ407"),
    "language": ("TQ50",),
    "markup": ("TQ55",),
    "placeholders": ("TQ56",),
    "length": ("TQ6",),
    "repetition": ("TQ7",),
    "spelling": ("TQ80", "TQ89"),
    "casing": ("TQ81",),
    "roundtrip": ("TQ90",),
    "reference_similarity": ("TQ91",),
    "learned_spans": ("TQ92",),
}


def modules_for(patterns: Iterable[str]) -> list[str]:
    """The modules that may hold a check whose code starts with one of `patterns` (`TQ`: all)."""
    wanted = list(patterns)
    return [module for module, prefixes in MODULES.items()
            if any(prefix.startswith(pattern) or pattern.startswith(prefix)
                   for prefix in prefixes for pattern in wanted)]


def load(patterns: Iterable[str] | None = None) -> None:
    """Import (and so register) the check modules for code `patterns`; all of them when None."""
    for module in MODULES if patterns is None else modules_for(patterns):
        import_module(f"tqcheck.checks.{module}")
