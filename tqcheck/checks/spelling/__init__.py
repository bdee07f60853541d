"""Spelling (TQ8xx): Hunspell spell checking of the target, skipping names, numbers and allowed words."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.checks.spelling import dictionaries
from tqcheck.checks.spelling.dictionaries import Speller
from tqcheck.checks.text import inside, protected_spans
from tqcheck.lang import UNSPACED_LANGUAGES
from tqcheck.lang.patterns import lazy_regex
from tqcheck.limits import MAX_WORD_LENGTH
from tqcheck.model import Finding, Option, Segment, Severity, Span

FAMILY = "spelling"

# Languages written without spaces between words: no word list can check them (skipped silently).
UNSEGMENTED_LANGUAGES = UNSPACED_LANGUAGES
# Languages where a lower-case word whose capitalised form is in the dictionary is a capitalisation
# error (israel, haus). Not Czech or Russian, whose dictionaries list common words as names too (Teda).
CASE_CHECKED_LANGUAGES = frozenset({"en", "de"})
# Scripts without capital letters, where names cannot be told from words, and where the dictionaries
# cover the attached clitics (و، ب، ال / ו, ה, ב, ל) only in part: an unknown word is flagged only
# when it is one edit from a known, more frequent word.
UNCASED_CLITIC_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "ckb"})
# Languages that capitalise every noun: a capitalised word there is not a name by itself.
NOUN_CAPITALISING_LANGUAGES = frozenset({"de", "lb"})


@dataclass(frozen=True, slots=True)
class CompoundRule:
    """How a language writes compounds solid: linking elements after the head, endings the head's
    dictionary form may have lost (Slavic `атмосфер|о|стойкий` from `атмосфера`), and prefixes."""

    links: tuple[str, ...]
    stem_endings: tuple[str, ...] = ()
    prefixes: frozenset[str] = frozenset()


_GERMANIC_LINKS = ("", "s", "es", "n", "en", "e", "er", "ens")
_COMMON_PREFIXES = "anti auto bio geo mega multi neo pseudo re semi super tele ultra pro post inter meta mono poly"
# An unknown word made of known parts (with a linking -s-, -o-, ...) is accepted: Hunspell's own
# compounding covers only part of this (de_DE lacks astrophysikalische, hineinzufallen; ru_RU
# lacks саморазрушительно, влагоустойчивым).
COMPOUND_RULES: dict[str, CompoundRule] = {
    "de": CompoundRule(_GERMANIC_LINKS, (), frozenset(f"""{_COMMON_PREFIXES} ab an auf aus be bei da dar durch ein
        ent er fort ge her herab heran herauf heraus herbei herein herum herunter hervor hin hinab hinauf hinaus
        hinein hinter hinunter hinweg hoch los miss mit nach nieder über um umher un unter ur ver vor voran
        voraus vorbei vorüber weg weiter wieder zer zu zurück zusammen entgegen entlang gegen empor rück selbst
        nicht halb astro mikro makro sozio prä intra ko kontra trans haupt grund""".split())),
    "nl": CompoundRule(_GERMANIC_LINKS, (), frozenset(f"""{_COMMON_PREFIXES} aan af be bij door er ge her in mee
        na om onder ont op over te toe uit ver voor weg micro""".split())),
    "sv": CompoundRule(("", "s", "e", "a", "u", "o")),
    "da": CompoundRule(("", "s", "e")),
    "nb": CompoundRule(("", "s", "e")),
    "nn": CompoundRule(("", "s", "e")),
    "ru": CompoundRule(("", "о", "е", "и"), ("а", "я", "ь", "й", "ы"), frozenset("""не само много мало полу анти
        мульти меж пост пре про контр супер псевдо микро макро мега нео гипер ультра теле аудио видео авто фото
        био гео эко вело мото кибер спец""".split())),
    "uk": CompoundRule(("", "о", "е", "і"), ("а", "я", "ь", "й", "и"), frozenset("""не само багато мало напів
        анти мульти між пост пре про контр супер псевдо мікро макро мега нео гіпер ультра теле аудіо відео авто
        фото біо гео еко вело мото кібер спец""".split())),
    "cs": CompoundRule(("", "o", "e", "i"), ("a", "e", "y", "í"), frozenset(f"""{_COMMON_PREFIXES} ne samo více
        málo polo mezi pre kontra pseudo mikro makro hyper audio video foto eko velo moto kyber""".split())),
}
COMPOUND_RULES["sk"] = COMPOUND_RULES["cs"]
COMPOUND_RULES["lb"] = COMPOUND_RULES["de"]
_MIN_PART = 4

# wordfreq Zipf frequencies (log10 of uses per billion words: "the" 7.7, "udon" 2.5, unseen 0).
# An unknown word this frequent is "a word in use" (glyphosate, shawarma), unless a dictionary
# word one edit away is TYPO_MARGIN more frequent (recieve 2.75 -> receive 4.85).
MIN_ZIPF = 1.5
TYPO_MARGIN = 1.0
# An unknown word this frequent is accepted outright (дрон, демо, хак: loanwords the dictionary lacks).
TRUSTED_ZIPF = 3.0
# Any 2-3 letter string is one edit from very frequent words (ok -> on), so short words need more.
SHORT_TYPO_MARGIN = 2.5
# Unknown capitalised German words are nouns or names; flagged only when one edit from a word
# this much more frequent (Empfinflichkeit -> Empfindlichkeit).
NOUN_TYPO_MARGIN = 1.5
# A capitalised word at the start of a sentence is flagged only when one edit from a word at least
# COMMON_ZIPF frequent and NAME_TYPO_MARGIN more frequent than itself ("Recieve" 2.75 -> receive
# 4.85); anything else is taken for a name ("Blinken" 1.7 is one edit from "blinked" 2.9).
COMMON_ZIPF = 3.5
NAME_TYPO_MARGIN = 1.5
NAME_MIN_LENGTH = 6

_L = r"[\p{L}\p{M}\p{N}]"
# A word: letters/marks/digits joined by inner apostrophes, hyphens, periods (abbreviations, domains)
# and, in Hebrew, geresh/gershayim (acronyms like צה"ל).
_WORD = lazy_regex(
    rf"{_L}+(?:(?:['\u2019\u02bc\-\u2010\u2011.\u05be]|(?<=\p{{Hebrew}})[\"\u05f3\u05f4](?=\p{{Hebrew}})){_L}+)*")
_HYPHENS = lazy_regex(r"[\-\u2010\u2011\u05be]")
_APOSTROPHES = lazy_regex(r"['\u2019\u02bc]")
_DIGIT = lazy_regex(r"\p{N}")
_UPPER = lazy_regex(r"\p{Lu}")
_MARKS = lazy_regex(r"[\p{Mn}\u0640]")  # Arabic harakat, Hebrew niqqud, tatweel
_SCRIPT_NAMES = ("Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Armenian", "Georgian", "Hangul",
                 "Devanagari", "Bengali", "Tamil", "Telugu", "Ethiopic", "Sinhala")
_FOREIGN: dict[str, regex.Pattern[str]] = {
    name: regex.compile(rf"[\p{{L}}--[\p{{Script={name}}}\p{{Script=Common}}\p{{Script=Inherited}}]]", regex.V1)
    for name in _SCRIPT_NAMES
}
_SENTENCE_END = frozenset(".!?\u2026\u061f\u06d4\u0964")
_OPENERS = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a([{\u2014\u2013-*\u2022\u00bf\u00a1")
# Characters right before a word that mark it as a handle, hashtag, placeholder or code.
_CODE_BEFORE = frozenset("@#_{<&%$\\/=")
_CODE_AFTER = frozenset("@_}>(=/\\")

# Classes of a word, decided once per (dictionary, word) and cached.
OK = 0          # in the dictionary, in use, or not checkable (acronym, digits, other script)
UNKNOWN = 1     # not a word of the language
NAME_LIKE = 2   # unknown, capitalised and one edit from a common word: flagged at sentence start only
CAPITALISED = 3  # unknown and capitalised: a name, unless `_name_typo` (asked at sentence start only) says NAME_LIKE


def _tag(segment: Segment, ctx: Context) -> str:
    return segment.tgt_lang or ctx.tgt.code


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at `start` begins the text or a sentence (after . ! ? and openers)."""
    index = start - 1
    while index >= 0 and (text[index].isspace() or text[index] in _OPENERS):
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def _lookup_forms(word: str, script: str) -> list[str]:
    """The spellings to look up: as written, and with apostrophes, gershayim and marks normalised."""
    forms = [word]
    if script in ("Arabic", "Hebrew"):
        stripped = _MARKS.sub("", word).replace("\u05f4", '"').replace("\u05f3", "'")
        if stripped != word:
            forms.append(stripped)
    if "\u2019" in word or "\u02bc" in word:
        forms.append(_APOSTROPHES.sub("'", word))
    return forms


def _typo_of(speller: Speller, word: str, frequency: float, margin: float) -> str | None:
    """A dictionary word one edit from `word` and `margin` Zipf (x10 per 1.0) more frequent, if any."""
    for candidate in speller.near(word):
        if candidate.casefold() == word.casefold():
            continue
        if dictionaries.zipf_frequency(candidate, speller.language) >= frequency + margin:
            return candidate
    return None


def _known_any_case(speller: Speller, word: str) -> bool:
    return speller.known(word) or speller.known(word[:1].upper() + word[1:]) or speller.known(word.lower())


def _compound_head(speller: Speller, rule: CompoundRule, head: str) -> bool:
    """Whether `head` can start a compound: a prefix, or a word of 4+ letters plus a linking element."""
    lowered = head.lower()
    if lowered in rule.prefixes:
        return True
    for link in rule.links:
        if link and not lowered.endswith(link):
            continue
        stem = head[: len(head) - len(link)] if link else head
        if len(stem) < _MIN_PART - 1:
            continue
        if len(stem) >= _MIN_PART and _known_any_case(speller, stem):
            return True
        if link and any(_known_any_case(speller, stem + ending) for ending in rule.stem_endings):
            return True
    return False


@lru_cache(maxsize=1 << 14)
def _compound(speller: Speller, rule: CompoundRule, word: str, depth: int = 2) -> bool:
    """Whether `word` splits into a compound head and a known tail (the tail itself split up to `depth`).

    The tail keeps the case of a capitalised word (`Mineral|reiches` checks `reiches`, and
    `Kinder|Sterblichkeit` checks `Sterblichkeit`), because the tail carries the inflection.
    """
    for index in range(2, len(word) - _MIN_PART + 1):
        head, tail = word[:index], word[index:]
        if not _compound_head(speller, rule, head):
            continue
        candidates = (tail, tail[:1].upper() + tail[1:]) if word[:1].isupper() else (tail,)
        if any(speller.known(item) for item in candidates):
            return True
        if depth > 0 and _compound(speller, rule, tail, depth - 1):
            return True
    return False


@lru_cache(maxsize=1 << 12)
def _name_typo(speller: Speller, lang: str, word: str) -> bool:
    """Whether a capitalised unknown word is one edit from a common word (`Recieve` -> `receive`)."""
    frequency = dictionaries.zipf_frequency(word, lang)
    common = max(COMMON_ZIPF - NAME_TYPO_MARGIN, frequency)
    return _typo_of(speller, word, common, NAME_TYPO_MARGIN) is not None


@lru_cache(maxsize=1 << 14)
def classify(speller: Speller, lang: str, script: str, word: str, min_zipf: float) -> int:
    """OK, UNKNOWN or CAPITALISED for one word, whatever its context (cached)."""
    if len(word) < 2 or len(word) > MAX_WORD_LENGTH or _DIGIT.search(word) or "." in word:
        return OK  # past MAX_WORD_LENGTH it is no word (a run of combining marks, a pasted blob): not judged
    foreign = _FOREIGN.get(script)
    if foreign is not None and foreign.search(word):
        return OK
    uppers = len(_UPPER.findall(word))
    if uppers > 1 or (uppers == 1 and not word[0].isupper()):
        return OK  # acronym (NATO, UNRWA), camel-case brand or name (McGurk, iPhone)
    if any(speller.known(form) for form in _lookup_forms(word, script)):
        return OK
    if _HYPHENS.search(word):
        parts = [part for part in _HYPHENS.split(word) if part]
        if parts[0][:1].isupper() and lang not in NOUN_CAPITALISING_LANGUAGES:
            return OK  # a name with a suffix or a place: Echizen-cho, Yamato-kun, Brno-Střed
        if all(classify(speller, lang, script, part, min_zipf) != UNKNOWN for part in parts):
            return OK
        return UNKNOWN
    if _APOSTROPHES.search(word):
        parts = [part for part in _APOSTROPHES.split(word) if len(part) > 1]
        if parts and all(classify(speller, lang, script, part, min_zipf) != UNKNOWN for part in parts):
            return OK
    rule = COMPOUND_RULES.get(lang)
    if rule is not None and len(word) >= 2 * _MIN_PART and _compound(speller, rule, word):
        return OK
    if lang in CASE_CHECKED_LANGUAGES and word.islower() and speller.known(word[:1].upper() + word[1:]):
        return UNKNOWN  # a name or (German) noun written lower-case: israel, haus
    if word[0].isupper() and lang not in NOUN_CAPITALISING_LANGUAGES:
        # A name, unless one edit from a common word (Recieve); checked at sentence start only,
        # where `_name_typo` decides (most capitalised words are names inside sentences, and the
        # one-edit search costs about half a millisecond). Short names are too often one edit
        # from a word (Duda, Sandu) to tell.
        return OK if len(word) < NAME_MIN_LENGTH else CAPITALISED
    frequency = dictionaries.zipf_frequency(word, lang)
    if frequency >= TRUSTED_ZIPF:
        return OK
    margin = TYPO_MARGIN if len(word) > 3 else SHORT_TYPO_MARGIN
    if word[0].isupper():  # German: a noun or a name
        # A genitive (Klingelns, Donnes) of a known or unknown word is fine; otherwise flagged only
        # when it looks like a typo of a much more frequent word.
        if word.endswith("s") and (_known_any_case(speller, word[:-1]) or frequency >= min_zipf):
            return OK
        return UNKNOWN if _typo_of(speller, word, frequency, NOUN_TYPO_MARGIN) else OK
    if frequency >= min_zipf and not _typo_of(speller, word, frequency, margin):
        return OK
    if lang in UNCASED_CLITIC_LANGUAGES and not _typo_of(speller, word, frequency, margin):
        return OK  # no capitals to tell names from words: only near-misses of known words are flagged
    return UNKNOWN


_VERDICTS_SIZE = 1 << 16  # words remembered per dictionary and settings; forgotten all at once when full


@lru_cache(maxsize=16)
def _verdicts(speller: Speller, lang: str, script: str, min_zipf: float) -> dict[str, int]:
    """`classify`'s answers for one dictionary and settings, by word: the hot loop's plain dict."""
    return {}


@lru_cache(maxsize=256)
def _allowed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(part.casefold() for item in words for part in item.split())


def _source_words(source: str | None) -> frozenset[str]:
    if not source:
        return frozenset()
    return frozenset(form for match in _WORD.finditer(source) for form in _base_forms(match.group().casefold()))


def _number(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _base_forms(folded: str) -> tuple[str, ...]:
    """A word and, for matching names, its forms without a possessive or genitive ending."""
    forms = [folded]
    for ending in ("'s", "\u2019s", "s"):
        if folded.endswith(ending) and len(folded) > len(ending) + 1:
            forms.append(folded[: -len(ending)])
    return tuple(forms)


_CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia", "'": "", "\u2019": "", "\u02bc": "",
    # Arabic and Hebrew consonants (vowel letters and hamza carriers drop out like Latin vowels)
    "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ؤ": "", "ئ": "", "ى": "", "ة": "", "ع": "", "ب": "b",
    "پ": "p", "ت": "t", "ث": "s", "ج": "g", "ح": "h", "خ": "k", "د": "d", "ذ": "z", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ڤ": "v", "ق": "k",
    "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "v", "ي": "i", "ی": "i",
    "א": "", "ע": "", "ב": "b", "ג": "g", "ד": "d", "ה": "h", "ו": "v", "ז": "z", "ח": "h", "ט": "t",
    "י": "i", "כ": "k", "ך": "k", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s", "פ": "p",
    "ף": "p", "צ": "ts", "ץ": "ts", "ק": "k", "ר": "r", "ש": "sh", "ת": "t", "\u05f3": "", "\u05f4": "",
})
# Spelling-neutral simplifications; p/b and v/f merge because Arabic writes p as b and v as f.
_SKELETON_RULES = (("ph", "f"), ("ck", "k"), ("qu", "kv"), ("x", "ks"), ("c", "k"), ("q", "k"), ("w", "v"),
                   ("v", "f"), ("p", "b"), ("y", "i"), ("j", "i"))
# Clitics written together with the next word, dropped before matching a borrowed word.
_CLITIC_PREFIXES: dict[str, tuple[str, ...]] = {
    "ar": ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك"),
    "he": ("וה", "שה", "מה", "ה", "ו", "ב", "ל", "מ", "ש", "כ"),
}
_VOWELS = lazy_regex(r"[aeiou]+")
_DOUBLED = lazy_regex(r"(.)\1+")


# Arabic and Hebrew write long vowels with the letters for w and y: try them as vowels too.
_MATRES = str.maketrans({"و": "", "ي": "", "ו": "", "י": ""})


@lru_cache(maxsize=1 << 14)
def _skeleton(word: str) -> str:
    """First consonants of a word, transliterated and simplified, to match a borrowed term with its
    source (датасета ~ dataset, pajplajně ~ pipeline, токенизирован ~ tokenized)."""
    text = "".join(char for char in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(char))
    text = text.translate(_CYRILLIC_TO_LATIN)
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    text = str(_DOUBLED.sub(r"\1", _VOWELS.sub("", text)))
    return text[:4]


def _borrowed(word: str, source: str | None, lang: str) -> bool:
    """Whether `word` looks like a source word carried over with target spelling and endings."""
    if not source:
        return False
    forms = [word] + [word[len(prefix):] for prefix in _CLITIC_PREFIXES.get(lang, ()) if word.startswith(prefix)]
    if lang in _CLITIC_PREFIXES:
        forms += [form.translate(_MATRES) for form in forms]
    skeletons = {_skeleton(form) for form in forms}
    skeletons = {item for item in skeletons if len(item) >= 3}
    if not skeletons:
        return False
    for match in _WORD.finditer(source):
        word_there = match.group()
        theirs = {_skeleton(word_there), _skeleton(word_there.translate(_MATRES))}  # אגורות ~ agorot
        for mine in skeletons:
            for other in theirs:
                size = min(len(mine), len(other))
                if size >= 3 and mine[:size] == other[:size]:
                    return True
    return False


def _abbreviation(speller: Speller, text: str, word: str, end: int) -> bool:
    """A word followed by a period that is an abbreviation (`tel.`, `roč.`) rather than a sentence end."""
    if end >= len(text) or text[end] != ".":
        return False
    if len(word) <= 4 or speller.known(word + "."):
        return True
    rest = text[end + 1:].lstrip()
    return bool(rest) and (rest[0].islower() or rest[0].isdigit())


def _truncated_head(text: str, end: int) -> bool:
    """Whether the word ends in a hyphen with no letter after it (`Gesundheits- und`)."""
    return end < len(text) and text[end] in "-\u2010\u2011" and (end + 1 == len(text) or not text[end + 1].isalpha())


def _is_code(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in _CODE_BEFORE) or (end < len(text) and text[end] in _CODE_AFTER)


def _message(word: str, suggestions: Sequence[str], speller: Speller) -> str:
    if not suggestions:
        return f'Unknown word "{word}" (not in the {speller.name} dictionary)'
    shown = ", ".join(f'"{item}"' for item in suggestions[:3])
    return f'Possible misspelling "{word}": did you mean {shown}?'


@check("TQ801", severity=Severity.INFO, fix="unsafe", options={
    "dictionary": Option(str, "", "A Hunspell dictionary to use instead of the target language's: a name "
                         "(`en_GB`) or a path without extension (`/dicts/de_CH`)."),
    "min-zipf": Option(float, MIN_ZIPF, "A word wordfreq has seen at least this often (Zipf scale) is never "
                       "flagged, whatever the dictionary says."),
    "allow": Option(list, [], "Words never flagged, besides `allow-words` and `allow-names`."),
    "hunspell-suggest": Option(bool, False, "Ask Hunspell for suggestions when the word lists give none "
                               "(slower; off by default)."),
})
def misspelled_word(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A word of the target that is not in the language's Hunspell dictionary.

    ## What it does
    Looks up every word of the target in the Hunspell dictionary of the target language
    (`en` -> en_US plus en_GB, `en-GB` -> en_GB, `de` -> de_DE, `pt-BR` -> pt_BR; see
    `tqcheck.checks.spelling.dictionaries` for the search path and `$TQCHECK_DICT_PATH`) and flags the
    words it does not know. Suggestions are dictionary words one edit away, most frequent
    first: the best is the issue's suggestion, the message lists up to three.

    Not flagged: words with digits, ALL-CAPS acronyms, camel-case names (`McGurk`),
    abbreviations and domains (`z.B.`, `tel.`, `example.com`), URLs, e-mail addresses,
    handles and hashtags, words in another script than the language's, words that occur
    in the source (untranslated names and terms) or are a source word transliterated
    (`датасета` for `dataset`), hyphenated compounds, elisions and possessives whose parts
    are words (`post-war`, `l'homme`, `Israel's`), solid compounds of known parts in German,
    Dutch, Scandinavian and Slavic languages (`astrophysikalische`, `саморазрушительно`),
    and words in use according to wordfreq: Zipf frequency >= 3, or >= 1.5 (option
    `min-zipf`) unless a dictionary word one edit away is ten times as frequent
    (`glyphosate` is accepted, `recieve` is not). Words in `allow-words`, `allow-names` or
    the option `allow` are never flagged.

    Capitalised words are taken for names, except at the start of a sentence when they are
    one edit from a common word (`Recieve`). In German, where every noun is capitalised,
    an unknown capitalised word is flagged only when it looks like a typo of a much more
    frequent word. In English and German a lower-case word whose capitalised form is in
    the dictionary is flagged (`israel`). Arabic, Hebrew, Persian and Urdu have no capitals
    to tell names from words and attach clitics the dictionaries cover only in part, so
    there only near-misses of known words are flagged (`الإبنة` for `الابنة`).

    Options (`[options.TQ801]`, or per language under `[lang.xx]`): `allow` (words),
    `dictionary` (a name such as `en_GB` or a path to a `.dic`), `min-zipf` (1.5), and
    `hunspell-suggest = true` to ask Hunspell's own, slower suggester (0.1-1 s a word)
    when no word is one edit away.

    ## Severity
    Information: human translations have as many unknown words as MT has (names, new words,
    inflections the dictionary lacks). A warning for a plain typo: a lower-case word of five
    letters or more that wordfreq has never seen, two neighbouring letters swapped or one letter
    dropped or added inside a word in everyday use (`govenrment`, `superviors`). Words wordfreq
    knows are left as information: a first rule that let them in was right 1 time in 15
    (`сеются`, `ylang` are words). A typo warning names the words it may have meant but offers
    no fix: the nearest common word is often not the one meant in garbled MT.

    ## Why is this bad?
    A non-word in a published translation is an error every reader notices; in MT output
    it often marks a garbled rare word, a dropped letter or a word from a neighbouring
    language (Russian forms in Ukrainian output).

    ## Example
        Fires: The minister will recieve the delegation on Monday.
        Fires: israel said the talks would resume.
        Fires[de]: Die Regierung hat die Empfinflichkeit der Lage betont.
        Fires[ru]: Министр заявил, что правительсво примет меры.
        Okay:  Blinken met Amos Hochstein and Brett McGurk in Rafah, Netanyahu said.
        Okay:  Israel's reoccupation of Gaza isn't an option, see https://exmple.org/xyzzy
        Okay[de]: Die Bundesverteidigungsministerin besuchte die Gesundheits- und Bildungseinrichtungen.
        Okay[fr]: Aujourd'hui, l'homme qu'il a rencontré est arrivé jusqu'à Gaza.
        Okay[he>en]: המחיר ירד ב-20 אגורות. ||| The price fell by 20 agorot.

    ## Known problems
    Real-word errors (`form` for `from`), wrong capitalisation of a known word (`Schwarze`)
    and regional variants (`color` in an en-GB text; wordfreq knows both) are not found.
    New words that neither the dictionary nor wordfreq knows (`ковидный`, `pajplajn`
    without `pipeline` in the source) and romanised words (`udon`) are flagged. A name one
    edit from a common word can be flagged at the start of a sentence, and in Arabic or
    Hebrew anywhere; add it to `allow-names`. The run's target language is known to a
    check only as its primary subtag, so an `en-GB` run without per-segment languages
    checks as `en`: set `dictionary = "en_GB"` to be strict. Chinese, Japanese, Thai and
    other unspaced scripts are not checked. Without a dictionary or the chunspell module
    nothing is reported here; TQ899 says so once per run.
    """
    lang = ctx.tgt.code
    if not lang or lang in UNSEGMENTED_LANGUAGES:
        return
    speller = dictionaries.speller(_tag(seg, ctx), ctx.option("dictionary", None))
    if speller is None:
        return
    script = ctx.tgt.script
    min_zipf = _number(ctx.option("min-zipf", MIN_ZIPF), MIN_ZIPF)
    text = seg.target
    verdicts = _verdicts(speller, lang, script, min_zipf)
    # Fast path: most texts have only words already classified OK (one dict lookup each).
    for word in _WORD.findall(text):
        verdict = verdicts.get(word)
        if verdict is None:
            verdict = classify(speller, lang, script, word, min_zipf)
            if len(verdicts) >= _VERDICTS_SIZE:
                verdicts.clear()
            verdicts[word] = verdict
        if verdict != OK:
            break
    else:
        return
    allowed: frozenset[str] | None = None
    source: frozenset[str] | None = None
    protected: list[tuple[int, int]] | None = None
    hunspell_suggest: bool | None = None
    for match in _WORD.finditer(text):
        word = match.group()
        verdict = classify(speller, lang, script, word, min_zipf)
        if verdict == OK:
            continue
        start, end = match.span()
        if verdict == CAPITALISED:
            if not _sentence_initial(text, start) or not _name_typo(speller, lang, word):
                continue
            verdict = NAME_LIKE
        if _is_code(text, start, end) or _abbreviation(speller, text, word, end):
            continue
        rule = COMPOUND_RULES.get(lang)
        if rule is not None and _truncated_head(text, end) and _compound_head(speller, rule, word):
            continue  # Gesundheits- und Bildungspolitik
        if protected is None:
            protected = protected_spans(text)
        if inside(start, protected):
            continue
        if allowed is None:
            option = ctx.option("allow", ())
            allowed = _allowed(ctx.settings.allow_words + ctx.settings.allow_names
                               + ((option,) if isinstance(option, str) else tuple(str(item) for item in option)))
        folded = word.casefold()
        if source is None:
            source = _source_words(seg.source)
        if any(form in allowed or form in source for form in _base_forms(folded)):
            continue
        suggestions = speller.near(word)
        # A lower-case word one edit from names only (`agorot` / `Igorot`) is no more likely a typo
        # than a word with no neighbour at all: both may be a source word carried over.
        only_names = word.islower() and all(item[:1].isupper() for item in suggestions)
        if (only_names or verdict == NAME_LIKE or lang in UNCASED_CLITIC_LANGUAGES) \
                and _borrowed(word, seg.source, lang):
            continue
        if not suggestions and hunspell_suggest is None:
            hunspell_suggest = bool(ctx.option("hunspell-suggest", False))
        if not suggestions and hunspell_suggest:
            suggestions = speller.hunspell_suggest(word)
        near = _typo_of_common(word, suggestions, lang)
        if near and not _borrowed(word, seg.source, lang):
            # A plain typo: a warning, with the words it may have meant but no fix. Judged on WMT23,
            # a non-word one slip from a common word is nearly always wrong, but the nearest word is
            # often not the one meant (`таїнці` is no typo of `танці`, `мачтах` a Russian word).
            yield Finding(Span(start, end), _typo_message(word, near), severity=Severity.WARNING)
            continue
        yield Finding(Span(start, end), _message(word, suggestions, speller),
                      suggestion=suggestions[0] if suggestions else None)


_TYPO_MIN_LENGTH = 5
_TYPO_TARGET_ZIPF = 3.5  # the word the typo departs from is a common one


def _typo_of_common(word: str, suggestions: Sequence[str], lang: str) -> list[str]:
    """The common words one edit from `word` when `word` is a slip of the keyboard beyond reasonable
    doubt; empty otherwise.

    `word` is lower case, five letters or more, and wordfreq has never seen it (a rare
    inflection, a coinage or a borrowed word is in its web and book counts: `сеются`, `ylang`);
    one of its suggestions in everyday use (Zipf 3.5 or more) differs from it by two neighbouring
    letters swapped or one letter dropped or added away from both ends (changes at the ends are
    inflections, `cleansings`, or a lost first letter).
    """
    if not word.islower() or len(word) < _TYPO_MIN_LENGTH or dictionaries.zipf_frequency(word, lang) > 0.0:
        return []
    common = [candidate for candidate in suggestions[:5] if candidate.islower()
              and dictionaries.zipf_frequency(candidate, lang) >= _TYPO_TARGET_ZIPF]
    return common if any(_one_slip(word, candidate) for candidate in common) else []


def _typo_message(word: str, near: Sequence[str]) -> str:
    if len(near) == 1:
        return f'Misspelling "{word}": not a word; perhaps "{near[0]}"'
    listed = ", ".join(f'"{candidate}"' for candidate in near)
    return f'Misspelling "{word}": not a word; one letter from {listed}'


def _one_slip(word: str, intended: str) -> bool:
    """Whether `word` is `intended` with two neighbouring letters swapped, or one letter dropped
    or added away from both ends."""
    if len(intended) != len(word):
        shorter, longer = sorted((word, intended), key=len)
        if len(longer) - len(shorter) != 1:
            return False
        at = next((index for index, (a, b) in enumerate(zip(shorter, longer)) if a != b), len(shorter))
        return 0 < at < len(shorter) - 1 and longer[:at] + longer[at + 1:] == shorter
    differ = [index for index, (a, b) in enumerate(zip(word, intended, strict=True)) if a != b]
    return len(differ) == 2 and differ[1] == differ[0] + 1 and word[differ[0]] == intended[differ[1]] \
        and word[differ[1]] == intended[differ[0]]



@check("TQ899", severity=Severity.INFO, scope="batch")
def spelling_unavailable(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """Spell checking is off for a target language: no dictionary, or chunspell missing.

    ## What it does
    Reports once per run and target language, on the first segment in that language,
    that TQ801 could not check it, and why: the `chunspell` module is not installed, or
    no Hunspell dictionary for the language was found in `$TQCHECK_DICT_PATH`,
    `/usr/share/hunspell`, `/usr/share/myspell/dicts` or `/usr/share/myspell`.

    ## Why is this bad?
    A clean report should mean "checked and fine", not "not checked": without this
    notice a missing dictionary would look like perfect spelling.

    ## Example
        Fires[tlh]: Qapla' batlh Daqawlu'taH
        Okay:  The minister arrived on Monday.
        Okay[zh]: 部长周一抵达。

    ## Known problems
    Languages written without spaces (Chinese, Japanese, Thai, ...) are never spell
    checked and get no notice. Select `TQ8` (not just `TQ801`) to see the notice.
    """
    memory = ctx.memory()
    dictionary = ctx.option_of("TQ801", "dictionary", None)
    for segment in doc:
        tag = _tag(segment, ctx)
        if tag in memory:
            continue
        memory[tag] = True
        if not tag or dictionaries.language_parts(tag)[0] in UNSEGMENTED_LANGUAGES:
            continue
        reason = dictionaries.unavailable_reason(tag, dictionary)
        if reason:
            yield Finding(Span(0, 0), reason, segment_id=segment.id)
