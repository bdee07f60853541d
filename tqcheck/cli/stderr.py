"""Messages on stderr, made safe for a terminal.

File names, language codes and values from config or input files end up in these messages; one
holding an escape sequence (`\\x1b[2J`) or a bidi override must not act on the user's terminal, so
every control character is shown as a visible symbol instead (see `tqcheck.writers.terminal.visible`).
"""

from __future__ import annotations

from collections.abc import Mapping

import typer

from tqcheck.writers.terminal import visible


def say(text: str) -> None:
    """`text` on stderr, each line with its control and bidi characters made visible."""
    typer.echo("\n".join(visible(line) for line in text.split("\n")), err=True)


_NOTICES: list[str] = []


def notice(text: str) -> None:
    """A note about the run (a language detected), shown once the command has succeeded.

    Held back so that a command ending in an error prints exactly its one `error:` line: a note
    about a run that then failed would only be noise (and break the one-line promise CI relies on).
    """
    _NOTICES.append(text)


def flush_notices(show: bool = True) -> None:
    """Print (or, when the command failed, drop) the notices held back so far."""
    held = list(_NOTICES)
    _NOTICES.clear()
    if show:
        for text in held:
            say(text)


def announce_detected(detected: Mapping[str, str]) -> None:
    """A notice per language the run detected (`{"target": "en (0.98)"}`), with the flag that sets it."""
    for role, value in detected.items():
        flag = "--tgt-lang" if role == "target" else "--src-lang"
        notice(f"tqcheck: detected {role} language {value}; pass {flag} to set it")
