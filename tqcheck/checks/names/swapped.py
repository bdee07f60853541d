"""A name swapped for another in a pair that shares a script (TQ414): `Steinmeier` in the source, `Schweiger` in the target.

Between two languages written in one script a name is copied, not translated, so the evidence
is plain: a capitalised word of the source that the target has in no form, and in the target a
rare capitalised word that the source has in no form and that does not look like it (an exonym
does: `Köln` / `Cologne`, `Bayern` / `Bavaria`). Both must be there: a name that is only missing
is TQ412's, a name that is only added is usually an explanation (`Chancellor Scholz`).
"""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.checks.context import Context
from tqcheck.checks.names import (
    CASED_SCRIPTS,
    NOUN_CAPITALISING,
    adjective_or_common,
    folded,
    german_compound,
    has_word_starting,
    in_text,
    names_in,
)
from tqcheck.checks.names import transliteration as translit
from tqcheck.checks.registry import check
from tqcheck.lang import frequencies
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "names"

_MIN_LENGTH = 4
_RARE_ZIPF = 3.0  # a replacing word rarer than this in both languages is a name, not a word (`Schweiger` 1.7)
# A missing source word rarer than this in its language is a name (`Cocca`, not `Monday` or `Search`).
_SOURCE_NAME_ZIPF = 4.0
_TRAVELLED_ZIPF = 1.5
_TRAVEL_MARGIN = 2.0


def _alike(first: str, second: str) -> bool:
    """Whether two names can be one name in two languages: same first letters or consonant outline."""
    a, b = folded(first), folded(second)
    if a[:2] == b[:2]:
        return True
    one, two = translit.skeleton(first), translit.skeleton(second)
    shorter, longer = sorted((one, two), key=len)
    # the same outline, or one that continues it with endings (`Romania` RMN, `Rumunskem` RMNSKM)
    return translit.skeletons_match(one, two) or (len(shorter) >= 3 and longer.startswith(shorter))


def _rare(word: str, lang: str, limit: float = _RARE_ZIPF) -> bool:
    frequency = frequencies.lookup(word.lower(), lang)
    return frequency is not None and frequency < limit


def _source_name(word: str, src: str, tgt: str) -> bool:
    """Whether a capitalised word of language `src` is a name: rare in its language; in German, which
    capitalises every noun, a word the target language knows nearly as well (names travel:
    `Steinmeier` 3.8 in German, 2.0 in English; `Regierung` 5.2 and 1.1 does not) or a word neither
    knows that is no compound of German words (`Cocca`, not `Lebenspartner`)."""
    if src not in NOUN_CAPITALISING:
        return _rare(word, src, _SOURCE_NAME_ZIPF)
    own, other = frequencies.lookup(word.lower(), src), frequencies.lookup(word.lower(), tgt)
    if own is None or other is None:
        return False
    if other >= _TRAVELLED_ZIPF and other >= own - _TRAVEL_MARGIN:
        return True
    return other == 0.0 and own < _RARE_ZIPF and not german_compound(word.lower())


def _tagged(text: str, start: int) -> bool:
    """A hashtag or handle (`#ElectricCars`, `@DigitalPilots`): a label, not a name in a sentence."""
    return start > 0 and text[start - 1] in "#@"


@check("TQ414", severity=Severity.WARNING, needs=("source",))
def swapped_name(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A name of the source is missing and a different name the source lacks stands in the target (same script).

    ## What it does
    For pairs that share a cased script (German into English, English into Czech), finds in the
    target a capitalised word inside a sentence that is rare in both languages (wordfreq Zipf
    under 3 in the target's, under 4 in the source's; in a German target also no compound of
    German words, `Säuglingssterblichkeit`), is not in the source in any form (as written, inflected, same first four letters),
    and a capitalised word inside a source sentence that is a name (rarer than Zipf 4 in its
    language; in German, which capitalises every noun, a word the target language knows nearly
    as well, or one neither knows that is no compound of German words), that the target has in
    no form. When the two
    do not look alike (different first letters and consonant outline), the target name is
    reported as standing where the source has the other.

    ## Why is this bad?
    A fluent sentence about the wrong person or place is among the most damaging MT errors in
    news, and nothing but the source shows it: `Steinmeier said` reads as well as `Schweiger said`.

    ## Example
        Fires[de>en]: Bundespräsident Steinmeier eröffnete die Messe. ||| Federal President Schweiger opened the fair.
        Okay[de>en]: Bundespräsident Steinmeier eröffnete die Messe. ||| Federal President Steinmeier opened the fair.
        Okay[de>en]: Die Messe in Köln wurde eröffnet. ||| The fair in Cologne was opened.
        Okay[de>en]: Der Kanzler sprach in Berlin. ||| Chancellor Scholz spoke in Berlin.
        Okay[en>de]: Some Swedes classified their infant deaths. ||| Einige Schweden klassifizierten ihre Säuglingssterblichkeit.

    ## Known problems
    Only pairs that share a script; across scripts see TQ411 (opt-in). A name rendered by an
    unrelated exonym that English rarely uses (`Aix-la-Chapelle` for `Aachen`) is reported, and
    so is a name the source gives in a form the target expands into another name.
    """
    src, tgt = ctx.src, ctx.tgt
    if src.script != tgt.script or tgt.script not in CASED_SCRIPTS or not src.code or not tgt.code:
        return
    source = seg.source or ""
    target = seg.target
    replacements = [token for token in names_in(target)
                    if not token.initial and not token.quoted and len(token.text) >= _MIN_LENGTH
                    and not _tagged(target, token.start)
                    and _rare(token.text, tgt.code) and _rare(token.text, src.code, _SOURCE_NAME_ZIPF)
                    and (tgt.code not in NOUN_CAPITALISING or _source_name(token.text, tgt.code, src.code))
                    and not adjective_or_common(token.text, tgt.code, tgt.script)
                    and not has_word_starting(folded(token.text)[:4], source) and not in_text(token.text, source, src.code, tgt.code)]
    if not replacements:
        return
    missing = [token for token in names_in(source)
               if not token.initial and not token.quoted and len(token.text) >= _MIN_LENGTH
               and not _tagged(source, token.start) and _source_name(token.text, src.code, tgt.code)
               and not adjective_or_common(token.text, src.code, src.script)
               and not has_word_starting(folded(token.text)[:4], target) and not in_text(token.text, target, tgt.code, src.code)]
    for token in replacements:
        was = next((name for name in missing if not _alike(name.text, token.text)), None)
        if was is None:
            continue
        missing.remove(was)
        yield Finding(Span(token.start, token.end), f'Name "{token.text}" in the target where the source has "{was.text}"')
