"""The built-in checks, one module per family. Importing a module registers its checks.

The list is explicit (no filesystem scanning) so the registry is the same on every machine.
Modules are imported on demand, by the hundreds digit of the codes asked for: a run with
`--select TQ1,TQ2` never imports (or compiles the patterns of) the language or spelling
checks, which keeps start-up short. `load()` with no digits imports every family.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

# The modules holding each hundreds digit's checks (TQ4xx: names and glossary terms; TQ5xx:
# language, markup and placeholders). tests/checks/test_registry.py checks it against the codes.
MODULES: dict[str, tuple[str, ...]] = {
    "1": ("punctuation",),
    "2": ("brackets",),
    "3": ("numbers",),
    "4": ("names", "terms"),
    "5": ("language", "markup", "placeholders"),
    "6": ("length",),
    "7": ("repetition",),
    "8": ("spelling",),
    "9": ("roundtrip",),
}


def load(digits: Iterable[str] | None = None) -> None:
    """Import (and so register) the check modules for `digits`; all of them when None."""
    wanted = MODULES if digits is None else {digit: MODULES[digit] for digit in digits if digit in MODULES}
    for modules in wanted.values():
        for module in modules:
            import_module(f"tqcheck.checks.{module}")
