"""Length (TQ6xx): target/source length-ratio outliers, empty and truncated targets."""

from __future__ import annotations

FAMILY = "length"
