"""Repetition checks beyond the case files: batch memory across documents, odd input, speed."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_code
from tqcheck.config import Settings
from tqcheck.model import Segment
from tqcheck.run.runner import Checker

CODES = ("TQ701", "TQ702", "TQ703", "TQ704", "TQ705")


def _segment(index: int, source: str, target: str, doc_id: str) -> Segment:
    return Segment(id=str(index), target=target, source=source, doc_id=doc_id, line=index,
                   src_lang="de", tgt_lang="en")


def _issues(code: str, segments: list[Segment]) -> list[tuple[str, str]]:
    checker = Checker(Settings(select=(code,)))
    return [(issue.segment_id, issue.message) for result in checker.run(segments) for issue in result.issues]


def test_batch_memory_spans_documents() -> None:
    source = "Die Gespräche gingen am Montag in Kairo weiter."
    segments = [
        _segment(1, source, "Talks resumed in Cairo on Monday.", "a"),
        _segment(2, "Etwas anderes passierte in Berlin.", "Something else happened in Berlin.", "a"),
        _segment(3, source, "Negotiations continued in Cairo on Monday.", "b"),
    ]
    assert _issues("TQ704", segments) == [
        ("3", 'Same source as line 1, translated differently: "Negotiations contin…in Cairo on Monday."'),
    ]


def test_identical_translation_across_documents() -> None:
    target = "The army withdrew from the city of Rafah on Monday."
    segments = [
        _segment(1, "Die Armee zog sich am Montag aus Rafah zurück.", target, "a"),
        _segment(2, "Gallant traf Blinken am Montag in Washington.", target, "b"),
    ]
    assert [segment_id for segment_id, _message in _issues("TQ705", segments)] == ["2"]


def test_duplicate_sentence_stays_within_a_document() -> None:
    text = "The talks will resume next week in Cairo, officials said."
    segments = [_segment(1, "a", text, "a"), _segment(2, "b", text, "b")]
    segments = [Segment(id=s.id, target=s.target, doc_id=s.doc_id, line=s.line) for s in segments]
    assert _issues("TQ703", segments) == []
    same_doc = [Segment(id=s.id, target=s.target, doc_id="a", line=s.line) for s in segments]
    assert [segment_id for segment_id, _message in _issues("TQ703", same_doc)] == ["2"]


def test_batch_memory_holds_only_small_ints() -> None:
    checker = Checker(Settings(select=("TQ704", "TQ705")))
    segments = [_segment(index, f"Quelle Nummer {index} mit einigen weiteren Wörtern.",
                         f"Source number {index} with a few more words in it.", "d")
                for index in range(1, 200)]
    list(checker.run(segments))
    for code in ("TQ704", "TQ705"):
        memory = checker._memory[code]
        assert len(memory) == 199
        assert all(isinstance(key, int) and isinstance(value, int) for key, value in memory.items())


ODD = st.text(max_size=60) | st.sampled_from([
    "", " ", "\n\n", "the the", "ha " * 40, "的" * 50, "\u200b\u200b", "a\u0301 a\u0301", "🙂 🙂 🙂 🙂 🙂 🙂",
    "[PERSON1] [PERSON1] [PERSON1]", "1 1 1 1 1 1", "...", "\ud800 lone surrogate \ud800",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(ODD, ODD), min_size=1, max_size=4))
def test_never_raises_on_odd_input(pairs: list[tuple[str, str]]) -> None:
    segments = [Segment(id=str(n), target=target, source=source or None, doc_id="d", line=n,
                        src_lang="de", tgt_lang=lang)
                for n, (source, target) in enumerate(pairs) for lang in ("en",)]
    for code in CODES:
        for issue in run_code(code, segments):
            text = next(s for s in segments if s.id == issue.segment_id).text(issue.span.field) or ""
            assert 0 <= issue.span.start <= issue.span.end <= len(text)


def test_loop_search_is_fast_on_long_repetitive_text() -> None:
    text = " ".join(["the war and the peace of the world"] * 300)
    segment = Segment(id="1", target=text, doc_id="d", line=1, tgt_lang="en")
    started = time.perf_counter()
    issues = run_code("TQ702", [segment])
    assert time.perf_counter() - started < 2.0
    assert len(issues) == 1 and "repeated 300 times" in issues[0].message


def test_batch_memory_is_bounded_and_keeps_recent_repeats(monkeypatch: pytest.MonkeyPatch) -> None:
    """TQ704 forgets the oldest half of its sources when full, and still catches recent repeats."""
    from tqcheck.api import check
    from tqcheck.checks import repetition
    from tqcheck.config import Settings

    monkeypatch.setattr(repetition, "BATCH_MEMORY", 50)
    segments = [Segment(id=str(n), target=f"Talks number {n} resumed on Monday in Cairo.",
                        source=f"Die Gespräche Nummer {n} gingen am Montag in Kairo weiter.", line=n + 1)
                for n in range(400)]
    segments.append(Segment(id="late", target="Negotiations number 399 continued on Monday in Cairo.",
                            source=segments[399].source, line=401))
    segments.append(Segment(id="early", target="Negotiations number 0 continued on Monday in Cairo.",
                            source=segments[0].source, line=402))
    report = check(segments, Settings().merged(select=("TQ704",)), src_lang="de", tgt_lang="en", created="t")
    flagged = [issue.segment_id for document in report.documents for issue in document.issues]
    assert flagged == ["late"]  # "early" repeats a source forgotten long ago
