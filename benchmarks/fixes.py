"""What `tqcheck check --fix` does to real MT and to human references (WMT23 in ../shared).

For each pair and system it runs the fix session (the same code as `--fix`) on the line-aligned
output with its source, then prints per check: fixes applied, not applied (and why), taken back,
and how many fixes a human reference gets (a fix that fires on references about as often as on MT
is suspect). `--sample N` writes N random applied fixes (the segment before -> after all fixes) to a
TSV for reading and labelling (right / arguable / wrong).

    python benchmarks/fixes.py --pairs de-en,zh-en --systems ONLINE-B,reference --sample 60 --out fixes.tsv
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from pathlib import Path

from _shared import render_table, require_shared

from tqcheck.fixes.session import fix_session
from tqcheck.request import CheckRequest

_LINES = re.compile(r"\r\n|\r|\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", default="de-en,zh-en,en-de,en-zh,en-ru,ru-en,cs-uk,uk-en,ja-en,en-cs")
    parser.add_argument("--systems", default="ONLINE-B,GPT4-5shot,NLLB_Greedy,reference")
    parser.add_argument("--unsafe", action="store_true", help="apply the unsafe fixes too")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("fixes-sample.tsv"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    wmt = require_shared("corpora/wmt23")
    rows: list[tuple[str, str, str, str, str]] = []
    by_code: dict[str, Counter[str]] = {}
    segments: Counter[str] = Counter()
    for pair in args.pairs.split(","):
        src, tgt = pair.split("-")
        folder = wmt / pair
        if not folder.is_dir():
            continue
        for system in args.systems.split(","):
            path = folder / f"{system}.{tgt}"
            if not path.exists():
                continue
            kind = "reference" if system == "reference" else "MT"
            segments[kind] += sum(1 for _ in path.open(encoding="utf-8"))
            request = CheckRequest(target=path, source=folder / f"source.{src}", src_lang=src, tgt_lang=tgt,
                                   fail_on="never", jobs=1)
            with fix_session(request, request.settings(), unsafe=args.unsafe) as session:
                # Lines as the readers count them (\n, \r\n, \r; not str.splitlines, which also splits at U+2028).
                before = _LINES.split(session.originals.get(path, ""))
                after = _LINES.split(session.text_of(path))
                for edit in session.applied:
                    by_code.setdefault(edit.code, Counter())[f"applied {kind}"] += 1
                    line = int(edit.segment_id) - 1
                    rows.append((pair, system, edit.code, before[line], after[line]))
                for refused in session.refused:
                    by_code.setdefault(refused.edit.code, Counter())["not applied"] += 1
                for edit in session.reverted:
                    by_code.setdefault(edit.code, Counter())["taken back"] += 1
    per_k = {kind: 1000 / count for kind, count in segments.items() if count}
    print(f"segments: MT {segments['MT']}, reference {segments['reference']}")
    print(render_table(["code", "applied MT", "per 1k MT", "applied ref", "per 1k ref", "not applied", "taken back"],
                [[code, counts["applied MT"], f"{counts['applied MT'] * per_k.get('MT', 0):.2f}",
                  counts["applied reference"], f"{counts['applied reference'] * per_k.get('reference', 0):.2f}",
                  counts["not applied"], counts["taken back"]] for code, counts in sorted(by_code.items())]))
    if args.sample:
        random.Random(args.seed).shuffle(rows)
        with args.out.open("w", encoding="utf-8") as out:
            out.write("pair\tsystem\tcode\tbefore\tafter\tlabel\n")
            for row in sorted(rows[:args.sample], key=lambda row: row[2]):
                out.write("\t".join(cell.replace("\t", " ") for cell in row) + "\t\n")
        print(f"wrote {min(args.sample, len(rows))} fixes to {args.out}")


if __name__ == "__main__":
    main()
