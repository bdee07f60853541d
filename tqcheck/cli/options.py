"""Shared Typer parameter types, so every command spells an option the same way."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

TargetsArg = Annotated[list[Path], typer.Argument(
    help="MT output to check: files (text, article, .tsv/.csv, .jsonl, .parquet, .xlf, .tmx, .po), folders "
         "(walked recursively) and quoted glob patterns ('batch/**/*.jsonl'), one report for all, one document "
         "per file; `-` reads standard input (as a text file, or as --input-format says).",
    show_default=False)]
IncludeOpt = Annotated[list[str] | None, typer.Option(
    "--include", help="Only the files folders and patterns find that match this glob (name or path below the "
                      "folder); repeatable.", show_default=False)]
ExcludeOpt = Annotated[list[str] | None, typer.Option(
    "--exclude", help="Leave out the files folders and patterns find that match this glob; repeatable.",
    show_default=False)]
FixOpt = Annotated[bool, typer.Option(
    "--fix", help="Apply the safe fixes (see `tqcheck checks`), check the fixed text again and report what "
                  "remains; writes to -o FILE or, with --in-place, over the input.")]
UnsafeFixesOpt = Annotated[bool, typer.Option(
    "--unsafe-fixes", help="With --fix or --diff, apply the unsafe fixes too (a name spelled as the rest of "
                           "the document spells it, ...).")]
DiffOpt = Annotated[bool, typer.Option(
    "--diff", help="Show the fixes --fix would make as a unified diff, and write nothing; exit 1 when there "
                   "are any.")]
InPlaceOpt = Annotated[bool, typer.Option(
    "--in-place", help="With --fix, write the fixed text over the input files (atomically).")]
SourceOpt = Annotated[Path | None, typer.Option("--source", "-s", help="Source text, line-aligned.",
                                                   show_default=False)]
ReferenceOpt = Annotated[Path | None, typer.Option("--reference", "-r", help="Reference translation, line-aligned.",
                                                      show_default=False)]
BacktranslationOpt = Annotated[Path | None, typer.Option(
    "--backtranslation", help="Back-translation of the MT into the source language, line-aligned.",
    show_default=False)]
DocsOpt = Annotated[Path | None, typer.Option(
    "--docs", help="Document ids, line-aligned: `doc_id` or `domain<TAB>doc_id` per line.", show_default=False)]
SrcLangOpt = Annotated[str | None, typer.Option("--src-lang", help="Source language (BCP-47); detected if omitted.",
                                                   show_default=False)]
TgtLangOpt = Annotated[str | None, typer.Option("--tgt-lang", help="Target language (BCP-47); detected if omitted.",
                                                   show_default=False)]
InputFormatOpt = Annotated[str | None, typer.Option(
    "--input-format",
    help="lines, article, articles, tsv, csv, jsonl, parquet, xliff, tmx or po (default: from the file name).",
    show_default=False)]
EncodingOpt = Annotated[str, typer.Option("--encoding", help="Input encoding, for legacy files (e.g. cp1256, gbk).")]
SkipOpt = Annotated[list[str] | None, typer.Option(
    "--skip", metavar="STATE",
    help="Leave out units of localisation files in these states, comma-separated or repeated (also `skip` in the "
    "config; this option replaces it): fuzzy (text not confirmed: PO fuzzy flag, XLIFF 1.2 state new or needs-*, "
    "XLIFF 2.0 initial), untranslated (empty target), unapproved (XLIFF 1.2 without approved=\"yes\" or state "
    "final/signed-off; XLIFF 2.0 state other than reviewed or final). A notice counts what was skipped.",
    show_default=False)]
SelectOpt = Annotated[list[str] | None, typer.Option(
    "--select", help="Only these checks: codes or prefixes, comma-separated or repeated (TQ1,TQ201).",
    show_default=False)]
ExtendSelectOpt = Annotated[list[str] | None, typer.Option(
    "--extend-select", help="Also these checks, on top of --select or the defaults: opt-in checks such as TQ402.",
    show_default=False)]
IgnoreOpt = Annotated[list[str] | None, typer.Option(
    "--ignore", help="Skip these checks: codes or prefixes.", show_default=False)]
ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="tqcheck.toml or pyproject.toml to read (default: nearest one from the current directory).",
    show_default=False)]
FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", help="text, json, jsonl, html, or for CI: sarif, junit, github (annotations), gitlab "
    "(code quality) or markdown (step summary / PR comment); parquet: one row per issue (needs --output).")]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help="Write here (atomically); - for stdout.",
                                                  show_default=False)]
FailOnOpt = Annotated[str | None, typer.Option(
    "--fail-on", help="Exit 1 if any issue is at or above: error, warning, info or never (default: error).",
    show_default=False)]
ColorOpt = Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off.",
                                                  show_default=False)]
GlossaryOpt = Annotated[Path | None, typer.Option(
    "--glossary", help="Name list / glossary (CSV or TBX): required, do-not-translate and forbidden terms.",
    show_default=False)]
MinQualityOpt = Annotated[float | None, typer.Option(
    "--min-quality", help="Exit 1 if the mean quality score (0-100) is lower.", show_default=False)]
MinChrfOpt = Annotated[float | None, typer.Option(
    "--min-chrf", help="Exit 1 if corpus chrF against the reference is lower.", show_default=False)]
MinBleuOpt = Annotated[float | None, typer.Option(
    "--min-bleu", help="Exit 1 if corpus BLEU against the reference is lower.", show_default=False)]
BacktranslateModelOpt = Annotated[str | None, typer.Option(
    "--backtranslate-model", help="Back-translate the MT with this Hugging Face model (hub id or local directory) "
    "and run the round-trip checks; needs --source and pip install 'tqcheck\\[backtranslation]'.",
    show_default=False)]
MaxTerOpt = Annotated[float | None, typer.Option(
    "--max-ter", help="Exit 1 if corpus TER against the reference is higher (computes TER per segment: slow).",
    show_default=False)]
JobsOpt = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, help="Worker processes for the checks (default: all cores; 1 = no pool).",
    show_default=False)]
ProgressOpt = Annotated[bool | None, typer.Option(
    "--progress/--no-progress", help="Progress bar with ETA on stderr (default: on when stderr is a terminal "
    "and CI is not set).", show_default=False)]
BaselineOpt = Annotated[Path | None, typer.Option(
    "--baseline", help="Baseline file (from `tqcheck baseline create`): its issues are known and only new ones "
    "are reported and fail the run.", show_default=False)]
ShowBaselineOpt = Annotated[bool, typer.Option(
    "--show-baseline", help="Also report the known (baseline) issues, marked \\[baseline]; they still do not fail.")]
SuppressionsOpt = Annotated[Path | None, typer.Option(
    "--suppressions", help="Suppressions file (TOML): accepted issues with reasons and optional expiry dates.",
    show_default=False)]
MaxErrorsOpt = Annotated[int | None, typer.Option(
    "--max-errors", min=0, help="Exit 1 if there are more errors (gate; also `max-errors` in \\[gate]).",
    show_default=False)]
MaxWarningsOpt = Annotated[int | None, typer.Option(
    "--max-warnings", min=0, help="Exit 1 if there are more warnings.", show_default=False)]
MaxIssuesOpt = Annotated[int | None, typer.Option(
    "--max-issues", min=0, help="Exit 1 if there are more issues of any severity.", show_default=False)]
MaxNewIssuesOpt = Annotated[int | None, typer.Option(
    "--max-new-issues", min=0, help="With --baseline: exit 1 if more issues are new.", show_default=False)]
BaselineOutputOpt = Annotated[str, typer.Option(
    "--output", "-o", help="Where to write the baseline (atomically); - for stdout.")]
EngineOpt = Annotated[str, typer.Option(
    "--engine", help="Where the checks run: local (this machine; see --jobs) or ray (Ray Data on a local instance "
    "or the cluster at --ray-address; pip install 'tqcheck\\[ray]').")]
RayAddressOpt = Annotated[str | None, typer.Option(
    "--ray-address", help="With --engine ray: the cluster to join (auto, ray://head:10001); default: start a "
    "local Ray instance.", show_default=False)]
RayCheckActorsOpt = Annotated[str | None, typer.Option(
    "--ray-check-actors", help="With --engine ray: the checking actor pool, MIN:MAX (autoscaling) or N; default "
    "1 to the cluster's CPUs at start.", show_default=False)]
RayBacktranslateActorsOpt = Annotated[str | None, typer.Option(
    "--ray-backtranslate-actors", help="With --engine ray: the back-translation actor pool, MIN:MAX or N; default "
    "1 to the cluster's GPUs at start (one CPU actor without GPUs).", show_default=False)]
RayGpusPerActorOpt = Annotated[float | None, typer.Option(
    "--ray-gpus-per-actor", help="With --engine ray: GPUs each back-translation actor takes (a fraction shares "
    "one: 0.5); default 1 on a cluster with GPUs, else 0. Set it to have an autoscaling cluster start GPU nodes.",
    show_default=False)]
OutputDirOpt = Annotated[str | None, typer.Option(
    "--output-dir", help="With --engine ray: write per-segment results and issues with Ray Data's distributed "
    "writers to this folder or object-store URI (segments/, issues/, summary.json); the report is then a summary "
    "built from aggregations, and batch-level checks compare within each window.", show_default=False)]
OutputDirFormatOpt = Annotated[str, typer.Option(
    "--output-dir-format", help="With --output-dir: parquet or jsonl.")]


# sacrebleu's own options (`score` and `compare`), named as its CLI names them; every one shows in the signature.
TokenizeOpt = Annotated[str | None, typer.Option(
    "--tokenize", "-tok", help="BLEU tokenizer: 13a, intl, zh, ja-mecab, ko-mecab, char, none, flores101, flores200 "
    "(spBLEU), spm (default: by target language, as sacrebleu does).", show_default=False)]
LowercaseOpt = Annotated[bool, typer.Option("--lowercase", "-lc", help="Lowercase BLEU and chrF (TER: see "
                                            "--ter-case-sensitive).")]
SmoothMethodOpt = Annotated[str, typer.Option("--smooth-method", help="BLEU smoothing: exp, floor, add-k, none.")]
SmoothValueOpt = Annotated[float | None, typer.Option(
    "--smooth-value", help="The value of floor and add-k smoothing (sacrebleu's default: 0.1, 1).", show_default=False)]
MaxNgramOpt = Annotated[int, typer.Option("--max-ngram-order", help="BLEU's largest n-gram.")]
ChrfCharOrderOpt = Annotated[int, typer.Option("--chrf-char-order", help="chrF and chrF++ character n-gram order.")]
ChrfWordOrderOpt = Annotated[int, typer.Option("--chrf-word-order", help="chrF's word n-gram order (chrF++ is 2).")]
ChrfBetaOpt = Annotated[int, typer.Option("--chrf-beta", help="chrF's recall weight (beta).")]
ChrfWhitespaceOpt = Annotated[bool, typer.Option("--chrf-whitespace", help="chrF counts white space.")]
ChrfEpsOpt = Annotated[bool, typer.Option("--chrf-eps-smoothing", help="chrF's epsilon smoothing (as chrF++.py).")]
TerCaseOpt = Annotated[bool, typer.Option("--ter-case-sensitive", help="TER tells case apart.")]
TerAsianOpt = Annotated[bool, typer.Option("--ter-asian-support", help="TER splits Asian characters.")]
TerNoPunctOpt = Annotated[bool, typer.Option("--ter-no-punct", help="TER ignores punctuation.")]
TerNormalizedOpt = Annotated[bool, typer.Option("--ter-normalized", help="TER normalises the text first.")]
WidthOpt = Annotated[int, typer.Option("--width", "-w", min=0, max=10,
                                       help="Decimal places of the scores in the text output.")]


# `check`'s inline back-translation: the `backtranslate` command's settings, prefixed (also `[backtranslate]`).
BtBeamsOpt = Annotated[int | None, typer.Option(
    "--backtranslate-beams", min=1, help="Back-translation beam size (default 4; 1 is greedy, 2-4x faster).",
    show_default=False)]
BtBatchTokensOpt = Annotated[int | None, typer.Option(
    "--backtranslate-batch-tokens", min=1, help="Padded input tokens per back-translation batch (default 4096).",
    show_default=False)]
BtMaxLengthOpt = Annotated[int | None, typer.Option(
    "--backtranslate-max-length", min=1, help="Token limit per sentence (default: the model's own).",
    show_default=False)]
BtDeviceOpt = Annotated[str | None, typer.Option(
    "--backtranslate-device", help="auto, cpu, cuda, cuda:N or mps (default auto).", show_default=False)]
BtDtypeOpt = Annotated[str | None, typer.Option(
    "--backtranslate-dtype", help="auto, float32, bfloat16 or float16 (default auto: float32 on CPU).",
    show_default=False)]
BtCacheOpt = Annotated[str | None, typer.Option(
    "--backtranslate-cache", show_default=False, metavar="PATH|URI",
    help="The back-translation cache: a sqlite file (default: in the user's cache folder), or a folder shared "
         "by a cluster (a path ending in /, an existing folder, or a URI such as s3://bucket/tqcheck-cache/).")]
BtNoCacheOpt = Annotated[bool, typer.Option(
    "--no-backtranslate-cache", help="Neither read nor write the back-translation cache.")]


# A learned metric (`score`): a transformers model that scores each segment (tqcheck.metrics.learned).
MetricModelOpt = Annotated[str | None, typer.Option(
    "--metric-model", help="Also score with this learned metric: a Hugging Face hub id or local directory "
    "(a one-output sequence classifier or an error-span token classifier; see the README).", show_default=False)]
MetricDeviceOpt = Annotated[str, typer.Option("--metric-device", help="auto, cpu, cuda, cuda:N or mps.")]
MetricDtypeOpt = Annotated[str, typer.Option("--metric-dtype", help="auto, float32, bfloat16 or float16.")]
MetricBatchTokensOpt = Annotated[int, typer.Option(
    "--metric-batch-tokens", min=1, help="Padded input tokens per batch of the learned metric.")]
NoMetricCacheOpt = Annotated[bool, typer.Option("--no-metric-cache", help="Neither read nor write the "
                                                "learned metric's cache.")]


def learned_settings(values: Mapping[str, Any]) -> Any:
    """The learned metric a command's `--metric-*` options ask for (a `LearnedSettings`), or None."""
    if not values.get("metric_model"):
        return None
    from tqcheck.api import LearnedSettings

    return LearnedSettings(model=values["metric_model"], batch_tokens=values["metric_batch_tokens"],
                           device=values["metric_device"], dtype=values["metric_dtype"],
                           use_cache=not values["no_metric_cache"])

QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Only the report and failed gates: no notes, notices or progress on stderr.")]
StatisticsOpt = Annotated[bool, typer.Option(
    "--statistics", help="Instead of the report, one line per check: how many issues it found (as ruff's).")]
