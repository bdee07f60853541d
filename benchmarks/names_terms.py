"""Names checks (TQ402-TQ410) on real data: flags per 1,000 segments on MT vs human references, MQM precision.

(a) WMT23: every system output and the human reference (checked as if it were MT, with the
    same source) of each pair; a check that flags references about as often as MT is noise.
    TQ404/TQ409 compare with the reference, so they run on MT only. `--no-source` drops the
    source (TQ410 only runs without one).
(b) MQM (TED, en-de and zh-en): a flag is "relevant" when it overlaps an annotated span of
    Terminology, or of Accuracy/Mistranslation or Fluency/Spelling containing a capitalised
    word (source-side flags: any Accuracy error of the segment); recall is over those spans.

    python benchmarks/names_terms.py                       # both parts, 1,000 segments per file
    python benchmarks/names_terms.py --part wmt --limit 0  # every segment
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks._shared import require_shared
from tqcheck.config import Settings
from tqcheck.model import Segment
from tqcheck.run.runner import Checker

CODES = ("TQ402", "TQ403", "TQ404", "TQ408", "TQ409", "TQ410")
PAIRS = ("ru-en", "uk-en", "de-en", "ja-en", "en-ru", "en-zh", "cs-uk")
SYSTEMS = ("ONLINE-B", "NLLB_Greedy", "GPT4-5shot", "ZengHuiMT", "Lan-BridgeMT")
MARK = re.compile(r"<v>(.*?)</v>", re.S)
CAPITALISED = re.compile(r"\b[A-Z][a-z]+")


def wmt(limit: int | None, no_source: bool) -> None:
    root = require_shared("corpora/wmt23")
    print(f"(a) WMT23 flags per 1,000 segments{' (no source)' if no_source else ''}: MT systems (min-max) vs reference")
    print(f"{'pair':6} {'code':6} {'MT min':>7} {'MT max':>7} {'MT mean':>7} {'ref':>6}  seg/s")
    for pair in PAIRS:
        src, tgt = pair.split("-")
        directory = root / pair
        source = (directory / f"source.{src}").read_text(encoding="utf-8").splitlines()[:limit]
        reference = (directory / f"reference.{tgt}").read_text(encoding="utf-8").splitlines()[:limit]
        rates: dict[str, dict[str, float]] = defaultdict(dict)
        speed = []
        for system in (*SYSTEMS, "reference"):
            path = directory / f"{system}.{tgt}"
            if not path.is_file():
                continue
            hyps = path.read_text(encoding="utf-8").splitlines()[:limit]
            segments = [Segment(id=str(n), target=h, source=None if no_source else s,
                                reference=r if system != "reference" else None, src_lang=src, tgt_lang=tgt,
                                doc_id=f"d{n // 20}") for n, (s, h, r) in enumerate(zip(source, hyps, reference))
                        if h.strip()]
            checker = Checker(Settings(select=CODES), src_lang=src, tgt_lang=tgt)
            started = time.perf_counter()
            counts = Counter(issue.code for result in checker.run(segments) for issue in result.issues)
            speed.append(len(segments) / (time.perf_counter() - started))
            for code in CODES:
                rates[code][system] = 1000 * counts[code] / max(len(segments), 1)
        for code in CODES:
            mt = [value for system, value in rates[code].items() if system != "reference"]
            ref = rates[code].get("reference")
            if not any(mt) and not ref:
                continue
            shown = "   -  " if code in ("TQ404", "TQ409") else f"{ref:6.1f}"
            print(f"{pair:6} {code:6} {min(mt):7.1f} {max(mt):7.1f} {sum(mt) / len(mt):7.1f} {shown}  "
                  f"{min(speed):.0f}")


def relevant(category: str, text: str) -> bool:
    if category.startswith("Terminology"):
        return True
    return category in ("Accuracy/Mistranslation", "Fluency/Spelling") and bool(CAPITALISED.search(text))


def mqm(name: str, limit: int | None) -> None:
    src_lang, tgt_lang = {"ende": ("en", "de"), "zhen": ("zh", "en")}[name]
    path = require_shared(f"corpora/mqm-ted/mqm_ted_{name}.tsv")
    csv.field_size_limit(sys.maxsize)
    texts: dict[tuple[str, str, int], tuple[str, str]] = {}
    notes: dict[tuple[str, str, int], list[tuple[str, int | None, int | None, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for row in list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
            if len(row) < 9:
                continue
            system, doc, _doc_id, seg_id, _rater, source, target, category, _severity = row[:9]
            key = (system, doc, int(seg_id))
            texts.setdefault(key, (source.replace("<v>", "").replace("</v>", ""), MARK.sub(r"\1", target)))
            match = MARK.search(target)
            if category != "No-error":
                span = (match.start(), match.start() + len(match.group(1))) if match else (None, None)
                notes[key].append((category, span[0], span[1], match.group(1) if match else ""))
    keys = sorted(texts)[:limit] if limit else sorted(texts)
    by_system: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for key in keys:
        by_system[key[0]].append(key)
    flags: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    reached: set[tuple[tuple[str, str, int], int | None]] = set()
    started = time.perf_counter()
    for system, system_keys in by_system.items():
        segments = [Segment(id=str(n), source=texts[k][0], target=texts[k][1], src_lang=src_lang, tgt_lang=tgt_lang,
                            doc_id=f"{system}:{k[1]}") for n, k in enumerate(system_keys)]
        checker = Checker(Settings(select=CODES), src_lang=src_lang, tgt_lang=tgt_lang)
        for result in checker.run(segments):
            for issue in result.issues:
                key = system_keys[int(issue.segment_id)]
                flags[issue.code] += 1
                if issue.span.field == "target":
                    overlapping = [n for n in notes[key] if n[1] is not None and n[2] is not None
                                   and n[1] < issue.span.end and issue.span.start < n[2] and relevant(n[0], n[3])]
                else:
                    overlapping = [n for n in notes[key] if n[0].startswith("Accuracy")]
                if overlapping:
                    hits[issue.code] += 1
                    reached.update((key, n[1]) for n in overlapping)
    elapsed = time.perf_counter() - started
    total = sum(1 for key in keys for n in notes[key] if n[1] is not None and relevant(n[0], n[3]))
    print(f"\n(b) MQM {name}: {len(keys)} segments, {len(keys) / elapsed:.0f} seg/s, {total} relevant spans")
    for code in CODES:
        if flags[code]:
            print(f"  {code}: {flags[code]} flags, precision {hits[code] / flags[code]:.2f}")
    print(f"  recall (relevant spans reached by any check): {len([r for r in reached if r[1] is not None])}/{total}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("wmt", "mqm", "all"), default="all")
    parser.add_argument("--limit", type=int, default=1000, help="segments per file (0 = all)")
    parser.add_argument("--no-source", action="store_true", help="WMT without sources (TQ410's setting)")
    args = parser.parse_args()
    limit = args.limit or None
    if args.part in ("wmt", "all"):
        wmt(limit, args.no_source)
    if args.part in ("mqm", "all"):
        for name in ("ende", "zhen"):
            mqm(name, None)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
