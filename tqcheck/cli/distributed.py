"""`tqcheck check --engine ray --output-dir URI`: results written in the cluster, a summary report here.

The per-segment results and the issues go to `URI/segments/` and `URI/issues/` (Ray Data's
writers); the report (`--format`, to stdout or `-o`) is the summary: text, JSON, Markdown and HTML
from the aggregated `summary.json`, SARIF, JUnit, GitHub and GitLab from the issues output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from tqcheck.cli.stderr import announce_detected, flush_notices, notice, say
from tqcheck.errors import ConfigError

if TYPE_CHECKING:
    from tqcheck.config import Settings
    from tqcheck.request import CheckRequest

_ISSUE_FORMATS = ("sarif", "junit", "github", "gitlab")


def run_distributed(request: CheckRequest, settings: Settings, *, output_dir: str, output_format: str, format: str,
                    output: str | None, quiet: bool, statistics: bool) -> None:
    """Run, write the summary report, say the notes and failed gates; exit 1 when a gate failed."""
    from tqcheck.writers import get_writer, open_output, refuse_page_on_terminal
    from tqcheck.writers.distributed import SUMMARY_FORMATS, render

    if statistics:
        raise ConfigError("--statistics lists the counts of a local run; with --output-dir they are in summary.json")
    if format not in (*SUMMARY_FORMATS, *_ISSUE_FORMATS):
        raise ConfigError(f"with --output-dir the per-segment results are in {output_dir}; the report is a summary: "
                          f"--format {', '.join((*SUMMARY_FORMATS, *_ISSUE_FORMATS))}")
    get_writer(format)
    refuse_page_on_terminal(format, output)
    run = request.start_distributed(settings, output_dir=output_dir, output_format=output_format, say=notice)
    announce_detected(run.info.detected)
    with open_output(output, protect=request.paths + settings.files_read()) as out:
        if format in SUMMARY_FORMATS:
            render(out, format, run.record)
        else:
            get_writer(format)(out, run.info, run.issue_results(), lambda: run.summary)
    flush_notices(show=not quiet)
    for line in [] if quiet else run.notes:
        say(f"tqcheck: {line}")
    if not quiet:
        say(f"tqcheck: results written to {run.outputs['segments']} and {run.outputs['issues']}")
    for failure in run.failures:
        say(f"{'threshold' if failure.is_threshold else 'gate'} failed: {failure}")
    if run.failures:
        raise typer.Exit(1)
