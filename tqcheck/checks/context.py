"""What a check may consult besides the segment: languages, settings, per-run memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tqcheck.config import Settings
from tqcheck.lang import LanguageProfile, profile


@dataclass(frozen=True)
class Context:
    """Frozen per language pair; `memory()` gives batch-scope checks a place to remember.

    Checks never do I/O; anything loaded from disk (word lists, phrase automata) is
    loaded once through cached helpers, not per segment.
    """

    settings: Settings
    src: LanguageProfile
    tgt: LanguageProfile
    _memory: dict[str, dict[Any, Any]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def for_languages(cls, src_lang: str | None, tgt_lang: str | None, settings: Settings | None = None,
                      memory: dict[str, dict[Any, Any]] | None = None) -> Context:
        return cls(settings=settings or Settings(), src=profile(src_lang), tgt=profile(tgt_lang),
                   _memory=memory if memory is not None else {})

    def memory(self, code: str) -> dict[Any, Any]:
        """A dict that lives for the whole run, private to check `code` (batch-scope checks)."""
        return self._memory.setdefault(code, {})

    def option(self, code: str, key: str, default: Any) -> Any:
        """A per-check setting, target-language value first (see `Settings.option`)."""
        return self.settings.option(code, key, default, self.tgt.code)
