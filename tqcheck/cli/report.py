"""`tqcheck report`: write any output format from a saved `tqcheck check -f json` result.

CI runs the checks once (`check -f json -o tqcheck.json`; its exit code is the gate) and then
writes SARIF, JUnit, annotations, a Markdown summary or the HTML page from that one file. The
result is read back into the model (`tqcheck.readers.report_json`) and handed to the same
writer `check` uses, so the output is identical to `check -f FORMAT` for the same run.
`report` itself exits 0 whatever the result says: gating is `check`'s job.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tqcheck.cli.options import ColorOpt, OutputOpt

if TYPE_CHECKING:
    from tqcheck.model import Summary

ResultArg = Annotated[Path, typer.Argument(help="A result written by `tqcheck check -f json` (or -f jsonl).",
                                           show_default=False)]
ReportFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", help="html (default), text, json, jsonl, or for CI: sarif, junit, github (annotations), "
    "gitlab (code quality) or markdown (step summary / PR comment); parquet (needs --output).")]


def report(result: ResultArg, format: ReportFormatOpt = "html", output: OutputOpt = None,
           color: ColorOpt = None) -> None:
    """Write a report in any format from a saved JSON result, without running the checks again.

    Example: tqcheck report tqcheck.json --format sarif --output tqcheck.sarif
    """
    from tqcheck.api import load_report
    from tqcheck.writers import get_writer, is_binary, open_output, refuse_page_on_terminal, terminal

    writer = get_writer(format)
    refuse_page_on_terminal(format, output)
    run = load_report(result)

    def summary() -> Summary:  # the writer protocol's callback, called once the results are written
        return run.summary

    with open_output(output, protect=[result], binary=is_binary(writer)) as out:
        if format == "text":
            use_color, width = terminal.display(out, color)
            terminal.render(out, run.info, iter(run.documents), summary, color=use_color, width=width)
        else:
            writer(out, run.info, iter(run.documents), summary)
