"""The cheap pre-filters and stdlib-`re` fast paths agree with the `regex` patterns they stand in for.

Each fast path skips or replaces a Unicode-property search; these tests pin the facts that make
the shortcut exact (code-point ranges, character classes), so a new Unicode version or an edited
pattern cannot make a check silently miss what it used to find.
"""

from __future__ import annotations

import string
import sys

import regex
from hypothesis import given
from hypothesis import strategies as st

from tqcheck.checks import markup, punctuation, repetition


def test_no_unspaced_script_below_the_first_unspaced_code_point() -> None:
    below = "".join(map(chr, range(ord(repetition._FIRST_UNSPACED))))
    assert repetition._UNSPACED_CHAR.search(below) is None
    assert repetition._UNSPACED_CHAR.match(repetition._FIRST_UNSPACED)


def test_digit_prefilter_covers_every_regex_digit() -> None:
    digit = regex.compile(r"\d")
    missed = [hex(code) for code in range(sys.maxunicode + 1)
              if digit.match(chr(code)) and not markup._ANY_DIGIT.match(chr(code))]
    assert missed == []


def test_batch_spaces_match_regex_white_space() -> None:
    space = regex.compile(r"\s")
    differ = [hex(code) for code in range(sys.maxunicode + 1)
              if bool(space.match(chr(code))) != bool(repetition._SPACES.match(chr(code)))]
    assert differ == []


@given(st.text(alphabet=string.printable + "''--..", max_size=40))
def test_ascii_words_match_the_unicode_split(text: str) -> None:
    expected = str(repetition._NOT_TOKEN.sub(" ", text)).lower().split()
    assert repetition._split_words(text) == expected


@given(st.text(alphabet=string.printable + ":;=8-'^\u200d\ufe0f\U0001f600\U0001f3fb", min_size=1, max_size=16))
def test_decoration_ends_in_one_of_the_listed_ascii_characters(text: str) -> None:
    last = text[-1]
    if "!" <= last <= "~" and last not in punctuation._DECORATION_ENDS:
        assert punctuation._TRAILING_DECORATION.search(text, max(0, len(text) - 24)) is None


_URLISH = string.ascii_letters + string.digits + " .:/@#-_\uff20\uff03wW"


@given(st.text(alphabet=_URLISH + "\u00e9\u0416", max_size=40))
def test_url_email_handle_hints_are_necessary(text: str) -> None:
    """TQ505-TQ507 skip a segment whose texts lack `://`/`www.` or `@`: then no pattern can match."""
    from tqcheck.checks import language

    if not language._might_have_url(text):
        assert language.URL.search(text) is None
    if not language._might_have_at(text):
        assert language.EMAIL.search(text) is None and language.HANDLE.search(text) is None


@given(st.text(alphabet=string.ascii_letters + string.digits + " .-_\u00e9", max_size=40))
def test_domain_hint_is_necessary(text: str) -> None:
    from tqcheck.checks import language

    if language._DOMAIN_HINT.search(text) is None:
        assert language._DOMAIN.search(text) is None


@given(st.text(alphabet=string.ascii_letters + " .!?\"')]:;-(D\u2026\u3002\u201d\U0001f600\n", max_size=30))
def test_sentence_end_fast_path_agrees_with_the_trailer_pattern(text: str) -> None:
    from tqcheck.checks import length

    core = length._core(text)
    slow = bool(core) and (core[-1] in length._FINAL or length._JAPANESE_ELLIPSIS.search(core) is not None)
    assert length._ends_sentence(text) == slow


@given(st.text(alphabet=string.printable + "'-\u2019", max_size=60))
def test_ascii_word_counts_match_the_word_by_word_count(text: str) -> None:
    from tqcheck.checks import language

    if text.isascii():
        assert language._words.__wrapped__(text) == language._count_words(text)


@given(st.lists(st.sampled_from("abc"), max_size=30), st.booleans())
def test_loop_prefilter_never_hides_a_loop(keys: list[str], unspaced: bool) -> None:
    """`_may_loop` only skips token lists in which the full search finds no loop."""
    found = list(repetition._loops(keys, unspaced))
    original = repetition._may_loop
    try:
        repetition._may_loop = lambda counts: True  # type: ignore[assignment]
        assert list(repetition._loops(keys, unspaced)) == found
    finally:
        repetition._may_loop = original


def test_mojibake_hint_is_ftfys_character_sets() -> None:
    from ftfy.badness import MOJIBAKE_CATEGORIES as categories

    singles = ("c1", "bad", "law", "currency", "numeric", "kaomoji", "upper_accented", "lower_accented", "box")
    assert punctuation.MOJIBAKE_HINT_CHARACTERS == "".join(categories[name] for name in singles)
    assert punctuation.MOJIBAKE_HINT_QUOTES == categories["start_punctuation"] + categories["end_punctuation"]


def test_punctuation_checks_on_clean_text_do_not_import_ftfy() -> None:
    import subprocess

    code = ("import sys; from tqcheck import check, Segment, Settings; "
            "check([Segment(id='1', target='Gallant met Blinken (in Washington).')], Settings(select=('TQ1',)), "
            "tgt_lang='en'); print('ftfy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fold_is_the_non_word_substitution(text: str) -> None:
    expected = str(repetition._ASCII_NON_WORD.sub(" ", text.lower())).strip()
    assert " ".join(text.translate(repetition.ASCII_FOLD).split()) == expected


@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2009\u3000ab.")))
def test_odd_space_finds_every_text_the_space_substitution_changes(text: str) -> None:
    if repetition.ODD_SPACE.search(text) is None:
        assert repetition._SPACES.sub(" ", text) == text
