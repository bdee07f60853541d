"""Token-budget batching: similar lengths together, so padding wastes little and memory stays bounded."""

from __future__ import annotations

from collections.abc import Sequence

# Each text counts as at least this many tokens against the budget. Decoding memory has a part per
# token (attention caches) and a part per sequence: the vocabulary-sized logits of every hypothesis
# at every step (NLLB: 256k x 4 bytes, as much as ~20 tokens of NLLB-1.3B's caches). Without a floor
# a batch of headlines and bylines could hold thousands of sequences and run out of memory at the
# end of a run instead of at its start.
MIN_TEXT_TOKENS = 16


def make_batches(lengths: Sequence[int], budget: int, floor: int = MIN_TEXT_TOKENS) -> list[list[int]]:
    """Group the indices of `lengths` into batches whose padded size stays within `budget` tokens.

    Texts are sorted longest first (ties keep input order), and each batch is filled while
    `batch size x max(its longest text, floor)` fits. The longest texts therefore come first, so
    a budget too big for the device fails at once rather than an hour in. A text longer than the
    whole budget gets a batch of its own. Callers restore input order from the indices.
    """
    order = sorted(range(len(lengths)), key=lambda index: (-lengths[index], index))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in order:
        length = max(1, floor, lengths[index])
        if current and (len(current) + 1) * max(longest, length) > budget:
            batches.append(current)
            current, longest = [], 0
        current.append(index)
        longest = max(longest, length)
    if current:
        batches.append(current)
    return batches
