"""Time and peak memory of `tqcheck compare` vs `sacrebleu --paired-bs` on 20,000 segments x 2 systems.

Data: the WMT23 X->English pairs in ../shared (de-en, ja-en, ru-en, uk-en; 6,090 lines) concatenated
and repeated up to `--segments` lines, for two systems (GPT4-5shot and NLLB_Greedy), with the
reference and the source. The sources mix four languages, so `--src-lang` is left to detection
(it finds German from the first lines): the issue counts are not meaningful here, only the cost.

Each command runs in its own helper process whose `RUSAGE_CHILDREN` peak RSS is that command's
alone. Rows:
- `tqcheck compare`: scores, paired bootstrap and the checks on both systems (what users run),
- `tqcheck compare --no-checks`: the sacrebleu part alone, as `sacrebleu --paired-bs` does,
- `sacrebleu --paired-bs`: sacrebleu's own CLI on the same files and metrics,
- `tqcheck check` on one system, to show what the checks cost by themselves.
It then says whether tqcheck's scores, p-values and CIs equal sacrebleu's.

    python benchmarks/compare_memory.py                      # 20,000 segments, BLEU and chrF
    python benchmarks/compare_memory.py --segments 2000 --metrics BLEU,chrF,TER

sacrebleu's `--paired-bs -f json` fails on numpy 2 (its bootstrap means are float32, which json
cannot write), so sacrebleu runs through its own `main()` with numpy scalars made serialisable.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from itertools import cycle, islice
from pathlib import Path

from _shared import precompile_tqcheck

REPO_ROOT = Path(__file__).resolve().parents[1]
PAIRS = ("de-en", "ja-en", "ru-en", "uk-en")
SYSTEMS = ("GPT4-5shot", "NLLB_Greedy")
MEASURE = (  # argv: stdout file ('' to discard), then the command
    "import json, resource, subprocess, sys, time\n"
    "sink = open(sys.argv[1], 'w') if sys.argv[1] else subprocess.DEVNULL\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[2:], stdout=sink, stderr=subprocess.PIPE, text=True)\n"
    "print(json.dumps({'rc': done.returncode, 'seconds': time.perf_counter() - start, 'stderr': done.stderr[-2000:],"
    " 'peak_mib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)
SACREBLEU = (
    "import json, sys\nimport numpy\n_default = json.JSONEncoder.default\n"
    "json.JSONEncoder.default = lambda self, o: o.item() if isinstance(o, numpy.generic) else _default(self, o)\n"
    "from sacrebleu.sacrebleu import main\nsys.argv[0] = 'sacrebleu'\nmain()\n"
)
SACRE_NAMES = {"BLEU": "BLEU", "chrF": "chrF2", "TER": "TER"}


def shared_dir() -> Path:
    override = os.environ.get("TQCHECK_SHARED")
    return Path(override).expanduser() if override else REPO_ROOT.parent / "shared"


def build(corpus: Path, out: Path, segments: int) -> dict[str, Path]:
    """`reference`, `source` and one file per system, `segments` lines each, same lines in every file."""
    files = {"reference": "reference.en", **{name: f"{name}.en" for name in SYSTEMS}}
    paths = {}
    for role, name in files.items():
        lines = [line for pair in PAIRS for line in (corpus / pair / name).read_text(encoding="utf-8").splitlines()]
        paths[role] = out / name
        paths[role].write_text("\n".join(islice(cycle(lines), segments)) + "\n", encoding="utf-8")
    sources = [line for pair in PAIRS for line in
               (corpus / pair / f"source.{pair.split('-')[0]}").read_text(encoding="utf-8").splitlines()]
    paths["source"] = out / "source.txt"
    paths["source"].write_text("\n".join(islice(cycle(sources), segments)) + "\n", encoding="utf-8")
    return paths


def measure(command: list[str], stdout: Path | None = None) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(stdout or ""), *command], capture_output=True,
                          text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    if result["rc"] != 0:
        sys.exit(f"error: {' '.join(command)} failed:\n{result['stderr']}")
    return result


def agreement(ours_path: Path, theirs_path: Path) -> str:
    ours = json.loads(ours_path.read_text(encoding="utf-8"))["systems"]
    theirs = json.loads(theirs_path.read_text(encoding="utf-8"))
    problems = []
    for system, expected in zip(ours, theirs):
        for score in system["scores"]:
            reference = expected[SACRE_NAMES[score["metric"]]]
            mean = (score["ci"][0] + score["ci"][1]) / 2
            p = system["vs_baseline"].get(score["metric"], {}).get("p_value")
            same = score["value"] == reference["score"] and p == reference["p_value"]
            if not same or abs(mean - reference["mean"]) > 1e-9:
                problems.append(f"{system['name']} {score['metric']}: {score['value']}, p={p}, mean={mean} vs "
                                f"{reference['score']}, p={reference['p_value']}, mean={reference['mean']}")
    return "identical scores, p-values and bootstrap means" if not problems else "DIFFERENT: " + "; ".join(problems)


def main() -> None:
    precompile_tqcheck()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=20000)
    parser.add_argument("--metrics", default="BLEU,chrF", help="for both tools (TER is slow on 20k segments)")
    parser.add_argument("--skip-check", action="store_true", help="skip the `tqcheck check` row")
    args = parser.parse_args()
    corpus = shared_dir() / "corpora" / "wmt23"
    if not corpus.is_dir():
        print(f"skipped: {corpus} not found (the WMT23 corpora in ../shared; set TQCHECK_SHARED to use another copy)")
        return
    metrics = [name.strip() for name in args.metrics.split(",")]
    if not set(metrics) <= set(SACRE_NAMES):
        sys.exit(f"error: --metrics takes {', '.join(SACRE_NAMES)} (sacrebleu's CLI names them bleu, chrf, ter)")
    with tempfile.TemporaryDirectory(prefix="tqcheck-compare-") as temp:
        out = Path(temp)
        paths = build(corpus, out, args.segments)
        systems = [str(paths[name]) for name in SYSTEMS]
        common = [*systems, "-r", str(paths["reference"]), "--source", str(paths["source"]), "--tgt-lang", "en",
                  "-m", ",".join(metrics), "--paired-bs", "-f", "json"]
        tqcheck = [sys.executable, "-m", "tqcheck", "compare"]
        rows = [("tqcheck compare (with checks)", tqcheck + common + ["-o", str(out / "full.json")]),
                ("tqcheck compare --no-checks", tqcheck + common + ["--no-checks", "-o", str(out / "ours.json")]),
                ("sacrebleu --paired-bs", [sys.executable, "-c", SACREBLEU, str(paths["reference"]), "-i", *systems,
                                           "-m", *(m.lower() for m in metrics), "--paired-bs", "-f",
                                           "json"])]
        if not args.skip_check:
            rows.append(("tqcheck check (1 system)", [sys.executable, "-m", "tqcheck", "check", systems[0], "--source",
                                                      str(paths["source"]), "-r", str(paths["reference"]),
                                                      "--tgt-lang", "en", "-f", "jsonl", "-o", os.devnull,
                                                      "--fail-on", "never"]))
        print(f"{args.segments} segments x {len(SYSTEMS)} systems ({', '.join(SYSTEMS)}; {'+'.join(PAIRS)}), "
              f"metrics {', '.join(metrics)}, 1000 bootstrap resamples")
        print(f"{'command':34} {'seconds':>8} {'peak RSS MiB':>13}")
        for label, command in rows:
            result = measure(command, out / "theirs.json" if label.startswith("sacrebleu") else None)
            print(f"{label:34} {result['seconds']:8.1f} {result['peak_mib']:13.0f}")
        print(f"agreement with sacrebleu: {agreement(out / 'ours.json', out / 'theirs.json')}")


if __name__ == "__main__":
    main()
