"""Language codes: the fast path for common bare codes agrees with langcodes exactly."""

from __future__ import annotations

import langcodes
import pytest

from tqcheck.checks.spelling.dictionaries import language_parts
from tqcheck.errors import ConfigError
from tqcheck.lang import COMMON_CODES, normalise_language, primary


@pytest.mark.parametrize("code", sorted(COMMON_CODES))
def test_common_codes_are_canonical_in_langcodes(code: str) -> None:
    assert langcodes.tag_is_valid(code)
    assert langcodes.standardize_tag(code) == code
    assert langcodes.Language.get(code).language == code
    assert langcodes.Language.get(code).territory is None
    assert normalise_language(code.upper()) == code


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "en"), ("EN", "en"), (" de ", "de"), ("zh-hant", "zh-Hant"), ("pt_br", "pt-BR"), ("iw", "he"),
    ("en-Latn-US", "en-US"),
])
def test_normalise_language(tag: str, expected: str) -> None:
    assert normalise_language(tag) == expected


@pytest.mark.parametrize("tag", ["english", "", "xx-yy-zz-1", "en--US"])
def test_unknown_codes_are_refused(tag: str) -> None:
    with pytest.raises(ConfigError, match="unknown language code"):
        normalise_language(tag)


@pytest.mark.parametrize(("tag", "expected"), [
    ("de-CH", "de"), ("zh-Hant", "zh"), ("pt-BR", "pt"), ("ckb", "ckb"), ("iw", "he"), (None, ""), ("", ""),
])
def test_primary(tag: str | None, expected: str) -> None:
    assert primary(tag) == expected


@pytest.mark.parametrize(("tag", "expected"), [("en", ("en", None)), ("pt-br", ("pt", "BR")), ("no", ("nb", None))])
def test_language_parts(tag: str, expected: tuple[str, str | None]) -> None:
    assert language_parts(tag) == expected
