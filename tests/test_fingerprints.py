"""Fingerprints survive line shifts, renumbering and whitespace edits; they change with the text itself."""

from __future__ import annotations

import pytest

from tqcheck.gating.fingerprints import FINGERPRINT_LENGTH, Fingerprinter, fingerprint, fingerprint_parts
from tqcheck.model import Issue, Segment

from .conftest import run_code, seg


def fingerprints(segments: list[Segment], code: str = "TQ101") -> list[str]:
    issues = run_code(code, segments)
    by_id = {segment.id: segment for segment in segments}
    assign = Fingerprinter()
    return [assign(issue, by_id[issue.segment_id]) for issue in issues]


def test_same_text_elsewhere_same_fingerprint() -> None:
    before = fingerprints([seg("Gaza. .", id="3", line=3, doc_id="a")])
    after = fingerprints([seg("Fine.", id="1", line=1, doc_id="b"), seg("Gaza. .", id="9", line=9, doc_id="b")])
    assert before == after
    assert len(before[0]) == FINGERPRINT_LENGTH and int(before[0], 16) >= 0


def test_whitespace_and_unicode_normalisation() -> None:
    composed = fingerprints([seg("Café  in\tGaza. .")])
    decomposed = fingerprints([seg(" Cafe\u0301 in Gaza. . ")])
    assert composed == decomposed


def test_text_edits_change_the_fingerprint() -> None:
    assert fingerprints([seg("Gaza. .")]) != fingerprints([seg("Gaza city. .")])


def test_code_and_span_text_are_part_of_it() -> None:
    segment = seg("Gaza. , ,")
    issue = run_code("TQ101", [segment])[0]
    parts = fingerprint_parts(issue, segment)
    assert parts[0] == "TQ101" and parts[1] == "target" and parts[2] == "Gaza. , ,"
    assert parts[3] == segment.target[issue.span.start:issue.span.end]
    other = Issue(code="TQ102", name="x", family="punctuation", severity=issue.severity, segment_id="1",
                  doc_id=None, line=1, span=issue.span, message="m")
    assert fingerprint(fingerprint_parts(other, segment)) != fingerprint(parts)


def test_repeats_get_occurrence_indexes_in_input_order() -> None:
    repeated = fingerprints([seg("Gaza. .", id="1"), seg("Gaza. .", id="2", line=2)])
    assert len(set(repeated)) == 2
    # One more copy in front: the first two fingerprints are those of the old run, the third is new.
    grown = fingerprints([seg("Gaza. .", id="0"), seg("Gaza. .", id="1", line=2), seg("Gaza. .", id="2", line=3)])
    assert grown[:2] == repeated and grown[2] not in repeated
    twice_in_one = fingerprints([seg("Gaza. . and Rafah. .")])
    assert len(set(twice_in_one)) == 2


def test_same_fingerprints_as_the_ci_reports() -> None:
    """SARIF/GitLab fingerprints and baseline fingerprints are one definition: copyable between them."""
    ci = pytest.importorskip("tqcheck.writers.ci")
    segments = [seg("Gaza. .", id="1"), seg("Gaza. .", id="2", line=2), seg(" Cafe\u0301  here. , ,", id="3", line=3)]
    issues = run_code("TQ101", segments)
    by_id = {segment.id: segment for segment in segments}
    ours, theirs = Fingerprinter(), ci.Fingerprints()
    assert [ours(issue, by_id[issue.segment_id]) for issue in issues] == [theirs(issue, by_id) for issue in issues]
