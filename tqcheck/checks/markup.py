"""Leftover web text and markup (TQ5xx part): boilerplate phrases, HTML, glued tokens."""

from __future__ import annotations

FAMILY = "markup"
