"""Compare several MT systems' outputs for the same source: scores, paired tests, issues, ranking.

Everything statistical is sacrebleu's: each system's sufficient statistics come from
`metric._extract_corpus_statistics` (once per system and metric, kept as a numpy array, so
no segment text outlives its system), corpus scores from `_aggregate_and_compute`,
resampled scores from `_compute_score_from_stats`, and p-values and CIs from
`sacrebleu.significance._compute_p_value` and `estimate_ci`.

What differs from calling `sacrebleu.significance.PairedTest` is only *when* the random
indices exist. sacrebleu draws the whole `n_samples x n_segments` index matrix at once and
gathers `stats[idxs]`, an `n_samples x n_segments x n_stats` array: about 1.4 GB for chrF
on 20,000 segments. Here the same generator (`numpy.random.default_rng(SACREBLEU_SEED)`)
is asked for the same numbers one resample at a time (paired bootstrap) or 32 trials at a
time (approximate randomization; numpy packs 32 booleans per draw, so 32-row blocks leave
the stream unchanged), and each block is reduced before the next is drawn. The numbers are
bit-identical to `_paired_bs_test` / `_paired_ar_test` and to `sacrebleu --paired-bs` /
`--paired-ar` (tests/metrics/test_compare.py checks both), in memory proportional to one
system's statistics.

One bootstrap pass serves every pair: sacrebleu's paired bootstrap reseeds the generator
for each system, so all systems are resampled with the same indices; the test statistic
is symmetric, so a p-value between any two systems (needed for clustering) comes from
the same resampled scores. Approximate randomization is run per pair, on demand.

Ranking and clusters: systems are ordered by the primary metric (TER: lower is better;
ties keep input order). Clusters are built top-down the usual way (WMT-style): the best
system opens cluster 1; each next system joins the current cluster unless it is
significantly worse (p < alpha, same paired test, primary metric) than the cluster's best
system, in which case it opens the next cluster. Anchoring on the cluster's best avoids the
chaining of "consecutive systems not significantly different", where A~B and B~C would put
A and C together even when A is significantly better than C.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from tqcheck.config import Settings
from tqcheck.errors import ConfigError, InputError
from tqcheck.limits import first_oversized, oversized_message
from tqcheck.metrics.sacre import DEFAULT_OPTIONS, MetricOptions, build_metric, normalise_metric_names

if TYPE_CHECKING:
    from tqcheck.metrics.learned import LearnedSettings
from tqcheck.model import FAMILIES, DocumentResult, Score, Segment

TestType = Literal["bs", "ar"]
TEST_NAMES: Mapping[str, str] = MappingProxyType({"bs": "paired-bs", "ar": "paired-ar"})
DEFAULT_SAMPLES: Mapping[str, int] = MappingProxyType({"bs": 1000, "ar": 10000})  # sacrebleu's PairedTest defaults
DEFAULT_CONFIDENCE_N = 1000  # sacrebleu's default bootstrap size for CIs alongside approximate randomization
DEFAULT_METRICS: tuple[str, ...] = ("BLEU", "chrF")
DEFAULT_PRIMARY = "chrF"
ALPHA = 0.05
LOWER_IS_BETTER = frozenset({"TER"})
STATS_CHUNK = 500  # segments per statistics call: sacrebleu caches every reference n-gram of a call
AR_BLOCK_ELEMENTS = 1 << 20  # booleans per approximate-randomization block (a multiple of 32 rows)
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class SystemInput:
    """One system's output, line-aligned with the references. `hypotheses` may be read lazily."""

    name: str
    hypotheses: Sequence[str]
    path: str | None = None


@dataclass(frozen=True, slots=True)
class PairedResult:
    """One metric of one system against the baseline: sacrebleu's p-value and the score difference."""

    p_value: float
    test: str  # "paired-bs" or "paired-ar"
    delta: float  # system minus baseline (for TER, negative is better)


@dataclass(frozen=True, slots=True)
class IssueCounts:
    """What `tqcheck check` found in one system, counts only."""

    segments: int
    by_family: Mapping[str, int]
    by_severity: Mapping[str, int]
    by_check: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    @property
    def per_1000(self) -> float:
        return 1000.0 * self.total / self.segments if self.segments else 0.0


@dataclass(frozen=True, slots=True)
class SystemResult:
    """A system's scores (with CIs and signatures), its tests against the baseline, issues and place."""

    name: str
    path: str | None
    scores: tuple[Score, ...]
    vs_baseline: Mapping[str, PairedResult]  # empty for the baseline itself
    issues: IssueCounts | None
    rank: int  # 1-based position by the primary metric
    cluster: int  # 1-based significance cluster
    p_vs_cluster_best: float | None = None  # the test that placed it; None for a cluster's best

    def score(self, metric: str) -> Score:
        for score in self.scores:
            if score.metric == metric:
                return score
        raise KeyError(metric)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of `compare_systems`: systems in input order plus how they were tested."""

    systems: tuple[SystemResult, ...]
    baseline: str
    primary: str
    metrics: tuple[str, ...]
    test: TestType
    n_samples: int
    confidence_n: int | None  # bootstrap size of the CIs (None: no CIs)
    seed: str  # as in sacrebleu's signatures: "12345" or "none"
    alpha: float
    segments: int
    src_lang: str | None
    tgt_lang: str | None
    detected: Mapping[str, str] = field(default_factory=lambda: _EMPTY)

    @property
    def test_name(self) -> str:
        return TEST_NAMES[self.test]

    @property
    def ranking(self) -> tuple[SystemResult, ...]:
        return tuple(sorted(self.systems, key=lambda system: system.rank))

    def system(self, name: str) -> SystemResult:
        for system in self.systems:
            if system.name == name:
                return system
        raise KeyError(name)

    def issue_deltas(self, system: SystemResult) -> dict[str, int]:
        """Issues per family of `system` minus the baseline's (families either has)."""
        base = self.system(self.baseline).issues
        if system.issues is None or base is None:
            return {}
        return {family: system.issues.by_family.get(family, 0) - base.by_family.get(family, 0)
                for family in issue_families(self)}


def issue_families(comparison: Comparison) -> tuple[str, ...]:
    """Families with at least one issue in some system, in the canonical family order."""
    seen = {family for system in comparison.systems if system.issues for family in system.issues.by_family}
    return tuple(family for family in FAMILIES if family in seen) + tuple(sorted(seen - set(FAMILIES)))


def sacrebleu_seed() -> int | None:
    """The seed sacrebleu uses: `SACREBLEU_SEED` (default 12345; `none` for fresh entropy)."""
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    if seed.lower() == "none":
        return None
    try:
        return int(seed)
    except ValueError:
        raise ConfigError(f"SACREBLEU_SEED must be an integer or 'none', not {seed!r}") from None


def compare_systems(
    systems: Iterable[SystemInput],
    references: Sequence[Sequence[str]],
    *,
    sources: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    primary: str = DEFAULT_PRIMARY,
    baseline: str | None = None,
    test: TestType = "bs",
    n_samples: int = 0,
    confidence: bool = False,
    confidence_n: int = DEFAULT_CONFIDENCE_N,
    seed: int | None = 12345,
    alpha: float = ALPHA,
    settings: Settings | None = None,
    run_checks: bool = True,
    on_results: Callable[[str, DocumentResult], None] | None = None,
    jobs: int = 1,
    options: MetricOptions = DEFAULT_OPTIONS,
    learned: LearnedSettings | None = None,
) -> Comparison:
    """Score, test, check and rank systems against the same references (`references[k][i]`: ref k of line i).

    `systems` is consumed one at a time and each system's text is dropped once its
    statistics and issue counts are taken, so a lazy iterable keeps memory flat.
    `n_samples=0` means sacrebleu's default (1000 resamples, 10000 trials). CIs come with
    the paired bootstrap for free; with approximate randomization they need `confidence`.
    `on_results(system_name, document_result)`, when given, sees each system's checked
    documents as they stream past (the HTML page keeps the issues; nothing else does).
    `jobs` > 1 runs each system's checks in that many processes (the same counts).
    """
    if test not in TEST_NAMES:
        raise ConfigError(f"unknown paired test {test!r} (choose from bs, ar)")
    names = normalise_metric_names(metrics or DEFAULT_METRICS)
    adapter = None
    if learned is not None:  # a learned metric joins the sacrebleu ones (`PairedAdapter`): tested the same way
        from tqcheck.metrics.learned import LearnedMetric, PairedAdapter

        adapter = PairedAdapter(LearnedMetric(learned))
        names = (*names, adapter.metric.name)
    canonical = {name.lower(): name for name in names}
    if primary.lower() not in canonical:
        raise ConfigError(f"primary metric {primary!r} is not among the metrics ({', '.join(names)})")
    primary = canonical[primary.lower()]
    n_samples = n_samples if n_samples > 0 else DEFAULT_SAMPLES[test]
    if confidence_n < 2:
        raise ConfigError("the confidence bootstrap needs at least 2 resamples")
    count = _check_companions(references, sources, doc_ids)
    # Without checks the source is unused: don't load a language identifier to name it.
    src, tgt, detected = _languages(references[0], sources if run_checks else None, src_lang, tgt_lang)
    scorers: dict[str, Any] = {name: build_metric(name, tgt, options.validated()) for name in names
                               if adapter is None or name != adapter.metric.name}
    if adapter is not None:
        scorers[adapter.metric.name] = adapter
    lower_is_better = LOWER_IS_BETTER | ({adapter.metric.name} if adapter and not adapter.higher_is_better else set())

    collected: list[_Collected] = []
    for system in systems:
        if any(system.name == other.name for other in collected):
            raise ConfigError(f"two systems are named {system.name!r}; give distinct names")
        if len(system.hypotheses) != count:
            where = f" ({system.path})" if system.path else ""
            raise InputError(f"line counts differ: the references have {count} lines, system "
                             f"{system.name}{where} has {len(system.hypotheses)}")
        _refuse_oversized(system.hypotheses, f"system {system.name}")
        collected.append(_collect(system, scorers, references, sources, doc_ids, src, tgt, settings, run_checks,
                                  on_results, jobs))
        del system  # let a lazily read system's text go before the next one is read
    if len(collected) < 2:
        raise ConfigError(f"compare needs at least 2 systems, got {len(collected)}")
    names_in_order = [system.name for system in collected]
    baseline = names_in_order[0] if baseline is None else baseline
    if baseline not in names_in_order:
        raise ConfigError(f"unknown system {baseline!r} for the baseline (systems: {', '.join(names_in_order)})")
    base = names_in_order.index(baseline)

    tester = _Tester(collected, scorers, test, n_samples, seed, confidence_n if (test == "bs" or confidence) else None)
    order = sorted(range(len(collected)),
                   key=lambda i: (_sort_value(primary, collected[i].scores[primary], lower_is_better), i))
    clusters, placing = _clusters(order, lambda a, b: tester.p_value(primary, a, b), alpha)
    results = []
    for index, entry in enumerate(collected):
        scores = tuple(Score(metric=name, value=entry.scores[name], signature=tester.signature(name),
                             ci=tester.ci(name, index, base)) for name in names)
        vs = {} if index == base else {
            name: PairedResult(p_value=tester.p_value(name, base, index), test=TEST_NAMES[test],
                               delta=entry.scores[name] - collected[base].scores[name]) for name in names}
        results.append(SystemResult(name=entry.name, path=entry.path, scores=scores,
                                    vs_baseline=MappingProxyType(vs), issues=entry.issues,
                                    rank=order.index(index) + 1, cluster=clusters[index],
                                    p_vs_cluster_best=placing.get(index)))
    return Comparison(systems=tuple(results), baseline=baseline, primary=primary, metrics=names, test=test,
                      n_samples=n_samples, confidence_n=tester.confidence_n, seed=str(seed).lower(), alpha=alpha,
                      segments=count, src_lang=src, tgt_lang=tgt, detected=MappingProxyType(detected))


# --- collecting one system -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Collected:
    name: str
    path: str | None
    stats: Mapping[str, np.ndarray]  # per metric: n_segments x n_stats, sacrebleu's own numbers
    scores: Mapping[str, float]  # corpus scores
    issues: IssueCounts | None


def _collect(system: SystemInput, scorers: Mapping[str, Any], references: Sequence[Sequence[str]],
             sources: Sequence[str] | None, doc_ids: Sequence[str] | None, src: str | None, tgt: str | None,
             settings: Settings | None, run_checks: bool,
             on_results: Callable[[str, DocumentResult], None] | None = None, jobs: int = 1) -> _Collected:
    stats, scores = {}, {}
    for name, metric in scorers.items():
        rows = metric.rows(system.hypotheses, sources, references) if hasattr(metric, "rows") else \
            sufficient_statistics(metric, system.hypotheses, references)
        scores[name] = float(metric._aggregate_and_compute(rows).score)
        stats[name] = np.asarray(rows)
    issues = None
    if run_checks:
        sink = None if on_results is None else (lambda result: on_results(system.name, result))
        issues = count_issues(_segments(system, references, sources, doc_ids), settings, src_lang=src, tgt_lang=tgt,
                              on_result=sink, jobs=jobs)
    return _Collected(system.name, system.path, MappingProxyType(stats), MappingProxyType(scores), issues)


def sufficient_statistics(metric: Any, hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[Any]:
    """sacrebleu's per-segment sufficient statistics, extracted `STATS_CHUNK` segments at a time.

    Statistics are per segment, so chunking changes nothing but the size of sacrebleu's
    reference n-gram cache (600 MB for chrF over 18k segments in one call).
    """
    rows: list[Any] = []
    for start in range(0, len(hypotheses), STATS_CHUNK):
        stop = start + STATS_CHUNK
        rows.extend(metric._extract_corpus_statistics(list(hypotheses[start:stop]),
                                                      [list(stream[start:stop]) for stream in references]))
    return rows


def count_issues(segments: Iterable[Segment], settings: Settings | None = None, *, src_lang: str | None = None,
                 tgt_lang: str | None = None,
                 on_result: Callable[[DocumentResult], None] | None = None, jobs: int = 1) -> IssueCounts:
    """Run the checks over a stream of segments, keeping only the counts."""
    from tqcheck.api import run_check

    run = run_check(segments, settings, src_lang=src_lang, tgt_lang=tgt_lang, jobs=jobs)
    for result in run.results:
        if on_result is not None:
            on_result(result)
    summary = run.summary()
    return IssueCounts(segments=summary.segments, by_family=MappingProxyType(dict(summary.by_family)),
                       by_severity=MappingProxyType(dict(summary.by_severity)),
                       by_check=MappingProxyType(dict(summary.by_check)))


def _segments(system: SystemInput, references: Sequence[Sequence[str]], sources: Sequence[str] | None,
              doc_ids: Sequence[str] | None) -> Iterator[Segment]:
    """The system as `tqcheck check` sees line-aligned files: one document per file unless doc ids are given."""
    origin = system.path or system.name
    default_doc = PurePath(system.path).name if system.path else system.name
    for i, target in enumerate(system.hypotheses):
        yield Segment(id=str(i + 1), target=target, source=sources[i] if sources is not None else None,
                      reference=references[0][i], doc_id=doc_ids[i] if doc_ids is not None else default_doc,
                      line=i + 1, origin=origin)


def _check_companions(references: Sequence[Sequence[str]], sources: Sequence[str] | None,
                      doc_ids: Sequence[str] | None) -> int:
    if not references:
        raise ConfigError("compare needs at least one reference")
    count = len(references[0])
    if count == 0:
        raise InputError("empty input: no lines to compare")
    for role, stream in [*((f"reference {k + 1}", ref) for k, ref in enumerate(references)),
                         ("source", sources), ("docs", doc_ids)]:
        if stream is not None and len(stream) != count:
            raise InputError(f"line counts differ: reference 1 has {count} lines, {role} has {len(stream)}")
    for role, stream in ((f"reference {k + 1}", ref) for k, ref in enumerate(references)):
        _refuse_oversized(stream, role)
    return count


def _refuse_oversized(texts: Sequence[str], role: str) -> None:
    """One `error:` line for a line longer than the checks read (see `tqcheck.limits.first_oversized`)."""
    found = first_oversized(texts)
    if found is not None:
        raise InputError(f"{role}, line {found[0] + 1}: {oversized_message(found[1])}")


def _languages(references: Sequence[str], sources: Sequence[str] | None, src_lang: str | None,
               tgt_lang: str | None) -> tuple[str | None, str | None, dict[str, str]]:
    """Validate given languages; detect missing ones from the reference (target) and the source."""
    from tqcheck.api import resolve_languages
    from tqcheck.lang import DETECTION_SAMPLE

    sample = (Segment(id=str(i + 1), target=references[i], source=sources[i] if sources is not None else None)
              for i in range(min(len(references), DETECTION_SAMPLE)))
    _stream, src, tgt, detected = resolve_languages(sample, src_lang, tgt_lang)
    return src, tgt, detected


# --- sacrebleu's paired tests, resample by resample -----------------------------------------

class _Tester:
    """p-values, CIs and signatures for every metric, computed lazily and cached."""

    def __init__(self, systems: Sequence[_Collected], scorers: Mapping[str, Any], test: TestType, n_samples: int,
                 seed: int | None, confidence_n: int | None) -> None:
        self.systems = systems
        self.scorers = scorers
        self.count = len(next(iter(systems[0].stats.values())))
        self.test = test
        self.n_samples = n_samples
        self.seed = seed
        # sacrebleu seeds the tests with `seed or None` and the baseline's CI bootstrap with `seed`.
        self.test_seed = seed if seed else None
        self.confidence_n = n_samples if test == "bs" and confidence_n is not None else confidence_n
        self._p: dict[tuple[str, int, int], float] = {}
        self._resampled: dict[str, list[np.ndarray]] = {}
        self._ci: dict[tuple[str, int], tuple[float, float]] = {}
        self._rng_after_trials: np.random.Generator | None = None

    def signature(self, name: str) -> str:
        """The metric's signature as `PairedTest` extends it: seed, test size, CI bootstrap size."""
        signature = self.scorers[name].get_signature()
        signature.update("seed", str(self.seed).lower())
        signature.update(self.test, self.n_samples)
        if self.test == "ar" and self.confidence_n is not None:
            signature.update("bs", self.confidence_n)
        return str(signature)

    def p_value(self, name: str, a: int, b: int) -> float:
        key = (name, min(a, b), max(a, b))
        if key not in self._p:
            if self.test == "bs":
                self._p[key] = self._bs_p_value(name, a, b)
            else:
                self._p[key] = self._ar_p_value(name, a, b)
        return self._p[key]

    def ci(self, name: str, index: int, baseline: int) -> tuple[float, float] | None:
        """95% CI (mean +/- half-width) from sacrebleu's `estimate_ci` on the resampled scores."""
        if self.confidence_n is None:
            return None
        if (name, index) not in self._ci:
            from sacrebleu.significance import estimate_ci

            if self.test == "bs":
                scores = self._bootstrap(name)[index]
            elif index == baseline:  # PairedTest: the baseline's own `_bootstrap_resample`
                rng = np.random.default_rng(self.seed)
                scores = resampled_scores(self.scorers[name], [self.systems[index].stats[name]],
                                          self.confidence_n, rng)[0]
            else:  # _paired_ar_test: resampled after the trials, by the same generator
                rng = self._after_trials()
                scores = resampled_scores(self.scorers[name], [self.systems[index].stats[name]],
                                          self.confidence_n, rng)[0]
            mean, half = estimate_ci(scores)
            self._ci[(name, index)] = (float(mean) - float(half), float(mean) + float(half))
        return self._ci[(name, index)]

    def _bootstrap(self, name: str) -> list[np.ndarray]:
        if name not in self._resampled:
            stats = [system.stats[name] for system in self.systems]
            rng = np.random.default_rng(self.test_seed)
            self._resampled[name] = resampled_scores(self.scorers[name], stats, self.n_samples, rng)
        return self._resampled[name]

    def _bs_p_value(self, name: str, a: int, b: int) -> float:
        """`_paired_bs_test`: |difference| of resampled scores, centred, against the real |difference|."""
        from sacrebleu.significance import _compute_p_value

        resampled = self._bootstrap(name)
        sample_diffs = np.abs(resampled[b] - resampled[a])
        real = abs(self.systems[a].scores[name] - self.systems[b].scores[name])
        return float(_compute_p_value(sample_diffs - sample_diffs.mean(), real))

    def _ar_p_value(self, name: str, a: int, b: int) -> float:
        """`_paired_ar_test`: swap each segment between the two systems with probability 1/2."""
        from sacrebleu.significance import _compute_p_value

        metric = self.scorers[name]
        stats_a, stats_b = self.systems[a].stats[name], self.systems[b].stats[name]
        real = abs(self.systems[a].scores[name] - self.systems[b].scores[name])
        scores_a: list[Any] = []
        scores_b: list[Any] = []
        for pos_sel in _trial_blocks(np.random.default_rng(self.test_seed), self.n_samples, len(stats_a)):
            neg_sel = ~pos_sel
            shuf_a = pos_sel @ stats_a + neg_sel @ stats_b
            shuf_b = neg_sel @ stats_a + pos_sel @ stats_b
            scores_a.extend(metric._aggregate_and_compute(x).score for x in shuf_a[:, None])
            scores_b.extend(metric._aggregate_and_compute(x).score for x in shuf_b[:, None])
        return float(_compute_p_value(np.abs(np.array(scores_a) - np.array(scores_b)), real))

    def _after_trials(self) -> np.random.Generator:
        """The generator as `_paired_ar_test` leaves it after drawing its trials (a fresh copy each time)."""
        if self._rng_after_trials is None:
            rng = np.random.default_rng(self.test_seed)
            for _block in _trial_blocks(rng, self.n_samples, self.count):
                pass
            self._rng_after_trials = rng
        return copy.deepcopy(self._rng_after_trials)


def resampled_scores(metric: Any, stats: Sequence[np.ndarray], n_samples: int,
                     rng: np.random.Generator) -> list[np.ndarray]:
    """Bootstrap scores of several systems on the same resamples, as sacrebleu computes them.

    sacrebleu draws `rng.choice(n, size=(n_samples, n))` and scores `float32 stats[idxs[i]].sum(0)`;
    drawing row by row yields the same indices (verified in the tests) without the
    `n_samples x n x n_stats` array.
    """
    count = len(stats[0])
    as_float32 = [np.asarray(rows, dtype="float32") for rows in stats]
    scores: list[list[Any]] = [[] for _ in stats]
    for _sample in range(n_samples):
        idx = rng.choice(count, size=count, replace=True)
        for out, rows in zip(scores, as_float32):
            out.append(metric._compute_score_from_stats(rows[idx].sum(0)).score)
    return [np.array(values) for values in scores]


def _trial_blocks(rng: np.random.Generator, n_samples: int, count: int) -> Iterator[np.ndarray]:
    """sacrebleu's `rng.integers(2, size=(n_samples, count), dtype=bool)`, in blocks of 32k rows.

    numpy fills booleans from 32-bit draws and drops the unused bits at the end of a call, so
    blocks whose size is a multiple of 32 draw exactly the stream one big call would.
    """
    rows = 32 * max(1, AR_BLOCK_ELEMENTS // (32 * count))
    for start in range(0, n_samples, rows):
        yield rng.integers(2, size=(min(rows, n_samples - start), count), dtype=bool)


# --- ranking --------------------------------------------------------------------------------

def _sort_value(metric: str, value: float, lower_is_better: Collection[str] = LOWER_IS_BETTER) -> float:
    return value if metric in lower_is_better else -value


def _clusters(order: Sequence[int], p_value: Callable[[int, int], float], alpha: float
              ) -> tuple[dict[int, int], dict[int, float]]:
    """Cluster number per system, and the p-value against its cluster's best (for non-best members)."""
    clusters: dict[int, int] = {}
    placing: dict[int, float] = {}
    cluster, best = 0, -1
    for index in order:
        if best < 0:
            cluster, best = 1, index
        else:
            p = p_value(best, index)
            if p < alpha:
                cluster, best = cluster + 1, index
            else:
                placing[index] = p
        clusters[index] = cluster
    return clusters, placing
