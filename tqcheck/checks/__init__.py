"""The built-in checks, one module per family. Importing a module registers its checks.

The list is explicit (no filesystem scanning) so the registry is the same on every machine.
"""

from tqcheck.checks import (  # noqa: F401
    brackets,
    language,
    length,
    markup,
    names,
    numbers,
    placeholders,
    punctuation,
    repetition,
    roundtrip,
    spelling,
    terms,
)
