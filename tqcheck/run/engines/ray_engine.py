"""`--engine ray`: the same checks, run on Ray Data (a local instance, or an existing cluster).

The pipeline:

1. **Read** with Ray Data (`read_parquet`, `read_json`, `read_csv`) from a local path or an
   object-store URI; the driver streams the rows back in input order (`preserve_order`) and
   turns them into Segments (`tqcheck.readers.arrow_rows`).
2. **Chunk on the driver** into whole windows (`tqcheck.run.runner.windows`: whole documents,
   at most 1,000 segments), packed into chunks of at most `CHUNK_SEGMENTS` segments, each
   stored once in the object store as a one-row work table. Why the driver: a document may
   straddle Ray's read blocks, and record numbers (ids, `line`) are positions in the whole
   input, so the cut must be made by someone who sees the rows in order; that pass is a cheap
   conversion next to the checks. A chunk is a single row, so no re-batching by Ray can cut a
   document afterwards.
3. **Back-translate** (with `--backtranslate-model`) in an actor pool, `map_batches(Backtranslate,
   concurrency=N, num_gpus=1)`: one actor per GPU, each loading the model once; on a cluster
   without GPUs one CPU actor.
4. **Check** in an autoscaling pool of CPU actors (`map_batches(LocalChecks)`), each holding
   one `Checker` and running the segment- and document-scope checks (`Checker.check_local`).
5. **Batch-scope checks on the driver**: results stream back in input order and go through
   `Checker.add_batch`, exactly as with the local engine, so the issues are identical. The
   driver then scores, tallies and writes them with the ordinary writers (JSONL, Parquet, ...).

Ray is imported only here, and only when `--engine ray` is used.
"""

from __future__ import annotations

import csv
import io
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
from tqcheck.run.runner import Checker, windows
from tqcheck.storage import as_location, filesystem, is_uri, suffix

CHUNK_SEGMENTS = 1000
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


def prepare(target: str | os.PathLike[str], *, fmt: str | None = None, address: str | None = None,
            num_cpus: int | None = None, companions: Sequence[str] = (),
            backtranslation: TranslationSettings | None = None,
            src_lang: str | None = None, tgt_lang: str | None = None) -> tuple[Iterator[Segment], RayEngine]:
    """Start (or join) Ray, then the segment stream and the runner for `run_check(..., runner=...)`.

    `companions` are the line-aligned option names given (`--source`, ...): Ray reads tables, so
    they must be columns instead. `backtranslation`: how the actor pool back-translates (the same
    settings as the local engine's, from the options and `[backtranslate]`).
    """
    if companions:
        raise InputError(f"{companions[0]} only applies to line-aligned text; --engine ray reads tables "
                         f"({', '.join(FORMATS)}): put it in a column")
    if backtranslation is not None:
        if not (src_lang and tgt_lang):
            raise ConfigError("--backtranslate-model needs --src-lang and --tgt-lang")
        from tqcheck.lang import normalise_language

        src_lang, tgt_lang = normalise_language(src_lang), normalise_language(tgt_lang)
    input_format(as_location(target), fmt)
    start(address, num_cpus)
    return read_segments(target, fmt), RayEngine(backtranslation, src_lang, tgt_lang)


def input_format(location: str, fmt: str | None) -> str:
    """The format Ray reads `location` as: `--input-format`, else the extension."""
    found = fmt or _BY_SUFFIX.get(suffix(location))
    if found not in FORMATS:
        raise InputError(f"--engine ray reads {', '.join(FORMATS)} (by extension or --input-format), "
                         f"not {found or 'this file'}", location)
    return found


def read_segments(target: str | os.PathLike[str], fmt: str | None = None) -> Iterator[Segment]:
    """Read `target` (path or URI) with Ray Data and stream its rows back as Segments, in input order.

    `id` and `line` are record numbers (plus one for a TSV/CSV header row), as the local readers
    number them; a JSONL file with blank lines is the exception (Ray skips them without counting).
    """
    import pyarrow.fs as pafs

    location = as_location(target)
    fmt = input_format(location, fmt)
    system, path = filesystem(location)
    if system.get_file_info(path).type == pafs.FileType.NotFound:
        raise InputError("input file not found", location)
    ray = start()
    try:
        dataset = _dataset(ray, fmt, location if is_uri(location) else path, system, path)
    except Exception as exc:  # Ray and pyarrow raise many types; all mean "cannot read this"
        raise InputError(f"cannot read {fmt} input: {_first_line(exc)}", location) from None
    return _segments(dataset, location, 1 if fmt in ("tsv", "csv") else 0)


def _dataset(ray: ModuleType, fmt: str, where: str, system: Any, path: str) -> Any:
    if fmt == "parquet":
        return ray.data.read_parquet(where)
    if fmt == "jsonl":
        return ray.data.read_json(where, file_extensions=None)
    import pyarrow as pa
    import pyarrow.csv as pacsv

    delimiter = "\t" if fmt == "tsv" else ","
    header = _header(system, path, delimiter)
    # Every column as text: ids like "007" must not become 7. TSV has no quoting, as in the local reader.
    return ray.data.read_csv(
        where, file_extensions=None,
        parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False if fmt == "tsv" else '"',
                                          newlines_in_values=fmt == "csv"),
        convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in header},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False))


def _header(system: Any, path: str, delimiter: str) -> list[str]:
    with system.open_input_stream(path) as stream:
        first: list[str] = stream.read(1 << 16).decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not first:
        raise InputError("empty input: no header row", path)
    if delimiter == "\t":
        return first[0].split("\t")
    names: list[str] = next(csv.reader(io.StringIO(first[0])))
    return names


def _segments(dataset: Any, location: str, line_offset: int) -> Iterator[Segment]:
    from tqcheck.readers.arrow_rows import column_roles, user_segments

    index = 1
    roles: dict[Any, list[str | None]] = {}
    try:
        for batch in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
            if batch.num_rows == 0:
                continue
            known = roles.get(batch.schema)
            if known is None:
                known = roles[batch.schema] = column_roles(batch.schema, location)
            yield from user_segments(batch, known, location, index, line_offset)
            index += batch.num_rows
    except InputError:
        raise
    except Exception as exc:  # a failed Ray read task: its error, one line
        raise InputError(f"cannot read input: {_first_line(exc)}", location) from None
    if index == 1:
        raise InputError("empty input: no rows", location)


@dataclass(frozen=True)
class RayEngine:
    """What the Ray runner needs beyond the Checker: the back-translation, if any."""

    backtranslation: TranslationSettings | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None

    def __call__(self, checker: Checker, segments: Iterator[Segment]) -> Iterator[DocumentResult]:
        """`checker.run(segments)`, on Ray: same results, same order."""
        from tqcheck.readers.arrow_rows import result_chunks, work_table

        ray = start()
        refs = [ray.put(work_table(number, chunk)) for number, chunk in enumerate(_chunks(segments))]
        if not refs:
            return
        dataset = ray.data.from_arrow_refs(refs)
        resources = ray.cluster_resources()
        pool = ray.data.ActorPoolStrategy
        if self.backtranslation is not None:
            gpus = int(resources.get("GPU", 0))
            dataset = dataset.map_batches(
                Backtranslate, batch_format="pyarrow", batch_size=1, compute=pool(size=max(1, gpus)),
                num_gpus=1 if gpus else 0,
                fn_constructor_kwargs={"settings": self.backtranslation, "src_lang": self.src_lang,
                                       "tgt_lang": self.tgt_lang})
        dataset = dataset.map_batches(
            LocalChecks, batch_format="pyarrow", batch_size=1, num_cpus=1,
            compute=pool(min_size=1, max_size=max(1, int(resources.get("CPU", 1)))),
            fn_constructor_kwargs={"settings": checker.settings, "src_lang": checker.src_lang,
                                   "tgt_lang": checker.tgt_lang})
        expected = 0
        for table in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
            for number, results in result_chunks(table):
                if number != expected:
                    raise RuntimeError(f"Ray returned chunk {number} where chunk {expected} was due")
                expected += 1
                for _window, result in results:
                    yield checker.add_batch(result)


def _chunks(segments: Iterator[Segment]) -> Iterator[list[tuple[int, Sequence[Segment]]]]:
    """Numbered windows packed into chunks of at most `CHUNK_SEGMENTS` segments, never cutting a window."""
    chunk: list[tuple[int, Sequence[Segment]]] = []
    size = 0
    for number, (_doc_id, window) in enumerate(windows(segments)):
        if chunk and size + len(window) > CHUNK_SEGMENTS:
            yield chunk
            chunk, size = [], 0
        chunk.append((number, window))
        size += len(window)
    if chunk:
        yield chunk


class LocalChecks:
    """A Ray actor: the segment- and document-scope checks of each chunk, with one Checker for its lifetime."""

    def __init__(self, settings: Settings, src_lang: str | None, tgt_lang: str | None) -> None:
        self.checker = Checker(settings, src_lang=src_lang, tgt_lang=tgt_lang)

    def __call__(self, table: Any) -> Any:
        from tqcheck.readers.arrow_rows import result_table, work_chunks

        return result_table([(chunk, [(number, self.checker.check_local(segments, segments[0].doc_id))
                                      for number, segments in found])
                             for chunk, found in work_chunks(table)])


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
