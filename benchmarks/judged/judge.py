"""The judged sample: findings read and labelled by hand, and the precision they give per check and severity.

Why
    Severity is a promise (README, "What the severities promise"): an error is right at least 9 times
    in 10, a warning 7 in 10. Flag rates and MQM overlap only hint at that; a finding someone has
    read says it. This script keeps a fixed sample of what tqcheck reports on real MT, the labels
    given to it (`labels.jsonl`, kept in the repository) and the precision they add up to.

What it samples
    Every default check runs, as `tqcheck check` would (restatements removed, severities as
    reported), over every WMT23 system output in `../shared/corpora/wmt23` (with its source and
    reference; documents from documents.tsv where a pair has them) and over every system in the
    MQM TED sets (with the source; each talk a document). The human references are checked too, as
    if they were MT, for the flag rates; they are not sampled.

    Findings are grouped into strata by (check, severity). Within a stratum each finding's rank is a
    hash of the seed and the finding's key (corpus, system, segment, check, field, span, suggestion),
    and the first `k` by rank are the sample, k = min(n, 10 + round(2 log10 n)). The rank of a finding
    does not depend on the others, so after a code change the sample keeps every finding that is
    still reported, drops the ones that are gone, and takes in only new findings that rank high
    enough: those, and only those, need labels (`pending`).

Labels (`labels.jsonl`, one object per line)
    key, code, label (`real`, `arguable` or `noise`), reason (one line), and the flagged text for
    whoever reads the file. real: an editor would change the text here, for the reason the finding
    gives. arguable: a defensible edit, or a real problem the message misdescribes. noise: nothing
    to fix. Precision counts only `real` as right.

How to run (repository root, venv active, needs ../shared)
    python benchmarks/judged/judge.py collect      # run the checks, write .tqcheck-cache/judged/findings.jsonl
    python benchmarks/judged/judge.py pending      # sampled findings without a label -> pending.jsonl
    python benchmarks/judged/judge.py report       # precision per check and per severity (add --markdown)

    `collect` takes a few minutes on 2 cores; `pending` and `report` reuse its output.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from _shared import (  # noqa: E402
    REFERENCE,
    REPO_ROOT,
    available_wmt_pairs,
    capture_output,
    read_wmt,
    render_table,
    require_shared,
    wmt_pair,
)
from precision import MQM_FILES, as_batches, read_mqm  # noqa: E402

from tqcheck.config import Settings  # noqa: E402
from tqcheck.model import Issue, Segment  # noqa: E402
from tqcheck.run.runner import Checker  # noqa: E402

SEED = "tqcheck-judged-1"
LABELS = HERE / "labels.jsonl"
REFERENCE_LABELS = HERE / "reference_labels.jsonl"  # warnings/errors on human references, read the same way
PENDING = HERE / "pending.jsonl"
FINDINGS = REPO_ROOT / ".tqcheck-cache" / "judged" / "findings.jsonl.gz"
LABEL_VALUES = ("real", "arguable", "noise")
TARGETS = {"error": 0.9, "warning": 0.7}
CONTEXT = 1500  # half the characters of each text kept for the labeller (texts are cut beyond twice this)


# ----------------------------------------------------------------------------- collecting findings

def finding_key(corpus: str, system: str, issue: Issue) -> str:
    """What identifies a finding across code changes: where it is and what it suggests, not its wording."""
    parts = (corpus, system, issue.segment_id, issue.code, issue.span.field, str(issue.span.start),
             str(issue.span.end), issue.suggestion or "")
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def rank(key: str) -> str:
    return hashlib.sha1(f"{SEED}:{key}".encode()).hexdigest()


def clip(text: str | None) -> str | None:
    if text is None or len(text) <= 2 * CONTEXT:
        return text
    return text[:2 * CONTEXT] + "…"


def records(corpus: str, system: str, segments: Sequence[Segment], sampled: bool) -> Iterator[dict[str, object]]:
    """One JSON-ready record per issue the default checks report on `segments` (one run, one batch)."""
    by_id = {segment.id: segment for segment in segments}
    with capture_output():
        results = list(Checker(Settings()).run(segments))
    for result in results:
        for issue in result.issues:
            segment = by_id[issue.segment_id]
            text = segment.text(issue.span.field) or ""
            yield {
                "key": finding_key(corpus, system, issue), "corpus": corpus, "system": system,
                "sampled": sampled, "segment": issue.segment_id, "line": issue.line, "code": issue.code,
                "severity": issue.severity.label, "message": issue.message, "suggestion": issue.suggestion,
                "field": issue.span.field, "start": issue.span.start, "end": issue.span.end,
                "flagged": text[issue.span.start:issue.span.end],
                "source": clip(segment.source), "target": clip(segment.target),
                "reference": clip(segment.reference),
            }
    yield {"corpus": corpus, "system": system, "sampled": sampled, "segments": len(segments)}


def wmt_task(pair_name: str, system: str) -> list[dict[str, object]]:
    pair = wmt_pair(pair_name)
    segments = read_wmt(pair, system)
    if system != REFERENCE:
        references = pair.output(REFERENCE).read_text(encoding="utf-8").splitlines()
        segments = [replace(segment, reference=references[segment.line - 1] if segment.line else None)
                    for segment in segments]
    return list(records(f"wmt23/{pair_name}", system, segments, sampled=system != REFERENCE))


def mqm_task(name: str) -> list[dict[str, object]]:
    filename, src, tgt = MQM_FILES[name]
    mqm, _, _ = read_mqm(require_shared(f"corpora/mqm-ted/{filename}"), None)
    out: list[dict[str, object]] = []
    for batch in as_batches(mqm, src, tgt):
        system = batch[0].doc_id.split("/")[0] if batch and batch[0].doc_id else "?"
        out.extend(records(f"mqm-ted/{name}", system, batch, sampled=True))
    return out


def collect(jobs: int) -> None:
    tasks: list[tuple[object, ...]] = [(wmt_task, pair, system) for pair in available_wmt_pairs()
                                       for system in [*wmt_pair(pair).systems(), REFERENCE]]
    tasks += [(mqm_task, name) for name in MQM_FILES]
    FINDINGS.parent.mkdir(parents=True, exist_ok=True)
    partial = FINDINGS.with_suffix(".partial")
    with ProcessPoolExecutor(jobs) as pool, gzip.open(partial, "wt", encoding="utf-8") as out:
        futures = [pool.submit(task[0], *task[1:]) for task in tasks]  # type: ignore[operator]
        for number, future in enumerate(futures, 1):
            for record in future.result():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            print(f"\r{number}/{len(futures)} files", end="", file=sys.stderr, flush=True)
    partial.replace(FINDINGS)
    print(f"\nwrote {FINDINGS.relative_to(REPO_ROOT)}", file=sys.stderr)


# ----------------------------------------------------------------------------- sampling and labels

def load_findings() -> tuple[list[dict[str, object]], Counter[str], Counter[str]]:
    """Findings, and segment counts of MT and of references (by "mt"/"ref" and by corpus)."""
    if not FINDINGS.is_file():
        sys.exit(f"error: {FINDINGS.relative_to(REPO_ROOT)} not found: run `judge.py collect` first")
    findings: list[dict[str, object]] = []
    segments: Counter[str] = Counter()
    with gzip.open(FINDINGS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if "segments" in record:
                segments["mt" if record["sampled"] else "ref"] += int(record["segments"])
                segments[f"{record['corpus']}|{'mt' if record['sampled'] else 'ref'}"] += int(record["segments"])
            else:
                findings.append(record)
    return findings, segments, Counter()


def stratum_size(population: int) -> int:
    """10 findings per stratum, a few more for large ones (16 for 1,000 findings, 18 for 10,000)."""
    return min(population, 10 + round(2 * math.log10(max(population, 1))))


def sample(findings: Iterable[dict[str, object]]) -> dict[tuple[str, str], list[dict[str, object]]]:
    """Per (code, severity), the population of MT findings ordered by rank; the first `stratum_size` are sampled."""
    strata: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for record in findings:
        if record["sampled"]:
            strata[(str(record["code"]), str(record["severity"]))].append(record)
    for members in strata.values():
        members.sort(key=lambda record: rank(str(record["key"])))
    return dict(sorted(strata.items()))


def load_labels(path: Path = LABELS) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    if path.is_file():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("label") not in LABEL_VALUES:
                sys.exit(f"error: {path.name}:{number}: label must be one of {', '.join(LABEL_VALUES)}")
            labels[record["key"]] = record
    return labels


def pending(args: argparse.Namespace) -> None:
    findings, _, _ = load_findings()
    labels = load_labels()
    todo = [record for members in sample(findings).values() for record in members[:stratum_size(len(members))]
            if record["key"] not in labels]
    fields = ("key", "corpus", "system", "line", "code", "severity", "message", "suggestion", "field", "start",
              "end", "flagged", "source", "target", "reference")
    with PENDING.open("w", encoding="utf-8") as out:
        for record in todo:
            out.write(json.dumps({name: record.get(name) for name in fields}, ensure_ascii=False) + "\n")
    print(f"{len(todo)} sampled findings need a label: {PENDING.relative_to(REPO_ROOT)}")


# ----------------------------------------------------------------------------- the precision report

def report(args: argparse.Namespace) -> None:
    findings, segments, _ = load_findings()
    labels = load_labels()
    strata = sample(findings)
    ref_flags: Counter[tuple[str, str]] = Counter()
    for record in findings:
        if not record["sampled"] and str(record["corpus"]).startswith("wmt23/"):
            ref_flags[(str(record["code"]), str(record["severity"]))] += 1
    wmt_mt = sum(count for name, count in segments.items() if name.startswith("wmt23/") and name.endswith("|mt"))
    wmt_ref = sum(count for name, count in segments.items() if name.startswith("wmt23/") and name.endswith("|ref"))

    rows = []
    by_severity: dict[str, list[tuple[int, Counter[str]]]] = defaultdict(list)
    unlabelled = 0
    for (code, severity), members in strata.items():
        picked = members[:stratum_size(len(members))]
        tally = Counter(labels[str(record["key"])]["label"] for record in picked if record["key"] in labels)
        unlabelled += len(picked) - sum(tally.values())
        judged = sum(tally.values())
        wmt_flags = sum(1 for record in members if str(record["corpus"]).startswith("wmt23/"))
        precision = tally["real"] / judged if judged else None
        by_severity[severity].append((len(members), tally))
        rows.append((code, severity, len(members), judged, tally["real"], tally["arguable"], tally["noise"],
                     "-" if precision is None else f"{precision:.2f}",
                     f"{1000 * wmt_flags / wmt_mt:.1f}" if wmt_mt else "-",
                     f"{1000 * ref_flags[(code, severity)] / wmt_ref:.1f}" if wmt_ref else "-"))
    headers = ("code", "severity", "flags", "judged", "real", "arguable", "noise", "precision",
               "MT/1k", "ref/1k")
    summary = []
    for severity in ("error", "warning", "info"):
        groups = by_severity.get(severity, [])
        judged = sum(sum(tally.values()) for _, tally in groups)
        real = sum(tally["real"] for _, tally in groups)
        # Each stratum's precision weighted by how many findings it stands for.
        weight = sum(population for population, tally in groups if sum(tally.values()))
        weighted = (sum(population * tally["real"] / sum(tally.values()) for population, tally in groups
                        if sum(tally.values())) / weight) if weight else None
        target = TARGETS.get(severity)
        ref_rate = sum(count for (_, sev), count in ref_flags.items() if sev == severity)
        summary.append((severity, sum(population for population, _ in groups), judged, real,
                        f"{real / judged:.2f}" if judged else "-",
                        "-" if weighted is None else f"{weighted:.2f}",
                        f">= {target}" if target else "-",
                        f"{1000 * ref_rate / wmt_ref:.1f}" if wmt_ref else "-"))
    summary_headers = ("severity", "flags", "judged", "real", "precision", "weighted", "target", "ref/1k")
    fence = "```" if args.markdown else ""
    print(f"{len(findings):,} findings; {segments['mt']:,} MT segments, {segments['ref']:,} reference segments "
          f"(WMT23 references: {wmt_ref:,}); {unlabelled} sampled findings unlabelled\n")
    print(fence + "\n" + render_table(summary_headers, summary) + "\n" + fence if fence else
          render_table(summary_headers, summary))
    print()
    print(fence + "\n" + render_table(headers, rows, left=2) + "\n" + fence if fence else
          render_table(headers, rows, left=2))
    print_reference_labels(findings, wmt_ref, fence)


def print_reference_labels(findings: Sequence[dict[str, object]], wmt_ref: int, fence: str) -> None:
    """How many of the warnings and errors on human references that were read are real defects of
    the reference (a typo, a lost full stop, a changed number), and the false-alarm rate that leaves."""
    labels = load_labels(REFERENCE_LABELS)
    flagged = [record for record in findings if not record["sampled"] and str(record["corpus"]).startswith("wmt23/")
               and record["severity"] != "info"]
    read = [labels[str(record["key"])]["label"] for record in flagged if record["key"] in labels]
    if not read or not wmt_ref:
        return
    tally = Counter(read)
    false_share = 1 - tally["real"] / len(read)
    rate = 1000 * len(flagged) / wmt_ref
    print(f"\nWMT23 references checked as MT: {len(flagged)} warnings and errors ({rate:.1f} per 1,000 segments); "
          f"{len(read)} of them read: {tally['real']} real defects of the reference, {tally['arguable']} arguable, "
          f"{tally['noise']} noise; false alarms about {rate * false_share:.1f} per 1,000 segments")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("collect", help="run the default checks on ../shared, keep every finding")
    run.add_argument("--jobs", type=int, default=2)
    commands.add_parser("pending", help="write the sampled findings that have no label yet")
    show = commands.add_parser("report", help="precision per check and severity from the labels")
    show.add_argument("--markdown", action="store_true", help="fence the tables for docs/precision.md")
    args = parser.parse_args(argv)
    if args.command == "collect":
        collect(args.jobs)
    elif args.command == "pending":
        pending(args)
    else:
        report(args)


if __name__ == "__main__":
    main()
