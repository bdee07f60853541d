"""What every back-translation backend shares: the `Translator` protocol and `TranslationSettings`.

Language arguments are always in the *model's* direction: `translate(texts, src_lang, tgt_lang)`
translates `texts`, written in `src_lang`, into `tgt_lang`. For back-translation that means the
MT output's language goes in as `src_lang` (see `backtranslate_segments`, which flips them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from tqcheck.errors import ConfigError
from tqcheck.storage import as_location, is_uri

DEVICES = ("auto", "cpu", "cuda", "mps")
DTYPES = ("auto", "float32", "bfloat16", "float16")
_DTYPE_ALIASES = {"fp32": "float32", "bf16": "bfloat16", "fp16": "float16", "half": "float16"}


@runtime_checkable
class Translator(Protocol):
    """Anything that translates a list of texts; output `i` is the translation of input `i`."""

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]: ...


@runtime_checkable
class BatchTranslator(Translator, Protocol):
    """A translator that reports each batch as it finishes, so a cache can commit it at once.

    Yields `(indices, outputs)`: the positions in `texts` that the batch covered and their translations.
    """

    def translate_batches(self, texts: Sequence[str], src_lang: str,
                          tgt_lang: str) -> Iterator[tuple[list[int], list[str]]]: ...


@dataclass(frozen=True, slots=True)
class TranslationSettings:
    """How to back-translate: which model, how to decode, where to run, where to cache.

    `max_length` caps every text in tokens, input and output alike (default: the model's own
    limit; longer inputs are truncated). `max_new_tokens` caps each output; by default it is
    `2 * longest input in the batch + 16`, which stops a degenerate, looping output from holding
    its whole batch hostage until `max_length`. `batch_tokens` is the padded *input* tokens per
    batch (batch size x longest input, each text counting as at least 16); beams multiply the
    decoder's memory on top of it.
    `cache_path=None` means the default location (see `tqcheck.backtranslate.cache.default_cache_path`).
    A file path is a sqlite cache; a URI (`s3://bucket/tqcheck-cache/`), a path ending in `/` or an
    existing directory is the shared layout a cluster can use (`tqcheck.backtranslate.shared_cache`).
    A URI or a path ending in `/` is kept as a string (a `Path` would drop the `//` and the `/`);
    any other path becomes a `Path`.
    """

    model: str
    revision: str | None = None
    num_beams: int = 4
    max_length: int | None = None
    max_new_tokens: int | None = None
    batch_tokens: int = 4096
    device: str = "auto"
    dtype: str = "auto"
    use_cache: bool = True
    cache_path: Path | str | None = None
    split_sentences: bool = True  # translate sentence by sentence (`tqcheck.backtranslate.sentences`)

    def __post_init__(self) -> None:
        if not self.model.strip():
            raise ConfigError("no back-translation model given; pass a hub id or a local directory")
        for name in ("num_beams", "batch_tokens"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name.replace('_', ' ')} must be at least 1, got {getattr(self, name)}")
        for name in ("max_length", "max_new_tokens"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ConfigError(f"{name.replace('_', ' ')} must be at least 1, got {value}")
        dtype = _DTYPE_ALIASES.get(self.dtype.lower(), self.dtype.lower())
        if dtype not in DTYPES:
            raise ConfigError(f"unknown dtype {self.dtype!r} (choose from {', '.join(DTYPES)})")
        object.__setattr__(self, "dtype", dtype)
        device = self.device.lower()
        if device.split(":", 1)[0] not in DEVICES:
            raise ConfigError(f"unknown device {self.device!r} (choose from {', '.join(DEVICES)}, or cuda:N)")
        object.__setattr__(self, "device", device)
        if self.cache_path is not None:
            object.__setattr__(self, "cache_path", cache_location(self.cache_path))

    def generation_key(self) -> dict[str, object]:
        """The settings that change what the model outputs (part of every cache key).

        `batch_tokens` is one of them: which texts share a padded batch changes the numbers a
        model computes, and with beam search sometimes the words. Not included: the device (the
        precision it leads to is in the model's fingerprint) and the cache itself.
        """
        return {"num_beams": self.num_beams, "max_length": self.max_length,
                "max_new_tokens": self.max_new_tokens, "batch_tokens": self.batch_tokens}


def cache_location(value: str | os.PathLike[str]) -> Path | str:
    """Where a cache lives, as `TranslationSettings.cache_path` keeps it.

    A URI comes back as text, its `//` restored if it went through `pathlib` (`s3:/b/k` was `s3://b/k`),
    and so does a path ending in a separator (it names a directory that may not exist yet);
    anything else is a `Path`.
    """
    text = os.fspath(value)
    if not text.strip():
        raise ConfigError("the back-translation cache location is empty")
    if is_uri(text):
        return as_location(text)
    if text.endswith(("/", os.sep)):
        return text
    return Path(text)
