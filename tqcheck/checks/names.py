"""Names and terms (TQ4xx): inconsistent spelling of the same name within a document."""

from __future__ import annotations

FAMILY = "names"
