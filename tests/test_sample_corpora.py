"""The bundled samples in corpora/ come out as their annotations say.

`corpora/annotations.jsonl` lists every problem seeded into the sample MT files and every
near-miss (text that looks wrong but is right). With the default checks:

- every seeded problem gets a finding of its family on its line (recall), except the few
  listed in `KNOWN_MISSES` with the reason;
- no near-miss gets a finding of its family over its text (precision);
- a line of an MT file with no seeded problem gets no finding at all;
- the human references, checked as if they were MT, get no warning or error.

This is the newsroom view of the checker, end to end: reader, checks and runner together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tqcheck import Settings, check, read_segments
from tqcheck.model import Issue, Severity

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


@dataclass(frozen=True)
class Run:
    corpus: str
    target: str
    source: str
    reference: str
    src_lang: str
    tgt_lang: str
    docs: str | None = None


RUNS = (
    Run("news-ar-en", "article-01.en", "article-01.ar", "article-01.ref.en", "ar", "en"),
    Run("news-ar-en", "article-02.en", "article-02.ar", "article-02.ref.en", "ar", "en"),
    Run("news-he-en", "article-01.en", "article-01.he", "article-01.ref.en", "he", "en"),
    Run("news-zh-en", "mt.en", "source.zh", "reference.en", "zh", "en", "docs.tsv"),
    Run("news-en-de", "mt.de", "source.en", "reference.de", "en", "de", "docs.tsv"),
)

# (corpus, file, line): why the default checks do not report the seeded problem in its family.
KNOWN_MISSES = {
    ("news-en-de", "mt.de", 5): "an omitted clause leaves the target at 54% of the expected length; TQ601 "
                                "needs 4 robust sigmas (about 25%), since lower thresholds flag references "
                                "nearly as often as MT (benchmarks/precision.py). TQ301 reports the dropped "
                                "180 million instead",
}


@cache
def issues_of(run: Run) -> tuple[Issue, ...]:
    folder = CORPORA / run.corpus
    segments = read_segments(folder / run.target, source=folder / run.source, reference=folder / run.reference,
                             docs=folder / run.docs if run.docs else None)
    return tuple(check(segments, Settings(), src_lang=run.src_lang, tgt_lang=run.tgt_lang).issues)


def reference_issues(run: Run) -> tuple[Issue, ...]:
    """The issues of the human reference, checked against the source as if it were the MT."""
    folder = CORPORA / run.corpus
    segments = read_segments(folder / run.reference, source=folder / run.source,
                             docs=folder / run.docs if run.docs else None)
    return tuple(check(segments, Settings(), src_lang=run.src_lang, tgt_lang=run.tgt_lang).issues)


def annotations(kind: str) -> list[tuple[Run, dict[str, object]]]:
    rows = [json.loads(line) for line in (CORPORA / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    runs = {(run.corpus, run.target): run for run in RUNS}
    return [(runs[row["corpus"], row["file"]], row) for row in rows
            if row["kind"] == kind and (row["corpus"], row["file"]) in runs]


def in_family(issue: Issue, families: object) -> bool:
    """`families` is the annotation's family column: `TQ3xx`, or several as `TQ1xx/TQ5xx`."""
    return f"TQ{issue.code[2]}xx" in str(families).split("/")


def overlaps(issue: Issue, spans: list[list[int]]) -> bool:
    start, end = issue.span.start, issue.span.end
    return any(start < stop and begin < end if start < end else begin <= start <= stop for begin, stop in spans)


def label(item: tuple[Run, dict[str, object]]) -> str:
    run, row = item
    return f"{run.corpus}/{run.target}:{row['line']}"


@pytest.mark.parametrize("item", annotations("problem"), ids=label)
def test_seeded_problem_is_found(item: tuple[Run, dict[str, object]]) -> None:
    run, row = item
    found = [issue for issue in issues_of(run) if issue.line == row["line"] and in_family(issue, row["family"])]
    if (run.corpus, run.target, row["line"]) in KNOWN_MISSES:
        assert not found, "a known miss is found now: remove it from KNOWN_MISSES"
        return
    assert found, f"{row['problem']}: {row['texts']} not reported ({row['expect']})"


@pytest.mark.parametrize("item", annotations("near-miss"), ids=label)
def test_near_miss_is_not_flagged(item: tuple[Run, dict[str, object]]) -> None:
    run, row = item
    spans = row["spans"]
    assert isinstance(spans, list)
    wrong = [f"{issue.code} {issue.message}" for issue in issues_of(run)
             if issue.line == row["line"] and issue.span.field == row["field"]
             and in_family(issue, row["family"]) and overlaps(issue, spans)]
    assert not wrong, f"{row['texts']} is correct ({row['expect']})"


@pytest.mark.parametrize("run", RUNS, ids=lambda run: f"{run.corpus}/{run.target}")
def test_no_findings_on_clean_lines(run: Run) -> None:
    seeded = {row["line"] for each, row in annotations("problem") if each == run}
    stray = [f"line {issue.line}: {issue.code} {issue.message}" for issue in issues_of(run)
             if issue.line not in seeded]
    assert not stray


@pytest.mark.parametrize("run", RUNS, ids=lambda run: f"{run.corpus}/{run.reference}")
def test_references_pass_as_translations(run: Run) -> None:
    flagged = [f"line {issue.line}: {issue.code} {issue.message}" for issue in reference_issues(run)
               if issue.severity > Severity.INFO]
    assert not flagged
