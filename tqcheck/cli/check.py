"""`tqcheck check`: run the checks and write a report; exit 1 when the gate fails."""

from __future__ import annotations

import os
from collections.abc import Iterator

import typer

from tqcheck.cli.options import (
    BacktranslateModelOpt,
    BacktranslationOpt,
    ColorOpt,
    ConfigOpt,
    DocsOpt,
    EncodingOpt,
    FailOnOpt,
    FormatOpt,
    GlossaryOpt,
    IgnoreOpt,
    InputFormatOpt,
    JobsOpt,
    MaxTerOpt,
    MinBleuOpt,
    MinChrfOpt,
    MinQualityOpt,
    OutputOpt,
    ProgressOpt,
    ReferenceOpt,
    SelectOpt,
    SourceOpt,
    SrcLangOpt,
    TargetArg,
    TgtLangOpt,
)
from tqcheck.model import Segment


def check(
    target: TargetArg,
    source: SourceOpt = None,
    reference: ReferenceOpt = None,
    backtranslation: BacktranslationOpt = None,
    docs: DocsOpt = None,
    src_lang: SrcLangOpt = None,
    tgt_lang: TgtLangOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    glossary: GlossaryOpt = None,
    format: FormatOpt = "text",
    output: OutputOpt = None,
    fail_on: FailOnOpt = None,
    color: ColorOpt = None,
    min_quality: MinQualityOpt = None,
    min_chrf: MinChrfOpt = None,
    min_bleu: MinBleuOpt = None,
    max_ter: MaxTerOpt = None,
    backtranslate_model: BacktranslateModelOpt = None,
    jobs: JobsOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Check machine-translated text and report problems with their exact spans.

    Example: tqcheck check corpora/news-ar-en/article-01.en --source corpora/news-ar-en/article-01.ar
    --src-lang ar --tgt-lang en
    """
    from pathlib import Path

    from tqcheck.api import run_check
    from tqcheck.config import FAIL_ON_CHOICES, load_settings
    from tqcheck.errors import ConfigError
    from tqcheck.parallel import default_jobs
    from tqcheck.progress import count_lines, tracked, wanted
    from tqcheck.readers import read_segments
    from tqcheck.registry import normalise_patterns
    from tqcheck.scoring import check_thresholds
    from tqcheck.writers import get_writer, open_output, terminal

    settings = load_settings(config, discover_from=Path.cwd())
    if fail_on is not None and fail_on not in FAIL_ON_CHOICES:
        raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, not {fail_on!r}")
    try:
        settings = settings.merged(
            select=tuple(normalise_patterns(select)) if select else None,
            ignore=tuple(normalise_patterns(ignore)) + settings.ignore if ignore else None,
            fail_on=fail_on,
            glossary_path=str(glossary) if glossary else None,
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    gates = {key: value for key, value in (("min-quality", min_quality), ("min-chrf", min_chrf),
                                           ("min-bleu", min_bleu), ("max-ter", max_ter)) if value is not None}
    settings = settings.merged(thresholds={**settings.thresholds, **gates}).with_glossary()
    writer = get_writer(format)
    inputs = [path for path in (target, source, reference, backtranslation, docs, glossary) if path is not None]
    segments = read_segments(target, source=source, reference=reference, backtranslation=backtranslation,
                             docs=docs, fmt=input_format, encoding=encoding)
    if backtranslate_model:
        segments = _backtranslated(segments, backtranslate_model, src_lang, tgt_lang)
    try:
        info, results, tally = run_check(segments, settings, src_lang=src_lang, tgt_lang=tgt_lang,
                                         inputs=[str(path) for path in inputs], jobs=jobs or default_jobs())
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if wanted(progress):
        results = tracked(results, count_lines(target))
    for role, value in info.detected.items():
        flag = "--tgt-lang" if role == "target" else "--src-lang"
        typer.echo(f"tqcheck: detected {role} language {value}; pass {flag} to set it", err=True)
    with open_output(output, protect=inputs) as out:
        if format == "text":
            use_color = color if color is not None else (
                out.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb")
            width = os.get_terminal_size(out.fileno()).columns if use_color and out.isatty() else 100
            terminal.render(out, info, results, tally.summary, color=use_color, width=width)
        else:
            writer(out, info, results, tally.summary)
    failures = check_thresholds(tally.summary().scores, settings.thresholds)
    for failure in failures:
        typer.echo(f"threshold failed: {failure}", err=True)
    if tally.fails(settings.fail_on) or failures:
        raise typer.Exit(1)


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
