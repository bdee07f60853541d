"""A translation far from its reference (TQ910): an omission, an addition or a hallucination.

With a human reference, a segment whose chrF against it is lower than nearly all real MT of its
language pair reaches is rarely a paraphrase: it is a sentence that says something else, says
half of it, or loops. "Lower than nearly all" is measured, per pair, on WMT23 system outputs
(`benchmarks/calibrate_reference_floors.py` writes `tqcheck/data/reference_floors.toml`): chrF
runs at 27 for good English-Japanese MT and at 67 for German-English, so no one number serves.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from tqcheck.checks.calibration import Calibration
from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.lang import LanguageProfile
from tqcheck.lang.scripts import dominant_script, letters
from tqcheck.model import Finding, Segment, Severity, Span

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FAMILY = "metrics"

PERCENTILE = 0.25      # the floors are this percentile of WMT23 MT's segment chrF against the reference
MIN_WORDS = 10         # shorter references give chrF too unstable to judge (`かしこ`, headlines, free renderings)
MIN_UNSPACED_CHARS = 20
LONG_WORDS = 20        # longer references get their own, higher floor: chrF varies less with length
LONG_UNSPACED_CHARS = 50
OUTLIER_Z = -4.5       # pairs WMT23 lacks: or this far below the batch's own median (robust z), once calibrated
WARNING_SHARE = 0.75   # under three quarters of the floor: a warning
ERROR_SHARE = 0.5      # under half of it: nothing of the reference is there


@lru_cache(maxsize=1)
def _chrf() -> Any:
    from sacrebleu.metrics.chrf import CHRF

    return CHRF(lowercase=True)


def segment_chrf(target: str, reference: str) -> float:
    """sacrebleu's sentence-level chrF of `target` against `reference`, case-insensitive (a
    reference in capitals, `НЕ ЗАЛИШАЙТЕ`, says the same as a target in sentence case)."""
    return float(_chrf().sentence_score(target, [reference]).score)


def unspaced_target(tgt: LanguageProfile) -> bool:
    """Whether the language is written without spaces between words (chrF runs far lower there)."""
    return tgt.cjk or tgt.code in ("th", "lo", "km", "my")


def length_class(reference: str, tgt: LanguageProfile) -> int:
    """0 for references too short to judge, 1 for sentences, 2 for long sentences and paragraphs."""
    size, short, long = ((letters(reference), MIN_UNSPACED_CHARS, LONG_UNSPACED_CHARS) if unspaced_target(tgt)
                         else (len(reference.split()), MIN_WORDS, LONG_WORDS))
    return 0 if size < short else 1 if size < long else 2


def scorable(source: str, reference: str, tgt: LanguageProfile) -> bool:
    """Whether a reference is long enough to judge by chrF and is a translation at all.

    References that repeat the source (WMT23 ru-en has some) or are written in another script
    than the target language's are skipped: the target cannot be expected to resemble them.
    """
    text = reference.strip()
    if not length_class(text, tgt) or text == source.strip():
        return False
    script = dominant_script(text)
    return script is None or tgt.script in ("", script) or tgt.cjk


@cache
def _floors() -> dict[str, Any]:
    text = resources.files("tqcheck").joinpath("data/reference_floors.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def floors_for(src: str, tgt: LanguageProfile) -> tuple[float, float, bool]:
    """The pair's floors (sentences, long sentences) and True; else the target language's, or the
    lowest of all targets written like it, with or without spaces (lenient), and False: the pair
    was not calibrated."""
    floors = _floors()
    pair = floors.get("pairs", {}).get(f"{src}-{tgt.code}")
    if pair is not None:
        return float(pair[0]), float(pair[1]), True
    default = floors["default-unspaced" if unspaced_target(tgt) else "default"]
    pair = floors.get("targets", {}).get(tgt.code, default)
    return float(pair[0]), float(pair[1]), False


@check("TQ910", severity=Severity.INFO, scope="batch", needs=("reference",))
def far_from_reference(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """The target shares less with the reference than nearly any real MT of the language pair does.

    ## What it does
    Scores each target against its reference with sacrebleu's chrF and flags it when the score
    is under the pair's floor: the 0.25th percentile of segment chrF that WMT23 system outputs
    reach for that pair, for references of 10-19 words and of 20 or more (20-49 and 50 or more
    characters in Chinese, Japanese, Thai). English-German and other unknown pairs fall back to
    the target language's floors, then to the lowest of all targets written like it (with or
    without spaces between words), and for them, once 50 segments are in, a score far below the
    batch's own median (robust z under -4.5) is flagged too. Shorter references, references
    identical to the source and references in another script are skipped.

    ## Why is this bad?
    Fluent output can say something else entirely (`And I'm going to give you a little bit of
    a heads-up here.`), or only half of the sentence; no fluency check sees that, but the
    reference does.

    ## Example
        Fires[de>en]: Wo willst du mich einsetzen, damit du nicht insolvent gehst? Was zahlst du? ||| The Commission has taken measures to ensure that the health of the population is protected. === Where are you going to use me so you don't go bankrupt? What do you pay?
        Okay[de>en]: Wo willst du mich einsetzen, damit du nicht insolvent gehst? Was zahlst du? ||| Where do you want to deploy me so that you don't go insolvent? What do you pay? === Where are you going to use me so you don't go bankrupt? What do you pay?
        Okay[de>en]: Entsprechen nicht ganz den Maßen ||| Turmoil over Army postings. === Doesn't exactly meet the prescribed measurements

    ## Severity
    An error under half the floor (almost nothing of the reference is there); a warning otherwise.

    ## Known problems
    A free but correct translation of a short sentence can fall under the floor, and names
    transliterated differently from the reference lower the score in Chinese and Japanese.
    Read it with the reference: the finding says where to look, not what is wrong.
    """
    memory = ctx.memory()
    calibration: Calibration = memory.setdefault("calibration", Calibration(floor=5.0, seed=910))
    floors = memory.get("floors")
    if floors is None:
        floors = memory["floors"] = floors_for(ctx.src.code, ctx.tgt)
    for seg in doc:
        reference = seg.reference or ""
        target = seg.target
        if not target.strip() or not scorable(seg.source or "", reference, ctx.tgt):
            continue
        score = segment_chrf(target, reference)
        floor = floors[length_class(reference, ctx.tgt) - 1]
        calibration.add(score)
        reason = None
        if score < floor:
            reason = f"under {floor:.1f}, which nearly all MT of this language pair reaches"
        elif not floors[2] and calibration.calibrated:
            center, scale = calibration.estimate()
            z = (score - center) / scale
            if z < OUTLIER_Z:
                reason = f"far below this batch's median of {center:.1f} (z = {z:.1f})"
        if reason:
            yield Finding(Span(0, len(target)),
                          f"chrF {score:.1f} against the reference is {reason}: "
                          "a sentence left out, added or hallucinated?",
                          segment_id=seg.id, severity=_severity(score, floor))


def _severity(score: float, floor: float) -> Severity | None:
    if score < ERROR_SHARE * floor:
        return Severity.ERROR
    return Severity.WARNING if score < WARNING_SHARE * floor else None
