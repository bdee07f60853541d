"""Fingerprints: an issue's identity that survives line shifts and unrelated edits.

A baseline must recognise "the same problem" after lines were inserted above it, other
segments were edited or the file was re-exported with different whitespace. Line numbers,
segment ids and offsets all move; the text does not. So an issue is identified by:

- its check code and the field its span is in (`target`, `source`, ...);
- the text of that field, normalised: Unicode NFC, runs of whitespace collapsed to one
  space, leading and trailing whitespace removed;
- the text under its span, normalised the same way;
- an occurrence index: 0 for the first issue with the same code, field, field text and
  span text in the run (in input order), 1 for the next, ... so that a sentence repeated
  in the batch, or `. .` twice in one sentence, gives distinct fingerprints.

The four parts are joined with U+001F and hashed with SHA-256; the fingerprint is the first
32 hex digits of SHA-256 of `"<that hex digest>:<occurrence>"`. SARIF `partialFingerprints`
and GitLab `fingerprint` (`tqcheck.writers.ci`) are the same values, so a fingerprint copied
from a CI report works in a suppressions file. Editing the segment's own text changes the
fingerprint: the issue then counts as fixed and, if it is still there, as new; that is the
price of not depending on positions.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

from tqcheck.model import Issue, Segment

FINGERPRINT_LENGTH = 32  # hex digits: 128 bits of SHA-256


@lru_cache(maxsize=64)
def normalise_text(text: str) -> str:
    """NFC with whitespace runs collapsed to one space and the ends stripped.

    Cached: every issue of a segment normalises the same field text, and a long paragraph with a
    thousand findings would otherwise be normalised a thousand times.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint_parts(issue: Issue, segment: Segment) -> tuple[str, str, str, str]:
    """(code, field, normalised field text, normalised span text): what identifies `issue` apart from repeats."""
    text = segment.text(issue.span.field) or ""
    return (issue.code, issue.span.field, normalise_text(text),
            normalise_text(text[issue.span.start:issue.span.end]))


def parts_digest(parts: tuple[str, str, str, str]) -> str:
    """SHA-256 (hex) of the parts joined by U+001F: the key under which repeats are counted."""
    digest = _prefix_digest(parts[0], parts[1], parts[2]).copy()  # the field text is hashed once per segment
    digest.update(parts[3].encode("utf-8"))
    return str(digest.hexdigest())


@lru_cache(maxsize=64)
def _prefix_digest(code: str, field: str, text: str) -> Any:
    """SHA-256 state after `code`, `field` and `text` and their separators (copied, never updated)."""
    return hashlib.sha256(f"{code}\x1f{field}\x1f{text}\x1f".encode())


def fingerprint(parts: tuple[str, str, str, str], occurrence: int = 0) -> str:
    """The fingerprint of an issue with these parts, the `occurrence`-th (0-based) such issue of the run."""
    return hashlib.sha256(f"{parts_digest(parts)}:{occurrence}".encode()).hexdigest()[:FINGERPRINT_LENGTH]


class Fingerprinter:
    """Assigns fingerprints to the issues of one run, in input order (counting repeats).

    Feed it every issue of the run, in the order the runner yields them, so the occurrence
    indexes match between the run that made a baseline and the run that reads it.
    """

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def __call__(self, issue: Issue, segment: Segment) -> str:
        digest = parts_digest(fingerprint_parts(issue, segment))
        occurrence = self._seen[digest]
        self._seen[digest] += 1
        return hashlib.sha256(f"{digest}:{occurrence}".encode()).hexdigest()[:FINGERPRINT_LENGTH]
