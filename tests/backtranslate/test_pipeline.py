"""translate_texts / backtranslate_segments with fake translators: no torch needed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.backtranslate.conftest import BatchingEchoTranslator, EchoTranslator
from tqcheck.backtranslate import TranslationSettings, backtranslate_segments, translate_texts
from tqcheck.errors import ConfigError, ModelError
from tqcheck.model import Segment

TEXTS = ["Hallo Welt.", "", "Guten Tag.", "   ", "Hallo Welt.", "Bis bald.", "Zeile\nmit Umbruch"]


def settings(tmp_path: Path, **overrides: object) -> TranslationSettings:
    values: dict[str, object] = {"model": "fake", "cache_path": tmp_path / "cache.sqlite", **overrides}
    return TranslationSettings(**values)  # type: ignore[arg-type]


def test_blank_duplicates_and_line_breaks(tmp_path: Path) -> None:
    translator = EchoTranslator()
    run = translate_texts(TEXTS, settings(tmp_path), "de", "en", translator=translator)
    assert run.outputs == ("en:HALLO WELT.", "", "en:GUTEN TAG.", "", "en:HALLO WELT.", "en:BIS BALD.",
                           "en:ZEILE MIT UMBRUCH")
    assert translator.translated == ["Hallo Welt.", "Guten Tag.", "Bis bald.", "Zeile\nmit Umbruch"]
    assert (run.computed, run.cached, run.blank) == (4, 0, 2)


def test_second_run_is_served_from_the_cache(tmp_path: Path) -> None:
    translate_texts(TEXTS, settings(tmp_path), "de", "en", translator=EchoTranslator())
    again = EchoTranslator()
    run = translate_texts([*TEXTS, "Neu."], settings(tmp_path), "de", "en", translator=again)
    assert again.translated == ["Neu."]
    assert (run.computed, run.cached) == (1, 4)
    assert run.outputs[0] == "en:HALLO WELT." and run.outputs[-1] == "en:NEU."


def test_cache_key_includes_direction_and_generation_settings(tmp_path: Path) -> None:
    translate_texts(["Hallo."], settings(tmp_path), "de", "en", translator=EchoTranslator())
    for direction, options in ((("de", "fr"), {}), (("de", "en"), {"num_beams": 1}),
                               (("de", "en"), {"max_new_tokens": 5}), (("de", "en"), {"batch_tokens": 7})):
        fresh = EchoTranslator()
        translate_texts(["Hallo."], settings(tmp_path, **options), *direction, translator=fresh)
        assert fresh.translated == ["Hallo."]  # padding in other batches changes the numbers, so the words
    same = EchoTranslator()
    translate_texts(["Hallo."], settings(tmp_path, device="cpu"), "de", "en", translator=same)
    assert same.translated == []  # the device alone does not change the translation


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    run = translate_texts(["a", "b"], settings(tmp_path, use_cache=False), "de", "en",
                          translator=EchoTranslator())
    assert run.cache_path is None and not (tmp_path / "cache.sqlite").exists()


def test_default_cache_location(tmp_path: Path) -> None:
    # conftest points XDG_CACHE_HOME into tmp_path
    run = translate_texts(["a"], TranslationSettings(model="fake"), "de", "en", translator=EchoTranslator())
    assert run.cache_path == tmp_path / "xdg-cache" / "tqcheck" / "backtranslations.sqlite"
    assert run.cache_path.exists()


def test_interrupted_run_resumes_without_recomputing(tmp_path: Path) -> None:
    texts = [f"Satz {i}." for i in range(7)]
    failing = BatchingEchoTranslator(size=2, fail_on_call=3)
    with pytest.raises(RuntimeError, match="interrupted"):
        translate_texts(texts, settings(tmp_path), "de", "en", translator=failing)
    done = set(failing.translated[:4])  # two batches finished and were committed before the failure
    resumed = BatchingEchoTranslator(size=2)
    run = translate_texts(texts, settings(tmp_path), "de", "en", translator=resumed)
    assert sorted(resumed.translated) == sorted(set(texts) - done)
    assert run.outputs == tuple(f"en:SATZ {i}." for i in range(7))


def test_plain_translator_is_chunked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tqcheck.backtranslate.pipeline.CHUNK", 3)
    translator = EchoTranslator()
    translate_texts([f"t{i}" for i in range(7)], settings(tmp_path), "de", "en", translator=translator)
    assert [len(call) for call in translator.calls] == [3, 3, 1]


def test_backtranslate_segments_flips_the_direction(tmp_path: Path) -> None:
    segments = [Segment(id="1", target="Bonjour.", source="Hello."), Segment(id="2", target="", source="")]
    translator = EchoTranslator()
    assert backtranslate_segments(segments, settings(tmp_path), src_lang="en", tgt_lang="fr",
                                  translator=translator) == ["en:BONJOUR.", ""]


def test_bad_language_fails_before_translating(tmp_path: Path) -> None:
    translator = EchoTranslator()
    with pytest.raises(ConfigError, match="unknown language code 'english'"):
        translate_texts(["a"], settings(tmp_path), "de", "english", translator=translator)
    assert translator.calls == []


@pytest.mark.parametrize(("options", "message"), [
    ({"num_beams": 0}, "num beams must be at least 1"),
    ({"batch_tokens": 0}, "batch tokens must be at least 1"),
    ({"max_length": 0}, "max length must be at least 1"), ({"dtype": "int8"}, "unknown dtype 'int8'"),
    ({"device": "tpu"}, "unknown device 'tpu'"), ({"model": " "}, "no back-translation model"),
])
def test_settings_validation(options: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"model": "m", **options}
    with pytest.raises(ConfigError, match=message):
        TranslationSettings(**values)  # type: ignore[arg-type]


def test_settings_normalise_aliases() -> None:
    settings = TranslationSettings(model="m", dtype="BF16", device="CUDA:1")
    assert (settings.dtype, settings.device) == ("bfloat16", "cuda:1")


def test_missing_backend_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    expected = r"needs transformers and torch .*pip install 'tqcheck\[backtranslation\]'"
    with pytest.raises(ModelError, match=expected):
        translate_texts(["Hallo."], settings(tmp_path, model=str(tmp_path)), "de", "en")


def test_importing_the_package_does_not_import_torch() -> None:
    import subprocess

    code = ("import sys, tqcheck.backtranslate, tqcheck.backtranslate.hf, tqcheck.cli; "
            "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


class MovingCommitTranslator(EchoTranslator):
    """Identifies as commit `a` until loaded, then `b`: a hub branch that moved when loading online."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False

    def load(self) -> None:
        self.loaded = True

    def fingerprint(self) -> dict[str, object]:
        return {"model": "org/name", "commit": "b" if self.loaded else "a"}


def test_rekeyed_when_loading_moves_the_commit(tmp_path: Path) -> None:
    warm = MovingCommitTranslator()
    warm.load()
    translate_texts(["eins", "zwei"], settings(tmp_path), "de", "en", translator=warm)  # cached under b
    fresh = MovingCommitTranslator()
    run = translate_texts(["eins", "zwei", "drei"], settings(tmp_path), "de", "en", translator=fresh)
    assert fresh.translated == ["drei"] and run.cached == 2


def test_fully_cached_run_does_not_load(tmp_path: Path) -> None:
    first = MovingCommitTranslator()
    translate_texts(["eins"], settings(tmp_path), "de", "en", translator=first)
    assert first.loaded  # it had work to do, so it was loaded (and keyed under b)
    second = MovingCommitTranslator()
    second.fingerprint = lambda: {"model": "org/name", "commit": "b"}  # type: ignore[method-assign]
    translate_texts(["eins"], settings(tmp_path), "de", "en", translator=second)
    assert not second.loaded and second.calls == []


def test_paragraphs_are_translated_sentence_by_sentence(tmp_path: Path) -> None:
    """Sentence-level models get sentences; the translations are joined again, one output per text."""
    pytest.importorskip("sentencex")
    echo = EchoTranslator()
    paragraph = "Der Minister traf Dr. Müller in Berlin. Die Gespräche dauerten drei Stunden! Was nun?"
    run = translate_texts([paragraph, "Die Gespräche dauerten drei Stunden!"], settings(tmp_path), "de", "en",
                          translator=echo)
    assert sorted(echo.translated) == sorted(["Der Minister traf Dr. Müller in Berlin.",
                                              "Die Gespräche dauerten drei Stunden!", "Was nun?"])
    assert run.outputs == ("en:DER MINISTER TRAF DR. MÜLLER IN BERLIN. en:DIE GESPRÄCHE DAUERTEN DREI STUNDEN! "
                           "en:WAS NUN?", "en:DIE GESPRÄCHE DAUERTEN DREI STUNDEN!")
    assert run.computed == 3  # the repeated sentence once


def test_unspaced_output_is_joined_without_spaces(tmp_path: Path) -> None:
    pytest.importorskip("sentencex")
    run = translate_texts(["One. Two."], settings(tmp_path), "en", "zh", translator=EchoTranslator())
    assert run.outputs == ("zh:ONE.zh:TWO.",)


def test_whole_texts_when_asked(tmp_path: Path) -> None:
    echo = EchoTranslator()
    translate_texts(["Eins. Zwei."], settings(tmp_path, split_sentences=False), "de", "en", translator=echo)
    assert echo.translated == ["Eins. Zwei."]


def test_a_fully_cached_hub_model_run_imports_neither_torch_nor_transformers(tmp_path: Path) -> None:
    """The cache key is built without the backend: a re-run of a cached batch does not pay its 4 s import."""
    import subprocess

    code = f"""
import sys
from pathlib import Path
from tqcheck.backtranslate import TranslationSettings, translate_texts
from tqcheck.backtranslate import hf
from tqcheck.backtranslate.cache import TranslationCache, namespace, text_key
hf.hub_commit = lambda repo, revision: "0123456789abcdef0123456789abcdef01234567"
settings = TranslationSettings(model="org/name", cache_path=Path({str(tmp_path / 'c.sqlite')!r}), device="cpu")
translator = hf.HFTranslator(settings)
space = namespace(translator.fingerprint(), "de", "en")
with TranslationCache(settings.cache_path) as cache:
    cache.put_many([(text_key(space, "Hallo Welt."), "Hello world.")])
run = translate_texts(["Hallo Welt."], settings, "de", "en", translator=translator, progress=False)
print(run.outputs[0], run.cached, sorted(m for m in ("torch", "transformers") if m in sys.modules))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Hello world. 1 []"
