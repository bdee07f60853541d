"""Punctuation and whitespace (TQ1xx): doubled, misplaced, wrong-width and invisible characters."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from tqcheck.context import Context
from tqcheck.model import Finding, Segment, Severity, Span
from tqcheck.registry import check

FAMILY = "punctuation"

# The same sentence or clause mark twice with only spaces between (". .", ",,", "; ;").
# Runs of periods (ellipsis) and mixed "?!" are deliberate and excluded.
_DOUBLED = regex.compile(r"([.,;:\u3002\uff0c\u060c])(?:[ \t\u00a0]*\1)+")


@check("TQ101", severity=Severity.WARNING)
def doubled_punctuation(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Sentence punctuation repeated with nothing but spaces between.

    ## What it does
    Flags `. .`, `,,`, `; ;` and the full-width and Arabic equivalents in the target.

    ## Why is this bad?
    A typical artefact of MT and of post-editing joins: readers see a broken sentence.

    ## Example
        Fires: reiterating that Washington opposes the reoccupation of Gaza. .
        Fires: the minister,, who arrived
        Okay:  Wait... what?
        Okay:  Really?!

    ## Known problems
    Ellipses (`...`, `. . .` as three spaced periods) and `?!` are allowed.
    """
    text = seg.target
    for match in _DOUBLED.finditer(text):
        piece = match.group()
        if piece.replace(" ", "") in ("...", "\u3002\u3002\u3002") or regex.fullmatch(r"\.(?: \.){2,}", piece):
            continue
        if piece.startswith(".") and set(piece) <= {"."} and len(piece) >= 3:
            continue
        yield Finding(Span(match.start(), match.end()), f'Doubled punctuation "{piece}"',
                      suggestion=match.group(1))
