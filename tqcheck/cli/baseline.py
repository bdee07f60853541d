"""`tqcheck baseline create`: record a batch's current issues so `check --baseline` fails only on new ones."""

from __future__ import annotations

import typer

from tqcheck.cli.options import (
    BacktranslateModelOpt,
    BacktranslationOpt,
    BaselineOutputOpt,
    ConfigOpt,
    DocsOpt,
    EncodingOpt,
    ExcludeOpt,
    ExtendSelectOpt,
    GlossaryOpt,
    IgnoreOpt,
    IncludeOpt,
    InputFormatOpt,
    ReferenceOpt,
    SelectOpt,
    SkipOpt,
    SourceOpt,
    SrcLangOpt,
    SuppressionsOpt,
    TargetsArg,
    TgtLangOpt,
)
from tqcheck.cli.stderr import announce_detected, flush_notices, notice, say

baseline_app = typer.Typer(
    help="Baselines: record the issues a batch already has, so CI fails only on new ones.",
    no_args_is_help=True,
)


@baseline_app.callback()
def _baseline() -> None:
    """Baselines: record the issues a batch already has, so CI fails only on new ones."""


@baseline_app.command("create")
def create(
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
    suppressions: SuppressionsOpt = None,
    backtranslate_model: BacktranslateModelOpt = None,
    output: BaselineOutputOpt = "tqcheck-baseline.json",
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
) -> None:
    """Check the inputs as `tqcheck check` would and write every issue found to a baseline file.

    Suppressed issues are left out (their suppression covers them). The corpus scores are
    stored too, for the regression gates (`max-chrf-drop`, ...). Exits 0 whatever was found.

    Example: tqcheck baseline create corpora/news-zh-en/mt.en --source corpora/news-zh-en/source.zh
    -r corpora/news-zh-en/reference.en --src-lang zh --tgt-lang en --output tqcheck-baseline.json
    """
    from tqcheck.api import write_baseline
    from tqcheck.cli.stdin import STDIN, is_stdin, standard_input
    from tqcheck.errors import ConfigError
    from tqcheck.request import CheckRequest
    from tqcheck.writers import open_output

    target, *more = targets
    if more and any(is_stdin(path) for path in targets):
        raise ConfigError("`-` (standard input) is checked on its own, not with other inputs")
    with standard_input(target) as readable:  # `-`: a temporary copy of standard input
        request = CheckRequest(
            target=readable, target_name=STDIN if is_stdin(target) else None, more_targets=tuple(more),
            include=tuple(include or ()), exclude=tuple(exclude or ()), source=source, reference=reference,
            backtranslation=backtranslation, docs=docs,
            glossary=glossary, src_lang=src_lang, tgt_lang=tgt_lang, input_format=input_format, encoding=encoding,
            select=select, extend_select=extend_select, ignore=ignore, config=config, suppressions=suppressions,
            backtranslate_model=backtranslate_model, skip=skip)
        settings = request.settings()
        run = request.start(settings, say=notice, record_baseline=True)
        announce_detected(run.info.detected)
        for _ in run.results:
            pass
        record = run.baseline_record()
        with open_output(output, protect=request.paths + settings.files_read()) as out:
            write_baseline(out, record)
        flush_notices()
        summary = record["summary"]
        suppressed = f" ({run.verdict().suppressed} suppressed)" if settings.suppressions_path else ""
        say(f"tqcheck: baseline of {summary['issues']} issues{suppressed} in {summary['segments']} segments "
            f"written to {output}")
