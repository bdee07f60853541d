"""Scaling: `tqcheck check` on 10k, 100k and 1M segments; seconds, segments/s and peak memory.

The batch is synthetic but made of real MT: every WMT23 X->English system output in ../shared
(de-en, ja-en, ru-en, uk-en, five systems each; ~30,000 rows) written as one JSONL batch
with per-row `src_lang`, documents from `documents.tsv` where the pair has one (else runs of
20 lines), and cycled to the size asked for (each pass over the data gets new document ids).
Every size therefore has the same mix of texts and issues per segment, so time should grow
linearly and memory not at all.

Each size runs as

    tqcheck check batch.jsonl --tgt-lang en -f jsonl -o out.jsonl --fail-on never --jobs J

inside a helper process. Reported: wall seconds, segments/s, the peak RSS of the largest
tqcheck process (`RUSAGE_CHILDREN`, what `/usr/bin/time` calls maximum resident set size)
and, with psutil installed, the peak of the driver's and workers' proportional set size
(PSS, sampled every 0.1 s): memory shared by the forked workers counted once, so this is
what the machine must have free. (Summing RSS would count the shared language model and
dictionaries once per worker.)

    python benchmarks/scaling.py                       # 10k, 100k, 1M; --jobs 1 and all cores
    python benchmarks/scaling.py --sizes 10000,100000 --jobs 2
    python benchmarks/scaling.py --select TQ1,TQ2,TQ7 --sizes 100000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from _shared import heading, precompile_tqcheck, render_table, shared_dir

PAIRS = ("de-en", "ja-en", "ru-en", "uk-en")
SYSTEMS = ("ONLINE-B", "NLLB_Greedy", "GPT4-5shot", "ZengHuiMT", "Lan-BridgeMT")
MEASURE = (  # run argv[1:], report wall time and the largest descendant's peak RSS
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "print(json.dumps({'rc': done.returncode, 'seconds': time.perf_counter() - start, 'stderr': done.stderr[-2000:],"
    " 'peak_mib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)


def _rows(corpus: Path) -> list[dict[str, str]]:
    rows = []
    for pair in PAIRS:
        src, tgt = pair.split("-")
        folder = corpus / pair
        sources = (folder / f"source.{src}").read_text(encoding="utf-8").splitlines()
        docs_file = folder / "documents.tsv"
        docs = ([line.split("\t")[-1] for line in docs_file.read_text(encoding="utf-8").splitlines()]
                if docs_file.is_file() else [str(index // 20) for index in range(len(sources))])
        for system in SYSTEMS:
            path = folder / f"{system}.{tgt}"
            if not path.is_file():
                continue
            for source, target, doc in zip(sources, path.read_text(encoding="utf-8").splitlines(), docs):
                rows.append({"doc": f"{pair}/{system}/{doc}", "src_lang": src, "source": source, "target": target})
    return rows


def _batch(rows: list[dict[str, str]], size: int) -> Iterator[str]:
    for index in range(size):
        row = rows[index % len(rows)]
        record = {"doc_id": f"{row['doc']}#{index // len(rows)}", "src_lang": row["src_lang"],
                  "source": row["source"], "target": row["target"]}
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _tree_pss_mib(pid: int) -> float:
    """Proportional set size of the helper's tqcheck processes: pages shared by the forked workers
    (language model, dictionaries, word lists) count once in all, not once per process as RSS does."""
    import psutil

    try:
        processes = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_full_info().pss
        except (psutil.Error, AttributeError):
            pass
    return total / 2**20


def measure(command: list[str]) -> dict[str, float]:
    """Run `command` under the helper; sample the whole tree's RSS while it runs (with psutil)."""
    helper = subprocess.Popen([sys.executable, "-c", MEASURE, *command], stdout=subprocess.PIPE, text=True)
    peak_total = 0.0
    try:
        import psutil  # noqa: F401

        while helper.poll() is None:
            peak_total = max(peak_total, _tree_pss_mib(helper.pid))
            time.sleep(0.1)
    except ImportError:
        peak_total = float("nan")
    out, _ = helper.communicate()
    result = json.loads(out)
    if result["rc"] not in (0, 1):
        sys.exit(f"error: {' '.join(command)} failed:\n{result['stderr']}")
    result["peak_total_mib"] = peak_total
    return result


def main() -> int:
    precompile_tqcheck()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated segment counts")
    parser.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="comma-separated --jobs values")
    parser.add_argument("--select", default=None, help="passed to tqcheck check --select")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the batches here (default: a temp dir)")
    args = parser.parse_args()
    corpus = shared_dir() / "corpora" / "wmt23"
    rows = _rows(corpus)
    sizes = [int(size) for size in args.sizes.split(",")]
    jobs = sorted({int(value) for value in args.jobs.split(",")})
    table = []
    with tempfile.TemporaryDirectory(prefix="tqcheck-scaling-") as temp:
        workdir = args.workdir or Path(temp)
        workdir.mkdir(parents=True, exist_ok=True)
        # One untimed run first: builds the word-frequency cache and warms the disk cache.
        warm = workdir / "warm.jsonl"
        warm.write_text("".join(_batch(rows, 2000)), encoding="utf-8")
        measure(["tqcheck", "check", str(warm), "--tgt-lang", "en", "-f", "jsonl", "-o", str(workdir / "warm.out"),
                 "--fail-on", "never", "--jobs", "1"])
        for size in sizes:
            batch = workdir / f"batch-{size}.jsonl"
            with batch.open("w", encoding="utf-8") as stream:
                stream.writelines(_batch(rows, size))
            for job in jobs:
                command = ["tqcheck", "check", str(batch), "--tgt-lang", "en", "-f", "jsonl",
                           "-o", str(workdir / "out.jsonl"), "--fail-on", "never", "--jobs", str(job)]
                if args.select:
                    command += ["--select", args.select]
                result = measure(command)
                table.append((f"{size:,}", job, f"{result['seconds']:.1f}", f"{size / result['seconds']:,.0f}",
                              f"{result['peak_mib']:.0f}", f"{result['peak_total_mib']:.0f}"))
                print(f"  {size:,} segments, --jobs {job}: {result['seconds']:.1f} s", file=sys.stderr)
            batch.unlink()
    heading(f"tqcheck check scaling ({len(rows):,} distinct WMT23 rows, cycled; "
            f"checks: {args.select or 'all default'}; {os.cpu_count()} CPUs)")
    print(render_table(("segments", "jobs", "seconds", "segments/s", "peak RSS MiB (largest process)",
                        "peak PSS MiB (all processes)"), table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
