"""BCP-47 tags to the language codes each multilingual model family expects.

- NLLB-200 (`facebook/nllb-200-*`): `eng_Latn`, `arb_Arab`, `zho_Hans`: ISO 639-3 plus script.
- M2M100 (`facebook/m2m100_*`): `en`, `ar`, `zh`: mostly ISO 639-1.
- mBART-50 (`facebook/mbart-large-50-*`): `en_XX`, `ar_AR`, `zh_CN`: language plus a fairseq region.
- multilingual Marian (`Helsinki-NLP/opus-mt-en-mul`, `opus-mt-en-ROMANCE`): a `>>ara<<` / `>>fr<<` /
  `>>cmn_Hans<<` token at the start of the input that names the target language.

Every function takes the codes the loaded tokenizer really has (`available`), so a table entry
that a particular checkpoint lacks fails here, by name, rather than as a KeyError deep in
transformers. A tag that is already a model code (`eng_Latn`) is accepted as is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import langcodes

from tqcheck.errors import ModelError

FAMILIES = ("nllb", "m2m100", "mbart", "marian")

# Explicit NLLB codes for common languages. Macrolanguages map to the variety NLLB was trained on
# (Arabic -> Modern Standard `arb`, Persian -> Iranian `pes`, Malay -> `zsm`, Swahili -> `swh`).
NLLB_CODES: dict[str, str] = {
    "af": "afr_Latn", "am": "amh_Ethi", "ar": "arb_Arab", "az": "azj_Latn", "be": "bel_Cyrl",
    "bg": "bul_Cyrl", "bn": "ben_Beng", "bs": "bos_Latn", "ca": "cat_Latn", "cs": "ces_Latn",
    "cy": "cym_Latn", "da": "dan_Latn", "de": "deu_Latn", "el": "ell_Grek", "en": "eng_Latn",
    "es": "spa_Latn", "et": "est_Latn", "eu": "eus_Latn", "fa": "pes_Arab", "fi": "fin_Latn",
    "fil": "tgl_Latn", "fr": "fra_Latn", "ga": "gle_Latn", "gl": "glg_Latn", "gu": "guj_Gujr",
    "ha": "hau_Latn", "he": "heb_Hebr", "hi": "hin_Deva", "hr": "hrv_Latn", "hu": "hun_Latn",
    "hy": "hye_Armn", "id": "ind_Latn", "is": "isl_Latn", "it": "ita_Latn", "ja": "jpn_Jpan",
    "ka": "kat_Geor", "kk": "kaz_Cyrl", "km": "khm_Khmr", "ko": "kor_Hang", "ku": "kmr_Latn",
    "lt": "lit_Latn", "lv": "lvs_Latn", "mk": "mkd_Cyrl", "ml": "mal_Mlym", "mn": "khk_Cyrl",
    "mr": "mar_Deva", "ms": "zsm_Latn", "mt": "mlt_Latn", "my": "mya_Mymr", "nb": "nob_Latn",
    "ne": "npi_Deva", "nl": "nld_Latn", "nn": "nno_Latn", "no": "nob_Latn", "pa": "pan_Guru",
    "pl": "pol_Latn", "ps": "pbt_Arab", "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl",
    "si": "sin_Sinh", "sk": "slk_Latn", "sl": "slv_Latn", "so": "som_Latn", "sq": "als_Latn",
    "sr": "srp_Cyrl", "sv": "swe_Latn", "sw": "swh_Latn", "ta": "tam_Taml", "te": "tel_Telu",
    "tg": "tgk_Cyrl", "th": "tha_Thai", "tr": "tur_Latn", "uk": "ukr_Cyrl", "ur": "urd_Arab",
    "uz": "uzn_Latn", "vi": "vie_Latn", "yi": "ydd_Hebr", "yo": "yor_Latn", "yue": "yue_Hant",
    "zh": "zho_Hans", "zh-Hans": "zho_Hans", "zh-Hant": "zho_Hant", "zu": "zul_Latn",
    # Macrolanguages whose NLLB code is an individual language, and scripts a language has two of.
    "mg": "plt_Latn", "az-Arab": "azb_Arab", "ckb": "ckb_Arab", "sd": "snd_Arab",
    "ks": "kas_Arab", "ks-Deva": "kas_Deva",
}

# FLORES-200 codes that some NLLB checkpoints carry beyond transformers' list of 202 (tried when present).
NLLB_EXTRA_CODES: dict[str, str] = {"pa-Arab": "pnb_Arab"}

# Individual languages (ISO 639-3) a model that lacks them takes as their macrolanguage: Egyptian Arabic
# as Arabic, Cantonese as Chinese. Tried last, after every code of the language itself.
MACROLANGUAGES: dict[str, str] = {
    **dict.fromkeys(("arz", "apc", "ajp", "acm", "acq", "ary", "aeb", "afb", "ars", "arb"), "ar"),
    **dict.fromkeys(("yue", "cmn", "wuu", "hak", "nan"), "zh"),
    "pes": "fa", "prs": "fa", "zsm": "ms", "swh": "sw", "nob": "no", "uzn": "uz", "ekk": "et", "lvs": "lv",
    "pnb": "pa", "plt": "mg", "khk": "mn", "azj": "az", "azb": "az", "als": "sq", "pbt": "ps", "npi": "ne",
}
# Families whose Chinese is one code, written in Simplified characters.
_SIMPLIFIED_ONLY = frozenset({"m2m100", "mbart"})

# M2M100 uses ISO 639-1 except for these.
M2M100_ALIASES: dict[str, str] = {"nb": "no", "nn": "no", "fil": "tl", "nso": "ns"}

# mBART-50's 52 codes (fairseq order), keyed by language.
MBART50_CODES: dict[str, str] = {code.split("_")[0]: code for code in (
    "ar_AR cs_CZ de_DE en_XX es_XX et_EE fi_FI fr_XX gu_IN hi_IN it_IT ja_XX kk_KZ ko_KR lt_LT lv_LV my_MM "
    "ne_NP nl_XX ro_RO ru_RU si_LK tr_TR vi_VN zh_CN af_ZA az_AZ bn_IN fa_IR he_IL hr_HR id_ID ka_GE km_KH "
    "mk_MK ml_IN mn_MN mr_IN pl_PL ps_AF pt_XX sv_SE sw_KE ta_IN te_IN th_TH tl_XX uk_UA ur_PK xh_ZA gl_ES "
    "sl_SI").split()}
MBART50_CODES["fil"] = "tl_XX"

# ISO 639-3 individual languages that OPUS-MT target tokens use for a macrolanguage.
MARIAN_INDIVIDUAL: dict[str, tuple[str, ...]] = {
    "ara": ("arb",), "zho": ("cmn",), "fas": ("pes",), "msa": ("zsm", "ind"), "nor": ("nob",),
    "swa": ("swh",), "uzb": ("uzn",), "sqi": ("als",), "est": ("ekk",), "lav": ("lvs",),
}


def language_code(family: str, tag: str, available: Collection[str], model: str, *, target: bool = True) -> str:
    """The code (or, for Marian, the `>>xxx<<` token) that `model` uses for the BCP-47 `tag`.

    `available` holds every code the model's tokenizer knows; `target` says the model is to write
    in that language (a wrong script there would show as round-trip differences that are not
    there). A language the model lacks falls back to its macrolanguage (Egyptian Arabic ->
    Arabic). Raises ModelError naming the language and the model when there is no match.
    """
    if tag in available:
        return tag
    if family == "marian" and f">>{tag}<<" in available:
        return f">>{tag}<<"
    candidates = {"nllb": nllb_candidates, "m2m100": m2m100_candidates, "mbart": mbart_candidates,
                  "marian": marian_candidates}
    if family not in candidates:
        raise ModelError(f"model {model} ({family}) takes no language codes")
    language = _parse(tag)
    macro = MACROLANGUAGES.get(language.language or "") if language is not None else None
    tries: list[str] = [*candidates[family](tag), *(candidates[family](macro) if macro else ())]
    for code in tries:
        if code in available:
            if target and family in _SIMPLIFIED_ONLY and _traditional_chinese(tag):
                raise ModelError(f"model {model} writes Chinese in Simplified characters only, so it cannot "
                                 f"back-translate into {tag!r} ({_name(tag)}): the round trip would differ from "
                                 "the source in script alone; use an NLLB or OPUS-MT model, or pass zh-Hans")
            return code
    raise ModelError(f"model {model} has no language code for {tag!r} ({_name(tag)}); "
                     f"it knows {_sample(available)}")


def _traditional_chinese(tag: str) -> bool:
    """Whether `tag` is Chinese written in Traditional characters (zh-TW, zh-Hant, yue)."""
    language = _parse(tag)
    if language is None:
        return False
    primary = language.language or ""
    return (primary == "zh" or MACROLANGUAGES.get(primary) == "zh") and language.maximize().script == "Hant"


def nllb_candidates(tag: str) -> list[str]:
    """NLLB codes to try for `tag`, best first: the table, then ISO 639-3 plus the likely script."""
    language = _parse(tag)
    if language is None:
        return []
    full = language.maximize()
    primary = language.language or ""
    script = language.script or full.script or ""
    found = []
    if language.script:
        found.append(NLLB_CODES.get(f"{primary}-{language.script}", ""))
        found.append(NLLB_EXTRA_CODES.get(f"{primary}-{language.script}", ""))
    elif primary == "zh":  # zh-TW, zh-HK: Traditional; zh, zh-CN, zh-SG: Simplified
        found.append(NLLB_CODES[f"zh-{script}"] if f"zh-{script}" in NLLB_CODES else "")
    table = NLLB_CODES.get(primary, "")
    if table and (not language.script or table.endswith(f"_{language.script}")):
        found.append(table)
    if script:
        stem = table.split("_")[0] if table else language.to_alpha3()
        found.append(f"{stem}_{script}")
    return _unique(found)


def m2m100_candidates(tag: str) -> list[str]:
    """M2M100 codes to try: the primary subtag, or its M2M100 alias (`nb` -> `no`)."""
    language = _parse(tag)
    if language is None or not language.language:
        return []
    return _unique([M2M100_ALIASES.get(language.language, language.language)])


def mbart_candidates(tag: str) -> list[str]:
    """mBART-50 codes to try: the table entry for the primary subtag, then `xx_XX`."""
    language = _parse(tag)
    if language is None or not language.language:
        return []
    primary = language.language
    found = [MBART50_CODES.get(primary, "")]
    if language.territory:
        found.append(f"{primary}_{language.territory}")
    found.append(f"{primary}_XX")
    return _unique(found)


def marian_candidates(tag: str) -> list[str]:
    """`>>code<<` target tokens to try for OPUS-MT models, most specific first.

    OPUS-MT uses ISO 639-3 with a script where it matters (`>>srp_Latn<<`, `>>cmn_Hans<<`),
    bare ISO 639-3 (`>>ara<<`, `>>deu<<`), or, in older models, ISO 639-1 with a region
    (`>>pt_br<<`, `>>fr<<`).
    """
    language = _parse(tag)
    if language is None or not language.language:
        return []
    primary = language.language
    alpha3 = language.to_alpha3()
    script = language.script or language.maximize().script or ""
    stems = [alpha3, *MARIAN_INDIVIDUAL.get(alpha3, ())]
    found = []
    if language.territory:  # a regional variant, where the model has one, before the language (pt_br, not por)
        found.append(f"{primary}_{language.territory.lower()}")
    if script:
        found += [f"{stem}_{script}" for stem in stems]
    found += stems
    if script and language.script:
        found.append(f"{primary}_{script}")
    found.append(primary)
    return [f">>{code}<<" for code in _unique(found)]


def _parse(tag: str) -> langcodes.Language | None:
    cleaned = tag.strip().replace("_", "-")
    if not cleaned or not langcodes.tag_is_valid(cleaned):
        return None
    return langcodes.Language.get(langcodes.standardize_tag(cleaned))


def _name(tag: str) -> str:
    language = _parse(tag)
    return str(language.display_name()) if language is not None else "not a BCP-47 tag"


def _sample(available: Collection[str], limit: int = 8) -> str:
    codes = sorted(available)
    shown = ", ".join(codes[:limit])
    return f"{shown}, ... ({len(codes)} in all)" if len(codes) > limit else (shown or "none")


def _unique(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(code for code in codes if code))
