"""`--format github`: GitHub Actions workflow commands, so issues show as annotations on the pull request.

One line per issue, written as the results arrive:
`::error file=mt.en,line=3,col=5,endLine=3,endColumn=9,title=TQ101 doubled-punctuation::message`
(`warning` and `notice` for lower severities; `endColumn` is exclusive, like SARIF's), then
one plain summary line. Property values and the message are escaped as the Actions runner
expects (`%`, CR and LF everywhere; `:` and `,` in properties too), and other control characters
of the MT text are shown as visible symbols, so hostile text can neither start a new workflow
command nor colour the log. Note that GitHub shows at most a limited number of annotations
per step; the job log keeps every line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from tqcheck.model import DocumentResult, Issue, RunInfo, Severity, Summary
from tqcheck.writers.ci import Place, place
from tqcheck.writers.terminal import visible

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message (after `::`)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def escape_property(text: str) -> str:
    """Escape a workflow command property value (`file=`, `title=`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(issue: Issue, where: Place) -> str:
    """The workflow command line for one issue (without the newline)."""
    properties: list[tuple[str, object]] = []
    if where.path is not None:
        properties.append(("file", where.path))
    if where.line is not None:
        properties.append(("line", where.line))
        if where.exact:
            properties += [("col", where.column), ("endLine", where.end_line), ("endColumn", where.end_column)]
    properties.append(("title", f"{issue.code} {issue.name}"))
    message = issue.shown_message + (f" ({where.note})" if where.note else "")
    if issue.suggestion is not None:
        message += f'\nSuggestion: "{issue.suggestion}"' if issue.suggestion else "\nSuggestion: delete it"
    head = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{COMMANDS[issue.severity]} {head}::{escape_data(message)}"


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    for result in results:
        segments = {segment.id: segment for segment in result.segments}
        for issue in result.issues:
            out.write(command(issue, place(issue, segments)) + "\n")
    totals = summary()
    counts = ", ".join(f"{count} {label}{'s' if count != 1 and label != 'info' else ''}"
                       for label, count in totals.by_severity.items())
    verdict = "failed" if totals.failed(info.fail_on) else "passed"
    out.write(f"tqcheck: {totals.issues} issue{'s' if totals.issues != 1 else ''} ({counts}) in "
              f"{totals.segments} segment{'s' if totals.segments != 1 else ''} of {totals.documents} "
              f"document{'s' if totals.documents != 1 else ''}; --fail-on {info.fail_on}: {verdict}\n")
