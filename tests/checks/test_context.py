"""The context a check runs with: bound to that check, with run memory and analyses shared per window."""

from __future__ import annotations

import pytest

from tqcheck.checks.context import Context
from tqcheck.config import Settings
from tqcheck.model import Segment
from tqcheck.run.runner import Checker


def test_memory_and_options_belong_to_the_bound_check() -> None:
    settings = Settings(options={"TQ701": {"allowed": ["very"]}})
    context = Context.for_languages("de", "en", settings)
    repeated, loop = context.for_check("TQ701"), context.for_check("TQ702")
    repeated.memory()["seen"] = 1
    assert "seen" not in loop.memory()
    assert repeated.option("allowed", ()) == ["very"] and loop.option("allowed", ()) == ()
    assert loop.option_of("TQ701", "allowed", ()) == ["very"]
    repeated.shared("names:known")["en"] = 1
    assert loop.shared("names:known") == {"en": 1}


def test_an_unbound_context_says_so() -> None:
    with pytest.raises(RuntimeError, match="not bound"):
        Context.for_languages(None, "en").memory()


def test_an_analysis_is_computed_once_however_many_checks_ask() -> None:
    calls: list[str] = []

    def words(text: str) -> tuple[str, ...]:
        calls.append(text)
        return tuple(text.split())

    context = Context.for_languages(None, "en")
    first, second = context.for_check("TQ701"), context.for_check("TQ702")
    assert first.analysed(words, "a b") == second.analysed(words, "a b") == ("a", "b")
    assert calls == ["a b"]


def test_the_runner_empties_the_analyses_at_each_window() -> None:
    """What the analyses hold is bounded by a window, not by the run."""
    checker = Checker(Settings(select=("TQ70",)), src_lang="de", tgt_lang="en")
    segments = [Segment(id=str(n), target=f"Sentence number {n} is here and here.", source=f"Satz {n}.")
                for n in range(30)]
    checker.check_local(segments[:15])
    held = len(checker._analyses._values)
    assert held > 0
    checker.check_local(segments[15:20])
    assert 0 < len(checker._analyses._values) < held
