"""A check request: the inputs and the options that shape a run, shared by `check` and `baseline create`.

Both commands must see exactly the same segments under exactly the same settings, or a baseline
would not match the run it is meant for; so both build a `CheckRequest` and start it here. The
library can do the same: `CheckRequest(target=Path("mt.en"), baseline=Path("b.json")).start()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from tqcheck.errors import ConfigError

if TYPE_CHECKING:
    from tqcheck.api import CheckRun
    from tqcheck.backtranslate.base import TranslationSettings
    from tqcheck.config import Settings
    from tqcheck.gating.suppressions import Suppressions
    from tqcheck.metrics.learned import LearnedSettings
    from tqcheck.model import Segment
    from tqcheck.readers.inputs import Inputs
    from tqcheck.run.engines.ray_engine import PoolSettings, Runner
    from tqcheck.run.engines.ray_output import DistributedRun

Say = Callable[[str], None]  # where warnings go as they happen (the CLI: stderr)


def _quiet(_line: str) -> None:
    """The library default: warnings are dropped (the run's own notes are on `CheckRun`)."""


@dataclass(frozen=True)
class CheckRequest:
    """The input files and the options of a check run, as a user gives them."""

    target: Path
    source: Path | None = None
    reference: Path | None = None
    backtranslation: Path | None = None
    docs: Path | None = None
    glossary: Path | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    input_format: str | None = None
    encoding: str = "utf-8"
    select: list[str] | None = None
    extend_select: list[str] | None = None
    ignore: list[str] | None = None
    config: Path | None = None
    fail_on: str | None = None
    suppressions: Path | None = None
    baseline: Path | None = None  # its issues are `known`: they are not shown (or shown marked) and never fail
    show_known: bool = False
    backtranslate_model: str | None = None
    # More back-translation settings by `[backtranslate]` key (beams, batch-tokens, device, ...): they win over
    # the config's; the model is `backtranslate_model` or the config's `[backtranslate] model`.
    backtranslate_options: Mapping[str, object] = field(default_factory=dict)
    progress: bool = False  # plain progress lines on stderr for the back-translation
    learned: LearnedSettings | None = None  # a learned metric run before the checks (scores, TQ920 spans)
    thresholds: Mapping[str, float | None] = field(default_factory=dict)  # --min-chrf ... by setting name
    counts: Mapping[str, int | None] = field(default_factory=dict)  # --max-errors ... by gate name
    engine: str = "local"  # --engine: local or ray (tqcheck.run.engines)
    ray_address: str | None = None
    jobs: int | None = None  # worker processes for the local engine (None: all cores)
    target_name: str | None = None  # how the target is named to the user (`-`: a copy of standard input)
    # More inputs checked in the same run (files, folders, glob patterns; `readers.inputs`), each file
    # its own document; `include`/`exclude` filter what folders and patterns find.
    more_targets: tuple[Path, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # Files read in place of inputs, under the input's name (the fixed copies `--fix` checks again).
    substitutes: Mapping[Path, Path] = field(default_factory=dict)
    # --engine ray: actor pools (`MIN:MAX` or `N` per pool) and GPUs per back-translation actor.
    ray_pools: Mapping[str, object] = field(default_factory=dict)
    skip: list[str] | None = None  # --skip: unit states left out (fuzzy, untranslated, unapproved); over the config's

    @property
    def many(self) -> bool:
        """Whether the inputs are read as many files (several targets, a folder or a glob pattern)."""
        from tqcheck.readers.inputs import is_pattern

        return bool(self.more_targets or self.include or self.exclude or is_pattern(self.target)
                    or (self.target.is_dir() and self.input_format in (None, "articles")))

    @property
    def paths(self) -> list[Path]:
        """Every file read (never to be overwritten by an output)."""
        return [path for path in (self.target, *self.more_targets, self.source, self.reference,
                                  self.backtranslation, self.docs, self.glossary, self.suppressions, self.baseline)
                if path is not None]

    def settings(self) -> Settings:
        """The config file's settings with the request's options applied (the options win)."""
        from tqcheck.checks.registry import normalise_patterns
        from tqcheck.config import FAIL_ON_CHOICES, load_settings, skip_states
        from tqcheck.gating.gates import require_finite

        settings = load_settings(self.config, discover_from=Path.cwd())
        if self.fail_on is not None and self.fail_on not in FAIL_ON_CHOICES:
            raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, not {self.fail_on!r}")
        try:
            settings = settings.merged(
                select=tuple(normalise_patterns(self.select)) if self.select else None,
                extend_select=settings.extend_select + tuple(normalise_patterns(self.extend_select))
                if self.extend_select else None,
                ignore=tuple(normalise_patterns(self.ignore)) + settings.ignore if self.ignore else None,
                fail_on=self.fail_on,
                glossary_path=str(self.glossary) if self.glossary else None,
                suppressions_path=str(self.suppressions) if self.suppressions else None,
                skip=skip_states(self.skip) if self.skip else None,
            )
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        given = {key: value for key, value in self.thresholds.items() if value is not None}
        require_finite({f"--{key}": value for key, value in given.items()}, "option")
        return settings.merged(thresholds={**settings.thresholds, **given},
                               gates=settings.gates.merged(self.counts)).with_glossary()

    def start(self, settings: Settings | None = None, *, say: Say = _quiet, record_baseline: bool = False,
              created: str | None = None) -> CheckRun:
        """Start the (lazy, streaming) run: read the baseline and suppressions, then the first segments.

        `say` gets warnings as they happen (an expired suppression, `jobs` capped); the
        detected languages are on the run's `info.detected`.
        """
        from tqcheck.api import run_check

        settings = settings or self.settings()
        baseline = None
        if self.baseline is not None:
            from tqcheck.gating.baseline import load_baseline

            baseline = load_baseline(self.baseline)
        suppressions = self._suppressions(settings, say)
        inputs = [path for path in (self.target, *self.more_targets, self.source, self.reference,
                                    self.backtranslation, self.docs, self.glossary) if path is not None]
        try:
            segments, runner = self._engine(settings, say)
            return run_check(segments, settings, src_lang=self.src_lang, tgt_lang=self.tgt_lang,
                             inputs=[self._shown(path) for path in inputs], runner=runner,
                             jobs=worker_count(self.jobs, say), created=created, baseline=baseline,
                             suppressions=suppressions, show_known=self.show_known, record_baseline=record_baseline)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None

    def start_distributed(self, settings: Settings | None = None, *, output_dir: str, output_format: str = "parquet",
                          say: Say = _quiet) -> DistributedRun:
        """Run on Ray and write the results under `output_dir` with Ray Data's writers (`--output-dir`)."""
        from tqcheck.api import run_distributed
        from tqcheck.run.engines.ray_engine import RayEngine

        settings = settings or self.settings()
        if self.engine != "ray":
            raise ConfigError("--output-dir writes with Ray Data's writers: it goes with --engine ray")
        for flag, given in (("--baseline", self.baseline), ("--suppressions", settings.suppressions_path)):
            if given:
                raise ConfigError(f"{flag} does not work with --output-dir yet: check without it, or without "
                                  "--output-dir")
        try:
            segments, runner = self._engine(settings, say)
            if not isinstance(runner, RayEngine):
                raise ConfigError("--output-dir writes with Ray Data's writers: it goes with --engine ray")
            return run_distributed(segments, settings, engine=runner, output_dir=output_dir,
                                   output_format=output_format, src_lang=self.src_lang, tgt_lang=self.tgt_lang,
                                   inputs=[self._shown(self.target)])
        except ValueError as exc:
            raise ConfigError(str(exc)) from None

    def segments(self, settings: Settings | None = None, say: Say = _quiet) -> Iterator[Segment]:
        """The segments of the inputs (back-translated first when a model is given here or in the config)."""
        from tqcheck.readers import read_segments

        if self.many:
            segments = self._many_segments(say)
        else:
            segments = read_segments(self.substitutes.get(self.target, self.target), source=self.source,
                                     reference=self.reference, backtranslation=self.backtranslation, docs=self.docs,
                                     fmt=self.input_format, encoding=self.encoding, src_lang=self.src_lang,
                                     tgt_lang=self.tgt_lang)
            if self.target in self.substitutes:
                segments = _renamed(segments, self.substitutes[self.target], self.target_name or str(self.target))
            elif self.target_name is not None:
                segments = _renamed(segments, self.target, self.target_name)
        settings = settings or self.settings()
        if settings.skip:  # before back-translation: skipped units cost nothing
            from tqcheck.readers.states import without_states

            segments = without_states(segments, settings.skip, say)
        translation = self.translation_settings(settings)
        if translation is not None:
            segments = _backtranslated(segments, translation, self.src_lang, self.tgt_lang, self.progress, say)
        if self.learned is not None:
            from tqcheck.metrics.learned import with_predictions

            segments = with_predictions(segments, self.learned, warn=say)
        return segments

    def input_files(self) -> Inputs:
        """The files the inputs name (folders and patterns expanded), for a run of many inputs."""
        from tqcheck.readers.inputs import expand_inputs
        from tqcheck.readers.textfile import check_encoding

        given = [flag for flag, path in (("--source", self.source), ("--reference", self.reference),
                                         ("--backtranslation", self.backtranslation), ("--docs", self.docs)) if path]
        if given:
            raise ConfigError(f"{given[0]} pairs line by line with one input file; with several inputs, folders "
                              "or patterns put the source in each file (a column, a field, XLIFF's <source>)")
        return expand_inputs((self.target, *self.more_targets), include=self.include, exclude=self.exclude,
                             encoding=check_encoding(self.encoding))

    def _many_segments(self, say: Say) -> Iterator[Segment]:
        from tqcheck.readers.inputs import read_inputs

        inputs = self.input_files()
        if inputs.skipped:
            names = ", ".join(str(path) for path in inputs.skipped[:3]) + (", ..." if len(inputs.skipped) > 3 else "")
            say(f"tqcheck: skipped {len(inputs.skipped)} file{'s' if len(inputs.skipped) != 1 else ''} "
                f"that {'are' if len(inputs.skipped) != 1 else 'is'} not text: {names}")
        return read_inputs(inputs, fmt=self.input_format, encoding=self.encoding, src_lang=self.src_lang,
                           tgt_lang=self.tgt_lang, substitutes=self.substitutes)

    def translation_settings(self, settings: Settings) -> TranslationSettings | None:
        """How to back-translate inline: the options over the config's `[backtranslate]`; None without a model."""
        given = {**settings.backtranslate, **{key: value for key, value in self.backtranslate_options.items()
                                              if value is not None}}
        model = self.backtranslate_model or given.get("model")
        if not model:
            return None
        from tqcheck.backtranslate.base import TranslationSettings

        cache = given.get("cache")
        return TranslationSettings(
            model=str(model), revision=given.get("revision"), num_beams=int(given.get("beams", 4)),
            batch_tokens=int(given.get("batch-tokens", 4096)), max_length=given.get("max-length"),
            device=str(given.get("device", "auto")), dtype=str(given.get("dtype", "auto")),
            use_cache=bool(given.get("use-cache", True)), cache_path=str(cache) if cache else None,
            split_sentences=bool(given.get("split-sentences", True)))

    def _suppressions(self, settings: Settings, say: Say) -> Suppressions | None:
        """The suppressions file in force (option, else config); each expired entry is a warning."""
        if settings.suppressions_path is None:
            return None
        from tqcheck.gating.suppressions import load_suppressions

        suppressions = load_suppressions(Path(settings.suppressions_path))
        for entry in suppressions.expired:
            say(f"tqcheck: warning: suppression expired on {entry.expires}, no longer applied: "
                f"{entry.describe()}")
        return suppressions

    def _shown(self, path: Path) -> str:
        """How an input is named to the user."""
        return self.target_name if self.target_name is not None and path == self.target else str(path)

    def _engine(self, settings: Settings, say: Say) -> tuple[Iterator[Segment], Runner | None]:
        """The segments and, for the ray engine, the runner that replaces the local one."""
        from tqcheck.run.engines import ENGINES

        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r} (choose from {', '.join(ENGINES)})")
        if self.engine == "local":
            return self.segments(settings, say), None
        if self.learned is not None:
            raise ConfigError("--metric-model does not run on the Ray engine yet; use --engine local")
        if self.many:
            raise ConfigError("the Ray engine reads one input (a file or an object-store URI); check several "
                              "inputs with --engine local")
        if settings.skip:
            raise ConfigError("--skip (or skip in the config) does not run on the Ray engine yet; use --engine local")
        from tqcheck.run.engines.ray_engine import prepare

        given = [flag for flag, path in (("--source", self.source), ("--reference", self.reference),
                                         ("--backtranslation", self.backtranslation), ("--docs", self.docs)) if path]
        return prepare(self.target, fmt=self.input_format, address=self.ray_address, num_cpus=self.jobs,
                       pools=pool_settings(self.ray_pools),
                       companions=given, backtranslation=self.translation_settings(settings), src_lang=self.src_lang,
                       tgt_lang=self.tgt_lang)


def _renamed(segments: Iterator[Segment], path: Path, name: str) -> Iterator[Segment]:
    """`segments` read from `path`, with `name` as their origin and anchor paths (`-` for standard input)."""
    from tqcheck.model import Anchor

    copy = str(path)
    for segment in segments:
        anchors = {key: Anchor(name, anchor.points) if anchor.path == copy else anchor
                   for key, anchor in segment.anchors.items()}
        yield replace(segment, origin=name if segment.origin == copy else segment.origin,
                      anchors=MappingProxyType(anchors))


def _backtranslated(segments: Iterator[Segment], translation: TranslationSettings, src_lang: str | None,
                    tgt_lang: str | None, progress: bool, say: Say) -> Iterator[Segment]:
    """The segments with back-translations (inline back-translation)."""
    from tqcheck.backtranslate.pipeline import NOTHING_TO_BACKTRANSLATE, with_backtranslations
    from tqcheck.lang import normalise_language

    if src_lang and tgt_lang:
        return with_backtranslations(segments, translation, normalise_language(src_lang),
                                     normalise_language(tgt_lang), progress=progress, warn=say)
    return _unless_sourced(segments, say, NOTHING_TO_BACKTRANSLATE)


def _unless_sourced(segments: Iterator[Segment], say: Say, note: str) -> Iterator[Segment]:
    """The segments as they are, while none has a source; the languages are needed only to translate one."""
    for segment in segments:
        if segment.source:
            raise ConfigError("back-translation (--backtranslate-model or [backtranslate] model) needs "
                              "--src-lang and --tgt-lang")
        yield segment
    say(note)


def worker_count(requested: int | None, say: Say = _quiet) -> int:
    """`jobs` as it will run (every core by default; capped past two per core, with a warning)."""
    from tqcheck.run.engines.pool import usable_jobs

    jobs, notice = usable_jobs(requested)
    if notice is not None:
        say(notice)
    return jobs


def pool_settings(given: Mapping[str, object]) -> PoolSettings:
    """The Ray actor pools from `--ray-check-actors`, `--ray-backtranslate-actors` (`MIN:MAX` or `N`) and
    `--ray-gpus-per-actor`; one `error:` line for anything else."""
    from tqcheck.run.engines.ray_engine import PoolSettings

    sizes: dict[str, tuple[int, int] | None] = {}
    for key in ("check-actors", "backtranslate-actors"):
        text = given.get(key)
        if text is None:
            sizes[key] = None
            continue
        low, _, high = str(text).partition(":")
        try:
            pair = (int(low), int(high or low))
        except ValueError:
            pair = (0, 0)
        if not 1 <= pair[0] <= pair[1]:
            raise ConfigError(f"--ray-{key} takes N or MIN:MAX with 1 <= MIN <= MAX, not {text!r}")
        sizes[key] = pair
    gpus = given.get("gpus-per-actor")
    if gpus is not None and not (isinstance(gpus, (int, float)) and 0 <= float(gpus) <= 64):
        raise ConfigError(f"--ray-gpus-per-actor takes a number of GPUs from 0 (a fraction shares one), not {gpus!r}")
    return PoolSettings(check_actors=sizes["check-actors"], backtranslate_actors=sizes["backtranslate-actors"],
                        gpus_per_actor=float(gpus) if gpus is not None else None)
