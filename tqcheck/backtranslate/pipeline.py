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
from tqcheck.backtranslate.cache import Cache, default_cache_path, namespace, text_key
from tqcheck.backtranslate.sentences import join_sentences, split_sentences
from tqcheck.backtranslate.shared_cache import open_cache
from tqcheck.lang import normalise_language
from tqcheck.model import Segment

CHUNK = 32  # texts per call (and per cache commit) for translators that do not report batches
_LINE_BREAKS = str.maketrans({char: " " for char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


@dataclass(frozen=True, slots=True)
class TranslationRun:
    """Translations in input order, and where they came from (counts of distinct texts)."""

    outputs: tuple[str, ...]
    computed: int  # distinct sentences translated now
    cached: int  # distinct sentences served from the cache
    blank: int  # blank texts (never sent to the model)
    cache_path: Path | str | None  # a sqlite file, or a shared cache's directory or URI
    truncated: int = 0  # sentences longer than the model's limit, cut there (their ends are not translated)


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
                    translator: Translator | None = None, progress: bool | None = None,
                    advance: Callable[[int], None] | None = None) -> TranslationRun:
    """Translate `texts` from `src_lang` into `tgt_lang`, serving and storing through the cache.

    Each text is translated sentence by sentence and joined again (`tqcheck.backtranslate.sentences`).
    Blank texts become "" without the model; repeated sentences are translated once; outputs never
    contain line breaks (so one output is one line). Each finished batch is committed to the
    cache at once, so an interrupted run resumes where it stopped. `advance(n)`, when given, is
    told of each batch instead of a progress display of this call's own.
    """
    src, tgt = normalise_language(src_lang), normalise_language(tgt_lang)
    if translator is None:
        translator = default_translator(settings)
    outputs: list[str] = [""] * len(texts)
    positions: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        if text.strip():
            positions.setdefault(text, []).append(index)
    blank = len(texts) - sum(len(found) for found in positions.values())
    # Sentence by sentence (see `sentences`): each distinct sentence is translated and cached once.
    pieces = {text: split_sentences(text, src) if settings.split_sentences else [text] for text in positions}
    unique = list(dict.fromkeys(sentence for found in pieces.values() for sentence in found))
    done: dict[str, str] = {}
    show = sys.stderr.isatty() if progress is None else progress
    cache_path = (settings.cache_path or default_cache_path()) if settings.use_cache else None
    truncated_before = getattr(translator, "truncated", 0)
    with ExitStack() as stack:
        cache = stack.enter_context(open_cache(cache_path)) if cache_path and unique else None
        fingerprint = _fingerprint(translator, settings) if cache is not None else None
        space, keys, hits = _lookup(cache, fingerprint, unique, src, tgt)
        todo = [text for text in unique if keys[text] not in hits]
        load = getattr(translator, "load", None)
        if todo and callable(load):
            with _status(show, f"loading {settings.model}"):
                load()
            after = _fingerprint(translator, settings) if cache is not None else None
            if after != fingerprint:
                # Loading online moved a hub branch past the commit the local HF cache knew: re-key.
                space, keys, hits = _lookup(cache, after, unique, src, tgt)
                todo = [text for text in unique if keys[text] not in hits]
        for text in unique:
            if keys.get(text) in hits:
                done[text] = hits[keys[text]]
        with _progress(show and advance is None, len(todo), f"back-translating with {settings.model}") as own:
            step = advance or own
            for batch, translated in _batches(translator, todo, src, tgt):
                lines = [output.translate(_LINE_BREAKS).strip() for output in translated]
                pairs = list(zip(batch, lines, strict=True))
                if cache is not None:
                    cache.put_many(((keys[todo[position]], line) for position, line in pairs), space)
                for position, line in pairs:
                    done[todo[position]] = line
                step(len(batch))
    for text, found in positions.items():
        joined = join_sentences([done[sentence] for sentence in pieces[text]], tgt)
        for index in found:
            outputs[index] = joined
    return TranslationRun(outputs=tuple(outputs), computed=len(todo), cached=len(unique) - len(todo),
                          blank=blank, cache_path=cache_path,
                          truncated=getattr(translator, "truncated", 0) - truncated_before)


@lru_cache(maxsize=1)
def default_translator(settings: TranslationSettings) -> Translator:
    """The transformers backend for `settings`, kept for the process (one model at a time).

    So a caller that back-translates window by window (`tqcheck check` on a large batch) loads
    the model once, not once per window.
    """
    from tqcheck.backtranslate.hf import HFTranslator

    return HFTranslator(settings)


def _lookup(cache: Cache | None, fingerprint: Mapping[str, object] | None, texts: list[str],
            src: str, tgt: str) -> tuple[str | None, dict[str, str], dict[str, str]]:
    """The namespace, the cache key of every text and the cached translations found for them."""
    if cache is None or fingerprint is None:
        return None, {text: text for text in texts}, {}
    space = namespace(fingerprint, src, tgt)
    keys = {text: text_key(space, text) for text in texts}
    return space, keys, cache.get_many(list(keys.values()), space)


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
    """Progress on stderr when enabled and there is work (a bar on a terminal, log lines elsewhere)."""
    if not enabled or total == 0:
        yield lambda _count: None
        return
    from tqcheck.run.progress import counter

    with counter(total, description, unit="sentences") as advance:
        yield advance


@contextmanager
def _status(enabled: bool, message: str) -> Iterator[None]:
    if not enabled:
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


def with_backtranslations(segments: Iterable[Segment], settings: TranslationSettings, src_lang: str,
                          tgt_lang: str, *, window: int = 512, progress: bool = False,
                          warn: Callable[[str], None] | None = None) -> Iterator[Segment]:
    """Stream `segments` with `backtranslation` filled in, translating `window` segments at a time.

    What `tqcheck check --backtranslate-model M` runs: memory stays bounded by the window, the
    model is loaded once, and the cache makes a re-run free. Only segments with a source are
    back-translated (nothing else can use the round trip); a back-translation already present is kept. `progress`
    prints plain progress lines (the check's own bar may be on screen); `warn` is told, at the
    end, how many sentences were longer than the model's limit.
    """
    iterator = iter(segments)
    truncated = 0
    seen = with_source = 0
    with ExitStack() as stack:
        advance = stack.enter_context(_counted(progress, f"back-translating with {settings.model}"))
        while chunk := list(islice(iterator, window)):
            # Only a segment with a source can be compared with its round trip: the others are not sent.
            todo = [segment for segment in chunk if segment.backtranslation is None and segment.source]
            seen += len(chunk)
            with_source += sum(1 for segment in chunk if segment.source)
            run = translate_texts([segment.target for segment in todo], settings, src_lang=tgt_lang,
                                  tgt_lang=src_lang, progress=False, advance=advance) if todo else None
            if run is None:
                for segment in chunk:
                    yield segment
                continue
            truncated += run.truncated
            outputs = dict(zip((id(s) for s in todo), run.outputs))
            for segment in chunk:
                if id(segment) in outputs:
                    yield replace(segment, backtranslation=outputs[id(segment)])
                else:
                    yield segment
    if warn is not None and truncated:
        warn(truncation_warning(truncated, settings.model))
    if warn is not None and seen and not with_source:
        warn(NOTHING_TO_BACKTRANSLATE)


NOTHING_TO_BACKTRANSLATE = ("tqcheck: note: nothing was back-translated: no segment has a source, and the round-trip "
                            "checks compare the back-translation with it (give --source)")


def truncation_warning(count: int, model: str) -> str:
    """What to tell the user when sentences were cut at the model's length limit."""
    return (f"tqcheck: warning: {count:,} sentence{'' if count == 1 else 's'} longer than {model}'s input limit "
            "were cut there: their back-translations lack the end, and round-trip findings on them are unreliable")


@contextmanager
def _counted(enabled: bool, label: str) -> Iterator[Callable[[int], None] | None]:
    if not enabled:
        yield None
        return
    from tqcheck.run.progress import counter

    with counter(None, label, unit="sentences", plain=True) as advance:
        yield advance
