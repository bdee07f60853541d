"""One shared Report every writer renders (as ruff's emitters share their diagnostics)."""

from __future__ import annotations

from tqcheck.model import DocumentResult, Issue, Report, RunInfo, Segment, Severity, Span, Summary
from tqcheck.run.runner import Tally

CREATED = "2026-01-01T00:00:00+00:00"

SEGMENTS = (
    Segment(id="1", target="Blinken met Galanat in Washington. .", source="التقى بلينكن غالانت في واشنطن.",
            doc_id="news-1", line=1, origin="mt.en"),
    Segment(id="2", target='He said "we are close (to a deal.', source="وقال إننا قريبون من اتفاق.",
            doc_id="news-1", line=2, origin="mt.en"),
    Segment(id="3", target="Share your opinion", source="شارك برأيك", doc_id="news-2", line=3, origin="mt.en"),
    Segment(id="4", target="Clean line with \x1b[31mescape\x1b[0m and 中文 text.", doc_id="news-2", line=4,
            origin="mt.en"),
)


def _issue(code: str, name: str, family: str, severity: Severity, segment: Segment, start: int, end: int,
           message: str, suggestion: str | None = None, field: str = "target") -> Issue:
    return Issue(code=code, name=name, family=family, severity=severity, segment_id=segment.id,
                 doc_id=segment.doc_id, line=segment.line, span=Span(start, end, field),  # type: ignore[arg-type]
                 message=message, suggestion=suggestion, origin=segment.origin)


ISSUES_1 = (
    _issue("TQ401", "inconsistent-name-spelling", "names", Severity.ERROR, SEGMENTS[0], 12, 19,
           '"Galanat" looks like a misspelling of "Gallant"', "Gallant"),
    _issue("TQ101", "doubled-punctuation", "punctuation", Severity.WARNING, SEGMENTS[0], 33, 36,
           'Doubled punctuation ". ."', "."),
    _issue("TQ201", "unbalanced-brackets", "brackets-quotes", Severity.WARNING, SEGMENTS[1], 22, 23,
           'Unclosed bracket "("'),
)
ISSUES_2 = (
    _issue("TQ551", "leftover-boilerplate", "markup", Severity.ERROR, SEGMENTS[2], 0, 18,
           'Leftover web text "Share your opinion"'),
    _issue("TQ108", "invisible-character", "punctuation", Severity.INFO, SEGMENTS[3], 16, 17,
           "Control character U+001B"),
)

RESULTS = (
    DocumentResult(doc_id="news-1", segments=SEGMENTS[:2], issues=ISSUES_1,
                   scores={"1": {"quality": 54.88}, "2": {"quality": 90.48}}, doc_scores={"quality": 72.68}),
    DocumentResult(doc_id="news-2", segments=SEGMENTS[2:], issues=ISSUES_2),
)

INFO = RunInfo(tool_version="0.0.0-test", created=CREATED, inputs=("mt.en", "src.ar"), src_lang="ar",
               tgt_lang="en", checks_run=("TQ101", "TQ108", "TQ201", "TQ401", "TQ551"),
               detected={}, fail_on="error")


def tally() -> Tally:
    counts = Tally(scores=lambda: {"quality": 72.68})
    for result in RESULTS:
        counts.add(result)
    return counts


def summary() -> Summary:
    return tally().summary()


def report() -> Report:
    return Report(info=INFO, documents=RESULTS, summary=summary())
