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


SHOWN_CHARACTERS = 40


def shown(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A value from an input file, quoted for an error message when it is short and printable.

    Messages go to terminals and CI logs. A "column name" that is really a whole file (`--glossary
    /proc/self/environ`) must not be printed: that would put the environment, secrets included,
    into the log. A typo in a real column name (`traget`) is short and printable, and is shown.
    """
    text = str(value)
    if len(text) > limit or not text.isprintable():
        return f"<{len(text):,} characters, not shown>"
    return repr(text)
