"""Applying a segment's edits to the file it came from, every other byte kept as it was.

An edit is in the segment's text; the file may write that text escaped (`&amp;` in XLIFF, `\\"` in
JSON and PO, `""` in a quoted CSV cell). The segment's anchor (`model.Anchor`) says where the text
lies in the file. Each edit's stretch of the file is read back and decoded the format's way: only
when it is exactly the text the check saw is it replaced, by the suggestion escaped the format's
way. Anything else (a span across an inline tag, a PO string continued on the next line) is left
alone and reported as not applied, so a fix can never damage markup, entities or other fields.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from tqcheck.fixes.edits import Edit
from tqcheck.model import Segment

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as the text readers split lines (bytes.splitlines)
_UNESCAPED_QUOTE = regex.compile(r'(?<!\\)(?:\\\\)*"')


@dataclass(frozen=True, slots=True)
class Placed:
    """An edit placed in the file: replace `start:end` of the file's text with `raw`."""

    start: int
    end: int
    raw: str
    edit: Edit
    whole: bool = False  # the edit removes the segment's line (an article's paragraph)


@dataclass(frozen=True, slots=True)
class Refused:
    """An edit that could not be applied in place, and why."""

    edit: Edit
    reason: str


class FileText:
    """One input file's decoded text (newlines as they are) and where each of its lines starts."""

    def __init__(self, text: str, fmt: str) -> None:
        self.text = text
        self.fmt = fmt
        self.line_starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
        self.bom = 1 if text.startswith("\ufeff") else 0

    def offset(self, line: int, column: int) -> int | None:
        """The offset of 1-based `line` and `column`, or None when there is no such line."""
        if not 1 <= line <= len(self.line_starts):
            return None
        return self.line_starts[line - 1] + column - 1 + (self.bom if line == 1 else 0)

    def place(self, segment: Segment, edit: Edit) -> Placed | Refused:
        """Where `edit` of `segment`'s target goes in this file, escaped as the file writes text."""
        target = segment.target
        anchor = segment.anchors.get("target")
        if anchor is not None:
            if not anchor.points:
                return Refused(edit, "the file does not say where the text is")
            start, end = self._through_anchor(anchor.points, edit.start), self._through_anchor(anchor.points, edit.end)
        elif segment.line is not None and not segment.anchors:
            start, end = self.offset(segment.line, edit.start + 1), self.offset(segment.line, edit.end + 1)
        else:
            return Refused(edit, "the file does not say where the text is")
        if start is None or end is None or not 0 <= start <= end <= len(self.text):
            return Refused(edit, "the text is not where the reader found it")
        codec = _CODECS.get(self.fmt, _CODECS["lines"])
        quoted = self.fmt == "csv" and start > 0 and anchor is not None and self._quoted_cell(anchor.points)
        raw = self.text[start:end]
        if codec.decode(raw, quoted) != target[edit.start:edit.end]:
            return Refused(edit, "the text is escaped or split in the file")
        if not edit.replacement and not target[:edit.start].strip() and not target[edit.end:].strip():
            return self._whole_segment(segment, edit)
        encoded = codec.encode(edit.replacement, quoted)
        if encoded is None:
            return Refused(edit, f"the suggestion cannot be written in a {self.fmt} field as it is")
        return Placed(start, end, encoded, edit)

    def _through_anchor(self, points: tuple[tuple[int, int, int], ...], offset: int) -> int | None:
        """The file offset of text offset `offset`: the text is verbatim after its last point."""
        base, line, column = points[0]
        for point in points:
            if point[0] > offset:
                break
            base, line, column = point
        at = self.offset(line, column)
        return None if at is None or offset < base else at + offset - base

    def _quoted_cell(self, points: tuple[tuple[int, int, int], ...]) -> bool:
        first = self.offset(points[0][1], points[0][2])
        return first is not None and first > 0 and self.text[first - 1] == '"'

    def _whole_segment(self, segment: Segment, edit: Edit) -> Placed | Refused:
        """Deleting all of a segment's text: in an article, its paragraph (line) goes, with the blank line
        before it; elsewhere it would leave an empty translation, so it is not done."""
        if self.fmt != "article" or segment.line is None:
            return Refused(edit, "it would leave the translation empty")
        index = segment.line - 1
        start = self.line_starts[index]
        end = self.line_starts[index + 1] if index + 1 < len(self.line_starts) else len(self.text)
        if index > 0 and not self.text[self.line_starts[index - 1]:start].strip():
            start = self.line_starts[index - 1]  # the blank line that separated it from the paragraph before
        return Placed(start, end, "", edit, whole=True)


def rewritten(file: FileText, placed: Iterable[Placed]) -> tuple[str, list[Placed], list[Refused]]:
    """The file's text with the placed edits applied (an edit overlapping an earlier one is refused)."""
    pieces: list[str] = []
    done: list[Placed] = []
    refused: list[Refused] = []
    at = 0
    for item in sorted(placed, key=lambda item: (item.start, item.end)):
        if item.start < at:
            refused.append(Refused(item.edit, "it overlaps another fix"))
            continue
        pieces.append(file.text[at:item.start])
        pieces.append(item.raw)
        at = item.end
        done.append(item)
    pieces.append(file.text[at:])
    return "".join(pieces), done, refused


@dataclass(frozen=True, slots=True)
class _Codec:
    """How a format writes text: decode a raw stretch (None: not plain text), encode a suggestion."""

    decode: Callable[[str, bool], str | None]
    encode: Callable[[str, bool], str | None]


def _plain_encode(text: str, _quoted: bool) -> str | None:
    return None if "\n" in text or "\r" in text else text


def _json_decode(raw: str, _quoted: bool) -> str | None:
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _xml_decode(raw: str, _quoted: bool) -> str | None:
    return None if "<" in raw or "]]>" in raw else html.unescape(raw)


def _xml_encode(text: str, _quoted: bool) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _po_decode(raw: str, _quoted: bool) -> str | None:
    import polib

    return None if _UNESCAPED_QUOTE.search(raw) else polib.unescape(raw)


def _po_encode(text: str, _quoted: bool) -> str:
    import polib

    return str(polib.escape(text))


def _csv_decode(raw: str, quoted: bool) -> str | None:
    return raw.replace('""', '"') if quoted else raw


def _csv_encode(text: str, quoted: bool) -> str | None:
    if quoted:
        return text.replace('"', '""')
    return None if any(mark in text for mark in ',"\r\n') else text


def _tsv_encode(text: str, _quoted: bool) -> str | None:
    return None if any(mark in text for mark in "\t\r\n") else text


_CODECS = {
    "lines": _Codec(lambda raw, _quoted: raw, _plain_encode),
    "article": _Codec(lambda raw, _quoted: raw, _plain_encode),
    "jsonl": _Codec(_json_decode, lambda text, _quoted: json.dumps(text, ensure_ascii=False)[1:-1]),
    "xliff": _Codec(_xml_decode, _xml_encode),
    "tmx": _Codec(_xml_decode, _xml_encode),
    "po": _Codec(_po_decode, _po_encode),
    "csv": _Codec(_csv_decode, _csv_encode),
    "tsv": _Codec(lambda raw, _quoted: raw, _tsv_encode),
}
FIXABLE_FORMATS = frozenset(_CODECS)
