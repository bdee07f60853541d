"""Token-budget batching: every index once, budgets respected, longest batch first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tqcheck.backtranslate.batching import make_batches


def test_sorted_longest_first_and_within_budget() -> None:
    lengths = [3, 10, 4, 10, 2, 9]
    batches = make_batches(lengths, budget=20, floor=1)
    assert batches == [[1, 3], [5, 2], [0, 4]]
    for batch in batches:
        assert len(batch) * max(lengths[i] for i in batch) <= 20


def test_text_longer_than_budget_gets_its_own_batch() -> None:
    assert make_batches([50, 2, 2], budget=8, floor=1) == [[0], [1, 2]]


def test_short_texts_count_as_the_floor() -> None:
    # 1,000 two-token bylines under a 4,096-token budget: 256 per batch, not 2,048.
    batches = make_batches([2] * 1000, budget=4096)
    assert [len(batch) for batch in batches] == [256, 256, 256, 232]
    assert make_batches([40, 3, 3], budget=64, floor=16) == [[0], [1, 2]]


def test_empty() -> None:
    assert make_batches([], budget=100) == []


@given(st.lists(st.integers(min_value=0, max_value=300), max_size=200),
       st.integers(min_value=1, max_value=5000), st.integers(min_value=1, max_value=32))
def test_partition_property(lengths: list[int], budget: int, floor: int) -> None:
    batches = make_batches(lengths, budget, floor)
    assert sorted(index for batch in batches for index in batch) == list(range(len(lengths)))
    for batch in batches:
        padded = len(batch) * max(max(floor, lengths[i]) for i in batch)
        assert padded <= budget or len(batch) == 1


@pytest.mark.parametrize("budget", [1, 7, 64])
def test_ties_keep_input_order(budget: int) -> None:
    flat = [i for batch in make_batches([5] * 10, budget, floor=1) for i in batch]
    assert flat == list(range(10))
