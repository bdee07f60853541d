"""The library entry points behind `tqcheck check`: streaming and in-memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

from tqcheck import __version__
from tqcheck.config import Settings
from tqcheck.errors import InputError
from tqcheck.lang import detect_language, normalise_language
from tqcheck.metrics.segments import REFERENCE_METRICS, SegmentScorer
from tqcheck.model import DocumentResult, Report, RunInfo, Segment, timestamp
from tqcheck.run.engines.pool import run_checks
from tqcheck.run.runner import Checker, Tally

DETECTION_SAMPLE = 200
MIN_DETECTION_CONFIDENCE = 0.5


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
        if role == "target" and all(s.tgt_lang for s in head):
            continue
        if role == "source" and all(s.src_lang for s in head):
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


def run_check(segments: Iterable[Segment], settings: Settings | None = None, *, src_lang: str | None = None,
              tgt_lang: str | None = None, inputs: Iterable[str] = (), created: str | None = None,
              jobs: int = 1, runner: Callable[[Checker, Iterator[Segment]], Iterator[DocumentResult]] | None = None,
              ) -> tuple[RunInfo, Iterator[DocumentResult], Tally]:
    """Set up a streaming check run: header info, a lazy stream of results and its tally.

    `jobs` > 1 runs the segment- and document-scope checks in that many worker processes;
    the results are the same, in the same order. `runner` replaces `Checker.run` with another
    engine that gives the same results (`tqcheck.run.engines.ray_engine.RayEngine`).
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
    tally = Tally(scores=scorer.corpus_scores)
    if runner is not None:
        results = runner(checker, stream)
    else:
        results = run_checks(checker, stream, jobs, scorer) if jobs > 1 else checker.run(stream)
    return info, tally.watch(scorer.score(result) for result in results), tally


def check(segments: Iterable[Segment], settings: Settings | None = None, *, src_lang: str | None = None,
          tgt_lang: str | None = None, created: str | None = None, jobs: int = 1) -> Report:
    """Check segments and return the whole Report in memory (for library use and tests)."""
    info, results, tally = run_check(segments, settings, src_lang=src_lang, tgt_lang=tgt_lang, created=created,
                                     jobs=jobs)
    documents = tuple(results)
    return Report(info=info, documents=documents, summary=tally.summary())
