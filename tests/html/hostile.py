"""A report whose text tries to break out of the page: must be shown, never executed."""

from __future__ import annotations

from tests.writers import fixture_report
from tqcheck.model import DocumentResult, Issue, Segment, Severity, Span

HOSTILE = (
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    '" onerror="alert(3)',
    "{{ 7*7 }}",
    "&amp;",
    "<img src=x onerror=\"window.__pwned=1\">",
)

SEGMENTS = tuple(
    Segment(id=f"h{n}", target=f"Before {text} after. .", source=f"<b>{text}</b>", doc_id='doc "<x>"',
            line=n + 1, origin="evil.en")
    for n, text in enumerate(HOSTILE))
ISSUES = tuple(
    Issue(code="TQ101", name="doubled-punctuation", family="punctuation", severity=Severity.WARNING,
          segment_id=segment.id, doc_id=segment.doc_id, line=segment.line,
          span=Span(len(segment.target) - 3, len(segment.target)),
          message=f'Doubled punctuation "{HOSTILE[n]}"', suggestion="</script><script>alert(4)</script>")
    for n, segment in enumerate(SEGMENTS))
RESULTS = (DocumentResult(doc_id='doc "<x>"', segments=SEGMENTS, issues=ISSUES),)
INFO = fixture_report.INFO
