"""One generic runner over tests/checks/cases/TQxxx.toml (fire / near-miss cases per check).

Case file format:

    code = "TQ101"
    [[case]]
    name = "period-space-period"
    target = "reoccupation of Gaza. ."      # or: segments = [{target = "...", source = "..."}, ...]
    source = "..."                           # optional, also reference / backtranslation
    src_lang = "ar"                          # optional; tgt_lang defaults to "en"
    config = { boilerplate = ["Jetzt teilen"] }   # optional [tool.tqcheck]-style settings
    glossary = ["source,target,type", "غالانت,Gallant,required"]   # optional glossary rows (CSV)
    repeat = 5000                            # optional: the target is that many copies of `target`
    predicted = [[13, 19, "major"]]          # optional: error spans a learned metric predicted (TQ920)
    expect = ["20:23"]                       # spans of this code: "[N/][field@]start:end", N = segment index

`expect = []` marks a near miss that must not fire.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from tests.conftest import run_code
from tqcheck.config import parse_settings
from tqcheck.glossary import Glossary, parse_delimited
from tqcheck.model import LEARNED_META, Segment

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES_DIR = Path(__file__).parent / "cases"
TEXT_FIELDS = ("target", "source", "reference", "backtranslation")


def load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("TQ*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data["case"]:
            params.append(pytest.param(data["code"], case, id=f"{data['code']}-{case['name']}"))
    return params


def build_segments(case: dict[str, Any]) -> list[Segment]:
    rows = case.get("segments") or [{key: case[key] for key in TEXT_FIELDS if key in case}]
    meta = {LEARNED_META: json.dumps({"n": "case", "s": 0.0, "p": case["predicted"]})} if "predicted" in case else {}
    return [
        Segment(id=str(index), target=row["target"] * case.get("repeat", 1), source=row.get("source"), reference=row.get("reference"),
                backtranslation=row.get("backtranslation"), doc_id=row.get("doc_id", "doc"), line=index + 1,
                src_lang=case.get("src_lang"), tgt_lang=case.get("tgt_lang", "en"), meta=MappingProxyType(meta))
        for index, row in enumerate(rows)
    ]


def format_span(segment_index: int, field: str, start: int, end: int) -> str:
    prefix = f"{segment_index}/" if segment_index else ""
    where = f"{field}@" if field != "target" else ""
    return f"{prefix}{where}{start}:{end}"


def skip_without_dictionary(code: str, case: dict[str, Any]) -> None:
    """Firing spelling cases need the target language's Hunspell dictionary (CI installs them; a laptop may not)."""
    if code == "TQ801" and case["expect"]:
        from tqcheck.checks.spelling.dictionaries import unavailable_reason

        reason = unavailable_reason(case.get("tgt_lang", "en"))
        if reason:
            pytest.skip(reason)


@pytest.mark.parametrize(("code", "case"), load_cases())
def test_case(code: str, case: dict[str, Any]) -> None:
    skip_without_dictionary(code, case)
    segments = build_segments(case)
    settings = parse_settings(case.get("config", {}), origin="case")
    if "glossary" in case:
        settings = replace(settings, glossary=Glossary(tuple(parse_delimited("\n".join(case["glossary"]), "case"))))
    issues = run_code(code, segments, settings)
    index = {segment.id: position for position, segment in enumerate(segments)}
    got = sorted(format_span(index[i.segment_id], i.span.field, i.span.start, i.span.end) for i in issues)
    assert got == sorted(case["expect"]), [f"{i.code} {i.message}" for i in issues]
    if "severity" in case:  # the evidence decides the severity: pin it where a case says so
        assert sorted(i.severity.label for i in issues) == sorted(case["severity"]), [i.message for i in issues]
    for issue in issues:
        text = segments[index[issue.segment_id]].text(issue.span.field) or ""
        assert 0 <= issue.span.start <= issue.span.end <= len(text)
