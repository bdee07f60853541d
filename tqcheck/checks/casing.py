"""Letter case (TQ81x): a sentence that starts in lower case, a target written all in capitals.

Part of the spelling family: case is orthography. Only targets in scripts with case (Latin,
Cyrillic, Greek, Armenian) are checked.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.checks.text import SENTENCE_FINAL
from tqcheck.lang import frequencies
from tqcheck.lang.patterns import lazy_regex
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "spelling"

_CASED_SCRIPTS = frozenset({"Latin", "Cyrillic", "Greek", "Armenian"})
# The first word, past opening quotes, brackets, dashes and bullets; None when a digit, a symbol,
# a handle, a hashtag or a URL comes first (`3 people`, `@user`, `#tag`, `www.`).
_FIRST_WORD = lazy_regex(r"^[\s\"'\u201c\u201e\u00ab\u2018\u201a\u2039(\[\u00bf\u00a1\-\u2013\u2014\u2022*]*"
                            r"(\p{L}[\p{L}\p{M}'\u2019\-]*)(?![\p{N}@.:/_])")
_LETTER = lazy_regex(r"\p{L}")
_UPPER = lazy_regex(r"\p{Lu}")
_LOWER = lazy_regex(r"\p{Ll}")
_MIN_WORDS = 3
_CAPITALS_RUN = lazy_regex(r"\b\p{Lu}{4,}\b")
_LATIN_CAPITALS = lazy_regex(r"\p{Lu}{2,}\s+\p{Lu}{2,}")


def _first_word(text: str) -> regex.Match[str] | None:
    return _FIRST_WORD.match(text)


_FUNCTION_WORD_ZIPF = 5.0  # `so`, `but`, `and`, `if`, `the`: words that continue a sentence as often as start one


def _function_word(word: str, lang: str) -> bool:
    return (frequencies.lookup(word, lang) or 0.0) >= _FUNCTION_WORD_ZIPF


def _starts_sentence(source: str, ctx: Context) -> bool:
    """Whether the source starts with a word that begins a sentence: a capital in a script with
    case, any letter in one without (Chinese, Japanese, Arabic, Hebrew)."""
    match = _first_word(source)
    if match is None:
        return False
    word = match.group(1)
    if ctx.src.code == "en" and regex.match(r"I(?:['\u2019](?:m|ve|ll|d))?$", word) \
            and source.rstrip()[-1:] not in SENTENCE_FINAL:
        return False  # English writes `I` with a capital anywhere: a fragment starting with it may continue a sentence
    return word[0].isupper() if ctx.src.script in _CASED_SCRIPTS else True


@check("TQ811", severity=Severity.WARNING, needs=("source",))
def lowercase_sentence_start(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target starts in lower case where the source starts a sentence, or is all lower case.

    ## What it does
    In targets written in a script with case, flags a first word that begins with a lower-case
    letter when the source begins with a capital (or, in a script without case, with any word).
    It suggests nothing: MT that drops the first letters or words of a sentence (`n view of`)
    leaves the same trace as a lost capital. A target of three words or more without a single
    capital, against a source that has one, is reported as all lower case.

    ## Why is this bad?
    A sentence that starts in lower case is a visible slip in print; a whole paragraph in lower
    case usually means the MT pipeline lower-cased its input or output, which also loses the
    capitals of every name.

    ## Example
        Fires[de>en]: Dr. Schuler ist freie Kunsthistorikerin. ||| dr Schuler is a freelance art historian.
        Fires[ru>en]: Всем командам спасибо. ||| thanks to all the teams.
        Okay[de>en]: Das iPhone kostet mehr. ||| iPhone prices went up.
        Okay[de>en]: und dann ging er. ||| and then he left.
        Okay[ja>en]: 3人が来た。 ||| 3 people came.
        Fires[ja>en]: 会談は月曜日に続く。 ||| the talks continue on Monday.
        Okay[ja>en]: そして会談は続く ||| and the talks continue
        Okay[en>ru]: @nasa posted a photo. ||| @nasa опубликовало фото.

    ## Known problems
    Words that keep a lower-case first letter by convention (`iPhone`, `eBay`, a handle, a URL)
    are skipped when a capital or a symbol follows within the word. A segment that continues a
    sentence begun in the previous one starts in lower case in the source too and is not
    flagged; with a source in a script without case (Japanese, Chinese, Arabic) a continuation
    cannot be told from a sentence, so a first word as common as `so`, `but`, `and` or `the`
    (wordfreq Zipf 5 or more) is not flagged there unless the source ends with a sentence mark
    (`。`, `？`, `؟`, `।`): then the source is a whole sentence and so must the target be.
    """
    if ctx.tgt.script not in _CASED_SCRIPTS or not _starts_sentence(seg.source or "", ctx):
        return
    match = _first_word(seg.target)
    if match is None:
        return
    word = match.group(1)
    if not word[0].islower() or _UPPER.search(word, 1):
        return  # a capital, or a capital inside the word by convention (`iPhone`, `eBay`)
    if ctx.src.script not in _CASED_SCRIPTS and _function_word(word, ctx.tgt.code) \
            and (seg.source or "").rstrip()[-1:] not in SENTENCE_FINAL:  # a whole sentence, not half of one
        return  # `so I think…`, `but…`: without capitals in the source, a continued sentence looks the same
    start, end = match.span(1)
    target = seg.target
    source = seg.source or ""
    if len(target.split()) >= _MIN_WORDS and not _UPPER.search(target) and _UPPER.search(source):
        yield Finding(Span(start, end), f'Target is all lower case ("{target[:40].strip()}…")')
        return
    # No suggestion: as often as a capital, the first letters or words were lost (`n view of` for
    # `In view of`, `for the match` where the source begins with "Prediction").
    yield Finding(Span(start, end), f'Target starts in lower case ("{word}") where the source starts a sentence: '
                  "a capital, or the beginning of the sentence, is missing")


@check("TQ812", severity=Severity.WARNING, needs=("source",))
def all_capitals_target(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The whole target is written in capitals although the source is not.

    ## What it does
    In targets written in a script with case, flags a target of three words and twelve letters
    or more without a single lower-case letter, when the source (in a script with case) has
    lower-case letters, or (in a script without case) has no Latin capitals run either.

    ## Why is this bad?
    Text in capitals reads as shouting, loses the distinction between names and words, and is
    usually a pipeline artefact (a headline style applied to body text, or a model echoing
    capitals from another segment).

    ## Example
        Fires[de>en]: Die Gespräche gehen am Montag weiter. ||| THE TALKS CONTINUE ON MONDAY.
        Okay[de>en]: DIE GESPRÄCHE GEHEN WEITER ||| THE TALKS CONTINUE
        Okay[de>en]: Die NATO tagt. ||| NATO meets.

    ## Known problems
    Short targets (acronyms, labels under three words) are left alone.
    """
    if ctx.tgt.script not in _CASED_SCRIPTS:
        return
    target = seg.target
    if _LOWER.search(target) or len(target.split()) < _MIN_WORDS or len(_LETTER.findall(target)) < 12:
        return
    source = seg.source or ""
    if ctx.src.script in _CASED_SCRIPTS:
        if not _LOWER.search(source) or _CAPITALS_RUN.search(source):
            return  # the source is in capitals too, or has a heading in capitals (`FEHLERSUCHE und ...`)
    elif _LATIN_CAPITALS.search(source):
        return  # Latin capitals in the source: a title or a brand kept as it is
    stripped = target.strip()
    offset = len(target) - len(target.lstrip())
    yield Finding(Span(offset, offset + len(stripped)), f'Target is all capitals ("{stripped[:40]}…")')
