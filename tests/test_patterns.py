"""Patterns compiled on first use behave as the compiled patterns they stand for."""

from __future__ import annotations

import pickle
import re

import regex

from tqcheck.lang import patterns
from tqcheck.lang.patterns import lazy_re, lazy_regex


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    lazy, compiled = lazy_regex(r"(?P<word>\p{L}+)-(\d+)", regex.I), regex.compile(r"(?P<word>\p{L}+)-(\d+)", regex.I)
    text = "Covid-19 and F-16, not 24/7"
    assert lazy.pattern == compiled.pattern
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("<\\g<word>>", text) == compiled.sub("<\\g<word>>", text)
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.groupindex == compiled.groupindex and lazy.groups == compiled.groups == 2
    assert lazy.flags == compiled.flags
    stdlib = lazy_re(r"\d+")
    assert stdlib.fullmatch("2024") and not stdlib.match("x1") and stdlib.split("a1b22c") == ["a", "b", "c"]


def test_nothing_is_compiled_until_first_use(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    original = re.compile

    def counting(pattern: str, *args: object) -> re.Pattern[str]:
        calls.append(pattern)
        return original(pattern)

    monkeypatch.setattr(patterns.re, "compile", counting)
    lazy = lazy_re(r"[a-z]+")
    assert lazy.pattern == "[a-z]+" and calls == []  # `.pattern` alone does not compile
    assert lazy.search("123 abc")
    assert lazy.search("xyz") and lazy.findall("a b") == ["a", "b"]
    assert calls == ["[a-z]+"]  # once


def test_a_lazy_pattern_pickles_as_a_compiled_one() -> None:
    for lazy in (lazy_regex(r"\p{Lu}\w+", regex.V1), lazy_re(r"\s+", flags=re.M)):
        restored = pickle.loads(pickle.dumps(lazy))
        assert restored.pattern == lazy.pattern and restored.flags == lazy.flags
