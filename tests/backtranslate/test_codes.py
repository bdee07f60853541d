"""BCP-47 -> model language codes, checked against the code lists the real tokenizers carry."""

from __future__ import annotations

import pytest

from tqcheck.backtranslate.codes import MBART50_CODES, NLLB_CODES, language_code
from tqcheck.errors import ModelError

# A slice of NLLB-200's FAIRSEQ_LANGUAGE_CODES (the full list is checked when transformers is installed).
NLLB = {"eng_Latn", "arb_Arab", "zho_Hans", "zho_Hant", "heb_Hebr", "rus_Cyrl", "ukr_Cyrl", "deu_Latn",
        "fra_Latn", "spa_Latn", "jpn_Jpan", "ces_Latn", "srp_Cyrl", "kor_Hang", "pes_Arab", "nob_Latn",
        "yue_Hant", "por_Latn"}
M2M100 = {"en", "ar", "zh", "he", "ru", "de", "no", "tl", "pt", "ja"}
MBART = set(MBART50_CODES.values())
MARIAN = {">>ara<<", ">>deu<<", ">>cmn_Hans<<", ">>cmn_Hant<<", ">>srp_Latn<<", ">>srp_Cyrl<<", ">>pt_br<<",
          ">>fr<<", ">>por<<"}


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "eng_Latn"), ("ar", "arb_Arab"), ("zh", "zho_Hans"), ("zh-Hans", "zho_Hans"),
    ("zh-Hant", "zho_Hant"), ("zh-TW", "zho_Hant"), ("zh-HK", "zho_Hant"), ("zh-CN", "zho_Hans"),
    ("he", "heb_Hebr"), ("iw", "heb_Hebr"),
    ("ru", "rus_Cyrl"), ("uk", "ukr_Cyrl"), ("de-CH", "deu_Latn"), ("fr", "fra_Latn"), ("es-419", "spa_Latn"),
    ("ja", "jpn_Jpan"), ("cs", "ces_Latn"), ("ko", "kor_Hang"), ("fa", "pes_Arab"), ("no", "nob_Latn"),
    ("pt-BR", "por_Latn"), ("yue", "yue_Hant"), ("sr", "srp_Cyrl"), ("eng_Latn", "eng_Latn"),
])
def test_nllb(tag: str, expected: str) -> None:
    assert language_code("nllb", tag, NLLB, "facebook/nllb-200-distilled-600M") == expected


def test_nllb_refuses_a_script_the_model_lacks() -> None:
    # Serbian in Latin script: NLLB only has srp_Cyrl, and Cyrillic output would be the wrong script.
    with pytest.raises(ModelError, match=r"model m has no language code for 'sr-Latn' \(Serbian \(Latin\)\)"):
        language_code("nllb", "sr-Latn", NLLB, "m")


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "en"), ("ar", "ar"), ("he", "he"), ("nb", "no"), ("fil", "tl"), ("pt-BR", "pt"),
    ("arz", "ar"), ("apc", "ar"), ("yue-Hans", "zh"),  # individual languages fall back to their macrolanguage
])
def test_m2m100(tag: str, expected: str) -> None:
    assert language_code("m2m100", tag, M2M100, "facebook/m2m100_418M") == expected


@pytest.mark.parametrize("tag", ["zh-TW", "zh-Hant", "zh-HK", "yue"])
@pytest.mark.parametrize(("family", "codes"), [("m2m100", M2M100), ("mbart", MBART)])
def test_simplified_only_models_refuse_to_write_traditional_chinese(family: str, codes: set[str], tag: str) -> None:
    with pytest.raises(ModelError, match="Simplified characters only"):
        language_code(family, tag, codes, "m")
    assert language_code(family, tag, codes, "m", target=False) in {"zh", "zh_CN"}  # reading it is fine


@pytest.mark.parametrize(("tag", "expected"), [("mg", "plt_Latn"), ("pa-Arab", "pnb_Arab"), ("arz", "arb_Arab")])
def test_nllb_individual_languages_and_second_scripts(tag: str, expected: str) -> None:
    assert language_code("nllb", tag, NLLB | {"plt_Latn", "pnb_Arab"}, "m") == expected


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "en_XX"), ("ar", "ar_AR"), ("zh", "zh_CN"), ("he", "he_IL"), ("cs", "cs_CZ"), ("uk", "uk_UA"),
    ("pt-BR", "pt_XX"), ("fil", "tl_XX"), ("ja", "ja_XX"),
])
def test_mbart50(tag: str, expected: str) -> None:
    assert language_code("mbart", tag, MBART, "facebook/mbart-large-50-many-to-many-mmt") == expected


@pytest.mark.parametrize(("tag", "expected"), [
    ("ar", ">>ara<<"), ("de", ">>deu<<"), ("zh", ">>cmn_Hans<<"), ("zh-TW", ">>cmn_Hant<<"),
    ("sr-Latn", ">>srp_Latn<<"), ("sr", ">>srp_Cyrl<<"), ("pt-BR", ">>pt_br<<"), ("pt", ">>por<<"), ("fr", ">>fr<<"),
])
def test_marian_target_tokens(tag: str, expected: str) -> None:
    assert language_code("marian", tag, MARIAN, "Helsinki-NLP/opus-mt-en-mul") == expected


def test_unknown_language_names_language_and_model() -> None:
    with pytest.raises(ModelError) as error:
        language_code("m2m100", "tlh", M2M100, "facebook/m2m100_418M")
    message = str(error.value)
    assert "facebook/m2m100_418M" in message and "'tlh'" in message and "Klingon" in message
    assert "\n" not in message


def test_not_a_language_tag() -> None:
    with pytest.raises(ModelError, match="not a BCP-47 tag"):
        language_code("nllb", "english!", NLLB, "m")


def test_nllb_table_matches_the_real_code_list() -> None:
    """Every NLLB_CODES entry exists in NLLB-200 as transformers ships it."""
    nllb = pytest.importorskip("transformers.models.nllb.tokenization_nllb")
    assert set(NLLB_CODES.values()) <= set(nllb.FAIRSEQ_LANGUAGE_CODES)
    assert len({tag.split("-")[0] for tag in NLLB_CODES}) >= 40


def test_mbart50_table_matches_the_real_code_list() -> None:
    mbart = pytest.importorskip("transformers.models.mbart50.tokenization_mbart50")
    assert set(MBART50_CODES.values()) == set(mbart.FAIRSEQ_LANGUAGE_CODES)
