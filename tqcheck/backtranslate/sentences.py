"""Texts cut into sentences before translation and the translations joined again.

MT models are trained on sentences: a whole paragraph fed at once is translated worse, and what
passes the model's length limit is cut off. So each text is split with `sentencex` (rules for
about 300 languages; installed with `tqcheck[backtranslation]`), the sentences are translated
(and cached) one by one, and the translations are joined with a space, or with nothing when
the output language is written without spaces. Without `sentencex` a text stays whole.
"""

from __future__ import annotations

from functools import lru_cache

from tqcheck.lang import UNSPACED_LANGUAGES, primary


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of `text` (in `lang`), stripped; `[text]` when it is one sentence or cannot be split."""
    segment = _segmenter()
    if segment is None:
        return [text.strip()]
    sentences = [sentence.strip() for sentence in segment(primary(lang) or "en", text) if sentence.strip()]
    return sentences or [text.strip()]


def join_sentences(translations: list[str], lang: str) -> str:
    """The translated sentences as one text in `lang`."""
    glue = "" if primary(lang) in UNSPACED_LANGUAGES else " "
    return glue.join(part for part in translations if part)


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    try:
        from sentencex import segment
    except ImportError:
        return None
    return segment
