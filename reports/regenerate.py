"""Regenerate every example report in reports/ from the samples in corpora/.

    python reports/regenerate.py

Runs the installed `tqcheck` exactly as a user would, with SOURCE_DATE_EPOCH fixed so the
reports only change when tqcheck's findings change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AR = "corpora/news-ar-en"
ZH = "corpora/news-zh-en"
DE = "corpora/news-en-de"
COMMON = ["--fail-on", "never", "--no-color"]

RUNS: list[tuple[str, list[str]]] = [
    ("news-ar-en.txt", ["check", f"{AR}/article-01.en", "--source", f"{AR}/article-01.ar", "--reference",
                        f"{AR}/article-01.ref.en", "--src-lang", "ar", "--tgt-lang", "en", *COMMON]),
    ("news-ar-en.json", ["check", f"{AR}/article-01.en", "--source", f"{AR}/article-01.ar", "--reference",
                         f"{AR}/article-01.ref.en", "--src-lang", "ar", "--tgt-lang", "en", "-f", "json",
                         *COMMON]),
    ("news-zh-en.txt", ["check", f"{ZH}/batch.tsv", "--src-lang", "zh", "--tgt-lang", "en", *COMMON]),
    ("news-zh-en.jsonl", ["check", f"{ZH}/batch.tsv", "--src-lang", "zh", "--tgt-lang", "en", "-f", "jsonl",
                          *COMMON]),
    ("news-en-de.txt", ["check", f"{DE}/batch.jsonl", "--src-lang", "en", "--tgt-lang", "de", *COMMON]),
    ("news-en-de.json", ["check", f"{DE}/batch.jsonl", "--src-lang", "en", "--tgt-lang", "de", "-f", "json",
                         *COMMON]),
    ("news-zh-en.scores.json", ["score", f"{ZH}/mt.en", "-r", f"{ZH}/reference.en", "--src-lang", "zh",
                                "--tgt-lang", "en", "--confidence", "-f", "json"]),
]


def main() -> int:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "NO_COLOR": "1", "COLUMNS": "110"}
    for name, args in RUNS:
        out = ROOT / "reports" / name
        done = subprocess.run(["tqcheck", *args, "-o", str(out.relative_to(ROOT))] if "-o" not in args else
                              ["tqcheck", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            print(f"{name}: tqcheck failed: {done.stderr.strip()}", file=sys.stderr)
            return 1
        print(f"wrote reports/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
