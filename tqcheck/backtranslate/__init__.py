"""Back-translation of MT output into the source language with Hugging Face seq2seq models.

    from tqcheck.backtranslate import TranslationSettings, backtranslate_segments
    settings = TranslationSettings(model="Helsinki-NLP/opus-mt-de-en", num_beams=4)
    back = backtranslate_segments(segments, settings, src_lang="en", tgt_lang="de")   # German MT -> English

Importing this package is cheap: transformers and torch load only when a model is used
(`tqcheck.backtranslate.hf`). Install them with `pip install 'tqcheck[backtranslation]'`.
"""

from __future__ import annotations

from tqcheck.backtranslate.base import BatchTranslator, TranslationSettings, Translator
from tqcheck.backtranslate.cache import TranslationCache, default_cache_path
from tqcheck.backtranslate.pipeline import (
    TranslationRun,
    backtranslate_segments,
    default_translator,
    translate_texts,
)
from tqcheck.backtranslate.shared_cache import SharedTranslationCache, open_cache

__all__ = ["BatchTranslator", "SharedTranslationCache", "TranslationCache", "TranslationRun", "TranslationSettings",
           "Translator", "backtranslate_segments", "default_cache_path", "default_translator", "open_cache",
           "translate_texts"]
