"""Learned error spans (TQ920): where a learned metric's model marks an error in the MT.

With `tqcheck check --metric-model M` and an error-span model (see `tqcheck.metrics.learned`),
each segment carries the spans the model predicted (`model.LEARNED_META`, computed before the
checks run, like a back-translation). This check turns them into findings. They are a second
opinion: where a rule of tqcheck already flags an overlapping span, the runner keeps the rule's
finding only (`run.runner.SECOND_OPINION`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.model import LEARNED_META, Finding, Segment, Severity, Span

FAMILY = "metrics"

# The model's own severity, one step milder than MQM's names suggest: a learned span has not been
# measured against tqcheck's promise that an error is right 9 times in 10.
SEVERITIES = {"critical": Severity.ERROR, "major": Severity.WARNING, "minor": Severity.INFO}


@check("TQ920", severity=Severity.WARNING)
def learned_error_span(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A span a learned error-span model marks as an error.

    ## What it does
    Reports each span that the learned metric given with `--metric-model` predicted in the
    target. Severity follows the model's: `critical` is an error, `major` a warning, `minor`
    information. Nothing is reported without such a model.

    ## Why is this bad?
    Error-span models (xCOMET-style) find mistranslations in fluent text that no rule sees: a
    wrong word sense, a phrase that says the opposite. They need no reference when trained for
    quality estimation.

    ## Example
        Predicted: 13-19 major
        Fires[de>en]: Der Minister traf Gallant. ||| The minister kissed Gallant.
        Predicted: none
        Okay[de>en]: Der Minister traf Gallant. ||| The minister met Gallant.

    ## Known problems
    A model's spans are its own judgment: tqcheck has not measured their precision, so no
    span is more than a warning unless the model calls it critical. The model reads the
    segment as it was given (up to its own length limit, 512 tokens); spans past that are not
    predicted.
    """
    found = seg.meta.get(LEARNED_META)
    if not found:
        return
    prediction = json.loads(found)
    name = prediction.get("n", "the learned metric")
    for start, end, kind in prediction.get("p", ()):
        if not 0 <= start < end <= len(seg.target):
            continue
        severity = SEVERITIES.get(str(kind), Severity.WARNING)
        yield Finding(Span(int(start), int(end)), f'{name} marks a {kind} error: "{seg.target[start:end]}"',
                      severity=severity)
