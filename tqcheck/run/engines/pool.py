"""`--jobs N`: the segment- and document-scope checks in a pool of worker processes.

The input streams in; consecutive windows (whole documents, see `runner.windows`) are
packed into chunks of about `CHUNK_SEGMENTS` segments and sent to the workers, at most
`IN_FLIGHT_PER_JOB` chunks per worker at a time, so memory stays flat however long the
input is. Workers send back only the issues (and, with a reference, sacrebleu's statistics
for the segment scores); the driving process re-attaches them to its own segments, runs the
batch-scope checks in input order (`Checker.add_batch`) and yields the results in input
order. The output is therefore identical to `--jobs 1`.

An input that fits in one chunk never starts a pool: for a single article, starting
processes costs more than it saves. Before the pool forks, the driving process checks the
first `WARM_UP_SEGMENTS` segments and throws the result away: that loads the language model,
dictionaries and word lists once, and the forked workers inherit them (shared copy-on-write)
rather than loading them each. Only the local checks run then, which keep no run memory, so
the real run is unchanged; and the first chunk goes to the pool like every other, instead of
keeping the other cores idle while the driver checks it.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING

from tqcheck.config import Settings
from tqcheck.metrics.segments import SegmentScorer
from tqcheck.model import DocumentResult, Issue, Segment, Statistics
from tqcheck.run.engines.orphans import watch_parent
from tqcheck.run.runner import Checker, windows

if TYPE_CHECKING:
    import multiprocessing
    from concurrent.futures import Future

CHUNK_SEGMENTS = 500
IN_FLIGHT_PER_JOB = 3
WARM_UP_SEGMENTS = 50

Window = tuple[str | None, tuple[Segment, ...]]

_worker: Checker | None = None
_scorer: SegmentScorer | None = None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


JOBS_PER_CORE = 2  # more workers than this per core only add memory and start-up time


def usable_jobs(requested: int | None) -> tuple[int, str | None]:
    """`--jobs` as it will run: the default is every core; more than `JOBS_PER_CORE` per core is
    capped (each worker is a process with its own tables) and the notice says so."""
    cores = default_jobs()
    if requested is None:
        return cores, None
    limit = JOBS_PER_CORE * cores
    if requested > limit:
        return limit, f"tqcheck: --jobs {requested:,} capped at {limit} ({JOBS_PER_CORE} per core on this machine)"
    return requested, None


def _start_worker(settings: Settings, src_lang: str | None, tgt_lang: str | None,
                  scorer: SegmentScorer | None, driver: int) -> None:
    global _worker, _scorer
    # Ctrl-C is the driver's to handle (exit 130, one line); workers just stop with the pool,
    # and they end on their own if the driver is killed outright.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(driver)
    _worker = Checker(settings, src_lang=src_lang, tgt_lang=tgt_lang)
    _scorer = scorer


Local = tuple[tuple[Issue, ...], Mapping[str, tuple[object, ...]], Statistics]


def _check_chunk(chunk: Sequence[Window]) -> list[Local]:
    """In a worker: the local issues of each window of `chunk`, the batch checks' prepared values
    and the reference metrics' statistics."""
    assert _worker is not None, "worker not initialised"
    results = [_worker.check_local(segments, doc_id) for doc_id, segments in chunk]
    return [(result.issues, result.prepared, _scorer.statistics(result.segments) if _scorer else {})
            for result in results]


def _chunks(stream: Iterator[Window]) -> Iterator[list[Window]]:
    chunk: list[Window] = []
    size = 0
    for window in stream:
        chunk.append(window)
        size += len(window[1])
        if size >= CHUNK_SEGMENTS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    # fork shares the already-imported checks and loaded tables with the workers for free.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def run_checks(checker: Checker, segments: Iterable[Segment], jobs: int,
               scorer: SegmentScorer | None = None) -> Iterator[DocumentResult]:
    """`checker.run(segments)`, with the local checks spread over `jobs` processes.

    With a `scorer`, the workers also compute its reference statistics (`DocumentResult.statistics`),
    so that `scorer.score` in this process only adds them up.
    """
    if jobs <= 1:
        yield from checker.run(segments)
        return
    chunks = _chunks(windows(segments))
    first = next(chunks, [])
    second = next(chunks, None)
    if second is None:
        for doc_id, window in first:
            yield checker.check_document(window, doc_id)
        return
    _warm_up(checker, first)
    from concurrent.futures import ProcessPoolExecutor  # only now: a one-chunk run never needs it

    pending: deque[tuple[list[Window], Future[list[Local]]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_start_worker,
                             initargs=(checker.settings, checker.src_lang, checker.tgt_lang, scorer,
                                       os.getpid())) as pool:
        try:
            for chunk in chain([first, second], chunks):
                pending.append((chunk, pool.submit(_check_chunk, chunk)))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    yield from _collect(checker, *pending.popleft())
            while pending:
                yield from _collect(checker, *pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _warm_up(checker: Checker, chunk: Sequence[Window]) -> None:
    """Check the first few segments of every language pair in `chunk` and forget the result: what the
    checks load on first use (language model, dictionaries, word lists, compiled patterns) is then in
    this process, for the workers to inherit. Local checks only: the run's batch memory stays empty."""
    seen: dict[tuple[str | None, str | None], list[Segment]] = {}
    for _, segments in chunk:
        for segment in segments:
            sample = seen.setdefault((segment.src_lang, segment.tgt_lang), [])
            if len(sample) < WARM_UP_SEGMENTS:
                sample.append(segment)
    for sample in seen.values():
        checker.check_local(sample)


def _collect(checker: Checker, chunk: list[Window], future: Future[list[Local]]) -> Iterator[DocumentResult]:
    for (doc_id, segments), (issues, prepared, statistics) in zip(chunk, future.result()):
        yield checker.add_batch(DocumentResult(doc_id=doc_id, segments=segments, issues=issues, prepared=prepared,
                                               statistics=statistics))
