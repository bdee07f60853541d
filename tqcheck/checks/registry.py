"""The check registry: `@check` registers a function under a stable code.

A code is `TQ` plus three digits; the hundreds digit names the family
(1 punctuation, 2 brackets and quotes, 3 numbers, 4 names, 5 language and markup,
6 length, 7 repetition, 8 spelling, 9 metrics). The family itself is declared once
per module as `FAMILY = "..."`, and the decorator refuses a code whose digit
disagrees, a duplicate code, or a docstring without the documentation headings.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar, cast

from tqcheck.config import Settings
from tqcheck.errors import ConfigError
from tqcheck.model import FAMILIES, CheckInfo, Field, Finding, FixSafety, Option, Scope, Severity

F = TypeVar("F", bound=Callable[..., object])

CODE_PATTERN = re.compile(r"^TQ[1-9]\d\d$")
FAMILY_DIGIT: dict[str, str] = {
    "punctuation": "1",
    "brackets-quotes": "2",
    "numbers": "3",
    "names": "4",
    "language": "5",
    "markup": "5",
    "placeholders": "5",
    "length": "6",
    "repetition": "7",
    "spelling": "8",
    "metrics": "9",
}
CHARACTER_CLASS = re.compile(r"\[(?:[^\]\\]|\\.)+\]|\\d")  # one `[...]` class, or `\d`: it matches one character
REQUIRED_HEADINGS = ("## What it does", "## Why is this bad?", "## Example")

REGISTRY: dict[str, CheckInfo] = {}


def check(
    code: str,
    *,
    severity: Severity,
    scope: Scope = "segment",
    needs: tuple[Field, ...] = (),
    prepare: Callable[..., object] | None = None,
    default: bool = True,
    options: Mapping[str, Option] | None = None,
    fix: FixSafety | None = None,
    candidates: tuple[tuple[Field, str], ...] = (),
) -> Callable[[F], F]:
    """Register the decorated function as check `code`.

    `needs` lists the fields beyond the target the check requires (e.g. `("source",)`);
    the runner skips the check for segments that lack them. `prepare(segment, ctx)`, for a
    batch-scope check, is the per-segment part of its work: the runner computes it with the
    local checks (in parallel with `--jobs`) and passes the values, aligned with the
    segments, as the check's third argument (None when the caller did not prepare them).
    `default=False` makes the check opt-in: it runs only when a `select` or `extend-select`
    pattern names it (`TQ402`, `TQ4`, `ALL`). `options` declares the settings the check reads
    (`[options.TQxxx]`, `[lang.xx]`); `validate_settings` rejects any other. `fix` says whether
    `tqcheck check --fix` applies the check's suggestions: "safe" (right by construction),
    "unsafe" (only with `--unsafe-fixes`), or None (the check only reports). `candidates`, for a
    segment-scope check, lists `(field, character class)` pairs of which one must occur in the
    segment for the check to find anything (`(("source", r"\\d"),)`): the runner then calls it only
    where one does (tqcheck.run.prescan). It must be a necessary condition, not a heuristic.
    """

    def register(func: F) -> F:
        if candidates and scope != "segment":
            raise ValueError(f"{code}: candidates are for segment-scope checks")
        for field_name, pattern in candidates:
            if field_name not in ("target", "source") or not CHARACTER_CLASS.fullmatch(pattern):
                raise ValueError(f"{code}: candidate {(field_name, pattern)!r} is not (target|source, [class])")
        module = sys.modules[func.__module__]
        family = getattr(module, "FAMILY", None)
        if not CODE_PATTERN.match(code):
            raise ValueError(f"{func.__name__}: malformed check code {code!r}")
        if code in REGISTRY:
            raise ValueError(f"{func.__name__}: duplicate check code {code} (already {REGISTRY[code].name})")
        if family not in FAMILIES or FAMILY_DIGIT[family] != code[2]:
            raise ValueError(f"{code}: family {family!r} of {func.__module__} does not match the code")
        doc = inspect.cleandoc(func.__doc__ or "")
        missing = [heading for heading in REQUIRED_HEADINGS if heading not in doc]
        if missing:
            raise ValueError(f"{code}: docstring lacks {', '.join(missing)}")
        REGISTRY[code] = CheckInfo(
            code=code,
            name=func.__name__.replace("_", "-"),
            family=family,
            severity=severity,
            scope=scope,
            needs=needs,
            summary=doc.splitlines()[0].rstrip("."),
            doc=doc,
            func=cast("Callable[..., Iterable[Finding]]", func),
            prepare=prepare,
            default=default,
            options=MappingProxyType(dict(options or {})),
            fix=fix,
            candidates=candidates,
        )
        return func

    return register


def all_checks() -> list[CheckInfo]:
    """Every registered check, in code order (imports the built-in families first)."""
    from tqcheck.checks import load

    load()
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def _checks_for(patterns: Iterable[str]) -> list[CheckInfo]:
    """The registered checks, after importing only the modules `patterns` can name (all for `TQ`)."""
    from tqcheck.checks import load

    load(patterns)
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code.startswith(pattern) for pattern in patterns)


def normalise_patterns(patterns: Iterable[str]) -> list[str]:
    """Upper-case, strip and split comma lists; reject anything that cannot be a code prefix."""
    result: list[str] = []
    for raw in patterns:
        for part in str(raw).split(","):
            part = part.strip().upper()
            if not part:
                continue
            if part == "ALL":
                part = "TQ"
            if not re.fullmatch(r"TQ\d{0,3}", part):
                raise ValueError(f"not a check code or prefix: {part!r} (e.g. TQ1, TQ201)")
            result.append(part)
    return result


def select_checks(select: Iterable[str] | None = None, ignore: Iterable[str] = (),
                  extend: Iterable[str] = ()) -> list[CheckInfo]:
    """Checks whose code starts with a `select` or `extend` prefix and with no `ignore` prefix.

    `select=None` means the default checks (every check but the opt-in ones); a pattern,
    `ALL` included, selects opt-in checks too. `extend` adds to whatever `select` chose
    (`extend-select = ["TQ402"]` keeps the defaults). An unknown code is an error, so a typo
    does not silently disable everything.
    """
    chosen = normalise_patterns(select) if select is not None else []
    added = normalise_patterns(extend)
    dropped = normalise_patterns(ignore)
    checks = _checks_for((chosen if select is not None else ["TQ"]) + added + dropped)
    for pattern in chosen + added + dropped:
        if not any(info.code.startswith(pattern) for info in checks):
            raise ValueError(f"no check matches {pattern!r}; run `tqcheck checks` for the list")

    def wanted(info: CheckInfo) -> bool:
        picked = _matches(info.code, chosen) if select is not None else info.default
        return (picked or _matches(info.code, added)) and not _matches(info.code, dropped)

    return [info for info in checks if wanted(info)]


# Keys of `[lang.xx]` that are not a check's option: lists the run itself reads per language.
LANGUAGE_LISTS = frozenset({"boilerplate"})


def validate_settings(settings: Settings) -> None:
    """Reject what no check declares: an unknown code in `[severity]` or `[options]`, an unknown
    option key or a value of the wrong kind, an unknown key in `[lang.xx]`.

    Imports only the families the settings name (all of them when `[lang.xx]` tables are set,
    since any check's option may be set per language).
    """
    named = sorted(set(settings.severity) | set(settings.options))
    for code in named:
        if not re.fullmatch(r"TQ\d{3}", code):
            raise ConfigError(f"{_origin(settings)}: {code!r} is not a check code (e.g. TQ701)")
    if not named and not settings.languages:
        return
    checks = all_checks() if settings.languages else _checks_for(named)
    known = {info.code: info for info in checks}
    for table, codes in (("severity", settings.severity), ("options", settings.options)):
        for code in codes:
            if code not in known:
                raise ConfigError(f"{_origin(settings)}: [{table}] names {code}, which is no check; "
                                  "run `tqcheck checks` for the list")
    for code, values in settings.options.items():
        declared = known[code].options
        for key, value in values.items():
            _check_option(settings, f"options.{code}", key, value, declared)
    if settings.languages:
        every: dict[str, Option] = {}
        for info in checks:
            every.update(info.options)
        for lang, values in settings.languages.items():
            for key, value in values.items():
                if key in LANGUAGE_LISTS:
                    continue
                _check_option(settings, f"lang.{lang}", key, value, every)


def _check_option(settings: Settings, table: str, key: str, value: object, declared: Mapping[str, Option]) -> None:
    option = declared.get(key)
    if option is None:
        allowed = sorted(declared) + (sorted(LANGUAGE_LISTS) if table.startswith("lang.") else [])
        hint = f" (known: {', '.join(allowed)})" if allowed else " (it has no options)"
        raise ConfigError(f"{_origin(settings)}: [{table}] {key!r} is not an option{hint}")
    if not option.accepts(value):
        raise ConfigError(f"{_origin(settings)}: [{table}] {key} must be {option.kind_name}")


def _origin(settings: Settings) -> str:
    return str(settings.config_path) if settings.config_path is not None else "config"
