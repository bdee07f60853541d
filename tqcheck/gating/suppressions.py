"""Suppressions: issues a person has looked at and accepted, each with a reason and maybe an expiry date.

A TOML file (`--suppressions FILE` or `suppressions = "path"` in the config):

    [[suppress]]
    code = "TQ408"                       # a check code, or a prefix such as "TQ4"
    doc = "article-01.en"                # matchers: doc (glob), segment (id), text (regex), fingerprint
    text = "Galanat"
    reason = "Spelling used by the source agency"
    expires = 2027-01-31                 # optional; suppresses through that day

An entry needs `code`, at least one matcher and a `reason`; when several matchers are given
they must all match. `text` is a regular expression searched in the text of the field the
issue's span is in. After its expiry date an entry stops suppressing and is reported, so
"temporary" never becomes permanent by accident. Unknown keys are errors.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import regex

from tqcheck.config import read_toml
from tqcheck.errors import ConfigError, shown
from tqcheck.model import Issue, Segment

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass

_CODE = re.compile(r"TQ\d{0,3}")
TEXT_TIMEOUT = 0.5  # seconds a suppression's `text` pattern may take on one segment
_MATCHERS = ("fingerprint", "segment", "doc", "text")
_KEYS = frozenset(("code", "reason", "expires", *_MATCHERS))


def today() -> date:
    """The date expiry is judged against (a function so tests can fix it)."""
    return date.today()


@dataclass(frozen=True)
class Suppression:
    """One accepted issue pattern: which check, which issues, why and until when."""

    code: str
    reason: str
    where: str  # `file:entry N`, for messages
    fingerprint: str | None = None
    segment: str | None = None
    doc: str | None = None
    text: regex.Pattern[str] | None = None
    expires: date | None = None

    def matches(self, issue: Issue, segment: Segment, fingerprint: str) -> bool:
        """Whether this entry covers `issue` (found in `segment`, with `fingerprint`)."""
        if not issue.code.startswith(self.code):
            return False
        if self.fingerprint is not None and fingerprint != self.fingerprint:
            return False
        if self.segment is not None and issue.segment_id != self.segment:
            return False
        if self.doc is not None and not fnmatchcase(issue.doc_id or "", self.doc):
            return False
        if self.text is None:
            return True
        try:
            return self.text.search(segment.text(issue.span.field) or "", timeout=TEXT_TIMEOUT) is not None
        except TimeoutError:
            raise ConfigError(f"{self.where}: text took over {TEXT_TIMEOUT:g} s to match one segment (a pattern "
                              "such as (a+)+b backtracks without end); simplify it") from None

    def describe(self) -> str:
        """A one-line description for warnings: `file:entry 2 (TQ408, doc=article-01.en): reason`."""
        matchers = [f"{name}={value}" for name, value in (
            ("fingerprint", self.fingerprint), ("segment", self.segment), ("doc", self.doc),
            ("text", self.text.pattern if self.text else None)) if value is not None]
        return f"{self.where} ({', '.join([self.code, *matchers])}): {self.reason}"


@dataclass(frozen=True)
class Suppressions:
    """The entries of a suppressions file, split into those in force and those expired."""

    active: tuple[Suppression, ...] = ()
    expired: tuple[Suppression, ...] = ()

    def match(self, issue: Issue, segment: Segment, fingerprint: str) -> Suppression | None:
        """The first entry in force that covers `issue`, if any."""
        for entry in self.active:
            if entry.matches(issue, segment, fingerprint):
                return entry
        return None


def load_suppressions(path: Path, on: date | None = None) -> Suppressions:
    """Read and validate a suppressions file; `on` is the date expiry is judged against (default today)."""
    return parse_suppressions(read_toml(path, "suppressions"), str(path), on or today())


def parse_suppressions(data: Mapping[str, Any], origin: str, on: date) -> Suppressions:
    """Validate the parsed TOML of a suppressions file (`[[suppress]]` entries)."""
    unknown = sorted(set(data) - {"suppress"})
    if unknown:
        raise ConfigError(f"{origin}: unknown key {shown(unknown[0])} (expected [[suppress]] entries)")
    entries = data.get("suppress", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: suppress must be an array of tables ([[suppress]])")
    active: list[Suppression] = []
    expired: list[Suppression] = []
    for number, entry in enumerate(entries, 1):
        suppression = _entry(entry, f"{origin}:entry {number}")
        if suppression.expires is not None and suppression.expires < on:
            expired.append(suppression)
        else:
            active.append(suppression)
    return Suppressions(active=tuple(active), expired=tuple(expired))


def _entry(entry: Any, where: str) -> Suppression:
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where}: must be a table")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {shown(unknown[0])} (known: {', '.join(sorted(_KEYS))})")
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code.strip().upper()):
        raise ConfigError(f"{where}: code must be a check code or prefix such as \"TQ101\", not {shown(code)}")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"{where}: reason is required (say why this issue is accepted)")
    if not any(key in entry for key in _MATCHERS):
        raise ConfigError(f"{where}: needs a matcher: one of {', '.join(_MATCHERS)} "
                          "(to turn a check off everywhere, use ignore in the config)")
    values: dict[str, str] = {}
    for key in ("fingerprint", "segment", "doc", "text"):
        if key in entry:
            value = entry[key]
            if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value) == "":
                raise ConfigError(f"{where}: {key} must be a non-empty string, not {shown(value)}")
            values[key] = str(value)
    pattern = None
    if "text" in values:
        try:
            pattern = regex.compile(values["text"])
        except regex.error as exc:
            raise ConfigError(f"{where}: text is not a valid regular expression: {exc}") from None
    return Suppression(code=code.strip().upper(), reason=reason.strip(), where=where,
                       fingerprint=values.get("fingerprint"), segment=values.get("segment"), doc=values.get("doc"),
                       text=pattern, expires=_expiry(entry.get("expires"), where))


def _expiry(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{where}: expires must be a date such as 2027-01-31, not {shown(value)}")
