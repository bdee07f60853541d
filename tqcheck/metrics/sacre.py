"""BLEU, chrF, chrF++ and TER through sacrebleu: corpus and segment level from one pass.

sacrebleu computes per-segment sufficient statistics and aggregates them; we ask it
for those statistics once per metric, then let it compute the corpus score (summed
statistics), bootstrap confidence intervals (its own resampling) and each segment's
score (the same statistics, one segment at a time). The numbers are therefore
sacrebleu's own, identical to its CLI, and every corpus number carries its signature.
Segment-level BLEU uses effective order, as sacrebleu's `--sentence-level` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from tqcheck.errors import ConfigError
from tqcheck.lang import primary
from tqcheck.model import Score

METRICS: tuple[str, ...] = ("BLEU", "chrF", "chrF++", "TER")
_EXTRAS = {"ja": "ja", "ko": "ko"}
TOKENIZERS: tuple[str, ...] = ("13a", "intl", "zh", "ja-mecab", "ko-mecab", "char", "none", "flores101", "flores200",
                               "spm")
SMOOTH_METHODS: tuple[str, ...] = ("exp", "floor", "add-k", "none")
# sacrebleu downloads the SentencePiece models of these tokenizers on first use; offline they must be cached.
_DOWNLOADED = frozenset({"flores101", "flores200", "spm"})


@dataclass(frozen=True, slots=True)
class MetricOptions:
    """sacrebleu's metric options as its own CLI names them; every default is sacrebleu's.

    They change the numbers, and every one of them shows in the metric's signature. `tokenize`
    None picks BLEU's tokenizer by target language, as sacrebleu's CLI does (`zh`, `ja-mecab`,
    `ko-mecab`, else `13a`). chrF++ keeps its word order of 2; `chrf_word_order` is plain chrF's.
    """

    tokenize: str | None = None  # BLEU (and TER's Asian support aside, only BLEU tokenizes)
    lowercase: bool = False  # BLEU and chrF/chrF++ (`-lc`); TER: see `ter_case_sensitive`
    smooth_method: str = "exp"  # BLEU: exp, floor, add-k or none
    smooth_value: float | None = None  # BLEU: floor's and add-k's value (sacrebleu's default when None)
    max_ngram_order: int = 4  # BLEU
    chrf_char_order: int = 6
    chrf_word_order: int = 0  # plain chrF only
    chrf_beta: int = 2
    chrf_whitespace: bool = False
    chrf_eps_smoothing: bool = False
    ter_case_sensitive: bool = False
    ter_asian_support: bool = False
    ter_no_punct: bool = False
    ter_normalized: bool = False

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> MetricOptions:
        """The options among `values` named as the fields are (a command's parameters), validated."""
        return cls(**{item.name: values[item.name] for item in fields(cls) if item.name in values}).validated()

    def validated(self) -> MetricOptions:
        """These options, or one `ConfigError` naming the first that sacrebleu would refuse."""
        if self.tokenize is not None and self.tokenize not in TOKENIZERS:
            raise ConfigError(f"unknown tokenizer {self.tokenize!r} (choose from {', '.join(TOKENIZERS)})")
        if self.smooth_method not in SMOOTH_METHODS:
            raise ConfigError(f"unknown BLEU smoothing {self.smooth_method!r} "
                              f"(choose from {', '.join(SMOOTH_METHODS)})")
        if self.smooth_value is not None and not 0 <= self.smooth_value < 1e6:
            raise ConfigError(f"--smooth-value must be a number >= 0, not {self.smooth_value:g}")
        for name, value, least in (("--max-ngram-order", self.max_ngram_order, 1),
                                   ("--chrf-char-order", self.chrf_char_order, 1),
                                   ("--chrf-word-order", self.chrf_word_order, 0),
                                   ("--chrf-beta", self.chrf_beta, 0)):
            if not least <= value <= 100:
                raise ConfigError(f"{name} must be between {least} and 100, not {value}")
        return self


DEFAULT_OPTIONS = MetricOptions()


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


def build_metric(name: str, tgt_lang: str | None, options: MetricOptions = DEFAULT_OPTIONS, *,
                 sentence: bool = False) -> Any:
    """A sacrebleu metric object; BLEU's tokenizer follows the target language as in sacrebleu's CLI."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    if name == "BLEU":
        return _bleu(BLEU, tgt_lang, options, sentence)
    if name in ("chrF", "chrF++"):
        return CHRF(char_order=options.chrf_char_order, word_order=2 if name == "chrF++" else options.chrf_word_order,
                    beta=options.chrf_beta, lowercase=options.lowercase, whitespace=options.chrf_whitespace,
                    eps_smoothing=options.chrf_eps_smoothing)
    if name == "TER":
        return TER(normalized=options.ter_normalized, no_punct=options.ter_no_punct,
                   asian_support=options.ter_asian_support, case_sensitive=options.ter_case_sensitive)
    raise ConfigError(f"unknown metric {name!r}")


def _bleu(bleu: Any, tgt_lang: str | None, options: MetricOptions, sentence: bool) -> Any:
    language = primary(tgt_lang)
    try:
        return bleu(trg_lang=language, effective_order=sentence, tokenize=options.tokenize,
                    lowercase=options.lowercase, smooth_method=options.smooth_method,
                    smooth_value=options.smooth_value, max_ngram_order=options.max_ngram_order)
    except RuntimeError as exc:  # a tokenizer whose extra dependencies are missing
        extra = _EXTRAS.get(language, language) if options.tokenize is None else options.tokenize.split("-")[0]
        reason = str(exc).strip().splitlines()[0]
        what = f"tokenizer {options.tokenize!r}" if options.tokenize else f"BLEU for {language!r}"
        raise ConfigError(f"{what} needs extra tokenizer packages: pip install 'tqcheck[{extra}]' ({reason})") from None
    except Exception as exc:  # a SentencePiece model sacrebleu could not download (no network)
        if options.tokenize not in _DOWNLOADED:
            raise
        raise ConfigError(f"tokenizer {options.tokenize!r} needs its SentencePiece model, which sacrebleu downloads "
                          f"on first use into ~/.sacrebleu/models and could not get here: "
                          f"{type(exc).__name__}: {str(exc)[:200]}") from None


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
                 jobs: int = 1, options: MetricOptions = DEFAULT_OPTIONS) -> dict[str, MetricResult]:
    """Score one system against one or more reference streams (`references[k][i]` = ref k of segment i).

    `jobs` > 1 computes the statistics in that many processes (see `parallel_stats`); the
    numbers are the same.
    """
    from tqcheck.metrics.parallel_stats import statistics

    _check_shapes(hypotheses, references)
    for name in metrics:
        build_metric(name, tgt_lang, options)  # a missing tokenizer is reported here, not in a worker
    all_stats = statistics(metrics, tgt_lang, hypotheses, references, jobs, options)
    results = {}
    for name in metrics:
        metric = build_metric(name, tgt_lang, options)
        metric.num_refs = all_stats.num_refs[name]  # as if it had read the corpus itself (its signature)
        stats = all_stats[name]
        results[name] = MetricResult(
            corpus=corpus_score(metric, stats, n_bootstrap, name=name),
            segments=segment_scores(name, stats, tgt_lang, options) if segments else (),
        )
    return results


def corpus_score(metric: Any, stats: list[Any], n_bootstrap: int = 1, *, name: str | None = None) -> Score:
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
    return Score(metric=name or _display_name(metric), value=float(result.score), signature=signature, ci=ci)


def segment_scores(name: str, stats: list[Any], tgt_lang: str | None,
                   options: MetricOptions = DEFAULT_OPTIONS) -> tuple[float, ...]:
    """Each segment's score from its own statistics (sentence-level BLEU uses effective order)."""
    metric = build_metric(name, tgt_lang, options, sentence=True)
    return tuple(float(metric._compute_score_from_stats(row).score) for row in stats)


def sentence_scores(hypotheses: Sequence[str], references: Sequence[Sequence[str]], tgt_lang: str | None,
                    metrics: Sequence[str], options: MetricOptions = DEFAULT_OPTIONS) -> list[dict[str, float]]:
    """Per-segment scores only (what `tqcheck check` attaches to segments when a reference is given)."""
    _check_shapes(hypotheses, references)
    per_metric = {}
    for name in metrics:
        metric = build_metric(name, tgt_lang, options, sentence=True)
        stats = metric._extract_corpus_statistics(hypotheses, references)
        per_metric[name] = segment_scores(name, stats, tgt_lang, options)
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
