"""The transformers backend on tiny random models built offline (see tiny_models.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from tests.backtranslate.conftest import settings_for  # noqa: E402
from tqcheck.backtranslate import (  # noqa: E402
    default_translator,
    hf,  # noqa: E402
    translate_texts,
)
from tqcheck.backtranslate.hf import HFTranslator, resolve_device, resolve_dtype  # noqa: E402
from tqcheck.errors import ModelError  # noqa: E402

TEXTS = [
    "The minister met three officials in the capital on day 4.",
    "Prices rose.",
    "",
    "Die Regierung hat am Montag neue Gesetze beschlossen.",
    "seven",
    "Protesters gathered outside parliament for a second week, the statistics office said.",
    "Le ministre a rencontré les responsables.",
    "   ",
    "many officials",
]


class GenerateSpy:
    """Wraps model.generate: records each call's batch and kwargs; optionally fails on call N."""

    def __init__(self, translator: HFTranslator, fail_on_call: int | None = None) -> None:
        translator.load()
        self.original: Callable[..., Any] = translator.model.generate
        self.calls: list[dict[str, Any]] = []
        self.fail_on_call = fail_on_call
        translator.model.generate = self

    def __call__(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        if self.fail_on_call is not None and len(self.calls) == self.fail_on_call:
            raise RuntimeError("interrupted")
        return self.original(**kwargs)

    @property
    def texts(self) -> int:
        return sum(int(call["input_ids"].shape[0]) for call in self.calls)


def translate_one_by_one(model: Path, tmp_path: Path, texts: list[str], src: str, tgt: str) -> list[str]:
    translator = HFTranslator(settings_for(model, tmp_path, use_cache=False))
    return [translator.translate([text], src, tgt)[0] for text in texts]


def test_batches_restore_order_and_budgets_agree(marian_dir: Path, tmp_path: Path) -> None:
    expected = translate_one_by_one(marian_dir, tmp_path, TEXTS, "en", "de")
    assert expected[2] == expected[7] == ""
    assert len(set(expected)) > 3, "the tiny model should say different things for different inputs"
    for budget in (1, 24, 64, 100_000):
        translator = HFTranslator(settings_for(marian_dir, tmp_path, batch_tokens=budget, use_cache=False))
        spy = GenerateSpy(translator)
        assert translator.translate(TEXTS, "en", "de") == expected
        assert spy.texts == 7  # the two blank lines never reach the model
        for call in spy.calls:
            shape = call["input_ids"].shape
            assert shape[0] == 1 or shape[0] * shape[1] <= budget


def test_budget_controls_batch_count(marian_dir: Path, tmp_path: Path) -> None:
    counts = []
    for budget in (1, 64, 100_000):
        translator = HFTranslator(settings_for(marian_dir, tmp_path, batch_tokens=budget, use_cache=False))
        spy = GenerateSpy(translator)
        translator.translate(TEXTS, "en", "de")
        counts.append(len(spy.calls))
    assert counts[0] == 7 and counts[0] > counts[1] > counts[2] == 1


def test_cache_hit_never_calls_generate_or_loads(marian_dir: Path, tmp_path: Path) -> None:
    settings = settings_for(marian_dir, tmp_path)
    first = HFTranslator(settings)
    spy = GenerateSpy(first)
    cold = translate_texts(TEXTS, settings, "en", "de", translator=first)
    assert spy.texts == 7 and cold.computed == 7
    warm_translator = HFTranslator(settings)
    warm = translate_texts(TEXTS, settings, "en", "de", translator=warm_translator)
    assert warm.outputs == cold.outputs and (warm.computed, warm.cached) == (0, 7)
    assert not warm_translator.loaded  # served entirely from the cache: the model was never even loaded
    again = GenerateSpy(first)
    translate_texts(TEXTS, settings, "en", "de", translator=first)
    assert again.calls == []


def test_changed_settings_or_model_miss_the_cache(marian_dir: Path, tmp_path: Path) -> None:
    translate_texts(TEXTS[:2], settings_for(marian_dir, tmp_path), "en", "de")
    beams = HFTranslator(settings_for(marian_dir, tmp_path, num_beams=2))
    spy = GenerateSpy(beams)
    translate_texts(TEXTS[:2], beams.settings, "en", "de", translator=beams)
    assert spy.texts == 2
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in marian_dir.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    moved = translate_texts(TEXTS[:2], settings_for(copy, tmp_path), "en", "de")
    assert moved.cached == 2  # same content elsewhere: same key
    config = json.loads((copy / "config.json").read_text(encoding="utf-8"))
    config["decoder_layers"] = 1  # unchanged value, new serialisation: still a different file
    (copy / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    changed = translate_texts(TEXTS[:2], settings_for(copy, tmp_path), "en", "de")
    assert changed.computed == 2
    # Retrained in place while the process holds the loaded model: dropped, reloaded, recomputed.
    loaded = default_translator(settings_for(copy, tmp_path))
    stale = loaded.model  # type: ignore[attr-defined]
    assert stale is not None
    (copy / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    again = translate_texts(TEXTS[:2], settings_for(copy, tmp_path), "en", "de")
    assert again.computed == 2
    assert loaded.model is not None and loaded.model is not stale  # type: ignore[attr-defined]


def test_interrupted_run_resumes(marian_dir: Path, tmp_path: Path) -> None:
    settings = settings_for(marian_dir, tmp_path, batch_tokens=40)
    expected = HFTranslator(settings_for(marian_dir, tmp_path, use_cache=False)).translate(TEXTS, "en", "de")
    failing = HFTranslator(settings)
    spy = GenerateSpy(failing, fail_on_call=2)
    with pytest.raises(RuntimeError, match="interrupted"):
        translate_texts(TEXTS, settings, "en", "de", translator=failing)
    first_batch = int(spy.calls[0]["input_ids"].shape[0])
    assert 0 < first_batch < 7
    resumed = HFTranslator(settings)
    again = GenerateSpy(resumed)
    run = translate_texts(TEXTS, settings, "en", "de", translator=resumed)
    assert again.texts == 7 - first_batch and run.cached == first_batch
    assert list(run.outputs) == expected


def test_multilingual_marian_gets_a_target_token(marian_multi_dir: Path, tmp_path: Path) -> None:
    translator = HFTranslator(settings_for(marian_multi_dir, tmp_path, use_cache=False))
    spy = GenerateSpy(translator)
    translator.translate(["Prices rose."], "en", "ar")
    assert translator.family == "marian"
    token = translator.tokenizer.convert_tokens_to_ids(">>ara<<")
    assert spy.calls[0]["input_ids"][0, 0].item() == token
    with pytest.raises(ModelError, match=r"has no language code for 'ja' \(Japanese\)"):
        translator.translate(["Prices rose."], "en", "ja")


def test_nllb_sets_source_code_and_forced_bos(nllb_dir: Path, tmp_path: Path) -> None:
    translator = HFTranslator(settings_for(nllb_dir, tmp_path, use_cache=False))
    spy = GenerateSpy(translator)
    outputs = translator.translate(["Die Regierung hat am Montag.", "Prices rose."], "de", "zh-TW")
    assert translator.family == "nllb" and len(outputs) == 2
    tokenizer = translator.tokenizer
    assert tokenizer.src_lang == "deu_Latn"
    assert spy.calls[0]["forced_bos_token_id"] == tokenizer.convert_tokens_to_ids("zho_Hant")
    assert set(spy.calls[0]["input_ids"][:, 0].tolist()) == {tokenizer.convert_tokens_to_ids("deu_Latn")}
    with pytest.raises(ModelError, match=r"has no language code for 'sr-Latn'"):
        translator.translate(["x"], "de", "sr-Latn")


@pytest.mark.parametrize(("fixture", "family", "source", "target"), [
    ("m2m100_dir", "m2m100", "__de__", "__ar__"),
    ("mbart50_dir", "mbart", "de_DE", "ar_AR"),
])
def test_other_multilingual_families(fixture: str, family: str, source: str, target: str, tmp_path: Path,
                                     request: pytest.FixtureRequest) -> None:
    model = request.getfixturevalue(fixture)
    translator = HFTranslator(settings_for(model, tmp_path, use_cache=False))
    spy = GenerateSpy(translator)
    outputs = translator.translate(["Die Regierung hat am Montag.", "", "Prices rose."], "de", "ar")
    assert translator.family == family and len(outputs) == 3 and outputs[1] == ""
    tokenizer = translator.tokenizer
    assert spy.calls[0]["forced_bos_token_id"] == tokenizer.convert_tokens_to_ids(target)
    assert set(spy.calls[0]["input_ids"][:, 0].tolist()) == {tokenizer.convert_tokens_to_ids(source)}
    with pytest.raises(ModelError, match=r"has no language code for 'tlh' \(Klingon\)"):
        translator.translate(["x"], "tlh", "ar")
    assert not any(output.startswith(target) for output in outputs)  # the language token is not text


def test_nllb_through_the_cache(nllb_dir: Path, tmp_path: Path) -> None:
    settings = settings_for(nllb_dir, tmp_path)
    cold = translate_texts(TEXTS, settings, "ar", "en")
    warm = translate_texts(TEXTS, settings, "ar", "en")
    assert cold.outputs == warm.outputs and warm.computed == 0
    other_direction = translate_texts(TEXTS, settings, "ar", "fr")
    assert other_direction.computed == 7


def test_default_translator_is_reused_between_calls(marian_dir: Path, tmp_path: Path) -> None:
    """backtranslate_segments per window of segments loads the model once."""
    from tqcheck.backtranslate import backtranslate_segments
    from tqcheck.model import Segment

    settings = settings_for(marian_dir, tmp_path, use_cache=False)
    windows = [[Segment(id="1", target="Prices rose.")], [Segment(id="2", target="seven")]]
    first = backtranslate_segments(windows[0], settings, src_lang="de", tgt_lang="en", progress=False)
    model = default_translator(settings).model  # type: ignore[attr-defined]
    second = backtranslate_segments(windows[1], settings, src_lang="de", tgt_lang="en", progress=False)
    assert len(first) == len(second) == 1
    assert default_translator(settings).model is model  # type: ignore[attr-defined]


def test_device_selection_on_cpu(marian_dir: Path, tmp_path: Path) -> None:
    if not torch.cuda.is_available() and not torch.backends.mps.is_available():
        assert resolve_device("auto") == "cpu"
        with pytest.raises(ModelError, match=r"--device cuda: CUDA is not available"):
            resolve_device("cuda")
    assert resolve_device("cpu") == "cpu"
    assert resolve_dtype("auto", "cpu") == "float32"
    assert resolve_dtype("auto", "mps") == "float16"
    assert resolve_dtype("bfloat16", "cpu") == "bfloat16"
    translator = HFTranslator(settings_for(marian_dir, tmp_path, device="auto"))
    translator.load()
    expected_device = resolve_device("auto")
    assert translator.model.device.type == expected_device.split(":")[0]
    assert translator.fingerprint()["dtype"] == resolve_dtype("auto", expected_device)
    if expected_device == "cpu":
        assert translator.model.dtype == torch.float32


def test_missing_model_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="model directory not found: ./no/such/model"):
        HFTranslator(settings_for("./no/such/model", tmp_path))


def test_directory_without_config(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match=r"not a Hugging Face model directory \(no config.json\)"):
        HFTranslator(settings_for(tmp_path / "empty", tmp_path)).load()


def test_directory_with_a_non_translation_model(tmp_path: Path) -> None:
    from transformers import BertConfig

    bert = BertConfig(hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32)
    bert.save_pretrained(tmp_path / "bert")
    with pytest.raises(ModelError, match=r"a 'bert' model is not a sequence-to-sequence translation model"):
        HFTranslator(settings_for(tmp_path / "bert", tmp_path)).load()


def test_directory_with_broken_weights(marian_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in marian_dir.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    (broken / "model.safetensors").write_bytes(b"not safetensors")
    with pytest.raises(ModelError, match=r"broken: cannot load a translation model from this directory"):
        HFTranslator(settings_for(broken, tmp_path)).load()


def test_offline_hub_id_is_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError) as error:
        translate_texts(["Hallo."], settings_for("tqcheck-tests/no-such-model", tmp_path), "de", "en")
    message = str(error.value)
    assert "'tqcheck-tests/no-such-model'" in message and "HF_HUB_OFFLINE is set" in message
    assert "hf download tqcheck-tests/no-such-model" in message and "HF_HOME" in message
    assert "\n" not in message


@pytest.mark.parametrize(("raised", "expected"), [
    (OSError("We couldn't connect to 'https://huggingface.co' to load the files,\nand ..."),
     r"cannot load model 'org/model': not a local directory, and the Hugging Face Hub is unreachable; "
     r"download it where you have network with `hf download org/model --local-dir DIR`"),
    (OSError("org/model is not a local folder and is not a valid model identifier listed on ..."),
     r"no model 'org/model': not a local directory, and not on the Hugging Face Hub \(check the spelling"),
])
def test_hub_failures_are_clean_errors(raised: OSError, expected: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import transformers

    def fail(*_args: object, **_kwargs: object) -> None:
        raise raised

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(transformers.AutoConfig, "from_pretrained", fail)
    monkeypatch.setattr(hf, "hub_unreachable", lambda: None)  # past the network probe, to the hub's own answer
    with pytest.raises(ModelError, match=expected) as error:
        HFTranslator(settings_for("org/model", tmp_path)).load()
    assert "\n" not in str(error.value)


def test_hub_commit_from_the_local_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hub model already in the HF cache is identified by its commit without loading it."""

    commit = "0123456789abcdef0123456789abcdef01234567"
    snapshot = tmp_path / "models--org--name" / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "models--org--name" / "refs").mkdir()
    (tmp_path / "models--org--name" / "refs" / "main").write_text(commit, encoding="utf-8")
    import huggingface_hub

    original = huggingface_hub.try_to_load_from_cache
    def in_tmp_cache(repo_id: str, filename: str, revision: str | None = None) -> object:
        return original(repo_id, filename, cache_dir=tmp_path, revision=revision)

    monkeypatch.setattr(huggingface_hub, "try_to_load_from_cache", in_tmp_cache)
    assert hf.hub_commit("org/name", None) == commit
    assert hf.hub_commit("org/name", "v2") is None
    assert hf.hub_commit("org/other", None) is None
    assert hf.hub_commit("org/name", "f" * 40) == "f" * 40
    translator = HFTranslator(settings_for("org/name", tmp_path))
    assert translator.fingerprint()["commit"] == commit and not translator.loaded
