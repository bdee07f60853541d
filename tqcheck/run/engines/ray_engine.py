"""`--engine ray`: the same checks, run on Ray Data (a local instance, or an existing cluster).

The pipeline, streaming from the input to the checks, nothing of it held by the driver:

1. **Plan** (`ray_plan.plan`): one columnar pass on the driver reads each row's `doc_id` and text
   lengths (pyarrow, in C) and cuts the input into windows exactly as the local engine does
   (`tqcheck.run.runner.windows`), packed into chunks of at most 1,000 records: per chunk, its
   first record number, its windows and where its rows are (a byte range, a Parquet row range).
   The plan is a few numbers per chunk.
2. **Read** in Ray tasks (`ray_plan.read_chunk`): each reads its own byte or row range of the file
   (a local path or an object-store URI) and turns the rows into Segments; a chunk is one Ray row,
   so no re-batching by Ray can cut a document.
3. **Back-translate** (with `--backtranslate-model`) in an autoscaling actor pool
   (`map_batches(Backtranslate, compute=ActorPoolStrategy(min, max), num_gpus=...)`): each actor
   loads the model once; GPUs per actor may be a fraction.
4. **Check** in an autoscaling pool of CPU actors (`map_batches(LocalChecks)`), each holding one
   `Checker` and running the segment- and document-scope checks (`Checker.check_local`).
5. **Batch-scope checks on the driver**: results stream back in input order (Ray Data's
   backpressure bounds what is in flight) and go through `Checker.add_batch`, exactly as with the
   local engine, so the issues are identical. The driver then scores, tallies and writes them
   with the ordinary writers; it holds one chunk at a time. With `--output-dir`, the workers run
   each window's batch-scope checks themselves and write the results through a Ray Data datasink
   instead (`ray_output.py`).

Ray is imported only here, and only when `--engine ray` is used.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from tqcheck.backtranslate.base import TranslationSettings
from tqcheck.config import Settings
from tqcheck.errors import ConfigError, InputError
from tqcheck.model import DocumentResult, Segment
from tqcheck.run.engines import RAY_HINT
from tqcheck.run.runner import Checker
from tqcheck.storage import as_location, filesystem, suffix

RUNTIME_ENV_VARIABLE = "TQCHECK_RAY_RUNTIME_ENV"
FORMATS = ("parquet", "jsonl", "tsv", "csv")
_BY_SUFFIX = {".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".tsv": "tsv",
              ".csv": "csv"}

Runner = Callable[[Checker, Iterator[Segment]], Iterator[DocumentResult]]


def import_ray() -> ModuleType:
    """The `ray` module with Ray Data, or a one-line error saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (Ray Data is a separate extra of ray)
    except ImportError:
        raise ConfigError(f"--engine ray needs Ray Data: {RAY_HINT}") from None
    return ray


def start(address: str | None = None, num_cpus: int | None = None) -> ModuleType:
    """Connect to the cluster at `address` (`auto`, `ray://head:10001`), or start a local instance.

    An instance already running in this process (a test's, a notebook's) is reused as is.
    `TQCHECK_RAY_RUNTIME_ENV` (JSON, e.g. `{"pip": ["tqcheck[ray]"]}`) is passed as the job's
    runtime environment when connecting to a cluster.
    """
    ray = import_ray()
    # Ray logs a failed task's whole traceback before raising it; tqcheck reports it in one line instead.
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if not ray.is_initialized():
        try:
            if address:
                runtime_env = json.loads(os.environ.get(RUNTIME_ENV_VARIABLE) or "null")
                ray.init(address=address, runtime_env=runtime_env, log_to_driver=False, logging_level=logging.ERROR)
            else:
                ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
                         logging_level=logging.ERROR)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{RUNTIME_ENV_VARIABLE} is not valid JSON: {exc.msg}") from None
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise ConfigError(f"cannot start {where}: {_first_line(exc)}") from None
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.log_internal_stack_trace_to_stdout = False
    return ray


@dataclass(frozen=True)
class PoolSettings:
    """The actor pools' sizes (autoscaling between min and max) and the GPUs each back-translation actor takes.

    None: from the cluster at start (check actors up to its CPUs; back-translation actors up to its
    GPUs, one GPU each, or one CPU actor on a cluster without GPUs).
    """

    check_actors: tuple[int, int] | None = None
    backtranslate_actors: tuple[int, int] | None = None
    gpus_per_actor: float | None = None


def prepare(target: str | os.PathLike[str], *, fmt: str | None = None, address: str | None = None,
            num_cpus: int | None = None, companions: Sequence[str] = (),
            backtranslation: TranslationSettings | None = None,
            src_lang: str | None = None, tgt_lang: str | None = None,
            pools: PoolSettings | None = None) -> tuple[Iterator[Segment], RayEngine]:
    """Start (or join) Ray and plan the input: the first segments (for language detection, read only if
    asked for) and the runner for `run_check(..., runner=...)`, which reads everything in the cluster.

    `companions` are the line-aligned option names given (`--source`, ...): Ray reads tables, so
    they must be columns instead. `backtranslation`: how the actor pool back-translates (the same
    settings as the local engine's, from the options and `[backtranslate]`).
    """
    import pyarrow.fs as pafs

    from tqcheck.run.engines.ray_plan import plan

    if companions:
        raise InputError(f"{companions[0]} only applies to line-aligned text; --engine ray reads tables "
                         f"({', '.join(FORMATS)}): put it in a column")
    if backtranslation is not None:
        if not (src_lang and tgt_lang):
            raise ConfigError("--backtranslate-model needs --src-lang and --tgt-lang")
        from tqcheck.lang import normalise_language

        src_lang, tgt_lang = normalise_language(src_lang), normalise_language(tgt_lang)
    location = as_location(target)
    fmt = input_format(location, fmt)
    system, path = filesystem(location)
    try:
        missing = system.get_file_info(path).type == pafs.FileType.NotFound
    except OSError as exc:
        raise InputError(f"cannot open input: {_first_line(exc)}", location) from None
    if missing:
        raise InputError("input file not found", location)
    start(address, num_cpus)
    try:
        chunks, header = plan(location, fmt)
    except InputError:
        raise
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {fmt} input: {_first_line(exc)}", location) from None
    rows = [chunk.as_row(location, fmt, header) for chunk in chunks]
    return _first_segments(rows), RayEngine(tuple(rows), backtranslation, src_lang, tgt_lang, pools or PoolSettings())


def input_format(location: str, fmt: str | None) -> str:
    """The format Ray reads `location` as: `--input-format`, else the extension."""
    found = fmt or _BY_SUFFIX.get(suffix(location))
    if found not in FORMATS:
        raise InputError(f"--engine ray reads {', '.join(FORMATS)} (by extension or --input-format), "
                         f"not {found or 'this file'}", location)
    return found


def _first_segments(rows: Sequence[dict[str, Any]]) -> Iterator[Segment]:
    """The segments of the first chunks, read here: what language detection looks at (when it is asked to)."""
    from tqcheck.lang import DETECTION_SAMPLE
    from tqcheck.readers.arrow_rows import work_chunks
    from tqcheck.run.engines.ray_plan import read_chunk

    given = 0
    for row in rows:
        for _chunk, windows in work_chunks(read_chunk(row)):
            for _number, segments in windows:
                yield from segments
                given += len(segments)
        if given >= DETECTION_SAMPLE:
            return


def read_chunks(table: Any) -> Any:
    """A Ray read task: the work tables of the planned chunks in `table` (rows of `Chunk.as_row`)."""
    import pyarrow as pa

    from tqcheck.run.engines.ray_plan import read_chunk

    return pa.concat_tables([read_chunk(row) for row in table.to_pylist()])


@dataclass(frozen=True)
class RayEngine:
    """The planned input and what the Ray runner needs beyond the Checker: back-translation, pool sizes."""

    plan: tuple[dict[str, Any], ...]
    backtranslation: TranslationSettings | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    pools: PoolSettings = PoolSettings()

    def __call__(self, checker: Checker, segments: Iterator[Segment]) -> Iterator[DocumentResult]:
        """The local engine's `checker.run`, on Ray: same results, same order. `segments` (the first ones,
        for language detection) are not read again: every task reads its own rows."""
        from tqcheck.readers.arrow_rows import result_chunks

        expected = 0
        for table in self.checked(checker).iter_batches(batch_format="pyarrow", batch_size=None):
            for number, results in result_chunks(table):
                if number != expected:
                    raise RuntimeError(f"Ray returned chunk {number} where chunk {expected} was due")
                expected += 1
                for _window, result in results:
                    yield checker.add_batch(result)

    def checked(self, checker: Checker, *, finish: bool = False) -> Any:
        """The Ray dataset of checked chunks (lazy): read, back-translated, checked; with `finish`, the
        batch-scope checks too, per window (`--output-dir`)."""
        ray = start()
        if not self.plan:
            return ray.data.from_items([])
        dataset = ray.data.from_items(list(self.plan), override_num_blocks=len(self.plan))
        dataset = dataset.map_batches(read_chunks, batch_format="pyarrow", batch_size=1)
        resources = ray.cluster_resources()
        pool = ray.data.ActorPoolStrategy
        if self.backtranslation is not None:
            gpus = int(resources.get("GPU", 0))
            per_actor = self.pools.gpus_per_actor if self.pools.gpus_per_actor is not None else (1 if gpus else 0)
            low, high = self.pools.backtranslate_actors or (1, max(1, int(gpus / per_actor) if per_actor else 1))
            dataset = dataset.map_batches(
                Backtranslate, batch_format="pyarrow", batch_size=1, compute=pool(min_size=low, max_size=high),
                num_gpus=per_actor,
                fn_constructor_kwargs={"settings": self.backtranslation, "src_lang": self.src_lang,
                                       "tgt_lang": self.tgt_lang})
        low, high = self.pools.check_actors or (1, max(1, int(resources.get("CPU", 1))))
        return dataset.map_batches(
            LocalChecks, batch_format="pyarrow", batch_size=1, num_cpus=1,
            compute=pool(min_size=low, max_size=high),
            fn_constructor_kwargs={"settings": checker.settings, "src_lang": checker.src_lang,
                                   "tgt_lang": checker.tgt_lang, "finish": finish})


class LocalChecks:
    """A Ray actor: the segment- and document-scope checks of each chunk, with one Checker for its lifetime
    (and, with `finish`, each window's batch-scope checks, on their own)."""

    def __init__(self, settings: Settings, src_lang: str | None, tgt_lang: str | None, finish: bool = False) -> None:
        self.checker = Checker(settings, src_lang=src_lang, tgt_lang=tgt_lang)
        # `--output-dir`: a second Checker for the batch-scope checks, its memory emptied at each window.
        self.windowed = Checker(settings, src_lang=src_lang, tgt_lang=tgt_lang) if finish else None

    def __call__(self, table: Any) -> Any:
        from tqcheck.readers.arrow_rows import result_table, work_chunks

        return result_table([(chunk, [(number, self._check(segments)) for number, segments in found])
                             for chunk, found in work_chunks(table)])

    def _check(self, segments: Sequence[Segment]) -> DocumentResult:
        result = self.checker.check_local(segments, segments[0].doc_id)
        if self.windowed is None:
            return result
        # The batch-scope checks of this window alone, with a memory of their own: no window sees another's,
        # whichever actor runs it, so every run writes the same output.
        self.windowed.forget()
        return self.windowed.add_batch(result)


class Backtranslate:
    """A Ray actor: fills in back-translations, loading the model once (on its GPU when it has one)."""

    def __init__(self, settings: TranslationSettings, src_lang: str, tgt_lang: str) -> None:
        from tqcheck.backtranslate.pipeline import default_translator

        self.settings = settings
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.translator = default_translator(settings)
        load = getattr(self.translator, "load", None)
        if callable(load):
            load()

    def __call__(self, table: Any) -> Any:
        from dataclasses import replace

        import pyarrow as pa

        from tqcheck.backtranslate.pipeline import backtranslate_segments
        from tqcheck.readers.arrow_rows import work_chunks, work_table

        tables = []
        for chunk, found in work_chunks(table):
            todo = [segment for _number, segments in found for segment in segments if segment.backtranslation is None]
            outputs = iter(backtranslate_segments(todo, self.settings, self.src_lang, self.tgt_lang,
                                                  translator=self.translator, progress=False))
            filled = [(number, [replace(segment, backtranslation=next(outputs)) if segment.backtranslation is None
                                else segment for segment in segments]) for number, segments in found]
            tables.append(work_table(chunk, filled))
        return pa.concat_tables(tables) if tables else table


def _first_line(exc: BaseException) -> str:
    """The root cause of `exc` in one line: a Ray task error wraps the exception raised in the task."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = getattr(exc, "cause", None) or exc.__cause__
        if not isinstance(inner, BaseException):
            break
        exc = inner
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
