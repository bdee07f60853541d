"""Speed and memory of `tqcheck check` next to translate-toolkit's `pofilter`, on the same WMT23 segments.

What it measures
    Both tools check the same (source, machine translation) pairs: the outputs of the
    WMT23 systems for a few language pairs, concatenated per language pair (default:
    de-en, ru-en, en-zh, en-ru, ja-en x 5 systems = 42,060 segments; `--repeat K`
    repeats the data K times). For each language pair the script writes `src.txt` and
    `mt.txt` for tqcheck and `in.po` for pofilter (msgid = source, msgstr = MT,
    msgctxt = the line number, built with translate-toolkit's `translate.storage.po`),
    then runs one process per language pair:

        tqcheck check mt.txt --source src.txt --src-lang X --tgt-lang Y \\
            -f jsonl -o /dev/null --fail-on never
        pofilter --progress=none -i in.po -o out.po      (its default checks;
                                                          --pofilter-language adds --language=Y)

    Each tool's processes run inside a fresh helper process, so the helper's
    `getrusage(RUSAGE_CHILDREN).ru_maxrss` is the peak RSS of that tool alone (the
    largest of its per-pair processes). Before timing, each tool runs once over the first
    200 reference translations of every pair (warm-up: disk cache, compiled files; texts
    the timed run does not contain); then a run on a one-segment file is timed and
    reported as "startup".

    `--inprocess` times tqcheck as a library instead: `tqcheck.readers.read_segments` +
    `tqcheck.api.run_check` with every result consumed, no process start-up, after the
    same warm-up; anything the checks print is captured and counted. Then it times each
    selected check's function alone over all segments (segment-scope checks once per
    segment, document- and batch-scope checks once per document, with the runner's
    `needs` filter) and lists the checks slowest first: the hot spots. The library run and
    the profile each get a fresh process, so caches one fills cannot speed up the other.
    Function time leaves out the runner's own work (grouping, building Issues), so the
    per-check sum is below the library total.

How to run (from the repository root, with the venv active; needs ../shared, and
translate-toolkit for the default mode: pip install -e '.[bench]')
    python benchmarks/checks_vs_pofilter.py                       # CLI vs pofilter
    python benchmarks/checks_vs_pofilter.py --repeat 3 --rounds 3 # bigger, best of 3
    python benchmarks/checks_vs_pofilter.py --inprocess           # library time + per-check profile
    python benchmarks/checks_vs_pofilter.py --pairs de-en --limit 200 --json out.json

How to read the output
    One row per tool: segments, wall seconds over all language pairs (best of `--rounds`),
    segments/s, peak RSS in MiB, and the one-segment start-up time. The speed ratio is
    tqcheck's segments/s over pofilter's: above 1, tqcheck is faster. The tools do
    different work (pofilter runs ~40 software-localisation checks, tqcheck the registered
    checks it lists), so the ratio compares cost, not like-for-like checking. Each pair's
    file holds five systems' translations of the same sources, so checks that compare
    segments across a run (e.g. "same source translated differently") fire on most
    segments: tqcheck builds and writes more issues than for one system's output.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import TypeVar, cast

from _shared import (
    REFERENCE,
    WMT_SYSTEMS,
    StrayOutput,
    WmtPair,
    add_common_options,
    capture_output,
    chosen_checks,
    comma_list,
    describe_checks,
    dump_json,
    heading,
    precompile_tqcheck,
    progress,
    read_wmt,
    render_table,
    wmt_pair,
)

from tqcheck.api import run_check
from tqcheck.checks.context import Context
from tqcheck.config import Settings
from tqcheck.model import CheckInfo, Finding, Segment
from tqcheck.readers import read_segments

DEFAULT_PAIRS = ("de-en", "ru-en", "en-zh", "en-ru", "ja-en")
MIN_SEGMENTS = 20_000
WARMUP_SEGMENTS = 200
T = TypeVar("T")

# Runs the commands given as JSON in argv[1] one after another (in directory argv[2]) and prints,
# as JSON, their summed wall time and the peak RSS over them. It runs as a fresh process per
# tool, so RUSAGE_CHILDREN covers that tool's processes only.
MEASURE = r"""
import json, resource, subprocess, sys, time
commands, cwd = json.loads(sys.argv[1]), sys.argv[2]
seconds, failures = 0.0, []
for command in commands:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    seconds += time.perf_counter() - start
    if done.returncode != 0:
        failures.append({"command": command, "returncode": done.returncode, "stderr": done.stderr[-2000:]})
maxrss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "maxrss_kib": maxrss_kib, "failures": failures}))
"""


@dataclass(frozen=True)
class Corpus:
    """One language pair's segments as files: src.txt + mt.txt for tqcheck, in.po for pofilter."""

    pair: str
    src_lang: str
    tgt_lang: str
    source: Path
    target: Path
    po: Path
    segments: int


@dataclass(frozen=True)
class Measurement:
    tool: str
    segments: int
    seconds: float
    peak_rss_mib: float
    startup_seconds: float

    @property
    def per_second(self) -> float:
        return self.segments / self.seconds if self.seconds else float("inf")


@dataclass(frozen=True)
class CheckProfile:
    code: str
    name: str
    scope: str
    seconds: float
    calls: int
    findings: int
    error: str | None = None


# ----------------------------------------------------------------------------- the segments, as files

def load_segments(pairs: Sequence[WmtPair], systems: Sequence[str], limit: int | None
                  ) -> dict[str, list[Segment]]:
    """Per language pair, the segments of every wanted system, concatenated in system order."""
    return {pair.name: [segment for system in pair.systems(systems)
                        for segment in read_wmt(pair, system, limit)]
            for pair in pairs}


def write_corpus(pair: WmtPair, segments: Sequence[Segment], repeat: int, directory: Path, *,
                 with_po: bool) -> Corpus:
    """Write one language pair's segments, `repeat` times over, as line-aligned text (and PO)."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = [(segment.source or "", segment.target) for _ in range(repeat) for segment in segments]
    corpus = Corpus(pair.name, pair.src, pair.tgt, directory / "src.txt", directory / "mt.txt",
                    directory / "in.po", len(rows))
    corpus.source.write_text("".join(f"{source}\n" for source, _ in rows), encoding="utf-8")
    corpus.target.write_text("".join(f"{target}\n" for _, target in rows), encoding="utf-8")
    if with_po:
        write_po(rows, corpus.po)
    return corpus


def write_po(rows: Sequence[tuple[str, str]], path: Path) -> None:
    """A PO file with msgid = source, msgstr = MT, and the line number as msgctxt (keeps units unique)."""
    from translate.storage import po

    store = po.pofile()
    for number, (source, target) in enumerate(rows, start=1):
        unit = store.UnitClass(source)
        unit.target = target
        unit.setcontext(str(number))
        store.addunit(unit)
    store.savefile(str(path))


# ----------------------------------------------------------------------------- the CLIs, timed

def executable(name: str, hint: str) -> str:
    found = shutil.which(name)
    if found is None:
        sys.exit(f"error: `{name}` is not on PATH; {hint}")
    return found


def tqcheck_command(corpus: Corpus, select: Sequence[str] | None = None, ignore: Sequence[str] = ()
                    ) -> list[str]:
    command = [executable("tqcheck", "activate the venv (. .venv/bin/activate)"), "check", str(corpus.target),
               "--source", str(corpus.source), "--src-lang", corpus.src_lang, "--tgt-lang", corpus.tgt_lang,
               "-f", "jsonl", "-o", "/dev/null", "--fail-on", "never"]
    return (command + (["--select", ",".join(select)] if select else [])
            + (["--ignore", ",".join(ignore)] if ignore else []))


def pofilter_command(corpus: Corpus, language: bool = False) -> list[str]:
    command = [executable("pofilter", "install translate-toolkit (pip install -e '.[bench]')"),
               "--progress=none", "-i", str(corpus.po), "-o", str(corpus.po.with_name("out.po"))]
    return command + ([f"--language={corpus.tgt_lang}"] if language else [])


def measure(commands: Sequence[list[str]], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of running `commands` in sequence under a fresh helper process."""
    done = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(list(commands)), str(cwd)],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    for failure in result["failures"]:
        command = " ".join(failure["command"])
        sys.exit(f"error: {command} exited {failure['returncode']}:\n{failure['stderr']}")
    return result["seconds"], result["maxrss_kib"] / 1024


def benchmark_tool(tool: str, command: Callable[[Corpus], list[str]], corpora: Sequence[Corpus],
                   warm: Sequence[Corpus], tiny: Corpus, rounds: int, cwd: Path) -> Measurement:
    """Warm up once, time start-up on the one-segment corpus, then the real corpora (best of rounds)."""
    progress(f"timing {tool} ...")
    measure([command(corpus) for corpus in warm], cwd)
    startup = min(measure([command(tiny)], cwd)[0] for _ in range(rounds))
    runs = [measure([command(corpus) for corpus in corpora], cwd) for _ in range(rounds)]
    return Measurement(tool, sum(corpus.segments for corpus in corpora),
                       seconds=min(seconds for seconds, _ in runs), peak_rss_mib=max(rss for _, rss in runs),
                       startup_seconds=startup)


def count_pofilter_tests() -> int:
    listing = subprocess.run([executable("pofilter", ""), "--listfilters"], capture_output=True, text=True,
                             check=False).stdout
    return sum(1 for line in listing.splitlines() if "\t" in line and not line[:1].isspace())


def compare_cli(corpora: Sequence[Corpus], warm: Sequence[Corpus], tiny: Corpus, args: argparse.Namespace,
                workdir: Path) -> dict[str, object]:
    """Time both tools and print them side by side."""
    checks = chosen_checks(args.select, args.ignore)
    with_language = partial(pofilter_command, language=args.pofilter_language)
    with_checks = partial(tqcheck_command, select=args.select, ignore=args.ignore)
    tqcheck = benchmark_tool("tqcheck", with_checks, corpora, warm, tiny, args.rounds, workdir)
    pofilter = benchmark_tool("pofilter", with_language, corpora, warm, tiny, args.rounds, workdir)
    progress("")
    heading("tqcheck check (CLI) vs pofilter")
    print(f"tqcheck ran {describe_checks(checks)}")
    print(f"pofilter ran its default checks ({count_pofilter_tests()} listed by --listfilters)"
          f"{', with --language' if args.pofilter_language else ''}")
    print(f"best of {args.rounds} round(s); one process per language pair ({len(corpora)} per tool)\n")
    rows = [(m.tool, f"{m.segments:,}", f"{m.seconds:.2f}", f"{m.per_second:,.0f}", f"{m.peak_rss_mib:.1f}",
             f"{m.startup_seconds:.2f}") for m in (tqcheck, pofilter)]
    print(render_table(("tool", "segments", "seconds", "segments/s", "peak RSS MiB", "startup s"), rows))
    ratio = tqcheck.per_second / pofilter.per_second
    print(f"\nspeed ratio tqcheck/pofilter (segments/s): {ratio:.2f} "
          f"(tqcheck is {max(ratio, 1 / ratio):.2f}x {'faster' if ratio >= 1 else 'slower'})")
    return {"checks": [info.code for info in checks], "speed_ratio": ratio,
            **{m.tool: asdict(m) | {"segments_per_second": m.per_second} for m in (tqcheck, pofilter)}}


# ----------------------------------------------------------------------------- the library, timed

def time_library(corpora: Sequence[Corpus], settings: Settings) -> tuple[float, int, int]:
    """(seconds, segments, issues) of tqcheck's streaming library API over every corpus."""
    start = time.perf_counter()
    segments = issues = 0
    for corpus in corpora:
        stream = read_segments(corpus.target, source=corpus.source)
        run = run_check(stream, settings, src_lang=corpus.src_lang, tgt_lang=corpus.tgt_lang)
        for result in run.results:
            issues += len(result.issues)
        segments += run.summary().segments
    return time.perf_counter() - start, segments, issues


Batch = tuple[str, str, list[Segment]]  # (source language, target language, segments)


def documents(segments: Sequence[Segment]) -> Iterator[list[Segment]]:
    """Consecutive segments with the same doc_id, grouped as the runner groups them."""
    for _doc_id, group in groupby(segments, key=lambda segment: segment.doc_id):
        yield list(group)


def profile_check(info: CheckInfo, batches: Sequence[Batch]) -> CheckProfile:
    """Time one check's function alone over every batch, called as the runner calls it.

    Each batch gets a fresh Context (its own run memory), as in a run that selects this check alone.
    """
    calls = findings = 0
    error = None
    start = time.perf_counter()
    try:
        for src_lang, tgt_lang, segments in batches:
            context = Context.for_languages(src_lang, tgt_lang, Settings(), {}).for_check(info.code)
            usable = [segment for segment in segments if all(segment.text(name) for name in info.needs)]
            units: list[Segment] | list[list[Segment]] = (
                usable if info.scope == "segment" else list(documents(usable)))
            for unit in units:
                args: tuple[object, ...] = (unit, context)
                if info.prepare is not None:  # a batch check's per-segment part, as the runner prepares it
                    args += ([info.prepare(segment, context) for segment in cast("list[Segment]", unit)],)
                findings += sum(1 for _ in cast("Iterable[Finding]", info.func(*args)))
            calls += len(units)
    except Exception as exc:  # a bug in one check must not hide the other checks' numbers
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    return CheckProfile(info.code, info.name, info.scope, seconds, calls, findings, error)


def profile_checks(corpora: Sequence[Corpus], warm: Sequence[Corpus], checks: Sequence[CheckInfo]
                   ) -> list[CheckProfile]:
    """Each check's function time over all corpora, slowest first."""
    def batches(files: Sequence[Corpus]) -> list[Batch]:
        return [(corpus.src_lang, corpus.tgt_lang, list(read_segments(corpus.target, source=corpus.source)))
                for corpus in files]

    timed, warm_up = batches(corpora), batches(warm)
    for info in checks:  # compile regexes, load word lists and language models before timing
        profile_check(info, warm_up)
    profiles = []
    for number, info in enumerate(checks, start=1):
        progress(f"profiling {info.code} ({number}/{len(checks)})")
        profiles.append(profile_check(info, timed))
    progress("")
    return sorted(profiles, key=lambda profile: profile.seconds, reverse=True)


@dataclass(frozen=True)
class LibraryRun:
    segments: int
    seconds: float
    issues: int
    peak_rss_mib: float
    stray: StrayOutput


def run_library(corpora: Sequence[Corpus], warm: Sequence[Corpus], select: Sequence[str] | None,
                ignore: Sequence[str]) -> LibraryRun:
    """Warm up, then time the library API (meant for a fresh process: its peak RSS is the run's)."""
    settings = Settings(select=tuple(select) if select else None, ignore=tuple(ignore))
    progress("timing the library ...")
    with capture_output() as capture:
        time_library(warm, settings)  # lazy imports, regex compilation, word lists, language models
        seconds, segments, issues = time_library(corpora, settings)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return LibraryRun(segments, seconds, issues, peak, capture.stray)


def run_profile(corpora: Sequence[Corpus], warm: Sequence[Corpus], select: Sequence[str] | None,
                ignore: Sequence[str]) -> tuple[list[CheckProfile], StrayOutput]:
    with capture_output() as capture:
        profiles = profile_checks(corpora, warm, chosen_checks(select, ignore))
    return profiles, capture.stray


def in_fresh_process(func: Callable[..., T], *args: object) -> T:
    """Run `func` in a new process, so caches one measurement warms cannot speed up the next."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args).result()


def compare_inprocess(corpora: Sequence[Corpus], warm: Sequence[Corpus], args: argparse.Namespace
                      ) -> dict[str, object]:
    """Time the library API, then profile the checks one by one, each in a fresh process."""
    checks = chosen_checks(args.select, args.ignore)
    library = in_fresh_process(run_library, corpora, warm, args.select, args.ignore)
    profiles, stray = in_fresh_process(run_profile, corpora, warm, args.select, args.ignore)
    heading("tqcheck library, in process (read_segments + run_check, every result consumed)")
    print(f"{describe_checks(checks)}; no process start-up; {len(corpora)} language pairs\n")
    print(render_table(("segments", "seconds", "segments/s", "issues", "peak RSS MiB"),
                       [(f"{library.segments:,}", f"{library.seconds:.2f}",
                         f"{library.segments / library.seconds:,.0f}", f"{library.issues:,}",
                         f"{library.peak_rss_mib:.1f}")], left=0))
    total = sum(profile.seconds for profile in profiles) or 1.0
    heading("Per-check function time, slowest first")
    rows = [(p.code, p.name, p.scope, f"{p.seconds:.3f}", f"{100 * p.seconds / total:.1f}",
             f"{1e6 * p.seconds / library.segments:.1f}", f"{p.findings:,}", p.error or "")
            for p in profiles]
    print(render_table(("code", "name", "scope", "seconds", "% of sum", "us/segment", "findings", "crashed"),
                       rows, left=3))
    print(f"\nsum of check functions: {total:.2f} s; library run: {library.seconds:.2f} s "
          f"(the difference: reading, grouping, building Issues)")
    for where, output in (("the library run", library.stray), ("the profile", stray)):
        note = output.note(where)
        if note:
            print(note)
    return {"library": asdict(library), "checks": [asdict(profile) for profile in profiles]}


# ----------------------------------------------------------------------------- main

def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_options(parser, default_pairs=DEFAULT_PAIRS)
    parser.add_argument("--systems", type=comma_list, default=list(WMT_SYSTEMS),
                        help=f"systems whose outputs to check (default: {','.join(WMT_SYSTEMS)})")
    parser.add_argument("--repeat", type=int, default=1, metavar="K",
                        help="repeat the data K times (default 1)")
    parser.add_argument("--rounds", type=int, default=1, help="timed rounds per tool; the best is reported")
    parser.add_argument("--pofilter-language", action="store_true",
                        help="pass --language=<target language> to pofilter")
    parser.add_argument("--inprocess", action="store_true",
                        help="time tqcheck's library (no process start-up) and profile each check; no CLIs")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="write the generated files here and keep them (default: a temporary directory)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.rounds < 1:
        parser.error("--repeat and --rounds must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    precompile_tqcheck()
    args = parse_args(argv)
    pairs = [wmt_pair(name) for name in args.pairs]
    limit = args.limit or None
    with tempfile.TemporaryDirectory(prefix="tqcheck-bench-") as temporary:
        workdir = args.workdir or Path(temporary)
        by_pair = load_segments(pairs, args.systems, limit)
        write = partial(write_corpus, repeat=args.repeat, with_po=not args.inprocess)
        corpora = [write(pair, by_pair[pair.name], directory=workdir / pair.name) for pair in pairs]
        # warm up on reference translations: same languages, texts the timed run does not contain
        warm = [write(pair, read_wmt(pair, REFERENCE, WARMUP_SEGMENTS), directory=workdir / "warm" / pair.name,
                      repeat=1) for pair in pairs]
        tiny = write(pairs[0], by_pair[pairs[0].name][:1], directory=workdir / "tiny", repeat=1)
        total = sum(corpus.segments for corpus in corpora)
        print(f"{total:,} segments: " + ", ".join(f"{c.pair} {c.segments:,}" for c in corpora)
              + f" (systems: {', '.join(args.systems)}; repeat {args.repeat}; limit {limit or 'none'})")
        if total < MIN_SEGMENTS:
            print(f"note: fewer than {MIN_SEGMENTS:,} segments; use --repeat or more pairs "
                  "for stable numbers")
        if args.inprocess:
            results = compare_inprocess(corpora, warm, args)
        else:
            results = compare_cli(corpora, warm, tiny, args, workdir)
    dump_json(args.json, {"segments": total, "repeat": args.repeat, "limit": limit,
                          "pairs": {corpus.pair: corpus.segments for corpus in corpora}, **results})


if __name__ == "__main__":
    main()
