"""Articles: one paragraph per line, blank lines skipped, the whole file one document.

A directory of such files is read as one document per file, in name order. Each
paragraph is one segment; offsets are relative to its input line and the line
number is the line in the file, so messages point at what an editor sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.model import Segment
from tqcheck.readers.textfile import iter_lines


def read_article(path: Path, *, doc_id: str | None = None, encoding: str = "utf-8",
                 origin: str | None = None) -> Iterator[Segment]:
    """One Segment per non-blank line of the article at `path`."""
    document = doc_id or path.name
    found = False
    for number, text in iter_lines(path, encoding, "article"):
        if not text.strip():
            continue
        found = True
        yield Segment(id=f"{document}:{number}" if doc_id is not None else str(number), target=text,
                      doc_id=document, line=number, origin=origin or str(path))
    if not found:
        raise InputError("empty input: the article has no text", str(path))


def article_files(directory: Path) -> list[Path]:
    """The article files of a directory: regular, non-hidden files, sorted by name."""
    files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise InputError("empty input: no article files in directory", str(directory))
    return files


def read_article_directory(directory: Path, *, encoding: str = "utf-8") -> Iterator[Segment]:
    """Every article in `directory`, each its own document named after its file."""
    for path in article_files(directory):
        yield from read_article(path, doc_id=path.name, encoding=encoding)
