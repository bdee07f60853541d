"""`tqcheck score`: BLEU, chrF, chrF++ and TER through sacrebleu, with CIs and thresholds."""

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
    EncodingOpt,
    InputFormatOpt,
    JobsOpt,
    LowercaseOpt,
    MaxNgramOpt,
    MetricBatchTokensOpt,
    MetricDeviceOpt,
    MetricDtypeOpt,
    MetricModelOpt,
    NoMetricCacheOpt,
    OutputOpt,
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
from tqcheck.cli.stderr import notice, say
from tqcheck.request import worker_count

ReferencesOpt = Annotated[list[Path] | None, typer.Option(
    "--reference", "-r", help="Reference file, line-aligned; repeat for several references.", show_default=False)]


def score(
    mt: Annotated[Path, typer.Argument(help="MT output: line-aligned text, or .tsv/.jsonl with a reference column.",
                                       show_default=False)],
    reference: ReferencesOpt = None,
    source: SourceOpt = None,
    src_lang: SrcLangOpt = None,
    tgt_lang: TgtLangOpt = None,
    metrics: Annotated[list[str] | None, typer.Option(
        "--metrics", "-m", help="Subset of BLEU, chrF, chrF++, TER (comma-separated).", show_default=False)] = None,
    confidence: Annotated[bool, typer.Option("--confidence", help="95% bootstrap confidence intervals.")] = False,
    confidence_n: Annotated[int, typer.Option("--confidence-n", help="Bootstrap resamples.")] = 1000,
    min_bleu: Annotated[float | None, typer.Option("--min-bleu", help="Exit 1 if corpus BLEU is lower.",
                                                      show_default=False)] = None,
    min_chrf: Annotated[float | None, typer.Option("--min-chrf", help="Exit 1 if corpus chrF is lower.",
                                                      show_default=False)] = None,
    max_ter: Annotated[float | None, typer.Option("--max-ter", help="Exit 1 if corpus TER is higher.",
                                                     show_default=False)] = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    config: ConfigOpt = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text, json or html.")] = "text",
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    segment_scores: Annotated[bool, typer.Option(
        "--segment-scores", "-sl", help="Also list each segment's scores in the text output (JSON always has them).")
    ] = False,
    width: WidthOpt = 2,
    color: ColorOpt = None,
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
    """Score MT output against references with sacrebleu (corpus and per segment).

    Example: tqcheck score corpora/news-zh-en/mt.en -r corpora/news-zh-en/reference.en --src-lang zh --tgt-lang en
    """
    from tqcheck.api import (
        MetricOptions,
        check_thresholds,
        normalise_language,
        normalise_metric_names,
        require_finite,
        score_files,
    )
    from tqcheck.config import load_settings
    from tqcheck.errors import ConfigError
    from tqcheck.limits import MAX_BOOTSTRAP_RESAMPLES
    from tqcheck.writers import open_output
    from tqcheck.writers.scores import render_json, render_text

    if format not in ("text", "json", "html"):
        raise ConfigError(f"unknown output format {format!r} (choose from text, json, html)")
    if not 2 <= confidence_n <= MAX_BOOTSTRAP_RESAMPLES:
        raise ConfigError(f"--confidence-n must be between 2 and {MAX_BOOTSTRAP_RESAMPLES:,}")
    tgt = normalise_language(tgt_lang) if tgt_lang else None
    src = normalise_language(src_lang) if src_lang else None
    options = MetricOptions.from_values(locals())
    result = score_files(mt, reference or [], tgt_lang=tgt, metrics=normalise_metric_names(metrics),
                         n_bootstrap=confidence_n if confidence else 1, fmt=input_format, encoding=encoding,
                         jobs=worker_count(jobs, notice), options=options, source=source,
                         learned=learned_settings(locals()))
    for role, value in result.detected.items():
        notice(f"tqcheck: detected {role} language {value}; pass --tgt-lang to set it")
    values = {name: metric.corpus.value for name, metric in result.metrics.items()}
    configured = {key: value for key, value in load_settings(config, discover_from=Path.cwd()).thresholds.items()
                  if key != "min-quality"}  # quality needs the checks: a `tqcheck check` gate
    given = {"min-bleu": min_bleu, "min-chrf": min_chrf, "max-ter": max_ter}
    require_finite({f"--{key}": value for key, value in given.items()}, "option")
    failures = check_thresholds(values, {**configured, **{k: v for k, v in given.items() if v is not None}})
    inputs = [mt, *(reference or []), *([source] if source else [])]
    with open_output(output, protect=inputs) as out:
        if format == "html":
            from tqcheck.writers.html_score import render_html

            render_html(out, result, failures, src_lang=src)
        elif format == "json":
            render_json(out, result, failures, src_lang=src)
        else:
            from tqcheck.writers.terminal import display

            use_color, _width = display(out, color)
            render_text(out, result, failures, src_lang=src, color=use_color, decimals=width,
                        segments=segment_scores)
    for failure in failures:
        say(f"threshold failed: {failure}")
    if failures:
        raise typer.Exit(1)
