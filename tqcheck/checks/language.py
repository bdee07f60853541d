"""Language (TQ501-TQ549): untranslated text, wrong target language, lost URLs, e-mails, handles, hashtags."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex
from rapidfuzz import fuzz

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.checks.text import excerpt
from tqcheck.lang import frequencies, language_identifier
from tqcheck.lang.patterns import lazy_re, lazy_regex
from tqcheck.lang.scripts import (
    OTHER,
    ScriptRun,
    letters,
    letters_outside,
    native_scripts,
    script_counts,
    script_runs,
    tolerated_scripts,
)
from tqcheck.model import Field, Finding, Segment, Severity, Span

FAMILY = "language"

# --- Entities that are copied, not translated ---------------------------------------------------------
# The `text` module's URL and e-mail patterns let `\w` run on into Chinese or Japanese text written
# without a space (`至info@nami.org。`, `https://apnews.com/hub/russia-ukraine的报道`); these stop at
# CJK letters and full-width punctuation, and an e-mail's domain is ASCII.
_NOT_IN_URL = r"\s<>\"'\u201c\u201d\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef"
URL = lazy_regex(rf"(?:https?://|www\.)[^{_NOT_IN_URL}]+[^{_NOT_IN_URL}.,;:!?)\]]", regex.I)
_LOCAL = r"\p{Latin}\p{Cyrillic}\p{Greek}0-9._%+-"
EMAIL = lazy_regex(rf"(?<![{_LOCAL}])[{_LOCAL}]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,}}"
                      r"(?![A-Za-z0-9-])")
# Mastodon handles carry their instance (`@IPCC_CH@twitter.com`); `@` after a letter or digit is an
# e-mail or a typo, but after a CJK character it starts a handle (`听@iotar的作品`).
HANDLE = lazy_regex(r"(?<![\p{Latin}\p{Cyrillic}\p{Greek}0-9_@.\uff20])[@\uff20][A-Za-z0-9_]{1,30}"
                       r"(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?(?![A-Za-z0-9_@])")
# A hashtag needs a letter (`#30` is a number); `&#39;` and URL fragments are not hashtags.
# A number sign before digits and a word of an unspaced script (`クッキー#30あたり`: "about No. 30") is no hashtag.
HASHTAG = lazy_regex(r"(?<![A-Za-z0-9_&/#])[#\uff03](?![\p{N}]+[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}])"
                        r"(?=[\p{N}_]*\p{L})[\p{L}\p{M}\p{N}_]+")
# Bare domains (`NRW.social`, `archive.org`), tags and placeholders: masked before looking at letters.
_DOMAIN = lazy_regex(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}\b(?:/[^\s]*)?")
_DOMAIN_HINT = lazy_re(r"\.[a-z]{2}")  # what every `_DOMAIN` match contains; sentences rarely do
_PLACEHOLDER = lazy_regex(r"</?[A-Za-z][^<>\n]{0,40}>|\{[\w.]*\}|%[sd]|\$\{?\w+\}?")
_NUMBER = lazy_regex(r"\p{N}+(?:[.,:/\-]\p{N}+)*")
_WORD = lazy_regex(r"\p{L}[\p{L}\p{M}\p{N}'\u2019\-]*")

MAX_NAME_WORDS = 6        # a name, title or score line rarely has more words

# Lower-case words that belong inside names (`Bank of America`, `Ludwig van Beethoven`, `Madrid vs Milan`).
_NAME_CONNECTORS = frozenset({
    "of", "the", "and", "de", "del", "della", "la", "le", "les", "van", "von", "der", "den", "da", "di", "do",
    "dos", "das", "du", "al", "el", "bin", "ibn", "y", "e", "und", "für", "vs", "v", "&", "и", "та", "і",
    "a", "an", "on", "in", "at", "for", "to", "im", "am",
})


@lru_cache(maxsize=2048)
def _mask(text: str) -> str:
    """`text` with URLs, e-mails, handles, hashtags, domains, placeholders and numbers blanked out.

    Offsets are preserved (each masked character becomes a space), so spans found in the
    masked text are spans of the original.
    """
    spans = [match.span() for pattern in _mask_patterns(text) for match in pattern.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _mask_patterns(text: str) -> list[regex.Pattern[str]]:
    """The masking patterns that can match `text`: each needs a character most sentences lack."""
    patterns = []
    if "://" in text or "www." in text.lower():
        patterns.append(URL)
    if "@" in text or "\uff20" in text:
        patterns += (EMAIL, HANDLE)
    if "#" in text or "\uff03" in text:
        patterns.append(HASHTAG)
    if "." in text and _DOMAIN_HINT.search(text):
        patterns.append(_DOMAIN)
    if "<" in text or "{" in text or "%" in text or "$" in text:
        patterns.append(_PLACEHOLDER)
    patterns.append(_NUMBER)
    return patterns


@dataclass(frozen=True, slots=True)
class _Words:
    """What the words of a (masked) text say about it: how many, how many look like names."""

    count: int
    lowercase: int      # words that start lower-case in a cased script and are not name connectors
    cased: int          # words in a cased script
    letters: int
    cased_letters: int

    @property
    def mostly_names(self) -> bool:
        """Cased text whose words are (nearly) all capitalised: names, titles, codes (`Madrid vs Milan`).

        At most one word in four may be lower-case (besides name connectors), and only in a
        short text: a German sentence capitalises its nouns but is longer than a name.
        Uncased scripts (Han, Arabic, Hebrew) cannot show names by case and never count as names.
        """
        if self.cased_letters < self.letters / 2 or self.cased < self.count / 2:
            return False
        return self.lowercase == 0 or (self.lowercase <= 0.25 * self.cased and self.count <= MAX_NAME_WORDS)


@lru_cache(maxsize=2048)
def _words(masked: str) -> _Words:
    if masked.isascii():  # every ASCII letter is cased, and every letter is in a word: no per-word counting
        words = _WORD.findall(masked)
        total = letters(masked)
        lowercase = sum(1 for word in words if word.islower() and word not in _NAME_CONNECTORS)
        return _Words(len(words), lowercase, len(words), total, total)
    return _count_words(masked)


def _count_words(masked: str) -> _Words:
    """`_Words` counted word by word: any script."""
    count = lowercase = cased = letter_count = cased_letters = 0
    for match in _WORD.finditer(masked):
        word = match.group()
        count += 1
        in_word = sum(map(str.isalpha, word))
        letter_count += in_word
        if word.lower() == word.upper():
            continue
        cased += 1
        cased_letters += in_word
        if word[0].islower() and word == word.lower() and word not in _NAME_CONNECTORS:
            lowercase += 1
    return _Words(count, lowercase, cased, letter_count, cased_letters)


_NOT_ALNUM = lazy_regex(r"[^\p{L}\p{M}\p{N}]+")


def _normalise(text: str) -> str:
    """Case-folded letters and digits only: what is left to compare when punctuation and spacing differ."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


# English names for messages. `LanguageProfile.name` needs langcodes' optional `language_data`
# package, which is not installed, so the languages tqcheck is used with are named here.
_LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans", "ar": "Arabic", "be": "Belarusian", "bg": "Bulgarian", "bs": "Bosnian",
    "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "la": "Latin",
    "lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay",
    "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian",
    "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
    "zh": "Chinese",
}


def _language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code or "unknown")


# --- TQ501 --------------------------------------------------------------------------------------------------
SIMILARITY = 0.9          # rapidfuzz ratio (0-1) of the normalised texts at which the target is a copy
MIN_COPY_LETTERS = 10     # fewer letters (after masking numbers, URLs) is too short to call untranslated


@lru_cache(maxsize=2048)
def _copy_similarity(source: str, target: str, src: str, tgt: str) -> float | None:
    """The similarity of target to source when the target is an untranslated copy, else None."""
    if src and src == tgt:
        return None  # monolingual editing: a copy is expected
    # A 90% ratio needs lengths within about 20% of each other: a cheap test that spares most segments.
    short, long = sorted((len(source), len(target)))
    if short < 0.6 * long:
        return None
    masked = _mask(source)
    norm_target = _normalise(_mask(target))
    norm_source = _normalise(masked)
    if not norm_target or not norm_source:
        return None
    similarity = fuzz.ratio(norm_source, norm_target) / 100.0
    if similarity < SIMILARITY:
        return None
    info = _words(masked)
    if info.letters < MIN_COPY_LETTERS or info.mostly_names:
        return None
    if _in_language(masked, tgt):
        return None  # the source is already in the target language (an English tweet in German news)
    return similarity


def _in_language(masked: str, lang: str) -> bool:
    """Whether `masked` text is plausibly written in `lang` (its script, and langid agrees or is unsure)."""
    if not lang or _share_outside(masked, native_scripts(lang)) > 0.5:
        return False
    guess, probability = _identify(masked)
    return guess in _close_group(lang) or probability < 0.5


@check("TQ501", severity=Severity.ERROR, needs=("source",))
def untranslated_segment(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target is a copy (or near-copy) of the source: the segment was not translated.

    ## What it does
    Compares source and target after case folding and removing punctuation, spaces, numbers,
    URLs, hashtags and handles; flags the whole target when they are at least 90% similar
    (rapidfuzz ratio).

    ## Why is this bad?
    An untranslated sentence in a translated article is the most visible failure of MT
    pipelines (timeouts, fallbacks that echo the input, filters that skip a line).

    ## Example
        Fires[de>en]: Die Regierung hat das Gesetz gebilligt. ||| Die Regierung hat das Gesetz gebilligt.
        Fires[ru>en]: Врач уточняет, что дозы не влияют на сон. ||| Врач уточняет, что дозы не влияют на сон.
        Okay[de>en]: Real Madrid 2:1 Barcelona ||| Real Madrid 2:1 Barcelona
        Okay[de>en]: The band is live on stage tonight. ||| The band is live on stage tonight.
        Okay[en>zh]: COVID-19 ||| COVID-19

    ## Known problems
    Segments that are only names, numbers, URLs, hashtags or codes, or shorter than ten
    letters, are left alone, as are sources already in the target language (checked with
    py3langid). In a cased script a source whose words are nearly all capitalised counts as
    names, so an untranslated all-caps headline is missed.
    """
    source = seg.source or ""
    similarity = _copy_similarity(source, seg.target, ctx.src.code, ctx.tgt.code)
    if similarity is not None:
        yield Finding(Span(0, len(seg.target)),
                      f"Target is a copy of the source ({similarity:.0%} similar): not translated into "
                      f"{_language_name(ctx.tgt.code)}")


# --- TQ502 --------------------------------------------------------------------------------------------------
MIN_ID_LETTERS = 25       # language ID on fewer letters is a guess
MIN_ID_WORDS = 5          # ... and on fewer words in a spaced script
MIN_ID_CJK_LETTERS = 10   # in Chinese, Japanese or Thai (no spaces, a character carries more)
ID_CONFIDENCE = 0.95      # py3langid's normalised probability for its guess
ID_TARGET_CEILING = 0.02  # and the most it may give the expected language
PROOF_CONFIDENCE = 0.5    # enough for a close relative when the spelling proves it (ы in "Ukrainian")
ID_SAMPLE = 400           # characters given to py3langid

# Languages py3langid confuses with each other on news text; a guess inside the target's group
# is not a finding unless the spelling proves it (see `_PROOF`).
_CLOSE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"cs", "sk"}),
    frozenset({"ru", "uk", "be", "bg", "mk", "sr"}),
    frozenset({"hr", "sr", "bs", "sl"}),
    frozenset({"es", "pt", "gl", "ca", "an", "ext", "oc"}),
    frozenset({"no", "nn", "da", "sv"}),
    frozenset({"ms", "id", "jv"}),
    frozenset({"zh", "yue", "wuu", "ja"}),
    frozenset({"ar", "ary", "arz", "fa", "ur"}),
    frozenset({"he", "hbo", "yi"}),
    frozenset({"de", "lb", "nl", "af", "fy"}),
    frozenset({"fr", "wa", "oc"}),
    frozenset({"it", "vec", "lij", "co"}),
)
_KANA = lazy_regex(r"[\p{Script=Hiragana}\p{Script=Katakana}]")

# Letters (or patterns) only one member of a close group uses: Russian has ы, э, ё, ъ and
# Ukrainian lacks them; Ukrainian has і, ї, є, ґ and Russian lacks them; Czech ě, ř, ů vs
# Slovak ä, ľ, ĺ, ŕ, ô; Spanish ñ ¿ ¡ vs Portuguese ã õ; Danish/Norwegian æ ø vs Swedish ä ö.
_PROOF: dict[str, regex.Pattern[str]] = {
    "ru": regex.compile(r"[ыэёъЫЭЁЪ]"),
    "uk": regex.compile(r"[іїєґІЇЄҐ]"),
    "be": regex.compile(r"[ўЎ]"),
    "cs": regex.compile(r"[ěřůĚŘŮ]"),
    "sk": regex.compile(r"[äľĺŕôÄĽĹŔÔ]"),
    "es": regex.compile(r"[ñÑ¿¡]"),
    "pt": regex.compile(r"[ãõÃÕ]"),
    "da": regex.compile(r"[æøÆØ]"),
    "no": regex.compile(r"[æøÆØ]"),
    "sv": regex.compile(r"[äöÄÖ]"),
}


def _close_group(lang: str) -> frozenset[str]:
    for group in _CLOSE_GROUPS:
        if lang in group:
            return group
    return frozenset({lang})


def _proves(text: str, lang: str) -> bool:
    """Whether the spelling of `text` shows it is `lang` rather than a close relative."""
    if lang == "ja":
        return _share_outside(text, _KANA_SCRIPTS) <= 0.9
    if lang in ("zh", "yue", "wuu"):
        return _KANA.search(text) is None
    pattern = _PROOF.get(lang)
    return pattern is not None and pattern.search(text) is not None


def _share_outside(text: str, scripts: frozenset[str]) -> float:
    """The share of the letters of `text` that are in none of `scripts` (0.0 without letters)."""
    total = letters(text)
    if not total:
        return 0.0
    return len(letters_outside(scripts | {OTHER}).findall(text)) / total


@lru_cache(maxsize=2048)
def _identify(text: str) -> tuple[str, float]:
    """py3langid's best guess and its normalised probability (cached: the expensive step).

    Only the first `ID_SAMPLE` characters are classified: enough to identify a language,
    and it keeps long paragraphs as cheap as sentences.
    """
    sample = " ".join(text.split())[:ID_SAMPLE]
    language, probability = language_identifier().classify(sample)
    return str(language), float(probability)


@lru_cache(maxsize=2048)
def _probability_of(text: str, lang: str) -> float:
    """py3langid's normalised probability that `text` is in `lang` (0.0 for a language it does not know)."""
    sample = " ".join(text.split())[:ID_SAMPLE]
    for language, probability in language_identifier().rank(sample):
        if language == lang:
            return float(probability)
    return 0.0


@dataclass(frozen=True, slots=True)
class _Verdict:
    message: str


_UNSPACED = frozenset({"Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar"})
_KANA_SCRIPTS = frozenset({"Hiragana", "Katakana"})


def _identifiable(masked: str) -> bool:
    """Long enough, and not just names, for its language to be identified."""
    info = _words(masked)
    if info.letters < MIN_ID_CJK_LETTERS or info.mostly_names:
        return False
    if info.letters >= MIN_ID_LETTERS and info.count >= MIN_ID_WORDS:
        return True
    return _share_outside(masked, _UNSPACED) < 0.5  # Chinese, Japanese, Thai: a character is nearly a word


# Target languages whose script alone identifies them (no other language py3langid knows writes it),
# so text written (almost) only in it needs no language ID. Japanese needs its kana, Chinese their
# absence; Cyrillic, Arabic and Latin are shared by many languages and always go to py3langid.
_OWN_SCRIPT = {"el": "Greek", "ka": "Georgian", "hy": "Armenian", "ko": "Hangul", "th": "Thai"}


def _script_identifies(masked: str, tgt: str) -> bool:
    """Whether the target's script proves its language without asking py3langid (cheap pre-filter)."""
    if tgt in ("zh", "ja"):
        if _share_outside(masked, frozenset({"Han", "Hiragana", "Katakana"})) > 0.1:
            return False
        return _proves(masked, tgt)
    script = _OWN_SCRIPT.get(tgt)
    return script is not None and _share_outside(masked, frozenset({script})) <= 0.1


@lru_cache(maxsize=2048)
def _script_verdict(target: str, tgt: str) -> _Verdict | None:
    """The target is mostly written in a script the target language does not use (cheap: no langid)."""
    tolerated = tolerated_scripts(tgt)
    if not tolerated:
        return None
    masked = _mask(target)
    if _share_outside(masked, tolerated) < 0.5 or not _identifiable(masked):
        return None
    counts = script_counts(masked)
    foreign = max((name for name in counts if name not in tolerated), key=lambda name: counts[name])
    guess, probability = _identify(masked)
    said = f", looks like {_language_name(guess)}" if probability >= ID_CONFIDENCE else ""
    return _Verdict(f"Target is written in {foreign} script{said}; expected {_language_name(tgt)}")


FUNCTION_WORDS = 150         # a language's most frequent words (wordfreq) that can vouch for it
FOREIGN_WORDS = 500          # ... minus those frequent in the source language or a close relative
FUNCTION_WORD_SHARE = 0.15   # share of a text's words that must be such words to skip py3langid
PROVEN_WORD_SHARE = 0.05     # ... when the spelling also proves the language (ы for Russian, ř for Czech)
MIN_VOUCHING_WORDS = 6


@lru_cache(maxsize=64)
def _distinctive_words(tgt: str, src: str) -> frozenset[str]:
    """Frequent words of `tgt` that are not frequent in `src` or in a close relative of `tgt`.

    Running text in `tgt` is full of them (`the`, `and`, `of`); text in the source language
    or a close relative is not. Empty when wordfreq does not know `tgt`.
    """
    from tqcheck.lang import frequencies

    if not frequencies.available(tgt):  # no nearest-match fallbacks: `be` must not mean `ru`
        return frozenset()
    own = set(frequencies.top_words(tgt, FUNCTION_WORDS))
    for other in (_close_group(tgt) | {src}) - {tgt}:
        own -= set(frequencies.top_words(other, FOREIGN_WORDS))
    return frozenset(own)


def _vouched(masked: str, tgt: str, src: str) -> bool:
    """Cheap pre-filter: the text is plainly in `tgt` because its own function words abound."""
    distinctive = _distinctive_words(tgt, src)
    if not distinctive:
        return False
    words = _WORD.findall(masked.lower())
    if len(words) < MIN_VOUCHING_WORDS:
        return False
    share = sum(1 for word in words if word in distinctive) / len(words)
    return share >= FUNCTION_WORD_SHARE or (share >= PROVEN_WORD_SHARE and _proves(masked, tgt))


@lru_cache(maxsize=2048)
def _wrong_language(target: str, tgt: str, src: str) -> _Verdict | None:
    """Why the target is not in `tgt`, or None when it is (or when the text is too short to tell)."""
    if not tgt or not native_scripts(tgt):
        return None
    verdict = _script_verdict(target, tgt)
    if verdict is not None:
        return verdict
    masked = _mask(target)
    if _script_identifies(masked, tgt) or _vouched(masked, tgt, src) or not _identifiable(masked):
        return None  # cheapest first: a script of its own (zh, ja, ko), then the language's own words
    guess, probability = _identify(masked)
    if guess == tgt or probability < PROOF_CONFIDENCE:
        return None
    if guess in _close_group(tgt):
        # A close relative: only the spelling can tell, and when it does langid need not be sure.
        if not _proves(masked, guess) or _proves(masked, tgt):
            return None
    elif probability < ID_CONFIDENCE or _probability_of(masked, tgt) > ID_TARGET_CEILING:
        return None
    if _share_outside(masked, native_scripts(guess) or frozenset({"Latin"})) > 0.5:
        return None  # langid's guess is in another script than the text: a confused model, not a finding
    where = " (the source language)" if guess == src else ""
    return _Verdict(f"Target looks like {_language_name(guess)}{where} (langid {probability:.2f}), "
                    f"not {_language_name(tgt)}")


@check("TQ502", severity=Severity.ERROR)
def wrong_target_language(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target is in another language than the one it should be translated into.

    ## What it does
    Identifies the target's language with py3langid (offline) after masking names,
    numbers, URLs and hashtags, and flags the whole target when it is written in a script
    foreign to the target language, or when py3langid is confident (>= 0.95) that it is
    another language and gives the target language almost no chance (<= 0.02). A close
    relative of the target language (Russian for Ukrainian) needs proof in the spelling
    instead, and then only a probable guess (>= 0.5).

    ## Why is this bad?
    Multilingual MT models sometimes answer in the wrong language (often the source
    language, or a close relative: Russian for Ukrainian, Slovak for Czech). Readers of the
    target edition cannot read it.

    ## Example
        Fires[ru>uk]: Він сказав, що все буде добре. ||| Он сказал, что всё будет хорошо, и ушёл домой.
        Fires[de>en]: Es gibt Landwirte. ||| Es gibt Landwirte in der Ukraine, die mehr Panzer haben als wir.
        Okay[en>uk]: He said it would be fine. ||| Він сказав, що все буде добре, і пішов додому.
        Okay[en>de]: Hello ||| Gerhard Schröder und Angela Merkel in Berlin
        Okay[en>cs]: It is fine. ||| Je to v pořádku, řekl ministr po jednání vlády v Praze.

    ## Known problems
    Needs at least 25 letters and five words, or ten characters of Chinese, Japanese or Thai
    (fewer is a guess); names-only text is skipped, and only the first 400 characters are
    identified. Close languages (Czech/Slovak, Ukrainian/Russian, Spanish/Portuguese/Galician,
    Norwegian/Danish/Swedish, Chinese/Japanese) are only told apart when the spelling proves
    it: `ы`, `э`, `ё`, `ъ` are Russian, `і`, `ї`, `є`, `ґ` Ukrainian, `ě`, `ř`, `ů` Czech, kana
    Japanese. A target that copies the source is reported by TQ501 instead.
    """
    if seg.source and _copy_similarity(seg.source, seg.target, ctx.src.code, ctx.tgt.code) is not None:
        return
    verdict = _wrong_language(seg.target, ctx.tgt.code, ctx.src.code)
    if verdict is not None:
        yield Finding(Span(0, len(seg.target)), verdict.message)


# --- TQ503 --------------------------------------------------------------------------------------------------
# What may separate two runs of one fragment: spaces, punctuation, digits.
_GAP = lazy_regex(r"[^\p{L}]{0,6}")
MIN_LATIN_FRAGMENT_WORDS = 4
_LATIN_PHRASE = lazy_regex(r"\p{Latin}+[\s,'\-]+\p{Latin}+")


def _fragments(masked: str, tolerated: frozenset[str]) -> list[ScriptRun]:
    """Runs of letters in scripts not tolerated, merged across short letter-free gaps."""
    merged: list[ScriptRun] = []
    for run in script_runs(masked):
        if run.script in tolerated or run.script == OTHER:
            continue
        if merged:
            last = merged[-1]
            gap = masked[last.end:run.start]
            if last.script == run.script and _GAP.fullmatch(gap):
                merged[-1] = ScriptRun(last.start, run.end, run.script)
                continue
        merged.append(run)
    return merged


def _latin_copies(masked: str, source: str, src: str) -> list[ScriptRun]:
    """Latin phrases in a non-Latin target that also occur in the source: four words or more, mostly
    lower-case, or two or three lower-case everyday words of the source language (`the talks`; not
    terms kept on purpose such as `gau mata`, `koe knuffelen`, `dji tello`)."""
    runs = [run for run in script_runs(masked) if run.script == "Latin"]
    phrases: list[ScriptRun] = []
    for run in runs:
        if phrases and _GAP.fullmatch(masked[phrases[-1].end:run.start]):
            phrases[-1] = ScriptRun(phrases[-1].start, run.end, "Latin")
        else:
            phrases.append(run)
    # Compared word by word: a phrase copied without the source's commas is still a copy.
    folded_source = " " + " ".join(_TOKEN.findall(_mask(source).casefold())) + " "
    found = []
    for phrase in phrases:
        text = masked[phrase.start:phrase.end]
        info = _words(text)
        short = info.count < MIN_LATIN_FRAGMENT_WORDS
        if short and not (info.count >= 2 and text == text.lower() and _plain_words(text) and _common_words(text, src)
                          and not _quoted(masked, phrase.start, phrase.end)):
            continue  # two or three words only when all are everyday words of the source (`the talks`)
        if not short and (info.lowercase < 3 or info.lowercase < info.count / 2):
            continue
        if " " + " ".join(_TOKEN.findall(text.casefold())) + " " not in folded_source:
            continue
        guess, probability = _identify(text)
        if src and guess != src and probability >= ID_CONFIDENCE:
            continue  # a foreign quote in the source, kept as the source kept it ("From zero to hero")
        found.append(phrase)
    return found


_CODE_NEIGHBOUR = lazy_regex(r"[\p{N}\-/]")


def _symbol_like(text: str, run: ScriptRun) -> bool:
    """A foreign letter used as a symbol or code, not as text.

    A single letter standing alone (`80 х 60 cm` with a Cyrillic `х`, `( ^o^)ノ`, Greek `α`), or up to
    three capitals glued to digits (`ФС77-35597`, a registration number). A single letter inside a
    word of another script (`Servicе` with a Cyrillic `е`) is a homoglyph and is still reported.
    """
    piece = text[run.start:run.end]
    letter_count = sum(map(str.isalpha, piece))
    before = text[run.start - 1] if run.start > 0 else " "
    after = text[run.end] if run.end < len(text) else " "
    if letter_count == 1 and not before.isalpha() and not after.isalpha():
        return True
    if run.script == "Greek" and letter_count == 1:
        return True
    return letter_count <= 3 and piece.isupper() and bool(_CODE_NEIGHBOUR.match(after))


def _allowed(text: str, start: int, end: int, names: tuple[str, ...]) -> bool:
    """Whether `text[start:end]` is (inside) a name the user allows."""
    for name in names:
        position = text.find(name)
        while position != -1:
            if position <= start and end <= position + len(name):
                return True
            position = text.find(name, position + 1)
    return False


@check("TQ503", severity=Severity.ERROR)
def untranslated_fragment(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Text in a script the target language does not use: an untranslated word or phrase.

    ## What it does
    Flags runs of letters whose Unicode script is foreign to the target language: Cyrillic,
    Arabic, Hebrew or Han characters in English, Cyrillic in German, kana in Chinese, Hangul
    in Japanese. Latin is tolerated in every target (brands, names, codes), except a copied
    source phrase of four or more words in a non-Latin target, or of two or three everyday
    lower-case words (`the talks`; a warning, since a short phrase may be kept on purpose).

    ## Why is this bad?
    MT leaves words it cannot translate in the source script: names it failed to
    transliterate, rare terms, or the tail of a sentence. Readers of the target cannot read
    them, and search and TTS break on them.

    ## Example
        Fires[ar>en]: قال المتحدث باسم الخارجية ||| The spokesman for الخارجية said on Monday.
        Fires[ru>de]: Минобороны сообщило ||| Das Минобороны teilte am Montag mit.
        Fires[ja>zh]: 東京で会議が開かれた ||| 会议在東京で举行。
        Fires[en>zh]: He said the talks would continue next week. ||| 他说the talks would continue next week。
        Okay[en>ja]: Prime Minister Kishida visited Tokyo. ||| 岸田首相は東京を訪問した。
        Okay[en>zh]: Apple unveiled the iPhone 15 Pro. ||| 苹果发布了iPhone 15 Pro。
        Okay[he>en]: נתניהו אמר ||| Netanyahu said on Monday.

    ## Known problems
    Only scripts are compared, so a same-script pair (German into English) gets no fragment
    detection here. A lone foreign letter used as a symbol (`80 х 60 cm`, Greek `α`, the kana
    in the emoticon `( ^o^)ノ`) and short capitals glued to digits (`ФС77-35597`) are allowed;
    names listed in `allow-names` are never flagged, nor are quoted words the source has too
    (a word discussed as a word: `the preposition "в"`). A target mostly in a foreign script is reported by TQ502
    (or TQ501 when it copies the source) instead.
    """
    tgt = ctx.tgt.code
    tolerated = tolerated_scripts(tgt)
    if not tolerated:
        return
    target = seg.target
    source = seg.source or ""
    source_scripts = native_scripts(ctx.src.code)
    foreign = letters_outside(tolerated).search(target) is not None
    copies = bool(source) and "Latin" not in native_scripts(tgt) and "Latin" in source_scripts \
        and _LATIN_PHRASE.search(target) is not None
    if not foreign and not copies:
        return
    if source and _copy_similarity(source, target, ctx.src.code, tgt) is not None:
        return
    if _script_verdict(target, tgt) is not None:
        return
    masked = _mask(target)
    target_name = _language_name(tgt)
    for run in _fragments(masked, tolerated) if foreign else ():
        if _symbol_like(target, run) or _allowed(target, run.start, run.end, ctx.settings.allow_names):
            continue
        if _quoted(target, run.start, run.end) and target[run.start:run.end] in source:
            continue  # a word discussed as a word, quoted as the source quotes it: `the preposition "в"`
        kind = "Untranslated" if run.script in source_scripts else "Foreign"
        piece = excerpt(target, run.start, run.end)
        yield Finding(Span(run.start, run.end),
                      f'{kind} {run.script} text "{piece}" in the {target_name} target')
    for run in _latin_copies(masked, source, ctx.src.code) if copies else ():
        if not _allowed(target, run.start, run.end, ctx.settings.allow_names):
            short = len(_TOKEN.findall(target[run.start:run.end])) < MIN_LATIN_FRAGMENT_WORDS
            yield Finding(Span(run.start, run.end),
                          f'Untranslated source phrase "{excerpt(target, run.start, run.end)}" in the '
                          f'{target_name} target', severity=Severity.WARNING if short else None)


# --- TQ504 --------------------------------------------------------------------------------------------------
COPY_NGRAM = 5            # words in a row shared with the source that make a copied fragment
_TOKEN = lazy_regex(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'\u2019\-]*")
_OPENING_QUOTES = "\"'\u201c\u201e\u00ab\u00bb\u2018\u201a\u300c\u300e\u2039\u203a"
_CLOSING_QUOTES = "\"'\u201d\u201c\u00bb\u00ab\u2019\u2018\u300d\u300f\u203a\u2039"


def _shared_runs(source: str, target: str) -> list[tuple[int, int]]:
    """Target spans whose words (>= COPY_NGRAM in a row, case-folded) also occur in a row in the source."""
    source_words = [match.group().casefold() for match in _TOKEN.finditer(_mask(source))]
    grams = {tuple(source_words[i:i + COPY_NGRAM]) for i in range(len(source_words) - COPY_NGRAM + 1)}
    if not grams:
        return []
    tokens = list(_TOKEN.finditer(_mask(target)))
    folded = [match.group().casefold() for match in tokens]
    covered = [False] * len(tokens)
    for i in range(len(tokens) - COPY_NGRAM + 1):
        if tuple(folded[i:i + COPY_NGRAM]) in grams:
            covered[i:i + COPY_NGRAM] = [True] * COPY_NGRAM
    runs = []
    i = 0
    while i < len(tokens):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j < len(tokens) and covered[j]:
            j += 1
        runs.append((tokens[i].start(), tokens[j - 1].end()))
        i = j
    return runs


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is exactly the content of a quotation (a title or a quote kept as is)."""
    # Scanned in place, not sliced: a 1 MB line with thousands of fragments would copy it each time.
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    if before < 0 or text[before] not in _OPENING_QUOTES:
        return False
    after = end
    while after < len(text) and text[after] in " .,!?":
        after += 1
    return after < len(text) and text[after] in _CLOSING_QUOTES


@check("TQ504", severity=Severity.WARNING, needs=("source",))
def copied_source_fragment(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Five or more words copied from the source into a target in the same script.

    ## What it does
    For pairs that share a script (German into English, English into Czech, Russian into
    Ukrainian), where TQ503 cannot see untranslated text by its script, finds runs of five or
    more words that appear in the same order in the source, and flags them when they are
    not names and py3langid finds them likelier to be in the source language than in the
    target language.

    ## Why is this bad?
    MT sometimes gives up half way and copies the rest of the sentence, or leaves a clause it
    could not parse; readers of the target meet a sentence in another language.

    ## Example
        Fires[de>en]: Sie sagte, das ist nicht so einfach. ||| On Monday she said das ist nicht so einfach
        Fires[en>cs]: I love, love, LOVE the color of it. ||| Je to skvělé, I love, love, LOVE the color.
        Okay[de>en]: Der Asus ROG Strix Scar II Laptop ist kaputt. ||| The Asus ROG Strix Scar II laptop broke
        Okay[en>de]: Donne's "No man is an island" is true. ||| Donnes „No man is an island“ ist wahr.

    ## Known problems
    Names and titles (capitalised words, or a fragment that is exactly a quotation) are
    left alone. Short fragments (fewer than five words) are not detected; neither are
    copies between scripts (that is TQ503).
    """
    src, tgt = ctx.src.code, ctx.tgt.code
    if not src or not tgt or src == tgt or not (native_scripts(src) & native_scripts(tgt)):
        return
    source = seg.source or ""
    target = seg.target
    if _copy_similarity(source, target, src, tgt) is not None:
        return
    if _wrong_language(target, tgt, src) is not None:
        return
    for start, end in _shared_runs(source, target):
        piece = target[start:end]
        info = _words(_mask(piece))
        if info.mostly_names or info.lowercase < 2 or _quoted(target, start, end):
            continue
        if _probability_of(piece, src) <= _probability_of(piece, tgt):
            continue
        yield Finding(Span(start, end),
                      f'Source text copied into the target: "{excerpt(target, start, end, 60)}" '
                      f"({_language_name(src)}, not {_language_name(tgt)})")


# --- TQ505-TQ508: things that must be copied verbatim ------------------------------------------------------
_TRAILING = ".,;:!?)]}\u00bb\u201d\"'\u3002\uff0c"


def _url_key(url: str) -> str:
    """A URL as compared: scheme and host case-insensitive, trailing `/` and punctuation ignored."""
    url = url.rstrip(_TRAILING).rstrip("/")
    match = regex.match(r"(?i)^((?:https?://)?[^/?#]*)(.*)$", url)
    if match is None:  # pragma: no cover - the pattern matches every string
        return url
    return match.group(1).lower() + match.group(2)


def _blank(text: str, patterns: tuple[regex.Pattern[str], ...]) -> str:
    for pattern in patterns:
        text = pattern.sub(lambda match: " " * len(match.group()), text)
    return text


def _compare(seg: Segment, pattern: regex.Pattern[str], key: Callable[[str], str], what: str,
             might: Callable[[str], bool], mask_first: tuple[regex.Pattern[str], ...] = (),
             contains: Callable[[str, str], bool] | None = None) -> Iterator[Finding]:
    """Items matched by `pattern` in source and target, paired by `key`: changed, missing, extra.

    `might(text)` is a cheap necessary condition for `pattern` to match (an `@`, a `://`): most
    segments have none on either side and cost two substring tests. A source item also counts as
    kept when its key occurs anywhere in the target (glued to the neighbouring words,
    `Twitter@IanHanchett`), so only real changes and losses are reported.
    """
    source = seg.source or ""
    target = seg.target
    if not might(source) and not might(target):
        return
    in_source = [(m.start(), m.end(), m.group()) for m in pattern.finditer(_blank(source, mask_first))]
    in_target = [(m.start(), m.end(), m.group()) for m in pattern.finditer(_blank(target, mask_first))]
    if not in_source and not in_target:
        return
    present = contains or (lambda text, item: _occurs(key(text), key(item)))
    unmatched_target = list(in_target)
    missing = []
    for item in in_source:
        wanted = key(item[2])
        partner = next((other for other in unmatched_target if key(other[2]) == wanted), None)
        if partner is not None:
            unmatched_target.remove(partner)
        elif not present(target, item[2]):
            missing.append(item)
    source_keys = {key(text) for _, _, text in in_source}
    extra = [item for item in unmatched_target
             if key(item[2]) not in source_keys and not any(_occurs(key(item[2]), k) for k in source_keys)]
    for (_, _, old), (start, end, new) in zip(missing, extra, strict=False):
        yield Finding(Span(start, end), f'{what} changed: "{excerpt(new, 0, len(new), 60)}" '
                                        f'instead of "{excerpt(old, 0, len(old), 60)}"', suggestion=old)
    for start, end, old in missing[len(extra):]:
        yield Finding(Span(start, end, "source"),
                      f'{what} "{excerpt(old, 0, len(old), 60)}" is missing from the target')
    for start, end, new in extra[len(missing):]:
        yield Finding(Span(start, end), f'{what} "{excerpt(new, 0, len(new), 60)}" is not in the source')


def _might_have_url(text: str) -> bool:
    return "://" in text or "www." in text.casefold()


def _might_have_at(text: str) -> bool:
    return "@" in text or "\uff20" in text


_AT_EITHER_SIDE: tuple[tuple[Field, str], ...] = (("target", "[@\uff20]"), ("source", "[@\uff20]"))  # the prescan's form of `_might_have_at`


def _occurs(text: str, item: str) -> bool:
    """Whether `item` occurs in `text` and is not just the beginning of a longer handle, address or URL."""
    return regex.search(regex.escape(item) + r"(?![A-Za-z0-9_@/%?=&#~+-])", text) is not None


def _contains_url(text: str, url: str) -> bool:
    return _occurs(text, url.rstrip(_TRAILING).rstrip("/"))


@check("TQ505", severity=Severity.ERROR, needs=("source",))
def lost_url(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A URL of the source is missing or altered in the target, or the target adds one.

    ## What it does
    Finds `http(s)://` and `www.` addresses in source and target and pairs them up;
    scheme and host are compared case-insensitively and trailing punctuation or `/` is
    ignored. A source URL missing from the target is marked in the source, an altered or
    added URL in the target.

    ## Why is this bad?
    Links are copied, never translated: MT that translates a path (`/prihlasky` ->
    `/applications`), drops a link or invents one sends readers to the wrong page.

    ## Example
        Fires[cs>uk]: Zde odkaz: https://cs.duolingo.com/ ||| Ось посилання: https://uk.duolingo.com/
        Fires[en>ru]: Follow AP: https://apnews.com/hub/russia-ukraine ||| Следите за освещением AP.
        Okay[en>ru]: Details at https://example.org/a. ||| Подробности на https://example.org/a
        Okay[cs>uk]: Zde odkaz: https://cs.duolingo.com/ ||| Ось посилання: https://cs.duolingo.com

    ## Known problems
    Bare domains without `www.` (`archive.org`) are not URLs here.
    """
    yield from _compare(seg, URL, _url_key, "URL", _might_have_url, contains=_contains_url)


@check("TQ506", severity=Severity.WARNING, needs=("source",), candidates=_AT_EITHER_SIDE)
def lost_email(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """An e-mail address of the source is missing or altered in the target, or the target adds one.

    ## What it does
    Finds e-mail addresses in source and target and pairs them up (case-insensitively).
    A missing address is marked in the source, an altered or added one in the target.

    ## Why is this bad?
    A translated or transliterated address (`objednavky@jrc.cz` -> `zamovlennya@jrc.cz`)
    bounces; a dropped one removes the only way to reach the sender.

    ## Example
        Fires[en>ru]: Reach him at awrhawkins@breitbart.com. ||| Пишите ему на awrhawkins@breitbart.ru.
        Fires[en>zh]: Email info@nami.org. ||| 请发送电子邮件。
        Okay[en>zh]: Email info@nami.org. ||| 请发送电子邮件至info@nami.org。
        Okay[en>de]: Email INFO@nami.org. ||| Schreiben Sie an info@nami.org.
    """
    yield from _compare(seg, EMAIL, str.casefold, "E-mail address", _might_have_at, mask_first=(URL, HANDLE))


def _handle_key(text: str) -> str:
    return text.replace("\uff20", "@").casefold()


@check("TQ507", severity=Severity.WARNING, needs=("source",), candidates=_AT_EITHER_SIDE)
def changed_handle(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A social-media @handle of the source is missing or altered in the target.

    ## What it does
    Finds `@handle` and Mastodon `@user@instance` handles (not e-mail addresses) in source
    and target and pairs them up, case-insensitively as the platforms do.

    ## Why is this bad?
    A handle names an account; MT that transliterates it (`@IanHanchett` -> `@ЯнХанчетт`) or
    drops it breaks the attribution and the link.

    ## Example
        Fires[en>ru]: Follow Ian Hanchett on Twitter @IanHanchett ||| Следите за Яном в Twitter @ЯнХанчетт
        Fires[en>de]: Follow him on Instagram: @awr_hawkins. ||| Folgen Sie ihm auf Instagram.
        Okay[en>zh]: Follow him on Instagram: @awr_hawkins. ||| 在Instagram上关注他：@awr_hawkins。
        Okay[en>de]: Mail me at a@b.com ||| Schreib mir an a@b.com

    ## Known problems
    A handle that is a plain name (`@Luisa`) may be legitimately written out as a name.
    """
    yield from _compare(seg, HANDLE, _handle_key, "Handle", _might_have_at, mask_first=(URL,))


@check("TQ508", severity=Severity.INFO, needs=("source",), candidates=(("source", "[#\uff03]"),))
def missing_hashtag(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target has fewer hashtags than the source: some were dropped, not translated.

    ## What it does
    Counts `#hashtags` (with at least one letter; `#30` is a number) in source and target.
    When the target has fewer, each source hashtag not found verbatim in the target is
    marked in the source.

    ## Why is this bad?
    News and social posts are indexed by their hashtags; losing the `#` (or the whole tag)
    removes the post from the topic's feed.

    ## Example
        Fires[de>en]: Es gibt Landwirte in #Ukraine. ||| There are farmers in Ukraine.
        Fires[en>zh]: So I finally watched #Heartstopper ||| 所以我终于看了心跳
        Okay[de>en]: #Batterien ausrangierter #EAutos ||| #Batteries of discarded #e-cars
        Okay[de>en]: Es gibt Landwirte in #Ukraine. ||| There are farmers in #Ukraine.

    ## Known problems
    Translating a hashtag is a legitimate choice (human references translate about half),
    so only a drop in the number of hashtags is reported, as information.
    """
    source = seg.source or ""
    if "#" not in source and "\uff03" not in source:
        return  # no hashtag in the source, none to lose
    masked_source = URL.sub(lambda m: " " * len(m.group()), source)
    masked_target = URL.sub(lambda m: " " * len(m.group()), seg.target)
    in_source = list(HASHTAG.finditer(masked_source))
    in_target = list(HASHTAG.finditer(masked_target))
    if len(in_target) >= len(in_source):
        return
    kept = {match.group().casefold() for match in in_target}
    for match in in_source:
        if match.group().casefold() not in kept:
            yield Finding(Span(match.start(), match.end(), "source"),
                          f'Hashtag "{match.group()}" is missing from the target '
                          f"({len(in_target)} hashtags in the target, {len(in_source)} in the source)")


_EVERYDAY_ZIPF = 4.0


def _plain_words(text: str) -> bool:
    """Words, not letters of an abbreviation or a code (`p. m`, `vol e`, `web m`): two letters each or more."""
    return all(len(word) >= 2 for word in _TOKEN.findall(text)) and letters(text) >= 6


def _common_words(text: str, lang: str) -> bool:
    """Whether every word of `text` is an everyday word of `lang` (wordfreq Zipf 4 or more)."""
    return all((frequencies.lookup(word, lang) or 0.0) >= _EVERYDAY_ZIPF for word in _TOKEN.findall(text))


# --- TQ509 --------------------------------------------------------------------------------------------------
_FOREIGN_MIN_ZIPF = 3.0   # the word is common in the source language...
_NATIVE_MAX_ZIPF = 2.5    # ... rare in the target language (web text mixes languages a little) ...
_FOREIGN_MARGIN = 2.0     # ... and a hundred times more common in the source language
_FUNCTION_WORD_ZIPF = 5.0  # a word this common in the source language (`und`, `wurde`) ...
_UNMISTAKABLE_MARGIN = 3.0  # ... and a thousand times rarer in the target's is foreign even alone
# Words of either case: German nouns are capitalised (`zur Musik`); all-capital acronyms are not words.
_SOURCE_WORD = lazy_regex(r"(?<![\p{L}\p{M}\p{N}@#'\u2019\-])\p{L}[\p{Ll}\p{M}]+(?![\p{L}\p{M}\p{N}'\u2019\-])")


@check("TQ509", severity=Severity.WARNING, needs=("source",))
def untranslated_words(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Two or more source-language words left in a target written in the same script.

    ## What it does
    For pairs that share a script (German into English, English into Czech, Russian into
    Ukrainian), finds runs of lower-case words of the target copied from the source, and flags a
    run in which two or more words are common in the source language and (almost) unknown to the
    target language (wordfreq): a phrase the MT left untranslated.

    ## Why is this bad?
    Code-mixing in fluent output is easy to miss in review and leaves the reader a phrase in a
    language they may not read (`the talks wurden fortgesetzt on Monday`).

    ## Example
        Fires[de>en]: Die Gespräche wurden am Montag fortgesetzt. ||| The talks wurden fortgesetzt on Monday.
        Fires[en>cs]: The ceasefire talks continued on Monday. ||| Rozhovory o příměří talks continued v pondělí.
        Okay[de>en]: Die Gespräche wurden am Montag fortgesetzt. ||| The talks continued on Monday.
        Okay[fr>en]: Il a dit « c'est la vie » en partant. ||| He said "c'est la vie" as he left.
        Okay[de>en]: Das Wort Kindergarten ist bekannt. ||| The word kindergarten is well known.

    ## Known problems
    Single words are not reported (loanwords, untranslatable terms); nor are capitalised words
    (names, titles), words the target language knows (`kindergarten`, `status quo`), or words
    inside quotation marks. Needs word frequencies for both languages (wordfreq).
    """
    src, tgt = ctx.src.code, ctx.tgt.code
    if not src or not tgt or src == tgt or ctx.src.script != ctx.tgt.script:
        return
    if not (frequencies.available(src) and frequencies.available(tgt)):
        return
    source = seg.source or ""
    source_words = {match.group().casefold() for match in _SOURCE_WORD.finditer(source)}
    if not source_words:
        return
    target = seg.target
    # Runs of adjacent words copied from the source; a run with two or more words foreign to the
    # target language is left untranslated (`talks continued on` in Czech: `on` is copied too).
    # Capitalised words count (German nouns: `zur Musik`), but a run needs a lower-case foreign
    # word too: capitals alone are a name (`Neue Zürcher Zeitung`).
    runs: list[list[regex.Match[str]]] = []
    for match in _SOURCE_WORD.finditer(target):
        if match.group().casefold() not in source_words:
            continue
        if runs and target[runs[-1][-1].end():match.start()].strip(" ,") == "":
            runs[-1].append(match)  # next to the previous copied word
        else:
            runs.append([match])
    for copied in runs:
        foreign = [index for index, match in enumerate(copied) if _foreignness(match.group().casefold(), src, tgt)]
        lower = [index for index in foreign if copied[index].group()[0].islower()]
        if not lower:
            continue
        if len(foreign) < 2 and _foreignness(copied[lower[0]].group(), src, tgt) != _UNMISTAKABLE:
            continue
        run = copied[foreign[0]:foreign[-1] + 1]
        if not _quoted(target, run[0].start(), run[-1].end()):
            start, end = run[0].start(), run[-1].end()
            yield Finding(Span(start, end),
                          f'Untranslated {_language_name(src)} words "{excerpt(target, start, end)}" in the '
                          f'{_language_name(tgt)} target' if len(run) > 1 else
                          f'Untranslated {_language_name(src)} word "{excerpt(target, start, end)}" in the '
                          f'{_language_name(tgt)} target')


_FOREIGN, _UNMISTAKABLE = 1, 2


@lru_cache(maxsize=8192)
def _foreignness(word: str, src: str, tgt: str) -> int:
    """0 for a word of the target language; _FOREIGN for a common word of the source language that
    the target rarely uses; _UNMISTAKABLE for one so common in the source language, and so much rarer
    in the target's, that it is foreign even on its own: a function word (`und`: German 7.4, in
    English web text 3.9, a thousand times less often), never a loanword."""
    native, foreign = frequencies.lookup(word, tgt), frequencies.lookup(word, src)
    if native is None or foreign is None:
        return 0
    if foreign >= _FUNCTION_WORD_ZIPF and foreign - native >= _UNMISTAKABLE_MARGIN:
        return _UNMISTAKABLE if len(word) >= 3 else _FOREIGN
    if native < _NATIVE_MAX_ZIPF and foreign >= _FOREIGN_MIN_ZIPF and foreign - native >= _FOREIGN_MARGIN:
        return _FOREIGN
    return 0
