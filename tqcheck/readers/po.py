"""gettext PO/POT catalogues, read with polib: msgid = source, msgstr = target.

The file is one document. The header entry (empty msgid) and obsolete `#~` entries are
skipped, and so are untranslated entries (empty msgstr: nothing to check yet). Plural
entries give one segment per `msgstr[N]` (source: msgid for form 0, msgid_plural for the
others). Segment ids are stable across re-extraction: a hash of msgctxt and msgid (plus
`[N]` for a plural form). msgctxt, comments, flags (a `fuzzy` entry gets `fuzzy = "yes"`)
and occurrences go into `meta`. Anchors point at the text inside the quoted strings, with a
point at each string line and after each escape (`\\n`, `\\"`).

Strings are decoded here, from the file's own lines, the way msgfmt reads them: the named C escapes
(`\\n \\t \\v \\a \\"` ...) and octal and hex byte escapes (`\\101`, `\\303\\251`, `\\x41`),
whose bytes are in the catalogue's encoding. polib decodes only the named ones, so its text and the
columns of the anchors would disagree.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import polib

from tqcheck.errors import ConfigError, InputError
from tqcheck.lang import normalise_language
from tqcheck.model import Anchor, Segment
from tqcheck.readers.textfile import iter_lines

Point = tuple[int, int, int]
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_KEYWORD = re.compile(r'^(?P<key>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(?=")')
_QUOTED = re.compile(r'"(?P<body>(?:[^"\\]|\\.)*)"\s*$')
# One C escape: octal (1-3 digits), hex, or a named character.
_ESCAPE = re.compile(r"\\(?:(?P<octal>[0-7]{1,3})|x(?P<hex>[0-9A-Fa-f]+)|(?P<named>.))", re.DOTALL)
_NAMED = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a", "\\": "\\", '"': '"',
          "'": "'", "?": "?"}
# Characters Python's str.splitlines() takes for line breaks although a PO file does not (polib splits
# the file with it): a vertical tab or U+2028 inside a string would be a syntax error. They are hidden
# behind private-use characters (one code point each, so offsets hold) while polib parses.
_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_HIDE_BREAKS = {ord(char): 0x10FF00 + index for index, char in enumerate(_BREAKS)}
_SHOW_BREAKS = {hidden: char for char, hidden in _HIDE_BREAKS.items()}


def read_po(path: Path, *, encoding: str = "utf-8") -> Iterator[Segment]:
    """Parse `path` eagerly (syntax errors name their line), then yield the translated entries."""
    lines = [text for _number, text in iter_lines(path, encoding, "PO")]
    if not any(line.strip() for line in lines):
        raise InputError("empty input: no PO entries", str(path))
    try:
        catalogue = polib.pofile("\n".join(lines).translate(_HIDE_BREAKS) + "\n", wrapwidth=0)
    except (OSError, ValueError, UnicodeError, IndexError, KeyError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        found = _POLIB_LINE.search(message)
        message = _POLIB_LINE.sub("", message).replace("in po file", "").strip(" :")
        raise InputError(f"malformed PO: {message or 'syntax error'}", str(path),
                         int(found.group(1)) if found else None) from None
    segments = [segment for entry in catalogue if not entry.obsolete and entry.msgid
                for segment in _segments(entry, lines, path, encoding)]
    if not segments:
        raise InputError("no translated entries in this PO file", str(path))
    target = _header_language(catalogue.metadata.get("Language"))
    source = _header_language(catalogue.metadata.get("X-Source-Language"))
    if target or source:  # the catalogue says its languages: they are the segments' (and so the run's)
        segments = [replace(segment, tgt_lang=target, src_lang=source) for segment in segments]
    return iter(segments)


def _header_language(value: str | None) -> str | None:
    """A header's language (`de`, `pt_BR`) as a BCP-47 tag; None when absent or not a language code."""
    if not value or not value.strip():
        return None
    try:
        return normalise_language(value.strip())
    except ConfigError:
        return None


def entry_id(msgctxt: str | None, msgid: str) -> str:
    """A stable id for an entry: the first 12 hex digits of SHA-1 over msgctxt and msgid."""
    key = f"{msgctxt}\x04{msgid}" if msgctxt is not None else msgid
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _segments(entry: polib.POEntry, lines: list[str], path: Path, encoding: str) -> Iterator[Segment]:
    blocks = _blocks(lines, entry.linenum, path, encoding)
    meta = {}
    if entry.msgctxt is not None:
        meta["msgctxt"] = entry.msgctxt
    if entry.comment:
        meta["comment"] = entry.comment
    if entry.tcomment:
        meta["translator_comment"] = entry.tcomment
    if entry.flags:
        meta["flags"] = ", ".join(entry.flags)
    if "fuzzy" in entry.flags:
        meta["fuzzy"] = "yes"
    if entry.occurrences:
        meta["occurrences"] = " ".join(f"{file}:{line}" if line else file for file, line in entry.occurrences)
    base = entry_id(entry.msgctxt, entry.msgid)
    if entry.msgid_plural:
        for form, target in sorted(entry.msgstr_plural.items()):
            if not target:
                continue
            source_key, source = ("msgid", entry.msgid) if int(form) == 0 else ("msgid_plural", entry.msgid_plural)
            yield _segment(f"{base}[{form}]", source, target, blocks, source_key, f"msgstr[{form}]", path,
                           entry.linenum, {**meta, "plural_form": str(form)})
    elif entry.msgstr:
        yield _segment(base, entry.msgid, entry.msgstr, blocks, "msgid", "msgstr", path, entry.linenum, meta)


def _segment(ident: str, source: str, target: str, blocks: dict[str, _Block], source_key: str,
             target_key: str, path: Path, linenum: int, meta: dict[str, str]) -> Segment:
    anchors: dict[str, Anchor] = {}
    for name, key in (("target", target_key), ("source", source_key)):
        if key in blocks and blocks[key].points:
            anchors[name] = Anchor(str(path), tuple(blocks[key].points))
    if not anchors:
        anchors["record"] = Anchor(str(path), ())
    line = blocks[target_key].points[0][1] if target_key in blocks and blocks[target_key].points else linenum
    # The strings as decoded here (see the module docstring); polib's where the entry's lines were not found.
    target = blocks[target_key].text if target_key in blocks else target.translate(_SHOW_BREAKS)
    source = blocks[source_key].text if source_key in blocks else source.translate(_SHOW_BREAKS)
    meta = {key: value.translate(_SHOW_BREAKS) for key, value in meta.items()}
    return Segment(id=ident, target=target, source=source, doc_id=path.name, line=line, origin=str(path),
                   meta=MappingProxyType(meta), anchors=MappingProxyType(anchors))


@dataclass
class _Block:
    """One keyword's string (`msgid`, `msgstr[0]`, ...): its decoded text and anchor points."""

    points: list[Point] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def _blocks(lines: list[str], start: int, path: Path, encoding: str) -> dict[str, _Block]:
    """Each keyword's string (`msgid`, `msgstr[0]`, ...) in the entry at line `start`, decoded, with anchors.

    polib numbers an entry from its first line (comments included); its strings follow as a
    keyword line and `"..."` continuation lines. Text offsets count decoded characters.
    """
    blocks: dict[str, _Block] = {}
    current: _Block | None = None
    length = 0
    for number in range(max(start, 1), len(lines) + 1):
        line = lines[number - 1]
        stripped = line.lstrip()
        if not stripped:
            if blocks:
                break
            continue
        if stripped.startswith("#"):
            if blocks:
                break
            continue
        keyword = _KEYWORD.match(stripped)
        if keyword:
            if keyword.group("key") in blocks:
                break  # the next entry
            current = blocks.setdefault(keyword.group("key"), _Block())
            length = 0
            rest_at = len(line) - len(stripped) + keyword.end()
        elif stripped.startswith('"') and current is not None:
            rest_at = len(line) - len(stripped)
        else:
            break
        rest = line[rest_at:]
        quoted = _QUOTED.match(rest.lstrip())
        if quoted is None or current is None:
            break
        column = rest_at + (len(rest) - len(rest.lstrip())) + 2  # 1-based column after the opening quote
        current.points.append((length, number, column))
        length = _decode(quoted.group("body"), current, length, number, column, path, encoding)
    return blocks


def _decode(body: str, block: _Block, length: int, number: int, column: int, path: Path, encoding: str) -> int:
    """Append the decoded text of one quoted string to `block`, with a point after each escape; the new length.

    Consecutive octal and hex escapes are bytes in the catalogue's encoding (`\\303\\251` is one
    `é` in UTF-8) and are decoded together.
    """
    consumed = 0
    pending = bytearray()
    for escape in _ESCAPE.finditer(body):
        if escape.start() > consumed or escape.group("named") is not None:
            length = _flush(pending, block, length, number, column + consumed, path, encoding)
        plain = body[consumed:escape.start()]
        block.pieces.append(plain)
        length += len(plain)
        consumed = escape.end()
        if escape.group("named") is not None:
            named = escape.group("named")
            block.pieces.append(_NAMED.get(named, "\\" + named))  # an unknown escape stays as written
            length += 1 if named in _NAMED else 2
            block.points.append((length, number, column + consumed))
            continue
        value = int(escape.group("octal"), 8) if escape.group("octal") is not None else int(escape.group("hex"), 16)
        if value > 0xFF:
            raise InputError(f"malformed PO: escape {escape.group()[:12]!r} is not a byte", str(path), number)
        pending.append(value)
    length = _flush(pending, block, length, number, column + consumed, path, encoding)
    plain = body[consumed:]
    block.pieces.append(plain)
    return length + len(plain)


def _flush(pending: bytearray, block: _Block, length: int, number: int, column: int, path: Path,
           encoding: str) -> int:
    """Decode the byte escapes gathered in `pending` (then empty it); the new length."""
    if not pending:
        return length
    try:
        text = bytes(pending).decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"malformed PO: escaped bytes {bytes(pending)[:8]!r} are not {encoding}", str(path),
                         number) from None
    pending.clear()
    block.pieces.append(text)
    length += len(text)
    block.points.append((length, number, column))
    return length
