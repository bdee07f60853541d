"""`tqcheck compare`: several systems' outputs for one source, scored, tested, checked and ranked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tqcheck.cli.options import (
    ChrfBetaOpt,
    ChrfCharOrderOpt,
    ChrfEpsOpt,
    ChrfWhitespaceOpt,
    ChrfWordOrderOpt,
    ColorOpt,
    ConfigOpt,
    DocsOpt,
    EncodingOpt,
    ExtendSelectOpt,
    IgnoreOpt,
    JobsOpt,
    LowercaseOpt,
    MaxNgramOpt,
    MetricBatchTokensOpt,
    MetricDeviceOpt,
    MetricDtypeOpt,
    MetricModelOpt,
    NoMetricCacheOpt,
    OutputOpt,
    SelectOpt,
    SmoothMethodOpt,
    SmoothValueOpt,
    SourceOpt,
    SrcLangOpt,
    TerAsianOpt,
    TerCaseOpt,
    TerNoPunctOpt,
    TerNormalizedOpt,
    TgtLangOpt,
    TokenizeOpt,
    WidthOpt,
    learned_settings,
)
from tqcheck.cli.stderr import announce_detected, flush_notices, notice
from tqcheck.request import worker_count

SystemsArg = Annotated[list[Path], typer.Argument(metavar="SYSTEM",
    help="System outputs, line-aligned with the references (at least two).", show_default=False)]
ReferencesOpt = Annotated[list[Path] | None, typer.Option(
    "--reference", "-r", help="Reference file, line-aligned; repeat for several references.", show_default=False)]


def compare(
    systems: SystemsArg,
    reference: ReferencesOpt = None,
    source: SourceOpt = None,
    src_lang: SrcLangOpt = None,
    tgt_lang: TgtLangOpt = None,
    baseline: Annotated[str | None, typer.Option(
        "--baseline", help="Baseline system, by name or path (default: the first).", show_default=False)] = None,
    names: Annotated[str | None, typer.Option(
        "--names", help="System names, comma-separated, in order (default: the file names).",
        show_default=False)] = None,
    metrics: Annotated[list[str] | None, typer.Option(
        "--metrics", "-m", help="Subset of BLEU, chrF, chrF++, TER (comma-separated). \\[default: BLEU,chrF]",
        show_default=False)] = None,
    primary: Annotated[str, typer.Option("--primary", help="Metric that ranks the systems.")] = "chrF",
    paired_bs: Annotated[bool, typer.Option(
        "--paired-bs", help="Paired bootstrap resampling against the baseline (the default).")] = False,
    paired_ar: Annotated[bool, typer.Option(
        "--paired-ar", help="Paired approximate randomization against the baseline.")] = False,
    paired_n: Annotated[int | None, typer.Option(
        "--paired-n", help="Resamples (bootstrap) or trials (randomization). \\[default: 1000 / 10000]",
        show_default=False)] = None,
    confidence: Annotated[bool, typer.Option(
        "--confidence", help="95% CIs with --paired-ar too (--paired-bs always gives them).")] = False,
    confidence_n: Annotated[int, typer.Option(
        "--confidence-n", help="Bootstrap resamples for the CIs of --paired-ar --confidence.")] = 1000,
    docs: DocsOpt = None,
    checks: Annotated[bool, typer.Option(
        "--checks/--no-checks", help="Run tqcheck's checks on every system and count issues.")] = True,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    encoding: EncodingOpt = "utf-8",
    format: Annotated[str, typer.Option("--format", "-f",
        help="text, json or html. html adds a side-by-side segment view (source, references, every system's "
             "output and issues), so it keeps all systems' texts in memory.")] = "text",
    output: OutputOpt = None,
    color: ColorOpt = None,
    jobs: JobsOpt = None,
    width: WidthOpt = 2,
    tokenize: TokenizeOpt = None,
    lowercase: LowercaseOpt = False,
    smooth_method: SmoothMethodOpt = "exp",
    smooth_value: SmoothValueOpt = None,
    max_ngram_order: MaxNgramOpt = 4,
    chrf_char_order: ChrfCharOrderOpt = 6,
    chrf_word_order: ChrfWordOrderOpt = 0,
    chrf_beta: ChrfBetaOpt = 2,
    chrf_whitespace: ChrfWhitespaceOpt = False,
    chrf_eps_smoothing: ChrfEpsOpt = False,
    ter_case_sensitive: TerCaseOpt = False,
    ter_asian_support: TerAsianOpt = False,
    ter_no_punct: TerNoPunctOpt = False,
    ter_normalized: TerNormalizedOpt = False,
    metric_model: MetricModelOpt = None,
    metric_batch_tokens: MetricBatchTokensOpt = 8192,
    metric_device: MetricDeviceOpt = "auto",
    metric_dtype: MetricDtypeOpt = "auto",
    no_metric_cache: NoMetricCacheOpt = False,
) -> None:
    """Compare MT systems on the same source: sacrebleu scores with CIs, paired tests, issues, ranking.

    Example: tqcheck compare a.en b.en -r ref.en --source src.de --src-lang de --tgt-lang en --paired-bs
    """
    from tqcheck.api import (
        DEFAULT_METRICS,
        MetricOptions,
        baseline_system,
        check_encoding,
        check_line_counts,
        compare_systems,
        read_doc_ids,
        read_lines,
        read_systems,
        sacrebleu_seed,
        select_checks,
        system_names,
    )
    from tqcheck.errors import ConfigError
    from tqcheck.limits import MAX_BOOTSTRAP_RESAMPLES, MAX_RANDOMIZATION_TRIALS
    from tqcheck.request import CheckRequest
    from tqcheck.writers import open_output
    from tqcheck.writers.compare import render_json, render_text

    if format not in ("text", "json", "html"):
        raise ConfigError(f"unknown output format {format!r} (choose from text, json, html)")
    if paired_bs and paired_ar:
        raise ConfigError("--paired-bs and --paired-ar are mutually exclusive")
    if paired_n is not None and paired_n < 1:
        raise ConfigError("--paired-n must be at least 1")
    most = MAX_RANDOMIZATION_TRIALS if paired_ar else MAX_BOOTSTRAP_RESAMPLES
    if paired_n is not None and paired_n > most:
        raise ConfigError(f"--paired-n must be at most {most:,} ({'trials' if paired_ar else 'resamples'})")
    if not 2 <= confidence_n <= MAX_BOOTSTRAP_RESAMPLES:
        raise ConfigError(f"--confidence-n must be between 2 and {MAX_BOOTSTRAP_RESAMPLES:,}")
    if len(systems) < 2:
        raise ConfigError(f"compare needs at least 2 systems, got {len(systems)}")
    if not reference:
        raise ConfigError("compare needs a reference: pass --reference FILE")
    options = MetricOptions.from_values(locals())
    names_given = system_names(systems, names)
    baseline_name = baseline_system(baseline, names_given, systems)
    check_encoding(encoding)
    settings = None
    if checks:
        settings = CheckRequest(target=systems[0], config=config, select=select, extend_select=extend_select,
                                ignore=ignore).settings()
        try:
            select_checks(settings.select, settings.ignore, settings.extend_select)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    inputs = [*systems, *reference, *(path for path in (source, docs) if path is not None)]
    check_line_counts(systems[0], [("system", path) for path in systems[1:]] + [("reference", path) for path in
                       reference] + [(role, path) for role, path in (("source", source), ("docs", docs)) if path])

    references = [read_lines(path, "reference", encoding) for path in reference]
    sources = read_lines(source, "source", encoding) if source else None
    collector = None
    system_inputs = read_systems(names_given, systems, encoding)
    if format == "html":  # the side-by-side view needs every system's text: kept in memory for html only
        from tqcheck.writers.html_compare import SegmentCollector

        collector = SegmentCollector(references, sources)
        system_inputs = collector.systems(system_inputs)
    comparison = compare_systems(
        system_inputs, references, sources=sources,
        doc_ids=read_doc_ids(docs, encoding) if docs else None,
        src_lang=src_lang, tgt_lang=tgt_lang, metrics=metrics or DEFAULT_METRICS, primary=primary,
        baseline=baseline_name, test="ar" if paired_ar else "bs", n_samples=paired_n or 0,
        confidence=confidence, confidence_n=confidence_n, seed=sacrebleu_seed(), settings=settings,
        run_checks=checks, on_results=None if collector is None else collector.on_results,
        jobs=worker_count(jobs, notice), options=options,
        learned=learned_settings(locals()))
    announce_detected(comparison.detected)
    with open_output(output, protect=inputs) as out:
        if format == "json":
            render_json(out, comparison, [str(path) for path in inputs])
        elif format == "html":
            from tqcheck.writers.html_compare import render_html

            render_html(out, comparison, [str(path) for path in inputs], segments=collector)
        else:
            from tqcheck.writers.terminal import display

            use_color, columns = display(out, color, plain_width=160)
            render_text(out, comparison, color=use_color, width=columns, decimals=width)
    flush_notices()  # the comparison succeeded: now say which languages were detected
