"""Language checks beyond the case files: script helpers, close languages, rates on real references."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED, run_code, seg
from tqcheck.checks.language import _wrong_language
from tqcheck.lang.scripts import (
    OTHER,
    dominant_script,
    letters_outside,
    native_scripts,
    script_counts,
    script_runs,
    tolerated_scripts,
)

WMT = SHARED / "corpora" / "wmt23"


def test_script_runs_split_by_script_and_keep_offsets() -> None:
    text = "Путин met 岸田 in 東京でラーメン"
    runs = [(text[run.start:run.end], run.script) for run in script_runs(text)]
    assert runs == [("Путин", "Cyrillic"), ("met", "Latin"), ("岸田", "Han"), ("in", "Latin"),
                    ("東京", "Han"), ("で", "Hiragana"), ("ラ", "Katakana"), ("ー", OTHER),
                    ("メン", "Katakana")]
    assert script_counts("abc Где") == {"Latin": 3, "Cyrillic": 3}
    assert dominant_script("12 ...") is None
    assert dominant_script("Hello Мир мир") == "Cyrillic"


def test_native_and_tolerated_scripts() -> None:
    assert native_scripts("ja") == {"Han", "Hiragana", "Katakana"}
    assert native_scripts("zh-Hant") == {"Han"}
    assert native_scripts("uk") == {"Cyrillic"}
    assert native_scripts(None) == frozenset()
    assert tolerated_scripts("ar") == {"Arabic", "Latin", OTHER}
    assert letters_outside(tolerated_scripts("en")).findall("Sеrvice ש״ס café") == ["е", "ש", "ס"]


@pytest.mark.parametrize(("text", "declared", "fires"), [
    ("Он сказал, что всё будет хорошо, и ушёл домой к своей семье.", "uk", True),     # ы/ё: Russian
    ("Він сказав, що все буде добре, і пішов додому до своєї родини.", "ru", True),   # і/ї/є: Ukrainian
    ("Він сказав, що все буде добре, і пішов додому до своєї родини.", "uk", False),
    ("Он сказал, что всё будет хорошо, и ушёл домой к своей семье.", "ru", False),
    ("Vláda v pondělí schválila nový zákon o důchodech, který platí od května.", "cs", False),
    ("Vláda v pondelok schválila nový zákon o dôchodkoch, ktorý bude platiť od mája.", "cs", True),
    ("政府は月曜日に新しい年金法を承認し、多くの議員が賛成したと発表した。", "zh", True),  # kana
    ("政府周一批准了新的养老金法，许多议员表示支持。", "zh", False),
    ("La nueva ley de pensiones entrará en vigor en mayo, según el gobierno.", "pt", False),  # no proof
    ("La nueva ley de pensiones entrará en vigor en mayo, según el gobierno español.", "pt", True),  # ñ
])
def test_close_languages_need_spelling_proof(text: str, declared: str, fires: bool) -> None:
    assert (_wrong_language(text, declared, "") is not None) is fires


def test_names_numbers_and_short_text_never_fire() -> None:
    for target in ("Real Madrid 2:1 Barcelona", "iPhone 15 Pro Max", "https://example.org/a/b/c/d/e/f/g",
                   "Gerhard Schröder, Angela Merkel, Olaf Scholz", "#WFH #business #neurodiversity"):
        assert not run_code("TQ502", [seg(target, "source text", src_lang="de", tgt_lang="uk")])


def _lines(pair: str, name: str, limit: int = 400) -> list[str]:
    path = WMT / pair / name
    return [line for line in path.read_text(encoding="utf-8").splitlines()[:limit] if line.strip()]


@pytest.mark.skipif(not WMT.is_dir(), reason="../shared is not available")
@pytest.mark.parametrize(("pair", "name", "lang"), [
    ("de-en", "reference.en", "en"), ("de-en", "source.de", "de"), ("en-ru", "reference.ru", "ru"),
    ("cs-uk", "reference.uk", "uk"), ("en-cs", "reference.cs", "cs"), ("en-zh", "reference.zh", "zh"),
    ("en-ja", "reference.ja", "ja"), ("uk-en", "source.uk", "uk"), ("ru-en", "source.ru", "ru"),
])
def test_human_text_in_its_own_language_is_never_flagged(pair: str, name: str, lang: str) -> None:
    flagged = [line for line in _lines(pair, name) if _wrong_language(line, lang, "") is not None]
    assert flagged == []


@pytest.mark.skipif(not WMT.is_dir(), reason="../shared is not available")
@pytest.mark.parametrize(("pair", "name", "declared", "minimum"), [
    ("en-ru", "reference.ru", "uk", 0.6),   # Russian where Ukrainian was expected
    ("cs-uk", "reference.uk", "ru", 0.7),   # and the other way round
    ("de-en", "source.de", "en", 0.7),      # the source language left as it was
    ("en-zh", "reference.zh", "ja", 0.2),   # Chinese where Japanese was expected (Han only, no kana)
    ("en-ja", "reference.ja", "zh", 0.8),
])
def test_text_in_another_language_is_mostly_caught(pair: str, name: str, declared: str,
                                                    minimum: float) -> None:
    lines = _lines(pair, name)
    caught = sum(1 for line in lines if _wrong_language(line, declared, "") is not None)
    assert caught / len(lines) >= minimum
