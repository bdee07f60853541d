"""Helpers shared by the benchmark scripts: find ../shared, load WMT23 segments, print tables, dump JSON.

The benchmarks read developer corpora from the `shared/` directory next to the
repository (or from `$TQCHECK_SHARED`). The product never needs that directory;
the benchmarks refuse to run without it and say where they looked.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from tqcheck.checks.registry import all_checks, select_checks
from tqcheck.model import CheckInfo, Segment
from tqcheck.readers import read_segments

SHARED_ENV = "TQCHECK_SHARED"
REPO_ROOT = Path(__file__).resolve().parents[1]
WMT_SYSTEMS = ("ONLINE-B", "NLLB_Greedy", "GPT4-5shot", "ZengHuiMT", "Lan-BridgeMT")
REFERENCE = "reference"


def precompile_tqcheck() -> None:
    """Write tqcheck's bytecode, as `pip install .` does for an installed package.

    The development install is editable, and with PYTHONDONTWRITEBYTECODE set (as on this
    project's machines) every start would compile ~60 modules from source (~70 ms), a cost no
    installed tool pays; the peers' modules in site-packages come with their bytecode.
    """
    import compileall

    compileall.compile_dir(str(REPO_ROOT / "tqcheck"), quiet=1)


def shared_dir() -> Path:
    """`$TQCHECK_SHARED`, else the `shared/` directory beside the repository root."""
    override = os.environ.get(SHARED_ENV)
    return Path(override).expanduser().resolve() if override else REPO_ROOT.parent / "shared"


def require_shared(relative: str) -> Path:
    """`shared/<relative>`, or exit with one clear line saying what is missing and how to point at it."""
    path = shared_dir() / relative
    if not path.exists():
        sys.exit(f"error: {path} not found. These benchmarks need the developer corpora in ../shared "
                 f"(not part of tqcheck); set {SHARED_ENV}=/path/to/shared to use another copy.")
    return path


@dataclass(frozen=True)
class WmtPair:
    """One WMT23 language pair directory: source, reference, system outputs, optional documents.tsv."""

    name: str
    directory: Path

    @property
    def src(self) -> str:
        return self.name.split("-")[0]

    @property
    def tgt(self) -> str:
        return self.name.split("-")[1]

    @property
    def source(self) -> Path:
        return self.directory / f"source.{self.src}"

    @property
    def documents(self) -> Path | None:
        path = self.directory / "documents.tsv"
        return path if path.is_file() else None

    def output(self, system: str) -> Path:
        """The file of a system's output, or of the human reference for `system="reference"`."""
        return self.directory / f"{system}.{self.tgt}"

    def systems(self, wanted: Iterable[str] = WMT_SYSTEMS) -> list[str]:
        """The wanted systems whose output exists for this pair, in the given order."""
        return [system for system in wanted if self.output(system).is_file()]


def wmt_pair(name: str) -> WmtPair:
    """The WMT23 pair `name` (e.g. `de-en`), or exit listing the pairs that exist."""
    root = require_shared("corpora/wmt23")
    directory = root / name
    if not directory.is_dir() or "-" not in name:
        sys.exit(f"error: no WMT23 pair {name!r} in {root} (available: {', '.join(available_wmt_pairs())})")
    return WmtPair(name, directory)


def available_wmt_pairs() -> list[str]:
    root = require_shared("corpora/wmt23")
    return sorted(path.name for path in root.iterdir() if path.is_dir() and "-" in path.name)


def read_wmt(pair: WmtPair, system: str, limit: int | None = None) -> list[Segment]:
    """The first `limit` segments of one system (or the reference) with their source, as tqcheck reads them.

    Goes through tqcheck's own line-aligned reader, with `documents.tsv` as `--docs` when the
    pair has one, so document ids and text match what `tqcheck check` would see. Segments carry
    their languages so a batch mixing pairs is checked correctly.
    """
    segments = read_segments(pair.output(system), source=pair.source, docs=pair.documents, fmt="lines")
    return [replace(segment, src_lang=pair.src, tgt_lang=pair.tgt) for segment in islice(segments, limit)]


@dataclass(frozen=True)
class StrayOutput:
    """What checks printed while they ran (they should print nothing): a line count and the first line."""

    lines: int = 0
    first: str = ""

    def note(self, where: str) -> str | None:
        if not self.lines:
            return None
        return (f"note: {self.lines} lines were printed during {where} (checks should print nothing); "
                f"first: {self.first!r}")


class OutputCapture:
    """A sink for stdout/stderr while checks run, so stray prints cannot garble the tables."""

    def __init__(self) -> None:
        self.sink = io.StringIO()

    @property
    def stray(self) -> StrayOutput:
        lines = [line for line in self.sink.getvalue().splitlines() if line.strip()]
        return StrayOutput(len(lines), lines[0][:200] if lines else "")


@contextmanager
def capture_output() -> Iterator[OutputCapture]:
    capture = OutputCapture()
    with redirect_stdout(capture.sink), redirect_stderr(capture.sink):
        yield capture


def add_common_options(parser: argparse.ArgumentParser, *, default_pairs: Sequence[str] | None) -> None:
    """`--pairs`, `--limit`, `--select`, `--ignore` and `--json`, spelled the same in every benchmark."""
    pairs_default = ",".join(default_pairs) if default_pairs else "every pair in shared/corpora/wmt23"
    parser.add_argument("--pairs", type=comma_list, default=list(default_pairs) if default_pairs else None,
                        help=f"comma-separated WMT23 pairs (default: {pairs_default})")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="use only the first N segments of each file (0 = all)")
    parser.add_argument("--select", type=comma_list, default=None, metavar="CODES",
                        help="only these checks: codes or prefixes, as for `tqcheck check` (default: the checks "
                             "`tqcheck check` runs by default; ALL adds the opt-in ones)")
    parser.add_argument("--ignore", type=comma_list, default=[], metavar="CODES",
                        help="leave out these checks: codes or prefixes")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT",
                        help="also write the numbers to this JSON file")


def chosen_checks(select: Sequence[str] | None, ignore: Sequence[str]) -> list[CheckInfo]:
    """The registered checks that `--select`/`--ignore` leave, in code order; exits on a bad code."""
    try:
        return select_checks(select, ignore)
    except ValueError as exc:
        sys.exit(f"error: {exc}")


def describe_checks(checks: Sequence[CheckInfo]) -> str:
    """`14 of 14 registered checks: TQ101, TQ102, ...` (the set grows as checks are added)."""
    codes = ", ".join(info.code for info in checks) or "(none)"
    return f"{len(checks)} of {len(all_checks())} registered checks: {codes}"


def comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def dump_json(path: Path | None, data: Any) -> None:
    if path is None:
        return
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {path}")


def render_table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, left: int = 1) -> str:
    """A plain-text table; the first `left` columns are left-aligned, the rest right-aligned."""
    cells = [[str(value) for value in row] for row in rows]
    widths = [max([len(header)] + [len(row[index]) for row in cells]) for index, header in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(value.ljust(width) if index < left else value.rjust(width)
                         for index, (value, width) in enumerate(zip(values, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths]), *map(line, cells)])


def ratio_text(value: float | None, digits: int = 2) -> str:
    """A number for a table, `-` for undefined and `inf` for a division by zero."""
    if value is None:
        return "-"
    if value == float("inf"):
        return "inf"
    return f"{value:.{digits}f}"


def progress(text: str) -> None:
    """A one-line status on an interactive stderr (overwritten by the next one); silent otherwise.

    Writes to the real stderr, so it shows even while `capture_output()` holds the checks' output.
    """
    stream = sys.__stderr__
    if stream is not None and stream.isatty():
        stream.write(f"\r\033[K{text}")
        stream.flush()


def heading(text: str) -> None:
    print(f"\n{text}\n{'=' * len(text)}")
