"""`tqcheck check`: run the checks and write a report; exit 1 when a gate fails.

The flow: options -> settings and inputs (`cli/inputs.py`, shared with `baseline create`)
-> a streaming run -> triage (suppressions, baseline) -> the writer -> gates (`tqcheck.gating.gates`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

import typer

from tqcheck.cli.options import (
    BacktranslateModelOpt,
    BacktranslationOpt,
    BaselineOpt,
    ColorOpt,
    ConfigOpt,
    DocsOpt,
    EncodingOpt,
    EngineOpt,
    ExtendSelectOpt,
    FailOnOpt,
    FormatOpt,
    GlossaryOpt,
    IgnoreOpt,
    InputFormatOpt,
    JobsOpt,
    MaxErrorsOpt,
    MaxIssuesOpt,
    MaxNewIssuesOpt,
    MaxTerOpt,
    MaxWarningsOpt,
    MinBleuOpt,
    MinChrfOpt,
    MinQualityOpt,
    OutputOpt,
    ProgressOpt,
    RayAddressOpt,
    ReferenceOpt,
    SelectOpt,
    ShowBaselineOpt,
    SourceOpt,
    SrcLangOpt,
    SuppressionsOpt,
    TargetArg,
    TgtLangOpt,
)
from tqcheck.cli.stderr import flush_notices, say

if TYPE_CHECKING:
    from tqcheck.config import Settings
    from tqcheck.gating.baseline import Baseline
    from tqcheck.gating.gates import GateFailure
    from tqcheck.gating.suppressions import Suppressions
    from tqcheck.gating.triage import Triage
    from tqcheck.model import RunInfo, Summary


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
    engine: EngineOpt = "local",
    ray_address: RayAddressOpt = None,
    jobs: JobsOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Check machine-translated text and report problems with their exact spans.

    Example: tqcheck check corpora/news-ar-en/article-01.en --source corpora/news-ar-en/article-01.ar
    --src-lang ar --tgt-lang en
    """
    from tqcheck.cli.inputs import CheckInputs
    from tqcheck.cli.stdin import is_stdin, standard_input
    from tqcheck.gating.baseline import load_baseline
    from tqcheck.gating.triage import Triage
    from tqcheck.run.progress import count_lines, tracked, wanted
    from tqcheck.run.runner import Tally
    from tqcheck.writers import get_writer, is_binary, open_output

    with standard_input(target) as readable:  # `-`: a temporary copy of standard input
        request = CheckInputs(
            target=readable, from_stdin=is_stdin(target), source=source, reference=reference,
            backtranslation=backtranslation, docs=docs,
            glossary=glossary, src_lang=src_lang, tgt_lang=tgt_lang, input_format=input_format, encoding=encoding,
            select=select, extend_select=extend_select, ignore=ignore, config=config, fail_on=fail_on,
            suppressions=suppressions,
            backtranslate_model=backtranslate_model, engine=engine, ray_address=ray_address, jobs=jobs,
            thresholds={"min-quality": min_quality, "min-chrf": min_chrf, "min-bleu": min_bleu, "max-ter": max_ter},
            counts={"max-errors": max_errors, "max-warnings": max_warnings, "max-issues": max_issues,
                    "max-new-issues": max_new_issues})
        settings = request.settings()
        writer = get_writer(format)
        known = load_baseline(baseline) if baseline is not None else None
        accepted = request.load_suppressions(settings)
        info, results, tally = request.start(settings)
        if wanted(progress):
            results = tracked(results, count_lines(readable))
        scores = cache(tally.scores) if tally.scores else None
        triage = Triage(known, accepted, show_known=show_baseline, scores=scores)
        shown = Tally(scores=scores)
        verdict = _Verdict(info, settings, triage, known, accepted)
        stream = shown.watch(triage.sort(results))

        def summary() -> Summary:
            return verdict.annotate(shown.summary())

        protect = request.paths + settings.files_read() + ([baseline] if baseline is not None else [])
        with open_output(output, protect=protect, binary=is_binary(writer)) as out:
            if format == "text":
                from tqcheck.writers import terminal

                use_color, width = terminal.display(out, color)
                terminal.render(out, info, stream, summary, color=use_color, width=width)
            else:
                writer(out, info, stream, summary)
        flush_notices()  # the run succeeded: now say which languages were detected
        failures = verdict.failures()
        verdict.explain()
        for failure in failures:
            say(f"{'threshold' if failure.is_threshold else 'gate'} failed: {failure}")
        if failures:
            raise typer.Exit(1)


class _Verdict:
    """Evaluates the gates once the run is over, and describes the triage for the summary and stderr."""

    def __init__(self, info: RunInfo, settings: Settings, triage: Triage, baseline: Baseline | None,
                 suppressions: Suppressions | None) -> None:
        self.info = info
        self.settings = settings
        self.triage = triage
        self.baseline = baseline
        self.suppressions = suppressions
        self._failures: list[GateFailure] | None = None

    def failures(self) -> list[GateFailure]:
        """Every failing gate (evaluated once, after the stream is exhausted)."""
        from tqcheck.gating.gates import evaluate

        if self._failures is None:
            self._failures = evaluate(self.triage.gating.summary(), self.settings.gates,
                                      thresholds=self.settings.thresholds, fail_on=self.settings.fail_on,
                                      baseline_scores=self.baseline.scores if self.baseline else None)
        return self._failures

    @property
    def used(self) -> bool:
        """Whether anything beyond the plain fail-on gate was in play (then the report carries the verdict)."""
        gates = self.settings.gates
        return bool(self.baseline or self.suppressions or gates.counts or gates.per_1000 or gates.drops
                    or any(value is not None for value in self.settings.thresholds.values()))

    def counts(self) -> Mapping[str, int]:
        return {"new": self.triage.new, "known": self.triage.known,
                "fixed": self.triage.fixed(self.info.checks_run), "suppressed": self.triage.suppressed}

    def annotate(self, summary: Summary) -> Summary:
        """`summary` with the `gate` record (when a baseline, suppressions or gates were used)."""
        from dataclasses import replace

        if not self.used:
            return summary
        failures = self.failures()
        record: dict[str, object] = {
            **self.counts(),
            "expired_suppressions": [entry.describe() for entry in self.suppressions.expired]
            if self.suppressions else [],
            "failures": [{"gate": failure.gate, "actual": failure.actual, "allowed": failure.allowed,
                          "message": failure.message} for failure in failures],
            "failed": bool(failures),
        }
        return replace(summary, gate=record)

    def explain(self) -> None:
        """One stderr line on what the baseline and suppressions did; a note on gates that could not apply."""
        counts = self.counts()
        if self.baseline is not None:
            line = (f"tqcheck: baseline {self.baseline.path}: {counts['new']} new, {counts['known']} known, "
                    f"{counts['fixed']} fixed")
            if self.suppressions is not None:
                line += f"; {counts['suppressed']} suppressed"
            say(line)
        elif self.suppressions is not None:
            suppressed = counts["suppressed"]
            say(f"tqcheck: {suppressed} issue{'' if suppressed == 1 else 's'} suppressed")
        if self.baseline is None and self.settings.gates.regression:
            say(f"tqcheck: note: {', '.join(self.settings.gates.regression)} not checked: "
                "they need --baseline")
