"""Languages: code validation, detection and the per-language conventions checks rely on.

Codes are BCP-47 tags validated with `langcodes`; checks look at the primary
subtag (`de` for `de-CH`, `zh` for `zh-Hant`). Detection uses py3langid, which
ships its model and works offline.

The bare codes of `COMMON_CODES` (`en`, `de`, `zh`...) are answered without langcodes, whose
import costs about 20 ms of every start-up; tests/test_lang.py checks that langcodes gives
the same answers for each of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tqcheck.errors import ConfigError

CJK_LANGUAGES = frozenset({"zh", "ja", "ko", "yue", "wuu"})
# Languages written without spaces between words (Korean has them).
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu", "th", "lo", "km", "my", "bo"})
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug"})
# Languages whose typography puts a (narrow) no-break space before : ; ! ? and inside « ».
SPACED_PUNCTUATION_LANGUAGES = frozenset({"fr"})

SCRIPTS: dict[str, str] = {
    "ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "ps": "Arabic", "ckb": "Arabic", "ug": "Arabic",
    "he": "Hebrew", "yi": "Hebrew",
    "ru": "Cyrillic", "uk": "Cyrillic", "be": "Cyrillic", "bg": "Cyrillic", "sr": "Cyrillic",
    "mk": "Cyrillic", "kk": "Cyrillic", "ky": "Cyrillic", "mn": "Cyrillic", "tg": "Cyrillic",
    "zh": "Han", "yue": "Han", "ja": "Han", "ko": "Hangul",
    "el": "Greek", "hy": "Armenian", "ka": "Georgian", "th": "Thai", "hi": "Devanagari",
    "mr": "Devanagari", "ne": "Devanagari", "bn": "Bengali", "ta": "Tamil", "te": "Telugu",
    "am": "Ethiopic", "km": "Khmer", "lo": "Lao", "my": "Myanmar", "si": "Sinhala",
}

# Bare language codes that are already canonical BCP-47 (their own standard form and primary
# subtag): the languages tqcheck has conventions for, plus the other major news languages.
COMMON_CODES = frozenset(SCRIPTS) | frozenset("""
    af az bs ca cs cy da de en es et eu fi fr ga gl hr hu id is it lt lv ms mt nl nn nb pl pt ro sk sl
    sq sv sw tr uz vi""".split())

# Quotation marks readers expect per language: (outer open, outer close, inner open, inner close).
# Straight ASCII quotes are tolerated everywhere as a house style; these are the typographic forms.
LOCALE_QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "cs": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "sk": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "ro": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "hu": ("\u201e", "\u201d", "\u00bb", "\u00ab"),
    "nl": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "fr": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "pt": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "ar": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "he": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "zh": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "ja": ("\u300c", "\u300d", "\u300e", "\u300f"),
}

# Quotation pairs (opening + closing mark) that are accepted at the outer level besides the
# LOCALE_QUOTES outer pair: regional and house variants a careful editor would leave alone
# (Swiss and book German use guillemets, British English single quotes, the Spanish, Italian
# and Portuguese press English-style quotes, Taiwan and Hong Kong corner brackets).
ACCEPTED_QUOTE_PAIRS: dict[str, frozenset[str]] = {
    "en": frozenset({"\u2018\u2019"}),
    "de": frozenset({"\u00bb\u00ab", "\u00ab\u00bb", "\u203a\u2039", "\u2039\u203a"}),
    "cs": frozenset({"\u00bb\u00ab"}),
    "sk": frozenset({"\u00bb\u00ab"}),
    "pl": frozenset({"\u201e\u201c"}),
    "hu": frozenset({"\u201e\u201c"}),
    "ro": frozenset({"\u201e\u201c"}),
    "nl": frozenset({"\u2018\u2019", "\u201e\u201d"}),
    "fr": frozenset({"\u2039\u203a"}),
    "es": frozenset({"\u201c\u201d", "\u2018\u2019"}),
    "it": frozenset({"\u201c\u201d", "\u2018\u2019"}),
    "pt": frozenset({"\u201c\u201d", "\u2018\u2019"}),
    "ar": frozenset({"\u201c\u201d"}),
    "he": frozenset({"\u201c\u201d", "\u201e\u201d"}),
    "zh": frozenset({"\u300c\u300d", "\u300e\u300f"}),
    "ja": frozenset({"\u301d\u301f", "\u301d\u301e"}),
}

# Languages written with full-width punctuation (，。：；！？) between Han/kana characters.
# Korean is CJK but uses ASCII punctuation and spaces, so it is not listed.
FULLWIDTH_PUNCTUATION_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu"})

# Languages where U+200B ZERO WIDTH SPACE marks word boundaries inside unspaced text.
ZERO_WIDTH_SPACE_LANGUAGES = frozenset({"th", "lo", "km", "my", "bo", "jv"})


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    """The conventions of one language that the checks consult."""

    code: str
    script: str
    cjk: bool
    rtl: bool
    spaced_punctuation: bool
    quotes: tuple[str, str, str, str] | None

    @property
    def name(self) -> str:
        import langcodes

        return str(langcodes.Language.get(self.code).display_name())


def normalise_language(tag: str) -> str:
    """Validate a BCP-47 tag and return it in canonical case (`zh-hant` -> `zh-Hant`).

    Raises ConfigError for anything that is not a registered language tag, so
    `--tgt-lang english` fails clearly instead of silently disabling language rules.
    """
    cleaned = tag.strip().replace("_", "-")
    if cleaned.lower() in COMMON_CODES:
        return cleaned.lower()
    import langcodes

    if not cleaned or not langcodes.tag_is_valid(cleaned):
        raise ConfigError(f"unknown language code {tag!r}; use a BCP-47 tag such as en, de, zh-Hans, pt-BR")
    return str(langcodes.standardize_tag(cleaned))


def primary(tag: str | None) -> str:
    """The primary language subtag, lower-case (`pt` for `pt-BR`); empty when unknown."""
    if not tag:
        return ""
    first = tag.split("-", 1)[0].lower()
    if first in COMMON_CODES:
        return first
    import langcodes

    return str(langcodes.Language.get(tag).language or "").lower()


@lru_cache(maxsize=64)
def profile(tag: str | None) -> LanguageProfile:
    """The conventions for a language tag; neutral defaults for unknown or missing tags."""
    code = primary(tag)
    return LanguageProfile(
        code=code,
        script=SCRIPTS.get(code, "Latin"),
        cjk=code in CJK_LANGUAGES,
        rtl=code in RTL_LANGUAGES,
        spaced_punctuation=code in SPACED_PUNCTUATION_LANGUAGES,
        quotes=LOCALE_QUOTES.get(code),
    )


@dataclass(frozen=True, slots=True)
class Detection:
    """Result of language identification over a sample of texts."""

    language: str
    confidence: float
    sample_size: int


DETECTION_SAMPLE = 200  # the texts a run's language is detected from (its first segments)
MIN_DETECTION_CONFIDENCE = 0.5  # below this a detected language is not used: the user is asked for it


def detect_language(texts: Iterable[str], limit: int = DETECTION_SAMPLE) -> Detection | None:
    """Identify the dominant language of up to `limit` texts with py3langid.

    Each text votes for its best language weighted by its length; the confidence is
    the share of characters that voted for the winner. Returns None for no text.
    """
    identifier = language_identifier()
    votes: dict[str, float] = {}
    total = 0.0
    count = 0
    for text in texts:
        text = text.strip()
        if len(text) < 3:
            continue
        language, _probability = identifier.classify(text)
        weight = float(min(len(text), 400))
        votes[language] = votes.get(language, 0.0) + weight
        total += weight
        count += 1
        if count >= limit:
            break
    if not votes:
        return None
    best = max(votes, key=lambda key: votes[key])
    return Detection(language=best, confidence=votes[best] / total, sample_size=count)


@lru_cache(maxsize=1)
def language_identifier() -> Any:
    """py3langid's bundled model with normalised probabilities (loaded once; see tqcheck.lang.langid_model)."""
    from tqcheck.lang.langid_model import load_identifier

    return load_identifier()
