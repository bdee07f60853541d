"""How often tqcheck's flags point at real translation errors: MQM precision, MT-vs-reference rates.

What it measures
    Part (a), MQM. `shared/corpora/mqm-ted/mqm_ted_{ende,zhen}.tsv` hold expert error
    annotations (WMT MQM, TED talks; en->de and zh->en). Rows are grouped into segments by
    (system, doc, seg_id); in these files `doc` is the talk and `doc_id` the segment's
    position in it. The target with its `<v>...</v>` markers removed is the segment text (the
    script verifies every rater's row gives the same text) and each marked span becomes an
    annotated error with offsets into that text (a few, mostly omissions, are marked in the
    source instead). Every selected check runs on every unique segment, one run per system,
    with each talk as a document in order, so document- and batch-level checks see real
    context and never compare one system with another. For each check:
        flags       issues in the target or source (the fields MQM marks)
        ovl-any     flags overlapping an annotated span of any category, any rater
        ovl-match   flags overlapping a span whose category matches the check's family
                    (FAMILY_CATEGORIES below; e.g. punctuation -> Fluency/Punctuation)
        ovl-none    flags overlapping no annotated span
        P-span      ovl-any / flags
        P-seg       share of the segments it flags that have any annotated error
                    (any category but No-error, with or without a span)
        P-seg-match the same, counting only errors of a matching category
    and per family: R-span, the share of matching-category annotated spans overlapped by a
    flag of that family, and R-seg, the share of segments with a matching-category error
    that the family flags. "base" is the share of all segments with such an error: a
    P-seg-match near the base rate means the check does no better than flagging at random.

    Part (b), flag rate MT vs reference. For each WMT23 pair, every check runs over each
    system output and over the human reference treated as MT (same source; documents from
    documents.tsv where it exists). A check that catches MT errors should fire far more on
    MT than on human translations: the table gives flags per 1,000 segments on MT (pooled
    over systems), on the reference, and the ratio; ratios under 1.5 are marked "noise?".

How to run (from the repository root, with the venv active; needs ../shared)
    python benchmarks/precision.py                          # both parts, defaults below
    python benchmarks/precision.py --part mqm --json mqm.json
    python benchmarks/precision.py --part wmt --pairs de-en,en-zh --limit 0 --per-system
    python benchmarks/precision.py --limit 300              # quick run: 300 segments per file

    Defaults: MQM uses every segment; WMT uses every pair and the first 300 segments of each
    file (`--limit` sets both; `--limit 0` = everything). Checks run in `--jobs` processes
    (default: all CPUs). The WMT limit keeps the default run under 5 minutes on 2 cores: on
    25 Nov 2026, TQ801 (hunspell suggestions for cs/uk/ru) took 94% of the check time, and
    `--limit 1000` took 11.5 minutes. The script ends by naming the slowest checks; use
    `--ignore` to leave one out.

How to read the output
    A check with many flags but low P-span / P-seg, or an MT/ref ratio near 1, mostly flags
    things experts do not call errors (or that humans write too): tune it or lower its
    severity. MQM raters mark one main error per span and miss some, so precision here is a
    lower bound; recall is over categories the family could plausibly catch, not all errors.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

from _shared import (
    REFERENCE,
    StrayOutput,
    WmtPair,
    add_common_options,
    available_wmt_pairs,
    capture_output,
    chosen_checks,
    comma_list,
    describe_checks,
    dump_json,
    heading,
    progress,
    ratio_text,
    read_wmt,
    render_table,
    require_shared,
    wmt_pair,
)

from tqcheck.checks.registry import all_checks
from tqcheck.config import Settings
from tqcheck.model import FAMILIES, CheckInfo, Issue, Segment
from tqcheck.run.runner import CheckCrashed, Checker

# MQM categories each family could plausibly catch. An entry matches the category itself and
# its subcategories ("Terminology" matches "Terminology/Inappropriate for context"); "X/*" is
# any subcategory of X; "Non-translation" also matches WMT's "Non-translation!".
FAMILY_CATEGORIES: dict[str, tuple[str, ...]] = {
    "punctuation": ("Fluency/Punctuation",),
    "brackets-quotes": ("Fluency/Punctuation", "Fluency/Grammar"),
    "numbers": ("Accuracy/Mistranslation",),
    "names": ("Accuracy/Mistranslation", "Fluency/Spelling", "Terminology"),
    "language": ("Accuracy/Untranslated text", "Non-translation"),
    "length": ("Accuracy/Omission", "Accuracy/Addition"),
    "repetition": ("Fluency/Grammar", "Accuracy/Addition"),
    "spelling": ("Fluency/Spelling",),
    "markup": ("Fluency/*", "Other"),
}
NO_ERROR = "No-error"
MQM_FILES = {"ende": ("mqm_ted_ende.tsv", "en", "de"), "zhen": ("mqm_ted_zhen.tsv", "zh", "en")}
DEFAULT_WMT_LIMIT = 300  # keeps the default run under ~5 min on 2 cores; see the docstring
NOISE_RATIO = 1.5
MARK = re.compile(r"</?v>")


# ----------------------------------------------------------------------------- running the checks

@dataclass
class CheckRun:
    """One check's issues over some batches, the time it took, or the crash that stopped it."""

    code: str
    issues: list[Issue] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


def run_each_check(batches: Iterable[Sequence[Segment]], checks: Iterable[CheckInfo]) -> dict[str, CheckRun]:
    """Run every check alone through tqcheck's runner, so one crashing check cannot hide the others.

    Each batch is a separate run (as one `tqcheck check` call would be), so batch-scope checks
    such as "same source translated differently" compare segments within one system's output only.
    """
    batches = list(batches)
    runs: dict[str, CheckRun] = {}
    for info in checks:
        run = CheckRun(info.code)
        start = time.perf_counter()
        try:
            for batch in batches:
                for result in Checker(Settings(select=(info.code,))).run(batch):
                    run.issues.extend(result.issues)
        except CheckCrashed as exc:
            run.error = str(exc)
        run.seconds = time.perf_counter() - start
        runs[info.code] = run
    return runs


# ----------------------------------------------------------------------------- (a) MQM

@dataclass(frozen=True)
class Annotation:
    category: str
    rater: str
    span: tuple[int, int] | None  # offsets into the unmarked text of `field`
    field: str = "target"

    @property
    def is_error(self) -> bool:
        return self.category != NO_ERROR


@dataclass
class MqmSegment:
    """One system's translation of one source segment, with every rater's annotations.

    In these files `doc` names the talk, `doc_id` is the segment's position in the talk and
    `seg_id` its number in the whole test set.
    """

    system: str
    doc: str
    position: int
    seg_id: str
    source: str
    target: str
    annotations: list[Annotation] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.system}/{self.doc}/{self.seg_id}"

    def errors(self, family: str | None = None) -> list[Annotation]:
        """Annotated errors, optionally only those of a category matching `family`."""
        return [note for note in self.annotations
                if note.is_error and (family is None or category_matches(note.category, family))]


def category_matches(category: str, family: str) -> bool:
    """Whether an MQM category is one the family could catch (see FAMILY_CATEGORIES)."""
    for pattern in FAMILY_CATEGORIES.get(family, ()):
        if pattern.endswith("/*"):
            if category.startswith(pattern[:-1]):
                return True
        elif category.rstrip("!") == pattern or category.startswith(pattern + "/"):
            return True
    return False


def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without `<v>`/`</v>` markers, and each marked span's offsets in it."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    opened: int | None = None
    position = 0
    for match in MARK.finditer(text):
        piece = text[position:match.start()]
        plain.append(piece)
        length += len(piece)
        if match.group() == "<v>":
            opened = length
        elif opened is not None:
            spans.append((opened, length))
            opened = None
        position = match.end()
    plain.append(text[position:])
    return "".join(plain), spans


def read_mqm(path: Path, limit: int | None) -> tuple[list[MqmSegment], int, int]:
    """Segments with their annotations, in file order; also (rows, rows whose unmarked text disagreed)."""
    segments: dict[tuple[str, str, str], MqmSegment] = {}
    rows = disagreeing = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["doc"], row["seg_id"])
            if key not in segments and limit is not None and len(segments) >= limit:
                continue
            rows += 1
            target, target_spans = unmark(row["target"])
            source, source_spans = unmark(row["source"])
            segment = segments.setdefault(key, MqmSegment(row["system"], row["doc"], int(row["doc_id"]),
                                                          row["seg_id"], source, target))
            if (target, source) != (segment.target, segment.source):
                disagreeing += 1  # offsets would point into another text: keep only the category
                target_spans = source_spans = []
            spans = [("target", span) for span in target_spans] + [("source", span) for span in source_spans]
            if not spans:
                segment.annotations.append(Annotation(row["category"], row["rater"], None))
            for where, span in spans:
                segment.annotations.append(Annotation(row["category"], row["rater"], span, where))
    return list(segments.values()), rows, disagreeing


def as_batches(mqm: Sequence[MqmSegment], src_lang: str, tgt_lang: str) -> list[list[Segment]]:
    """tqcheck Segments, one batch per system, one document per talk, segments in talk order."""
    by_system: dict[str, dict[str, list[MqmSegment]]] = defaultdict(lambda: defaultdict(list))
    for segment in mqm:
        by_system[segment.system][segment.doc].append(segment)
    return [[Segment(id=segment.key, target=segment.target, source=segment.source, doc_id=f"{system}/{doc}",
                     src_lang=src_lang, tgt_lang=tgt_lang)
             for doc, talk in talks.items() for segment in sorted(talk, key=lambda s: s.position)]
            for system, talks in by_system.items()]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Half-open spans share a character; an empty span (an insertion point) counts where it touches."""
    if a[0] == a[1]:
        return b[0] <= a[0] <= b[1]
    if b[0] == b[1]:
        return a[0] <= b[0] <= a[1]
    return max(a[0], b[0]) < min(a[1], b[1])


def hits(issue: Issue, notes: Iterable[Annotation]) -> bool:
    return any(note.span is not None and note.field == issue.span.field
               and overlaps((issue.span.start, issue.span.end), note.span) for note in notes)


@dataclass(frozen=True)
class CheckScore:
    """One check's flags against the MQM annotations of one file."""

    code: str
    name: str
    family: str
    flags: int
    overlap_any: int
    overlap_matching: int
    flagged_segments: int
    segments_with_error: int
    segments_with_matching: int
    error: str | None

    @property
    def overlap_none(self) -> int:
        return self.flags - self.overlap_any

    @property
    def precision_span(self) -> float | None:
        return fraction(self.overlap_any, self.flags)

    @property
    def precision_segment(self) -> float | None:
        return fraction(self.segments_with_error, self.flagged_segments)

    @property
    def precision_segment_matching(self) -> float | None:
        return fraction(self.segments_with_matching, self.flagged_segments)


@dataclass(frozen=True)
class FamilyRecall:
    """How many matching-category spans and segments a family's checks reach."""

    family: str
    checks: int
    spans: int
    spans_reached: int
    segments: int
    segments_flagged: int
    base_rate: float | None

    @property
    def recall_span(self) -> float | None:
        return fraction(self.spans_reached, self.spans)

    @property
    def recall_segment(self) -> float | None:
        return fraction(self.segments_flagged, self.segments)


@dataclass(frozen=True)
class MqmResult:
    file: str
    src_lang: str
    tgt_lang: str
    rows: int
    rows_with_other_text: int
    segments: int
    segments_with_error: int
    annotated_spans: int
    seconds: float
    checks: list[CheckScore]
    families: list[FamilyRecall]
    check_seconds: dict[str, float]
    stray: StrayOutput


def score_check(info: CheckInfo, run: CheckRun, by_key: dict[str, MqmSegment]) -> CheckScore:
    """Span- and segment-level precision of one check's flags."""
    flags = [issue for issue in run.issues if issue.span.field in ("target", "source")]
    any_hit = [issue for issue in flags if hits(issue, by_key[issue.segment_id].errors())]
    matching_hit = [issue for issue in any_hit if hits(issue, by_key[issue.segment_id].errors(info.family))]
    flagged = {issue.segment_id for issue in run.issues}
    return CheckScore(
        code=info.code, name=info.name, family=info.family, flags=len(flags), overlap_any=len(any_hit),
        overlap_matching=len(matching_hit), flagged_segments=len(flagged),
        segments_with_error=sum(1 for key in flagged if by_key[key].errors()),
        segments_with_matching=sum(1 for key in flagged if by_key[key].errors(info.family)),
        error=run.error,
    )


def family_recall(family: str, runs: Sequence[CheckRun], mqm: Sequence[MqmSegment]) -> FamilyRecall:
    """Recall of the family's checks together, over the categories it could catch."""
    issues_by_key: dict[str, list[Issue]] = defaultdict(list)
    for run in runs:
        for issue in run.issues:
            issues_by_key[issue.segment_id].append(issue)
    # one span marked identically by several raters counts once
    spans = {(segment.key, note.field, note.span, note.category): note
             for segment in mqm for note in segment.errors(family) if note.span is not None}
    reached = sum(1 for (key, *_), note in spans.items()
                  if any(hits(issue, [note]) for issue in issues_by_key.get(key, ())))
    with_errors = [segment.key for segment in mqm if segment.errors(family)]
    return FamilyRecall(family=family, checks=len(runs), spans=len(spans), spans_reached=reached,
                        segments=len(with_errors),
                        segments_flagged=sum(1 for key in with_errors if key in issues_by_key),
                        base_rate=fraction(len(with_errors), len(mqm)))


def evaluate_mqm(name: str, limit: int | None, codes: Sequence[str]) -> MqmResult:
    """Part (a) for one MQM file (runs in a worker process)."""
    filename, src_lang, tgt_lang = MQM_FILES[name]
    mqm, rows, disagreeing = read_mqm(require_shared(f"corpora/mqm-ted/{filename}"), limit)
    checks = checks_by_code(codes)
    start = time.perf_counter()
    with capture_output() as capture:
        runs = run_each_check(as_batches(mqm, src_lang, tgt_lang), checks)
    seconds = time.perf_counter() - start
    by_key = {segment.key: segment for segment in mqm}
    families = sorted({info.family for info in checks}, key=FAMILIES.index)
    return MqmResult(
        file=filename, src_lang=src_lang, tgt_lang=tgt_lang, rows=rows, rows_with_other_text=disagreeing,
        segments=len(mqm), segments_with_error=sum(1 for segment in mqm if segment.errors()),
        annotated_spans=sum(1 for segment in mqm for note in segment.errors() if note.span is not None),
        seconds=seconds,
        checks=[score_check(info, runs[info.code], by_key) for info in checks],
        families=[family_recall(family, [runs[info.code] for info in checks if info.family == family], mqm)
                  for family in families],
        check_seconds={code: run.seconds for code, run in runs.items()},
        stray=capture.stray,
    )


def print_mqm(result: MqmResult) -> None:
    heading(f"(a) MQM {result.file} ({result.src_lang}->{result.tgt_lang})")
    print(f"{result.segments:,} segments from {result.rows:,} rows "
          f"({result.rows_with_other_text} rows disagreed on the unmarked text); "
          f"{result.segments_with_error:,} segments ({percent(result.segments_with_error, result.segments)}) "
          f"have an annotated error; {result.annotated_spans:,} annotated spans; "
          f"checks ran in {result.seconds:.1f} s\n")
    rows = [(c.code, c.name, c.flags, c.overlap_any, c.overlap_matching, c.overlap_none,
             ratio_text(c.precision_span), c.flagged_segments, ratio_text(c.precision_segment),
             ratio_text(c.precision_segment_matching), "CRASHED" if c.error else "")
            for c in result.checks]
    print(render_table(("code", "name", "flags", "ovl-any", "ovl-match", "ovl-none", "P-span", "segs",
                        "P-seg", "P-seg-match", ""), rows, left=2))
    print()
    rows = [(f.family, f.checks, ", ".join(FAMILY_CATEGORIES.get(f.family, ())) or "-", f.spans,
             ratio_text(f.recall_span), f.segments, ratio_text(f.recall_segment), ratio_text(f.base_rate))
            for f in result.families]
    headers = ("family", "checks", "matching categories", "spans", "R-span", "segs", "R-seg", "base")
    print(render_table(headers, rows, left=3))
    for c in result.checks:
        if c.error:
            print(f"  {c.code} crashed: {c.error}")
    note = result.stray.note(f"the checks on {result.file}")
    if note:
        print(note)


# ----------------------------------------------------------------------------- (b) MT vs reference

@dataclass(frozen=True)
class FileFlags:
    """Flags per check over one system output (or the reference) of one pair."""

    pair: str
    system: str
    segments: int
    flags: dict[str, int]
    errors: dict[str, str]
    check_seconds: dict[str, float]
    stray: StrayOutput


@dataclass(frozen=True)
class FlagRate:
    """One check's flags per 1,000 segments on MT and on references."""

    code: str
    name: str
    mt: float | None
    reference: float | None
    per_system: dict[str, float | None]
    crashed_files: int

    @property
    def ratio(self) -> float | None:
        if self.mt is None or self.reference is None or self.mt == 0:
            return None
        return self.mt / self.reference if self.reference else float("inf")

    @property
    def marker(self) -> str:
        if self.crashed_files:
            return f"CRASHED in {self.crashed_files} files"
        if self.mt == 0:
            return "silent"
        return "noise?" if self.ratio is not None and self.ratio < NOISE_RATIO else ""


def count_flags(pair_name: str, system: str, limit: int | None, codes: Sequence[str]) -> FileFlags:
    """Part (b) for one file (runs in a worker process)."""
    segments = read_wmt(wmt_pair(pair_name), system, limit)
    with capture_output() as capture:
        runs = run_each_check([segments], checks_by_code(codes))
    return FileFlags(pair=pair_name, system=system, segments=len(segments),
                     flags={code: len(run.issues) for code, run in runs.items()},
                     errors={code: run.error for code, run in runs.items() if run.error},
                     check_seconds={code: run.seconds for code, run in runs.items()},
                     stray=capture.stray)


def wmt_tasks(pairs: Sequence[WmtPair]) -> list[tuple[str, str]]:
    return [(pair.name, system) for pair in pairs for system in [*pair.systems(), REFERENCE]]


def summarise_rates(files: Sequence[FileFlags], checks: Sequence[CheckInfo]) -> list[FlagRate]:
    """Per check: flags per 1,000 segments on MT (pooled over systems, and per system) and on references."""
    segments: Counter[str] = Counter()
    flags: dict[str, Counter[str]] = defaultdict(Counter)
    crashed: Counter[str] = Counter()
    for result in files:
        segments[result.system] += result.segments
        for code, count in result.flags.items():
            flags[code][result.system] += count
        crashed.update(result.errors.keys())
    systems = [system for system in segments if system != REFERENCE]
    mt_segments = sum(segments[system] for system in systems)
    return [FlagRate(code=info.code, name=info.name,
                     mt=per_thousand(sum(flags[info.code][system] for system in systems), mt_segments),
                     reference=per_thousand(flags[info.code][REFERENCE], segments[REFERENCE]),
                     per_system={system: per_thousand(flags[info.code][system], segments[system])
                                 for system in systems},
                     crashed_files=crashed[info.code])
            for info in checks]


def print_rates(rates: Sequence[FlagRate], files: Sequence[FileFlags], per_system: bool) -> None:
    pairs = sorted({result.pair for result in files})
    mt = [result for result in files if result.system != REFERENCE]
    reference = sum(result.segments for result in files if result.system == REFERENCE)
    heading("(b) WMT23 flags per 1,000 segments: MT vs human reference")
    print(f"pairs: {', '.join(pairs)}; {sum(r.segments for r in mt):,} MT segments "
          f"({len(mt)} system outputs), {reference:,} reference segments; noise? = MT/ref < {NOISE_RATIO}\n")
    systems = list(rates[0].per_system) if rates and per_system else []
    rows = [(rate.code, rate.name, ratio_text(rate.mt, 1), ratio_text(rate.reference, 1),
             ratio_text(rate.ratio), rate.marker,
             *(ratio_text(rate.per_system[system], 1) for system in systems))
            for rate in rates]
    print(render_table(("code", "name", "MT", "ref", "MT/ref", "", *systems), rows, left=2))
    errors = {code: message for result in files for code, message in result.errors.items()}
    for code, message in sorted(errors.items()):
        print(f"  {code} crashed, e.g.: {message}")
    stray = [result.stray for result in files if result.stray.lines]
    if stray:
        total = StrayOutput(sum(s.lines for s in stray), stray[0].first)
        print(total.note(f"the checks on {len(stray)} of {len(files)} files"))


# ----------------------------------------------------------------------------- helpers and main

def checks_by_code(codes: Sequence[str]) -> list[CheckInfo]:
    """The registered checks with these codes (workers get codes, not functions), in code order."""
    return [info for info in all_checks() if info.code in codes]


def print_check_time(results: Sequence[MqmResult | FileFlags], shown: int = 5) -> None:
    """Where the time went: the slowest checks, summed over every file and worker."""
    seconds: Counter[str] = Counter()
    for result in results:
        seconds.update(result.check_seconds)
    total = sum(seconds.values())
    slowest = ", ".join(f"{code} {value:.1f} s" for code, value in seconds.most_common(shown))
    print(f"time in checks, summed over files and workers: {total:.1f} s; slowest: {slowest or '-'}")


def fraction(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def per_thousand(count: int, segments: int) -> float | None:
    return 1000 * count / segments if segments else None


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def as_json(value: object) -> object:
    """Dataclasses with their derived numbers (precision, recall, ratio) as plain JSON data."""
    if is_dataclass(value) and not isinstance(value, type):
        data = {name: as_json(getattr(value, name)) for name in (f.name for f in fields(value))}
        derived = [name for name, attribute in vars(type(value)).items() if isinstance(attribute, property)]
        return data | {name: as_json(getattr(value, name)) for name in derived}
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(item) for item in value]
    return None if value == float("inf") else value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_options(parser, default_pairs=None)
    parser.add_argument("--part", choices=("mqm", "wmt", "all"), default="all", help="which part to run")
    parser.add_argument("--mqm", type=comma_list, default=list(MQM_FILES),
                        help=f"MQM files to use (default: {','.join(MQM_FILES)})")
    parser.add_argument("--per-system", action="store_true", help="also print the MT flag rate per system")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: all CPUs)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.mqm if name not in MQM_FILES]
    if unknown:
        parser.error(f"unknown MQM file {unknown[0]!r} (choose from {', '.join(MQM_FILES)})")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    mqm_limit = args.limit or None
    wmt_limit = DEFAULT_WMT_LIMIT if args.limit is None else (args.limit or None)
    mqm_names = args.mqm if args.part != "wmt" else []
    pairs = [wmt_pair(name) for name in (args.pairs or available_wmt_pairs())] if args.part != "mqm" else []
    for name in mqm_names:
        require_shared(f"corpora/mqm-ted/{MQM_FILES[name][0]}")
    checks = chosen_checks(args.select or ["ALL"], args.ignore)  # opt-in checks are measured too
    codes = tuple(info.code for info in checks)
    print(describe_checks(checks))
    print(f"limits: MQM {mqm_limit or 'all'} segments per file, WMT {wmt_limit or 'all'} segments per file; "
          f"{args.jobs} worker process(es)")
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        mqm_jobs = [pool.submit(evaluate_mqm, name, mqm_limit, codes) for name in mqm_names]
        wmt_jobs = [pool.submit(count_flags, pair, system, wmt_limit, codes)
                    for pair, system in wmt_tasks(pairs)]
        jobs = [*mqm_jobs, *wmt_jobs]
        for done, _ in enumerate(as_completed(jobs), start=1):
            progress(f"{done}/{len(jobs)} files checked")
        progress("")
        mqm_results = [job.result() for job in mqm_jobs]
        wmt_results = [job.result() for job in wmt_jobs]
    for result in mqm_results:
        print_mqm(result)
    rates = summarise_rates(wmt_results, checks)
    if wmt_results:
        print_rates(rates, wmt_results, args.per_system)
    print()
    print_check_time([*mqm_results, *wmt_results])
    print(f"total time {time.perf_counter() - started:.1f} s with {args.jobs} worker process(es)")
    dump_json(args.json, as_json({"checks": [info.code for info in checks],
                                  "limits": {"mqm": mqm_limit, "wmt": wmt_limit},
                                  "mqm": mqm_results, "wmt": {"files": wmt_results, "rates": rates}}))


if __name__ == "__main__":
    main()
