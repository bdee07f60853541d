"""Round trip (TQ9xx): the source compared with the back-translation of the MT.

A back-translation (`--backtranslation FILE`, or `--backtranslate-model M`) is the MT output
translated back into the source language. Where it diverges from the source, the MT often
lost or changed meaning. These checks flag spans in the source (what was lost) or the whole
back-translation (how far it drifted); scores use sacrebleu's chrF, imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from tqcheck.checks.calibration import Calibration
from tqcheck.checks.context import Context
from tqcheck.checks.names import source_names_missing
from tqcheck.checks.numbers.parse import align, describe
from tqcheck.checks.registry import check
from tqcheck.checks.text import WORD, sentence_spans
from tqcheck.metrics.roundtrip import coverage, roundtrip_chrf
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "metrics"

ABSOLUTE_FLOOR = 25.0     # round-trip chrF below this is flagged whatever the batch looks like
OUTLIER_Z = -3.5          # robust z-score below which a segment is an outlier in its batch
MIN_SOURCE_CHARS = 20     # shorter sources give meaningless chrF
COVERAGE_FLOOR = 25.0     # chrF precision of a source sentence within the back-translation
MIN_SENTENCE_WORDS = 5


@check("TQ901", severity=Severity.WARNING, scope="batch", needs=("source", "backtranslation"))
def roundtrip_divergence(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """The back-translation is far from the source: the MT probably changed the meaning.

    ## What it does
    Scores each back-translation against its source with chrF and flags segments scoring
    under 25, or far below the batch's own distribution (robust z-score under -3.5 against
    the median and MAD of the segments seen so far, once 50 are in). The span is the whole
    back-translation.

    ## Why is this bad?
    A good translation survives a round trip roughly intact; a hallucination, an omission
    or a reversed meaning usually does not. Without a reference this is the strongest
    signal tqcheck has that a segment says something else.

    ## Example
        Fires[en>de]: The port will reopen in June after the dredging works. ||| Das Wetter war kalt. ||| The weather was cold and nobody came to the market.
        Okay[en>de]: The port will reopen in June after the dredging works. ||| Der Hafen öffnet im Juni nach den Baggerarbeiten wieder. ||| The port will reopen in June after dredging work.

    ## Known problems
    The back-translation model's own errors look the same as the MT's: read it as evidence,
    not proof. Paraphrases score lower than literal translations.
    """
    calibration: Calibration = ctx.memory().setdefault("calibration", Calibration(floor=5.0, seed=901))
    for seg in doc:
        source = seg.source or ""
        if len(source.strip()) < MIN_SOURCE_CHARS or not (seg.backtranslation or "").strip():
            continue
        score = roundtrip_chrf(source, seg.backtranslation or "")
        calibration.add(score)
        reason = None
        if score < ABSOLUTE_FLOOR:
            reason = f"under the floor of {ABSOLUTE_FLOOR:.0f}"
        elif calibration.calibrated:
            center, scale = calibration.estimate()
            z = (score - center) / scale
            if z < OUTLIER_Z:
                reason = f"far below this batch's median of {center:.1f} (z = {z:.1f})"
        if reason:
            text = seg.backtranslation or ""
            yield Finding(Span(0, len(text), "backtranslation"),
                          f"Round-trip chrF {score:.1f} is {reason}: the MT may have changed the meaning",
                          segment_id=seg.id)


@check("TQ902", severity=Severity.WARNING, needs=("source", "backtranslation"))
def roundtrip_lost_number(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A number in the source does not come back in the back-translation.

    ## What it does
    Compares the numbers of the source with those of the back-translation by value (the
    same matcher as TQ301, so `2,000` = `2.000` = `两千`) and flags source numbers that did
    not survive the round trip. The span is in the source.

    ## Why is this bad?
    When the MT is in a script or language the reviewer cannot read, a number lost on the
    way back is a cheap, language-independent hint that the MT dropped or changed it.

    ## Example
        Fires[de>en]: Bei dem Unfall starben 12 Menschen. ||| Twelve people died. ||| Bei dem Unfall starben viele Menschen.
        Okay[de>en]: Etwa 2.000 Menschen kamen. ||| About 2,000 people came. ||| Ungefähr 2000 Menschen kamen.

    ## Known problems
    Reports numbers the back-translation model lost as well as those the MT lost. Numbers
    TQ301 never reports alone (0 and 1, codes such as `COVID-19`) are not reported here.
    """
    src = ctx.src.code
    alignment = align(seg.source or "", seg.backtranslation or "", src, src)
    lost = [*alignment.missing, *(source for source, _back in alignment.changed)]
    for number in sorted(lost, key=lambda number: number.start):
        yield Finding(Span(number.start, number.end, "source"),
                      f"{describe(number)} in the source does not come back in the back-translation")


@check("TQ903", severity=Severity.WARNING, needs=("source", "backtranslation"))
def roundtrip_omitted_sentence(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A source sentence has no counterpart in the back-translation: the MT probably dropped it.

    ## What it does
    Splits multi-sentence sources into sentences and measures how much of each sentence's
    character n-grams the back-translation contains (chrF precision, sacrebleu's chrF with
    beta = 0). A sentence of at least five words scoring under 25 is flagged, span in the
    source.

    ## Why is this bad?
    Dropping a whole sentence of a paragraph is a frequent, silent MT failure (NLLB often
    translates only the first sentence); a reviewer skimming fluent output does not see it.

    ## Example
        Fires[en>de]: The port reopened on Monday. Officials expect traffic to double within two years. ||| Der Hafen öffnete am Montag. ||| The port reopened on Monday.
        Okay[en>de]: The port reopened on Monday. Officials expect traffic to double within two years. ||| Der Hafen öffnete am Montag. Man erwartet eine Verdopplung. ||| On Monday the port reopened. Officials think traffic will double in two years.

    ## Known problems
    Heavy paraphrase in the back-translation can hide a sentence's words; single-sentence
    segments are left to TQ901.
    """
    source = seg.source or ""
    spans = sentence_spans(source)
    if len(spans) < 2:
        return
    back = seg.backtranslation or ""
    for start, end in spans:
        sentence = source[start:end]
        if sum(1 for _ in WORD.finditer(sentence)) < MIN_SENTENCE_WORDS:
            continue
        covered = coverage(sentence, back)
        if covered < COVERAGE_FLOOR:
            yield Finding(Span(start, end, "source"),
                          f"Source sentence has no counterpart in the back-translation (coverage {covered:.0f}%)")


@check("TQ904", severity=Severity.WARNING, needs=("source", "backtranslation"))
def roundtrip_lost_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A name in the source does not come back in the back-translation.

    ## What it does
    Looks for each name of the source in the back-translation with the same matcher as TQ402
    (fuzzy, inflection-tolerant, so `Putin` finds `Putins`), both texts being in the source
    language. The span is the name in the source.

    ## Why is this bad?
    When the reviewer cannot read the target language, a person or place lost on the way back
    is a strong hint that the MT dropped or garbled the name: the classic newsroom error.

    ## Example
        Fires[de>en]: Am Montag traf Gallant Blinken in Washington. ||| On Monday the minister met Blinken. ||| Am Montag traf der Minister Blinken.
        Okay[de>en]: Gallant traf Blinken am Montag in Washington. ||| Gallant met Blinken in Washington on Monday. ||| Gallant traf Blinken am Montag in Washington.

    ## Known problems
    The back-translation model's own errors are reported too. Names are detected as TQ402 detects
    them, so sources in scripts without capitals (Arabic, Hebrew, Chinese, Japanese) are covered
    only for Latin-script names in them.
    """
    round_trip = replace(ctx, tgt=ctx.src)
    for token in source_names_missing(seg.source or "", seg.backtranslation or "", round_trip):
        yield Finding(Span(token.start, token.end, "source"),
                      f'Name "{token.text}" in the source does not come back in the back-translation',
                      suggestion=token.text)
