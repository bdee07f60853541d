"""Numbers and dates (TQ3xx): values in the source that are missing or changed in the target, and vice versa."""

from __future__ import annotations

FAMILY = "numbers"
