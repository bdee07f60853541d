"""Errors that reach the user as one line and exit code 2.

Everything tqcheck raises on purpose derives from `TqcheckError`; only
`tqcheck.cli.main` turns it into text, so library users get exceptions.
"""

from __future__ import annotations


class TqcheckError(Exception):
    """Base class: the message is a complete one-line explanation."""


class InputError(TqcheckError):
    """An input file is missing, unreadable, malformed or inconsistent."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


class ConfigError(TqcheckError):
    """The configuration file or a command-line setting is invalid."""


class ModelError(TqcheckError):
    """A translation model could not be found or loaded."""
