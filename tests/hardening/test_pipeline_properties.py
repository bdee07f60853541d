"""Properties of the whole check pipeline (`tqcheck.check`, every check) on generated hostile Unicode.

Extends tests/test_properties.py (which drives the Checker on one document) with: all
checks through the public API and the scorer, language pairs drawn independently (so
mismatched ones too), spans that never split a grapheme cluster, determinism of a whole
report, `--select` of one code as a subset of the full run, and the JSON report validated
against tqcheck/data/report.schema.json and read back to the same issues.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FIXED_CREATED
from tests.hardening.helpers import fuzzing
from tests.hardening.strategies import documents, hostile_text
from tqcheck.api import check
from tqcheck.checks.registry import all_checks
from tqcheck.config import Settings
from tqcheck.errors import ConfigError
from tqcheck.lang.graphemes import whole_clusters
from tqcheck.metrics.sacre import build_metric
from tqcheck.model import Report, Segment, Span
from tqcheck.run.runner import EXPLAINS
from tqcheck.writers import json_report

_CLUSTER = regex.compile(r"\X")
Document = tuple[list[Segment], str, str]


@cache
def _bleu_available(tgt_lang: str) -> bool:
    try:
        build_metric("BLEU", tgt_lang)
    except ConfigError:  # ja/ko tokenizers need extras; without them a reference is a clean error
        return False
    return True


def _run(document: Document, select: tuple[str, ...] | None = None) -> Report:
    segments, src, tgt = document
    if not _bleu_available(tgt):
        segments = [replace(segment, reference=None) for segment in segments]
    return check(segments, Settings(select=select), src_lang=src, tgt_lang=tgt, created=FIXED_CREATED)


def _boundaries(text: str) -> set[int]:
    return {match.start() for match in _CLUSTER.finditer(text)} | {len(text)}


def _strict_json(text: str) -> Any:
    def reject(constant: str) -> None:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=reject)


@cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        resources.files("tqcheck").joinpath("data/report.schema.json").read_text(encoding="utf-8"))
    return loaded


def _json(report: Report) -> str:
    out = io.StringIO()
    json_report.render(out, report.info, iter(report.documents), lambda: report.summary)
    return out.getvalue()


@fuzzing(60)
@given(documents())
def test_no_exception_and_every_span_is_whole_clusters_inside_its_field(document: Document) -> None:
    report = _run(document)
    by_id = {segment.id: segment for segment in report.segments}
    for issue in report.issues:
        text = by_id[issue.segment_id].text(issue.span.field)
        assert text is not None, issue
        assert 0 <= issue.span.start <= issue.span.end <= len(text), issue
        bounds = _boundaries(text)
        assert issue.span.start in bounds and issue.span.end in bounds, (issue, text)
        assert issue.message and "\n" not in issue.code


@fuzzing(25)
@given(documents())
def test_the_same_input_gives_the_same_report(document: Document) -> None:
    assert _run(document) == _run(document)


# A check another one can explain (runner.EXPLAINS: a loop explains the length) reports, run alone, what the full
# run leaves to the explaining check, by design: the subset property holds for the others.
_EXPLAINABLE = frozenset(code for explained in EXPLAINS.values() for code in explained)


@fuzzing(25)
@given(documents(), st.sampled_from([info.code for info in all_checks() if info.code not in _EXPLAINABLE]))
def test_selecting_one_code_reports_a_subset_of_the_full_run(document: Document, code: str) -> None:
    full = _run(document)
    codes = sorted({issue.code for issue in full.issues} - _EXPLAINABLE)
    chosen = codes[len(codes) // 2] if codes else code  # prefer a code that fires
    part = _run(document, select=(chosen,))
    assert {issue.code for issue in part.issues} <= {chosen}
    key = lambda issue: (issue.segment_id, issue.code, issue.span, issue.message)  # noqa: E731
    assert {key(issue) for issue in part.issues} <= {key(issue) for issue in full.issues}


@fuzzing(30)
@given(documents())
def test_json_report_validates_against_the_schema_and_round_trips(document: Document) -> None:
    report = _run(document)
    data = _strict_json(_json(report))
    jsonschema.validate(data, _schema(), format_checker=jsonschema.FormatChecker())
    assert [(s["id"], s["target"], s["source"]) for s in data["segments"]] == [
        (s.id, s.target, s.source) for s in report.segments]
    assert [(i["code"], i["segment_id"], i["field"], i["start"], i["end"], i["suggestion"])
            for i in data["issues"]] == [
        (i.code, i.segment_id, i.span.field, i.span.start, i.span.end, i.suggestion) for i in report.issues]
    assert data["summary"]["issues"] == len(report.issues) == len(data["issues"])


def test_the_schema_is_itself_valid_and_rejects_a_broken_report() -> None:
    jsonschema.Draft202012Validator.check_schema(_schema())
    report = _run(([Segment(id="1", target="Gaza. .", doc_id="d", line=1)], "en", "en"))
    data = _strict_json(_json(report))
    jsonschema.validate(data, _schema())
    data["issues"][0]["start"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema())


# --------------------------------------------------------------------------- tqcheck.lang.graphemes


@pytest.mark.parametrize(("text", "span", "suggestion", "expected"), [
    ("Gaza. .", Span(5, 7), ".", (Span(5, 7), ".")),                          # ASCII: untouched
    ("12,000\u200d x", Span(0, 6), None, (Span(0, 7), None)),                # ZWJ glued to the last digit
    ("a. .\u0301", Span(1, 4), ".", (Span(1, 5), ".\u0301")),                 # the mark stays on what is kept
    ("x\u0301\u0301 y", Span(1, 3), "", (Span(0, 3), "x")),                   # lone marks: take the base
    ("\U0001f469\u200d\U0001f469\u200d\U0001f467!", Span(2, 3), None, (Span(0, 5), None)),
    ("\U0001f1fa\U0001f1e6\U0001f1fa\U0001f1e6", Span(2, 2), "|", (Span(2, 2), "|")),  # between flags
    ("\U0001f1fa\U0001f1e6\U0001f1fa\U0001f1e6", Span(1, 1), "|", (Span(0, 2), "\U0001f1fa|\U0001f1e6")),
    ("\u0915\u094d\u0937a", Span(0, 1), None, (Span(0, 3), None)),             # an Indic conjunct is one cluster
    ("e\u0301", Span(0, 2, "source"), "x", (Span(0, 2, "source"), "x")),
])
def test_whole_clusters(text: str, span: Span, suggestion: str | None,
                        expected: tuple[Span, str | None]) -> None:
    assert whole_clusters(text, span, suggestion) == expected


@fuzzing(200)
@given(hostile_text, st.data())
def test_whole_clusters_lands_on_boundaries_and_keeps_the_fix(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span, suggestion = whole_clusters(text, Span(start, end), "<fix>")
    bounds = _boundaries(text)
    assert span.start <= start <= end <= span.end
    assert span.start in bounds and span.end in bounds
    assert suggestion is not None
    assert text[:span.start] + suggestion + text[span.end:] == text[:start] + "<fix>" + text[end:]
