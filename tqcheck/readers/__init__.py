"""Turn input files into a stream of Segments. One module per format; this one sniffs and dispatches.

Formats:
- `lines`: line-aligned plain text (target plus optional --source/--reference/--backtranslation/--docs)
- `article`: one paragraph per line, blank lines skipped, the file is one document
- `articles`: a directory of article files, one document each
- `tsv`, `csv`: header row naming the columns; `jsonl`: one JSON object per line
- `parquet`: the same columns in a Parquet file, streamed by record batch; may be an object-store URI
- `xliff` (XLIFF 1.2 and 2.0), `tmx`, `po` (gettext PO/POT): localization pipeline files, inline codes
  kept as placeholders and anchors pointing into the file
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
from tqcheck.storage import as_location, is_uri, suffix

FORMATS = ("lines", "article", "articles", "tsv", "csv", "jsonl", "parquet", "xliff", "tmx", "po")
_BY_SUFFIX = {".tsv": "tsv", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
              ".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx", ".po": "po", ".pot": "po"}


def sniff_format(path: Path, *, aligned: bool = False) -> str:
    """The format of `path`: by suffix, else `lines` when companion files are given, else `article`."""
    if path.is_dir():
        return "articles"
    if path.suffix.lower() in _BY_SUFFIX:
        return _BY_SUFFIX[path.suffix.lower()]
    return "lines" if aligned else "article"


def read_segments(target: Path, *, source: Path | None = None, reference: Path | None = None,
                  backtranslation: Path | None = None, docs: Path | None = None, fmt: str | None = None,
                  encoding: str = "utf-8", src_lang: str | None = None,
                  tgt_lang: str | None = None) -> Iterator[Segment]:
    """Validate the inputs eagerly (existence, encoding name, line counts), then stream segments.

    `src_lang`/`tgt_lang` pick the language pair of a TMX file (other formats carry or ignore them).
    """
    encoding = check_encoding(encoding)
    if encoding.startswith(("utf-16", "utf-32")):
        raise InputError(f"{encoding} input is not supported; convert it to UTF-8 first", str(target))
    companions = {"--source": source, "--reference": reference, "--backtranslation": backtranslation,
                  "--docs": docs}
    given = [flag for flag, path in companions.items() if path is not None]
    location = as_location(target)
    if is_uri(location) or (fmt or sniff_format(target, aligned=bool(given))) == "parquet":
        return _read_parquet(location, fmt, given)
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
    # The pipeline formats import lxml / polib: only when such a file is read (start-up).
    if fmt == "xliff":
        from tqcheck.readers.xliff import read_xliff

        return read_xliff(target)
    if fmt == "tmx":
        from tqcheck.readers.tmx import read_tmx

        return read_tmx(target, src_lang=src_lang, tgt_lang=tgt_lang)
    if fmt == "po":
        from tqcheck.readers.po import read_po

        return read_po(target, encoding=encoding)
    return read_table(target, delimiter="\t" if fmt == "tsv" else ",", encoding=encoding)


def _read_parquet(location: str, fmt: str | None, given: list[str]) -> Iterator[Segment]:
    """Parquet from a local path or a URI (the only format read from object stores by the local engine)."""
    if (fmt or _BY_SUFFIX.get(suffix(location))) != "parquet":
        raise InputError("only Parquet input can be read from a URI here (or use --engine ray)", location)
    if given:
        raise InputError(f"{given[0]} only applies to line-aligned text; for parquet input put it in a column",
                         location)
    from tqcheck.readers.parquet import read_parquet

    return read_parquet(location)


__all__ = ["FORMATS", "read_segments", "sniff_format"]
