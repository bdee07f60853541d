"""Back-translation as a library call: cache lookup, batched translation of what is missing, progress.

`translate_texts` works in the model's direction (texts in `src_lang` -> `tgt_lang`);
`backtranslate_segments` is the QA view: it translates each segment's *target* back into the
segments' *source* language, so callers pass the pair in its usual order.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path

from tqcheck.backtranslate.base import BatchTranslator, TranslationSettings, Translator
from tqcheck.backtranslate.cache import TranslationCache, default_cache_path, namespace, text_key
from tqcheck.lang import normalise_language
from tqcheck.model import Segment

CHUNK = 32  # texts per call (and per cache commit) for translators that do not report batches
_LINE_BREAKS = str.maketrans({char: " " for char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


@dataclass(frozen=True, slots=True)
class TranslationRun:
    """Translations in input order, and where they came from (counts of distinct texts)."""

    outputs: tuple[str, ...]
    computed: int
    cached: int
    blank: int
    cache_path: Path | None


def backtranslate_segments(segments: Sequence[Segment], settings: TranslationSettings, src_lang: str,
                           tgt_lang: str, *, translator: Translator | None = None,
                           progress: bool | None = None) -> list[str]:
    """Back-translations of the segments' targets (in `tgt_lang`) into `src_lang`, in segment order.

    `src_lang`/`tgt_lang` are the pair's languages as everywhere else in tqcheck: the MT went
    from `src_lang` into `tgt_lang`; this goes back. `translator` defaults to the transformers
    backend built from `settings` (kept between calls with the same settings, so calling this once
    per window of segments loads the model once); `progress` None means a progress bar only on a
    terminal.
    """
    run = translate_texts([segment.target for segment in segments], settings, src_lang=tgt_lang,
                          tgt_lang=src_lang, translator=translator, progress=progress)
    return list(run.outputs)


def translate_texts(texts: Sequence[str], settings: TranslationSettings, src_lang: str, tgt_lang: str, *,
                    translator: Translator | None = None, progress: bool | None = None) -> TranslationRun:
    """Translate `texts` from `src_lang` into `tgt_lang`, serving and storing through the cache.

    Blank texts become "" without the model; repeated texts are translated once; outputs never
    contain line breaks (so one output is one line). Each finished batch is committed to the
    cache at once, so an interrupted run resumes where it stopped.
    """
    src, tgt = normalise_language(src_lang), normalise_language(tgt_lang)
    if translator is None:
        translator = default_translator(settings)
    outputs: list[str] = [""] * len(texts)
    positions: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        if text.strip():
            positions.setdefault(text, []).append(index)
    unique = list(positions)
    blank = len(texts) - sum(len(found) for found in positions.values())
    show = sys.stderr.isatty() if progress is None else progress
    cache_path = (settings.cache_path or default_cache_path()) if settings.use_cache else None
    with ExitStack() as stack:
        cache = stack.enter_context(TranslationCache(cache_path)) if cache_path and unique else None
        fingerprint = _fingerprint(translator, settings) if cache is not None else None
        keys, hits = _lookup(cache, fingerprint, unique, src, tgt)
        todo = [text for text in unique if keys[text] not in hits]
        load = getattr(translator, "load", None)
        if todo and callable(load):
            with _status(show, f"loading {settings.model}"):
                load()
            after = _fingerprint(translator, settings) if cache is not None else None
            if after != fingerprint:
                # Loading online moved a hub branch past the commit the local HF cache knew: re-key.
                keys, hits = _lookup(cache, after, unique, src, tgt)
                todo = [text for text in unique if keys[text] not in hits]
        for text in unique:
            if keys.get(text) in hits:
                for index in positions[text]:
                    outputs[index] = hits[keys[text]]
        with _progress(show, len(todo), f"back-translating with {settings.model}") as advance:
            for batch, translated in _batches(translator, todo, src, tgt):
                lines = [output.translate(_LINE_BREAKS).strip() for output in translated]
                pairs = list(zip(batch, lines, strict=True))
                if cache is not None:
                    cache.put_many((keys[todo[position]], line) for position, line in pairs)
                for position, line in pairs:
                    for index in positions[todo[position]]:
                        outputs[index] = line
                advance(len(batch))
    return TranslationRun(outputs=tuple(outputs), computed=len(todo), cached=len(unique) - len(todo),
                          blank=blank, cache_path=cache_path)


@lru_cache(maxsize=1)
def default_translator(settings: TranslationSettings) -> Translator:
    """The transformers backend for `settings`, kept for the process (one model at a time).

    So a caller that back-translates window by window (`tqcheck check` on a large batch) loads
    the model once, not once per window.
    """
    from tqcheck.backtranslate.hf import HFTranslator

    return HFTranslator(settings)


def _lookup(cache: TranslationCache | None, fingerprint: Mapping[str, object] | None, texts: list[str],
            src: str, tgt: str) -> tuple[dict[str, str], dict[str, str]]:
    """Cache key of every text and the cached translations found for them."""
    if cache is None or fingerprint is None:
        return {text: text for text in texts}, {}
    space = namespace(fingerprint, src, tgt)
    keys = {text: text_key(space, text) for text in texts}
    return keys, cache.get_many(list(keys.values()))


def _fingerprint(translator: Translator, settings: TranslationSettings) -> Mapping[str, object]:
    method = getattr(translator, "fingerprint", None)
    if callable(method):
        found: Mapping[str, object] = method()
        return found
    kind = type(translator)
    return {"translator": f"{kind.__module__}.{kind.__qualname__}", "model": settings.model,
            "revision": settings.revision, **settings.generation_key()}


def _batches(translator: Translator, texts: list[str], src: str,
             tgt: str) -> Iterator[tuple[list[int], list[str]]]:
    if not texts:
        return
    if isinstance(translator, BatchTranslator):
        yield from translator.translate_batches(texts, src, tgt)
        return
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start:start + CHUNK]
        translated = translator.translate(chunk, src, tgt)
        if len(translated) != len(chunk):
            raise RuntimeError(f"{type(translator).__name__}.translate returned {len(translated)} "
                               f"translations for {len(chunk)} texts")
        yield list(range(start, start + len(chunk))), translated


@contextmanager
def _progress(enabled: bool, total: int, description: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr when enabled and there is work; else a no-op counter."""
    if not enabled or total == 0:
        yield lambda _count: None
        return
    from rich.console import Console
    from rich.progress import Progress

    from tqcheck.run.progress import bar_columns

    with Progress(*bar_columns(), console=Console(stderr=True)) as bar:
        task = bar.add_task(description, total=total)
        yield lambda count: bar.advance(task, count)


@contextmanager
def _status(enabled: bool, message: str) -> Iterator[None]:
    if not enabled:
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


def with_backtranslations(segments: Iterable[Segment], settings: TranslationSettings, src_lang: str,
                          tgt_lang: str, *, window: int = 512, progress: bool | None = False) -> Iterator[Segment]:
    """Stream `segments` with `backtranslation` filled in, translating `window` segments at a time.

    What `tqcheck check --backtranslate-model M` runs: memory stays bounded by the window, the
    model is loaded once, and the cache makes a re-run free. Segments without a target keep
    their (empty) back-translation; a back-translation already present is kept.
    """
    iterator = iter(segments)
    while chunk := list(islice(iterator, window)):
        todo = [segment for segment in chunk if segment.backtranslation is None]
        outputs = dict(zip((id(s) for s in todo),
                           backtranslate_segments(todo, settings, src_lang, tgt_lang, progress=progress)))
        for segment in chunk:
            if id(segment) in outputs:
                yield replace(segment, backtranslation=outputs[id(segment)])
            else:
                yield segment
