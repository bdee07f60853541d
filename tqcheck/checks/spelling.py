"""Spelling (TQ8xx): Hunspell spell checking of the target, skipping names, numbers and allowed words."""

from __future__ import annotations

FAMILY = "spelling"
