"""`tqcheck report`: render a saved `tqcheck check -f json` result as the HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tqcheck.cli.options import OutputOpt

ResultArg = Annotated[Path, typer.Argument(help="A result written by `tqcheck check -f json`.",
                                           show_default=False)]


def report(result: ResultArg, output: OutputOpt = None) -> None:
    """Turn a JSON result into a self-contained HTML report for editors.

    Example: tqcheck report reports/news-ar-en.json --output news-ar-en.html
    """
    from tqcheck.writers import open_output
    from tqcheck.writers.html import load_result, render_page

    page = render_page(load_result(result))
    with open_output(output, protect=[result]) as out:
        out.write(page)
