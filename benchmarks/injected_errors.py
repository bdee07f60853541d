"""Controlled errors injected into real MT and human translations: what tqcheck catches, and at what false-alarm cost.

What it measures
    For every WMT23 pair in `../shared/corpora/wmt23` (both directions where the data has them),
    the first `--limit` segments of one system output (`--system`, default GPT4-5shot, the most
    fluent: errors hide best there) and of the human reference are checked with their source and
    no reference, as a newsroom would run tqcheck. Then each kind of error below is injected
    into every fifth segment that can take it (a different fifth per kind, seeded), the batch is
    checked again, and a damaged segment counts as caught when it has an error or warning
    finding (code and message) it did not have undamaged.

        number     a number that the source also has, changed to another plausible one
        name       a name (a capitalised word inside a sentence that is no common word of the
                   target language) that the source also has (same script) or that is a name
                   elsewhere in the batch, replaced by another name of the batch
        name-drop  such a name removed
        mixing     two to four words replaced by words of the source (code-mixing)
        repeat     a word written twice, or four times (`said said said said`)
        stop       the final full stop removed where the source ends with one
        stray      a stray mark (`,` `.` `;` `"` `(` `)`) inserted between two words
        lower      the first letter lower-cased (cased targets)
        lower-all  the whole target lower-cased (cased targets)
        typo       two adjacent letters swapped inside a word of five letters or more
        drop-char  one letter removed from inside a word of five letters or more

    False alarms: the share of undamaged segments with any error or warning finding, for the MT
    (which has real problems too, so this is an upper bound) and for the human reference.

How to run (repository root, venv active, needs ../shared)
    python benchmarks/injected_errors.py                    # 300 segments per file, every pair
    python benchmarks/injected_errors.py --limit 0 --pairs de-en,ru-en --kinds name,mixing

How to read it
    Rows are error kinds, columns language pairs, cells the share of damaged segments caught
    (and how many were damaged). A kind that the data cannot take (no numbers, an uncased
    script) shows `-`.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import (  # noqa: E402
    REFERENCE,
    available_wmt_pairs,
    capture_output,
    comma_list,
    read_wmt,
    render_table,
    wmt_pair,
)

from tqcheck.config import Settings  # noqa: E402
from tqcheck.lang import frequencies  # noqa: E402
from tqcheck.model import Segment, Severity  # noqa: E402
from tqcheck.run.runner import Checker  # noqa: E402

SEED = 23
CASED_TARGETS = {"en", "de", "cs", "ru", "uk", "fr", "es", "it", "pl"}
WORD = regex.compile(r"\p{L}[\p{L}\p{M}'\u2019\-]*")
NAME = regex.compile(r"(?<=[\p{L},;:] )\p{Lu}\p{Ll}{2,}")
NAME_MAX_ZIPF = 3.0
NUMBER = regex.compile(r"(?<![\d.,])\d+(?![\d.,]\d)")
STRAY = (",", ".", ";", '"', "(", ")")

Injector = Callable[[Segment, random.Random, "Pool"], str | None]


class Pool:
    """Names seen in the batch, to replace a name with another plausible one.

    A name is a capitalised word inside a sentence that is no common word of the target language
    (wordfreq Zipf under 3 in lower case: `Gallant`, `Oberhof`, not `Championship`), as a named-entity
    tagger would find them.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        found = {(match.group(), segment.tgt_lang) for segment in segments for match in NAME.finditer(segment.target)}
        self.names = sorted({name for name, lang in found if is_name(name, lang)})


def _number(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    source_digits = set(NUMBER.findall(seg.source or ""))
    matches = [m for m in NUMBER.finditer(seg.target) if m.group() in source_digits and m.group() not in ("0", "1")]
    if not matches:
        return None
    match = rng.choice(matches)
    value = int(match.group())
    new = value + rng.choice((1, 2, 3, 5, 10)) if value < 100 else value + rng.choice((1, 10, 100)) * rng.choice((1, 2))
    return seg.target[:match.start()] + str(new) + seg.target[match.end():]


def is_name(word: str, lang: str) -> bool:
    return (frequencies.lookup(word.lower(), lang) or 0.0) < NAME_MAX_ZIPF


def _names(seg: Segment, pool: Pool) -> list[regex.Match[str]]:
    source = seg.source or ""
    return [m for m in NAME.finditer(seg.target) if (m.group() in source or m.group() in pool.names)
            and is_name(m.group(), seg.tgt_lang or "")]


def _name(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    matches = [m for m in _names(seg, pool) if m.group() in (seg.source or "") or len(pool.names) > 50]
    if not matches or len(pool.names) < 2:
        return None
    match = rng.choice(matches)
    other = rng.choice([name for name in pool.names if name != match.group() and name not in seg.target])
    return seg.target[:match.start()] + other + seg.target[match.end():]


def _name_drop(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    matches = _names(seg, pool)
    if not matches:
        return None
    match = rng.choice(matches)
    return seg.target[:match.start()].rstrip() + " " + seg.target[match.end():].lstrip()


def _mixing(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    source_words = [m.group() for m in WORD.finditer(seg.source or "")]
    target_words = list(WORD.finditer(seg.target))
    if len(source_words) < 6 or len(target_words) < 6 or seg.src_lang == seg.tgt_lang:
        return None
    size = rng.randint(2, 4)
    start = rng.randrange(0, len(source_words) - size)
    at = rng.randrange(1, len(target_words) - size)
    phrase = " ".join(source_words[start:start + size])
    return seg.target[:target_words[at].start()] + phrase + seg.target[target_words[at + size - 1].end():]


def _repeat(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    words = [m for m in WORD.finditer(seg.target) if len(m.group()) > 1]
    if len(words) < 3:
        return None
    match = rng.choice(words[1:])
    times = rng.choice((2, 4))
    return seg.target[:match.start()] + " ".join([match.group()] * times) + seg.target[match.end():]


def _stop(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    source, target = (seg.source or "").rstrip(), seg.target.rstrip()
    if not source.endswith((".", "\u3002")) or not target.endswith((".", "\u3002")) or target.endswith(".."):
        return None
    return target[:-1]


def _stray(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    gaps = [m.start() for m in regex.finditer(r"(?<=\p{L}) (?=\p{L})", seg.target)]
    if not gaps:
        return None
    at = rng.choice(gaps)
    return seg.target[:at] + rng.choice(STRAY) + seg.target[at:]


def _lower(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    text = seg.target
    if seg.tgt_lang not in CASED_TARGETS or not text[:1].isupper() or not (seg.source or "")[:1].isalpha():
        return None
    return text[0].lower() + text[1:]


def _lower_all(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    if seg.tgt_lang not in CASED_TARGETS or seg.target.lower() == seg.target:
        return None
    return seg.target.lower()


def _damage_word(seg: Segment, rng: random.Random, edit: Callable[[str, int], str | None], tail: int) -> str | None:
    """`seg.target` with one word of five letters or more changed by `edit(word, position)`, the
    position drawn inside the word (`tail` letters kept at its end)."""
    words = [m for m in WORD.finditer(seg.target) if len(m.group()) >= 5 and m.group().isalpha()]
    if not words or seg.tgt_lang not in CASED_TARGETS:
        return None
    match = rng.choice(words)
    damaged = edit(match.group(), rng.randrange(1, len(match.group()) - tail))
    return None if damaged is None else seg.target[:match.start()] + damaged + seg.target[match.end():]


def _swap(word: str, at: int) -> str | None:
    return None if word[at] == word[at + 1] else word[:at] + word[at + 1] + word[at] + word[at + 2:]


def _typo(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    return _damage_word(seg, rng, _swap, 2)


def _drop_char(seg: Segment, rng: random.Random, pool: Pool) -> str | None:
    return _damage_word(seg, rng, lambda word, at: word[:at] + word[at + 1:], 1)


KINDS: dict[str, Injector] = {
    "number": _number, "name": _name, "name-drop": _name_drop, "mixing": _mixing, "repeat": _repeat,
    "stop": _stop, "stray": _stray, "lower": _lower, "lower-all": _lower_all, "typo": _typo,
    "drop-char": _drop_char,
}


def findings(segments: Sequence[Segment]) -> dict[str, set[tuple[str, str]]]:
    """Per segment id, the (code, message) of every error and warning finding."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with capture_output():
        for result in Checker(Settings()).run(segments):
            for issue in result.issues:
                if issue.severity >= Severity.WARNING:
                    found[issue.segment_id].add((issue.code, issue.message))
    return found


def evaluate(pair: str, system: str, limit: int | None, kinds: Sequence[str]
             ) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
    """Per kind (caught, damaged), and (segments with a finding, segments) undamaged."""
    segments = [segment for segment in read_wmt(wmt_pair(pair), system, limit) if segment.target.strip()]
    clean = findings(segments)
    pool = Pool(segments)
    results: dict[str, tuple[int, int]] = {}
    for number, kind in enumerate(kinds):
        rng = random.Random(f"{SEED}:{pair}:{system}:{kind}")
        offset = number % 5
        damaged: dict[str, Segment] = {}
        batch = []
        for index, segment in enumerate(segments):
            text = KINDS[kind](segment, rng, pool) if index % 5 == offset else None
            if text is not None and text != segment.target:
                segment = replace(segment, target=text)
                damaged[segment.id] = segment
            batch.append(segment)
        found = findings(batch)
        caught = sum(1 for seg_id in damaged if found.get(seg_id, set()) - clean.get(seg_id, set()))
        results[kind] = (caught, len(damaged))
    return results, (sum(1 for segment in segments if clean.get(segment.id)), len(segments))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=comma_list, default=None, help="WMT23 pairs (default: all)")
    parser.add_argument("--system", default="GPT4-5shot", help="the MT output to damage (default: GPT4-5shot)")
    parser.add_argument("--limit", type=int, default=300, help="segments per file (0 = all; default 300)")
    parser.add_argument("--kinds", type=comma_list, default=list(KINDS), help="error kinds (default: all)")
    args = parser.parse_args(argv)
    unknown = [kind for kind in args.kinds if kind not in KINDS]
    if unknown:
        sys.exit(f"error: unknown kinds {', '.join(unknown)} (known: {', '.join(KINDS)})")
    pairs = args.pairs or available_wmt_pairs()
    limit = args.limit or None
    table: dict[str, dict[str, str]] = defaultdict(dict)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    alarms: dict[str, str] = {}
    alarm_totals = {"MT": [0, 0], "reference": [0, 0]}
    for pair in pairs:
        systems = [args.system] if wmt_pair(pair).output(args.system).is_file() else wmt_pair(pair).systems()[:1]
        for system in (*systems, REFERENCE):
            results, (flagged, total) = evaluate(pair, system, limit, args.kinds)
            side = "reference" if system == REFERENCE else "MT"
            alarm_totals[side][0] += flagged
            alarm_totals[side][1] += total
            alarms[f"{pair} {side}"] = f"{100 * flagged / total:.1f}%" if total else "-"
            for kind, (caught, damaged) in results.items():
                key = f"{pair} {'ref' if side == 'reference' else 'MT'}"
                table[kind][key] = f"{100 * caught / damaged:.0f}% ({damaged})" if damaged else "-"
                totals[kind][0] += caught
                totals[kind][1] += damaged
            print(f"\r{pair} {system} done", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    columns = sorted({key for row in table.values() for key in row})
    rows = [[kind, f"{100 * totals[kind][0] / totals[kind][1]:.0f}%" if totals[kind][1] else "-",
             *[table[kind].get(column, "-") for column in columns]] for kind in args.kinds]
    print("Share of damaged segments with a new error or warning finding (damaged segments in brackets)\n")
    print(render_table(["kind", "all", *columns], rows))
    print("\nFalse alarms: undamaged segments with any error or warning finding")
    print(render_table(["file", "share"], sorted(alarms.items())))
    for side, (flagged, total) in alarm_totals.items():
        print(f"all {side}: {100 * flagged / total:.1f}% of {total:,} segments")


if __name__ == "__main__":
    main()
