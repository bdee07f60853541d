"""Pathological inputs: time and peak memory of `tqcheck check` on hostile shapes of a given size.

What it measures
    Each shape is written to a temporary file of `--size` megabytes and checked with every default
    check (`tqcheck check FILE --tgt-lang en -f json -o out.json --fail-on never --jobs 1`) in a child
    process with a wall-clock limit. Reported: seconds, peak RSS (the child's maximum resident set
    size) and whether it ended in a report or one `error:` line. The bounds to hold (issue 16):
    500 MiB and 60 s at 50 MB.

        one-line      one line of ordinary words, as large as the file
        combining     lines of `a` followed by thousands of combining accents
        tiny-lines    millions of one-word lines
        boundaries    lines whose CRLF or a 3-byte character falls on every 1 MiB read boundary

How to run (repository root, venv active; no ../shared needed)
    python benchmarks/pathological.py                   # 50 MB per shape (a few minutes)
    python benchmarks/pathological.py --size 5 --shapes one-line,combining
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from _shared import comma_list, render_table

MIB = 1 << 20
WORDS = "the talks Gallant said Gaza 12 news über 中国 continued on Monday".split()


def _one_line(size: int) -> bytes:
    text = " ".join(WORDS[index % len(WORDS)] for index in range(size // 5))
    return text.encode()[:size] + b"\n"


def _combining(size: int) -> bytes:
    line = ("Hello a" + "\u0301" * 5000 + ". . the the end\n").encode()
    return line * max(1, size // len(line))


def _tiny_lines(size: int) -> bytes:
    return b"Gaza.\n" * (size // 6)


def _boundaries(size: int) -> bytes:
    # Each 1 MiB chunk ends in the middle of a CRLF or of a three-byte character.
    chunks = []
    for index in range(max(1, size // MIB)):
        body = " ".join(WORDS[(index + n) % len(WORDS)] for n in range(MIB // 5)).encode()
        tail = b"\r\n" if index % 2 else "€".encode()
        room = MIB - (1 if index % 2 else 2)
        chunks.append(body[:room].ljust(room, b"x") + tail)
    return b"".join(chunks) + b"\n"


SHAPES: dict[str, Callable[[int], bytes]] = {
    "one-line": _one_line, "combining": _combining, "tiny-lines": _tiny_lines, "boundaries": _boundaries,
}


def run(shape: str, size_mb: float, limit: float) -> tuple[str, str, str, str]:
    with tempfile.TemporaryDirectory(prefix="tqpath-") as folder:
        path = Path(folder) / f"{shape}.en"
        path.write_bytes(SHAPES[shape](int(size_mb * MIB)))
        command = [sys.executable, "-m", "tqcheck", "check", str(path), "--tgt-lang", "en", "-f", "json",
                   "-o", str(Path(folder) / "out.json"), "--fail-on", "never", "--jobs", "1"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.monotonic()
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=False)
            outcome = {0: "report", 1: "report", 2: "error line"}.get(result.returncode, f"exit {result.returncode}")
        except subprocess.TimeoutExpired:
            outcome = f"over {limit:.0f} s"
        seconds = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        memory = f"{peak / 1024:.0f}" if peak > before else "<= earlier peak"
        return shape, f"{seconds:.1f}", memory, outcome


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=50.0, help="megabytes per shape (default 50)")
    parser.add_argument("--shapes", type=comma_list, default=list(SHAPES), help="shapes (default: all)")
    parser.add_argument("--limit", type=float, default=600.0, help="seconds before a run is stopped")
    args = parser.parse_args(argv)
    rows = [run(shape, args.size, args.limit) for shape in args.shapes]
    print(f"{args.size:g} MB per shape, every default check, one process "
          "(peak RSS is the largest child so far: run one shape at a time for exact figures)\n")
    print(render_table(["shape", "seconds", "peak RSS MiB", "outcome"], rows))


if __name__ == "__main__":
    main()
