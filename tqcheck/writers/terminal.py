"""The terminal report (rich): every issue with its line, the span marked, then a summary table.

Plain text when colour is off (not a TTY, `NO_COLOR`, `--no-color`): the same layout,
with carets under the span instead of colour. Input text never reaches the terminal
raw: control characters (ANSI escapes included) are shown as visible symbols.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tqcheck.gating.locations import locate
from tqcheck.model import DocumentResult, Issue, RunInfo, Segment, Severity, Summary


def display(out: TextIO, color: bool | None, plain_width: int = 100) -> tuple[bool, int]:
    """(colour on?, width) for writing to `out`: `--color/--no-color` if given, else colour on a
    terminal unless `NO_COLOR` is set or `TERM=dumb`; the terminal's width then, else `plain_width`."""
    on_tty = out.isatty()
    use_color = color if color is not None else (
        on_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb")
    return use_color, os.get_terminal_size(out.fileno()).columns if use_color and on_tty else plain_width

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
CONTEXT = 50  # characters shown on each side of a span


def visible(text: str) -> str:
    """Replace control characters, line and paragraph separators and bidi overrides so they cannot
    act on the terminal (or split a one-line message in two)."""
    out = []
    for char in text:
        code = ord(char)
        if code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code < 0xA0 or 0x2028 <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            out.append(f"<U+{code:04X}>")
        else:
            out.append(char)
    return "".join(out)


def excerpt_window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A window of `text` around [start, end) with ellipses, and the span's offsets in it."""
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    if end - start > 2 * CONTEXT:
        right = start + 2 * CONTEXT
    prefix = "\u2026" if left > 0 else ""
    suffix = "\u2026" if right < len(text) else ""
    before = visible(text[left:start])
    marked = visible(text[start:min(end, right)])
    after = visible(text[min(end, right):right])
    window = prefix + before + marked + after + suffix
    offset = len(prefix) + len(before)
    return window, offset, offset + len(marked)


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult], summary: Callable[[], Summary],
           *, color: bool = False, width: int = 100) -> None:
    console = Console(file=out, force_terminal=color, no_color=not color, color_system="auto" if color else None,
                      width=width, highlight=False, emoji=False, markup=False, soft_wrap=True)
    seen: dict[str, Issue] = {}
    for result in results:
        for issue in result.issues:
            seen.setdefault(issue.code, issue)
        if not result.issues:
            continue
        heading = f"document {result.doc_id}" if result.doc_id else "segments"
        console.print(Text(visible(heading), style="bold"))
        by_id = {segment.id: segment for segment in result.segments}
        for issue in result.issues:
            _print_issue(console, issue, by_id[issue.segment_id], color)
        console.print()
    _print_summary(console, info, summary(), seen, color)


def _location(issue: Issue, segment: Segment) -> str:
    if segment.anchors:  # XLIFF, TMX, PO, tables: the span's own place in the file
        position = locate(segment, issue.span)
        parts = [position.path or issue.origin or "<input>", position.line or issue.line or "?", position.column]
        return ":".join(visible(str(part)) for part in parts if part is not None)
    origin = issue.origin or "<input>"
    line = issue.line if issue.line is not None else "?"
    return f"{visible(origin)}:{line}:{issue.span.start + 1}"


def _print_issue(console: Console, issue: Issue, segment: Segment, color: bool) -> None:
    head = Text()
    head.append(_location(issue, segment), style="bold")
    head.append(" ")
    head.append(issue.code, style=STYLES[issue.severity])
    head.append(f" [{issue.severity.label}] ", style=STYLES[issue.severity])
    head.append(visible(issue.shown_message))
    if issue.span.field != "target":
        head.append(f" (in {issue.span.field})", style="dim")
    console.print(head)
    text = segment.text(issue.span.field) or ""
    window, start, end = excerpt_window(text, issue.span.start, issue.span.end)
    line = Text("    " + window)
    line.stylize("reverse " + STYLES[issue.severity], 4 + start, 4 + max(end, start + 1))
    console.print(line)
    pad = cell_len(window[:start])
    carets = "^" * max(1, cell_len(window[start:end]))
    console.print(Text("    " + " " * pad + carets, style=STYLES[issue.severity]))
    if issue.suggestion is not None:
        shown = visible(_shortened(issue.suggestion)) if issue.suggestion else "delete it"
        console.print(Text(f"    suggestion: {shown}", style="green"))


_SUGGESTION_WIDTH = 72


def _shortened(suggestion: str) -> str:
    """A long replacement (a whole quotation re-marked) with its middle elided: the ends are what change."""
    if len(suggestion) <= _SUGGESTION_WIDTH:
        return suggestion
    half = _SUGGESTION_WIDTH // 2 - 2
    return f"{suggestion[:half].rstrip()} \u2026 {suggestion[-half:].lstrip()}"


def _print_summary(console: Console, info: RunInfo, summary: Summary, seen: dict[str, Issue], color: bool) -> None:
    if summary.by_check:
        table = Table(title="Issues by check", title_justify="left", box=box.SIMPLE_HEAD if color else box.ASCII2,
                      show_edge=False, pad_edge=False)
        for column, justify in (("code", "left"), ("name", "left"), ("family", "left"),
                                ("severity", "left"), ("count", "right")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for code, count in summary.by_check.items():
            example = seen[code]
            table.add_row(*(visible(str(value)) for value in (code, example.name, example.family,
                                                              example.severity.label, count)))
        console.print(table)
        console.print()
    severities = ", ".join(_plural(count, label) for label, count in summary.by_severity.items())
    languages = f"{info.src_lang} -> {info.tgt_lang}" if info.src_lang else f"target {info.tgt_lang or '?'}"
    detected = "; ".join(f"{role} detected as {value}" for role, value in info.detected.items())
    # Languages and score names come from a saved report too (`tqcheck report`): shown, never sent raw.
    console.print(Text(visible(
        f"{_plural(summary.issues, 'issue')} ({severities}) in {_plural(summary.segments, 'segment')}, "
        f"{_plural(summary.documents, 'document')}; {_plural(len(info.checks_run), 'check')} run; "
        f"languages {languages}" + (f" ({detected})" if detected else "")),
        style="bold"))
    if summary.scores:
        console.print(Text(visible("scores: " + ", ".join(f"{name} {value:.2f}"
                                                          for name, value in summary.scores.items()))))


def _plural(count: int, noun: str) -> str:
    if count == 1 or noun == "info":
        return f"{count} {noun}"
    return f"{count} {noun}s"
