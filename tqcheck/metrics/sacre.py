"""BLEU, chrF, chrF++ and TER through sacrebleu: corpus and segment level from one pass.

sacrebleu computes per-segment sufficient statistics and aggregates them; we ask it
for those statistics once per metric, then let it compute the corpus score (summed
statistics), bootstrap confidence intervals (its own resampling) and each segment's
score (the same statistics, one segment at a time). The numbers are therefore
sacrebleu's own, identical to its CLI, and every corpus number carries its signature.
Segment-level BLEU uses effective order, as sacrebleu's `--sentence-level` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tqcheck.errors import ConfigError
from tqcheck.lang import primary
from tqcheck.model import Score

METRICS: tuple[str, ...] = ("BLEU", "chrF", "chrF++", "TER")
_EXTRAS = {"ja": "ja", "ko": "ko"}


@dataclass(frozen=True, slots=True)
class MetricResult:
    """One metric over one system: the corpus Score and a score per segment."""

    corpus: Score
    segments: tuple[float, ...]


def normalise_metric_names(names: Sequence[str] | None) -> tuple[str, ...]:
    """Map user spellings (`bleu`, `chrf++`, `ter`) to canonical names, in canonical order."""
    if not names:
        return METRICS
    lookup = {name.lower(): name for name in METRICS}
    chosen = set()
    for raw in names:
        for name in str(raw).split(","):
            key = name.strip().lower()
            if key not in lookup:
                raise ConfigError(f"unknown metric {name!r} (choose from {', '.join(METRICS)})")
            chosen.add(lookup[key])
    return tuple(name for name in METRICS if name in chosen)


def build_metric(name: str, tgt_lang: str | None, *, sentence: bool = False) -> Any:
    """A sacrebleu metric object; BLEU's tokenizer follows the target language as in sacrebleu's CLI."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    if name == "BLEU":
        language = primary(tgt_lang)
        try:
            return BLEU(trg_lang=language, effective_order=sentence)
        except RuntimeError as exc:  # a tokenizer whose extra dependencies are missing
            extra = _EXTRAS.get(language, language)
            reason = str(exc).strip().splitlines()[0]
            raise ConfigError(f"BLEU for {language!r} needs extra tokenizer packages: "
                              f"pip install 'tqcheck[{extra}]' ({reason})") from None
    if name == "chrF":
        return CHRF()
    if name == "chrF++":
        return CHRF(word_order=2)
    if name == "TER":
        return TER()
    raise ConfigError(f"unknown metric {name!r}")


def forget_tokenizations(metric: Any) -> None:
    """Empty the memo of sacrebleu's tokenizer (and of the tokenizer it calls) used by `metric`.

    sacrebleu memoises the last 65,536 lines each tokenizer class has seen: 50-90 MB of news
    paragraphs, twice (BLEU's tokenizer calls a second one). A streaming run tokenises each
    line once, so the memo saves nothing there and only holds memory.
    """
    tokenizer = getattr(metric, "tokenizer", None)
    for part in (tokenizer, *getattr(tokenizer, "__dict__", {}).values()):
        memo: Any = next((vars(cls)["__call__"] for cls in type(part).__mro__ if "__call__" in vars(cls)), None)
        if hasattr(memo, "cache_clear"):
            memo.cache_clear()


def score_system(hypotheses: Sequence[str], references: Sequence[Sequence[str]], tgt_lang: str | None,
                 metrics: Sequence[str] = METRICS, *, n_bootstrap: int = 1, segments: bool = True,
                 jobs: int = 1) -> dict[str, MetricResult]:
    """Score one system against one or more reference streams (`references[k][i]` = ref k of segment i).

    `jobs` > 1 computes the statistics in that many processes (see `parallel_stats`); the
    numbers are the same.
    """
    from tqcheck.metrics.parallel_stats import statistics

    _check_shapes(hypotheses, references)
    for name in metrics:
        build_metric(name, tgt_lang)  # a missing tokenizer is reported here, not in a worker
    all_stats = statistics(metrics, tgt_lang, hypotheses, references, jobs)
    results = {}
    for name in metrics:
        metric = build_metric(name, tgt_lang)
        metric.num_refs = all_stats.num_refs[name]  # as if it had read the corpus itself (its signature)
        stats = all_stats[name]
        results[name] = MetricResult(
            corpus=corpus_score(metric, stats, n_bootstrap),
            segments=segment_scores(name, stats, tgt_lang) if segments else (),
        )
    return results


def corpus_score(metric: Any, stats: list[Any], n_bootstrap: int = 1) -> Score:
    """The corpus score from sufficient statistics, with sacrebleu's bootstrap CI when asked."""
    result = metric._aggregate_and_compute(stats)
    ci = None
    if n_bootstrap > 1 and len(stats) > 1:
        from sacrebleu.significance import _bootstrap_resample

        metric.n_bootstrap = n_bootstrap
        metric.seed, resampled = _bootstrap_resample(stats, metric, n_bootstrap)
        for score in resampled:  # sacrebleu mixes float32 with a plain 0.0 (a resample of blank segments),
            score.score = float(score.score)  # which its own `statistics.mean` cannot add up
        result.estimate_ci(resampled)
        ci = (float(result._mean - result._ci), float(result._mean + result._ci))
    signature = str(metric.get_signature())
    return Score(metric=_display_name(metric), value=float(result.score), signature=signature, ci=ci)


def segment_scores(name: str, stats: list[Any], tgt_lang: str | None) -> tuple[float, ...]:
    """Each segment's score from its own statistics (sentence-level BLEU uses effective order)."""
    metric = build_metric(name, tgt_lang, sentence=True)
    return tuple(float(metric._compute_score_from_stats(row).score) for row in stats)


def sentence_scores(hypotheses: Sequence[str], references: Sequence[Sequence[str]], tgt_lang: str | None,
                    metrics: Sequence[str]) -> list[dict[str, float]]:
    """Per-segment scores only (what `tqcheck check` attaches to segments when a reference is given)."""
    _check_shapes(hypotheses, references)
    per_metric = {}
    for name in metrics:
        metric = build_metric(name, tgt_lang, sentence=True)
        stats = metric._extract_corpus_statistics(hypotheses, references)
        per_metric[name] = segment_scores(name, stats, tgt_lang)
    return [{name: per_metric[name][i] for name in metrics} for i in range(len(hypotheses))]


def _display_name(metric: Any) -> str:
    name = type(metric).__name__
    if name == "CHRF":
        return "chrF++" if metric.word_order > 0 else "chrF"
    return name


def _check_shapes(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    if not references:
        raise ConfigError("scoring needs at least one reference")
    for stream in references:
        if len(stream) != len(hypotheses):
            raise ConfigError(f"reference has {len(stream)} segments but the MT output has {len(hypotheses)}")
