"""What `check` and `baseline create` share: reading the inputs and building the settings from options.

Both commands must see exactly the same segments under exactly the same settings, or a
baseline would not match the run it is meant for; so both go through `CheckInputs`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.cli.stderr import notice, say

if TYPE_CHECKING:
    from tqcheck.config import Settings
    from tqcheck.gating.suppressions import Suppressions
    from tqcheck.model import DocumentResult, RunInfo, Segment
    from tqcheck.run.engines.ray_engine import Runner
    from tqcheck.run.runner import Tally


@dataclass(frozen=True)
class CheckInputs:
    """The input files and the options that shape a check run, as given on the command line."""

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
    backtranslate_model: str | None = None
    thresholds: Mapping[str, float | None] = field(default_factory=dict)  # --min-chrf ... by setting name
    counts: Mapping[str, int | None] = field(default_factory=dict)  # --max-errors ... by gate name
    engine: str = "local"  # --engine: local or ray (tqcheck.run.engines)
    ray_address: str | None = None
    jobs: int | None = None  # --jobs: worker processes for the local engine (None: all cores)
    from_stdin: bool = False  # `target` is a temporary copy of standard input (`tqcheck check -`)

    @property
    def paths(self) -> list[Path]:
        """Every file read (never to be overwritten by an output)."""
        return [path for path in (self.target, self.source, self.reference, self.backtranslation, self.docs,
                                  self.glossary, self.suppressions) if path is not None]

    def settings(self) -> Settings:
        """The config file's settings with the command-line options applied (the options win)."""
        from tqcheck.checks.registry import normalise_patterns
        from tqcheck.config import FAIL_ON_CHOICES, load_settings
        from tqcheck.errors import ConfigError
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
            )
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        given = {key: value for key, value in self.thresholds.items() if value is not None}
        require_finite({f"--{key}": value for key, value in given.items()}, "option")
        return settings.merged(thresholds={**settings.thresholds, **given},
                               gates=settings.gates.merged(self.counts)).with_glossary()

    def load_suppressions(self, settings: Settings) -> Suppressions | None:
        """The suppressions file in force (option, else config), warning on stderr about expired entries."""
        if settings.suppressions_path is None:
            return None
        from tqcheck.gating.suppressions import load_suppressions

        suppressions = load_suppressions(Path(settings.suppressions_path))
        for entry in suppressions.expired:
            say(f"tqcheck: warning: suppression expired on {entry.expires}, no longer applied: "
                f"{entry.describe()}")
        return suppressions

    def segments(self) -> Iterator[Segment]:
        """The segments of the inputs (back-translated first with `--backtranslate-model`)."""
        from tqcheck.readers import read_segments

        segments = read_segments(self.target, source=self.source, reference=self.reference,
                                 backtranslation=self.backtranslation, docs=self.docs, fmt=self.input_format,
                                 encoding=self.encoding, src_lang=self.src_lang, tgt_lang=self.tgt_lang)
        if self.from_stdin:
            from tqcheck.cli.stdin import shown_as_stdin

            segments = shown_as_stdin(segments, self.target)
        if self.backtranslate_model:
            segments = _backtranslated(segments, self.backtranslate_model, self.src_lang, self.tgt_lang)
        return segments

    def start(self, settings: Settings) -> tuple[RunInfo, Iterator[DocumentResult], Tally]:
        """Start the (lazy, streaming) check run; says on stderr which languages were detected."""
        from tqcheck.api import run_check
        from tqcheck.errors import ConfigError

        inputs = [path for path in (self.target, self.source, self.reference, self.backtranslation, self.docs,
                                    self.glossary) if path is not None]
        try:
            segments, runner = self._engine()
            info, results, tally = run_check(segments, settings, src_lang=self.src_lang,
                                             tgt_lang=self.tgt_lang, inputs=[self._shown(path) for path in inputs],
                                             runner=runner, jobs=worker_count(self.jobs))
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        for role, value in info.detected.items():
            flag = "--tgt-lang" if role == "target" else "--src-lang"
            notice(f"tqcheck: detected {role} language {value}; pass {flag} to set it")
        return info, results, tally

    def _shown(self, path: Path) -> str:
        """How an input is named to the user: `-` for the copy of standard input."""
        from tqcheck.cli.stdin import STDIN

        return STDIN if self.from_stdin and path == self.target else str(path)

    def _engine(self) -> tuple[Iterator[Segment], Runner | None]:
        """The segments and, for `--engine ray`, the runner that replaces the local one."""
        from tqcheck.errors import ConfigError
        from tqcheck.run.engines import ENGINES

        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r} (choose from {', '.join(ENGINES)})")
        if self.engine == "local":
            return self.segments(), None
        from tqcheck.run.engines.ray_engine import prepare

        given = [flag for flag, path in (("--source", self.source), ("--reference", self.reference),
                                         ("--backtranslation", self.backtranslation), ("--docs", self.docs)) if path]
        return prepare(self.target, fmt=self.input_format, address=self.ray_address, num_cpus=self.jobs,
                       companions=given, backtranslate_model=self.backtranslate_model, src_lang=self.src_lang,
                       tgt_lang=self.tgt_lang)


def _backtranslated(segments: Iterator[Segment], model: str, src_lang: str | None,
                    tgt_lang: str | None) -> Iterator[Segment]:
    """The segments with back-translations from `model` (inline `--backtranslate-model`)."""
    from tqcheck.backtranslate.base import TranslationSettings
    from tqcheck.backtranslate.pipeline import with_backtranslations
    from tqcheck.errors import ConfigError
    from tqcheck.lang import normalise_language

    if not (src_lang and tgt_lang):
        raise ConfigError("--backtranslate-model needs --src-lang and --tgt-lang")
    settings = TranslationSettings(model=model)
    return with_backtranslations(segments, settings, normalise_language(src_lang), normalise_language(tgt_lang))


def worker_count(requested: int | None) -> int:
    """`--jobs` as it will run (every core by default; capped past two per core, with a notice)."""
    from tqcheck.run.engines.pool import usable_jobs

    jobs, notice = usable_jobs(requested)
    if notice is not None:
        say(notice)
    return jobs
