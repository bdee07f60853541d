"""A comma or semicolon after a word that never ends a phrase (TQ111): `the, president`, `в, Москве`.

Articles, possessive determiners and (in Slavic languages) prepositions always lead into the
word after them, so no punctuation can follow them. The lists below are conventions of each
language's grammar, not statistics: a word is listed only when it has no other use that could
end a clause (English `his` and `her` can: `the book is his,`; Spanish `la` and French `le` are
also pronouns; Russian `и` is a conjunction that may be followed by an aside).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "punctuation"

_SLAVIC_PREPOSITIONS = {
    "ru": "в во на с со к ко по об обо у из от до для без под над при про через перед между",
    "uk": "в у на з із зі зо до від для без під над при про через перед між по об",
    "cs": "v ve na s k ke ku o u z ze do od ode pro bez při před nad pod mezi přes skrz kvůli",
    "sk": "v vo na s so k ku o u z zo do od pre bez pri pred nad pod medzi cez",
    "pl": "w we na z ze do od dla bez przy przez pod nad przed o u ku między",
}
_NEVER_BEFORE_A_COMMA: dict[str, frozenset[str]] = {
    "en": frozenset("the an my your our their its every".split()),
    "fr": frozenset("du des au aux ces cette mon ma mes ton ta tes son sa ses notre votre nos vos".split()),
    "es": frozenset("el del al sus mis tus cada".split()),
    "it": frozenset(("il del della dello degli delle dei al alla allo agli alle ai nel nella nello negli nelle "
                     "nei sul sulla sullo sugli sulle sui").split()),
    "pt": frozenset("do da dos das ao aos pelo pela pelos pelas num numa".split()),
    "de": frozenset("zum zur beim vom im am ins".split()),
    **{lang: frozenset(words.split()) for lang, words in _SLAVIC_PREPOSITIONS.items()},
}
# Words after the comma that make it right: a conjunction coordinating two prepositions (`на, или
# над`) or a filler of transcribed speech (`с, ну,`).
_COORDINATORS = frozenset("or and nor but either "
                           "или и а но ну либо то або чи і й та але "
                           "nebo a i ale jo tedy či anebo lub albo oraz alebo ou et ni mais o y e ni oder und".split())


@cache
def _pattern(lang: str) -> regex.Pattern[str] | None:
    """One listed word of `lang` after another word (not after a digit, a symbol or the start), then
    `,` or `;` and a word: `the, president`. `10 s, then` (seconds) and `a, b and c` do not match."""
    words = _NEVER_BEFORE_A_COMMA.get(lang)
    if not words:
        return None
    alternation = "|".join(regex.escape(word) for word in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<=[\p{{L}}\p{{M}}][,;:]? )({alternation})([,;])(?= [\p{{L}}\p{{N}}])")


@check("TQ111", severity=Severity.WARNING, fix="unsafe")
def comma_after_function_word(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A comma or semicolon right after an article or preposition: `the, president`, `в, Москве`.

    ## What it does
    In English, French, Spanish, Italian, Portuguese, German, Czech, Slovak, Polish, Russian
    and Ukrainian targets, flags `,` or `;` after a word that by the language's grammar always
    leads into the next word: an article or possessive determiner (`the`, `its`, `des`, `del`,
    `zum`), or a Slavic preposition (`в`, `на`, `z`, `przez`). Suggests removing the mark.

    ## Why is this bad?
    It is a mark that belongs nowhere: a stray keystroke or the seam of two joined fragments.
    It splits a noun phrase for the reader and is never a style choice.

    ## Example
        Fires: The talks with the, president ended on Monday.
        Fires[ru]: Переговоры прошли в, Москве.
        Okay:  The book is his, not hers.
        Okay:  Options a, b and c were discussed.
        Okay:  The talks, the minister said, will go on.
        Okay[cs]: Vrátil se, když pršelo.
        Okay[ru]: Это работает с, с созданным словарём.
        Okay[uk]: Дочекався б заступництва від, наприклад, творця Твіттера.

    ## Known problems
    A false start (`with, with`), prepositions coordinated (`on, or about`) and an aside right
    after the word (`від, наприклад, творця`) are not flagged. Only the languages listed; words with a second use that can end a clause are left out
    (English `his`, `that`; French `le`, `la`; Czech `se`), so most stray commas, which fall
    between two ordinary words, are not found. Text that discusses words (`the word "the",`)
    keeps its quotes and is not flagged.
    """
    text = seg.target
    if "," not in text and ";" not in text:
        return
    pattern = _pattern(ctx.tgt.code)
    if pattern is None:
        return
    for match in pattern.finditer(text):
        word = match.group(1)
        after = _next_words(text, match.end(2))
        if not after or after[0] == word or after[0] in _COORDINATORS or any("," in next_ for next_ in after):
            continue  # `с, с` (a false start), `на, или` (coordinated), `від, наприклад,` (an aside)
        mark = match.start(2)
        yield Finding(Span(mark, mark + 1), f'"{match.group(2)}" after "{word}", which always leads into the next word',
                      suggestion="")


def _next_words(text: str, start: int) -> list[str]:
    """The next two words after `start`, lower-cased, with any comma glued to them."""
    return text[start:start + 60].lower().split()[:2]
