"""Hunspell dictionaries: find the files for a language tag and load each once per process.

Spell checking (TQ8xx) needs two things from outside the package:

* the `chunspell` module (PyPI `chunspell`, which bundles libhunspell and an en_US
  dictionary), imported lazily here so `import tqcheck` never needs it;
* `<name>.aff` + `<name>.dic` files, e.g. Debian's `hunspell-de-de` package.

Files are searched, in order, in the directories of `$TQCHECK_DICT_PATH` (separated
by `os.pathsep`, `:` on POSIX), then `/usr/share/hunspell`, `/usr/share/myspell/dicts`,
`/usr/share/myspell`, and last the dictionaries bundled with chunspell. A BCP-47 tag is
mapped to names in order of preference: `en-GB` -> `en_GB`, then the language's default
region (`en_US`), then the bare language (`fr`, `ar`), then any `<lang>_*` file. So `en`
finds `en_US`, `de` finds `de_DE`, `pt-BR` finds `pt_BR`.

Loading is I/O and takes 0.05-0.7 s per language, so `speller()` is cached: each
dictionary is opened at most once per process, and every word lookup and suggestion
list is memoised on the returned `Speller`. Nothing here raises for a missing module
or dictionary; `speller()` returns None and `unavailable_reason()` says why.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from tqcheck.lang import COMMON_CODES, frequencies
from tqcheck.limits import MAX_WORD_LENGTH

DICT_PATH_ENV = "TQCHECK_DICT_PATH"
SYSTEM_DIRS: tuple[str, ...] = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell")

# The region whose dictionary a bare language tag gets (`de` -> de_DE). Languages whose
# Debian dictionary has no region in its name (`fr`, `ar`) are found by their bare code.
DEFAULT_REGIONS: dict[str, str] = {
    "af": "ZA", "bg": "BG", "ca": "ES", "cs": "CZ", "da": "DK", "de": "DE", "el": "GR", "en": "US",
    "es": "ES", "et": "EE", "eu": "ES", "fr": "FR", "gl": "ES", "he": "IL", "hr": "HR", "hu": "HU",
    "id": "ID", "is": "IS", "it": "IT", "kk": "KZ", "ko": "KR", "lt": "LT", "lv": "LV", "mk": "MK",
    "nb": "NO", "nl": "NL", "nn": "NO", "pl": "PL", "pt": "PT", "ro": "RO", "ru": "RU", "sk": "SK",
    "sl": "SI", "sr": "RS", "sv": "SE", "tr": "TR", "uk": "UA", "vi": "VN",
}
# Other regional dictionaries also accepted for a tag without a region: a text tagged
# plain `en` may use British or American spelling. (Not German: Swiss `grosse` for
# `große` is an error in a German text.) `en-US` checks against en_US alone.
REGION_VARIANTS: dict[str, tuple[str, ...]] = {"en": ("en_GB",), "pt": ("pt_BR",)}
# Tags whose dictionaries go by another language code.
ALIASES: dict[str, str] = {"no": "nb", "iw": "he", "in": "id"}

# What to install, for the message when a dictionary is missing (Debian package names).
DEBIAN_PACKAGES: dict[str, str] = {
    code: f"hunspell-{code}" for code in """af ar be bg bn bs ca cs da el eu gl he hi hr hu id is it kk ko lt lv
    ml mn ne nl oc pl ro ru si sk sl sr sv sw te tr uk uz vi""".split()
} | {"de": "hunspell-de-de", "en": "hunspell-en-us", "es": "hunspell-es", "fr": "hunspell-fr", "nb": "hunspell-no",
     "nn": "hunspell-no", "pt": "hunspell-pt-pt"}

LOOKUP_CACHE_SIZE = 1 << 14
SUGGESTION_CACHE_SIZE = 1 << 14


@dataclass(frozen=True, slots=True)
class DictionaryFiles:
    """A Hunspell dictionary on disk: `<directory>/<name>.aff` and `<directory>/<name>.dic`."""

    name: str
    directory: Path

    @property
    def aff(self) -> Path:
        return self.directory / f"{self.name}.aff"

    @property
    def dic(self) -> Path:
        return self.directory / f"{self.name}.dic"

    def exists(self) -> bool:
        return self.aff.is_file() and self.dic.is_file()


class Speller:
    """One or more loaded Hunspell dictionaries of a language, with memoised lookups.

    `known()` accepts a word any of the dictionaries accepts (bare `en` checks against
    en_US and en_GB). Words a dictionary cannot even encode (a Cyrillic word against a
    Latin-1 dictionary) count as known: the dictionary has no opinion on them.

    `near()` lists the dictionary words one edit away (delete, transpose, replace, insert
    a letter of the dictionary's `TRY` alphabet; or a capitalisation fix), most frequent
    first. Only edits that wordfreq has seen are looked up, so it takes well under a
    millisecond; TQ801 uses it both for suggestions and as evidence of a typo. Hunspell's
    own `suggest()` takes 100 ms to 1 s per word on the Debian dictionaries (measured), so
    it is only offered as `hunspell_suggest()` (TQ801 option `hunspell-suggest`).
    """

    def __init__(self, language: str, files: tuple[DictionaryFiles, ...], instances: tuple[Any, ...],
                 alphabet: str, pending: tuple[DictionaryFiles, ...] = ()) -> None:
        self.language = language
        self._loaded_files = list(files)
        self._instances = list(instances)
        self._pending = list(pending)
        self.alphabet = alphabet
        self.known: Callable[[str], bool] = lru_cache(maxsize=LOOKUP_CACHE_SIZE)(self._known)
        self.near: Callable[[str], tuple[str, ...]] = lru_cache(maxsize=SUGGESTION_CACHE_SIZE)(self._near)
        self.hunspell_suggest: Callable[[str], tuple[str, ...]] = lru_cache(
            maxsize=SUGGESTION_CACHE_SIZE)(self._hunspell_suggest)

    @property
    def files(self) -> tuple[DictionaryFiles, ...]:
        """The dictionaries, loaded or still to load (a regional variant loads on its first use)."""
        return (*self._loaded_files, *self._pending)

    @property
    def name(self) -> str:
        """The dictionary names, e.g. `en_US+en_GB`."""
        return "+".join(files.name for files in self.files)

    def __repr__(self) -> str:
        return f"Speller({self.name!r}, {[str(files.directory) for files in self.files]!r})"

    def _spell(self, word: str) -> bool:
        index = 0
        while index < len(self._instances) or self._pending:
            if index == len(self._instances) and not self._load_next_variant():
                continue
            try:
                if self._instances[index].spell(word):
                    return True
            except (UnicodeError, ValueError):
                return True
            index += 1
        return False

    def _load_next_variant(self) -> bool:
        """Load the next regional variant (en_GB beside en_US), reached only when a word needs it: loading a
        dictionary takes 80 ms, a sixth of a one-file run, and most words are in the first. False when it
        cannot load (then it is left out, as before the lazy loading)."""
        files = self._pending.pop(0)
        instance = _open(files)
        if instance is None:
            return False
        self._loaded_files.append(files)
        self._instances.append(instance)
        return True

    def _known(self, word: str) -> bool:
        return self._spell(word)

    def _near(self, word: str) -> tuple[str, ...]:
        if len(word) > MAX_WORD_LENGTH:
            return ()  # every one-edit variant of a long string: time and memory with its length squared
        vocabulary = word_vocabulary(self.language)
        found: set[str] = set()
        lower = word.islower()
        candidates = set(edits1(word, self.alphabet))
        if vocabulary is not None:  # only words in use are worth a dictionary lookup (~20 us each)
            candidates = {candidate for candidate in candidates if candidate.casefold() in vocabulary}
        for candidate in candidates:
            if self._spell(candidate):
                found.add(candidate)
            elif lower and self._spell(candidate[:1].upper() + candidate[1:]):
                found.add(candidate[:1].upper() + candidate[1:])  # German nouns: rzte -> Ärzte
        if lower and not self._spell(word) and self._spell(word[:1].upper() + word[1:]):
            found.add(word[:1].upper() + word[1:])  # israel -> Israel
        return tuple(sorted(found, key=lambda item: (-zipf_frequency(item, self.language), item)))

    def _hunspell_suggest(self, word: str) -> tuple[str, ...]:
        try:
            return tuple(str(item) for item in self._instances[0].suggest(word))
        except (UnicodeError, ValueError):
            return ()


def edits1(word: str, alphabet: str) -> list[str]:
    """Every string one edit from `word`: deletions, transpositions, replacements, insertions."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    result = [left + right[1:] for left, right in splits if right]
    result += [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1
               and right[0] != right[1]]
    result += [left + char + right[1:] for left, right in splits if right for char in alphabet if char != right[0]]
    result += [left + char + right for left, right in splits for char in alphabet]
    return result


def read_alphabet(aff: Path) -> str:
    """The lower-case letters of the `TRY` line of an .aff file (in its `SET` encoding), in order."""
    try:
        raw = aff.read_bytes()
    except OSError:
        return ""
    match = re.search(rb"^SET\s+(\S+)", raw, re.M)
    encoding = match.group(1).decode("ascii", "replace") if match else "ISO8859-1"
    try:
        text = raw.decode(encoding.replace("ISO8859", "iso8859").replace("microsoft-", ""), errors="replace")
    except LookupError:
        text = raw.decode("latin-1")
    match_try = re.search(r"^TRY\s+(\S+)", text, re.M)
    letters = match_try.group(1) if match_try else "abcdefghijklmnopqrstuvwxyz"
    return "".join(dict.fromkeys(char for char in letters if char.isalpha() and not char.isupper()))


def search_path() -> tuple[Path, ...]:
    """Directories searched for dictionaries: `$TQCHECK_DICT_PATH`, system dirs, chunspell's own."""
    directories = [Path(item).expanduser() for item in os.environ.get(DICT_PATH_ENV, "").split(os.pathsep)
                   if item.strip()]
    directories.extend(Path(item) for item in SYSTEM_DIRS)
    bundled = _bundled_directory()
    if bundled is not None:
        directories.append(bundled)
    return tuple(directories)


def _bundled_directory() -> Path | None:
    """chunspell's `hunspell/dictionaries` folder (an en_US dictionary), found without importing it."""
    try:
        spec = importlib.util.find_spec("hunspell")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "dictionaries"


def language_parts(tag: str) -> tuple[str, str | None]:
    """(language, region) of a BCP-47 tag, lower/upper case: `pt-br` -> ("pt", "BR")."""
    if tag.lower() in COMMON_CODES:  # a bare code: no need for langcodes
        return ALIASES.get(tag.lower(), tag.lower()), None
    try:
        import langcodes

        language = langcodes.Language.get(tag.replace("_", "-"))
    except (ValueError, LookupError):
        return tag.lower(), None
    code = (language.language or "").lower()
    return ALIASES.get(code, code), (language.territory or None)


def candidate_names(tag: str) -> list[str]:
    """Dictionary names to try for a tag, best first (`en-GB` -> en_GB, en_US, en)."""
    language, region = language_parts(tag)
    if not language:
        return []
    names = []
    if region:
        names.append(f"{language}_{region}")
    if language in DEFAULT_REGIONS:
        names.append(f"{language}_{DEFAULT_REGIONS[language]}")
    names.append(language)
    return list(dict.fromkeys(names))


def find_dictionary(tag: str, directories: tuple[Path, ...] | None = None) -> DictionaryFiles | None:
    """The best dictionary for `tag` in `directories` (default: `search_path()`), or None.

    Every directory is searched for the preferred name before a less preferred name is
    tried, so an installed en_GB beats a bundled en_US for `en-GB`. As a last resort any
    `<lang>_<REGION>` dictionary is taken (alphabetically first).
    """
    directories = search_path() if directories is None else directories
    for name in candidate_names(tag):
        for directory in directories:
            files = DictionaryFiles(name, directory)
            if files.exists():
                return files
    language, _region = language_parts(tag)
    if language:
        for directory in directories:
            for dic in sorted(directory.glob(f"{language}_*.dic")) if directory.is_dir() else ():
                files = DictionaryFiles(dic.stem, directory)
                if files.exists():
                    return files
    return None


def files_for(dictionary: str) -> DictionaryFiles | None:
    """An explicitly configured dictionary: a name (`en_GB`, searched) or a path to a `.dic`/`.aff`."""
    path = Path(dictionary).expanduser()
    if path.suffix in (".dic", ".aff") or os.sep in dictionary:
        files = DictionaryFiles(path.stem if path.suffix in (".dic", ".aff") else path.name, path.parent)
        return files if files.exists() else None
    for directory in search_path():
        files = DictionaryFiles(dictionary, directory)
        if files.exists():
            return files
    return None


@cache
def _load(tag: str, dictionary: str | None) -> tuple[Speller | None, str]:
    """The speller for a tag (or an explicit dictionary), or None and the reason why not."""
    try:
        import hunspell
    except ImportError:
        return None, "spell checking is off: the chunspell package is not installed (pip install chunspell)"
    files = files_for(dictionary) if dictionary else find_dictionary(tag)
    if files is None:
        return None, _missing_message(tag, dictionary)
    language, region = language_parts(tag)
    chosen = [files]
    if not dictionary and region is None:
        for name in REGION_VARIANTS.get(language, ()):
            extra = files_for(name)
            if extra is not None and extra.name != files.name:
                chosen.append(extra)
    try:
        first = hunspell.Hunspell(files.name, hunspell_data_dir=str(files.directory))
    except (OSError, UnicodeError, ValueError, MemoryError) as exc:
        return None, f"spell checking for {tag} is off: cannot load {files.dic}: {exc}"
    alphabet = "".join(dict.fromkeys("".join(read_alphabet(item.aff) for item in chosen)))
    return Speller(language, (files,), (first,), alphabet, pending=tuple(chosen[1:])), ""


def _open(files: DictionaryFiles) -> Any | None:
    """A Hunspell instance for `files`, or None when the dictionary cannot be loaded."""
    import hunspell

    try:
        return hunspell.Hunspell(files.name, hunspell_data_dir=str(files.directory))
    except (OSError, UnicodeError, ValueError, MemoryError):
        return None


def _missing_message(tag: str, dictionary: str | None) -> str:
    if dictionary:
        return (f"spell checking for {tag} is off: dictionary {dictionary!r} not found "
                f"(searched {', '.join(str(d) for d in search_path())})")
    language, _region = language_parts(tag)
    package = DEBIAN_PACKAGES.get(language)
    names = "/".join(candidate_names(tag)) or tag
    install = f"install one (Debian: apt-get install {package})" if package else "install one"
    return (f"spell checking for {tag} is off: no Hunspell dictionary {names}.dic in "
            f"{', '.join(str(d) for d in search_path())}; {install} "
            f"or point ${DICT_PATH_ENV} at a folder with {names.split('/')[0]}.aff/.dic")


def speller(tag: str, dictionary: str | None = None) -> Speller | None:
    """The loaded dictionary for a language tag (cached per process), or None when unavailable."""
    return _load(tag, dictionary)[0]


def unavailable_reason(tag: str, dictionary: str | None = None) -> str | None:
    """Why `speller(tag)` is None, as one line for the user; None when a dictionary is loaded."""
    loaded, reason = _load(tag, dictionary)
    return None if loaded is not None else reason


def word_vocabulary(lang: str) -> Container[str] | None:
    """The words wordfreq knows in a language (case-folded), for membership tests; None without a list."""
    return frequencies.vocabulary(lang)


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def zipf_frequency(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of `word` (0 when unseen, ~7 for `the`)."""
    try:
        return frequencies.zipf(word, lang)
    except (LookupError, ValueError):  # wordfreq's tokenizer for the language is not installed
        return 0.0


def clear_caches() -> None:
    """Forget loaded dictionaries and lookups (tests that change `$TQCHECK_DICT_PATH`)."""
    _load.cache_clear()
    zipf_frequency.cache_clear()
