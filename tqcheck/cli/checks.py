"""`tqcheck checks [CODE]`: list the checks, or print one check's documentation."""

from __future__ import annotations

from typing import Annotated

import typer


def checks(
    code: Annotated[str | None, typer.Argument(help="A check code or prefix (TQ101, TQ2), or a check's name "
                                                  "(doubled-punctuation).", show_default=False)] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text, json or markdown.")] = "text",
) -> None:
    """List every check (code, name, family, severity; opt-in checks marked), or document the checks matching CODE.

    Example: tqcheck checks TQ101   (or: tqcheck checks doubled-punctuation)
    """
    from tqcheck.api import all_checks, checks_json, checks_markdown, checks_text, select_checks
    from tqcheck.errors import ConfigError

    named = [info for info in all_checks() if code and info.name == code.strip().lower()]
    try:
        chosen = named or (select_checks([code]) if code else all_checks())
    except ValueError as exc:
        from difflib import get_close_matches

        near = get_close_matches(code.strip().lower() if code else "", [info.name for info in all_checks()], n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise ConfigError(f"{exc}, nor the name of a check{hint}") from None
    renderers = {"text": checks_text, "json": checks_json, "markdown": checks_markdown}
    if format not in renderers:
        raise ConfigError(f"unknown format {format!r} (choose from {', '.join(renderers)})")
    typer.echo(renderers[format](chosen, detailed=code is not None), nl=False)
