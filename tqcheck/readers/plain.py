"""Line-aligned plain text: a target file plus optional source/reference/back-translation files.

Line N of every file belongs to segment N. An optional docs file (one `doc_id` or
`domain<TAB>doc_id` per line, the WMT convention) groups lines into documents; without
one, the file is one document named after it (like an article), so document-level
checks (name consistency, mixed quotes) see the whole text.
Line counts are compared before anything is read, so a mismatch fails at once.

With companion files, each segment gets an anchor per field (`target`, `source`, `reference`,
`backtranslation`) at column 1 of line N of that field's own file, so an issue in the source is
placed in the source file (`source.en:3:14`), not on the target's line. A target file alone
gets no anchors: its segments are located by `line` and `origin`, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

from tqcheck.errors import InputError
from tqcheck.model import Anchor, Segment
from tqcheck.readers.textfile import count_lines, iter_lines


def read_plain(target: Path, *, source: Path | None = None, reference: Path | None = None,
               backtranslation: Path | None = None, docs: Path | None = None,
               encoding: str = "utf-8") -> Iterator[Segment]:
    """Stream one Segment per line of `target`, zipped with the companion files."""
    companions = {name: path for name, path in
                  (("source", source), ("reference", reference), ("backtranslation", backtranslation),
                   ("docs", docs)) if path is not None}
    expected = count_lines(target, "target")
    if expected == 0:
        raise InputError("empty input: no lines to check", str(target))
    for name, path in companions.items():
        got = count_lines(path, name)
        if got != expected:
            raise InputError(f"line counts differ: target {target} has {expected} lines, "
                             f"{name} {path} has {got}", str(path))
    return _zip_lines(target, companions, encoding)


_NO_ANCHORS: MappingProxyType[str, Anchor] = MappingProxyType({})


def _zip_lines(target: Path, companions: dict[str, Path], encoding: str) -> Iterator[Segment]:
    streams = {name: iter_lines(path, encoding, name) for name, path in companions.items()}
    origin = str(target)
    # Where each field's line lies: its own file (the docs file holds no text to place).
    files = {"target": origin, **{name: str(path) for name, path in companions.items() if name != "docs"}}
    for number, text in iter_lines(target, encoding, "target"):
        row = {name: next(stream)[1] for name, stream in streams.items()}
        doc_id = parse_doc_line(row.pop("docs"), companions["docs"], number) if "docs" in row else target.name
        anchors = MappingProxyType({name: Anchor(path, ((0, number, 1),)) for name, path in files.items()}
                                   ) if len(files) > 1 else _NO_ANCHORS
        yield Segment(id=str(number), target=text, source=row.get("source"), reference=row.get("reference"),
                      backtranslation=row.get("backtranslation"), doc_id=doc_id, line=number, origin=origin,
                      anchors=anchors)


def parse_doc_line(text: str, path: Path, number: int) -> str:
    """The document id of one docs-file line: `doc_id` or `domain<TAB>doc_id`."""
    fields = text.split("\t")
    if len(fields) > 2:
        raise InputError(f"expected `doc_id` or `domain<TAB>doc_id`, got {len(fields)} columns", str(path), number)
    doc_id = fields[-1].strip()
    if not doc_id:
        raise InputError("empty document id", str(path), number)
    return doc_id
