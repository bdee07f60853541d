"""`--engine ray` on 100k and 1M segments, beside `--engine local --jobs 2`, on one local Ray instance.

The batch is `scaling.py`'s (every WMT23 X->English output in ../shared, cycled), written as Parquet.
Printed per size and engine: wall seconds, segments/s, the driver's peak RSS and CPU seconds, and the
object store's peak use (sampled every 0.5 s from Ray's GCS) and bytes spilled. First the fixed cost:
a 30-row file through `--engine ray` (which starts its own local instance) against `--engine local`.

    python benchmarks/ray_scaling.py                           # 100k and 1M; exact and --output-dir
    python benchmarks/ray_scaling.py --sizes 100000 --modes exact

Modes: `exact` (`--engine ray -f jsonl -o FILE`: the batch-scope checks on the driver, results
identical to the local engine's) and `distributed` (`--engine ray --output-dir DIR`: written by Ray
Data's writers, the summary from aggregations). The Ray runs join a head started here with
`ray start --head --num-cpus 2`, so the object store can be watched from outside the run.

Then a simulated scaling table: the per-stage costs measured on 1M segments (the driver's planning
pass and CPU per segment, the cluster's CPU per segment) extrapolated to clusters of 16-core nodes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _shared import heading, precompile_tqcheck, render_table, shared_dir
from scaling import _batch, _rows

MEASURE = (  # run argv[1:], report wall time, the driver's peak RSS and CPU seconds
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'rc': done.returncode, 'seconds': time.perf_counter() - start, 'stderr': done.stderr[-3000:],"
    " 'peak_mib': usage.ru_maxrss / 1024, 'cpu': usage.ru_utime + usage.ru_stime}))\n"
)


def write_parquet(rows: list[dict[str, str]], size: int, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    chunk: list[dict[str, str]] = []
    for line in _batch(rows, size):
        chunk.append(json.loads(line))
        if len(chunk) == 50_000:
            table = pa.Table.from_pylist(chunk)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table, row_group_size=10_000)
            chunk = []
    if chunk:
        table = pa.Table.from_pylist(chunk)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=10_000)
    if writer is not None:
        writer.close()


class StoreWatcher(threading.Thread):
    """Samples the object store's bytes in use (and spilled) from Ray's GCS while a run goes on."""

    def __init__(self, address: str) -> None:
        super().__init__(daemon=True)
        self.address = address
        self.peak = 0
        self.spilled = 0
        self.running = True

    def run(self) -> None:
        from ray._private.internal_api import get_memory_info_reply, get_state_from_address

        state = get_state_from_address(self.address)
        while self.running:
            try:
                stats = get_memory_info_reply(state).store_stats
                self.peak = max(self.peak, stats.object_store_bytes_used)
                self.spilled = max(self.spilled, stats.spilled_bytes_total)
            except Exception:  # the GCS busy or going away: try again
                pass
            time.sleep(0.5)


def measure(command: list[str], address: str | None = None) -> dict[str, float]:
    watcher = StoreWatcher(address) if address else None
    if watcher:
        watcher.start()
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], stdout=subprocess.PIPE, text=True, check=True)
    result = json.loads(done.stdout)
    if watcher:
        watcher.running = False
        watcher.join(2)
        result["store_mib"] = watcher.peak / 2**20
        result["spilled_mib"] = watcher.spilled / 2**20
    if result["rc"] not in (0, 1):
        sys.exit(f"error: {' '.join(command)} failed:\n{result['stderr']}")
    return result


def start_head(cpus: int) -> str:
    """`ray start --head` with `cpus` CPUs; the GCS address."""
    subprocess.run(["ray", "stop", "--force"], capture_output=True)
    done = subprocess.run(["ray", "start", "--head", f"--num-cpus={cpus}", "--include-dashboard=false",
                           "--disable-usage-stats"], capture_output=True, text=True, check=True)
    for line in done.stdout.splitlines():
        if "ray start --address=" in line:
            return line.split("--address=")[1].strip().strip("'\"")
    return "auto"


def main() -> int:
    precompile_tqcheck()
    # A local benchmark: the store is watched from this process, which holds no cluster token.
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--modes", default="exact,distributed")
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    rows = _rows(shared_dir() / "corpora" / "wmt23")
    modes = args.modes.split(",")
    table: list[tuple[object, ...]] = []
    costs: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="tqcheck-ray-scaling-") as temp:
        work = args.workdir or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        small = work / "small.parquet"
        write_parquet(rows, 30, small)
        base = ["--tgt-lang", "en", "--fail-on", "never", "-f", "jsonl", "-o", str(work / "out.jsonl")]
        measure(["tqcheck", "check", str(small), *base])  # warm caches
        local_small = measure(["tqcheck", "check", str(small), *base, "--jobs", str(args.cpus)])
        ray_small = measure(["tqcheck", "check", str(small), *base, "--engine", "ray", "--jobs", str(args.cpus)])
        overhead = ray_small["seconds"] - local_small["seconds"]
        heading("fixed cost (30 rows)")
        print(f"--engine local: {local_small['seconds']:.1f} s; --engine ray (starts its own instance): "
              f"{ray_small['seconds']:.1f} s; overhead {overhead:.1f} s")
        address = start_head(args.cpus)
        try:
            for size in (int(value) for value in args.sizes.split(",")):
                batch = work / f"batch-{size}.parquet"
                write_parquet(rows, size, batch)
                started = time.perf_counter()
                from tqcheck.run.engines.ray_plan import plan

                chunks, _header = plan(str(batch), "parquet")
                costs["plan_per_segment"] = (time.perf_counter() - started) / size
                print(f"  {size:,}: plan {time.perf_counter() - started:.1f} s, {len(chunks):,} chunks",
                      file=sys.stderr)
                local = measure(["tqcheck", "check", str(batch), *base, "--jobs", str(args.cpus)])
                table.append((f"{size:,}", f"local --jobs {args.cpus}", f"{local['seconds']:.0f}",
                              f"{size / local['seconds']:,.0f}", f"{local['peak_mib']:.0f}", "", "", "1.00"))
                for mode in modes:
                    extra = (["--output-dir", str(work / f"out-{size}"), "-f", "json", "-o", str(work / "s.json")]
                             if mode == "distributed" else [])
                    command = ["tqcheck", "check", str(batch), *base, "--engine", "ray", "--ray-address", "auto",
                               *extra]
                    result = measure(command, address)
                    table.append((f"{size:,}", f"ray {mode}", f"{result['seconds']:.0f}",
                                  f"{size / result['seconds']:,.0f}", f"{result['peak_mib']:.0f}",
                                  f"{result['store_mib']:.0f}", f"{result['spilled_mib']:.0f}",
                                  f"{local['seconds'] / result['seconds']:.2f}"))
                    costs[f"driver_cpu_{mode}"] = max(result["cpu"] - ray_small["cpu"], 0.0) / size
                    costs[f"cluster_{mode}"] = max(result["seconds"] - overhead, 0.0) * args.cpus / size
                    print(f"  {size:,} ray {mode}: {result['seconds']:.0f} s", file=sys.stderr)
                batch.unlink()
        finally:
            subprocess.run(["ray", "stop", "--force"], capture_output=True)
    heading(f"--engine ray vs --engine local ({os.cpu_count()} CPUs, a local Ray instance of {args.cpus})")
    print(render_table(("segments", "engine", "seconds", "segments/s", "driver peak RSS MiB",
                        "object store peak MiB", "spilled MiB", "throughput vs local"), table))
    heading("simulated scaling (16-core nodes; from the per-segment costs of the largest run)")
    rows_out = []
    for nodes in (1, 4, 16, 64):
        cores = 16 * nodes
        line: list[object] = [nodes]
        for mode in modes:
            cluster = costs.get(f"cluster_{mode}", 0.0)
            driver = costs.get(f"driver_cpu_{mode}", 0.0) + costs.get("plan_per_segment", 0.0)
            rate = min(cores / cluster if cluster else float("inf"), 1 / driver if driver else float("inf"))
            line.append(f"{rate:,.0f}")
        rows_out.append(tuple(line))
    print(render_table(("nodes", *(f"{mode} segments/s" for mode in modes)), rows_out))
    print("per segment: " + ", ".join(f"{key} {value * 1e6:.0f} µs" for key, value in sorted(costs.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
