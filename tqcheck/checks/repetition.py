"""Repetition (TQ7xx): repeated words, hallucinated loops, duplicated sentences and translations."""

from __future__ import annotations

FAMILY = "repetition"
