"""Number, date and time extraction (tqcheck.checks.numbers.parse): values, spans and how two sides align."""

from __future__ import annotations

import pytest

from tqcheck.checks.numbers.parse import (
    Number,
    align,
    compose,
    extract,
    extract_words,
    format_value,
    han_to_number,
    read_plain,
)


def numbers(text: str, lang: str) -> list[tuple[str, float]]:
    """(covered text, value) of every digit-based number, checking that each span is the text."""
    found = extract(text, lang)
    for number in found:
        assert text[number.start:number.end] == number.text
    return [(number.text, number.value) for number in found]


def strong(text: str, lang: str) -> list[str]:
    return [number.text for number in extract(text, lang) if number.strong]


# --- digit groups: the 2,000 / 2,5 ambiguity ------------------------------------------------------

@pytest.mark.parametrize(("token", "lang", "value"), [
    ("2,000", "en", 2000), ("2.000", "de", 2000), ("2,5", "de", 2.5), ("3.5", "en", 3.5),
    ("1.234,5", "de", 1234.5), ("1,234.5", "en", 1234.5), ("1,234,567", "en", 1234567),
    ("1.234.567", "de", 1234567), ("0,125", "de", 0.125), ("0.125", "en", 0.125),
    ("2,000", "de", 2.0), ("2.000", "en", 2.0),          # the language's own reading...
    ("2,000", "es", 2000), ("2.000", "es", 2000),        # ...or group shape where usage differs
    ("١٢٣٫٥", "ar", 123.5), ("٢٬٠٠٠", "ar", 2000), ("۲۰۰۰", "fa", 2000), ("２０２４", "ja", 2024),
    ("1'000", "de", 1000),
])
def test_read_plain_uses_language_convention_and_group_shape(token: str, lang: str, value: float) -> None:
    read = read_plain(token, lang)
    assert read is not None and read[0] == value


def test_read_plain_keeps_the_other_reading_as_foreign() -> None:
    assert read_plain("2,000", "de") == (2.0, 2000.0, True)
    assert read_plain("2.000", "en") == (2.0, 2000.0, True)
    assert read_plain("2,000", "es") == (2000.0, 2.0, False)
    assert read_plain("1.2.3", "en") is None  # a version, not a number


# --- numbers with their spans ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("About 2,000 people", "en", [("2,000", 2000)]),
    ("Etwa 2.000 Menschen", "de", [("2.000", 2000)]),
    ("Environ 2 000 personnes", "fr", [("2 000", 2000)]),
    ("Environ 2\u202f000 personnes", "fr", [("2\u202f000", 2000)]),
    ("около 2 000 человек", "ru", [("2 000", 2000)]),
    ("قتل ٢٬٠٠٠ شخص", "ar", [("٢٬٠٠٠", 2000)]),
    ("نما ٣٫٥ في المئة", "ar", [("٣٫٥ في المئة", 3.5)]),
    ("۲۰۰۰ نفر", "fa", [("۲۰۰۰", 2000)]),
    ("um 3,5 Prozent", "de", [("3,5 Prozent", 3.5)]),
    ("rose 5%", "en", [("5%", 5)]),
    ("5 % de plus", "fr", [("5 %", 5)]),
    ("on 5 процентов", "ru", [("5 процентов", 5)]),
    ("It cost $5.", "en", [("$5", 5)]),
    ("worth 3 million dollars", "en", [("3 million", 3e6)]),
    ("worth 1.5 billion", "en", [("1.5 billion", 1.5e9)]),
    ("3 Mio. Euro", "de", [("3 Mio.", 3e6)]),
    ("1,5 Billionen Euro", "de", [("1,5 Billionen", 1.5e12)]),
    ("3 млн рублей", "ru", [("3 млн", 3e6)]),
    ("1,5 млрд", "ru", [("1,5 млрд", 1.5e9)]),
    ("3 مليون دولار", "ar", [("3 مليون", 3e6)]),
    ("US$5bn deal", "en", [("$5bn", 5e9)]),
    ("3万人", "zh", [("3万", 3e4)]),
    ("300万美元", "zh", [("300万", 3e6)]),
    ("1.5亿美元", "zh", [("1.5亿", 1.5e8)]),
    ("15亿", "zh", [("15亿", 1.5e9)]),
    ("3千万", "zh", [("3千万", 3e7)]),
    ("１万８千２５７人", "ja", [("１万８千２５７", 18257)]),
    ("1億2,650万ドル", "ja", [("1億2,650万", 126500000)]),
    ("the 1st time", "en", [("1", 1)]),
    ("der 3. Platz", "de", [("3", 3)]),
])
def test_numbers_and_spans(text: str, lang: str, expected: list[tuple[str, float]]) -> None:
    assert numbers(text, lang) == expected


def test_scale_words_do_not_eat_units() -> None:
    assert numbers("3千米", "zh") == [("3", 3)]  # 3 km, not 3000
    assert numbers("5兆瓦", "zh") == [("5", 5)]  # 5 MW
    assert numbers("5兆円", "ja") == [("5兆", 5e12)]


# --- dates and times ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "parts"), [
    ("24 June 2024", "en", [("24", 24), ("June", 6), ("2024", 2024)]),
    ("June 24, 2024", "en", [("June", 6), ("24", 24), ("2024", 2024)]),
    ("24/6/2024", "en", [("24", 24), ("6", 6), ("2024", 2024)]),
    ("24. Juni 2024", "de", [("24", 24), ("Juni", 6), ("2024", 2024)]),
    ("am 24.06.2024", "de", [("24", 24), ("06", 6), ("2024", 2024)]),
    ("vychází 25. 5. 2020", "cs", [("25", 25), ("5", 5), ("2020", 2020)]),
    ("24 июня 2024", "ru", [("24", 24), ("июня", 6), ("2024", 2024)]),
    ("2024年6月24日", "ja", [("2024", 2024), ("6月", 6), ("24", 24)]),
    ("2024-06-24", "en", [("2024", 2024), ("06", 6), ("24", 24)]),
    ("on Oct. 13, 2022", "en", [("Oct.", 10), ("13", 13), ("2022", 2022)]),
])
def test_date_parts(text: str, lang: str, parts: list[tuple[str, float]]) -> None:
    assert numbers(text, lang) == parts


def test_month_is_a_month_key() -> None:
    june = [n for n in extract("24 June 2024", "en") if n.kind == "month"][0]
    assert june.keys == {("m", 6.0)} and not june.strong
    assert ("m", 6.0) in [n for n in extract("2024年6月24日", "ja") if n.kind == "month"][0].keys


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("at 1 p.m.", "en", "1 p.m."), ("um 13:00", "de", "13:00"), ("um 13.00 Uhr", "de", "13.00"),
    ("会议下午1点开始", "zh", "下午1点"), ("午後3時半に", "ja", "午後3時半"), ("à 13h30", "fr", "13h30"),
    ("с 10-00", "ru", "10-00"),
])
def test_times_compare_modulo_twelve_hours(text: str, lang: str, span: str) -> None:
    (time,) = [n for n in extract(text, lang) if n.kind == "time"]
    assert time.text == span
    one_pm = next(n for n in extract("at 1 p.m.", "en"))
    assert ("t", 60.0) in one_pm.keys and ("n", 13.0) in one_pm.keys
    assert time.keys & {("t", 60.0), ("t", 210.0), ("t", 600.0), ("t", 90.0)}


def test_years_ranges_and_decades() -> None:
    assert numbers("2020-2024", "en") == [("2020", 2020), ("2024", 2024)]
    season = extract("the 2023-24 season", "en")
    assert ("n", 2024.0) in season[1].keys
    three_to_five = extract("3-5 million", "en")[0]
    assert ("n", 3e6) in three_to_five.keys
    assert {("n", 90.0), ("n", 1990.0)} <= extract("the 1990s", "en")[0].keys
    assert ("n", 2022.0) in extract("２２年冬", "ja")[0].keys
    assert ("n", 2023.0) in extract("令和5年", "ja")[0].keys
    assert ("n", 2013.0) in extract("FY2013", "en")[0].keys


# --- near misses: numbers that are names, codes or layout -----------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("COVID-19 cases", "en"), ("an F-16 jet", "en"), ("the G7 summit", "en"), ("4G network", "en"),
    ("open 24/7", "en"), ("the '90s", "en"), ("1. Introduction", "en"), ("see note [3]", "en"),
    ("call +1 555 123 4567", "en"), ("version 3.10.2", "en"), ("visit www.site2.com/page/42", "en"),
    ("Су-57", "ru"), ("one 1 thing", "en"), ("adjustment fee 0 yen", "en"), ("10代の若者", "ja"),
    ("weighs 130 pounds", "en"),
])
def test_names_codes_and_layout_are_soft(text: str, lang: str) -> None:
    assert strong(text, lang) == []


def test_imperial_measures_carry_metric_values() -> None:
    (height,) = extract("I am 5'5\" tall", "en")
    assert height.text == "5'5\"" and round(height.metric[0]) == 165
    (weight,) = extract("about 130 pounds", "en")
    assert round(weight.metric[0]) == 59


# --- spelled-out numbers and Han numerals -----------------------------------------------------------

@pytest.mark.parametrize(("numeral", "value"), [
    ("两千", 2000), ("十二", 12), ("三万五千", 35000), ("一亿五千万", 150000000), ("二〇二四", 2024),
    ("三百零五", 305), ("一万亿", 1e12), ("二十万", 200000),
])
def test_han_numerals(numeral: str, value: float) -> None:
    assert han_to_number(numeral) == value


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("two people", "en", [("two", 2)]),
    ("twenty-five", "en", [("twenty-five", 25)]),
    ("two hundred and five", "en", [("two hundred and five", 205)]),
    ("a million", "en", [("a million", 1e6)]),
    ("three and a half years", "en", [("three and a half", 3.5)]),
    ("drei Millionen", "de", [("drei Millionen", 3e6)]),
    ("zweieinhalb Millionen", "de", [("zweieinhalb Millionen", 2.5e6)]),
    ("два миллиона", "ru", [("два миллиона", 2e6)]),
    ("двадцать пятого мая", "ru", [("двадцать пятого", 25)]),
    ("quatre-vingt-dix", "fr", [("quatre-vingt-dix", 90)]),
    ("treinta y cinco", "es", [("treinta y cinco", 35)]),
    ("čtrnáctiletá", "cs", [("čtrnácti", 14)]),
    ("двадцатипятилетний", "ru", [("двадцатипяти", 25)]),
    ("第三次", "zh", [("第三", 3)]),
    ("百分之五十", "zh", [("百分之五十", 50)]),
])
def test_number_words(text: str, lang: str, expected: list[tuple[str, float]]) -> None:
    words = [(n.text, n.value) for n in extract_words(text, lang) if n.kind != "month"]
    assert words[:len(expected)] == expected
    assert all(not n.strong for n in extract_words(text, lang))


def test_compose_splits_unrelated_words() -> None:
    run = [(0, 3, (2.0, "u")), (4, 9, (3.0, "u"))]
    assert compose(run) == [(0, 3, 2.0), (4, 9, 3.0)]


# --- alignment ----------------------------------------------------------------------------------

def test_align_matches_values_across_conventions() -> None:
    assert align("About 2,000 people came.", "Etwa 2.000 Menschen kamen.", "en", "de").missing == ()
    assert align("It cost 3 million dollars.", "这花了300万美元。", "en", "zh") == align("", "", "en", "zh")
    assert not align("Two people came.", "2 Menschen kamen.", "en", "de").extra
    assert not align("on 24 June 2024", "2024年6月24日", "en", "ja").months


def test_align_classifies_what_differs() -> None:
    missing = align("12 people died.", "People died.", "en", "en").missing
    assert [n.text for n in missing] == ["12"]
    changed = align("1.5 billion dollars", "1.5亿美元", "en", "zh").changed
    assert [(s.value, t.value) for s, t in changed] == [(1.5e9, 1.5e8)]
    separator = align("Etwa 2.000 Menschen", "About 2.000 people", "de", "en").separator
    assert [(s.value, t.value) for s, t in separator] == [(2000, 2)]
    months = align("on 24 June", "am 24. Juli", "en", "de").months
    assert [(s.text, t.text) for s, t in months] == [("June", "Juli")]


def test_align_accepts_converted_measures() -> None:
    assert align("between 375 and 400 pounds", "170 až 180 kg", "en", "cs") == align("", "", "en", "cs")
    assert not align("I'm 5'5\"", "Měřím 165 cm", "en", "cs").extra


def test_format_value_follows_target_convention() -> None:
    assert format_value(2000, "en") == "2,000"
    assert format_value(2000, "de") == "2.000"
    assert format_value(2000.5, "fr") == "2\u00a0000,5"


def test_number_is_frozen() -> None:
    number = extract("12 people", "en")[0]
    assert isinstance(number, Number)
    with pytest.raises(AttributeError):
        number.value = 3  # type: ignore[misc]
