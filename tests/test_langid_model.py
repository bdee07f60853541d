"""The cached, memory-mapped language-ID model answers exactly as py3langid's own loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from tqcheck.lang import langid_model

SAMPLES = [
    "Israeli Defence Minister Yoav Gallant met Blinken in Washington on Monday.",
    "Der Verteidigungsminister traf Blinken am Montag in Washington.",
    "Министр обороны Израиля встретился с Блинкеном в Вашингтоне.",
    "以色列国防部长周一在华盛顿会见了布林肯。",
    "وزير الدفاع الإسرائيلي التقى بلينكن في واشنطن",
    "Gaza",
    "",
    "12:30 — 4,376",
]


@pytest.fixture(scope="module")
def reference() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _answers(identifier: LanguageIdentifier) -> list[object]:
    return [(identifier.classify(text), identifier.rank(text)) for text in SAMPLES]


def test_first_load_writes_the_cache_and_later_loads_map_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            reference: LanguageIdentifier) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    first = langid_model.load_identifier()
    folders = list(tmp_path.iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("py3langid-")
    tables = ["classes.json", "nextmove.npy", "nextmove_row.npy", "out_feat.npy", "pc.npy", "ptc.npy"]
    assert sorted(path.name for path in folders[0].iterdir()) == sorted(
        [*tables, *(f"{name}.sha256" for name in tables)])

    def no_decompressing(model: Path) -> None:
        raise AssertionError("the cached tables should have been used")

    monkeypatch.setattr(langid_model, "_decompressed", no_decompressing)
    second = langid_model.load_identifier()
    assert _answers(first) == _answers(second) == _answers(reference)


def test_unwritable_cache_still_identifies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           reference: LanguageIdentifier) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(blocker / "cache"))
    assert _answers(langid_model.load_identifier()) == _answers(reference)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete"])
def test_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: LanguageIdentifier,
                                  damage: str) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    langid_model.load_identifier()
    table = next(tmp_path.glob("py3langid-*/ptc.npy"))
    if damage == "truncate":
        table.write_bytes(table.read_bytes()[:1000])
    elif damage == "garbage":
        table.write_bytes(b"not a numpy file")
    else:
        table.unlink()
    assert _answers(langid_model.load_identifier()) == _answers(reference)
    assert table.stat().st_size > 1_000_000  # written again, whole
