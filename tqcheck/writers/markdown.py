"""`--format markdown`: a short summary for `$GITHUB_STEP_SUMMARY`, GitLab notes and pull-request comments.

A verdict against `--fail-on`, issues by severity, by family and by check, corpus scores when there
are any, and the most severe issues (`TOP` of them) with `file:line:column` and the flagged text.
MT text is hostile: it may hold pipes, backticks, HTML, Markdown, `@mentions` and control
characters. Flagged text is therefore shown in code spans fenced longer than any backtick run
inside; every other piece of input-derived text is HTML-escaped and has its Markdown punctuation
backslash-escaped, with a word joiner after `@` so no one is mentioned. Only `TOP` rows and the
per-check counts are held while the results stream past.
"""

from __future__ import annotations

import heapq
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from tqcheck.model import DocumentResult, Issue, RunInfo, Segment, Severity, Summary
from tqcheck.writers.ci import fails, flagged_text, place
from tqcheck.writers.terminal import visible

TOP = 20  # issues listed in full
MAX_QUOTE = 80  # characters of flagged text quoted per issue
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~$])")  # what acts inline (and in cells); `<>&` are HTML-escaped
_LINE_BREAKS = re.compile("\r\n|[\n\r\u2028\u2029\u0085\u000b\u000c]")
_MENTION = re.compile(r"@(?=\w)")


def _one_line(text: str) -> str:
    return visible(_LINE_BREAKS.sub(" ", text))


def escape(text: str) -> str:
    """Input-derived text as inert inline Markdown: no HTML, formatting, math, links, table breaks or mentions.

    For inline places only (table cells, after other text): characters that matter only at
    the start of a line (`#`, `-`, `1.`) are left alone.
    """
    escaped = html.escape(_PUNCTUATION.sub(r"\\\1", _one_line(text)), quote=False)
    return _MENTION.sub("@\u2060", escaped)


def code_span(text: str) -> str:
    """`text` as a code span, safe inside a table cell (GFM turns `\\|` back into `|` in code spans)."""
    text = _one_line(text)
    if not text:
        return "*(empty)*"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text.replace('|', chr(92) + '|')} {fence}"


def _quote(text: str) -> str:
    return code_span(text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE] + "\u2026")


def _table(header: tuple[str, ...], align: str, rows: Iterable[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join("--:" if a == "r" else ":--" for a in align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


@dataclass
class _CheckCount:
    name: str
    family: str
    by_severity: Counter[str] = field(default_factory=Counter)


def _row(issue: Issue, segments: dict[str, Segment]) -> tuple[str, ...]:
    where = place(issue, segments)
    message = escape(issue.shown_message + (f" ({where.note})" if where.note else ""))
    if issue.suggestion:
        message += f" → {code_span(issue.suggestion)}"
    elif issue.suggestion == "":
        message += " → delete it"
    return (issue.severity.label, code_span(where.label()), f"{escape(issue.code)} {escape(issue.name)}", message,
            _quote(flagged_text(issue, segments)))


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    checks: dict[str, _CheckCount] = {}
    top: list[tuple[int, int, tuple[str, ...]]] = []  # (severity, -sequence, row): a min-heap of the TOP most severe
    sequence = 0
    for result in results:
        segments = {segment.id: segment for segment in result.segments}
        for issue in result.issues:
            count = checks.setdefault(issue.code, _CheckCount(issue.name, issue.family))
            count.by_severity[issue.severity.label] += 1
            sequence += 1
            key = (int(issue.severity), -sequence)
            if len(top) < TOP:
                heapq.heappush(top, (*key, _row(issue, segments)))
            elif key > top[0][:2]:
                heapq.heapreplace(top, (*key, _row(issue, segments)))
    totals = summary()
    out.write("\n".join(_document(info, totals, checks, sorted(top, reverse=True))) + "\n")


def _document(info: RunInfo, totals: Summary, checks: dict[str, _CheckCount],
              top: list[tuple[int, int, tuple[str, ...]]]) -> list[str]:
    failed = totals.failed(info.fail_on)
    plural = "s" if totals.issues != 1 else ""
    lines = [f"## tqcheck: {'❌ failed' if failed else '✅ passed'}", ""]
    gate = "the gate is off" if info.fail_on == "never" else (
        f"{sum(n for label, n in totals.by_severity.items() if fails(Severity.parse(label), info.fail_on))} "
        f"at or above {info.fail_on}")
    segments = f"{totals.segments} segment{'s' if totals.segments != 1 else ''}"
    documents = f"{totals.documents} document{'s' if totals.documents != 1 else ''}"
    lines += [f"**{totals.issues} issue{plural}** in {segments} of {documents} "
              f"(`--fail-on {info.fail_on}`: {gate}).", ""]
    for failure in totals.gate_failures:  # thresholds and config gates, from `check`
        lines.append(f"- gate failed: {escape(failure.message)}")
    if totals.gate_failures:
        lines.append("")
    lines += _table(("severity", "issues"), "lr", ((label, str(n)) for label, n in totals.by_severity.items()))
    if totals.by_family:
        lines += ["", "### Issues by family", ""]
        lines += _table(("family", "issues"), "lr", ((escape(name), str(n)) for name, n in totals.by_family.items()))
    if checks:
        lines += ["", "### Issues by check", ""]
        rows = ((escape(code), escape(c.name), escape(c.family),
                 *(str(c.by_severity[s]) for s in ("error", "warning", "info")),
                 str(sum(c.by_severity.values()))) for code, c in sorted(checks.items()))
        lines += _table(("check", "name", "family", "error", "warning", "info", "total"), "lllrrrr", rows)
    if totals.scores:
        lines += ["", "### Scores", ""]
        lines += _table(("metric", "value"), "lr",
                        ((escape(name), f"{value:.2f}") for name, value in totals.scores.items()))
    if top:
        shown = f"the {len(top)} most severe" if totals.issues > len(top) else "all"
        lines += ["", f"### Issues ({shown})", ""]
        lines += _table(("severity", "where", "check", "message", "text"), "lllll", (row for *_, row in top))
        if totals.issues > len(top):
            lines += ["", f"… and {totals.issues - len(top)} more: see the full report (`--format sarif`, `json` "
                      "or `html`)."]
    languages = f"{escape(info.src_lang or '?')} → {escape(info.tgt_lang or '?')}"
    lines += ["", f"<sub>tqcheck {escape(info.tool_version)} · {languages} · {len(info.checks_run)} checks · "
              f"{escape(info.created)}</sub>"]
    return lines
