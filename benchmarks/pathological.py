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
import random
import resource
import string
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
    return _whole_characters(text.encode()[:size]) + b"\n"


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
        chunks.append(_whole_characters(body[:room]).ljust(room, b"x") + tail)
    return b"".join(chunks) + b"\n"


def _many_names(size: int) -> bytes:
    rng = random.Random(16)
    lines = []
    total = 0
    while total < size:
        line = " ".join(rng.choice(string.ascii_uppercase) + "".join(rng.choices("aeioulnrstkm", k=rng.randint(4, 9)))
                        for _ in range(300)) + ".\n"
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()


def _long_lines(size: int) -> bytes:
    line = (" ".join(WORDS) + ". ") * (130_000 // 62)
    return _whole_characters(((line.rstrip() + "\n").encode() * max(1, size // len(line)))[:size]) + b"\n"


def _whole_characters(data: bytes) -> bytes:
    """`data` without a character cut in two at its end: the shapes are valid UTF-8."""
    return data.decode("utf-8", "ignore").encode()


SHAPES: dict[str, Callable[[int], bytes]] = {
    "one-line": _one_line, "combining": _combining, "tiny-lines": _tiny_lines, "boundaries": _boundaries,
    "many-names": _many_names, "long-lines": _long_lines,
}


def run(shape: str, size_mb: float, limit: float) -> tuple[str, float, float | None, str]:
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
        return shape, seconds, peak / 1024 if peak > before else None, outcome


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=50.0, help="megabytes per shape (default 50)")
    parser.add_argument("--shapes", type=comma_list, default=list(SHAPES), help="shapes (default: all)")
    parser.add_argument("--limit", type=float, default=600.0, help="seconds before a run is stopped")
    parser.add_argument("--max-mib", type=float, default=500.0, help="peak RSS bound (default 500 MiB)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time bound (default 60 s)")
    args = parser.parse_args(argv)
    rows = []
    exceeded = []
    for shape in args.shapes:
        name, seconds, peak, outcome = run(shape, args.size, args.limit)
        within = seconds <= args.max_seconds and (peak is None or peak <= args.max_mib) and outcome == "report"
        if not within:
            exceeded.append(name)
        rows.append((name, f"{seconds:.1f}", f"{peak:.0f}" if peak is not None else "<= earlier peak", outcome,
                     "yes" if within else "NO"))
    print(f"{args.size:g} MB per shape, every default check, one process; bounds {args.max_mib:g} MiB and "
          f"{args.max_seconds:g} s (peak RSS is the largest child so far: run one shape at a time for exact figures)\n")
    print(render_table(["shape", "seconds", "peak RSS MiB", "outcome", "within bounds"], rows))
    if exceeded:
        print(f"\nover a bound: {', '.join(exceeded)}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
