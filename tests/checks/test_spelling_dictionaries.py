"""Spelling (TQ8xx): dictionary resolution, loading, and the missing-dictionary notice (TQ899).

Resolution tests need nothing installed. Loading tests need the `chunspell` module and skip
without it; they bring their own tiny dictionary, so Debian's hunspell-* packages are only
needed by the tests marked with `needs_dictionary`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import seg
from tqcheck.checks import spelling
from tqcheck.checks.spelling import dictionaries
from tqcheck.checks.spelling.dictionaries import DICT_PATH_ENV, DictionaryFiles, candidate_names, find_dictionary
from tqcheck.config import Settings, parse_settings
from tqcheck.model import Issue, Segment, Severity
from tqcheck.run.runner import Checker

MINI_AFF = "SET UTF-8\nTRY esianrtolcdugmphbyfvkwz\n"
MINI_DIC = "5\nhello\nworld\nminister\narrived\nqapla\n"


def needs_dictionary(tag: str) -> None:
    pytest.importorskip("hunspell", reason="chunspell is not installed")
    if find_dictionary(tag) is None:
        pytest.skip(f"no Hunspell dictionary for {tag} (apt-get install hunspell-*)")


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    dictionaries.clear_caches()
    spelling.classify.cache_clear()
    yield
    dictionaries.clear_caches()
    spelling.classify.cache_clear()


def touch_dictionary(directory: Path, name: str, aff: str = MINI_AFF, dic: str = MINI_DIC) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.aff").write_text(aff, encoding="utf-8")
    (directory / f"{name}.dic").write_text(dic, encoding="utf-8")
    return directory / f"{name}.dic"


def run(segments: list[Segment], settings: Settings | None = None, select: str = "TQ8") -> list[Issue]:
    checker = Checker((settings or Settings()).merged(select=(select,)))
    return [issue for result in checker.run(segments) for issue in result.issues]


# --------------------------------------------------------------------------- resolution


@pytest.mark.parametrize(("tag", "names"), [
    ("en", ["en_US", "en"]),
    ("en-GB", ["en_GB", "en_US", "en"]),
    ("en_gb", ["en_GB", "en_US", "en"]),
    ("de", ["de_DE", "de"]),
    ("de-CH", ["de_CH", "de_DE", "de"]),
    ("pt-BR", ["pt_BR", "pt_PT", "pt"]),
    ("fr", ["fr_FR", "fr"]),
    ("uk", ["uk_UA", "uk"]),
    ("cs", ["cs_CZ", "cs"]),
    ("he", ["he_IL", "he"]),
    ("ar", ["ar"]),
    ("zh-Hant", ["zh"]),
])
def test_candidate_names(tag: str, names: list[str]) -> None:
    assert candidate_names(tag) == names


def test_preferred_name_wins_over_directory_order(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    touch_dictionary(first, "en_US")
    touch_dictionary(second, "en_GB")
    assert find_dictionary("en-GB", (first, second)) == DictionaryFiles("en_GB", second)
    assert find_dictionary("en", (first, second)) == DictionaryFiles("en_US", first)
    assert find_dictionary("en-AU", (first, second)) == DictionaryFiles("en_US", first)


def test_any_regional_dictionary_is_a_last_resort(tmp_path: Path) -> None:
    touch_dictionary(tmp_path, "de_AT")
    touch_dictionary(tmp_path, "de_CH")
    assert find_dictionary("de", (tmp_path,)) == DictionaryFiles("de_AT", tmp_path)
    assert find_dictionary("fr", (tmp_path,)) is None


def test_half_a_dictionary_is_not_a_dictionary(tmp_path: Path) -> None:
    (tmp_path / "fr.dic").write_text("1\nbonjour\n", encoding="utf-8")
    assert find_dictionary("fr", (tmp_path,)) is None


def test_dict_path_environment_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    monkeypatch.setenv(DICT_PATH_ENV, f"{first}:{second}")
    path = dictionaries.search_path()
    assert path[:2] == (first, second)
    assert Path("/usr/share/hunspell") in path


def test_explicit_dictionary_by_path_or_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dic = touch_dictionary(tmp_path, "xx_YY")
    assert dictionaries.files_for(str(dic)) == DictionaryFiles("xx_YY", tmp_path)
    assert dictionaries.files_for(str(tmp_path / "nope.dic")) is None
    monkeypatch.setenv(DICT_PATH_ENV, str(tmp_path))
    assert dictionaries.files_for("xx_YY") == DictionaryFiles("xx_YY", tmp_path)


def test_alphabet_comes_from_the_try_line(tmp_path: Path) -> None:
    touch_dictionary(tmp_path, "ru_RU", aff="SET UTF-8\nTRY иаоеАИО-'\n")
    assert dictionaries.read_alphabet(tmp_path / "ru_RU.aff") == "иаое"


# --------------------------------------------------------------------------- loading


def test_own_dictionary_from_dict_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hunspell", reason="chunspell is not installed")
    touch_dictionary(tmp_path, "tlh")
    monkeypatch.setenv(DICT_PATH_ENV, str(tmp_path))
    speller = dictionaries.speller("tlh")
    assert speller is not None and speller.name == "tlh"
    assert speller.known("hello") and not speller.known("wrld")
    assert speller.near("wrld") == ("world",)
    assert dictionaries.speller("tlh") is speller  # loaded once
    issues = run([seg("hello wrld", tgt_lang="tlh")])
    assert [(issue.code, issue.span.start, issue.span.end, issue.suggestion) for issue in issues] == \
        [("TQ801", 6, 10, "world")]
    assert issues[0].message == 'Possible misspelling "wrld": did you mean "world"?'


def test_dictionary_option_picks_the_file(tmp_path: Path) -> None:
    pytest.importorskip("hunspell", reason="chunspell is not installed")
    dic = touch_dictionary(tmp_path / "custom", "mine")
    settings = parse_settings({"lang": {"tlh": {"dictionary": str(dic)}}})
    issues = run([seg("qapla minster", tgt_lang="tlh")], settings)
    assert [(issue.code, issue.suggestion) for issue in issues] == [("TQ801", "minister")]


def test_missing_dictionary_is_reported_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hunspell", reason="chunspell is not installed")
    monkeypatch.setenv(DICT_PATH_ENV, str(tmp_path))
    segments = [seg(f"Qapla' {n}", id=f"{doc}-{n}", tgt_lang="tlh", doc_id=doc)
                for doc in ("d1", "d2") for n in range(3)]
    issues = run(segments)
    assert len(issues) == 1
    notice = issues[0]
    assert (notice.code, notice.name, notice.severity, notice.segment_id) == \
        ("TQ899", "spelling-unavailable", Severity.INFO, "d1-0")
    assert "tlh" in notice.message and DICT_PATH_ENV in notice.message
    assert (notice.span.start, notice.span.end) == (0, 0)


def test_one_notice_per_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hunspell", reason="chunspell is not installed")
    monkeypatch.setenv(DICT_PATH_ENV, str(tmp_path))
    segments = [seg("Qapla'", id="1", tgt_lang="tlh"), seg("Tere", id="2", tgt_lang="et"),
                seg("Qapla'", id="3", tgt_lang="tlh"), seg("大臣", id="4", tgt_lang="ja")]
    found = [(issue.code, issue.segment_id) for issue in run(segments, select="TQ899")
             if find_dictionary("et") is None or issue.segment_id != "2"]
    assert ("TQ899", "1") in found and ("TQ899", "3") not in found
    assert all(segment_id != "4" for _, segment_id in found)  # Japanese is skipped silently


def test_without_chunspell_spelling_is_off_with_one_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hunspell", None)  # import hunspell -> ImportError
    issues = run([seg("The goverment will recieve them.", id=str(n)) for n in range(3)])
    assert [(issue.code, issue.segment_id) for issue in issues] == [("TQ899", "0")]
    assert "pip install chunspell" in issues[0].message


# --------------------------------------------------------------------------- real dictionaries


def test_bare_english_accepts_british_and_american_spelling() -> None:
    needs_dictionary("en")
    gb = find_dictionary("en-GB")
    if gb is None or gb.name != "en_GB":
        pytest.skip("no en_GB dictionary")
    both, british = dictionaries.speller("en"), dictionaries.speller("en-GB")
    assert both is not None and british is not None
    assert both.name == "en_US+en_GB" and british.name == "en_GB"
    assert both.known("colour") and both.known("color")
    assert british.known("colour") and not british.known("color")
    assert not run([seg("The colour and the color of the flag.")], select="TQ801")


def test_regional_variant_loads_only_when_a_word_needs_it() -> None:
    """en_GB beside en_US costs a dictionary load (80 ms of a start): only a word en_US rejects pays it."""
    needs_dictionary("en")
    gb = find_dictionary("en-GB")
    if gb is None or gb.name != "en_GB":
        pytest.skip("no en_GB dictionary")
    fresh, _reason = dictionaries._load.__wrapped__("en", None)
    assert fresh is not None and fresh.name == "en_US+en_GB"
    assert fresh.known("color") and len(fresh._instances) == 1
    assert fresh.known("colour") and len(fresh._instances) == 2
    assert not fresh.known("colqour") and fresh.name == "en_US+en_GB"


def test_seed_article_names_are_not_flagged(shared_dir: Path) -> None:
    needs_dictionary("en")
    text = (shared_dir / "examples" / "news-ar-en-mt.txt").read_text(encoding="utf-8")
    segments = [seg(line, id=str(n)) for n, line in enumerate(text.splitlines()) if line.strip()]
    flagged = {segments[int(issue.segment_id)].target[issue.span.start:issue.span.end]
               for issue in run(segments, select="TQ801")}
    assert not flagged & {"Hochstein", "McGurk", "Blinken", "Netanyahu", "Rafah", "Galanat"}
    assert not flagged, flagged


def test_lookups_are_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word is classified once per dictionary: seen again, it is a dict lookup, not a new classification."""
    needs_dictionary("en")
    run([seg("The minister arrived on Monday.")], select="TQ801")
    calls: list[str] = []
    classify = spelling.classify
    monkeypatch.setattr(spelling, "classify", lambda *args: calls.append(args[3]) or classify(*args))
    run([seg("The minister arrived on Monday.", id="2")], select="TQ801")
    assert calls == []
    run([seg("The minister arrived on Tuesday.", id="3")], select="TQ801")
    assert calls == ["Tuesday"]
