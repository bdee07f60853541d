"""Names and terms (TQ4xx): inconsistent spelling of the same name within a document."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

import regex
from rapidfuzz.distance import DamerauLevenshtein

from tqcheck.context import Context
from tqcheck.model import Finding, Segment, Severity, Span
from tqcheck.registry import check

FAMILY = "names"

# Scripts with upper and lower case, where a capital letter inside a sentence marks a name.
_CASED_SCRIPTS = frozenset({"Latin", "Cyrillic", "Greek", "Armenian"})
# A capitalised word, also `McGurk`, `O'Brien`, `Al-Sisi`; a possessive `'s` is left outside.
_NAME = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_\-'\u2019])"
    r"(?P<name>(?:\p{Lu}['\u2019])?\p{Lu}[\p{Ll}\p{M}]+(?:[\-'\u2019]?\p{Lu}[\p{Ll}\p{M}]+)*)"
    r"(?=['\u2019]s?(?![\p{L}\p{M}\p{N}])|(?![\p{L}\p{M}\p{N}'\u2019]))"
)
_SENTENCE_END = frozenset(".!?\u2026:;\u00bb\u201c\u201d\"")
_OPENERS = frozenset("\"'\u201c\u201e\u00ab\u2018\u201a([{\u2014\u2013-*\u2022")

# Languages whose names take case endings (`Путина`, `Zelenského`, `Putinille`): a shared stem
# with endings of up to this many letters is one name, not two spellings.
_ENDING_LENGTH: dict[str, int] = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "hr", "bs", "sl", "cs", "sk", "pl", "lt", "lv",
                     "el", "ro", "is", "sq", "hy", "ka", "la", "ga", "cy"), 3),
    **dict.fromkeys(("fi", "et", "hu", "tr", "az", "kk", "uz", "eu"), 4),
    **dict.fromkeys(("de", "lb", "nl", "sv", "da", "no", "nb", "nn"), 2),
}
# Elsewhere only these ending pairs are inflection or derivation (`Israel`/`Israeli`,
# `Ukraine`/`Ukrainian`, `Mario`/`Maria`, plural and genitive `s`).
_DERIVATION_TAILS = frozenset({"", "s", "es", "n", "ns", "an", "ans", "ian", "ians", "ean", "i", "is", "e",
                               "a", "o", "y", "ese", "ite", "ites", "al", "ial", "ic", "ical", "ism", "ist"})
# Languages that capitalise every noun: a frequent capitalised word there is often a common noun.
_NOUN_CAPITALISING = frozenset({"de", "lb"})

_MIN_LENGTH = 5
_MIN_DOMINANT = 3
_DOMINANCE = 3
_MAX_VARIANT = 2
_COMMON_WORD_ZIPF = 3.0


def _sentence_initial(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and (text[index].isspace() or text[index] in _OPENERS):
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def _common_prefix(first: str, second: str) -> int:
    length = 0
    for left, right in zip(first, second, strict=False):
        if left != right:
            break
        length += 1
    return length


def _inflected(first: str, second: str, lang: str) -> bool:
    """Whether two spellings are one name with different endings (case, possessive, demonym)."""
    prefix = _common_prefix(first, second)
    if prefix < 4:
        return False
    tails = (first[prefix:], second[prefix:])
    limit = _ENDING_LENGTH.get(lang)
    if limit is not None:
        return all(len(tail) <= limit for tail in tails)
    return all(tail in _DERIVATION_TAILS for tail in tails)


@lru_cache(maxsize=1)
def _zipf() -> Callable[[str, str], float] | None:
    """wordfreq's `zipf_frequency`, imported on first need (about 0.1 s), or None if not installed."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - optional dependency
        return None
    return zipf_frequency


@lru_cache(maxsize=4096)
def _frequency(word: str, lang: str) -> float | None:
    """How common `word` is in `lang` on the Zipf scale (0 = unknown); None when it cannot be told."""
    zipf = _zipf()
    if zipf is None or not lang:
        return None
    try:
        return float(zipf(word, lang))
    except (LookupError, ValueError):
        return None


@check("TQ401", severity=Severity.WARNING, scope="document")
def inconsistent_name_spelling(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """A rare spelling of a name that the document otherwise spells differently.

    ## What it does
    Collects the capitalised words of a document (in Latin, Cyrillic, Greek and Armenian
    script) and flags a spelling used once or twice next to a near-identical one used at least
    three times as often (same first letter, one or two letters different), suggesting the
    dominant spelling: `Gallant` twelve times and `Galanat` once.

    ## Why is this bad?
    MT systems transliterate names afresh in every sentence, so the same person can appear
    under two spellings in one article; readers take them for two people, or for a typo.

    ## Example
        Fires: Blinken met Gallant. ¶ Then Gallant left. ¶ Later, Gallant spoke. ¶ He and Galanat agreed.
        Okay:  Lloyd Austin met Justin Trudeau. ¶ Austin said so. ¶ Then Austin left. ¶ Austin agreed.
        Okay:  Gallant met Blinken. ¶ Then Gallant left. ¶ Later, Gallant spoke. ¶ Gallant's aides agreed.
        Okay[ru]: Путин заявил. ¶ Затем Путин ушёл. ¶ Позже Путин выступил. ¶ С Путиным согласились.
        Okay:  Hamas fired. ¶ Then Hamas left. ¶ Later, Hamas spoke. ¶ He visited Hama.

    ## Known problems
    Two people whose names differ by a letter (`Johnson` and `Johnston`) can be flagged when one
    of them dominates; spellings that are dictionary words (per the optional `wordfreq` package),
    names shorter than five letters, names that also occur in the source and the names in
    `allow-names` are never flagged. Scripts without case (Arabic, Chinese, ...) are skipped.
    """
    lang = ctx.tgt.code
    if ctx.tgt.script not in _CASED_SCRIPTS or not doc:
        return
    counts: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    places: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for segment in doc:
        text = segment.target or ""
        for match in _NAME.finditer(text):
            name = match.group("name")
            if len(name) < _MIN_LENGTH:
                continue
            counts[name] += 1
            if not _sentence_initial(text, match.start()):
                inside[name] += 1
            if len(places[name]) < _MAX_VARIANT + 1:
                places[name].append((segment.id, match.start(), match.end()))
    if not counts:
        return
    own = counts
    counts, inside = _with_inflections(counts, inside, lang)
    dominant = [name for name, count in counts.items() if count >= _MIN_DOMINANT and inside[name]]
    if not dominant:
        return
    allowed = {name.casefold() for name in ctx.settings.allow_names}
    by_initial: dict[str, list[str]] = defaultdict(list)
    for name in dominant:
        by_initial[name[0]].append(name)
    source_text: str | None = None
    for variant, count in counts.items():
        if count > _MAX_VARIANT or variant[0] not in by_initial or variant.casefold() in allowed:
            continue
        match_ = _closest(variant, count, by_initial[variant[0]], counts, own, lang)
        if match_ is None:
            continue
        if source_text is None:
            source_text = "\n".join(segment.source or "" for segment in doc)
        if variant in source_text or not _rare_word(variant, lang, inside[variant] > 0):
            continue
        if lang in _NOUN_CAPITALISING and (_frequency(match_.lower(), lang) or 0.0) >= 4.0:
            continue  # a common noun, not a name
        for segment_id, start, end in places[variant]:
            yield Finding(Span(start, end),
                          f'Name "{variant}" looks like a misspelling of "{match_}" '
                          f"({counts[match_]} times in this document)",
                          suggestion=match_, segment_id=segment_id)


def _with_inflections(counts: Counter[str], inside: Counter[str],
                      lang: str) -> tuple[Counter[str], Counter[str]]:
    """Counts in which every name also counts its inflected forms (`Whitfield` + `Whitfields`).

    Names that differ only by case endings are one name for frequency, so three mentions spread
    over `Путин`, `Путина` and `Путиным` make `Путин` as dominant as three of the same form.
    """
    by_stem: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        by_stem[name[:4].lower()].append(name)
    total: Counter[str] = Counter()
    total_inside: Counter[str] = Counter()
    for group in by_stem.values():
        for name in group:
            lowered = name.lower()
            family = [other for other in group if other == name or _inflected(lowered, other.lower(), lang)]
            total[name] = sum(counts[other] for other in family)
            total_inside[name] = sum(inside[other] for other in family)
    return total, total_inside


def _closest(variant: str, count: int, candidates: list[str], counts: Counter[str], own: Counter[str],
             lang: str) -> str | None:
    """The most frequent dominant spelling within one or two edits of `variant`, if any.

    `counts` include inflected forms, `own` do not: of `Whitfield` and `Whitfields`, equally
    dominant together, the suggestion is the form written more often.
    """
    best: str | None = None
    lowered = variant.lower()
    for name in candidates:
        if counts[name] < _DOMINANCE * count or own[name] < 2 or abs(len(name) - len(variant)) > 2:
            continue  # the spelling itself, not only its inflected forms, must be seen twice
        other = name.lower()
        short = min(len(name), len(variant)) <= _MIN_LENGTH
        limit = 1 if short else 2
        if DamerauLevenshtein.distance(lowered, other, score_cutoff=limit) > limit:
            continue
        if short and len(name) != len(variant) and not _doubling(lowered, other):
            continue  # `Fukui`/`Fukuji`, `Mia`/`Mira`: a letter more makes another short name
        if _inflected(lowered, other, lang) or other.startswith(lowered) or lowered.startswith(other):
            continue  # case endings, or a letter or two more at the end: `Patric`/`Patrick`
        if best is None or (counts[name], own[name]) > (counts[best], own[best]):
            best = name
    return best


def _doubling(first: str, second: str) -> bool:
    """Whether the longer spelling only doubles one letter of the shorter (`Biden`/`Bidden`)."""
    shorter, longer = sorted((first, second), key=len)
    for index in range(1, len(longer)):
        if longer[index] == longer[index - 1] and longer[:index] + longer[index + 1:] == shorter:
            return True
    return False


def _rare_word(variant: str, lang: str, inside_sentence: bool) -> bool:
    """Whether `variant` is not an ordinary word or well-known name of the language.

    Without word frequencies, a variant seen only at the start of sentences is given the
    benefit of the doubt (it may be a common word capitalised there).
    """
    frequency = _frequency(variant.lower(), lang)
    if frequency is None:
        return inside_sentence
    if not inside_sentence:
        return frequency == 0.0
    return frequency < _COMMON_WORD_ZIPF
