"""Turn input files into a stream of Segments. One module per format; this one sniffs and dispatches.

Formats:
- `lines`: line-aligned plain text (target plus optional --source/--reference/--backtranslation/--docs)
- `article`: one paragraph per line, blank lines skipped, the file is one document
- `articles`: a directory of article files, one document each
- `tsv`, `csv`: header row naming the columns; `jsonl`: one JSON object per line
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.model import Segment
from tqcheck.readers.article import read_article, read_article_directory
from tqcheck.readers.jsonl import read_jsonl
from tqcheck.readers.plain import read_plain
from tqcheck.readers.table import read_table
from tqcheck.readers.textfile import check_encoding, check_readable_file

FORMATS = ("lines", "article", "articles", "tsv", "csv", "jsonl")
_BY_SUFFIX = {".tsv": "tsv", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def sniff_format(path: Path, *, aligned: bool = False) -> str:
    """The format of `path`: by suffix, else `lines` when companion files are given, else `article`."""
    if path.is_dir():
        return "articles"
    if path.suffix.lower() in _BY_SUFFIX:
        return _BY_SUFFIX[path.suffix.lower()]
    return "lines" if aligned else "article"


def read_segments(target: Path, *, source: Path | None = None, reference: Path | None = None,
                  backtranslation: Path | None = None, docs: Path | None = None, fmt: str | None = None,
                  encoding: str = "utf-8") -> Iterator[Segment]:
    """Validate the inputs eagerly (existence, encoding name, line counts), then stream segments."""
    encoding = check_encoding(encoding)
    if encoding.startswith(("utf-16", "utf-32")):
        raise InputError(f"{encoding} input is not supported; convert it to UTF-8 first", str(target))
    companions = {"--source": source, "--reference": reference, "--backtranslation": backtranslation,
                  "--docs": docs}
    given = [flag for flag, path in companions.items() if path is not None]
    if not target.exists():
        raise InputError("input file not found", str(target))
    fmt = fmt or sniff_format(target, aligned=bool(given))
    if fmt not in FORMATS:
        raise InputError(f"unknown input format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "articles":
        if not target.is_dir():
            raise InputError("expected a directory of articles", str(target))
    else:
        check_readable_file(target, "input")
    if given and fmt != "lines":
        raise InputError(f"{given[0]} only applies to line-aligned text; for {fmt} input put it in a column "
                         "(or pass --input-format lines)", str(target))
    if fmt == "lines":
        return read_plain(target, source=source, reference=reference, backtranslation=backtranslation,
                          docs=docs, encoding=encoding)
    if fmt == "article":
        return read_article(target, encoding=encoding)
    if fmt == "articles":
        return read_article_directory(target, encoding=encoding)
    if fmt == "jsonl":
        return read_jsonl(target, encoding=encoding)
    return read_table(target, delimiter="\t" if fmt == "tsv" else ",", encoding=encoding)


__all__ = ["FORMATS", "read_segments", "sniff_format"]
