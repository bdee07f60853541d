"""What a check may consult besides the segment: languages, settings, per-run memory, shared analyses."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from tqcheck.config import Settings
from tqcheck.lang import LanguageProfile, profile

T = TypeVar("T")


class Analyses:
    """Work several checks share, computed once per window of segments and then looked up.

    An analysis is a plain function of hashable arguments (a text, usually): `normalise(target)`
    for TQ703-TQ705, the words of a target for TQ701 and TQ702, the web text of a segment for
    TQ551 and TQ554. The runner empties the store at each window, so what it holds is bounded by
    the window's size, whatever order the checks run in.
    """

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[tuple[Callable[..., Any], tuple[Hashable, ...]], Any] = {}

    def get(self, analysis: Callable[..., T], *args: Hashable) -> T:
        key = (analysis, args)
        try:
            value: T = self._values[key]
        except KeyError:
            value = self._values[key] = analysis(*args)
        return value

    def clear(self) -> None:
        self._values.clear()


@dataclass(frozen=True)
class Context:
    """Frozen per language pair, and bound to the check being run (`check`).

    `memory()` and `option()` are the bound check's own; `shared()` is memory several checks
    share by name; `analysed()` looks up work shared within a window. Checks never do I/O;
    anything loaded from disk (word lists, phrase automata) is loaded once through cached
    helpers, not per segment.
    """

    settings: Settings
    src: LanguageProfile
    tgt: LanguageProfile
    check: str | None = None  # the code of the check this context is bound to
    _memory: dict[str, dict[Any, Any]] = field(default_factory=dict, repr=False, compare=False)
    _analyses: Analyses = field(default_factory=Analyses, repr=False, compare=False)

    @classmethod
    def for_languages(cls, src_lang: str | None, tgt_lang: str | None, settings: Settings | None = None,
                      memory: dict[str, dict[Any, Any]] | None = None, analyses: Analyses | None = None) -> Context:
        return cls(settings=settings or Settings(), src=profile(src_lang), tgt=profile(tgt_lang),
                   _memory=memory if memory is not None else {},
                   _analyses=analyses if analyses is not None else Analyses())

    def for_check(self, code: str) -> Context:
        """This context bound to check `code` (same languages, settings, memory and analyses)."""
        return replace(self, check=code)

    def memory(self) -> dict[Any, Any]:
        """A dict that lives for the whole run, private to the bound check (batch-scope checks)."""
        return self._memory.setdefault(self._bound(), {})

    def shared(self, name: str) -> dict[Any, Any]:
        """A dict that lives for the whole run, shared by the checks that use `name` (`"names:known"`)."""
        return self._memory.setdefault(f"shared:{name}", {})

    def option(self, key: str, default: Any) -> Any:
        """The bound check's setting, target-language value first (see `Settings.option`)."""
        return self.settings.option(self._bound(), key, default, self.tgt.code)

    def option_of(self, code: str, key: str, default: Any) -> Any:
        """Another check's setting: for a check that reports on that one (TQ899 on TQ801's dictionary)."""
        return self.settings.option(code, key, default, self.tgt.code)

    def analysed(self, analysis: Callable[..., T], *args: Hashable) -> T:
        """`analysis(*args)`, computed once per window however many checks ask (see `Analyses`)."""
        return self._analyses.get(analysis, *args)

    def _bound(self) -> str:
        if self.check is None:
            raise RuntimeError("this context is not bound to a check: use context.for_check(code)")
        return self.check
