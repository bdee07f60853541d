"""Length (TQ6xx): target/source length-ratio outliers, empty and truncated targets, missing sentences."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from tqcheck.checks.calibration import Calibration
from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.checks.text import SENTENCE_FINAL as _FINAL
from tqcheck.checks.text import sentence_spans
from tqcheck.lang.patterns import lazy_regex
from tqcheck.limits import checked_length, oversized
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "length"

# --- Expected lengths -------------------------------------------------------------------------------------
# Median target/source ratio of non-space characters in the human references of the WMT23
# general test sets (shared/corpora/wmt23, segments with >= 20 source characters), per pair.
MEASURED_RATIOS: dict[tuple[str, str], float] = {
    ("cs", "uk"): 1.069, ("de", "en"): 0.941, ("en", "cs"): 1.000, ("en", "ja"): 0.568,
    ("en", "ru"): 1.087, ("en", "zh"): 0.393, ("ja", "en"): 2.391, ("ru", "en"): 1.041,
    ("uk", "en"): 1.071,
}
# Non-space characters per English character. cs, de, ja, ru, uk and zh are fitted to the nine
# WMT23 pairs above (log ratio = log d_tgt - log d_src + log TRANSLATION_EXPANSION, least squares);
# the others are rough estimates from the scripts' typical word lengths, not measured here, so
# pairs that need them get a wider default band (ESTIMATED_SCALE).
DENSITY: dict[str, float] = {
    "en": 1.0, "cs": 0.956, "de": 1.152, "ja": 0.487, "ru": 1.022, "uk": 0.977, "zh": 0.363,
    "yue": 0.363, "ko": 0.45, "ar": 0.90, "fa": 0.90, "he": 0.80, "fr": 1.10, "es": 1.08, "it": 1.08,
    "pt": 1.06, "ca": 1.08, "nl": 1.10, "sv": 1.02, "da": 1.02, "no": 1.00, "pl": 1.05, "sk": 0.96,
    "sl": 0.96, "hr": 0.96, "sr": 0.98, "bg": 1.02, "be": 1.00, "ro": 1.06, "hu": 1.08, "fi": 1.10,
    "et": 1.02, "lt": 1.00, "lv": 1.00, "el": 1.10, "tr": 1.05, "th": 0.95, "vi": 0.95, "hi": 1.00,
}
# Translations run about 8% longer than their originals (fitted with DENSITY above).
TRANSLATION_EXPANSION = 1.084
MEASURED_SCALE = 0.25     # default spread (log ratio, robust sigma) for a measured pair: about the
ESTIMATED_SCALE = 0.35    # largest seen on WMT23 references (0.11-0.25); wider for estimated pairs
SHORT = 20                # English-equivalent characters below which a ratio means nothing
SMOOTHING = 20            # English-equivalent characters added to both sides of every ratio


@dataclass(frozen=True, slots=True)
class Expectation:
    """The expected target/source length ratio for a pair and how sure the default is."""

    ratio: float
    scale: float
    measured: bool


@lru_cache(maxsize=256)
def expected_ratio(src: str, tgt: str) -> Expectation:
    """The default expected length ratio of `src` -> `tgt`, measured where WMT23 has the pair."""
    measured = MEASURED_RATIOS.get((src, tgt))
    if measured is not None:
        return Expectation(measured, MEASURED_SCALE, True)
    if src == tgt:
        return Expectation(1.0, MEASURED_SCALE, False)
    ratio = DENSITY.get(tgt, 1.0) / DENSITY.get(src, 1.0) * TRANSLATION_EXPANSION
    return Expectation(ratio, ESTIMATED_SCALE, False)


def length(text: str) -> int:
    """Characters that are not white space: comparable across spaced and unspaced scripts."""
    return len("".join(text.split()))


def _log_ratio(source: str, target: str, src: str, tgt: str) -> float | None:
    """Smoothed log(target length / source length), or None when both are too short to compare."""
    source_length, target_length = length(source), length(target)
    d_src, d_tgt = DENSITY.get(src, 1.0), DENSITY.get(tgt, 1.0)
    if target_length == 0 or (source_length / d_src < SHORT and target_length / d_tgt < SHORT):
        return None
    return math.log((target_length + SMOOTHING * d_tgt) / (source_length + SMOOTHING * d_src))


# --- TQ601 ------------------------------------------------------------------------------------------------
THRESHOLD = 4.0           # robust z-score at which a ratio is an outlier
EXTREME_THRESHOLD = 8.0   # ... and at which it is beyond doubt (an error)
MIN_SCALE = 0.10          # floor on the batch's robust sigma, so a very uniform batch is not over-flagged


def _pair_name(src: str, tgt: str) -> str:
    return f"{src or '?'}\u2192{tgt or '?'}"


@check("TQ601", severity=Severity.INFO, scope="batch", needs=("source",))
def length_ratio_outlier(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """The target is far longer or shorter than translations of this language pair usually are.

    ## What it does
    Computes log(target length / source length) in non-space characters for every segment
    and flags robust z-scores of 4 or more against the batch's own median and MAD
    (1.4826 MAD as sigma, at least 0.10), kept per language pair in a bounded running
    sample. Until 50 segments of a pair have been seen, a default expected ratio measured on
    the WMT23 references (`zh`->`en` about 2.4x, `en`->`zh` 0.39x, `de`->`en` 0.94x) and a wide
    band (sigma 0.25, or 0.35 for pairs whose ratio is estimated) are used instead. A
    too-long target is marked whole; a too-short one by the empty span at its end.

    ## Why is this bad?
    A translation a third of the expected length has usually lost content (a dropped clause
    or sentence); one three times as long usually contains a hallucination or a repetition
    loop. Both are the kind of error that BLEU-style metrics and readers miss.

    ## Example
        Fires[de>en]: Die Regierung hat am Montag ein Gesetz zur Rentenreform beschlossen. ||| The law.
        Fires[de>en]: Ja. ||| Yes, and the minister said on Monday that he would resign over the scandal.
        Okay[de>en]: Die Regierung hat ein Gesetz beschlossen. ||| The government passed a law on Monday.
        Okay[en>zh]: The government passed a law to reform pensions. ||| 政府通过了一项改革养老金的法律。
        Okay[de>en]: Ja. ||| Yes, indeed.

    ## Severity
    Information: a translation may be legitimately concise or explicit (an acronym spelled out,
    a sentence merged), and TQ603/TQ604 say more specifically what is missing. An error beyond
    twice the threshold (a robust z-score of 8: an en->zh target at 3% of the source length, or
    a target many times too long), where content has been lost or invented beyond doubt.

    ## Known problems
    Segments where both sides are shorter than 20 English-equivalent characters are skipped
    (ratios of short texts mean nothing). The batch is assumed to be mostly fine: a batch
    that is mostly truncated calibrates itself to truncation. Documents are checked as they
    stream in, so the first 50 segments of a pair are judged with the defaults only.
    """
    src, tgt = ctx.src.code, ctx.tgt.code
    memory = ctx.memory()
    calibration: Calibration | None = memory.get((src, tgt))
    if calibration is None:
        ceiling = expected_ratio(src, tgt).scale
        calibration = memory[(src, tgt)] = Calibration(floor=MIN_SCALE, ceiling=ceiling, seed=601)
    values: list[tuple[Segment, float]] = []
    for seg in doc:
        value = _log_ratio(seg.source or "", seg.target, src, tgt)
        if value is not None:
            values.append((seg, value))
            calibration.add(value)
    if not values:
        return
    if calibration.calibrated:
        center, scale = calibration.estimate()
        basis = f"this batch, {calibration.seen:,} segments"
    else:
        default = expected_ratio(src, tgt)
        center, scale = math.log(default.ratio), default.scale
        basis = "default" if default.measured else "rough default"
    low, high = math.exp(center - THRESHOLD * scale), math.exp(center + THRESHOLD * scale)
    for seg, value in values:
        z = (value - center) / scale
        if abs(z) < THRESHOLD:
            continue
        ratio = length(seg.target) / max(1, length(seg.source or ""))
        what = "longer" if z > 0 else "shorter"
        message = (f"Target is {ratio:.2f}\u00d7 the source length, much {what} than usual for "
                   f"{_pair_name(src, tgt)} ({math.exp(center):.2f}\u00d7; flagged outside "
                   f"{low:.2f}\u2013{high:.2f}\u00d7, {basis})")
        span = Span(0, len(seg.target)) if z > 0 else Span(len(seg.target), len(seg.target))
        yield Finding(span, message, segment_id=seg.id,
                      severity=Severity.ERROR if abs(z) >= EXTREME_THRESHOLD else None)


# --- TQ602 ------------------------------------------------------------------------------------------------
_CONTENT = lazy_regex(r"[\p{L}\p{N}]")


@check("TQ602", severity=Severity.ERROR, needs=("source",))
def empty_target(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target is empty (or has no letters or digits) while the source has text.

    ## What it does
    Flags a target that is empty, white space only, or only punctuation and symbols, when
    the source contains letters or digits.

    ## Why is this bad?
    A missing translation is lost content; in aligned files it often means the MT call
    failed or the output was shifted by one line.

    ## Example
        Fires: The minister resigned. ||| \u0020
        Fires: The minister resigned. ||| ...
        Okay:  ... ||| ...
        Okay:  The minister resigned. ||| Der Minister trat zur\u00fcck.
    """
    if _CONTENT.search(seg.target) or not _CONTENT.search(seg.source or ""):
        return
    what = "empty" if not seg.target.strip() else f'only "{seg.target.strip()[:20]}"'
    yield Finding(Span(0, len(seg.target)), f"Target is {what} but the source has text")


# --- TQ605 ------------------------------------------------------------------------------------------------
@check("TQ605", severity=Severity.INFO)
def too_long_to_check(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A field of the segment is longer than the checks read, so it was checked only in part.

    ## What it does
    Says where checking stopped when a target, source, reference or back-translation is longer than
    100,000 characters (`tqcheck.limits.MAX_CHECKED_CHARACTERS`): the checks read the first
    100,000 characters of the target on their own, without comparing it with the other fields.

    ## Why is this bad?
    No sentence or paragraph is that long: it is usually a whole file on one line (lost line
    breaks, a failed export). Checking all of it would cost time and memory without bound, and
    comparing a fragment with its whole source would only invent omissions; so tqcheck checks
    less and says so instead of pretending the rest was read.

    ## Example
    A 5 MB article on a single line is checked up to character 100,000, and this says so once.

        Okay:  The minister resigned on Monday.
    """
    if not oversized(seg):
        return
    cut = checked_length(seg.target)
    longest = max(len(text) for text in (seg.target, seg.source, seg.reference, seg.backtranslation) if text)
    if cut < len(seg.target):
        message = (f"The target is {len(seg.target):,} characters long: only its first {cut:,} were checked, "
                   "on their own; split it into sentences or paragraphs")
    else:
        message = (f"A field of this segment is {longest:,} characters long: the target was checked on its own, "
                   "not compared with its source or reference")
    yield Finding(Span(cut, len(seg.target)) if cut < len(seg.target) else Span(0, len(seg.target)), message)


# --- TQ603 / TQ604: truncation --------------------------------------------------------------------------
# What may follow the final mark: closing quotes and brackets, emoticons, emoji, footnote marks.
_TRAILER = lazy_regex(
    r"(?:[\s\"'\u201c\u201d\u2018\u2019\u00bb\u00ab\u203a\u300d\u300f\uff09)\]}*~\u3011\uff3d]"
    r"|[:;]-?[()DPp]+|\(+|\)+|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\ufe0f|\u200d|\[\d+\])+$",
    regex.V1,
)
_CLOSED = lazy_regex(r"[)\]\uff09\u3011\uff3d][\s\"'\u201d\u2019\u00bb\u300d\u300f]*$")
_JAPANESE_ELLIPSIS = lazy_regex(r"[\u30fb\uff65]{2,}$")
_OPEN_END = lazy_regex(r"[,;\u3001\uff0c\uff1b\u060c\u061b\-\u2013\u2014]$")
# Words that cannot end a sentence: conjunctions, articles and prepositions (lower-case).
_OPEN_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"and", "or", "but", "the", "a", "an", "of", "to", "in", "with", "for", "that", "which",
                     "who", "on", "at", "by", "from", "as", "because", "while", "if", "than", "into", "its",
                     "their", "his", "her", "our", "your", "my", "is", "are", "was", "were", "has", "have"}),
    "de": frozenset({"und", "oder", "aber", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen",
                     "einem", "mit", "zu", "von", "für", "dass", "weil", "wenn", "als", "im", "in", "auf"}),
    "fr": frozenset({"et", "ou", "mais", "le", "la", "les", "de", "du", "des", "un", "une", "à", "que", "qui",
                     "dans", "pour", "avec", "sur", "par"}),
    "es": frozenset({"y", "o", "pero", "el", "la", "los", "las", "de", "del", "un", "una", "que", "en", "con",
                     "para", "por", "a"}),
    "cs": frozenset({"a", "nebo", "ale", "že", "který", "která", "které", "v", "na", "s", "z", "do", "od",
                     "pro", "k", "o", "ve", "se", "je"}),
    "ru": frozenset({"и", "или", "но", "а", "что", "который", "которая", "которые", "в", "на", "с", "по",
                     "для", "к", "от", "из", "о", "об", "у", "при", "как"}),
    "uk": frozenset({"і", "й", "та", "або", "але", "а", "що", "який", "яка", "які", "в", "у", "на", "з", "із",
                     "по", "для", "до", "від", "про", "при", "як"}),
}
# Japanese case particles and Chinese function characters a sentence cannot end on.
_OPEN_CJK_END = {
    "ja": regex.compile(r"[をがにでへとや]$|から$|けど$|ので$"),
    "zh": regex.compile(r"[和与及或但而的在把被从对]$"),
}
_LAST_TOKEN = lazy_regex(r"[\p{L}\p{M}\p{N}'\u2019]+$")
TRUNCATED_SHARE = 0.5     # target shorter than this share of the expected length: cut off


def _core(text: str) -> str:
    """The text without what may follow a final mark (quotes, brackets, emoticons, emoji)."""
    return _TRAILER.sub("", text).rstrip()


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    if stripped and stripped[-1] in _FINAL:
        return True  # the common case, without the trailer pattern (which never takes a final mark)
    core = _core(stripped)
    return bool(core) and (core[-1] in _FINAL or _JAPANESE_ELLIPSIS.search(core) is not None)


def _length_share(seg: Segment, src: str, tgt: str) -> float:
    """Target length as a share of the length expected from the source (1.0 = as expected)."""
    expected = expected_ratio(src, tgt).ratio * length(seg.source or "")
    return length(seg.target) / expected if expected else 1.0


@lru_cache(maxsize=64)
def _open_words(tgt: str) -> frozenset[str]:
    return _OPEN_WORDS.get(tgt, frozenset())


# A target ending on a comma at this share of its expected length or more has all its content:
# the final mark was slipped (TQ104 says so), nothing was cut.
COMPLETE_SHARE = 0.85


def _truncation(seg: Segment, src: str, tgt: str) -> tuple[Span, str] | None:
    """Where and why the target looks cut off mid-sentence, or None."""
    source, target = seg.source or "", seg.target
    if not _CONTENT.search(target) or not _ends_sentence(source) or _ends_sentence(target):
        return None
    if _CLOSED.search(target):
        return None  # ends with a closed bracket: an aside or an emoticon after a finished thought
    core = _core(target)
    end = len(core)
    share: float | None = None
    if _OPEN_END.search(core):
        share = _length_share(seg, src, tgt)
        if share < COMPLETE_SHARE:
            return Span(end - 1, end), (f'Target ends with "{core[-1]}" where the source ends its sentence, '
                                        f"at {share:.0%} of the expected length")
        return None  # all there but the final mark: an end-punctuation slip (TQ104), not a cut
    word = _LAST_TOKEN.search(core)
    if word is not None and word.group() in _open_words(tgt):
        return Span(word.start(), end), f'Target ends mid-sentence on "{word.group()}"'
    pattern = _OPEN_CJK_END.get(tgt)
    if pattern is not None and (match := pattern.search(core)) is not None:
        return Span(match.start(), end), f'Target ends mid-sentence on "{match.group()}"'
    if share is None:
        share = _length_share(seg, src, tgt)
    if share < TRUNCATED_SHARE and length(source) / DENSITY.get(src, 1.0) >= SHORT:
        start = word.start() if word is not None else max(0, end - 1)
        return Span(start, end), (f"Target stops without a final mark at {share:.0%} of the expected length; "
                                  "the end is probably cut off")
    return None


@check("TQ603", severity=Severity.WARNING, needs=("source",))
def truncated_target(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target stops mid-sentence where the source ends a sentence.

    ## What it does
    When the source ends with a sentence mark (`.`, `!`, `?`, `。`, `؟`, possibly followed by
    quotes, brackets or an emoticon) and the target does not, flags the target's last token
    if there is evidence of a cut: it ends with a comma, semicolon or dash below 85% of the
    length expected for the language pair, on a word that cannot end a sentence (`and`, `the`,
    `und`, `и`, Japanese `を`, Chinese `的`), or at less than half the expected length.

    ## Why is this bad?
    Length limits, streaming timeouts and some models (NLLB on multi-sentence input) drop
    the end of a segment; the reader gets half a sentence.

    ## Example
        Fires[en>zh]: It is not waterproof, according to the manual, so keep it away from rain and snow. ||| 它不耐水, 根据使用说明书,
        Fires[de>en]: Er kaufte Brot und Milch. ||| He bought bread and
        Okay[de>en]: Eilmeldung: Minister tritt zurück ||| Breaking: Minister resigns
        Okay[en>cs]: He said: "We will admit our mistakes." ||| Řekl: „Přiznáme své chyby.“
        Okay[ru>en]: Рекомендую это место!))) ||| I recommend this place! :)
        Okay[en>ja]: Loved Collins... ||| コリンズ、大好きだった・・・

    ## Known problems
    A target that merely lacks its final period (a house style, or NLLB's Japanese) is left
    to the punctuation checks. Headlines and list items without a final mark in the source
    are never flagged.
    """
    found = _truncation(seg, ctx.src.code, ctx.tgt.code)
    if found is not None:
        yield Finding(found[0], found[1])


# Sentence ends: a final mark (with closing quotes) followed by space and a capital, digit or
# opening quote; or a full-width final mark anywhere. The text's own end is counted separately.
MISSING_SHARE = 0.75      # and the target is under this share of its expected length
MIN_MISSING_SOURCE = 40   # English-equivalent source characters ("Thank you. Thank you." -> "Danke, danke.")


def sentence_count(text: str) -> int:
    """Sentences in `text`, counting breaks after a final mark (not after short abbreviations)."""
    return len(sentence_spans(text.strip()))


@check("TQ604", severity=Severity.WARNING, needs=("source",))
def missing_sentences(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target has fewer sentences than the source and is clearly shorter: a sentence was dropped.

    ## What it does
    Counts sentences in source and target (a final mark followed by a capital, digit or
    quote; full-width `。！？`), and flags the end of the target when the source has at least
    two sentences and 40 English-equivalent characters, the target fewer sentences, and the
    target is under 75% of the length expected for the language pair.

    ## Why is this bad?
    Multi-sentence segments are where MT silently drops content: NLLB, for example,
    often translates only the first sentence of a paragraph.

    ## Example
        Fires[en>zh]: The pension law passed. It takes effect in May. Critics say it is weak. ||| 法律通过。
        Fires[de>en]: Das Rentengesetz ist beschlossen. Es gilt ab Mai. Kritiker sind dagegen. ||| It passed.
        Okay[de>en]: Das Gesetz ist beschlossen. Es gilt ab Mai. ||| The law, in force from May, is passed.
        Okay[en>de]: Mr. Smith arrived. ||| Herr Smith kam an.

    ## Known problems
    Merging two sentences into one is legitimate, so the length condition is what makes a
    finding; abbreviations (`Dr.`, `U.S.`) can make the count uncertain. A warning: on the
    judged sample of WMT23 and MQM findings 23 of 27 were a sentence really missing.
    """
    source, target = seg.source or "", seg.target
    if not _CONTENT.search(target):
        return
    if length(source) / DENSITY.get(ctx.src.code, 1.0) < MIN_MISSING_SOURCE:
        return
    share = _length_share(seg, ctx.src.code, ctx.tgt.code)
    if share >= MISSING_SHARE:
        return  # the cheap condition first: most targets have about the expected length
    in_source = sentence_count(source)
    if in_source < 2:
        return
    in_target = sentence_count(target)
    if in_target >= in_source:
        return
    end = len(target.rstrip())
    yield Finding(Span(end, end), f"Target has {in_target} sentence{'s' if in_target != 1 else ''} where the "
                                  f"source has {in_source}, at {share:.0%} of the expected length")
