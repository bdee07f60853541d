"""The `tqcheck` command line: one module per command, errors turned into one line here.

Exit codes: 0 clean, 1 issues at or above --fail-on (or a failed threshold),
2 bad input, usage or configuration, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import errno
import os
import sys
from importlib import import_module

import typer

from tqcheck.cli.stderr import flush_notices, say

# Each command and where it lives: a run imports only the module of the command it runs (and Typer
# builds only its options), which keeps `tqcheck check` on one file quick; `app` (tests, docs) has all.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("tqcheck.cli.check", "check"),
    "checks": ("tqcheck.cli.checks", "checks"),
    "score": ("tqcheck.cli.score", "score"),
    "backtranslate": ("tqcheck.cli.backtranslate", "backtranslate"),
    "compare": ("tqcheck.cli.compare", "compare"),
    "report": ("tqcheck.cli.report", "report"),
    "baseline": ("tqcheck.cli.baseline", "baseline_app"),
}


def build_app(only: str | None = None) -> typer.Typer:
    """The `tqcheck` application with every command, or with command `only` alone (same usage and help)."""
    built = typer.Typer(
        name="tqcheck",
        help="Find what is broken in machine-translated text: punctuation, brackets, names, numbers, "
             "untranslated text, boilerplate, repetition; with spans, codes and CI-friendly exit codes.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for name, (module, attribute) in COMMANDS.items():
        if only is not None and name != only:
            continue
        command = getattr(import_module(module), attribute)
        if isinstance(command, typer.Typer):
            built.add_typer(command, name=name)
        else:
            built.command()(command)
    built.callback()(_root)
    return built


def _version(value: bool) -> None:
    if value:
        from tqcheck import __version__

        typer.echo(f"tqcheck {__version__}")
        raise typer.Exit()


def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """tqcheck: translation-quality checks for machine-translated news."""


def __getattr__(name: str) -> typer.Typer:
    """`tqcheck.cli.app`: the whole application, built on first use."""
    if name == "app":
        whole = globals()["app"] = build_app()
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app, mapping known errors to one stderr line."""
    import logging

    from tqcheck.errors import TqcheckError

    # wordfreq logs a warning per lookup in a language it only approximates; not the user's concern.
    logging.getLogger("wordfreq").setLevel(logging.ERROR)
    flush_notices(show=False)  # nothing held over from an earlier call in this process
    try:
        args = sys.argv[1:] if argv is None else argv
        application = build_app(args[0]) if args and args[0] in COMMANDS else build_app()
        code = application(args=args, prog_name="tqcheck", standalone_mode=False)
        flush_notices()
    except TqcheckError as exc:
        flush_notices(show=False)
        say(f"error: {exc}")
        sys.exit(2)
    except SystemExit:
        flush_notices()  # a command's own exit code (1: issues found) after a finished run
        raise
    except KeyboardInterrupt:
        say("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        if exc.errno not in _PATH_ERRORS or exc.filename is None:
            raise _internal(exc) from None
        # A file the user named that the system refuses (a name too long, a symlink loop): their input.
        say(f"error: {exc.filename}: {exc.strerror}")
        sys.exit(2)
    except Exception as exc:  # a bug: one line unless debugging
        if _click_exception(exc, "Abort"):
            say("interrupted")
            sys.exit(130)
        if _click_exception(exc, "ClickException"):  # a usage error: Click's own box echoes it raw, in five lines
            message = str(exc.format_message()).strip()  # type: ignore[attr-defined]
            if message:  # (none after `tqcheck` alone: the help was the answer)
                context = getattr(exc, "ctx", None)
                say(f"error: {message} (see '{context.command_path if context is not None else 'tqcheck'} -h')")
            sys.exit(2)
        raise _internal(exc) from None
    sys.exit(code if isinstance(code, int) else 0)


# What the system says about a path the user gave: the name is the problem, not tqcheck.
_PATH_ERRORS = frozenset({errno.ENAMETOOLONG, errno.ELOOP, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES,
                          errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT})


def _internal(exc: Exception) -> BaseException:
    """A bug: one line and exit 3 (the exception itself under TQCHECK_DEBUG=1, for the traceback)."""
    if os.environ.get("TQCHECK_DEBUG"):
        return exc
    say(f"internal error: {type(exc).__name__}: {exc} (set TQCHECK_DEBUG=1 for the traceback)")
    return SystemExit(3)


def _click_exception(exc: BaseException, name: str) -> bool:
    """Whether `exc` is Click's `name` (or a subclass): Typer may bring its own copy of Click."""
    return any(kind.__name__ == name and kind.__module__.split(".")[0] in ("click", "typer")
               for kind in type(exc).__mro__)
