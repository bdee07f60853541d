"""How well does tqcheck's quality score agree with expert MQM judgments? Calibrated on one half, tested on the other.

    python benchmarks/quality_vs_mqm.py [--limit N] [--json OUT]

The source segments of each file are split in two by their number (even: calibration, odd: held
out; every system's translation of a source segment stays in the same half). The
quality score's two choices, the similarity (chrF or chrF++) and `PENALTY_SCALE`, are picked on
the calibration half alone (the grid and its winner are printed); every metric is then reported
on both halves, the held-out numbers being the ones to quote.

Data: ../shared/corpora/mqm-ted/mqm_ted_{ende,zhen}.tsv (expert MQM annotations of WMT21 TED
systems). Each segment's MQM score is minus the sum of its error penalties (major 5, minor 1,
minor Fluency/Punctuation 0.1, Non-translation 25), averaged over the raters who annotated it
(the WMT convention). The `ref` system is the human reference: chrF is computed against it and
it is left out of the ranking.

For each metric the script prints:
- segment-level Kendall tau-b against MQM (all segments of all systems pooled), and
- pairwise system-ranking accuracy: the share of system pairs the metric orders as MQM does
  (system score = mean over its segments).

Metrics: chrF, chrF++ and sentence BLEU (sacrebleu, segment level, vs `ref`), `issues` (minus
tqcheck's issue penalty alone: no reference), and `quality` (tqcheck's combined score,
`tqcheck.metrics.quality`, with its shipped settings).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from _shared import dump_json, heading, render_table, require_shared
from precision import MqmSegment, as_batches, read_mqm

from tqcheck.config import Settings
from tqcheck.metrics.quality import PENALTY_SCALE, SIMILARITY_METRIC, penalty, quality
from tqcheck.run.runner import Checker

PAIRS = {"ende": ("mqm_ted_ende.tsv", "en", "de"), "zhen": ("mqm_ted_zhen.tsv", "zh", "en")}
REFERENCE_SYSTEMS = ("ref",)


def mqm_penalty(category: str, severity: str) -> float:
    if category == "No-error":
        return 0.0
    if category.startswith("Non-translation"):
        return 25.0
    if severity == "Major":
        return 5.0
    return 0.1 if category.startswith("Fluency/Punctuation") else 1.0


def read_severities(path: Path) -> dict[tuple[str, str, str], dict[str, float]]:
    """(system, doc, seg_id) -> rater -> summed penalty (raw rows, since precision.read_mqm keeps no severity)."""
    import csv

    scores: dict[tuple[str, str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["doc"], row["seg_id"])
            scores[key][row["rater"]] += mqm_penalty(row["category"], row["severity"])
    return scores


@dataclass
class Row:
    system: str
    seg_id: str
    mqm: float
    chrf: float
    chrfpp: float
    bleu: float
    issues: float
    quality: float

    def calibrating(self, scale: float, similarity: str) -> float:
        """The quality score with other settings (the calibration grid)."""
        return quality(-self.issues, (self.chrfpp if similarity == "chrF++" else self.chrf,), scale=scale)


SCALES = (1.0, 2.0, 3.0, 4.0, 6.0, 10.0)
SIMILARITIES = ("chrF", "chrF++")


def evaluate_pair(name: str, limit: int | None) -> list[Row]:
    file, src, tgt = PAIRS[name]
    path = require_shared(f"corpora/mqm-ted/{file}")
    segments, _rows, _disagreeing = read_mqm(path, limit)
    severities = read_severities(path)
    reference = {(s.doc, s.seg_id): s.target for s in segments if s.system in REFERENCE_SYSTEMS}
    by_key: dict[str, MqmSegment] = {s.key: s for s in segments}
    from sacrebleu.metrics import BLEU, CHRF

    chrf, chrfpp, bleu = CHRF(), CHRF(word_order=2), BLEU(effective_order=True, trg_lang=tgt)
    rows = []
    for batch in as_batches(segments, src, tgt):
        checker = Checker(Settings(), src_lang=src, tgt_lang=tgt)  # one batch per system
        for doc_id, group in itertools.groupby(batch, key=lambda s: s.doc_id):
            result = checker.check_document(list(group), doc_id)
            issues_by_segment: dict[str, list] = defaultdict(list)
            for issue in result.issues:
                issues_by_segment[issue.segment_id].append(issue)
            for seg in result.segments:
                mqm_seg = by_key[seg.id]
                if mqm_seg.system in REFERENCE_SYSTEMS:
                    continue
                ref = reference.get((mqm_seg.doc, mqm_seg.seg_id))
                if ref is None:
                    continue
                raters = severities[(mqm_seg.system, mqm_seg.doc, mqm_seg.seg_id)]
                mqm = -sum(raters.values()) / len(raters)
                seg_chrf = float(chrf.sentence_score(seg.target, [ref]).score)
                seg_chrfpp = float(chrfpp.sentence_score(seg.target, [ref]).score)
                similarity = seg_chrfpp if SIMILARITY_METRIC == "chrF++" else seg_chrf
                points = penalty(issues_by_segment.get(seg.id, ()))
                rows.append(Row(mqm_seg.system, mqm_seg.seg_id, mqm, seg_chrf, seg_chrfpp,
                                float(bleu.sentence_score(seg.target, [ref]).score), -points,
                                quality(points, (similarity,))))
    return rows


def kendall(rows: Sequence[Row], metric: str) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau([r.mqm for r in rows], [getattr(r, metric) for r in rows]).statistic)


def pairwise_accuracy(rows: Sequence[Row], metric: str) -> tuple[int, int]:
    by_system: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_system[row.system].append(row)
    means = {system: (sum(r.mqm for r in rs) / len(rs), sum(getattr(r, metric) for r in rs) / len(rs))
             for system, rs in by_system.items()}
    agree = total = 0
    for a, b in itertools.combinations(sorted(means), 2):
        human = means[a][0] - means[b][0]
        automatic = means[a][1] - means[b][1]
        if human == 0:
            continue
        total += 1
        agree += (human > 0) == (automatic > 0)
    return agree, total


def halves(rows: Sequence[Row]) -> tuple[list[Row], list[Row]]:
    """(calibration, held out): source segments with an even number, and with an odd one."""
    even = [row for row in rows if int(row.seg_id) % 2 == 0]
    return even, [row for row in rows if int(row.seg_id) % 2 == 1]


def calibrate(pairs: dict[str, list[Row]]) -> tuple[tuple[str, float], list[tuple[str, ...]]]:
    """The similarity and scale with the best mean segment-level tau over the pairs' calibration halves."""
    grid = []
    for similarity in SIMILARITIES:
        for scale in SCALES:
            taus = []
            for rows in pairs.values():
                part = halves(rows)[0]
                taus.append(_tau([r.mqm for r in part], [r.calibrating(scale, similarity) for r in part]))
            grid.append(((similarity, scale), sum(taus) / len(taus)))
    best = max(grid, key=lambda item: item[1])[0]
    table = [(f"{sim}, scale {scale:g}", f"{tau:.4f}", "<- chosen" if (sim, scale) == best else "")
             for (sim, scale), tau in grid]
    return best, table


def _tau(x: Sequence[float], y: Sequence[float]) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau(x, y).statistic)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", default="ende,zhen")
    parser.add_argument("--limit", type=int, default=None, help="segments per file (default: all)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    metrics = ("chrf", "chrfpp", "bleu", "issues", "quality")
    pairs = {name: evaluate_pair(name, args.limit) for name in args.pairs.split(",")}
    best, grid = calibrate(pairs)
    heading("Calibration (mean segment-level Kendall tau over the calibration halves)")
    print(render_table(("setting", "tau", ""), grid))
    shipped = (SIMILARITY_METRIC, PENALTY_SCALE)
    print(f"shipped: {shipped[0]}, scale {shipped[1]:g}" + ("" if shipped == best else "  (differs from the best!)"))
    results: dict[str, dict[str, object]] = {"calibration": {"best": list(best), "shipped": list(shipped)}}
    table = []
    for half_name, index in (("calibration", 0), ("held out", 1)):
        totals = {metric: [0, 0] for metric in metrics}
        for name, rows in pairs.items():
            part = halves(rows)[index]
            results.setdefault(half_name, {})[name] = entry = {}  # type: ignore[index]
            for metric in metrics:
                tau = kendall(part, metric)
                agree, total = pairwise_accuracy(part, metric)
                totals[metric][0] += agree
                totals[metric][1] += total
                entry[metric] = {"kendall_tau": tau, "pairwise_agree": agree, "pairwise_total": total}
                table.append((half_name, name, metric, len(part), f"{tau:.4f}", f"{agree}/{total}"))
        for metric, (agree, total) in totals.items():
            table.append((half_name, "all", metric, "", "", f"{agree}/{total} = {agree / max(total, 1):.3f}"))
    heading("Agreement with expert MQM (segment-level Kendall tau-b; pairwise system-ranking accuracy)")
    print(render_table(("half", "pair", "metric", "segments", "kendall tau", "pairwise accuracy"), table))
    dump_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
