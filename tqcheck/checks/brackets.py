"""Brackets and quotation marks (TQ2xx): balance, style and agreement with the source."""

from __future__ import annotations

FAMILY = "brackets-quotes"
