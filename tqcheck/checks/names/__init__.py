"""Names (TQ4xx): spelling consistency, names missing or invented against source and reference."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from tqcheck.checks.context import Context
from tqcheck.checks.names import transliteration as translit
from tqcheck.checks.registry import check
from tqcheck.checks.text import NEARBY_SEGMENTS
from tqcheck.lang import frequencies
from tqcheck.lang.patterns import lazy_regex
from tqcheck.limits import MAX_DOCUMENT_NAMES, MAX_REMEMBERED_WORDS
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "names"

# Scripts with upper and lower case, where a capital letter inside a sentence marks a name.
CASED_SCRIPTS = frozenset({"Latin", "Cyrillic", "Greek", "Armenian"})
# A capitalised word, also `McGurk`, `O'Brien`, `Al-Sisi`; a possessive `'s` is left outside.
_NAME = lazy_regex(
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
NOUN_CAPITALISING = frozenset({"de", "lb"})

_MIN_LENGTH = 5
_MAX_STEM_GROUP = 64  # distinct names sharing their first four letters compared as forms of one name
_MIN_DOMINANT = 3
_DOMINANCE = 3
_MAX_VARIANT = 2
_STRONG_DOMINANCE = 5  # dominant spelling this many times as frequent as the variant: an error
_COMMON_WORD_ZIPF = 3.0
# A variant wordfreq has seen at least this often is an established name (`Chiba`, `Kitami`, `Yamano`):
# flagged next to a near spelling only when both sound the same (see `_same_sound`).
_ESTABLISHED_ZIPF = 1.0


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


_frequency = frequencies.lookup  # how common a word is (Zipf, 0 = unknown); None when it cannot be told


@check("TQ401", severity=Severity.WARNING, scope="document", fix="unsafe")
def inconsistent_name_spelling(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """A rare spelling of a name that the document otherwise spells differently.

    ## What it does
    Collects the capitalised words of a document (in Latin, Cyrillic, Greek and Armenian
    script) and flags a spelling used once or twice next to a near-identical one used at least
    three times as often (same first letter, one or two letters different) and found within
    20 segments of it, suggesting the dominant spelling: `Gallant` twelve times and `Galanat`
    once.

    ## Why is this bad?
    MT systems transliterate names afresh in every sentence, so the same person can appear
    under two spellings in one article; readers take them for two people, or for a typo.

    ## Example
        Fires: Blinken met Gallant. ¶ Then Gallant left. ¶ Later, Gallant spoke. ¶ He and Galanat agreed.
        Okay:  Lloyd Austin met Justin Trudeau. ¶ Austin said so. ¶ Then Austin left. ¶ Austin agreed.
        Okay:  Gallant met Blinken. ¶ Then Gallant left. ¶ Later, Gallant spoke. ¶ Gallant's aides agreed.
        Okay[ru]: Путин заявил. ¶ Затем Путин ушёл. ¶ Позже Путин выступил. ¶ С Путиным согласились.
        Okay:  Hamas fired. ¶ Then Hamas left. ¶ Later, Hamas spoke. ¶ He visited Hama.

    ## Severity
    An error when the dominant spelling is used at least five times as often as the variant and
    both have one consonant outline (`Galanat` once beside nine `Gallant`): the document itself
    settles the spelling of one name. A warning for weaker evidence (one against three), and for
    two spellings that sound different (`Limansk`/`Luhansk` may be two places).

    ## Known problems
    Two people whose names differ by a letter (`Johnson` and `Johnston`) can be flagged when one
    of them dominates and neither is known to wordfreq. A variant that wordfreq has seen as a
    word (Zipf >= 1: `Chiba` next to `China`, `Yamano` next to `Yamada`) is taken for another
    name unless the two are one name written two ways: a letter doubled (`Hadad`/`Haddad`),
    accents dropped (`Adèle`/`Adele`) or the same consonant outline (`Roskosmos`/`Roscosmos`);
    other slips that happen to be attested names are missed. Spellings that are common words,
    names shorter than five letters, names that also occur in the source, names in
    `allow-names` and variants more than 20 segments from the dominant spelling (in a batch
    without document ids, usually another story) are never flagged. On WMT23 system outputs
    these two rules cut flags from 78 to 40 while the share an editor would call real rose from
    about half to nine in ten. Scripts without case (Arabic, Chinese, ...) are skipped.
    """
    lang = ctx.tgt.code
    if ctx.tgt.script not in CASED_SCRIPTS or not doc:
        return
    counts: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    places: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    where: dict[str, list[int]] = defaultdict(list)  # segment positions of each spelling, in order
    for position, segment in enumerate(doc):
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
            where[name].append(position)
    if not counts:
        return
    if len(counts) > MAX_DOCUMENT_NAMES:  # no news document: compare the most frequent, and say so
        yield _too_many_names(doc, len(counts))
        counts = Counter(dict(counts.most_common(MAX_DOCUMENT_NAMES)))
    own = counts
    counts, inside = _with_inflections(counts, inside, lang)
    dominant = [name for name, count in counts.items() if count >= _MIN_DOMINANT and inside[name]]
    if not dominant:
        return
    allowed = {name.casefold() for name in ctx.settings.allow_names}
    by_shape: dict[tuple[str, int], list[str]] = defaultdict(list)  # by first letter and length
    for name in dominant:
        by_shape[(name[0], len(name))].append(name)
    source_text: str | None = None
    for variant, count in counts.items():
        if count > _MAX_VARIANT or variant.casefold() in allowed:
            continue
        candidates = [name for length in range(len(variant) - 2, len(variant) + 3)
                      for name in by_shape.get((variant[0], length), ())]
        if not candidates:
            continue
        match_ = _closest(variant, count, candidates, counts, own, lang)
        if match_ is None:
            continue
        match_ = _same_case_form(variant, match_, own, lang)
        if source_text is None:
            source_text = "\n".join(segment.source or "" for segment in doc)
        if variant in source_text or not (_compound(variant) or _rare_word(variant, lang, inside[variant] > 0)):
            continue
        if _source_prefers(variant, match_, source_text, ctx):
            continue  # the variant transliterates another source word: another name (`Limansk` for Лиман)
        if _unaccented(variant) == _unaccented(match_) and len(variant.encode()) > len(match_.encode()):
            continue  # `Fernández` beside `Fernandez`: never suggest stripping an accent
        if _established(variant, lang) and not _same_sound(variant, match_, lang):
            continue  # two attested names a letter apart: two people or places (`Chiba`/`China`)
        if lang in NOUN_CAPITALISING and (_frequency(match_.lower(), lang) or 0.0) >= 4.0:
            continue  # a common noun, not a name
        near = _near_enough(where[variant], where[match_])
        # An error when the document settles it: the dominant spelling five times as frequent, and
        # the two one name by sound (`Galanat`/`Gallant`), not two names a letter apart (`Limansk`/`Luhansk`).
        strong = counts[match_] >= _STRONG_DOMINANCE * count and _same_outline(variant, match_, lang)
        for index, (segment_id, start, end) in enumerate(places[variant]):
            if not near[index]:
                continue
            yield Finding(Span(start, end),
                          f'Name "{variant}" looks like a misspelling of "{match_}" '
                          f"({counts[match_]} times in this document)",
                          suggestion=match_, segment_id=segment_id,
                          severity=Severity.ERROR if strong else None)


def _too_many_names(doc: Sequence[Segment], distinct: int) -> Finding:
    """The notice that a document held more distinct names than are compared (`MAX_DOCUMENT_NAMES`)."""
    first = doc[0]
    return Finding(Span(0, 0), f"{distinct:,} distinct capitalised words in this document: name spellings were "
                   f"compared among the {MAX_DOCUMENT_NAMES:,} most frequent only", segment_id=first.id,
                   severity=Severity.INFO)


def _same_case_form(variant: str, dominant: str, own: Counter[str], lang: str) -> str:
    """The form of the dominant name with the variant's ending, when the document uses it: the fix for
    `Мілан Шеллінгер` is `Шелінгер`, not the more frequent genitive `Шелінгера`."""
    if dominant[-1:] == variant[-1:]:
        return dominant
    lowered = dominant.lower()
    forms = [name for name in own if name != dominant and name[-1:] == variant[-1:]
             and _inflected(lowered, name.lower(), lang)]
    return max(forms, key=lambda name: (own[name], name)) if forms else dominant


def _near_enough(variant: Sequence[int], dominant: Sequence[int]) -> list[bool]:
    """For each position of a variant, whether the dominant spelling occurs within `NEARBY_SEGMENTS`
    segments of it.

    An MT inconsistency sits close to the spelling it departs from (in WMT23 output every one
    was within 8 lines of it), while two similar names far apart are usually two names: above
    all in a line-aligned batch given without document ids, which is one "document" of many
    unrelated stories (`Hanasaku` in one, `Hanamaki` 700 lines later).
    """
    return [any(abs(position - other) <= NEARBY_SEGMENTS for other in dominant) for position in variant]


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
        if len(group) > _MAX_STEM_GROUP:  # no name has this many forms: each counts alone (quadratic else)
            for name in group:
                total[name], total_inside[name] = counts[name], inside[name]
            continue
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


def _established(variant: str, lang: str) -> bool:
    """Whether wordfreq has seen `variant` as a word (Zipf >= 1): a name in its own right, not a slip."""
    return (_frequency(variant.lower(), lang) or 0.0) >= _ESTABLISHED_ZIPF


def _same_sound(variant: str, dominant: str, lang: str) -> bool:
    """Whether two spellings are one name written two ways, not two names: a letter doubled
    (`Hadad`/`Haddad`), accents dropped (`Adèle`/`Adele`), or one consonant outline of three
    classes or more (`Roskosmos`/`Roscosmos`; `Chiba`/`China` and `Taiyo`/`Taito` differ)."""
    first, second = variant.lower(), dominant.lower()
    if _doubling(first, second) or _unaccented(first) == _unaccented(second):
        return True
    outline = translit.skeleton(variant, lang)
    return len(outline) >= 3 and outline == translit.skeleton(dominant, lang)


def _same_outline(variant: str, dominant: str, lang: str) -> bool:
    """Whether two spellings have one consonant outline (`Galanat`/`Gallant`, `Грэйди`/`Грейди`)."""
    outline = translit.skeleton(variant, lang)
    return len(outline) >= 2 and outline == translit.skeleton(dominant, lang)


def _unaccented(word: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))


_INNER_CAPITAL = lazy_regex(r"[\-'\u2019]\p{Lu}")


def _compound(variant: str) -> bool:
    """A hyphenated or apostrophised name (`Ben-Ami`, `Al-Sisi`, `O'Brien`): never an ordinary word, even
    at the start of a sentence. wordfreq rates it by its parts, so `Ben-Ammi` looks as common as `Ammi`."""
    return _INNER_CAPITAL.search(variant) is not None


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


# ---------------------------------------------------------------------------------------------
# Source- and reference-aware names (TQ402-TQ404, TQ408, TQ409)
#
# A "name" is a capitalised word of a cased script (`_NAME`), not at the start of a sentence.
# Source and target are compared through `tqcheck.checks.names.transliteration` skeletons, so a name may
# change script (`Нетаньяху` / `Netanyahu`) and take case endings (`Путина` / `Putin`).

_ZIPF_CACHE = 1 << 14
_ABJAD_SCRIPTS = frozenset({"Arabic", "Hebrew"})
# TQ402: source words at least this common are ordinary words capitalised by convention
# (`Правительство`, `Gobierno`), countries and famous names, whose translations are exonyms
# (`Германия` / `Germany` matches by skeleton, `Китай` / `China` does not); rarer ones are names.
SOURCE_NAME_MAX_ZIPF = 4.0
# TQ411: source words up to this common can be names (`Merkel` 4.8, `Лавров` 4.3 in their languages);
# a replacing target name must be rarer than exonyms of cities (`Cologne` 3.6, `Warsaw` 3.7 in English).
_FAMOUS_NAME_MAX_ZIPF = 5.5
_REPLACEMENT_MAX_ZIPF = 3.5
# TQ403: only target names (almost) unknown to wordfreq are judged: more common ones are words in
# titles (`The Pretender`), exonyms (`Palatinate`) and established spellings of real names.
_TARGET_NAME_MAX_ZIPF = 1.0
# TQ408/TQ410: a word this common is a word of the language, not a misspelling; TQ410's frequent
# neighbours are at least this common too.
_KNOWN_NAME_MIN_ZIPF = 3.0
_NEIGHBOUR_MIN_LENGTH = 6
# Latin-script words inside a source in another script (`ChatGPT`, `Hamas` in a Chinese text): mixed
# case, no digits; all-capital acronyms are often expanded in translation (`SNS`) and are left out.
_LATIN_WORD = lazy_regex(
    r"(?<![\p{L}\p{N}\p{M}])\p{Latin}(?:\p{Latin}|[\-'.](?=\p{Latin}))+(?![\p{L}\p{N}\p{M}])")


_QUOTE_OPENERS = frozenset("\"'\u201c\u201e\u00ab\u2018\u201a\u2039\u300c\u300e(")
# Russian, Ukrainian and Belarusian adjective endings of capitalised non-names: `Тюменской области`,
# `Священной Римской империи`, `Української`; masculine `-ский`/`-ського` surnames are kept.
_SLAVIC_ADJECTIVE = lazy_regex(
    r"(?:ная|ное|ной|ных|ными|ному|ные|ская|ское|ской|ских|ские|ском|цкая|цкой|ська|ське|ської|ських|ській|"
    r"ної|ний|них|ною|ним|ном|ній|ими|ою|ая|яя|ое|ее|ые|ие|ый|их|ых|(?<![иы])ным|"
    r"(?<![сц]к)(?:ого|ому|его|ему|ім)|ством|ами|ями)$")
# Czech and Slovak adjectives (`Západočeské univerzity`, `Mnichovskou dohodu`); `-ský` surnames are kept.
_WEST_SLAVIC_ADJECTIVE = lazy_regex(r"(?:ské|skou|ském|ských|ská|cké|ckou|ckém|ckých|cká|ního|ními|ních|ném|ným|ných|"
                                       r"ní|né|ého|ému|ém)$")
# English words derived from names are adjectives and demonyms, not names (`Kafkaesque`, `Pictish`),
# and English capitalises common words in titles and organisation names (`Stop Harassing Owners`).
_DERIVED = lazy_regex(r"(?:esque|ish|ian|ians|ean|eans|ese|ic|ics|ist|ists|ism|ite|ites|iard|iards|stani|aeli|aqi|udi)$")
_ENGLISH_COMMON_SHAPE = lazy_regex(
    r"(?:ing|ers|ors|ies|tion|tions|sion|sions|ment|ments|ity|ities|ness|ship|ance|ence|ism|ists|ics|ives|ful|"
    r"less|ous|able|ible|ated|ised|ized|ure|ures|ties|ary|ery)$")


@dataclass(frozen=True, slots=True)
class _NameToken:
    start: int
    end: int
    text: str
    initial: bool
    quoted: bool = False


@lru_cache(maxsize=2048)
def names_in(text: str) -> tuple[_NameToken, ...]:
    """Capitalised words of `text`, with whether each starts a sentence or a quotation (cached per text)."""
    return tuple(_NameToken(match.start("name"), match.end("name"), match.group("name"),
                            _sentence_initial(text, match.start()),
                            match.start() > 0 and text[match.start() - 1] in _QUOTE_OPENERS)
                 for match in _NAME.finditer(text))


def _allowed(ctx: Context) -> frozenset[str]:
    memory = ctx.shared("names:allowed")
    found = memory.get("allowed")
    if found is None:
        found = frozenset(name.casefold() for name in ctx.settings.allow_names)
        memory["allowed"] = found
    return found


def _glossary_sources(ctx: Context) -> tuple[str, ...]:
    glossary = ctx.settings.glossary
    if glossary is None:
        return ()
    return tuple(term.source for term in glossary.for_pair(ctx.src.code, ctx.tgt.code) if term.source)


def in_text(name: str, text: str, lang: str, name_lang: str = "") -> bool:
    """Whether `text` has `name` (any case), an inflected form of it, or a spelling with its skeleton.

    A hyphenated name (`Herrmann-Wick`, `Windows-Task-Manager`) is there if any part of it is.
    Full-width letters count as their ASCII forms (`ＩｏＴ` is `IoT`).
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKC", name)
    if "-" in name:
        parts = [part for part in name.split("-") if len(part) >= 3]
        if parts and len(parts) > 1:
            return any(in_text(part, text, lang, name_lang) for part in parts)
    lowered = name.lower()
    folded = text.lower()
    if lowered in folded:
        return True
    for token in names_in(text):
        other = token.text.lower()
        if other.startswith(lowered) or (len(lowered) >= 4 and _inflected(lowered, other, lang)):
            return True
    return translit.find_spelling(name, text, lang, name_lang) is not None


def source_names(source: str, ctx: Context, max_zipf: float = SOURCE_NAME_MAX_ZIPF) -> Iterator[_NameToken]:
    """Names in the source worth finding in the target (see TQ402's docstring); words at least
    `max_zipf` common in the source language are taken for ordinary words."""
    return (token for token in name_candidates(source, ctx) if is_source_name(token.text, ctx, max_zipf))


def name_candidates(source: str, ctx: Context) -> Iterator[_NameToken]:
    """The source's words that may be names, by their shape alone (cheap): capitalised words inside a
    sentence of a cased script, four letters or more and not quoted; in a script without case,
    Latin-script words of mixed case. `is_source_name` decides."""
    if ctx.src.script in CASED_SCRIPTS:
        for token in names_in(source):
            if not (token.initial or token.quoted or len(token.text) < 4):
                yield token
        return
    for match in _LATIN_WORD.finditer(source):
        word = match.group()
        if len(word) >= 3 and any(char.isupper() for char in word) and any(char.islower() for char in word):
            yield _NameToken(match.start(), match.end(), word, False)


def is_source_name(word: str, ctx: Context, max_zipf: float = SOURCE_NAME_MAX_ZIPF) -> bool:
    """Whether a candidate of `name_candidates` is a name: not an adjective by its shape, transliterable
    (three consonants or more across scripts), rarer than `max_zipf` in the source language, and in
    German, which capitalises every noun, a name by `_german_name`."""
    src = ctx.src
    if src.script not in CASED_SCRIPTS:
        return True
    if adjective_or_common(word, src.code, src.script):
        return False
    if src.script != ctx.tgt.script and len(translit.skeleton(word, src.code)) < 3:
        return False  # `Анна`, `Иан`: too few consonants to find a transliteration reliably
    frequency = _frequency(word, src.code)
    if frequency is not None and frequency >= max_zipf:
        return False
    return src.code not in NOUN_CAPITALISING or _german_name(word, frequency)


def adjective_or_common(word: str, lang: str, script: str) -> bool:
    """Whether a capitalised word is by its shape an adjective, demonym or common word, not a name."""
    if script == "Cyrillic":
        return _SLAVIC_ADJECTIVE.search(word) is not None
    if lang in ("cs", "sk"):
        return _WEST_SLAVIC_ADJECTIVE.search(word) is not None
    if lang == "en":
        return _DERIVED.search(word) is not None or _ENGLISH_COMMON_SHAPE.search(word) is not None
    return False


def _german_name(word: str, frequency: float | None) -> bool:
    """Whether a capitalised German word is likely a name rather than a noun.

    German capitalises every noun, so capitals say little. A name is either a word English
    knows about as well as German does (`Merkel`, `Tigres`; not `Regierung`) and that is not
    common in German, or a word neither knows (`Cocca`) that is no compound of German words
    (`Beetschilder` = `Beet` + `Schilder`).
    """
    english = _frequency(word, "en")
    if frequency is None or english is None or frequency >= 3.0:
        return False
    if frequency == 0.0 and english == 0.0:
        return len(word) <= 12 and not german_compound(word.lower())
    return english >= 1.0 and english >= frequency - 0.5


@lru_cache(maxsize=_ZIPF_CACHE)
def german_compound(word: str) -> bool:
    """Whether lower-case `word` splits into known German words (`kabelbaum|stecker`), links allowed."""
    if (_frequency(word, "de") or 0.0) >= 2.0:
        return True
    for ending in ("es", "s", "en", "n", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and (_frequency(word[: -len(ending)], "de")
                                                                       or 0.0) >= 2.0:
            return True
    for cut in range(3, len(word) - 2):
        head = word[:cut]
        if (_frequency(head, "de") or 0.0) < 2.0:
            continue
        tail = word[cut:]
        for link in ("", "s", "es", "n", "en", "e"):
            if tail.startswith(link) and len(tail) - len(link) >= 3 and german_compound(tail[len(link):]):
                return True
    return False


@check("TQ402", severity=Severity.INFO, needs=("source",), default=False)
def missing_source_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A name in the source that the target does not contain in any spelling.

    ## What it does
    Finds the names of the source (capitalised words inside a sentence, in Latin, Cyrillic or
    Greek script; Latin-script words such as `ChatGPT` in an Arabic, Hebrew, Chinese or Japanese
    source) and looks for each in the target: as written, with case endings (`Путина` for
    `Путин`, `Zelenského`), or transliterated, by consonant skeleton (`Нетаньяху` = `Netanyahu`,
    `Гарри` = `Harry`). A name found in none of these ways is flagged in the source.

    ## Why is this bad?
    MT drops names it cannot transliterate, or replaces them with a pronoun or a common word
    (`Cocca` becomes "the coach"); the reader loses who did what.

    ## Example
        Fires[de>en]: Trainer Cocca übernahm die Tigres. ||| The coach took over Tigres.
        Fires[ru>en]: Об этом заявил Мелендес. ||| This was stated by the spokesman.
        Okay[ru>en]: Об этом заявил Мелендес. ||| This was stated by Melendez.
        Okay[uk>en]: Делегацію очолив Зеленський. ||| The delegation was led by Zelensky.
        Okay[de>en]: Die Regierung tagte in Geesthacht. ||| The government met in Geesthacht.

    ## Known problems
    Opt-in and informational: human references drop or paraphrase names about as often as MT
    does (WMT23: 8.7 flags per 1,000 MT segments, 9.6 per 1,000 reference segments; NLLB output
    2-4 times more), and segments it flags carry an expert-annotated error no more often than
    others (MQM TED en-de: 40% against a 41% base rate). A flag is a place to look, not a
    verdict: run it with `--extend-select TQ402` (or `extend-select = ["TQ402"]`), and raise it
    with `[severity] TQ402 = "warning"` for your own data.
    Names in Arabic, Hebrew, Chinese and Japanese sources cannot be told from other words
    (no capitals), so only Latin-script words of such sources are checked (`OpenAI`; all-capital
    acronyms are left out, as translations expand them); use a glossary (TQ405) for the names
    that matter. Skipped: source words common in the language (wordfreq Zipf 4 or more:
    countries, famous names, capitalised institutions, whose translations are exonyms such as
    `Китай` / `China`), words after an opening quote (titles), Slavic adjectives (`Тюменской`),
    English `-ian`/`-ing`-type words, and, across scripts, names of fewer than three consonant
    classes (`Анна`). German capitalises every noun: a German word counts as a name when English
    knows it about as well as German does, or when neither knows it and it splits into no
    German words (`Cocca`, not `Beetschilder`). Chinese and Japanese targets are not checked:
    they write names by convention, not by sound (`普京` for Putin, `岸田` for Kishida).
    """
    source = seg.source or ""
    target = seg.target
    if ctx.tgt.script not in CASED_SCRIPTS and ctx.tgt.script not in _ABJAD_SCRIPTS:
        return  # Chinese and Japanese render names by convention, not by sound (`美国`, `岸田`)
    same_script = ctx.src.script == ctx.tgt.script or ctx.src.script not in CASED_SCRIPTS
    for token in source_names_missing(source, target, ctx):
        yield Finding(Span(token.start, token.end, "source"),
                      f'Name "{token.text}" in the source is missing from the target',
                      suggestion=token.text if same_script else None)


def source_names_missing(source: str, text: str, ctx: Context,
                         max_zipf: float = SOURCE_NAME_MAX_ZIPF) -> Iterator[_NameToken]:
    """Names of `source` (in `ctx.src`) that `text` (in `ctx.tgt`) contains in no spelling.

    TQ402's matcher, shared with the round-trip check TQ904 (source vs back-translation).
    Glossary source terms are left to the glossary checks; each name is reported once.
    """
    glossary_sources = {term.casefold() for term in _glossary_sources(ctx)}
    seen: set[str] = set()
    for token in source_names(source, ctx, max_zipf):
        if token.text in seen or token.text.casefold() in glossary_sources:
            continue
        seen.add(token.text)
        if not in_text(token.text, text, ctx.tgt.code, ctx.src.code):
            yield token


@check("TQ403", severity=Severity.INFO, needs=("source",))
def unsupported_target_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A rare name in the target that nothing in the source can be a spelling of.

    ## What it does
    For each capitalised word inside a target sentence (Latin or Cyrillic script) that wordfreq
    hardly knows (Zipf below 1), looks for the same word or a word with the same consonant
    skeleton in the source, in any script: `Gallant` is supported by `غالانت`, `גלנט`, `Галант` or
    `加兰特`. A
    name with no such counterpart is reported.

    ## Why is this bad?
    A name that is not in the source is either a hallucination (MT invents people and places,
    especially in short or noisy input) or a transliteration so far off that the reader cannot
    recover the original.

    ## Example
        Fires[ar>en]: التقى بلينكن بغالانت في واشنطن. ||| Blinken met Zhuravlenko in Washington.
        Okay[ar>en]: التقى بلينكن بغالانت في واشنطن. ||| Blinken met Gallant in Washington.
        Okay[zh>en]: 布林肯会见了加兰特。 ||| Blinken met Gallant.
        Okay[ru>en]: Шойгу встретился с Нетаньяху. ||| Shoigu met Netanyahu.

    ## Known problems
    Informational. Only names wordfreq does not know are judged: common words are titles or
    exonyms (`The Pretender`, `Palatinate`) and known names are rarely invented, so most
    hallucinated names are missed; what is flagged is often a garbled transliteration or a typo
    (`Doestoevsky`). Names of fewer than three consonant classes (`Gaza`, `Yoav`) cannot be judged.
    Japanese sources are skipped: names read from kanji (`岸田` / `Kishida`) cannot be
    transliterated without a dictionary. Chinese renders foreign names freely, so an unusual
    Chinese rendering can leave a correct name unsupported.
    """
    source = seg.source or ""
    tgt = ctx.tgt
    if tgt.script not in CASED_SCRIPTS or not translit.han_reading_reliable(ctx.src.code):
        return
    allowed = _allowed(ctx)
    known = _known_names(ctx)
    src_lang = ctx.src.code
    seen: set[str] = set()
    for token in names_in(seg.target):
        name = token.text
        if token.initial or token.quoted or len(name) < 4 or name in seen:
            continue
        seen.add(name)
        if name.casefold() in allowed or name in known or len(translit.skeleton(name)) < 3:
            continue
        if adjective_or_common(name, tgt.code, tgt.script):
            continue
        frequency = _frequency(name, tgt.code)
        if frequency is not None and frequency >= _TARGET_NAME_MAX_ZIPF:
            continue
        if tgt.code in NOUN_CAPITALISING and not _german_name(name, frequency):
            continue
        if in_text(name, source, src_lang, tgt.code):
            continue
        yield Finding(Span(token.start, token.end),
                      f'Name "{name}" has no counterpart in the source')


_UNKNOWN_WORD_ZIPF = 2.0   # TQ412: a source name rarer than this as a word of its own language ...
_FOREIGN_WORD_ZIPF = 3.0   # ... and than this in the target language is a name, not a word


@check("TQ412", severity=Severity.WARNING, needs=("source",))
def dropped_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A rare name of the source is missing from a target written in the same script.

    ## What it does
    For pairs that share a script (German into English, English into Czech), takes the
    capitalised words inside the source's sentences that are names beyond doubt: five letters or
    more, hardly known as words of the source language or of the target language (wordfreq), and
    flags, in the source, each one the target contains in no form (as written, inflected, or
    with the same first four letters: `Zelenského` for `Zelensky`).

    ## Why is this bad?
    A name that disappears from a fluent sentence changes who did what; in a pair that shares a
    script a rare name is copied, not translated, so its absence is no choice of style.

    ## Example
        Fires[de>en]: Trainer Cocca übernahm die Tigres. ||| The coach took over the team.
        Okay[de>en]: Trainer Cocca übernahm die Tigres. ||| Coach Cocca took over Tigres.
        Okay[en>cs]: The talks with Zelensky ended. ||| Rozhovory se Zelenským skončily.
        Okay[de>en]: Die Regierung tagte in Berlin. ||| The government met in the capital.

    ## Known problems
    Only pairs that share a script: across scripts a name is transliterated, which TQ402 (opt-in)
    tries with consonant skeletons at a cost in false alarms. Names that are also ordinary words
    (`Berlin`, `Monday`, `Apple`) and famous names are left out; a name rendered by an exonym the
    target does not share a prefix with (`Aachen` / `Aix-la-Chapelle`) is reported.
    """
    if ctx.src.script != ctx.tgt.script or ctx.src.script not in CASED_SCRIPTS or not ctx.src.code:
        return
    source = seg.source or ""
    folded = seg.target.casefold()
    for token in source_names_missing(source, seg.target, ctx, _FOREIGN_WORD_ZIPF):
        name = token.text
        if len(name) < 5 or name[:4].casefold() in folded:
            continue
        if (_frequency(name.lower(), ctx.src.code) or 0.0) >= _UNKNOWN_WORD_ZIPF:
            continue
        if (_frequency(name.lower(), ctx.tgt.code) or 0.0) >= _FOREIGN_WORD_ZIPF:
            continue
        yield Finding(Span(token.start, token.end, "source"), f'Name "{name}" of the source is missing from the target')


@check("TQ411", severity=Severity.WARNING, needs=("source",), default=False)
def replaced_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A name of the source is missing from the target, and a name the source does not have stands in its place.

    ## What it does
    Looks for the names of the source in the target as TQ402 does (as written, inflected, or
    transliterated by consonant skeleton: `Нетаньяху` = `Netanyahu`). When one is missing, looks
    for a capitalised word inside a target sentence that is no ordinary word of the language
    and that nothing in the source can be a spelling of, and reports it as the replacement,
    naming the source name it replaced.

    ## Why is this bad?
    A fluent sentence with the wrong person or place in it is one of the most damaging MT
    errors in news, and no fluency check sees it: `Scholz said` reads as well as `Merkel said`.

    ## Example
        Fires[de>en]: Am Montag sagte Trainer Cocca, es sei vorbei. ||| On Monday, coach Guardiola said it was over.
        Fires[ru>en]: Об этом заявила Захарова. ||| This was stated by Matviyenko.
        Okay[ru>en]: Об этом заявила Захарова. ||| This was stated by Zakharova.
        Okay[de>en]: Am Montag sagte Trainer Cocca, es sei vorbei. ||| On Monday, the coach said it was over.
        Okay[de>en]: Die Regierung tagte in Köln. ||| The government met in Cologne.

    ## Known problems
    Opt-in (`--extend-select TQ411`): on WMT23 it flags 2.2 MT and 3.1 reference segments per
    1,000, and most flags are translated names the matcher cannot link to their source
    (exonyms such as `Transcarpathia` for `Закарпаття`, Russian-style spellings of Ukrainian
    names such as `Grigorenko`, capitalised common nouns such as `Inspectorate`); about one in
    seven is a real substitution (`Oleksiy` for `Олександр`). Use it with a glossary.
    Names of fewer than three consonant classes (`Gaza`, `Shoigu`) cannot be judged, nor can
    German source names that German knows far better than English (`Merkel`): German capitalises
    every noun. A name that is only dropped (replaced by a pronoun or a title) is TQ402's, which is opt-in
    because human translators do that too. Exonyms that neither side's word frequencies know
    (`Lwiw` / `Lviv` are found by skeleton; `Aachen` / `Aix-la-Chapelle` are not) can be
    reported. Sources without case (Arabic, Chinese, Japanese) give names only in Latin script,
    and Chinese and Japanese targets are not checked, as for TQ402.
    """
    source = seg.source or ""
    if ctx.tgt.script not in CASED_SCRIPTS or not translit.han_reading_reliable(ctx.src.code):
        return
    # Famous names count here (`Merkel`, `Лавров`): a replacement must also be found to report one.
    missing = list(source_names_missing(source, seg.target, ctx, _FAMOUS_NAME_MAX_ZIPF))
    if not missing:
        return
    allowed = _allowed(ctx)
    known = _known_names(ctx)
    tgt = ctx.tgt
    for token in names_in(seg.target):
        name = token.text
        if token.initial or token.quoted or len(name) < 4 or name.casefold() in allowed or name in known:
            continue
        if len(translit.skeleton(name)) < 3 or adjective_or_common(name, tgt.code, tgt.script):
            continue
        frequency = _frequency(name, tgt.code)
        if frequency is not None and frequency >= _REPLACEMENT_MAX_ZIPF:
            continue  # an ordinary word, or a place whose name translators change (`Cologne` for `Köln`)
        if tgt.code in NOUN_CAPITALISING and not _german_name(name, frequency):
            continue
        if in_text(name, source, ctx.src.code, tgt.code):
            continue
        was = missing.pop(0)
        yield Finding(Span(token.start, token.end),
                      f'Name "{name}" in the target where the source has "{was.text}"', suggestion=None)
        if not missing:
            return


def _known_names(ctx: Context) -> frozenset[str]:
    """Target spellings from the glossary / name list, for the target language."""
    memory = ctx.shared("names:known")
    key = ctx.tgt.code
    found = memory.get(key)
    if found is None:
        glossary = ctx.settings.glossary
        found = frozenset(glossary.names_for(ctx.tgt.code)) if glossary is not None else frozenset()
        memory[key] = found
    return found


_COMMON_TARGET_ZIPF = 3.5


@lru_cache(maxsize=_ZIPF_CACHE)
def folded(word: str) -> str:
    """`word` without diacritics, lower-case (`Piștereanu` -> `pistereanu`)."""
    if word.isascii():
        return word.lower()
    return "".join(char for char in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(char))


_NAME_PART = lazy_regex(r"\p{L}[\p{L}\p{M}]*")


def has_word_starting(prefix: str, text: str) -> bool:
    """Whether a word of `text`, case and accents aside, starts with `prefix` (already `folded`).

    Hyphenated words count by part and whole: `Kramp-Karrenbauer` has `karr`, `Wi-Fi` has `wifi`.
    """
    if any(folded(word).startswith(prefix) for word in _NAME_PART.findall(text)):
        return True
    return "-" in text and any(folded(word).startswith(prefix) for word in _NAME_PART.findall(text.replace("-", "")))


def _near_miss(variant: str, name: str, lang: str) -> bool:
    """Whether `variant` is one or two edits from `name` and not merely an inflected form of it."""
    if variant == name or variant[0] != name[0] or abs(len(variant) - len(name)) > 2:
        return False
    lowered, other = variant.lower(), name.lower()
    if lowered == other:
        return False
    limit = 1 if min(len(variant), len(name)) <= 5 else 2
    if DamerauLevenshtein.distance(lowered, other, score_cutoff=limit) > limit:
        return False
    if _inflected(lowered, other, lang) or other.startswith(lowered) or lowered.startswith(other):
        return False
    return True


@check("TQ404", severity=Severity.INFO, needs=("reference",))
def reference_name_mismatch(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A target name spelled one or two letters differently from a name in the reference.

    ## What it does
    Compares the capitalised words of the target with the names of the reference (same
    script): a target word that is not in the reference but is one or two edits from a
    reference name with the same first letter (`Galanat` / `Gallant`, `Zelenskiy` / `Zelensky`)
    is flagged, with the reference spelling as the suggestion. Inflected forms (`Putins`,
    `Путина`), possessives, diacritics alone (`Valean` / `Vălean`) and target words common in the
    language (wordfreq Zipf 3.5 or more: `Three` / `There`) are not differences.

    ## Why is this bad?
    The reference shows how the name is conventionally spelled; a near-miss is a misspelling
    the reader may not notice but a search engine will.

    ## Example
        Fires[ar>en]: بحث بلينكن مع غالانت ||| Blinken discussed with Galanat. === Blinken held talks with Gallant.
        Fires[ru>en]: Встреча с Нетаньяху ||| A meeting with Netanjahu. === A meeting with Netanyahu.
        Okay[ar>en]: بحث بلينكن مع غالانت ||| Blinken met Gallant's aides. === Blinken held talks with Gallant.
        Okay[ar>en]: بحث بلينكن مع غالانت ||| Blinken met Austin. === Blinken held talks with Gallant.

    ## Severity
    Information: the reference is evidence, not authority (on the judged sample 9 of 15 such
    findings were real even with the rules below). The reference's spelling is the suggested
    fix only when it is an attested one (wordfreq knows it); a target spelling that
    transliterates the source where the reference's does not (`Kirovohrad` for Ukrainian
    `Кіровоград`, reference `Kirovograd`) is never flagged; when neither is known (two
    transliterations of a rare name, or a typo in the reference) the finding suggests nothing.

    ## Known problems
    Two different people whose names differ by a letter (`Johnson` and `Johnston`) in target and
    reference are flagged when the target name is not commoner than the reference one. Needs
    `--reference`; the examples read `source ||| target === reference`.
    """
    reference = seg.reference or ""
    lang = ctx.tgt.code
    if ctx.tgt.script not in CASED_SCRIPTS:
        return
    references = {token.text for token in names_in(reference) if len(token.text) >= 4}
    if not references:
        return
    allowed = _allowed(ctx)
    source = seg.source or ""
    for token in names_in(seg.target):
        name = token.text
        if len(name) < 4 or name in references or name.casefold() in allowed or name in source:
            continue
        candidates = [other for other in references if _near_miss(name, other, lang)]
        if not candidates:
            continue
        best = min(candidates, key=lambda other: (DamerauLevenshtein.distance(name, other), other))
        if folded(name) == folded(best):
            continue  # only diacritics differ (`Valean` / `Vălean`): a house-style question
        frequency = _frequency(name, lang)
        if frequency is not None and (frequency >= _COMMON_TARGET_ZIPF or frequency > (_frequency(best, lang) or 0.0)):
            continue  # a common word (`Three` / `There`) or commoner than the reference name: not a slip
        if _source_prefers(name, best, source, ctx):
            continue  # the target transliterates the source and the reference does not (`Kirovohrad`)
        attested = (_frequency(best, lang) or 0.0) >= _ESTABLISHED_ZIPF
        yield Finding(Span(token.start, token.end),
                      f'Name "{name}" is spelled "{best}" in the reference'
                      + ("" if attested else " (neither spelling is a known one)"),
                      suggestion=best if attested else None)


_SOURCE_WORD = lazy_regex(r"\p{L}[\p{L}\p{M}'\u2019\-]*")


def _source_prefers(name: str, reference_name: str, source: str, ctx: Context) -> bool:
    """Whether the target's spelling, and not the reference's, has the consonant outline of a
    source word: `Kirovohrad` for Ukrainian `Кіровоград` against a reference's Russian-based
    `Kirovograd`. When both match (an Arabic source has no vowels to choose between `Galanat` and
    `Gallant`), the source cannot decide."""
    if not source:
        return False
    outline = translit.skeleton(name, ctx.tgt.code)
    if len(outline) < 3:
        return False
    outlines = _source_outlines(source, ctx.src.code)
    return outline in outlines and translit.skeleton(reference_name, ctx.tgt.code) not in outlines


@lru_cache(maxsize=64)
def _source_outlines(source: str, lang: str) -> frozenset[str]:
    """The consonant outlines of a source's words (a document's sources, for TQ401: computed once)."""
    return frozenset(translit.skeleton(word.group(), lang) for word in _SOURCE_WORD.finditer(source))


@check("TQ409", severity=Severity.INFO, needs=("reference",))
def missing_reference_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A rare name in the reference that the target does not contain in any spelling.

    ## What it does
    For each capitalised word inside a reference sentence that is rare in the language
    (wordfreq Zipf below 4), looks for it in the target as written, inflected, one or two letters
    off (TQ404 reports those) or with the same consonant skeleton; a name found in none of
    these ways is reported in the reference.

    ## Why is this bad?
    A name the human translator kept but the MT lost usually means a dropped or mistranslated
    phrase.

    ## Example
        Fires[de>en]: Der Trainer der Tigres trat zurück. ||| The coach resigned. === The coach of Tigres resigned.
        Okay[de>en]: Der Trainer der Tigres trat zurück. ||| The Tigres coach resigned. === The coach of Tigres resigned.

    ## Known problems
    Informational: translators may name a person where the MT uses a pronoun or a title and be
    equally right. Names of fewer than three consonant classes are not checked. The examples
    read `source ||| target === reference`.
    """
    reference = seg.reference or ""
    if ctx.tgt.script not in CASED_SCRIPTS:
        return
    lang = ctx.tgt.code
    target = seg.target
    seen: set[str] = set()
    for token in names_in(reference):
        name = token.text
        if token.initial or len(name) < 4 or name in seen:
            continue
        seen.add(name)
        if len(translit.skeleton(name)) < 3:
            continue
        frequency = _frequency(name, lang)
        if frequency is not None and frequency >= SOURCE_NAME_MAX_ZIPF:
            continue
        if lang in NOUN_CAPITALISING and not _german_name(name, frequency):
            continue  # a capitalised German noun (`Autobahngesellschaft`), not a name
        if in_text(name, target, lang, lang):
            continue
        if any(_near_miss(other.text, name, lang) for other in names_in(target)):
            continue
        yield Finding(Span(token.start, token.end, "reference"),
                      f'Name "{name}" in the reference is missing from the target', suggestion=name)


@check("TQ408", severity=Severity.WARNING, fix="unsafe")
def misspelled_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A capitalised word one or two letters away from a name in the name list.

    ## What it does
    Compares every capitalised target word with the target spellings of the glossary / name
    list (`--glossary`, `glossary = "names.csv"`; see TQ405): a word that is not in the list
    but is one or two edits from a listed name (one for names of five letters or fewer), with
    the same first letter and not merely an inflected form (`Gallant's`, `Путина`), is flagged
    with the listed spelling as the suggestion. Works in every script with capitals, and even
    when the article never spells the name right.

    ## Why is this bad?
    A misspelled name is a factual error; spelled the same wrong way throughout an article it
    escapes consistency checks (TQ401) and spell checkers, which skip capitalised words.

    ## Example
        Glossary: ,Gallant,required
        Fires: Blinken discussed with Galanat the issue of the shipment.
        Fires: Galant came to the State Department building.
        Okay:  Gallant met with Amos Hochstein and Brett McGurk.
        Okay:  Gallant's aides and Gallants of all kinds agreed.

    ## Known problems
    Does nothing without a name list (see TQ410 for the frequency-based guess). A word that
    is common in the language (wordfreq Zipf 3 or more: `Galant` is not, `Gallagher` is), a word
    written the same way in the source, and the names in `allow-names` are not flagged.
    """
    known = _known_names(ctx)
    if not known or ctx.tgt.script not in CASED_SCRIPTS:
        return
    allowed = _allowed(ctx)
    source = seg.source or ""
    lang = ctx.tgt.code
    memory = ctx.memory()
    for token in names_in(seg.target):
        name = token.text
        if len(name) < 4 or name in known or name.casefold() in allowed or name in source:
            continue
        key = (lang, name)
        if key not in memory:
            if len(memory) >= MAX_REMEMBERED_WORDS:
                memory.clear()  # a cache of a pure lookup: forgetting costs time, never a result
            memory[key] = _listed_misspelling(name, lang, known)
        expected = memory[key]
        if expected is not None:
            yield Finding(Span(token.start, token.end),
                          f'Name "{name}" looks like a misspelling of "{expected}" (name list)',
                          suggestion=expected)


def _listed_misspelling(name: str, lang: str, known: frozenset[str]) -> str | None:
    """The listed name that `name` misspells, if any (the closest, then alphabetical)."""
    frequency = _frequency(name, lang)
    if frequency is not None and frequency >= _KNOWN_NAME_MIN_ZIPF:
        return None
    close = sorted((DamerauLevenshtein.distance(name.lower(), other.lower()), other)
                   for other in known if _near_miss(name, other, lang))
    return close[0][1] if close else None


@lru_cache(maxsize=8)
def _frequent_words(lang: str) -> dict[str, tuple[str, ...]]:
    """wordfreq's words of `lang` with Zipf >= 3, alphabetic, five letters or more, by consonant skeleton.

    Built once per language from `top_n_list` (a binary search finds the Zipf cut-off). A name's
    neighbours must share its consonants (`_frequent_neighbour`), so a lookup reads only the few
    words with the same skeleton: constant time per name, however many distinct names a batch
    holds (scanning by first letter and length cost a quarter of a millisecond each). English:
    about 29,000 words kept.
    """
    try:
        words = frequencies.top_words(lang, 100_000)
    except LookupError:
        return {}
    low, high = 0, len(words)
    while low < high:
        middle = (low + high) // 2
        if frequencies.zipf(words[middle], lang) >= _KNOWN_NAME_MIN_ZIPF:
            low = middle + 1
        else:
            high = middle
    buckets: dict[str, list[str]] = defaultdict(list)
    for word in words[:low]:
        if len(word) >= _NEIGHBOUR_MIN_LENGTH - 1 and word.isalpha():
            buckets[_consonants(word)].append(word)
    return {key: tuple(values) for key, values in buckets.items()}


_VOWELS = lazy_regex(r"[aeiouyäöüàáâãåæèéêëìíîïòóôõøùúûýÿœ]")
_DOUBLES = lazy_regex(r"(.)\1+")


def _doubles(word: str) -> tuple[str, ...]:
    """The doubled letters of `word`, in order (`gallant` -> ('l',), `netanyahoo` -> ('o',))."""
    return tuple(match.group(1) for match in _DOUBLES.finditer(word.lower()))


def _consonants(word: str) -> str:
    """The consonant letters of `word` with doubles merged (`Gallant`, `Galanat` -> `glnt`)."""
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", word.lower()))


def _frequent_neighbour(name: str, lang: str) -> str | None:
    """A frequent word that `name` misspells by a doubled letter (and perhaps a vowel), capitalised.

    Only the kind of slip MT makes in a name it knows: the same consonants, a doubled letter
    lost or gained (`Galanat`/`Gallant`, `Netanyahoo`/`Netanyahu`, `Bidden`/`Biden`). Vowel
    changes alone are left out: they are how different real names differ (`Silina`/`Saline`).
    """
    lowered = name.lower()
    best: tuple[int, float, str] | None = None
    for word in _frequent_words(lang).get(_consonants(lowered), ()):
        if word[0] != lowered[0] or abs(len(word) - len(lowered)) > 2 or _doubles(word) == _doubles(lowered):
            continue
        distance = DamerauLevenshtein.distance(lowered, word, score_cutoff=2)
        if distance > 2 or not _near_miss(name, word.capitalize(), lang):
            continue
        candidate = (distance, -(_frequency(word, lang) or 0.0), word)
        if best is None or candidate < best:
            best = candidate
    return best[2].capitalize() if best is not None else None


@check("TQ410", severity=Severity.INFO, fix="unsafe")
def possibly_misspelled_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A capitalised word unknown to wordfreq that looks like a slip in a frequent word or name.

    ## What it does
    For target text without a source (a lone MT article), flags a capitalised word of six
    letters or more inside a sentence that wordfreq has never seen (Zipf 0) when a word it
    knows well (Zipf 3 or more) has the same consonants and differs only by a doubled letter
    lost or gained, perhaps with a vowel: `Galanat` for `Gallant`, `Netanyahoo` for `Netanyahu`.
    The suggestion is that word, capitalised. Latin-script languages other than German.

    ## Why is this bad?
    Without a name list (TQ408) or a source (TQ402, TQ403) this is the only evidence left that a
    name was mangled; spelled the same way throughout an article, consistency checks miss it.

    ## Example
        Fires: Blinken discussed with Galanat the issue of the shipment.
        Fires: Israeli Prime Minister Benjamin Netanyahoo claimed on Sunday.
        Okay:  Gallant met with Amos Hochstein and Brett McGurk in Rafah.
        Okay:  Diego Cocca succeeds Gerardo Martino as coach of Tigres.
        Okay:  She met Elena Silina and Ivan Urgant.

    ## Known problems
    Informational: wordfreq has no letter case, so the frequent word may be a common noun, and
    real rare names do collide (`Susanin`/`Susanna`, about 2 per 1,000 segments of news
    translated from Russian, none in Ukrainian or Japanese news). Skipped when the segment has
    a source (the source-aware checks judge names then), for German (every noun is capitalised)
    and for scripts other than Latin; `allow-names` and the name list silence a name, and a
    word close to a listed name is left to TQ408.
    """
    tgt = ctx.tgt
    lang = tgt.code
    if seg.source or tgt.script != "Latin" or lang in NOUN_CAPITALISING:
        return
    known = _known_names(ctx)
    allowed = _allowed(ctx)
    memory = ctx.memory()
    for token in names_in(seg.target):
        name = token.text
        if token.initial or len(name) < _NEIGHBOUR_MIN_LENGTH or name in known or name.casefold() in allowed:
            continue
        key = (lang, name)
        if key not in memory:
            if len(memory) >= MAX_REMEMBERED_WORDS:
                memory.clear()  # a cache of a pure lookup: forgetting costs time, never a result
            frequency = _frequency(name, lang)
            listed = bool(known) and _listed_misspelling(name, lang, known) is not None  # TQ408 reports it
            memory[key] = _frequent_neighbour(name, lang) if frequency == 0.0 and not listed else None
        expected = memory[key]
        if expected is not None:
            yield Finding(Span(token.start, token.end),
                          f'Name "{name}" may be a misspelling of "{expected}"', suggestion=expected)
