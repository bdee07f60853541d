"""Numbers and dates (TQ3xx): values in the source that are missing or changed in the target, and vice versa.

All five checks read one cached comparison, `tqcheck.checks.numbers.parse.align`, so a segment's texts
are parsed once however many of them are selected. Values are compared, not strings:
`2,000` = `2.000` (de) = `2 000` (fr) = `٢٬٠٠٠` = `两千`, `3 million` = `300万` = `3 Mio.`,
`1 p.m.` = `13:00` = `下午1点`, `24 June` = `24.06.` = `6月24日`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from tqcheck.checks.context import Context
from tqcheck.checks.numbers import words as numwords
from tqcheck.checks.numbers.parse import (
    Alignment,
    Number,
    align,
    as_year,
    describe,
    extract,
    format_value,
    month_words,
    plain_value,
)
from tqcheck.checks.registry import check
from tqcheck.lang.patterns import lazy_regex
from tqcheck.model import Field, Finding, Segment, Severity, Span

FAMILY = "numbers"

# The prescan's candidates (tqcheck.run.prescan): a number written with digits, the only kind
# `extract` finds; with none on either side the alignment is empty and TQ301-TQ304 have nothing.
DIGIT = r"\d"  # as `parse._HAS_DIGIT`
_DIGIT_EITHER_SIDE: tuple[tuple[Field, str], ...] = (("target", DIGIT), ("source", DIGIT))

_NOUNS = {"time": "Time", "percent": "Percentage", "month": "Month", "year": "Year", "decade": "Decade",
          "ordinal": "Ordinal", "date": "Date"}


def _alignment(seg: Segment, ctx: Context) -> Alignment:
    return align(seg.source or "", seg.target, ctx.src.code, ctx.tgt.code)


def _noun(number: Number) -> str:
    return _NOUNS.get(number.kind, "Number")


@check("TQ301", severity=Severity.WARNING, needs=("source",), candidates=(("source", DIGIT),))
def missing_number(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A number in the source has no counterpart in the target.

    ## What it does
    Finds every number, date part, time and percentage in the source written with digits and
    looks for the same *value* in the target, in digits or in words: `2,000` = `2.000` (de) =
    `2 000` (fr) = `٢٬٠٠٠` = `两千`, `3 million` = `300万` = `3 Mio.` = `3 млн`, `1 p.m.` =
    `13:00` = `下午1点`, `two` = `2`. The span is in the source.

    ## Why is this bad?
    A dropped figure (a casualty count, a date, an amount) silently changes the news; it is
    one of the most damaging omissions in MT and easy to miss in review.

    ## Example
        Fires[de>en]: Bei dem Unfall starben 12 Menschen. ||| Several people died in the accident.
        Fires: The fund holds $3.5 billion. ||| The fund holds a large sum.
        Okay[de>en]: Etwa 2.000 Menschen kamen. ||| About 2,000 people came.
        Okay[en>zh]: It cost 3 million dollars. ||| 这花了300万美元。
        Okay[en>de]: Two people were hurt. ||| 2 Menschen wurden verletzt.
        Okay[en>zh]: The meeting starts at 1 p.m. ||| 会议下午1点开始。
        Okay: COVID-19 cases rose. ||| Coronavirus cases rose.

    ## Known problems
    Values are compared as sets: a number the source repeats may appear once in the target.
    Numbers that are names or codes (`COVID-19`, `F-16`, `G7`, `4G`), fractions and slashed
    dates (`24/7`, `9/11`), list numbering at the start of a segment, footnote markers `[1]`,
    abbreviated years (`'90s`), phone numbers and numbers in URLs are compared but never
    reported. 0 and 1 are never reported alone (`1` = `one` = `a`, `0 yen` = `free`), and
    neither is a number spelled out in the source (`the two countries` -> `both countries`):
    translators legitimately drop or rephrase those. Imperial measures (`5 miles`, `130
    pounds`, `5'5"`) are not reported either: translators convert them (`8 km`, within 10%
    counts as the same value) or drop a redundant gloss (`50 km (30 miles)`). A changed
    number is reported once, as TQ303, not here. Spelled-out numbers are recognised in en,
    de, fr, es, ru, uk, cs, ar, he and as Han numerals; in other languages a digit written
    out as a word in the target is reported.
    """
    alignment = _alignment(seg, ctx)
    for number in alignment.missing:
        yield Finding(Span(number.start, number.end, field="source"),
                      f"{_noun(number)} {describe(number)} in the source is missing from the target")


@check("TQ302", severity=Severity.INFO, needs=("source",), candidates=(("target", DIGIT),))
def extra_number(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A number in the target has no counterpart in the source.

    ## What it does
    The mirror of TQ301: flags numbers, dates and times written with digits in the target
    whose value appears nowhere in the source, in digits or words.

    ## Why is this bad?
    A number that is not in the source is a hallucination or a mistranslation (a wrong year,
    a figure from another sentence); readers of news take numbers at face value.

    ## Example
        Fires[ru>en]: В городе живут тысячи людей. ||| 5,000 people live in the city.
        Fires[en>de]: Prices rose last year. ||| Die Preise stiegen 2021.
        Okay[en>ru]: Five people were hurt. ||| 5 человек пострадали.
        Okay[en>fr]: It happened on June 24, 2024. ||| C'est arrivé le 24 juin 2024.
        Okay[en>ja]: Ten thousand people came. ||| 1万人が来た。
        Okay[de>en]: Er kam um 13 Uhr. ||| He came at 1 p.m.
        Okay[he>en]: בשנת תשפ"ג גדל מספר התיירים ב-15%. ||| In 2023, the number of tourists grew by 15%.

    ## Severity
    Information: on the judged sample 8 of 15 were real; the rest were numbers the translator
    legitimately added or converted (a year resolved from "last year", floor numbering, dollars
    and cents written apart) or garbled ones another check names. A warning, without a
    suggestion, for a number one digit away from a source number of as many digits (`2218`
    where the source has `2018`): a slip, or a number garbled apart (`1. 30 hodin` for 1.30);
    either way the place needs an editor.

    ## Known problems
    Like TQ301: codes, fractions, list numbering, 0 and 1 are never reported, and a metric
    value within 10% of a converted imperial source measure counts as present. Years a
    translator adds to resolve "last year" or "the earthquake" fire (rarely wrong, but not
    in the source), and so do local adaptations such as floor numbering (`1. patro` ->
    `2nd floor`).
    """
    alignment = _alignment(seg, ctx)
    if not alignment.extra:
        return
    source_digits = {number.text for number in extract(seg.source or "", ctx.src.code) if number.text.isdigit()}
    for number in alignment.extra:
        # One digit from a source number of as many digits: a slip (`2218` for `2018`) or a number
        # garbled apart (`At 30 o'clock` for 12.30), which the source number need not be paired with.
        yield Finding(Span(number.start, number.end),
                      f"{_noun(number)} {describe(number)} in the target is not in the source",
                      severity=Severity.WARNING if _one_digit_off(number.text, source_digits) else None)


def _one_digit_off(text: str, source_digits: set[str]) -> bool:
    """Whether a source number of as many digits differs from `text` in one digit (`2218` / `2018`)."""
    return text.isdigit() and len(text) >= 2 and any(
        len(other) == len(text) and sum(a != b for a, b in zip(text, other, strict=True)) == 1
        for other in source_digits)


@check("TQ303", severity=Severity.ERROR, needs=("source",), fix="unsafe", candidates=_DIGIT_EITHER_SIDE)
def changed_number(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A number in the target differs from the corresponding number in the source.

    ## What it does
    Pairs a source number without counterpart with a target number without counterpart when
    they look like one number changed: the same digits at another scale (`2,000` -> `20,000`,
    `1.5 billion` -> `1.5亿` = 150 million, `Milliarde` -> `Billion`), swapped digits (`1995`
    -> `1959`), one digit off in a long number (`2019` -> `2018`), two different times, or the
    only unmatched number on each side with values within a factor of ten. The span is the
    target number; the suggestion is the source value written the target's way. Codes that mix
    letters and digits (`PS2`, `A5`, `G7`, `IDirect3DViewport3`) are compared as written: the
    same letters with other digits (`PS4`, `A6`) is the code changed.

    ## Why is this bad?
    A wrong figure reads as fact. Scale slips (million/billion, 万/亿) and digit swaps are
    typical MT errors that fluent output hides.

    ## Example
        Fires[en>zh]: The project cost 1.5 billion dollars. ||| 该项目耗资1.5亿美元。
        Fires[en>de]: About 2,000 people came. ||| Etwa 20.000 Menschen kamen.
        Fires: It was built in 1995. ||| It was built in 1959.
        Okay[en>zh]: The project cost 1.5 billion dollars. ||| 该项目耗资15亿美元。
        Okay[en>de]: It grew by 3.5 percent. ||| Es wuchs um 3,5 Prozent.
        Okay[ar>en]: قتل ٢٬٠٠٠ شخص ||| 2,000 people were killed
        Fires[de>en]: Unfall auf der A5 ||| Accident on the A6
        Okay[en>ru]: COVID-19 test ||| Тест на COVID-19

    ## Known problems
    A small number spelled out on both sides (`dos años` / `seven years`) is not compared: tried
    and judged, 1 in 5 such pairs was a change, the rest inflected ordinals, clock idioms
    (Russian `четверть девятого` is a quarter past eight) and words the parser split.
    Two unrelated numbers are paired only when nothing better explains them; several
    unmatched numbers on each side that do not look alike are reported by TQ301 and TQ302
    instead. Rounding by the translator (`3.52` -> `3.5`) is reported as a change.
    """
    alignment = _alignment(seg, ctx)
    for source, target in alignment.changed:
        if source.kind == "time":
            message = f"Time {describe(target)} in the target but {describe(source)} in the source"
            suggestion = source.text
        else:
            year = as_year(source, target.value)  # `２２年` against `2010`: the year 2022
            if year == source.value:
                message = f"{describe(target)} in the target but {describe(source)} in the source"
                suggestion = format_value(source.value, ctx.tgt.code)
            else:
                message = f'Year {describe(target)} in the target but "{source.text}" ({year:.0f}) in the source'
                suggestion = f"{year:.0f}"
        yield Finding(Span(target.start, target.end), message, suggestion=suggestion)
    for code, match in _changed_codes(seg.source or "", seg.target):
        yield Finding(Span(match.start(), match.end()), f'Code "{match.group()}" in the target but "{code}" in the source',
                      suggestion=code)


# Codes that start with a letter and hold digits (`PS2`, `A5`, `G7`, `COVID-19`, `Direct3D`), compared
# with their digits masked: the same letters with other digits is the code changed (`PS4` for `PS2`).
# A number with its unit (`600Mbit`) is a number, compared by value.
_CODE = lazy_regex(r"(?<![\p{L}\p{N}])(?=[A-Za-z\-]*\d)[A-Za-z][A-Za-z\d\-]*(?![\p{L}\p{N}])")  # not `600Mbit`
_DIGITS = lazy_regex(r"\d+")


def _changed_codes(source: str, target: str) -> Iterator[tuple[str, regex.Match[str]]]:
    """(source code, target code match) for each code of the source that the target writes with other
    digits: letters and their order kept, digits changed (`IDirect3DViewport3` / `IDirect3DViewport5`)."""
    if _DIGITS.search(target) is None:
        return
    source_codes = [match.group() for match in _CODE.finditer(source)]
    if not source_codes:
        return
    target_matches = list(_CODE.finditer(target))
    target_codes = {match.group() for match in target_matches}
    spare = [match for match in target_matches if match.group() not in source_codes]
    for code in dict.fromkeys(source_codes):
        if code in target_codes:
            continue
        shape = _DIGITS.sub("#", code)
        match = next((m for m in spare if _DIGITS.sub("#", m.group()) == shape), None)
        if match is not None:
            spare.remove(match)
            yield code, match


@check("TQ304", severity=Severity.INFO, needs=("source",), fix="unsafe", candidates=_DIGIT_EITHER_SIDE)
def foreign_number_format(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A target number uses the source language's separators and reads as another value.

    ## What it does
    Flags a target number that matches the source only when its `.` or `,` is read the
    source language's way: `2.000` in an English target for German `2.000` (two thousand)
    reads as 2; `2,000` left in a German or Russian target reads as 2. The suggestion writes
    the value in the target convention (`2,000`, `2.000`, `2 000`).

    ## Why is this bad?
    The reader of the target language takes the number at a thousandth of its value (or a
    thousand times it); MT often copies digit groups unchanged.

    ## Example
        Fires[de>en]: Etwa 2.000 Menschen kamen. ||| About 2.000 people came.
        Fires[en>de]: About 2,000 people came. ||| Etwa 2,000 Menschen kamen.
        Fires[en>ru]: They paid 5,000 dollars. ||| Они заплатили 5,000 долларов.
        Okay[de>en]: Etwa 2.000 Menschen kamen. ||| About 2,000 people came.
        Okay[en>fr]: About 2,000 people came. ||| Environ 2 000 personnes sont venues.
        Okay[en>de]: It grew by 3.5 percent. ||| Es wuchs um 3.5 Prozent.
        Fires[ja>en]: 面積は8137平方メートル ||| The area is 8, 137 square meters

    ## Severity
    Information for a foreign convention; a warning for a number split by a space after its
    separator (`8, 137` for 8137, `0. 5` for 0.5), which no convention writes and which the
    other number checks would otherwise read as two numbers, one missing and one changed.

    ## Known problems
    Only a separator followed by exactly three digits is ambiguous; `3.5` in a German target
    is foreign style but unambiguous, and is left alone. Spanish, whose countries differ,
    and targets of unknown language are read by group shape and never flagged. A number
    that is meant as a decimal with three places (`0,125`) is read as a decimal.
    """
    alignment = _alignment(seg, ctx)
    for source, target in alignment.separator:
        suggestion = format_value(source.value, ctx.tgt.code)
        if " " in target.text:  # `8, 137`, `0. 5`: one number typed apart, not a foreign convention
            yield Finding(Span(target.start, target.end),
                          f'Number {plain_value(source.value)} split by a space: "{target.text}"',
                          suggestion=suggestion, severity=Severity.WARNING)
            continue
        language = ctx.tgt.name if ctx.tgt.code else "the target language"
        yield Finding(Span(target.start, target.end),
                      f'"{target.text}" reads as {plain_value(target.value)} in {language}, but the source '
                      f'has {plain_value(source.value)}', suggestion=suggestion)


@check("TQ305", severity=Severity.ERROR, needs=("source",), fix="unsafe")
def changed_month(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A date in the target names a different month than the source.

    ## What it does
    Compares months written as names next to a day or year (`24 June`, `24. Juni`,
    `24 июня`, `June 2024`) or as numbers (`24.06.2024`, `6月24日`) and flags a target month
    that differs from the source's, when neither side's month has a counterpart.

    ## Why is this bad?
    A date moved by a month is wrong information that no fluency check catches; month names
    are easy to confuse across languages (`Juni`/`Juli`, `červen`/`červenec`).

    ## Example
        Fires[en>de]: It happened on 24 June 2024. ||| Es geschah am 24. Juli 2024.
        Fires[en>cs]: It opened on 3 July. ||| Otevřelo se 3. června.
        Fires[en>ja]: It happened on June 24. ||| それは7月24日に起きた。
        Okay[en>ru]: It happened on 24 June 2024. ||| Это произошло 24 июня 2024 года.
        Okay[en>ja]: It happened on June 24, 2024. ||| それは2024年6月24日に起きた。
        Okay[de>en]: Am 24.06.2024 begann es. ||| It began on 24 June 2024.

    ## Known problems
    English "May" counts as a month only next to a number; a month named without a date is
    compared only when the source names one month and the target one other (`in March` /
    `im Mai`). Weekday names are TQ306's. A month on one side only (`this month` -> `in June`)
    is not reported.
    """
    alignment = _alignment(seg, ctx)
    for source, target in alignment.months or _month_words(seg.source or "", seg.target, ctx):
        yield Finding(Span(target.start, target.end),
                      f"Month {describe(target)} ({int(target.value)}) in the target but {describe(source)} "
                      f"({int(source.value)}) in the source", suggestion=None)


def _month_words(source: str, target: str, ctx: Context) -> list[tuple[Number, Number]]:
    """A month named without a date on both sides (`in March` / `im Mai`): one unambiguous month
    in the source (not English `May`), one other month in the target."""
    src = [n for n in month_words(source, ctx.src.code) if n.pairable]
    if len({n.value for n in src}) != 1:
        return []
    tgt = month_words(target, ctx.tgt.code)
    if len({n.value for n in tgt}) != 1 or tgt[0].value == src[0].value:
        return []
    return [(src[0], tgt[0])]


@lru_cache(maxsize=32)
def _weekday_re(lang: str) -> regex.Pattern[str] | None:
    table = numwords.WEEKDAYS.get(lang)
    if not table:
        return None
    unspaced = lang in ("ja", "zh")
    edge = "" if unspaced else r"(?<![\p{L}])"
    end = "" if unspaced else r"(?![\p{L}])"
    return regex.compile("|".join(f"{edge}(?P<d{day}>{pattern}){end}" for day, pattern in table), regex.I)


def _weekdays(text: str, lang: str) -> list[tuple[int, regex.Match[str]]]:
    pattern = _weekday_re(lang)
    if pattern is None:
        return []
    return [(int(next(name for name, value in match.groupdict().items() if value)[1:]), match)
            for match in pattern.finditer(text)]


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@check("TQ306", severity=Severity.ERROR, needs=("source",))
def changed_weekday(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """The target names another day of the week than the source.

    ## What it does
    Finds the weekday names of source and target (English, German, French, Spanish, Italian,
    Russian, Ukrainian, Czech, Polish, Japanese and Chinese, inflected forms included) and flags
    the target's weekday when the source names one day and the target one other day.

    ## Why is this bad?
    A meeting moved from Monday to Tuesday is wrong information that reads perfectly well;
    weekday names are easy to confuse across languages (`Dienstag`/`Donnerstag`, `вторник`).

    ## Example
        Fires[en>de]: The talks resume on Monday. ||| Die Gespräche werden am Dienstag fortgesetzt.
        Okay[en>de]: The talks resume on Monday. ||| Die Gespräche werden am Montag fortgesetzt.
        Okay[en>de]: The talks resume on Monday. ||| Die Gespräche werden am 5. Juni fortgesetzt.
        Okay[de>en]: Von Montag bis Freitag geöffnet. ||| Open Monday to Friday.

    ## Known problems
    Only a source naming one day is compared (`Monday to Friday` is a range). Russian and
    Polish Wednesday (`среда`, `środa`, also "environment") and Ukrainian `середа` are not
    read, nor is a day written as a date, or a relative day (`yesterday`, `gestern`).
    """
    source_days = _weekdays(seg.source or "", ctx.src.code)
    if not source_days or len({day for day, _ in source_days}) != 1:
        return
    target_days = _weekdays(seg.target, ctx.tgt.code)
    if len({day for day, _ in target_days}) != 1:
        return
    (was, _), (now, match) = source_days[0], target_days[0]
    if was != now:
        yield Finding(Span(match.start(), match.end()),
                      f'Weekday "{match.group()}" ({_DAY_NAMES[now - 1]}) in the target but '
                      f'"{source_days[0][1].group()}" ({_DAY_NAMES[was - 1]}) in the source')
