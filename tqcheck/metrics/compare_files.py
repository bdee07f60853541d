"""The files of a comparison as `tqcheck compare` is given them: line-aligned systems, references, source, docs.

Read before any scoring, so a missing line or a repeated system fails at once with one clear error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tqcheck.errors import ConfigError, InputError
from tqcheck.metrics.compare import SystemInput


def system_names(paths: Sequence[Path], names: str | None) -> list[str]:
    """The systems' names: `--names` (comma-separated), else the file names, else the paths."""
    if names is not None:
        chosen = [name.strip() for name in names.split(",")]
        if len(chosen) != len(paths) or not all(chosen):
            raise ConfigError(f"--names gives {len(chosen)} names for {len(paths)} systems")
        if len(set(chosen)) != len(chosen):
            raise ConfigError(f"--names repeats a name: {names}")
        return chosen
    for candidates in ([path.name for path in paths], [str(path) for path in paths]):
        if len(set(candidates)) == len(candidates):
            return candidates
    repeated = next(path for i, path in enumerate(paths) if path in paths[:i])
    raise InputError("system output given twice", str(repeated))


def baseline_system(baseline: str | None, names: Sequence[str], paths: Sequence[Path]) -> str | None:
    """The system `--baseline` names, given by name or by path."""
    if baseline is None or baseline in names:
        return baseline
    wanted = Path(baseline)
    for name, path in zip(names, paths):
        if wanted == path or (wanted.exists() and path.exists() and wanted.resolve() == path.resolve()):
            return name
    raise ConfigError(f"unknown system {baseline!r} for --baseline (systems: {', '.join(names)})")


def check_line_counts(first: Path, others: Sequence[tuple[str, Path]]) -> None:
    """Fail before any work when a file's line count differs from the first system's."""
    from tqcheck.readers.textfile import count_lines

    expected = count_lines(first, "system")
    if expected == 0:
        raise InputError("empty input: no lines to compare", str(first))
    for role, path in others:
        got = count_lines(path, role)
        if got != expected:
            raise InputError(f"line counts differ: system {first} has {expected} lines, {role} {path} has {got}",
                             str(path))


def read_lines(path: Path, role: str, encoding: str) -> list[str]:
    """Every line of a line-aligned file."""
    from tqcheck.readers.textfile import iter_lines

    return [text for _number, text in iter_lines(path, encoding, role)]


def read_doc_ids(path: Path, encoding: str) -> list[str]:
    """The document id of each line, from a `--docs` file."""
    from tqcheck.readers.plain import parse_doc_line
    from tqcheck.readers.textfile import iter_lines

    return [parse_doc_line(text, path, number) for number, text in iter_lines(path, encoding, "docs")]


def read_systems(names: Sequence[str], paths: Sequence[Path], encoding: str) -> Iterator[SystemInput]:
    """Each system's lines, read only when `compare_systems` asks for the next system."""
    for name, path in zip(names, paths):
        yield SystemInput(name=name, hypotheses=read_lines(path, "system", encoding), path=str(path))
