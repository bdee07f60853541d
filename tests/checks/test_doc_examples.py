"""Every check's docstring `Fires:` / `Okay:` lines run as tests (pycodestyle's self-test)."""

from __future__ import annotations

import pytest

from tests.conftest import run_code
from tqcheck.checks.examples import parse_examples
from tqcheck.checks.registry import all_checks

PARAMS = [
    pytest.param(info.code, example, id=f"{info.code}-{n}")
    for info in all_checks()
    for n, example in enumerate(parse_examples(info.doc))
]


@pytest.mark.parametrize(("code", "example"), PARAMS)
def test_docstring_example(code: str, example: object) -> None:
    issues = run_code(code, list(example.segments), example.settings())  # type: ignore[attr-defined]
    if example.fires:  # type: ignore[attr-defined]
        assert issues, f"{code} should fire on: {example.line}"  # type: ignore[attr-defined]
    else:
        assert not issues, f"{code} should not fire on: {example.line}: {[i.message for i in issues]}"  # type: ignore[attr-defined]
