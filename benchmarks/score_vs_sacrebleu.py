"""`tqcheck score` next to the sacrebleu CLI on the same WMT23 files: wall time and identical numbers.

    python benchmarks/score_vs_sacrebleu.py [--pairs de-en,en-zh] [--system ONLINE-B] [--metrics bleu,chrf,ter]

Both tools run as installed console commands, one subprocess per pair and metric set, best of
`--rounds`. tqcheck computes the same corpus scores plus every segment's score (from the same
sufficient statistics), so the ratio shows what the extra per-segment output and tqcheck's
start-up cost. The scores themselves must be equal to sacrebleu's to the printed precision.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence

from _shared import heading, precompile_tqcheck, render_table, wmt_pair

SACREBLEU_NAMES = {"bleu": "BLEU", "chrf": "chrF2", "ter": "TER"}
TQCHECK_NAMES = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}


def timed(command: list[str], rounds: int) -> tuple[float, str]:
    best = float("inf")
    output = ""
    for _ in range(rounds):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        best = min(best, time.perf_counter() - start)
        output = done.stdout
    return best, output


def main(argv: Sequence[str] | None = None) -> int:
    precompile_tqcheck()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", default="de-en,en-zh,ru-en")
    parser.add_argument("--system", default="ONLINE-B")
    parser.add_argument("--metrics", default="bleu,chrf,ter")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    metrics = args.metrics.split(",")
    rows = []
    for name in args.pairs.split(","):
        pair = wmt_pair(name)
        hyp = pair.directory / f"{args.system}.{pair.tgt}"
        ref = pair.directory / f"reference.{pair.tgt}"
        theirs_s, theirs_out = timed([sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", *metrics,
                                      "-l", f"{pair.src}-{pair.tgt}", "-w", "4", "-f", "json"], args.rounds)
        ours_s, ours_out = timed(["tqcheck", "score", str(hyp), "-r", str(ref), "--src-lang", pair.src,
                                  "--tgt-lang", pair.tgt, "-m", ",".join(metrics), "-f", "json", "-o", "-"],
                                 args.rounds)
        theirs = {row["name"]: row["score"] for row in json.loads(theirs_out)}
        ours = {row["metric"]: row["value"] for row in json.loads(ours_out)["corpus"]}
        equal = all(round(ours[TQCHECK_NAMES[m]], 4) == theirs[SACREBLEU_NAMES[m]] for m in metrics)
        rows.append((name, sum(1 for _ in hyp.open(encoding="utf-8")), f"{theirs_s:.2f}", f"{ours_s:.2f}",
                     f"{ours_s / theirs_s:.2f}x", "yes" if equal else "NO"))
    heading(f"tqcheck score vs sacrebleu CLI ({', '.join(metrics)}; {args.system}; best of {args.rounds})")
    print(render_table(("pair", "segments", "sacrebleu s", "tqcheck s", "ratio", "identical"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
