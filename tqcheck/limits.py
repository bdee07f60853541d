"""Every size bound of a run, in one place: what keeps time and memory linear on hostile input.

A news sentence is a few hundred characters and a long paragraph a few thousand; nothing a
translator checks is a megabyte on one line. Past these bounds tqcheck takes a cheaper path and
says so (an information finding or notice), rather than growing without end. The figures they
hold to are in docs/guarantees.md (`benchmarks/pathological.py` measures them).
"""

from __future__ import annotations

from collections.abc import Iterable

from tqcheck.model import Segment

# Characters of one field the checks read. A longer segment (a whole file pasted on one line) is
# checked on its first MAX_CHECKED_CHARACTERS characters of target alone, with one information
# finding (TQ605): comparing a fragment of it with its source or reference would only invent
# omissions. Every per-segment algorithm (tokens, grapheme clusters, repetition search, numbers,
# names) therefore sees at most this much text.
MAX_CHECKED_CHARACTERS = 100_000

# A document is checked in windows of at most this many segments and about this many characters
# (the window closes once it holds them), so document-scope checks hold a bounded amount of text.
MAX_DOCUMENT_SEGMENTS = 1000
MAX_WINDOW_CHARACTERS = 2_000_000

# Name spellings compared within one document window (TQ401). A news article names a few dozen people
# and places, a 1,000-line batch without document ids a few thousand; past this, only the most
# frequent are compared (pairwise comparison grows with the square of their number), with a notice.
MAX_DOCUMENT_NAMES = 10_000

# Entries a per-run cache of a pure per-word lookup keeps before it starts afresh (memory stays bounded
# on a batch of millions of distinct words).
MAX_REMEMBERED_WORDS = 100_000

# One check lists at most this many findings in one segment. Past it (a megabyte line of untranslated
# text has tens of thousands) the rest are counted in one information finding: a list that long is
# unreadable, and keeping it would make memory grow with the line.
MAX_FINDINGS_PER_SEGMENT = 1000

# Resamples for bootstrap confidence intervals and paired bootstrap tests (sacrebleu's default is 1,000;
# memory and time grow with resamples x segments), and trials for approximate randomization (default
# 10,000). More adds no precision a report can show.
MAX_BOOTSTRAP_RESAMPLES = 10_000
MAX_RANDOMIZATION_TRIALS = 100_000

# The longest words in use are German compounds of 40-60 letters. Longer "words" are not judged
# (a run of combining marks, a pasted blob): suggesting a spelling for one costs time and memory
# with the square of its length (every one-edit variant).
MAX_WORD_LENGTH = 64


def oversized(segment: Segment) -> bool:
    """Whether a field of `segment` is longer than the checks read (`MAX_CHECKED_CHARACTERS`)."""
    limit = MAX_CHECKED_CHARACTERS
    return (len(segment.target) > limit or len(segment.source or "") > limit or len(segment.reference or "") > limit
            or len(segment.backtranslation or "") > limit)


def checked_length(text: str) -> int:
    """Where the checked part of an oversized `text` ends: at `MAX_CHECKED_CHARACTERS`, or at the
    last space before it when one is near, so no word is cut in two."""
    if len(text) <= MAX_CHECKED_CHARACTERS:
        return len(text)
    space = text.rfind(" ", MAX_CHECKED_CHARACTERS - 200, MAX_CHECKED_CHARACTERS)
    return space if space > 0 else MAX_CHECKED_CHARACTERS


def first_oversized(texts: Iterable[str]) -> tuple[int, int] | None:
    """(index, length) of the first text longer than `MAX_CHECKED_CHARACTERS`, if any.

    Scoring refuses such a "sentence" (`score`, `compare`): its n-gram statistics cost memory with
    its length and a sentence-level metric of a megabyte means nothing.
    """
    for index, text in enumerate(texts):
        if len(text) > MAX_CHECKED_CHARACTERS:
            return index, len(text)
    return None


def oversized_message(length: int) -> str:
    """The `error:` text for a segment `first_oversized` found."""
    return (f"a segment of {length:,} characters: scores are per sentence or paragraph (at most "
            f"{MAX_CHECKED_CHARACTERS:,} characters); split it")
