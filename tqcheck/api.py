"""The library entry points behind `tqcheck check`: streaming (`run_check`) and in-memory (`check`).

Both end a run as the CLI does: suppressions and a baseline applied, the gates evaluated, a
typed `Verdict` in the summary. `tqcheck.request.CheckRequest` builds a run from file paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from tqcheck import __version__
from tqcheck.config import Settings
from tqcheck.errors import InputError
from tqcheck.gating.verdict import GatedRun
from tqcheck.lang import DETECTION_SAMPLE, MIN_DETECTION_CONFIDENCE, detect_language
from tqcheck.lang import normalise_language as normalise_language
from tqcheck.metrics.segments import REFERENCE_METRICS, SegmentScorer
from tqcheck.model import DocumentResult, GateFailure, Report, RunInfo, Segment, Summary, Verdict, timestamp
from tqcheck.run.engines.pool import run_checks
from tqcheck.run.runner import Checker, Tally

if TYPE_CHECKING:
    from tqcheck.backtranslate import TranslationSettings as TranslationSettings
    from tqcheck.backtranslate import translate_texts as translate_texts
    from tqcheck.backtranslate.pipeline import truncation_warning as truncation_warning
    from tqcheck.checks.docs import checks_json as checks_json
    from tqcheck.checks.docs import checks_markdown as checks_markdown
    from tqcheck.checks.docs import checks_text as checks_text
    from tqcheck.checks.registry import all_checks as all_checks
    from tqcheck.checks.registry import normalise_patterns as normalise_patterns
    from tqcheck.checks.registry import select_checks as select_checks
    from tqcheck.fixes.session import fix_session as fix_session
    from tqcheck.gating.baseline import Baseline
    from tqcheck.gating.baseline import write_baseline as write_baseline
    from tqcheck.gating.gates import require_finite as require_finite
    from tqcheck.gating.suppressions import Suppressions
    from tqcheck.metrics.compare import DEFAULT_METRICS as DEFAULT_METRICS
    from tqcheck.metrics.compare import SystemInput as SystemInput
    from tqcheck.metrics.compare import compare_systems as compare_systems
    from tqcheck.metrics.compare import sacrebleu_seed as sacrebleu_seed
    from tqcheck.metrics.compare_files import baseline_system as baseline_system
    from tqcheck.metrics.compare_files import check_line_counts as check_line_counts
    from tqcheck.metrics.compare_files import read_doc_ids as read_doc_ids
    from tqcheck.metrics.compare_files import read_lines as read_lines
    from tqcheck.metrics.compare_files import read_systems as read_systems
    from tqcheck.metrics.compare_files import system_names as system_names
    from tqcheck.metrics.learned import LearnedSettings as LearnedSettings
    from tqcheck.metrics.sacre import MetricOptions as MetricOptions
    from tqcheck.metrics.sacre import normalise_metric_names as normalise_metric_names
    from tqcheck.metrics.score import check_thresholds as check_thresholds
    from tqcheck.metrics.score import score_files as score_files
    from tqcheck.readers import read_segments as read_segments
    from tqcheck.readers import sniff_format as sniff_format
    from tqcheck.readers.report_json import load_report as load_report
    from tqcheck.readers.textfile import check_encoding as check_encoding
    from tqcheck.run.engines.ray_engine import RayEngine
    from tqcheck.run.engines.ray_output import DistributedRun
    from tqcheck.run.progress import wanted as wanted
    from tqcheck.run.progress import with_progress as with_progress

# The rest of the library the commands use, imported on first use (so `tqcheck --help` stays fast):
# the CLI reaches everything below it through this module.
_LAZY = {
    "TranslationSettings": "tqcheck.backtranslate", "translate_texts": "tqcheck.backtranslate",
    "truncation_warning": "tqcheck.backtranslate.pipeline",
    "checks_json": "tqcheck.checks.docs", "checks_markdown": "tqcheck.checks.docs",
    "checks_text": "tqcheck.checks.docs", "all_checks": "tqcheck.checks.registry",
    "normalise_patterns": "tqcheck.checks.registry", "select_checks": "tqcheck.checks.registry",
    "write_baseline": "tqcheck.gating.baseline", "require_finite": "tqcheck.gating.gates",
    "DEFAULT_METRICS": "tqcheck.metrics.compare", "SystemInput": "tqcheck.metrics.compare",
    "compare_systems": "tqcheck.metrics.compare", "sacrebleu_seed": "tqcheck.metrics.compare",
    **dict.fromkeys(("baseline_system", "check_line_counts", "read_doc_ids", "read_lines", "read_systems",
                     "system_names"), "tqcheck.metrics.compare_files"),
    "normalise_metric_names": "tqcheck.metrics.sacre",
    "MetricOptions": "tqcheck.metrics.sacre", "LearnedSettings": "tqcheck.metrics.learned",
    "check_thresholds": "tqcheck.metrics.score",
    "score_files": "tqcheck.metrics.score", "read_segments": "tqcheck.readers", "sniff_format": "tqcheck.readers",
    "load_report": "tqcheck.readers.report_json", "check_encoding": "tqcheck.readers.textfile",
    "wanted": "tqcheck.run.progress", "with_progress": "tqcheck.run.progress",
    "fix_session": "tqcheck.fixes.session",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tqcheck.api' has no attribute {name!r}")



def resolve_languages(segments: Iterable[Segment], src_lang: str | None, tgt_lang: str | None
                      ) -> tuple[Iterator[Segment], str | None, str | None, dict[str, str]]:
    """Validate given language tags; detect missing ones from the first segments.

    Returns the (re-chained) segment stream, both languages and a note of what was
    detected, e.g. `{"target": "en (0.98)"}`, for the report header.
    """
    src = normalise_language(src_lang) if src_lang else None
    tgt = normalise_language(tgt_lang) if tgt_lang else None
    stream = iter(segments)
    detected: dict[str, str] = {}
    if src and tgt:
        return stream, src, tgt, detected
    head = list(islice(stream, DETECTION_SAMPLE))
    if not head:
        raise InputError("empty input: no segments to check")
    for role, texts in (("target", [s.target for s in head]), ("source", [s.source or "" for s in head])):
        if (role == "target" and tgt) or (role == "source" and (src or not any(texts))):
            continue
        own = {s.tgt_lang if role == "target" else s.src_lang for s in head}
        if None not in own:  # every segment says its language (XLIFF, TMX headers; language columns)
            if len(own) == 1:  # one language for the whole input: the run's, as if it had been given
                found_tag = own.pop()
                tgt, src = (found_tag, src) if role == "target" else (tgt, found_tag)
            continue
        found = detect_language(texts)
        if found is None or found.confidence < MIN_DETECTION_CONFIDENCE:
            flag = "--tgt-lang" if role == "target" else "--src-lang"
            raise InputError(f"cannot detect the {role} language; pass {flag}")
        detected[role] = f"{found.language} ({found.confidence:.2f})"
        if role == "target":
            tgt = found.language
        else:
            src = found.language
    return chain(head, stream), src, tgt, detected


@dataclass(frozen=True)
class CheckRun:
    """A started, streaming check run. Iterate `results` once; then ask for the summary and the verdict."""

    info: RunInfo
    results: Iterator[DocumentResult]
    gated: GatedRun
    scorer: SegmentScorer | None = None

    def summary(self) -> Summary:
        """The counts of the issues shown (the verdict included when a baseline, suppressions or gates were used)."""
        return self.gated.summary()

    def failures(self) -> tuple[GateFailure, ...]:
        """Every gate the run failed, `fail-on` included: empty when it passed."""
        return self.gated.failures()

    def verdict(self) -> Verdict:
        """What the baseline and suppressions did and which gates failed (whether or not they were used)."""
        return self.gated.verdict()

    def notes(self) -> list[str]:
        """What the baseline and suppressions did, gates that could not apply, scores not computed (a line each)."""
        skipped = self.scorer.unavailable if self.scorer is not None else {}
        return [*(f"note: {name} was not computed: {reason}" for name, reason in skipped.items()),
                *self.gated.notes()]

    def baseline_record(self) -> dict[str, Any]:
        """The baseline document of the run (started with `record_baseline=True`)."""
        return self.gated.baseline_record()


def run_check(segments: Iterable[Segment], settings: Settings | None = None, *, src_lang: str | None = None,
              tgt_lang: str | None = None, inputs: Iterable[str] = (), created: str | None = None,
              jobs: int = 1, runner: Callable[[Checker, Iterator[Segment]], Iterator[DocumentResult]] | None = None,
              baseline: Baseline | None = None, suppressions: Suppressions | None = None, show_known: bool = False,
              record_baseline: bool = False) -> CheckRun:
    """Start a streaming check run: its header info, a lazy stream of results, then summary and verdict.

    `jobs` > 1 runs the segment- and document-scope checks in that many worker processes;
    the results are the same, in the same order. `runner` replaces `Checker.run` with another
    engine that gives the same results (`tqcheck.run.engines.ray_engine.RayEngine`).
    Issues covered by `suppressions` are dropped; those in `baseline` are `known` and dropped
    unless `show_known`; `record_baseline` keeps what `CheckRun.baseline_record` needs.
    """
    settings = settings or Settings()
    stream, src, tgt, detected = resolve_languages(segments, src_lang, tgt_lang)
    checker = Checker(settings, src_lang=src, tgt_lang=tgt)
    info = RunInfo(
        tool_version=__version__,
        created=created or timestamp(),
        inputs=tuple(inputs),
        src_lang=src,
        tgt_lang=tgt,
        checks_run=checker.codes,
        detected=detected,
        fail_on=settings.fail_on,
    )
    # TER is 70-200x chrF's cost per segment: computed only when a gate needs it.
    metrics = REFERENCE_METRICS + (("TER",) if "max-ter" in settings.thresholds else ())
    scorer = SegmentScorer(tgt, metrics)
    everything = Tally(scores=scorer.corpus_scores)  # every issue found: the corpus scores come from here
    if runner is not None:
        results = runner(checker, stream)
    else:
        results = run_checks(checker, stream, jobs, scorer) if jobs > 1 else checker.run(stream)
    scored = everything.watch(scorer.score(result) for result in results)
    scores = cache(everything.scores) if everything.scores else None
    gated = GatedRun(info, scored, settings, baseline=baseline, suppressions=suppressions, show_known=show_known,
                     record=record_baseline, scores=scores)
    return CheckRun(info=info, results=gated.results, gated=gated, scorer=scorer)


def run_distributed(segments: Iterable[Segment], settings: Settings, *, engine: RayEngine, output_dir: str,
                    output_format: str = "parquet", src_lang: str | None = None, tgt_lang: str | None = None,
                    inputs: Iterable[str] = (), created: str | None = None) -> DistributedRun:
    """Check on Ray and write the results with Ray Data's writers under `output_dir` (`--output-dir`).

    `segments` are only the first ones, for language detection; every Ray task reads its own rows
    (`engine`, from `tqcheck.run.engines.ray_engine.prepare`). The summary comes from aggregations
    over the written outputs, and the gates are evaluated on it as for any run. The batch-scope
    checks compare within each window (`ray_output.PER_WINDOW_NOTE`).
    """
    from dataclasses import replace

    from tqcheck.gating.gates import evaluate
    from tqcheck.run.engines.ray_output import OUTPUT_FORMATS, write_results, write_summary

    if output_format not in OUTPUT_FORMATS:
        raise InputError(f"--output-dir-format must be one of {', '.join(OUTPUT_FORMATS)}, not {output_format!r}")
    _stream, src, tgt, detected = resolve_languages(segments, src_lang, tgt_lang)
    checker = Checker(settings, src_lang=src, tgt_lang=tgt)
    info = RunInfo(tool_version=__version__, created=created or timestamp(), inputs=tuple(inputs), src_lang=src,
                   tgt_lang=tgt, checks_run=checker.codes, detected=detected, fail_on=settings.fail_on)
    batch = tuple(check.code for check in checker.checks if check.scope == "batch")
    run = write_results(engine.checked(checker, finish=True), info, output_dir, output_format, batch_codes=batch)
    failures = tuple(evaluate(run.summary, settings.gates, thresholds=settings.thresholds,
                              fail_on=settings.fail_on))
    return write_summary(replace(run, failures=failures))


def check(segments: Iterable[Segment], settings: Settings | None = None, *, src_lang: str | None = None,
          tgt_lang: str | None = None, created: str | None = None, jobs: int = 1, baseline: Baseline | None = None,
          suppressions: Suppressions | None = None, show_known: bool = False) -> Report:
    """Check segments and return the whole Report in memory, ended as `tqcheck check` ends a run.

    `report.summary.failed(report.info.fail_on)` says whether the run failed its gates;
    `report.summary.verdict` says why, when a baseline, suppressions or gates were used.
    """
    run = run_check(segments, settings, src_lang=src_lang, tgt_lang=tgt_lang, created=created, jobs=jobs,
                    baseline=baseline, suppressions=suppressions, show_known=show_known)
    documents = tuple(run.results)
    return Report(info=run.info, documents=documents, summary=run.summary())
