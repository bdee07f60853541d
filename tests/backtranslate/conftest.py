"""Fixtures for back-translation tests: tiny models built once per session, and fake translators.

Fixtures that need torch/transformers skip their tests when those are not installed (the
base install has neither); the codes, batching, cache and pipeline tests run everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tqcheck.backtranslate import TranslationSettings


def _require_backend() -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    # The models are tiny: with several intra-op threads each op pays thread wake-ups (~10 ms on a
    # busy 2-core box, 1000x the op itself). One thread keeps the whole module at a few seconds.
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bilingual tiny Marian model directory."""
    _require_backend()
    from tests.backtranslate.tiny_models import build_marian

    return build_marian(tmp_path_factory.mktemp("marian"))


@pytest.fixture(scope="session")
def marian_multi_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A multilingual tiny Marian model (`>>ara<<`-style target tokens)."""
    _require_backend()
    from tests.backtranslate.tiny_models import build_marian

    return build_marian(tmp_path_factory.mktemp("marian-mul"), multilingual=True)


@pytest.fixture(scope="session")
def nllb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny NLLB-style model (M2M100 architecture, NllbTokenizer with the 200 language codes)."""
    _require_backend()
    from tests.backtranslate.tiny_models import build_nllb

    return build_nllb(tmp_path_factory.mktemp("nllb"))


@pytest.fixture(scope="session")
def m2m100_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_backend()
    from tests.backtranslate.tiny_models import build_m2m100

    return build_m2m100(tmp_path_factory.mktemp("m2m100"))


@pytest.fixture(scope="session")
def mbart50_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_backend()
    from tests.backtranslate.tiny_models import build_mbart50

    return build_mbart50(tmp_path_factory.mktemp("mbart50"))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's ~/.cache: the default cache location moves into tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def settings_for(model: Path | str, tmp_path: Path, **overrides: object) -> TranslationSettings:
    """Greedy, short outputs, cache in tmp_path: fast and deterministic on CPU."""
    values: dict[str, object] = {"num_beams": 1, "max_new_tokens": 6, "device": "cpu",
                                 "cache_path": tmp_path / "cache.sqlite"}
    values.update(overrides)
    return TranslationSettings(model=str(model), **values)  # type: ignore[arg-type]


class EchoTranslator:
    """A fake translator: upper-cases, records every call, can fail on the Nth call."""

    def __init__(self, fail_on_call: int | None = None) -> None:
        self.calls: list[list[str]] = []
        self.fail_on_call = fail_on_call

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        self.calls.append(list(texts))
        if self.fail_on_call is not None and len(self.calls) == self.fail_on_call:
            raise RuntimeError("interrupted")
        return [f"{tgt_lang}:{text.upper()}" for text in texts]

    @property
    def translated(self) -> list[str]:
        return [text for call in self.calls for text in call]


class BatchingEchoTranslator(EchoTranslator):
    """EchoTranslator that reports batches of `size`, in reverse order, like a length-sorted backend."""

    def __init__(self, size: int = 2, fail_on_call: int | None = None) -> None:
        super().__init__(fail_on_call)
        self.size = size

    def translate_batches(self, texts: Sequence[str], src_lang: str,
                          tgt_lang: str) -> Iterator[tuple[list[int], list[str]]]:
        order = list(reversed(range(len(texts))))
        for start in range(0, len(order), self.size):
            batch = order[start:start + self.size]
            yield batch, self.translate([texts[index] for index in batch], src_lang, tgt_lang)
