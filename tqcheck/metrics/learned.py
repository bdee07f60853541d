"""Learned metrics through transformers: a score per segment, and error spans where the model marks them.

Two families of Hugging Face models are supported, told apart by the model's config:

- **regression** (`...ForSequenceClassification` with one output; a COMET-style estimator in
  transformers' own format): the hypothesis and its evidence are encoded as a pair, and the
  single logit is the segment's score.
- **error spans** (`...ForTokenClassification`, labels such as `O`, `minor`, `major`, `critical`;
  xCOMET-style): each token of the hypothesis gets a label; runs of one severity become spans,
  and the segment's score is minus their MQM weight (minor 1, major 5, critical 10).

What the model reads comes from its config: `tqcheck_inputs` lists the evidence after the
hypothesis (`["source"]` for quality estimation, the default; `["source", "reference"]` or
`["reference"]` for reference-based models), joined with the tokenizer's separator;
`tqcheck_higher_is_better` (default true) says which way the score points. Models are loaded
from a hub id or a local directory, batched by tokens, run in half precision on a GPU, and
cached like back-translations (keyed by the model's identity and the inputs). torch and
transformers are imported only when a model is used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tqcheck.errors import ConfigError, InputError, ModelError
from tqcheck.model import LEARNED_META, Segment

SPAN_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 10.0}
CACHE_FILE = "learned-metrics.sqlite"
DEFAULT_INPUTS = ("source",)
_EVIDENCE = ("source", "reference")


@dataclass(frozen=True, slots=True)
class LearnedSettings:
    """Which learned metric to run and how."""

    model: str
    revision: str | None = None
    batch_tokens: int = 8192
    device: str = "auto"
    dtype: str = "auto"
    use_cache: bool = True
    cache_path: Path | None = None

    def __post_init__(self) -> None:
        if not self.model.strip():
            raise ConfigError("no learned metric model given; pass a hub id or a local directory")
        if self.batch_tokens < 1:
            raise ConfigError(f"batch tokens must be at least 1, got {self.batch_tokens}")


@dataclass(frozen=True, slots=True)
class Prediction:
    """A segment's learned score and the error spans predicted in its hypothesis (half-open, by severity)."""

    score: float
    spans: tuple[tuple[int, int, str], ...] = field(default=())


class LearnedMetric:
    """One learned metric model: `predict(hypotheses, sources, references)` gives a Prediction per segment."""

    def __init__(self, settings: LearnedSettings) -> None:
        self.settings = settings
        self.model: Any = None
        self.tokenizer: Any = None
        self.family: str | None = None
        self.inputs: tuple[str, ...] = DEFAULT_INPUTS
        self.higher_is_better = True
        self.labels: dict[int, str] = {}
        self.device: str | None = None
        self.max_length = 512
        self._dtype = "float32"
        self._fingerprint: Mapping[str, object] | None = None

    @property
    def name(self) -> str:
        """How the metric is named in reports: the model's directory or hub id, short."""
        return self.settings.model.rstrip("/").rsplit("/", 1)[-1] or self.settings.model

    def load(self) -> None:
        """Load the model (once) and read from its config what it takes and predicts."""
        if self.model is not None:
            return
        from tqcheck.backtranslate.hf import (
            hub_offline,
            import_backend,
            load_error,
            local_directory,
            quiet_loading,
            resolve_device,
            resolve_dtype,
        )

        transformers, torch = import_backend()
        name = self.settings.model
        local = local_directory(name)
        source = str(local) if local is not None else name
        options: dict[str, Any] = {"revision": self.settings.revision} if self.settings.revision else {}
        if local is None and hub_offline():
            options["local_files_only"] = True
        try:
            config = transformers.AutoConfig.from_pretrained(source, **options)
        except Exception as exc:
            raise load_error(name, local, hub_offline(), exc, self.settings.revision) from None
        architectures = " ".join(getattr(config, "architectures", None) or ())
        if "ForTokenClassification" in architectures:
            self.family, loader = "spans", transformers.AutoModelForTokenClassification
        elif "ForSequenceClassification" in architectures and getattr(config, "num_labels", 1) == 1:
            self.family, loader = "regression", transformers.AutoModelForSequenceClassification
        else:
            raise ModelError(f"{name}: not a learned metric tqcheck can run (a one-output sequence classifier "
                             f"or a token classifier; this one is {architectures or config.model_type!r})")
        inputs = tuple(getattr(config, "tqcheck_inputs", None) or DEFAULT_INPUTS)
        if not inputs or any(item not in _EVIDENCE for item in inputs):
            raise ModelError(f"{name}: tqcheck_inputs must list source and/or reference, not {list(inputs)}")
        self.inputs = inputs
        self.higher_is_better = bool(getattr(config, "tqcheck_higher_is_better", True))
        self.labels = {int(key): str(value).lower() for key, value in (config.id2label or {}).items()}
        self.device = resolve_device(self.settings.device)
        dtype = resolve_dtype(self.settings.dtype, self.device)
        try:
            with quiet_loading(transformers):
                self.tokenizer = transformers.AutoTokenizer.from_pretrained(source, **options)
                self.model = loader.from_pretrained(source, dtype=getattr(torch, dtype), **options)
        except Exception as exc:
            raise load_error(name, local, hub_offline(), exc, self.settings.revision) from None
        self.model.to(self.device)
        self.model.eval()
        self.max_length = min(getattr(config, "max_position_embeddings", 512) or 512, 512)
        self._dtype = dtype

    @property
    def reference_based(self) -> bool:
        self.load()
        return "reference" in self.inputs

    def fingerprint(self) -> Mapping[str, object]:
        """The model's identity and precision: what the cache keys on (worked out once per run: a local
        model's files are hashed, and a run predicts window by window)."""
        if self._fingerprint is None:
            from tqcheck.backtranslate.hf import directory_hash, hub_commit, local_directory

            self.load()
            local = local_directory(self.settings.model)
            identity: dict[str, object] = (
                {"model": "local", "content": directory_hash(local)} if local is not None
                else {"model": self.settings.model, "commit": hub_commit(self.settings.model, self.settings.revision)})
            self._fingerprint = {**identity, "dtype": self._dtype, "inputs": list(self.inputs)}
        return self._fingerprint

    def predict(self, hypotheses: Sequence[str], sources: Sequence[str | None] | None = None,
                references: Sequence[str | None] | None = None) -> list[Prediction]:
        """A Prediction per hypothesis, served from the cache where it has them."""
        self.load()
        evidence = {"source": sources, "reference": references}
        for item in self.inputs:
            given = evidence[item]
            if given is None or any(text is None for text in given):
                raise InputError(f"the learned metric {self.name} reads the {item} of every segment, and some "
                                 f"have none (give --{'source' if item == 'source' else 'reference'})")
        pairs = [(hypothesis, f" {self.tokenizer.sep_token or '|'} ".join(
            str(evidence[item][index]) for item in self.inputs))  # type: ignore[index]
            for index, hypothesis in enumerate(hypotheses)]
        return self._cached(pairs)

    def _cached(self, pairs: list[tuple[str, str]]) -> list[Prediction]:
        from tqcheck.backtranslate.cache import TranslationCache, default_cache_path, namespace, text_key

        results: dict[int, Prediction] = {}
        keys: list[str] = []
        cache = None
        if self.settings.use_cache:
            path = self.settings.cache_path or default_cache_path().with_name(CACHE_FILE)
            cache = TranslationCache(path)
        try:
            if cache is not None:
                space = namespace(self.fingerprint(), "hypothesis", "+".join(self.inputs))
                keys = [text_key(space, json.dumps(pair, ensure_ascii=False)) for pair in pairs]
                found = cache.get_many(keys)
                for index, key in enumerate(keys):
                    if key in found:
                        results[index] = _decoded(found[key])
            todo = [index for index in range(len(pairs)) if index not in results]
            if todo:
                for index, prediction in zip(todo, self._run([pairs[i] for i in todo]), strict=True):
                    results[index] = prediction
            if cache is not None and todo:
                cache.put_many((keys[index], _encoded(results[index])) for index in todo)
        finally:
            if cache is not None:
                cache.close()
        return [results[index] for index in range(len(pairs))]

    def _run(self, pairs: list[tuple[str, str]]) -> list[Prediction]:
        """The model over `pairs`, in token-budget batches (longest first); results in input order."""
        if not pairs:
            return []
        from tqcheck.backtranslate.batching import make_batches
        from tqcheck.backtranslate.hf import import_backend

        _transformers, torch = import_backend()
        lengths = [min(len(ids), self.max_length) for ids in
                   self.tokenizer([p[0] for p in pairs], [p[1] for p in pairs], truncation=False)["input_ids"]]
        out: dict[int, Prediction] = {}
        for batch in make_batches(lengths, self.settings.batch_tokens):
            chosen = [pairs[index] for index in batch]
            encoded = self.tokenizer([p[0] for p in chosen], [p[1] for p in chosen], return_tensors="pt",
                                     padding=True, truncation="only_second", max_length=self.max_length,
                                     return_offsets_mapping=self.family == "spans")
            offsets = encoded.pop("offset_mapping", None)
            with torch.inference_mode():
                logits = self.model(**encoded.to(self.device)).logits.float().cpu()
            for row, index in enumerate(batch):
                if self.family == "regression":
                    out[index] = Prediction(score=float(logits[row, 0]))
                else:
                    spans = self._spans(logits[row].argmax(-1).tolist(), offsets[row].tolist(),
                                        encoded.sequence_ids(row))
                    out[index] = Prediction(score=-sum(SPAN_WEIGHTS.get(kind, 1.0) for _s, _e, kind in spans),
                                            spans=tuple(spans))
        return [out[index] for index in range(len(pairs))]

    def _spans(self, labels: list[int], offsets: list[list[int]],
               sequence_ids: list[int | None]) -> list[tuple[int, int, str]]:
        """Runs of one non-`O` label over the hypothesis's tokens, as character spans."""
        spans: list[tuple[int, int, str]] = []
        for label, (start, end), sequence in zip(labels, offsets, sequence_ids):
            kind = self.labels.get(label, "o")
            if sequence != 0 or kind in ("o", "ok", "none") or end <= start:
                continue
            if spans and spans[-1][2] == kind and start - spans[-1][1] <= 1:
                spans[-1] = (spans[-1][0], end, kind)
            else:
                spans.append((start, end, kind))
        return spans


def _encoded(prediction: Prediction) -> str:
    return json.dumps({"s": prediction.score, "p": [list(span) for span in prediction.spans]})


def _decoded(text: str) -> Prediction:
    data = json.loads(text)
    return Prediction(score=float(data["s"]), spans=tuple((int(a), int(b), str(c)) for a, b, c in data["p"]))


def corpus_result(name: str, scores: Sequence[float], signature: str, n_bootstrap: int = 1,
                  seed: int = 12345) -> Any:
    """A `MetricResult` for a learned metric: the mean of its segment scores, with a bootstrap 95% CI."""
    import numpy as np

    from tqcheck.metrics.sacre import MetricResult
    from tqcheck.model import Score

    values = np.asarray(scores, dtype=float)
    mean = float(values.mean()) if len(values) else 0.0
    ci = None
    if n_bootstrap > 1 and len(values) > 1:
        rng = np.random.default_rng(seed)
        means = values[rng.integers(0, len(values), size=(n_bootstrap, len(values)))].mean(axis=1)
        ci = (float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5)))
        signature += f"|bs:{n_bootstrap}|seed:{seed}"
    return MetricResult(corpus=Score(metric=name, value=mean, signature=signature, ci=ci),
                        segments=tuple(float(value) for value in values))


def signature(metric: LearnedMetric) -> str:
    """What a learned score is, in sacrebleu's signature style."""
    from tqcheck import __version__

    direction = "higher" if metric.higher_is_better else "lower"
    return (f"model:{metric.settings.model}|family:{metric.family}|inputs:{'+'.join(metric.inputs)}|"
            f"better:{direction}|dtype:{metric._dtype}|tqcheck:{__version__}")


class PairedAdapter:
    """A learned metric dressed as a sacrebleu metric, so `compare`'s paired tests run on it unchanged.

    Each segment's "sufficient statistics" are `[score, 1]`: summed over any resample they give
    the resample's mean, which is what the paired bootstrap and approximate randomisation then
    compare (`tqcheck.metrics.compare`). Nothing of BLEU or chrF is reimplemented here.
    """

    def __init__(self, metric: LearnedMetric) -> None:
        self.metric = metric
        self.higher_is_better = metric.higher_is_better

    def rows(self, hypotheses: Sequence[str], sources: Sequence[str] | None,
             references: Sequence[Sequence[str]]) -> list[list[float]]:
        """`[score, 1]` per segment of one system."""
        predictions = self.metric.predict(hypotheses, sources, references[0] if references else None)
        return [[prediction.score, 1.0] for prediction in predictions]

    def _aggregate_and_compute(self, rows: Any) -> Any:
        import numpy as np

        total = np.asarray(rows, dtype=float).reshape(-1, 2).sum(0)
        return self._compute_score_from_stats(total)

    def _compute_score_from_stats(self, total: Any) -> Any:
        from types import SimpleNamespace

        return SimpleNamespace(score=float(total[0] / total[1]) if total[1] else 0.0)

    def get_signature(self) -> _Signature:
        return _Signature(signature(self.metric))


class _Signature:
    """A signature `compare` can extend with its test settings, as sacrebleu's `Signature.update`."""

    def __init__(self, text: str) -> None:
        self.parts = dict(part.split(":", 1) for part in text.split("|"))

    def update(self, key: str, value: object) -> None:
        self.parts[key] = str(value)

    def __str__(self) -> str:
        return "|".join(f"{key}:{value}" for key, value in self.parts.items())


def with_predictions(segments: Iterable[Segment], settings: LearnedSettings, *, window: int = 256,
                     warn: Callable[[str], None] | None = None) -> Iterator[Segment]:
    """Stream `segments` with the learned metric's prediction attached (`model.LEARNED_META`), window by window.

    What `tqcheck check --metric-model M` runs before the checks: the prediction travels with the
    segment (into worker processes, and into the JSON report's `meta`), TQ920 reports its spans
    and the segment scores gain the model's score. A segment without the evidence the model reads
    (a source, a reference) is passed on without a prediction, and `warn` hears how many were.
    """
    metric = LearnedMetric(settings)
    missing = 0
    iterator = iter(segments)
    while chunk := list(islice(iterator, window)):
        metric.load()
        usable = [segment for segment in chunk
                  if all(getattr(segment, item) for item in metric.inputs) and segment.target.strip()]
        missing += sum(1 for segment in chunk if segment.target.strip()) - len(usable)
        predictions = metric.predict([s.target for s in usable], [s.source for s in usable],
                                     [s.reference for s in usable]) if usable else []
        attached = {id(segment): prediction for segment, prediction in zip(usable, predictions)}
        for segment in chunk:
            prediction = attached.get(id(segment))
            if prediction is None:
                yield segment
                continue
            record = json.dumps({"n": metric.name, "s": prediction.score, "p": [list(span) for span in
                                                                                 prediction.spans]})
            yield replace(segment, meta=MappingProxyType({**segment.meta, LEARNED_META: record}))
    if missing and warn is not None:
        warn(f"tqcheck: note: the learned metric {metric.name} reads the {' and '.join(metric.inputs)} of each "
             f"segment; {missing:,} segment{'' if missing == 1 else 's'} without it were not scored")


def learned_score(segment: Segment) -> tuple[str, float] | None:
    """(metric name, score) of the prediction a segment carries, if any."""
    found = segment.meta.get(LEARNED_META)
    if not found:
        return None
    data = json.loads(found)
    return str(data.get("n", "learned")), float(data["s"])
