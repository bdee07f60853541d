"""Writing systems: which Unicode scripts a text's letters belong to, and where they are.

Built on the `regex` module's `\\p{Script=...}` properties, never on hand-made code-point
tables. Only letters count: digits, punctuation and symbols are `Common` and belong to
every script. Letters of the `Common` script (the Japanese length mark `ー`) and of
scripts not listed in `SCRIPT_NAMES` are reported as `Other`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from tqcheck.lang import SCRIPTS, primary
from tqcheck.lang.patterns import lazy_regex

# The scripts told apart; the order only matters for speed (commonest first).
SCRIPT_NAMES: tuple[str, ...] = (
    "Latin", "Cyrillic", "Han", "Hiragana", "Katakana", "Arabic", "Hebrew", "Greek", "Hangul",
    "Thai", "Devanagari", "Bengali", "Tamil", "Telugu", "Georgian", "Armenian", "Ethiopic",
    "Khmer", "Lao", "Myanmar", "Sinhala",
)
OTHER = "Other"

# One alternative per script: a maximal run of that script's letters with their combining marks;
# `Other` takes letters of any other script (and of `Common`, such as the length mark `ー`).
_NAMED = "".join(rf"\p{{Script={name}}}" for name in SCRIPT_NAMES)
_RUNS = lazy_regex(
    "|".join(rf"(?P<{name}>(?:[\p{{Script={name}}}&&\p{{L}}]\p{{M}}*)+)" for name in SCRIPT_NAMES)
    + rf"|(?P<{OTHER}>(?:[\p{{L}}--[{_NAMED}]]\p{{M}}*)+)",
    regex.V1,
)

# Scripts a language is written in natively, where that is more than `lang.SCRIPTS` says.
_NATIVE_EXTRA: dict[str, frozenset[str]] = {
    "ja": frozenset({"Han", "Hiragana", "Katakana"}),
    "ko": frozenset({"Hangul", "Han"}),
}


@dataclass(frozen=True, slots=True)
class ScriptRun:
    """A maximal run of letters of one script: `text[start:end]`."""

    start: int
    end: int
    script: str

    @property
    def length(self) -> int:
        return self.end - self.start


def script_runs(text: str) -> list[ScriptRun]:
    """Every maximal run of same-script letters, in order."""
    runs = []
    for match in _RUNS.finditer(text):
        name = match.lastgroup or OTHER
        runs.append(ScriptRun(match.start(), match.end(), name))
    return runs


def script_counts(text: str) -> Counter[str]:
    """Number of letters (code points, marks excluded) per script."""
    counts: Counter[str] = Counter()
    for run in script_runs(text):
        counts[run.script] += sum(1 for char in text[run.start:run.end] if char.isalpha())
    return counts


def dominant_script(text: str) -> str | None:
    """The script with most letters (`Other` excluded unless it is all there is); None without letters."""
    counts = script_counts(text)
    named = {name: count for name, count in counts.items() if name != OTHER}
    if named:
        return max(named, key=lambda name: (named[name], -SCRIPT_NAMES.index(name)))
    return OTHER if counts else None


@lru_cache(maxsize=128)
def native_scripts(lang: str | None) -> frozenset[str]:
    """The scripts `lang` is normally written in (`ja`: Han, Hiragana, Katakana); empty when unknown."""
    code = primary(lang)
    if not code:
        return frozenset()
    return _NATIVE_EXTRA.get(code, frozenset({SCRIPTS.get(code, "Latin")}))


@lru_cache(maxsize=128)
def tolerated_scripts(lang: str | None) -> frozenset[str]:
    """Scripts a text in `lang` may legitimately contain: its own, plus Latin for brands, names and codes.

    Latin is tolerated everywhere (`iPhone`, `NATO`, `Windows` in Chinese, Russian or Arabic news);
    `Other` covers script-neutral letters such as the Japanese length mark.
    """
    native = native_scripts(lang)
    if not native:
        return frozenset()
    return native | {"Latin", OTHER}


def letters(text: str) -> int:
    """Number of letters in `text`."""
    return sum(map(str.isalpha, text))


@lru_cache(maxsize=64)
def letters_outside(scripts: frozenset[str]) -> regex.Pattern[str]:
    """A pattern matching one letter of none of `scripts`: the quick test for foreign text."""
    parts = [rf"\p{{Script={name}}}" for name in sorted(scripts) if name != OTHER]
    if OTHER in scripts:
        parts.append(rf"[\p{{L}}--[{_NAMED}]]")
    return regex.compile(rf"[\p{{L}}--[{''.join(parts)}]]", regex.V1)
