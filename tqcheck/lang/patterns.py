"""Regular expressions compiled on first use, not at import.

The check modules hold about 180 patterns at module level; compiling them all took 54 ms, half of
the time it takes to import every check, in each process and for every one-file run (a pre-commit
hook, an editor). Most runs use a fraction of them: a pattern for Arabic digits waits until an
Arabic segment comes. `lazy_regex(...)` and `lazy_re(...)` take the arguments of `regex.compile`
and `re.compile` and return a stand-in that compiles on its first use, then keeps the compiled
pattern's methods as its own attributes, so every later call costs what a compiled pattern's does.
`.pattern` is there from the start (patterns are built from other patterns' source at import).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import regex

# The methods and attributes copied from the compiled pattern on first use.
_COPIED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "splititer",
           "scanner", "groupindex", "groups", "flags")


class _LazyPattern:
    """Compiles with `compile(*args, **kwargs)` when an attribute other than `pattern` is first read."""

    def __init__(self, compile: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.pattern = args[0]
        self._compile = compile
        self._args = args
        self._kwargs = kwargs

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet: the first use
        if name.startswith("__") or name in ("_compile", "_args", "_kwargs"):
            raise AttributeError(name)
        compiled = self._compile(*self._args, **self._kwargs)
        for attribute in _COPIED:
            if hasattr(compiled, attribute):
                setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as the compiled pattern it stands for
        return _compiled_with, (self._compile, self._args, self._kwargs)


def _compiled_with(compile: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return compile(*args, **kwargs)


def lazy_regex(*args: Any, **kwargs: Any) -> regex.Pattern[str]:
    """`regex.compile(*args, **kwargs)`, done when the pattern is first used."""
    return cast("regex.Pattern[str]", _LazyPattern(regex.compile, args, kwargs))


def lazy_re(*args: Any, **kwargs: Any) -> re.Pattern[str]:
    """`re.compile(*args, **kwargs)`, done when the pattern is first used."""
    return cast("re.Pattern[str]", _LazyPattern(re.compile, args, kwargs))
