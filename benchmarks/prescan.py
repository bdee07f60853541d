"""The candidate prescan on every WMT23 file in ../shared: identical findings, and what it saves.

For each language pair, the reference and every system output are checked with the source, once
with the prescan (`Checker(prescan=True)`, the default: a segment-scope check is called only where
one of the characters it declares as candidates occurs) and once calling every check on every
segment. The issues must be identical, file by file (the script exits 1 naming the first file
that differs). Each run is a fresh process, so neither inherits the caches the other filled.
Printed: segments, CPU seconds of each run (best of `--rounds`), and the same for the checks that
declare candidates alone, where the saving is not diluted by the others.

    python benchmarks/prescan.py                   # every file, default checks
    python benchmarks/prescan.py --pairs de-en --limit 500 --rounds 3
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _shared import heading, render_table, shared_dir

from tqcheck.checks.registry import all_checks
from tqcheck.config import Settings
from tqcheck.model import Segment
from tqcheck.readers import read_segments
from tqcheck.run.runner import Checker

File = tuple[str, str, str, list[Segment]]  # (pair, file name, source language, segments)


def files(root: Path, pairs: Sequence[str] | None, limit: int | None) -> list[File]:
    found: list[File] = []
    for pair in sorted(path for path in root.iterdir() if path.is_dir()):
        if pairs and pair.name not in pairs:
            continue
        src, tgt = pair.name.split("-")
        source = pair / f"source.{src}"
        for target in sorted(pair.glob(f"*.{tgt}")):
            segments = list(read_segments(target, source=source))[:limit]
            found.append((pair.name, target.name, src, segments))
    return found


def run_all(codes: tuple[str, ...] | None, prescan: bool, pairs: Sequence[str] | None, limit: int | None
            ) -> list[tuple[str, int, str, float]]:
    """In a fresh process (the checks' caches empty): per file, (name, segments, digest of the issues, CPU s)."""
    settings = Settings(select=codes) if codes else Settings()
    out = []
    for pair, name, src, batch in files(shared_dir() / "corpora" / "wmt23", pairs, limit):
        start = time.process_time()
        checker = Checker(settings, src_lang=src, tgt_lang=pair.split("-")[1], prescan=prescan)
        issues = tuple(issue for result in checker.run(iter(batch)) for issue in result.issues)
        seconds = time.process_time() - start
        out.append((f"{pair}/{name}", len(batch), hashlib.sha256(repr(issues).encode()).hexdigest(), seconds))
    return out


def in_fresh_process(*args: object) -> list[tuple[str, int, str, float]]:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(run_all, *args).result()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", default=None, help="comma-separated, e.g. de-en,en-zh (default: all)")
    parser.add_argument("--limit", type=int, default=None, help="segments per file")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    pairs = args.pairs.split(",") if args.pairs else None
    declared = tuple(info.code for info in all_checks() if info.candidates)
    rows = []
    for label, codes in (("default checks", None), ("the checks with candidates", declared)):
        best: dict[bool, list[tuple[str, int, str, float]]] = {}
        for _ in range(args.rounds):
            for prescan in (False, True):
                run = in_fresh_process(codes, prescan, pairs, args.limit)
                if prescan not in best or sum(r[3] for r in run) < sum(r[3] for r in best[prescan]):
                    best[prescan] = run
        for without, with_ in zip(best[False], best[True], strict=True):
            if without[2] != with_[2]:
                print(f"error: {without[0]}: the prescan changed the findings ({label})", file=sys.stderr)
                return 1
        segments = sum(r[1] for r in best[True])
        seconds = {flag: sum(r[3] for r in best[flag]) for flag in (False, True)}
        rows.append((label, f"{len(best[True])}", f"{segments:,}", f"{seconds[False]:.1f}", f"{seconds[True]:.1f}",
                     f"{(seconds[False] - seconds[True]) / segments * 1e6:.1f}"))
    heading("candidate prescan: identical findings on every file; CPU seconds without and with it, "
            "each run in a fresh process")
    print(render_table(("checks", "files", "segments", "without s", "with s", "saved us/segment"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
