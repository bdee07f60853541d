"""`tqcheck check`: run the checks and write a report; exit 1 when a gate fails.

The flow: options -> a `CheckRequest` (shared with `baseline create`) -> a streaming run from the
library (suppressions, baseline, gates applied there) -> the writer -> the verdict -> exit code.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import typer

from tqcheck.cli.options import (
    BacktranslateModelOpt,
    BacktranslationOpt,
    BaselineOpt,
    BtBatchTokensOpt,
    BtBeamsOpt,
    BtCacheOpt,
    BtDeviceOpt,
    BtDtypeOpt,
    BtMaxLengthOpt,
    BtNoCacheOpt,
    ColorOpt,
    ConfigOpt,
    DiffOpt,
    DocsOpt,
    EncodingOpt,
    EngineOpt,
    ExcludeOpt,
    ExtendSelectOpt,
    FailOnOpt,
    FixOpt,
    FormatOpt,
    GlossaryOpt,
    IgnoreOpt,
    IncludeOpt,
    InPlaceOpt,
    InputFormatOpt,
    JobsOpt,
    MaxErrorsOpt,
    MaxIssuesOpt,
    MaxNewIssuesOpt,
    MaxTerOpt,
    MaxWarningsOpt,
    MetricBatchTokensOpt,
    MetricDeviceOpt,
    MetricDtypeOpt,
    MetricModelOpt,
    MinBleuOpt,
    MinChrfOpt,
    MinQualityOpt,
    NoMetricCacheOpt,
    OutputDirFormatOpt,
    OutputDirOpt,
    OutputOpt,
    ProgressOpt,
    QuietOpt,
    RayAddressOpt,
    RayBacktranslateActorsOpt,
    RayCheckActorsOpt,
    RayGpusPerActorOpt,
    ReferenceOpt,
    SelectOpt,
    ShowBaselineOpt,
    SkipOpt,
    SourceOpt,
    SrcLangOpt,
    StatisticsOpt,
    SuppressionsOpt,
    TargetsArg,
    TgtLangOpt,
    UnsafeFixesOpt,
    learned_settings,
)
from tqcheck.cli.stderr import announce_detected, flush_notices, notice, say


def check(
    targets: TargetsArg,
    source: SourceOpt = None,
    reference: ReferenceOpt = None,
    backtranslation: BacktranslationOpt = None,
    docs: DocsOpt = None,
    src_lang: SrcLangOpt = None,
    tgt_lang: TgtLangOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    skip: SkipOpt = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
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
    max_errors: MaxErrorsOpt = None,
    max_warnings: MaxWarningsOpt = None,
    max_issues: MaxIssuesOpt = None,
    max_new_issues: MaxNewIssuesOpt = None,
    baseline: BaselineOpt = None,
    show_baseline: ShowBaselineOpt = False,
    suppressions: SuppressionsOpt = None,
    backtranslate_model: BacktranslateModelOpt = None,
    backtranslate_beams: BtBeamsOpt = None,
    backtranslate_batch_tokens: BtBatchTokensOpt = None,
    backtranslate_max_length: BtMaxLengthOpt = None,
    backtranslate_device: BtDeviceOpt = None,
    backtranslate_dtype: BtDtypeOpt = None,
    backtranslate_cache: BtCacheOpt = None,
    no_backtranslate_cache: BtNoCacheOpt = False,
    metric_model: MetricModelOpt = None,
    metric_batch_tokens: MetricBatchTokensOpt = 8192,
    metric_device: MetricDeviceOpt = "auto",
    metric_dtype: MetricDtypeOpt = "auto",
    no_metric_cache: NoMetricCacheOpt = False,
    engine: EngineOpt = "local",
    ray_address: RayAddressOpt = None,
    jobs: JobsOpt = None,
    progress: ProgressOpt = None,
    quiet: QuietOpt = False,
    statistics: StatisticsOpt = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    fix: FixOpt = False,
    unsafe_fixes: UnsafeFixesOpt = False,
    diff: DiffOpt = False,
    in_place: InPlaceOpt = False,
    ray_check_actors: RayCheckActorsOpt = None,
    ray_backtranslate_actors: RayBacktranslateActorsOpt = None,
    ray_gpus_per_actor: RayGpusPerActorOpt = None,
    output_dir: OutputDirOpt = None,
    output_dir_format: OutputDirFormatOpt = "parquet",
) -> None:
    """Check machine-translated text and report problems with their exact spans.

    Example: tqcheck check corpora/news-ar-en/article-01.en --source corpora/news-ar-en/article-01.ar
    --src-lang ar --tgt-lang en

    Several inputs (files, folders, 'batch/**/*.jsonl') give one report, one document per file.
    With --fix the safe fixes are applied (to -o FILE, or --in-place) and the rest is reported.
    """
    from tqcheck.api import wanted, with_progress
    from tqcheck.cli.stdin import STDIN, is_stdin, standard_input
    from tqcheck.errors import ConfigError
    from tqcheck.request import CheckRequest
    from tqcheck.writers import get_writer, is_binary, open_output, refuse_page_on_terminal

    target, *more = targets
    if more and any(is_stdin(path) for path in targets):
        raise ConfigError("`-` (standard input) is checked on its own, not with other inputs")
    with standard_input(target) as readable:  # `-`: a temporary copy of standard input
        request = CheckRequest(
            target=readable, target_name=STDIN if is_stdin(target) else None, more_targets=tuple(more),
            include=tuple(include or ()), exclude=tuple(exclude or ()), source=source, reference=reference,
            backtranslation=backtranslation, docs=docs,
            glossary=glossary, src_lang=src_lang, tgt_lang=tgt_lang, input_format=input_format, encoding=encoding,
            select=select, extend_select=extend_select, ignore=ignore, config=config, fail_on=fail_on,
            suppressions=suppressions, baseline=baseline, show_known=show_baseline,
            backtranslate_model=backtranslate_model, progress=wanted(progress),
            backtranslate_options={"beams": backtranslate_beams, "batch-tokens": backtranslate_batch_tokens,
                                   "max-length": backtranslate_max_length, "device": backtranslate_device,
                                   "dtype": backtranslate_dtype, "use-cache": False if no_backtranslate_cache else None,
                                   "cache": str(backtranslate_cache) if backtranslate_cache else None},
            learned=learned_settings(locals()), engine=engine, ray_address=ray_address, jobs=jobs,
            ray_pools={"check-actors": ray_check_actors, "backtranslate-actors": ray_backtranslate_actors,
                       "gpus-per-actor": ray_gpus_per_actor}, skip=skip,
            thresholds={"min-quality": min_quality, "min-chrf": min_chrf, "min-bleu": min_bleu, "max-ter": max_ter},
            counts={"max-errors": max_errors, "max-warnings": max_warnings, "max-issues": max_issues,
                    "max-new-issues": max_new_issues})
        settings = request.settings()
        writer = get_writer(format)
        if output_dir is not None:
            from tqcheck.cli.distributed import run_distributed

            run_distributed(request, settings, output_dir=output_dir, output_format=output_dir_format, format=format,
                            output=output, quiet=quiet, statistics=statistics)
            return
        if fix or diff or unsafe_fixes or in_place:
            from tqcheck.cli.fixing import refuse_wrong_use, run_fixes

            refuse_wrong_use(fix=fix, diff=diff, unsafe=unsafe_fixes, in_place=in_place,
                             output=Path(output) if output else None,
                             request=request, statistics=statistics)
            try:
                run_fixes(request, settings, unsafe=unsafe_fixes, diff=diff, in_place=in_place,
                          output=Path(output) if output else None, format=format, color=color, quiet=quiet,
                          notice=notice)
            except typer.Exit:
                flush_notices(show=not quiet)
                raise
            flush_notices(show=not quiet)
            return
        if statistics and format != "text":
            raise ConfigError("--statistics is a text listing; the JSON report has the same counts in "
                              "summary.by_check")
        refuse_page_on_terminal(format, output)
        run = request.start(settings, say=notice)
        announce_detected(run.info.detected)
        results = with_progress(run.results, readable, False if quiet else progress)
        with open_output(output, protect=request.paths + settings.files_read(), binary=is_binary(writer)) as out:
            if statistics:
                for _ in results:
                    pass
                out.write(statistics_lines(run.summary().by_check))
            elif format == "text":
                from tqcheck.writers import terminal

                use_color, width = terminal.display(out, color)
                terminal.render(out, run.info, results, run.summary, color=use_color, width=width)
            else:
                writer(out, run.info, results, run.summary)
        flush_notices(show=not quiet)  # the run succeeded: now say which languages were detected
        failures = run.failures()
        for line in [] if quiet else run.notes():
            say(f"tqcheck: {line}")
        for failure in failures:
            say(f"{'threshold' if failure.is_threshold else 'gate'} failed: {failure}")
        if failures:
            raise typer.Exit(1)


def statistics_lines(by_check: Mapping[str, int]) -> str:
    """`count  code  name`, most frequent first (ruff's `--statistics`)."""
    from tqcheck.api import all_checks

    names = {info.code: info.name for info in all_checks()}
    rows = sorted(by_check.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(count)) for _code, count in rows), default=1)
    return "".join(f"{count:>{width}}  {code}  {names.get(code, '')}\n" for code, count in rows)
