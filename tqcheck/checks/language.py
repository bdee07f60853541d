"""Language (TQ501-TQ549): untranslated segments and fragments, wrong target language, lost URLs/e-mails/handles."""

from __future__ import annotations

FAMILY = "language"
