"""`json.loads` for JSON that anyone may have written: JSONL input, saved reports, baselines.

Python's parser accepts what later code cannot use, and each would surface far from the file as
an internal error: `NaN` and `Infinity` (not JSON, and written back out as invalid JSON), integers of
thousands of digits (`str()` of one raises past 4,300 digits), nesting deep enough to exhaust the
stack, and `\\ud800` escapes that decode to lone surrogates, which no writer can encode. `parse`
refuses all four with a `JsonProblem` saying which, for the caller to report with its file and line.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_INTEGER_DIGITS = 30   # line numbers, offsets and counts have far fewer
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonProblem(ValueError):
    """Valid to Python's parser, unusable to tqcheck: the message says why."""


def _constant(name: str) -> Any:
    raise JsonProblem(f"{name} is not a number JSON allows")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise JsonProblem(f"an integer of {len(text.lstrip('-')):,} digits")
    return int(text)


def parse(text: str) -> Any:
    """The value of JSON `text`; `json.JSONDecodeError` for bad syntax, `JsonProblem` for the rest."""
    try:
        value = json.loads(text, parse_constant=_constant, parse_int=_integer)
    except RecursionError:
        raise JsonProblem("nested too deeply") from None
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise JsonProblem("a \\ud800-\\udfff escape that is not half of a surrogate pair (not a character)")
    return value


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any string (or object key) inside `value` holds a lone surrogate; iterative, so depth is no risk."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
