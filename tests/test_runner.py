"""The runner: document grouping, windows, severity overrides, crash reporting, library API."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

import tqcheck
from tqcheck.checks.context import Context
from tqcheck.checks.registry import REGISTRY
from tqcheck.config import Settings, parse_settings
from tqcheck.model import Finding, Segment, Severity, Span
from tqcheck.run import runner as runner_module
from tqcheck.run.runner import CheckCrashed, Checker, Tally


def segments(doc_ids: Sequence[str | None]) -> list[Segment]:
    return [Segment(id=str(i), target=f"Line {i}..", doc_id=doc, line=i, tgt_lang="en")
            for i, doc in enumerate(doc_ids, start=1)]


def test_consecutive_doc_ids_form_documents() -> None:
    checker = Checker(Settings(select=("TQ101",)), tgt_lang="en")
    results = list(checker.run(segments(["a", "a", "b", "a"])))
    assert [(r.doc_id, len(r.segments)) for r in results] == [("a", 2), ("b", 1), ("a", 1)]
    assert sum(len(r.issues) for r in results) == 4


def test_long_documents_are_windowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner_module, "MAX_DOCUMENT_SEGMENTS", 3)
    checker = Checker(Settings(select=("TQ101",)), tgt_lang="en")
    results = list(checker.run(segments(["a"] * 7)))
    assert [len(r.segments) for r in results] == [3, 3, 1]


def test_windows_also_close_at_a_character_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner_module, "MAX_WINDOW_CHARACTERS", 20)
    checker = Checker(Settings(select=("TQ101",)), tgt_lang="en")
    results = list(checker.run(segments(["a"] * 5)))  # "Line 1.." is 8 characters
    assert [len(r.segments) for r in results] == [3, 2]


def test_an_oversized_segment_is_checked_on_its_first_part_alone() -> None:
    from tqcheck.limits import MAX_CHECKED_CHARACTERS
    words = "Prices rose by 3 percent. " * (MAX_CHECKED_CHARACTERS // 20)
    huge = Segment(id="1", target=words + "Gaza. .", source="Die Preise stiegen um 4 Prozent.", tgt_lang="en",
                   src_lang="de")
    result = Checker(tgt_lang="en", src_lang="de").check_document([huge])
    codes = {issue.code for issue in result.issues}
    assert "TQ605" in codes
    assert "TQ301" not in codes  # 3 against 4: no comparison with the source of a fragment
    assert "TQ101" not in codes  # past the checked part
    (notice,) = [issue for issue in result.issues if issue.code == "TQ605"]
    assert notice.severity is Severity.INFO and notice.span.end == len(huge.target)
    assert notice.span.start <= MAX_CHECKED_CHARACTERS and huge.target[notice.span.start] == " "


def test_a_short_target_of_an_oversized_source_is_checked_on_its_own() -> None:
    from tqcheck.limits import MAX_CHECKED_CHARACTERS
    segment = Segment(id="1", target="Prices rose by 3 percent.", source="Preise. " * MAX_CHECKED_CHARACTERS,
                      tgt_lang="en", src_lang="de")
    result = Checker(tgt_lang="en", src_lang="de").check_document([segment])
    assert [(issue.code, issue.span.start, issue.span.end) for issue in result.issues] == [("TQ605", 0, 25)]


def test_a_segment_within_the_bound_is_checked_whole() -> None:
    from tqcheck.limits import MAX_CHECKED_CHARACTERS
    target = ("x" * (MAX_CHECKED_CHARACTERS - 8)) + " Gaza. ."
    result = Checker(Settings(select=("TQ101", "TQ605")), tgt_lang="en").check_document(
        [Segment(id="1", target=target, tgt_lang="en")])
    assert [issue.code for issue in result.issues] == ["TQ101"]


def test_severity_override_from_config() -> None:
    settings = parse_settings({"select": ["TQ101"], "severity": {"TQ101": "error"}})
    result = Checker(settings, tgt_lang="en").check_document(segments(["a"]))
    assert result.issues[0].severity is Severity.ERROR


def test_tally_and_fail_on() -> None:
    tally = Tally()
    for result in Checker(Settings(select=("TQ101",)), tgt_lang="en").run(segments(["a", "b"])):
        tally.add(result)
    assert tally.summary().by_severity == {"error": 0, "warning": 2, "info": 0}
    assert tally.fails("warning") and tally.fails("info") and not tally.fails("error")
    assert not tally.fails("never")


def test_crashing_check_names_code_and_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(seg: Segment, ctx: Context) -> Iterator[Finding]:
        raise ZeroDivisionError("boom")
        yield Finding(Span(0, 1), "never")

    info = REGISTRY["TQ101"]
    monkeypatch.setitem(REGISTRY, "TQ101", type(info)(**{**{f: getattr(info, f) for f in info.__slots__},
                                                         "func": broken}))
    checker = Checker(Settings(select=("TQ101",)), tgt_lang="en")
    with pytest.raises(CheckCrashed, match=r"TQ101 \(doubled-punctuation\) crashed on segment 1"):
        checker.check_document(segments(["a"]))


def test_library_api_returns_report() -> None:
    report = tqcheck.check(segments(["a", "a"]), Settings(select=("TQ101",)), tgt_lang="en",
                           created="2026-01-01T00:00:00+00:00")
    assert report.summary.segments == 2 and len(report.issues) == 2
    assert report.info.created == "2026-01-01T00:00:00+00:00"
    assert report.info.checks_run == ("TQ101",)


def test_a_finding_restated_by_a_milder_check_is_reported_once() -> None:
    """TQ401 (warning) and TQ410 (info) both suggest Gallant for Galanat: the editor reads it once."""
    from tqcheck.api import check

    doc = [Segment(id=str(n), target=text, doc_id="d") for n, text in enumerate([
        "Gallant met Blinken in Washington.", "Then Gallant left the building.", "Later, Gallant spoke to reporters.",
        "Blinken discussed with Galanat the issue of the shipment."])]
    both = check(doc, Settings().merged(select=("TQ401", "TQ410")), tgt_lang="en", created="t")
    codes = [issue.code for document in both.documents for issue in document.issues]
    assert codes == ["TQ401"]
    alone = check(doc, Settings().merged(select=("TQ410",)), tgt_lang="en", created="t")
    assert [issue.code for document in alone.documents for issue in document.issues] == ["TQ410"]


def test_an_untranslated_segment_is_one_finding_not_three() -> None:
    """A target that copies its source (TQ501) is why it has source words (TQ509) and is far from
    the reference (TQ910): the editor reads one error, not three."""
    from tqcheck.api import check

    segment = Segment(id="1", source="Repairs are expected to take at least eighteen months, officials said.",
                      target="Repairs are expected to take at least eighteen months, officials said.",
                      reference="Oprava podle úředníků potrvá nejméně osmnáct měsíců, uvedli představitelé města.",
                      src_lang="en", tgt_lang="cs")
    report = check([segment], Settings().merged(select=("TQ501", "TQ509", "TQ910")), created="t")
    assert [issue.code for document in report.documents for issue in document.issues] == ["TQ501"]
    alone = check([segment], Settings().merged(select=("TQ910",)), created="t")
    assert [issue.code for document in alone.documents for issue in document.issues] == ["TQ910"]
