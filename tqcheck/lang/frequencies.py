"""Word frequencies from wordfreq, in a fraction of the memory wordfreq's own tables take.

The name, spelling and language checks ask how common a word is (`zipf`), whether a
language uses a word at all (`known`) and for a language's most frequent words
(`top_words`). wordfreq answers from a Python dict of its whole list: about 120 MB for
Russian and 35 MB for English, per process. Here the same list is a MARISA trie
(`marisa-trie`: word -> centibel bucket, ~3 MB for Russian) memory-mapped from a cache
file, plus a plain-text file of the 100,000 most frequent words in order.

Both files are built from wordfreq the first time a language is needed (about a second)
and kept in tqcheck's cache folder (tqcheck.lang.cache), named after the wordfreq version, so
upgrading wordfreq rebuilds them; writes are atomic, so parallel workers building the same
language at once are safe. Where no cache directory is writable the trie is built in memory
instead.

`zipf()` returns exactly what `wordfreq.zipf_frequency(word, lang)` returns: it uses
wordfreq's own tokenizer and number smashing and combines several tokens' frequencies the
way wordfreq does (1/f = 1/f1 + 1/f2 + ...; tested against wordfreq).
"""

from __future__ import annotations

import importlib.util
import itertools
import math
from collections.abc import Container, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from tqcheck.lang.cache import atomic_write, cache_dir, checksummed, intact, notice
from tqcheck.lang.patterns import lazy_re

TOP_WORDS = 100_000
_ZIPF_CACHE = 1 << 14


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    """The languages of wordfreq's "best" lists (its `small_xx` and `large_xx` files), read from its data
    folder without importing it: `import wordfreq` takes 150 ms (ftfy, langcodes), a third of a start."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return frozenset()
    languages = set()
    for path in (Path(spec.origin).parent / "data").glob("*.msgpack.gz"):
        name, _, lang = path.name.split(".")[0].partition("_")
        if name in ("small", "large") and lang:
            languages.add(lang)
    return frozenset(languages)


def available(lang: str) -> bool:
    """Whether wordfreq has a word list for `lang`."""
    return bool(lang) and lang in _languages()


def _stem(lang: str) -> str:
    return f"wordfreq-{_wordfreq_version()}-{lang}-best"


@cache
def _wordfreq_version() -> str:
    """wordfreq's version, from the `wordfreq-X.Y.Z.dist-info` folder beside it when there is one:
    `importlib.metadata` takes 30 ms to import and search every installed package, a tenth of a start."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is not None and spec.origin is not None:
        found = sorted(Path(spec.origin).parent.parent.glob("wordfreq-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("wordfreq-"):-len(".dist-info")]
    from importlib.metadata import version

    return version("wordfreq")


def _build(lang: str) -> tuple[Any, list[str]]:
    """The trie and the top words, straight from wordfreq's list (then forgotten by wordfreq)."""
    import marisa_trie
    from wordfreq import get_frequency_list
    from wordfreq.numbers import has_digit_sequence

    buckets = get_frequency_list(lang, "best")
    trie = marisa_trie.RecordTrie("<H", ((word, (index,)) for index, bucket in enumerate(buckets)
                                         for word in bucket))
    top: list[str] = []  # as wordfreq's top_n_list: digit sequences are not words
    for word in itertools.chain.from_iterable(buckets):
        if not has_digit_sequence(word):
            top.append(word)
            if len(top) >= TOP_WORDS:
                break
    get_frequency_list.cache_clear()  # wordfreq keeps every list it read; ours replace it
    return trie, top


def _paths(lang: str) -> tuple[Path, Path]:
    folder = cache_dir()
    return folder / f"{_stem(lang)}.marisa", folder / f"{_stem(lang)}.top.txt"


@cache
def _built(lang: str) -> tuple[Any, tuple[str, ...]] | None:
    """Make sure the cache files exist; the tables themselves when they could not be written."""
    trie_path, top_path = _paths(lang)
    if intact(trie_path) and intact(top_path):
        return None
    if checksummed(trie_path) or checksummed(top_path):
        notice(f"tqcheck: the word table for {lang!r} in {trie_path.parent} was damaged or incomplete; rebuilt")
    trie, top = _build(lang)
    try:
        atomic_write(trie_path, trie.save)
        atomic_write(top_path, lambda temp: Path(temp).write_text("\n".join(top), encoding="utf-8"))
    except OSError:  # no writable cache: keep what we built in memory
        return trie, tuple(top)
    return None


@cache
def _trie(lang: str) -> Any:
    import marisa_trie

    in_memory = _built(lang)
    if in_memory is not None:
        return in_memory[0]
    trie = marisa_trie.RecordTrie("<H")
    try:
        trie.mmap(str(_paths(lang)[0]))
    except (OSError, RuntimeError, ValueError):  # a damaged cache file: rebuild in memory
        return _build(lang)[0]
    return trie


@lru_cache(maxsize=64)
def _top(lang: str, count: int) -> tuple[str, ...]:
    """The first `count` lines of the top-words file: only what is asked for is held in memory."""
    in_memory = _built(lang)
    if in_memory is not None:
        return in_memory[1][:count]
    words: list[str] = []
    try:
        with _paths(lang)[1].open(encoding="utf-8") as stream:
            for line in stream:
                words.append(line.rstrip("\n"))
                if len(words) >= count:
                    break
    except (OSError, UnicodeDecodeError):
        return tuple(_build(lang)[1][:count])
    return tuple(words)


def _bucket(trie: Any, token: str) -> int | None:
    found = trie.get(token)
    return found[0][0] if found else None


@lru_cache(maxsize=_ZIPF_CACHE)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of `word` in `lang` (0 when unseen or the language is unknown).

    Raises LookupError when wordfreq needs a tokenizer that is not installed (jieba for Chinese).
    """
    if not available(lang):
        return 0.0
    if lang not in _OWN_TOKENIZER and _PLAIN_WORD.fullmatch(word):
        # wordfreq's tokenizer returns such a word as it is (tested over every language it has):
        # look it up without importing wordfreq, whose import is a third of a one-file run.
        index = _bucket(_trie(lang), word)
        return 0.0 if index is None else _rounded_zipf(10 ** (-index / 100))
    from wordfreq import INFERRED_SPACE_FACTOR, cB_to_freq
    from wordfreq.language_info import get_language_info
    from wordfreq.numbers import digit_freq, smash_numbers
    from wordfreq.tokens import lossy_tokenize

    try:
        tokens = lossy_tokenize(word, lang)
    except ImportError as exc:  # Chinese needs jieba, Japanese/Korean MeCab: wordfreq's optional extras
        raise LookupError(f"wordfreq cannot tokenize {lang}: {exc}") from None
    if not tokens:
        return 0.0
    trie = _trie(lang)
    one_over = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        index = _bucket(trie, smashed)
        if index is None:
            return 0.0
        frequency = cB_to_freq(-index)
        if smashed != token:
            frequency *= digit_freq(token)
        one_over += 1.0 / frequency
    frequency = 1.0 / one_over
    if get_language_info(lang)["tokenizer"] == "jieba":
        frequency *= INFERRED_SPACE_FACTOR ** -(len(tokens) - 1)
    return _rounded_zipf(frequency)


# Languages wordfreq segments with a tokenizer of their own (jieba, MeCab); the others split on its regex,
# which leaves a word of lower-case ASCII letters as it is.
_OWN_TOKENIZER = frozenset({"zh", "ja", "ko"})
_PLAIN_WORD = lazy_re(r"[a-z]+")


def _rounded_zipf(frequency: float) -> float:
    """A frequency (0 to 1) on the Zipf scale, rounded as wordfreq's `zipf_frequency` rounds it
    (3 significant digits, then 2 decimals; Zipf = log10(frequency) + 9, wordfreq's `freq_to_zipf`)."""
    if frequency == 0.0:
        return 0.0
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)


@lru_cache(maxsize=8192)
def lookup(word: str, lang: str) -> float | None:
    """`zipf(word, lang)`, or None when it cannot be told: no word list for `lang`, or a tokenizer
    wordfreq needs for it (jieba for Chinese) is not installed. Checks use this, so a missing
    optional package makes them skip a test instead of crashing."""
    if not available(lang):
        return None
    try:
        return zipf(word, lang)
    except (LookupError, ValueError):
        return None


def known(token: str, lang: str) -> bool:
    """Whether `token` (already lower-cased the way wordfreq stores words) is in the language's list."""
    return available(lang) and token in _trie(lang)


def vocabulary(lang: str) -> Container[str] | None:
    """The language's word list itself, for many membership tests in a row (`known` without the
    per-call overhead: the spelling suggester tests hundreds of candidate strings a word); None
    when wordfreq has no list for `lang`."""
    return _trie(lang) if available(lang) else None


def top_words(lang: str, count: int) -> Sequence[str]:
    """The `count` (at most `TOP_WORDS`) most frequent words of `lang`, most frequent first."""
    if not available(lang):
        return ()
    return _top(lang, min(count, TOP_WORDS))
