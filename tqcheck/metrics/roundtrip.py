"""Round-trip scoring: the source against the back-translation of the MT, with sacrebleu's chrF."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _chrf() -> Any:
    from sacrebleu.metrics.chrf import CHRF

    return CHRF()


@lru_cache(maxsize=1)
def _chrf_precision() -> Any:
    from sacrebleu.metrics.chrf import CHRF

    return CHRF(beta=0)


def roundtrip_chrf(source: str, backtranslation: str) -> float:
    """chrF of the back-translation against the source: how much of the meaning came back."""
    return float(_chrf().sentence_score(backtranslation, [source]).score)


def coverage(sentence: str, backtranslation: str) -> float:
    """chrF precision (beta = 0) of `sentence` within `backtranslation`: how much of the sentence's
    character n-grams the back-translation contains, i.e. whether it survived the round trip."""
    return float(_chrf_precision().sentence_score(sentence, [backtranslation]).score)
