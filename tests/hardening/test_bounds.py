"""The size bounds of `tqcheck.limits`: past each, a cheaper path and a notice, never unbounded work.

Time and memory at 50 MB are measured in benchmarks/pathological.py (figures in
docs/guarantees.md); these tests pin the behaviour at each bound on small inputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hardening.helpers import run_cli_on
from tqcheck import limits
from tqcheck.checks import names
from tqcheck.checks.context import Context
from tqcheck.config import Settings
from tqcheck.model import Segment
from tqcheck.run.runner import Checker

LONG = "Prices rose by 3 percent on Monday. " * (limits.MAX_CHECKED_CHARACTERS // 30)


def test_an_oversized_line_is_checked_in_part_with_a_notice_and_not_scored(tmp_path: Path) -> None:
    target, reference = tmp_path / "mt.en", tmp_path / "ref.en"
    target.write_text(LONG + "Gaza. .\nGaza. .\n", encoding="utf-8")
    reference.write_text(LONG + "\nGaza.\n", encoding="utf-8")
    outcome = run_cli_on([target, reference], "check", target, "--reference", reference, "--tgt-lang", "en",
                         "-f", "json", "--fail-on", "never")
    report = json.loads(outcome.stdout)
    by_segment = {(issue["segment_id"], issue["code"]) for issue in report["issues"]}
    assert ("1", "TQ605") in by_segment and ("1", "TQ101") not in by_segment  # past the checked part
    assert ("2", "TQ101") in by_segment  # the next line is checked as usual
    first, second = report["segments"]
    assert "chrF" not in first["scores"] and "chrF" in second["scores"]


@pytest.mark.parametrize("command", ["score", "compare"])
def test_scoring_refuses_an_oversized_segment_with_one_error_line(tmp_path: Path, command: str) -> None:
    target, reference = tmp_path / "mt.en", tmp_path / "ref.en"
    target.write_text(LONG + "\nShort.\n", encoding="utf-8")
    reference.write_text("Long.\nShort.\n", encoding="utf-8")
    systems = [target, reference] if command == "compare" else [target]
    outcome = run_cli_on([target, reference], command, *systems, "--reference", reference, "--tgt-lang", "en")
    assert outcome.code == 2 and "characters" in outcome.stderr and "split it" in outcome.stderr


def _document(count: int) -> list[Segment]:
    made_up = [f"Ka{chr(97 + index % 26)}{chr(97 + index // 26 % 26)}{chr(97 + index // 676 % 26)}lo"
               for index in range(count)]
    lines = [" ".join(made_up[start:start + 10]) + "." for start in range(0, count, 10)]
    lines += ["Then Gallant spoke.", "Gallant left.", "Gallant said so.", "Gallant agreed.", "Gallant went.",
              "Gallant came back.", "He met Galanat.", "Galanat agreed."]
    return [Segment(id=str(index), target=line, doc_id="d", tgt_lang="en") for index, line in enumerate(lines)]


def test_name_clustering_past_its_bound_compares_the_most_frequent_and_says_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names, "MAX_DOCUMENT_NAMES", 100)
    issues = Checker(Settings(select=("TQ401",)), tgt_lang="en").check_document(_document(300)).issues
    notices = [issue for issue in issues if "distinct capitalised words" in issue.message]
    assert len(notices) == 1 and notices[0].severity.label == "info"
    assert any(issue.suggestion == "Gallant" for issue in issues)  # the frequent name is still compared


def test_name_clustering_within_its_bound_gives_no_notice() -> None:
    issues = Checker(Settings(select=("TQ401",)), tgt_lang="en").check_document(_document(300)).issues
    assert [issue.suggestion for issue in issues] == ["Gallant", "Gallant"]


def test_per_run_name_caches_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names, "MAX_REMEMBERED_WORDS", 50)
    context = Context.for_languages(None, "en").for_check("TQ410")
    for segment in _document(500):
        list(names.possibly_misspelled_name(segment, context))
    assert 0 < len(context.memory()) <= 50


def test_a_huge_family_of_names_sharing_four_letters_counts_each_alone() -> None:
    from collections import Counter
    group = Counter({f"Mich{chr(97 + a)}{chr(97 + b)}": 1 for a in range(26) for b in range(26)})
    counts, _inside = names._with_inflections(group, group, "en")
    assert counts == group  # 676 names: not compared pairwise
