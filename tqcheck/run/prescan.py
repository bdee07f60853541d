"""One scan of each segment for the characters checks look for, so a check with nothing to look at is not called.

Most segments hold no `@`, no `#`, no markup, no placeholder, no bracket or quotation mark, and about
half hold no digit. The checks about those begin by testing for their characters and return; called
for every segment, a dozen of them cost more than the scan that rules them out at once.

A check declares its candidates with `@check(..., candidates=(("source", r"\\d"), ("target", r"\\d")))`:
pairs of a field and a character class, of which at least one must occur for the check to find
anything (a necessary condition, never a guess: the findings with and without the prescan are the
same, which tests assert on WMT23 segments and on every check's own examples). The runner scans each
field once with the union of the selected checks' classes, classifies each distinct character found
(once per run: a table), and calls a check only where one of its pairs is present.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tqcheck.model import CheckInfo


class Prescan:
    """The candidate classes of the selected checks, compiled into one pattern, and each check's bits."""

    __slots__ = ("_classes", "_union", "_table", "_needs")

    def __init__(self, checks: Iterable[CheckInfo]) -> None:
        classes: list[str] = []
        needs: dict[str, tuple[int, int]] = {}
        for info in checks:
            target = source = 0
            for field_name, pattern in info.candidates:
                if pattern not in classes:
                    classes.append(pattern)
                bit = 1 << classes.index(pattern)
                if field_name == "target":
                    target |= bit
                else:
                    source |= bit
            if target or source:
                needs[info.code] = (target, source)
        self._classes = tuple(re.compile(pattern) for pattern in classes)
        self._union = re.compile("|".join(classes)) if classes else None
        self._table: dict[str, int] = {}
        self._needs = needs

    def needs(self, info: CheckInfo) -> tuple[int, int] | None:
        """The (target, source) bits of which `info` needs one; None when it runs on every segment."""
        return self._needs.get(info.code)

    def bits(self, text: str | None) -> int:
        """Which candidate classes occur in `text`, as bits (0 when none, or nothing declares any)."""
        if not text or self._union is None:
            return 0
        found = 0
        table = self._table
        for char in set(self._union.findall(text)):
            bit = table.get(char)
            if bit is None:
                bit = table[char] = self._classify(char)
            found |= bit
        return found

    def _classify(self, char: str) -> int:
        return sum(1 << index for index, pattern in enumerate(self._classes) if pattern.fullmatch(char))

