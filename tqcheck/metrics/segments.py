"""Scores attached to `tqcheck check` results: per segment and per document.

With a reference: sentence-level BLEU, chrF and chrF++ (sacrebleu, from its own
statistics), and the same metrics over the whole document. With a back-translation:
`roundtrip_chrF`, chrF of the back-translation against the source. Always: `quality`
(see `tqcheck.metrics.quality`; it needs chrF++, so `REFERENCE_METRICS` always includes it).
sacrebleu is imported only when there is something to score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

from tqcheck.limits import oversized
from tqcheck.metrics.learned import learned_score
from tqcheck.metrics.quality import SIMILARITY_METRIC, penalty, quality
from tqcheck.metrics.roundtrip import roundtrip_chrf
from tqcheck.metrics.sacre import forget_tokenizations
from tqcheck.model import DocumentResult, Segment, Statistics

REFERENCE_METRICS: tuple[str, ...] = ("BLEU", "chrF", "chrF++")


def scored_segments(segments: Sequence[Segment]) -> list[Segment]:
    """The segments scored against their reference: those that have one, within the checked length
    (TQ605 says an oversized segment was checked on its own; its n-grams would cost memory without bound)."""
    return [segment for segment in segments if segment.reference is not None and not oversized(segment)]


class SegmentScorer:
    """Adds `scores` and `doc_scores` to document results; one instance per run."""

    def __init__(self, tgt_lang: str | None, metrics: Sequence[str] = REFERENCE_METRICS) -> None:
        self.tgt_lang = tgt_lang
        self.metric_names = tuple(metrics)
        # Running sums of sacrebleu's sufficient statistics: the corpus score of the whole
        # batch is computed from them at the end without keeping any segment.
        self._totals: dict[str, list[float]] = {}
        self._quality_sum = 0.0
        self._quality_count = 0
        self._learned: dict[str, tuple[float, int]] = {}  # learned metric -> (sum, count) of its scores
        self.unavailable: dict[str, str] = {}  # metric -> why it could not be computed (see `_metrics`)

    def corpus_scores(self) -> dict[str, float]:
        """Batch-level scores: reference metrics from summed statistics, mean quality."""
        scores = {name: float(self._metrics[name][0]._compute_score_from_stats(totals).score)
                  for name, totals in self._totals.items()}
        for name, (total, count) in self._learned.items():
            scores[name] = total / count
        if self._quality_count:
            scores["quality"] = round(self._quality_sum / self._quality_count, 4)
        return scores

    @cached_property
    def _metrics(self) -> dict[str, tuple[Any, Any]]:
        """(corpus metric, sentence metric) per name; sentence BLEU uses effective order.

        A metric whose tokenizer is not installed (BLEU for Japanese without `tqcheck[ja]`) is left
        out, and `unavailable` says why: the checks and the other scores are worth having without it.
        """
        from tqcheck.errors import ConfigError
        from tqcheck.metrics.sacre import build_metric

        metrics = {}
        for name in self.metric_names:
            try:
                metrics[name] = (build_metric(name, self.tgt_lang), build_metric(name, self.tgt_lang, sentence=True))
            except ConfigError as exc:
                self.unavailable[name] = str(exc)
        return metrics

    def statistics(self, segments: Sequence[Segment]) -> Statistics:
        """sacrebleu's sufficient statistics of each segment that has a reference, per metric.

        The costly part of scoring (tokenising, n-gram counting: about 0.75 ms a segment for
        BLEU, chrF and chrF++) and independent of every other segment, so with `--jobs` it runs
        in the worker processes, next to the checks; `score` then only adds up.
        """
        with_reference = scored_segments(segments)
        if not with_reference:
            return {}
        hypotheses = [s.target for s in with_reference]
        references = [[s.reference or "" for s in with_reference]]
        statistics = {name: tuple(tuple(row) for row in corpus._extract_corpus_statistics(hypotheses, references))
                      for name, (corpus, _sentence) in self._metrics.items()}
        for corpus, _sentence in self._metrics.values():
            forget_tokenizations(corpus)
        return statistics

    def score(self, result: DocumentResult) -> DocumentResult:
        scores: dict[str, dict[str, float]] = {segment.id: {} for segment in result.segments}
        with_reference = scored_segments(result.segments)
        doc_scores: dict[str, float] = {}
        if with_reference:
            statistics = result.statistics or self.statistics(result.segments)
            for name, (corpus_metric, sentence_metric) in self._metrics.items():
                stats = [list(row) for row in statistics[name]]
                doc_scores[name] = float(corpus_metric._aggregate_and_compute(stats).score)
                totals = self._totals.setdefault(name, [0.0] * len(stats[0]))
                for row in stats:
                    for index, value in enumerate(row):
                        totals[index] += value
                for segment, row in zip(with_reference, stats):
                    scores[segment.id][name] = float(sentence_metric._compute_score_from_stats(row).score)
        by_segment: dict[str, list[Any]] = {}
        for issue in result.issues:
            by_segment.setdefault(issue.segment_id, []).append(issue)
        for segment in result.segments:
            own = scores[segment.id]
            if segment.source and segment.backtranslation is not None and not oversized(segment):
                own["roundtrip_chrF"] = roundtrip_chrf(segment.source, segment.backtranslation)
            learned = learned_score(segment) if segment.meta else None
            if learned is not None:  # a learned metric's prediction (tqcheck.metrics.learned)
                name, value = learned
                own[name] = value
                total, count = self._learned.get(name, (0.0, 0))
                self._learned[name] = (total + value, count + 1)
            own["quality"] = quality(penalty(by_segment.get(segment.id, ())),
                                     (own.get(SIMILARITY_METRIC), own.get("roundtrip_chrF")))
        qualities = [scores[s.id]["quality"] for s in result.segments]
        self._quality_sum += sum(qualities)
        self._quality_count += len(qualities)
        if qualities:
            doc_scores["quality"] = round(sum(qualities) / len(qualities), 4)
        return replace(result, scores=scores, doc_scores=doc_scores, statistics={})
