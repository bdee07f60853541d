"""Shared XML plumbing for the XLIFF and TMX readers.

- `parse_xml` reads a file with lxml's XXE-safe settings (no entity resolution, no network,
  no huge trees) and turns every failure into one `InputError` line with the line number.
- `InlineText` renders an element's mixed content as segment text: the text as is, and each
  inline code (`<g>`, `<x/>`, `<bpt>`, `<pc>`, `<ph/>`, ...) as a compact placeholder such as
  `<g1>`, `</g1>` or `<x2/>`, which the placeholder checks (TQ56x) compare between source and
  target and which the other checks leave alone (they are not HTML, see TQ552).
- Anchors: lxml says on which line an element ends its start tag, not where its text is. To
  give exact columns, `RawMap` lexes the decoded file once for its tags (skipping comments,
  CDATA and processing instructions), pairs them with lxml's elements in document order, and
  maps each text run of an element back to file positions, adding a point after every entity,
  character reference, CDATA marker, comment or tag. The structure always comes from lxml;
  wherever the lexed file and lxml's tree disagree the field simply gets no columns.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tqcheck.errors import InputError
from tqcheck.model import Anchor
from tqcheck.readers.textfile import check_readable_file

Point = tuple[int, int, int]

_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False,
                   "remove_comments": True, "remove_pis": True}
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_LXML_POSITION = re.compile(r",? line \d+, column \d+(?: \([^)]*\))?$")


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (`trans-unit` for `{urn:...:1.2}trans-unit`)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct child elements called `name`, in any namespace."""
    return [child for child in element if local_name(child) == name]


def parse_xml(path: Path, kind: str) -> tuple[etree._Element, str | None]:
    """The root element of `path` and the file's decoded text (None if it cannot be decoded).

    `kind` (XLIFF, TMX) names the format in messages.
    """
    check_readable_file(path, "input")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read input file: {exc.strerror}", str(path)) from None
    if not data.strip():
        raise InputError(f"empty input: no {kind} document", str(path))
    raw = _decode(data, path)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = _LXML_POSITION.sub("", str(exc.msg or exc)).replace("\n", " ").strip()
        line, column = exc.position if exc.position else (exc.lineno or None, None)
        where = f" (column {column})" if column else ""
        raise InputError(f"malformed {kind}: {message}{where}", str(path), line or None) from None
    except (etree.LxmlError, ValueError) as exc:
        raise InputError(f"malformed {kind}: {str(exc).splitlines()[0] if str(exc) else 'unreadable'}",
                         str(path)) from None
    if root is None:
        raise InputError(f"empty input: no {kind} document", str(path))
    return root, raw


def _decode(data: bytes, path: Path) -> str | None:
    """The file as text for column mapping; invalid UTF-8 is an InputError like the text readers'."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    declared = _DECLARED_ENCODING.match(data.lstrip(codecs.BOM_UTF8))
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zlib, hex, uu: bytes codecs, not text
        raise InputError(f"the XML declaration names encoding {ascii(encoding)}, which is not a character "
                         "encoding; save the file as UTF-8", str(path), 1)
    encoding = info.name
    text = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return text.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            return None
        offset = exc.start + (len(data) - len(text))
        line = data.count(b"\n", 0, offset) + 1
        raise InputError(f"invalid UTF-8 at byte offset {offset} (byte 0x{data[offset]:02x}); re-encode the "
                         "file as UTF-8 or declare its encoding in the XML declaration", str(path), line) from None


# --- raw file positions -------------------------------------------------------------------------

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|<(?P<close>/?)(?P<name>[^\s/>!?]+)(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(?P<empty>/?)>",
    re.DOTALL,
)
_IN_TEXT = re.compile(r"<!\[CDATA\[(?P<cdata>.*?)\]\]>|<!--.*?-->|<\?.*?\?>|&(?P<ref>[^;&<\s]{1,40});|\r\n?",
                      re.DOTALL)
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _NoColumns(Exception):
    """The lexed file and lxml's tree disagree here: give line numbers only."""


@dataclass(frozen=True, slots=True)
class _Extent:
    """Where an element lies in the raw text: its start tag, content, and end."""

    start: int
    content_start: int
    content_end: int
    end: int


class RawMap:
    """Positions of lxml elements in the decoded file, for `Anchor` points."""

    def __init__(self, raw: str, root: etree._Element) -> None:
        self.raw = raw
        self.line_starts = [0] + [match.end() for match in _LINE_BREAK.finditer(raw)]
        self.extents: dict[etree._Element, _Extent] = {}
        elements = list(root.iter(etree.Element))
        extents = self._lex(raw)
        if len(elements) != len(extents):
            return
        for element, (name, extent) in zip(elements, extents):
            if name != local_name(element):
                self.extents.clear()
                return
            self.extents[element] = extent

    @staticmethod
    def _lex(raw: str) -> list[tuple[str, _Extent]]:
        """(local name, extent) of every element, in document (start tag) order."""
        found: list[tuple[str, _Extent] | None] = []
        stack: list[tuple[int, str, int, int]] = []
        for match in _TOKEN.finditer(raw):
            name = match.group("name")
            if name is None:
                continue
            local = name.rsplit(":", 1)[-1]
            if match.group("close"):
                if not stack or stack[-1][1] != local:
                    return []
                index, _local, start, content_start = stack.pop()
                found[index] = (local, _Extent(start, content_start, match.start(), match.end()))
            elif match.group("empty"):
                found.append((local, _Extent(match.start(), match.end(), match.end(), match.end())))
            else:
                stack.append((len(found), local, match.start(), match.end()))
                found.append(None)
        if stack or any(item is None for item in found):
            return []
        return [item for item in found if item is not None]

    @property
    def usable(self) -> bool:
        return bool(self.extents)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of raw offset `offset`."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def extent(self, element: etree._Element) -> _Extent:
        try:
            return self.extents[element]
        except KeyError:
            raise _NoColumns from None

    def text_points(self, start: int, end: int, expected: str, offset: int) -> list[Point]:
        """Points for a text run lying at raw[start:end] that lxml reads as `expected` at text `offset`."""
        points: list[Point] = [(offset, *self.position(start))]
        pieces: list[str] = []
        position = start
        length = offset
        for match in _IN_TEXT.finditer(self.raw, start, end):
            verbatim = self.raw[position:match.start()]
            pieces.append(verbatim)
            length += len(verbatim)
            token = match.group()
            if match.group("cdata") is not None:
                content = _LINE_BREAK.sub("\n", match.group("cdata"))
                inner = match.start("cdata")
                points.append((length, *self.position(inner)))
                pieces.append(content)
                length += len(content)
            elif match.group("ref") is not None:
                pieces.append(_reference(match.group("ref")))
                length += 1
            elif token.startswith("\r"):
                pieces.append("\n")
                length += 1
            position = match.end()
            points.append((length, *self.position(position)))
        pieces.append(self.raw[position:end])
        if "".join(pieces) != expected:
            raise _NoColumns
        return points


def _reference(name: str) -> str:
    if name in _PREDEFINED:
        return _PREDEFINED[name]
    if name.startswith("#"):  # XML's rules, not HTML's (which maps &#x80; to "€" and drops U+FDD0)
        try:
            return chr(int(name[2:], 16) if name[1:2] in ("x", "X") else int(name[1:]))
        except (ValueError, OverflowError):
            raise _NoColumns from None
    raise _NoColumns  # an entity of the document's own DTD, kept unresolved


# --- inline codes -------------------------------------------------------------------------------

# Codes whose content is text to translate: rendered `<g1>` ... `</g1>` around it.
PAIRED = frozenset({"g", "pc", "mrk", "hi"})
# Codes that stand for native markup (content, if any, is that markup): rendered `<x1/>`.
STANDALONE = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "ut", "sc", "ec", "sm", "em"})
_ID_ATTRIBUTES = ("id", "mid", "startRef", "rid", "i", "x")
_ID_CHARS = re.compile(r"[^\w.-]")


def placeholder_id(element: etree._Element, name: str, counters: dict[str, int]) -> str:
    """The id that names a code in its placeholder: its id attribute, else a running number."""
    for attribute in _ID_ATTRIBUTES:
        value = element.get(attribute)
        if value:
            return _ID_CHARS.sub("_", value)[:32]
    counters[name] = counters.get(name, 0) + 1
    return str(counters[name])


@dataclass(slots=True)
class InlineText:
    """An element's content rendered as segment text, with anchor points when the file allows."""

    raw_map: RawMap | None
    pieces: list[str] = field(default_factory=list)
    points: list[Point] | None = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return sum(len(piece) for piece in self.pieces)

    def render(self, element: etree._Element) -> tuple[str, tuple[Point, ...] | None]:
        """Text of `element` and its points; points are None when columns are unknown."""
        if self.raw_map is None or not self.raw_map.usable:
            self.points = None
        self._content(element)
        text = "".join(self.pieces)
        return text, tuple(self.points) if self.points else None

    def _text(self, value: str | None, start: int | None, end: int | None) -> None:
        value = value or ""
        if self.points is not None and self.raw_map is not None and start is not None and end is not None:
            try:
                self.points.extend(self.raw_map.text_points(start, end, value, self.length))
            except _NoColumns:
                self.points = None
        self.pieces.append(value)

    def _code(self, text: str, raw_start: int | None) -> None:
        if self.points is not None and self.raw_map is not None and raw_start is not None:
            self.points.append((self.length, *self.raw_map.position(raw_start)))
        self.tags.append(text)
        self.pieces.append(text)

    def _extent(self, element: etree._Element) -> _Extent | None:
        if self.points is None or self.raw_map is None:
            return None
        try:
            return self.raw_map.extent(element)
        except _NoColumns:
            self.points = None
            return None

    def _content(self, element: etree._Element) -> None:
        extent = self._extent(element)
        nodes = list(element)
        if any(not isinstance(node.tag, str) for node in nodes):
            self.points = None  # an unresolved entity of the document's DTD: text only
        elements = [node for node in nodes if isinstance(node.tag, str)]
        first = self._extent(elements[0]) if elements else None
        text_end = first.start if first else (extent.content_end if extent else None)
        self._text(element.text, extent.content_start if extent else None, text_end)
        position = 0
        for node in nodes:
            if not isinstance(node.tag, str):
                self.pieces.append((node.text or "") + (node.tail or ""))
                continue
            position += 1
            child = self._extent(node)
            self._inline(node, child)
            after = self._extent(elements[position]) if position < len(elements) else None
            tail_end = after.start if after else (extent.content_end if extent else None)
            self._text(node.tail, child.end if child else None, tail_end)

    def _inline(self, node: etree._Element, extent: _Extent | None) -> None:
        name = local_name(node)
        if name == "mrk" and node.get("mtype") == "seg":
            self._content(node)  # XLIFF 1.2 segmentation markers: not a code
            return
        if name in PAIRED:
            ident = placeholder_id(node, name, self.counters)
            self._code(f"<{name}{ident}>", extent.start if extent else None)
            self._content(node)
            self._code(f"</{name}{ident}>", extent.content_end if extent else None)
        elif name in STANDALONE:
            ident = placeholder_id(node, name, self.counters)
            self._code(f"<{name}{ident}/>", extent.start if extent else None)
        elif name == "cp" and (node.get("hex") or "").isalnum():
            try:
                character = chr(int(node.get("hex", ""), 16))
            except (ValueError, OverflowError):
                character = "\ufffd"
            self._code(character, extent.start if extent else None)
            self.tags.pop()
        else:
            self._content(node)  # an unknown element: keep its text


def anchor_for(path: Path, points: tuple[Point, ...] | None) -> Anchor | None:
    return Anchor(str(path), points) if points else None
