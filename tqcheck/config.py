"""Settings from `[tool.tqcheck]` in pyproject.toml or a `tqcheck.toml`, merged with the CLI.

Example (`tqcheck.toml`; in pyproject.toml put the same under `[tool.tqcheck]`):

    select = ["TQ1", "TQ2", "TQ7"]   # default: every check but the opt-in ones (TQ402)
    extend-select = ["TQ402"]       # opt-in checks on top of `select` or the defaults
    ignore = ["TQ105"]
    fail-on = "warning"
    min-quality = 70            # also min-chrf, min-bleu, max-ter (need a reference)
    boilerplate = ["Subscribe to our channel"]
    allow-names = ["McGurk"]
    allow-words = ["that that"]
    skip = ["fuzzy", "untranslated"]   # units of XLIFF/TMX/PO files left out (`--skip`)

    [severity]
    TQ203 = "info"

    [lang.de]
    boilerplate = ["Jetzt teilen"]

    [options.TQ701]
    allowed = ["had had"]

    glossary = "names.csv"    # name list / glossary (CSV or TBX), relative to this file
    suppressions = "tqcheck-suppressions.toml"   # accepted issues (see tqcheck.gating.suppressions)

    [gate]                    # CI gates (see tqcheck.gating.gates): max-errors, max-per-1000-segments, ...
    max-errors = 0

Unknown keys are errors: a misspelt setting should not be silently ignored.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tqcheck.errors import ConfigError
from tqcheck.gating.gates import Gates, parse_gates, require_finite
from tqcheck.model import Severity
from tqcheck.storage import read_local

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FAIL_ON_CHOICES = ("error", "warning", "info", "never")
# Unit states `--skip` (and `skip` here) leave out when reading localisation files; what each means in
# each format is in `tqcheck.readers.states`.
SKIP_CHOICES = ("fuzzy", "untranslated", "unapproved")
_LIST_KEYS = ("select", "extend-select", "ignore", "boilerplate", "allow-names", "allow-words")
_THRESHOLD_KEYS = ("min-bleu", "min-chrf", "max-ter", "min-quality")
_KNOWN_KEYS = frozenset(_LIST_KEYS) | {"fail-on", "severity", "lang", "options", "glossary", "suppressions", "gate",
                                       "backtranslate", "backtranslate-model", "skip", *_THRESHOLD_KEYS}
# `[backtranslate]`: key -> (type, what it must be). The model may also be given as `backtranslate-model`.
BACKTRANSLATE_KEYS: dict[str, tuple[type, str]] = {
    "model": (str, "a hub id or a local directory"), "revision": (str, "a branch, tag or commit"),
    "beams": (int, "a whole number >= 1"), "batch-tokens": (int, "a whole number >= 1"),
    "max-length": (int, "a whole number >= 1"), "device": (str, "auto, cpu, cuda, cuda:N or mps"),
    "dtype": (str, "auto, float32, bfloat16 or float16"), "cache": (str, "a path or a URI"),
    "use-cache": (bool, "true or false"), "split-sentences": (bool, "true or false"),
}
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Settings:
    """Everything that changes what tqcheck reports. Immutable; derive with `merged()`."""

    select: tuple[str, ...] | None = None  # None: the default checks (all but the opt-in ones)
    extend_select: tuple[str, ...] = ()  # added to `select`'s choice: opt-in checks on top of the defaults
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=lambda: _EMPTY)
    fail_on: str = "error"
    boilerplate: tuple[str, ...] = ()
    allow_names: tuple[str, ...] = ()
    allow_words: tuple[str, ...] = ()
    languages: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)
    thresholds: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    glossary_path: str | None = None
    glossary: Any = None  # a tqcheck.glossary.Glossary once loaded (see `with_glossary`)
    source: str | None = None
    gates: Gates = field(default_factory=Gates)  # `[gate]` limits; its score thresholds are in `thresholds`
    suppressions_path: str | None = None
    config_path: str | None = None  # the file these settings came from, if any
    backtranslate: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)  # `[backtranslate]`, validated
    # Unit states left out when a `CheckRequest` reads its files (`skip`, `--skip`): SKIP_CHOICES, in that order.
    skip: tuple[str, ...] = ()

    def files_read(self) -> list[Path]:
        """The config file and the files it names: inputs an output must never overwrite."""
        return [Path(name) for name in (self.config_path, self.glossary_path, self.suppressions_path)
                if name is not None]

    def option(self, code: str, key: str, default: Any, lang: str | None = None) -> Any:
        """A per-check option, language-specific value first: `[lang.de]`, then `[options.TQxxx]`."""
        if lang and key in self.languages.get(lang, _EMPTY):
            return self.languages[lang][key]
        return self.options.get(code, _EMPTY).get(key, default)

    def language_list(self, key: str, lang: str | None) -> tuple[str, ...]:
        """A list setting for one language from `[lang.xx]` (e.g. extra boilerplate phrases)."""
        values = self.languages.get(lang or "", _EMPTY).get(key, ())
        return tuple(values)

    def with_glossary(self) -> Settings:
        """Load `glossary_path` (if any) into `glossary`; I/O happens here, never in checks."""
        if self.glossary_path is None or self.glossary is not None:
            return self
        from tqcheck.glossary import load_glossary

        return replace(self, glossary=load_glossary(Path(self.glossary_path)))

    def merged(self, **overrides: Any) -> Settings:
        """A copy with the non-None overrides applied (CLI flags win over the file)."""
        return replace(self, **{key: value for key, value in overrides.items() if value is not None})


def read_settings_text(path: Path, what: str) -> str:
    """A settings file (config, baseline, suppressions) as text; anything wrong is one ConfigError line."""
    try:
        return read_local(path).decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, expected a {what} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc}") from None


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A TOML settings file (config, suppressions) parsed; anything wrong is one ConfigError line."""
    try:
        return tomllib.loads(read_settings_text(path, what))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None


def find_config(start: Path) -> Path | None:
    """The nearest `tqcheck.toml`, or `pyproject.toml` with a `[tool.tqcheck]` table, from `start` up."""
    for directory in (start, *start.parents):
        candidate = directory / "tqcheck.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "tqcheck" in data.get("tool", {}):
                return pyproject
    return None


def load_settings(path: Path | None = None, *, discover_from: Path | None = None) -> Settings:
    """Read settings from `path`, or discover a config file from `discover_from`; defaults if none."""
    if path is None and discover_from is not None:
        path = find_config(discover_from)
    if path is None:
        return Settings()
    data = read_toml(path, "config")
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tqcheck", {})
    elif "tool" in data and "tqcheck" in data["tool"]:
        data = data["tool"]["tqcheck"]
    return replace(parse_settings(data, origin=str(path)), config_path=str(path))


def _backtranslate(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """The `[backtranslate]` table (plus a top-level `backtranslate-model`), each key of its type."""
    table: dict[str, Any] = dict(_table(data, "backtranslate", origin))
    if "backtranslate-model" in data:
        if "model" in table:
            raise ConfigError(f"{origin}: the back-translation model is set twice (backtranslate-model and "
                              "[backtranslate] model); keep one")
        table["model"] = data["backtranslate-model"]
    for key, value in table.items():
        if key not in BACKTRANSLATE_KEYS:
            raise ConfigError(f"{origin}: unknown key {key!r} in [backtranslate] "
                              f"(known: {', '.join(BACKTRANSLATE_KEYS)})")
        kind, what = BACKTRANSLATE_KEYS[key]
        wrong = not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool)
        if wrong or (isinstance(value, int) and not isinstance(value, bool) and value < 1) \
                or (isinstance(value, str) and not value.strip()):
            raise ConfigError(f"{origin}: backtranslate.{key} must be {what}, not {value!r}")
    return table


def parse_settings(data: Mapping[str, Any], origin: str = "config") -> Settings:
    """Validate a `[tool.tqcheck]` table and turn it into Settings."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{origin}: [tool.tqcheck] must be a table")
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{origin}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(_KNOWN_KEYS))})")
    lists = {key: _string_list(data, key, origin) for key in _LIST_KEYS if key in data}
    thresholds = {}
    for key in _THRESHOLD_KEYS:
        if key in data:
            if isinstance(data[key], bool) or not isinstance(data[key], (int, float)):
                raise ConfigError(f"{origin}: {key} must be a number")
            thresholds[key] = float(data[key])
            require_finite({key: thresholds[key]}, origin)
    gates, gate_thresholds = parse_gates(_table(data, "gate", origin), origin)
    for key, value in gate_thresholds.items():
        if key in thresholds and thresholds[key] != value:
            raise ConfigError(f"{origin}: {key} is set both at the top level and in [gate]; keep one")
        thresholds[key] = value
    glossary = _path(data, "glossary", origin)
    suppressions = _path(data, "suppressions", origin)
    fail_on = data.get("fail-on", "error")
    if fail_on not in FAIL_ON_CHOICES:
        raise ConfigError(f"{origin}: fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, not {fail_on!r}")
    severity: dict[str, Severity] = {}
    for code, level in _table(data, "severity", origin).items():
        try:
            severity[str(code).upper()] = Severity.parse(str(level))
        except ValueError as exc:
            raise ConfigError(f"{origin}: severity.{code}: {exc}") from None
    languages = {str(lang): dict(_sub_table(value, f"lang.{lang}", origin))
                 for lang, value in _table(data, "lang", origin).items()}
    for lang, table in languages.items():
        for key, value in table.items():
            if isinstance(value, list):
                _bounded(value, f"lang.{lang}.{key}", origin)
    options = {str(code).upper(): dict(_sub_table(value, f"options.{code}", origin))
               for code, value in _table(data, "options", origin).items()}
    backtranslate = _backtranslate(data, origin)
    skip = skip_states(_string_list(data, "skip", origin), f"{origin}: skip") if "skip" in data else ()
    return Settings(
        select=tuple(lists["select"]) if "select" in lists else None,
        extend_select=tuple(lists.get("extend-select", ())),
        ignore=tuple(lists.get("ignore", ())),
        severity=MappingProxyType(severity),
        fail_on=fail_on,
        boilerplate=tuple(lists.get("boilerplate", ())),
        allow_names=tuple(lists.get("allow-names", ())),
        allow_words=tuple(lists.get("allow-words", ())),
        languages=MappingProxyType(languages),
        options=MappingProxyType(options),
        thresholds=MappingProxyType(thresholds),
        glossary_path=glossary,
        source=origin,
        gates=gates,
        suppressions_path=suppressions,
        backtranslate=MappingProxyType(backtranslate),
        skip=skip,
    )


def skip_states(values: list[str] | tuple[str, ...], where: str = "--skip") -> tuple[str, ...]:
    """The unit states named in `values` (each may be comma-separated), in SKIP_CHOICES order.

    An unknown name is one ConfigError line naming `where` (`--skip`, or the config file's `skip`).
    """
    named = {part.strip().lower() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(named - set(SKIP_CHOICES))
    if unknown:
        raise ConfigError(f"{where}: unknown unit state {unknown[0]!r} (choose from {', '.join(SKIP_CHOICES)})")
    return tuple(choice for choice in SKIP_CHOICES if choice in named)


def _path(data: Mapping[str, Any], key: str, origin: str) -> str | None:
    """A file path setting, relative to the config file it is in."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{origin}: {key} must be a file path")
    if origin not in ("config", "case"):
        return str(Path(origin).parent / value)
    return value


def _string_list(data: Mapping[str, Any], key: str, origin: str) -> list[str]:
    value = data[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{origin}: {key} must be a list of strings")
    _bounded(value, key, origin)
    return list(value)


MAX_SETTING_TEXT = 1000  # characters in one configured phrase, name or word


def _bounded(values: list[Any], key: str, origin: str) -> None:
    """Refuse a configured string no phrase needs: the phrase automata and matchers are built from
    them, and a megabyte "phrase" costs memory and time out of all proportion (or worse)."""
    for item in values:
        if isinstance(item, str) and len(item) > MAX_SETTING_TEXT:
            raise ConfigError(f"{origin}: {key} has an entry of {len(item):,} characters (at most "
                              f"{MAX_SETTING_TEXT:,})")


def _table(data: Mapping[str, Any], key: str, origin: str) -> Mapping[str, Any]:
    return _sub_table(data.get(key, {}), key, origin)


def _sub_table(value: Any, name: str, origin: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{origin}: [{name}] must be a table")
    return value
