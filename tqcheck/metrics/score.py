"""`tqcheck score` as a library call: read hypotheses and references, score with sacrebleu, gate.

Kept apart from the CLI so the same result feeds the terminal, JSON and (later) HTML writers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.errors import InputError
from tqcheck.gating.gates import threshold_failures
from tqcheck.limits import first_oversized, oversized_message
from tqcheck.metrics.sacre import DEFAULT_OPTIONS, METRICS, MetricOptions, MetricResult, score_system

if TYPE_CHECKING:
    from tqcheck.metrics.learned import LearnedSettings
from tqcheck.model import Segment
from tqcheck.readers import read_segments
from tqcheck.readers.textfile import count_lines, iter_lines


@dataclass(frozen=True)
class ScoreResult:
    """Corpus and segment scores of one system, with where the segments came from."""

    metrics: dict[str, MetricResult]
    segment_ids: tuple[str, ...]
    segment_lines: tuple[int | None, ...]
    inputs: tuple[str, ...]
    tgt_lang: str | None
    src_lang: str | None = None
    failures: tuple[str, ...] = field(default=())
    detected: Mapping[str, str] = field(default_factory=dict)  # {"target": "zh (0.99)"} when detected


def read_scoring_inputs(mt: Path, references: Sequence[Path], *, fmt: str | None = None, encoding: str = "utf-8",
                        source: Path | None = None, need_reference: bool = True
                        ) -> tuple[list[Segment], list[list[str]]]:
    """The segments (ids, lines, sources) and the reference streams, from files or columns."""
    first = references[0] if references else None
    segments = list(read_segments(mt, reference=first, source=source, fmt=fmt, encoding=encoding))
    if not need_reference and first is None and all(segment.reference is None for segment in segments):
        _refuse_oversized(mt, segments, [])
        return segments, []
    hypotheses = [segment.target for segment in segments]
    streams: list[list[str]] = []
    if first is None:
        column = [segment.reference for segment in segments]
        if not column or any(ref is None for ref in column):
            raise InputError("no reference: pass --reference FILE or give the input a `reference` column", str(mt))
        streams.append([ref or "" for ref in column])
        streams.extend(_more_reference_columns(mt, segments))
    else:
        streams.append([segment.reference or "" for segment in segments])
        for extra in references[1:]:
            count = count_lines(extra, "reference")
            if count != len(hypotheses):
                raise InputError(f"line counts differ: {mt} has {len(hypotheses)} lines, reference {extra} has "
                                 f"{count}", str(extra))
            streams.append([text for _number, text in iter_lines(extra, encoding, "reference")])
    _refuse_oversized(mt, segments, streams)
    return segments, streams


_MORE_REFERENCES = re.compile(r"(?:reference|ref)[-_.]?([2-9]|[1-9][0-9])", re.IGNORECASE)


def _more_reference_columns(mt: Path, segments: Sequence[Segment]) -> list[list[str]]:
    """Further reference streams from columns (TSV, CSV) or keys (JSONL) `reference2`, `ref_3`, ...

    Numbered from 2 (the plain `reference` column is the first); every row must have every one.
    """
    numbered: dict[int, str] = {}
    for key in segments[0].meta if segments else ():
        match = _MORE_REFERENCES.fullmatch(key.strip())
        if match is not None:
            if int(match.group(1)) in numbered:
                raise InputError(f"two columns give reference {match.group(1)}: {numbered[int(match.group(1))]!r} "
                                 f"and {key!r}", str(mt))
            numbered[int(match.group(1))] = key
    streams = []
    for number in sorted(numbered):
        key = numbered[number]
        missing = next((segment for segment in segments if segment.meta.get(key) is None), None)
        if missing is not None:
            raise InputError(f"record has no {key!r} (another reference column)", str(mt), missing.line)
        streams.append([segment.meta[key] for segment in segments])
    return streams


def _refuse_oversized(mt: Path, segments: Sequence[Segment], streams: Sequence[Sequence[str]]) -> None:
    """One `error:` line for a segment longer than the checks read (see `tqcheck.limits.first_oversized`)."""
    for stream in ([segment.target for segment in segments], *streams):
        found = first_oversized(stream)
        if found is not None:
            raise InputError(oversized_message(found[1]), str(mt), segments[found[0]].line)


def check_thresholds(values: Mapping[str, float], limits: Mapping[str, float | None]) -> tuple[str, ...]:
    """Human-readable failures, e.g. `chrF 48.20 < min 50.00 (short by 1.80)`.

    `values` are corpus scores by metric name, `limits` thresholds by setting name
    (`min-chrf`, ...); see `tqcheck.gating.gates.threshold_failures`, which this formats.
    """
    return tuple(str(failure) for failure in threshold_failures(values, limits))


def score_files(mt: Path, references: Sequence[Path], *, tgt_lang: str | None, metrics: Sequence[str] = METRICS,
                n_bootstrap: int = 1, fmt: str | None = None, encoding: str = "utf-8", jobs: int = 1,
                options: MetricOptions = DEFAULT_OPTIONS, source: Path | None = None,
                learned: LearnedSettings | None = None) -> ScoreResult:
    """Score `mt` against its references, and with a learned metric when one is given.

    Without `tgt_lang`, the target language is detected from the MT (BLEU's tokenizer depends
    on it: Chinese and Japanese scored with `13a` come out meaningless). A reference-free
    (quality estimation) learned metric needs no reference, only the source.
    """
    options = options.validated()
    segments, streams = read_scoring_inputs(mt, references, fmt=fmt, encoding=encoding, source=source,
                                            need_reference=learned is None)
    hypotheses = [segment.target for segment in segments]
    detected: dict[str, str] = {}
    if tgt_lang is None:
        tgt_lang, detected = detect_target(hypotheses)
    results = score_system(hypotheses, streams, tgt_lang, metrics, n_bootstrap=n_bootstrap, jobs=jobs,
                           options=options) if streams else {}
    if learned is not None:
        from tqcheck.metrics.learned import LearnedMetric, corpus_result, signature

        metric = LearnedMetric(learned)
        predictions = metric.predict(hypotheses, [segment.source for segment in segments],
                                     streams[0] if streams else None)
        results[metric.name] = corpus_result(metric.name, [p.score for p in predictions], signature(metric),
                                             n_bootstrap)
    inputs = (str(mt), *map(str, references), *((str(source),) if source else ()))
    return ScoreResult(metrics=results, segment_ids=tuple(s.id for s in segments),
                       segment_lines=tuple(s.line for s in segments), inputs=inputs, tgt_lang=tgt_lang,
                       detected=detected)



def detect_target(hypotheses: Sequence[str]) -> tuple[str | None, dict[str, str]]:
    """The MT's language from its first lines, and the note for the user; (None, note) when unsure."""
    from tqcheck.lang import DETECTION_SAMPLE, MIN_DETECTION_CONFIDENCE, detect_language

    found = detect_language([text for text in hypotheses[:DETECTION_SAMPLE] if text.strip()])
    if found is None or found.confidence < MIN_DETECTION_CONFIDENCE:
        return None, {"target": "unknown (BLEU tokenizes with 13a; pass --tgt-lang)"}
    return found.language, {"target": f"{found.language} ({found.confidence:.2f})"}
