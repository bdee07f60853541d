"""Romanisation and consonant skeletons: how a name is matched across scripts.

`Gallant`, `غالانت`, `גלנט`, `Галант`, `加兰特` and `ガラント` are one name written five ways.
They share little letter by letter, but they share a consonant outline: G-L-N-T. A
*skeleton* is that outline in eight broad sound classes, after romanising the word:

    B  b p f v        K  k g q c j (and ch, zh, dzh)     S  s z x (and sh, ts, tz)
    T  t d (th, dh)   L  l r (Chinese and Japanese do not tell them apart)
    M  m              N  n (and ng)                       H  a word-initial h (kh)

Vowels, `y`, `w` and any later `h` are dropped, because Arabic and Hebrew write few
vowels, Chinese and Japanese add them after every consonant, and Russian and Czech
inflect names with vowel endings: `Netanyahu`, `نتنياهو`, `Нетаньяху` and `内塔尼亚胡` all
become `NTN`.

Romanisation uses `anyascii` (Cyrillic, Greek, kana, Han as pinyin) with two
exceptions: Arabic and Hebrew get a table here, so that the letters that also write
vowels (`و`, `ي`, `ו`, `י`) become vowels rather than the consonants `v`/`w`/`y`; and Han
characters are read syllable by syllable with pinyin's own consonant values (`q` and `j`
are K, `x` is S), because Chinese transliterates a foreign name one syllable per
character. Everything is cached per word; nothing here does I/O.

Skeletons are coarse on purpose and so are only evidence: a match says the spelling is
plausible, a mismatch of a long skeleton says it is probably another name. Japanese
names written in kanji (`岸田` for Kishida) cannot be read without a dictionary; their
skeletons are meaningless and callers must not rely on them (see `han_reading_reliable`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex
from rapidfuzz.distance import Levenshtein

from tqcheck.lang.patterns import lazy_regex

try:
    from anyascii import anyascii
except ImportError:  # pragma: no cover - degraded: Latin only (Cyrillic, kana and Han become empty)
    def anyascii(string: str) -> str:
        return unicodedata.normalize("NFKD", string).encode("ascii", "ignore").decode("ascii")

# Arabic (and Persian/Urdu) letters: long vowels and hamza seats become vowels.
_ARABIC: dict[str, str] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ى": "a", "ٱ": "a", "ة": "a", "ء": "", "ئ": "i", "ؤ": "u",
    "و": "u", "ي": "i", "ی": "i", "ې": "i", "ے": "e",
    "ب": "b", "پ": "p", "ت": "t", "ث": "th", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ڤ": "v", "ق": "q", "ك": "k", "ک": "k", "گ": "g", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ھ": "h", "ۀ": "a",
}
# Hebrew letters (final forms too); vav and yod are written vowels far more often than consonants.
_HEBREW: dict[str, str] = {
    "א": "", "ב": "b", "ג": "g", "ד": "d", "ה": "h", "ו": "u", "ז": "z", "ח": "kh", "ט": "t", "י": "i",
    "כ": "k", "ך": "k", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s", "ע": "", "פ": "p",
    "ף": "f", "צ": "ts", "ץ": "ts", "ק": "k", "ר": "r", "ש": "sh", "ת": "t", "׳": "", "'": "",
}
_TABLES = (_ARABIC, _HEBREW)

# Latin spellings, longest first, and the class each stands for ("" = drop).
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("tsch", "K"), ("dzh", "K"), ("sch", "S"), ("tch", "K"), ("shch", "S"),
    ("sh", "S"), ("zh", "K"), ("ch", "K"), ("kh", "h"), ("gh", "K"), ("th", "T"), ("dh", "T"),
    ("ph", "B"), ("ts", "S"), ("tz", "S"), ("qu", "K"), ("dj", "K"), ("ng", "N"),
    ("x", "KS"),
)
_LETTERS: dict[str, str] = {
    **dict.fromkeys("bpfv", "B"), **dict.fromkeys("kgqcj", "K"), **dict.fromkeys("sz", "S"),
    **dict.fromkeys("td", "T"), **dict.fromkeys("lr", "L"), "m": "M", "n": "N", "h": "h",
}
_DIGRAPH = lazy_regex("|".join(regex.escape(spelling) if spelling != "ng" else "ng(?![a-z])"
                                  for spelling, _ in _DIGRAPHS) + "|.", regex.S)
_DIGRAPH_CLASS = dict(_DIGRAPHS)
# Pinyin initials (longest first) and their classes: pinyin's q/j/zh/ch are K, x/sh/z/c/s are S.
_PINYIN_INITIAL = lazy_regex(r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?")
_PINYIN: dict[str, str] = {
    **dict.fromkeys(("b", "p", "f"), "B"), "m": "M", **dict.fromkeys(("d", "t"), "T"), "n": "N",
    **dict.fromkeys(("l", "r"), "L"), **dict.fromkeys(("g", "k", "j", "q", "zh", "ch"), "K"), "h": "h",
    **dict.fromkeys(("x", "sh", "z", "c", "s"), "S"), "y": "", "w": "", "": "",
}
_HAN = lazy_regex(r"\p{Script=Han}")
_WORD = lazy_regex(r"[\p{L}\p{M}]+(?:['\u2019\u02bc][\p{L}\p{M}]+)*")
# One maximal run of name material in a text: letters of one cased or abjad script, a katakana
# run (with the middle dot and length mark), or a run of Han characters.
_TOKEN = lazy_regex(
    r"(?P<han>\p{Script=Han}+)"
    r"|(?P<kana>[\p{Script=Katakana}ー]+)"
    r"|(?P<word>[\p{L}\p{M}]+(?:['\u2019\u02bc\-][\p{L}\p{M}]+)*)"
)
# Clitics written together with the next word: Arabic `wa-`, `bi-`, `li-`, `fa-`, `ka-`, `al-`;
# Hebrew `ha-`, `ve-`, `be-`, `le-`, `mi-`, `she-`, `ke-`.
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_HEBREW_PREFIXES = ("וה", "שה", "מה", "בה", "לה", "כש", "ש", "ה", "ו", "ב", "ל", "מ", "כ")
_ARABIC_LETTER = lazy_regex(r"\p{Script=Arabic}")
_LATIN_LETTER = lazy_regex(r"\p{Script=Latin}")
_HEBREW_LETTER = lazy_regex(r"\p{Script=Hebrew}")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc`\u02b9\u02ba-")


# Ukrainian letters that anyascii reads the Russian way (`Григоренко` is Hryhorenko).
_UKRAINIAN = {"г": "h", "и": "y", "ґ": "g", "є": "ye", "ї": "yi", "і": "i"}
# Latin letters with a háček or acute whose sound anyascii would lose (`Žbánek` is `Жбанек`), and the
# Polish and Turkish spellings of the same sounds.
_LATIN_SOUNDS = str.maketrans({"ž": "zh", "š": "sh", "č": "ch", "ř": "rzh", "ć": "ch", "ś": "sh", "ź": "zh",
                               "ż": "zh", "ğ": "", "ş": "sh", "ç": "ch", "ñ": "ny", "ß": "ss"})
# Spellings that differ by language: in Czech, Slovak and Polish `ch` is kh, `c` is ts and `j` is y;
# in German and Polish `w` is v.
_LATIN_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "cs": (("ch", "kh"), ("c", "ts"), ("j", "y")),
    "sk": (("ch", "kh"), ("c", "ts"), ("j", "y")),
    "pl": (("cz", "ch"), ("sz", "sh"), ("ch", "kh"), ("c", "ts"), ("j", "y"), ("w", "v")),
    "de": (("w", "v"), ("j", "y")),
}


@lru_cache(maxsize=16384)
def romanize(word: str, lang: str = "") -> str:
    """A lower-case ASCII spelling of `word` (Arabic and Hebrew by table, the rest by anyascii).

    `lang` adjusts the letters whose sound differs by language (Ukrainian `г`, Czech `ch`).
    """
    parts = []
    if lang == "uk":
        word = "".join(_UKRAINIAN.get(char.lower(), char) for char in word)
    elif _LATIN_LETTER.match(word):
        lowered = word.lower()
        for old, new in _LATIN_RULES.get(lang, ()):  # before the háček letters, so č's ch stays ch
            lowered = lowered.replace(old, new)
        word = lowered.translate(_LATIN_SOUNDS)
        word = word.replace("wicz", "vich").replace("wski", "vski").replace("cz", "ch").replace("sz", "sh")
    for char in word:
        for table in _TABLES:
            if char in table:
                parts.append(table[char])
                break
        else:
            parts.append(anyascii(char))
    return "".join(parts).lower().translate(_APOSTROPHES)


def _latin_skeleton(ascii_word: str) -> str:
    classes = []
    if ascii_word.startswith("x"):  # Xena, Xi: an initial x is s
        ascii_word = "s" + ascii_word[1:]
    for match in _DIGRAPH.finditer(ascii_word):
        piece = match.group()
        if piece == "c" and ascii_word[match.end():match.end() + 1] in ("e", "i", "y") \
                and not ascii_word.startswith("mc", match.start() - 1):  # soft c: Pence, not McEwan
            classes.append("S")
            continue
        classes.append(_DIGRAPH_CLASS.get(piece) or _LETTERS.get(piece, ""))
    return _finish("".join(classes))


def _finish(classes: str) -> str:
    """Keep `h` only word-initially (as H) and merge a class doubled by spelling (`ll`, `ss`)."""
    result: list[str] = []
    for index, cls in enumerate(classes):
        if cls == "h":
            if index == 0:
                result.append("H")
            continue
        if result and result[-1] == cls:
            continue
        result.append(cls)
    return "".join(result)


def _pinyin_skeleton(word: str) -> str:
    classes = []
    for char in word:
        syllable = anyascii(char).lower()
        if not syllable.isalpha():
            continue
        match = _PINYIN_INITIAL.match(syllable)
        initial = match.group(1) or "" if match else ""
        classes.append(_PINYIN.get(initial, ""))
        final = syllable[len(initial):]
        if final.endswith(("n", "ng")):
            classes.append("N")
    return _finish("".join(classes))


@lru_cache(maxsize=16384)
def skeleton(word: str, lang: str = "") -> str:
    """The consonant-class outline of one word in any script (`Gallant` -> `KLNT`).

    `lang` matters for letters read differently by language (see `romanize`).
    """
    if _HAN.search(word):
        return _pinyin_skeleton(word)
    return _latin_skeleton(romanize(word, lang))


def skeletons_match(name: str, other: str) -> bool:
    """Whether skeleton `other` can be a spelling of skeleton `name`, possibly inflected.

    Equal outlines match; so does either with up to two classes more at the end (case and
    adjective endings: `Путиным` BTN+M for `Putin`, `Тюменской` TMN+SK for `Tyumen`) or, for
    outlines of four classes or more with the same first class, one class different (seven
    or more: two). An initial H also matches K or nothing (`Harry` is `Гарри`, `Хамас` is
    `Hamas`, and Arabic drops or keeps an initial h).
    """
    if len(name) < 2 or not other:
        return False
    if other == name:
        return True
    if name[0] in _OPTIONAL_INITIAL or other[0] in _OPTIONAL_INITIAL:
        name_forms = _h_forms(name)
        other_forms = _h_forms(other)
        return any(_similar(left, right) for left in name_forms for right in other_forms)
    return _similar(name, other)


# Initial classes one script writes and another drops or changes: h (`Harry` / `Гарри`, Arabic
# initial h), the English w that Russian writes as в (`Washington` / `Вашингтон`), and an initial
# j or y that other scripts write as a vowel (`Jovovich` / `Йовович`).
_OPTIONAL_INITIAL = {"H": ("K", ""), "B": ("",), "K": ("",)}


def _h_forms(value: str) -> tuple[str, ...]:
    alternatives = _OPTIONAL_INITIAL.get(value[0])
    if alternatives is None:
        return (value,)
    return (value, *(prefix + value[1:] for prefix in alternatives if prefix or len(value) >= 3))


def _similar(name: str, other: str) -> bool:
    if len(name) < 2 or not other:
        return False
    if other == name:
        return True
    shorter, longer = (name, other) if len(name) <= len(other) else (other, name)
    if longer.startswith(shorter) and len(longer) - len(shorter) <= (2 if len(shorter) >= 3 else 1):
        return True
    if len(longer) < 4 or len(shorter) < 3 or other[0] != name[0]:
        return False
    limit = 2 if len(shorter) >= 7 else 1
    return Levenshtein.distance(name, other, score_cutoff=limit) <= limit


def han_reading_reliable(lang: str) -> bool:
    """Whether Han characters in `lang` can be read as pinyin (Chinese yes, Japanese kanji no)."""
    return lang != "ja"


@dataclass(frozen=True, slots=True)
class Key:
    """A stretch of a text and its skeleton: one word, a prefix-stripped word, or a Han window."""

    start: int
    end: int
    skeleton: str


MAX_HAN_WINDOW = 6


def _stripped(word: str) -> Iterator[tuple[int, str]]:
    """The word without each clitic prefix it may carry (Arabic, Hebrew): (offset, rest)."""
    prefixes: tuple[str, ...] = ()
    if _ARABIC_LETTER.match(word):
        prefixes = _ARABIC_PREFIXES
    elif _HEBREW_LETTER.match(word):
        prefixes = _HEBREW_PREFIXES
    for prefix in prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            yield len(prefix), word[len(prefix):]


@lru_cache(maxsize=2048)
def text_keys(text: str, lang: str = "") -> tuple[Key, ...]:
    """Skeleton keys for every word of `text` (and its prefix-less forms and Han windows).

    Han runs have no word boundaries, so every window of two to six characters is a key;
    for Japanese the Han runs are skipped (kanji readings are not pinyin).
    """
    keys: list[Key] = []
    previous: tuple[int, int] | None = None
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if match.group("han"):
            previous = None
            if not han_reading_reliable(lang):
                continue
            run = match.group()
            for offset in range(len(run)):
                for width in range(2, MAX_HAN_WINDOW + 1):
                    if offset + width > len(run):
                        break
                    keys.append(Key(start + offset, start + offset + width, skeleton(run[offset:offset + width])))
            continue
        word = match.group()
        keys.append(Key(start, end, skeleton(word, lang)))
        if "-" in word:  # `Кастель-дель-Монте`: each part may be a name of its own
            offset = 0
            for part in word.split("-"):
                if len(part) >= 2:
                    keys.append(Key(start + offset, start + offset + len(part), skeleton(part, lang)))
                offset += len(part) + 1
        for offset, rest in _stripped(word):
            keys.append(Key(start + offset, end, skeleton(rest)))
        if previous is not None and text[previous[1]:start] in (" ", "-"):
            keys.append(Key(previous[0], end, skeleton(text[previous[0]:end], lang)))  # `Los Angeles`
        previous = (start, end) if match.group("word") else None
    return tuple(keys)


@lru_cache(maxsize=16384)
def skeleton_variants(word: str, lang: str = "") -> tuple[str, ...]:
    """The skeleton of `word` and, where a Latin spelling is ambiguous, the other readings.

    `ch` is K in English and German (`Chase`, `Bach`) but S in French and Portuguese
    (`Chabrol` / `Шаброль`).
    """
    first = skeleton(word, lang)
    lowered = romanize(word, lang)
    if "ch" in lowered and not _HAN.search(word):
        other = _latin_skeleton(lowered.replace("sch", "s").replace("ch", "sh"))
        if other != first:
            return (first, other)
    return (first,)


def find_spelling(name: str, text: str, lang: str = "", name_lang: str = "") -> Key | None:
    """Where in `text` (language `lang`) a word or Han window matches the skeleton of `name`, if anywhere."""
    wanted = [variant for variant in skeleton_variants(name, name_lang) if len(variant) >= 2]
    if not wanted:
        return None
    keys = text_keys(text, lang)
    for key in keys:
        if key.skeleton in wanted:
            return key
    by_initial = _keys_by_initial(text, lang)
    candidates = sorted({position for variant in wanted for form in _h_forms(variant)
                         for position in by_initial.get(form[:1], ())})
    for position in candidates:  # in text order: the first key that matches wins, as a full scan would
        if any(skeletons_match(variant, keys[position].skeleton) for variant in wanted):
            return keys[position]
    return None


@lru_cache(maxsize=2048)
def _keys_by_initial(text: str, lang: str) -> dict[str, tuple[int, ...]]:
    """Positions in `text_keys(text, lang)` by the first class of each form of their skeleton.

    `skeletons_match` only pairs skeletons whose forms (`_h_forms`: with an optional initial
    dropped or changed) start with the same class, so a name need only be compared with
    the keys filed under the initials of its own forms: a few instead of every word.
    """
    found: dict[str, list[int]] = {}
    for position, key in enumerate(text_keys(text, lang)):
        if len(key.skeleton) < 1:
            continue
        for initial in {form[:1] for form in _h_forms(key.skeleton)}:
            found.setdefault(initial, []).append(position)
    return {initial: tuple(positions) for initial, positions in found.items()}

