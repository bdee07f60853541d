"""gettext PO/POT catalogues, read with polib: msgid = source, msgstr = target.

The file is one document. The header entry (empty msgid) and obsolete `#~` entries are
skipped, and so are untranslated entries (empty msgstr: nothing to check yet). Plural
entries give one segment per `msgstr[N]` (source: msgid for form 0, msgid_plural for the
others). Segment ids are stable across re-extraction: a hash of msgctxt and msgid (plus
`[N]` for a plural form). msgctxt, comments, flags (a `fuzzy` entry gets `fuzzy = "yes"`)
and occurrences go into `meta`. Anchors point at the text inside the quoted strings, with a
point at each string line and after each escape (`\\n`, `\\"`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import polib

from tqcheck.errors import InputError
from tqcheck.model import Anchor, Segment
from tqcheck.readers.textfile import iter_lines

Point = tuple[int, int, int]
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_KEYWORD = re.compile(r'^(?P<key>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(?=")')
_QUOTED = re.compile(r'"(?P<body>(?:[^"\\]|\\.)*)"\s*$')
_ESCAPE = re.compile(r"\\(.)")
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
                for segment in _segments(entry, lines, path)]
    if not segments:
        raise InputError("no translated entries in this PO file", str(path))
    return iter(segments)


def entry_id(msgctxt: str | None, msgid: str) -> str:
    """A stable id for an entry: the first 12 hex digits of SHA-1 over msgctxt and msgid."""
    key = f"{msgctxt}\x04{msgid}" if msgctxt is not None else msgid
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _segments(entry: polib.POEntry, lines: list[str], path: Path) -> Iterator[Segment]:
    blocks = _blocks(lines, entry.linenum)
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


def _segment(ident: str, source: str, target: str, blocks: dict[str, list[Point]], source_key: str,
             target_key: str, path: Path, linenum: int, meta: dict[str, str]) -> Segment:
    anchors: dict[str, Anchor] = {}
    for name, key in (("target", target_key), ("source", source_key)):
        if blocks.get(key):
            anchors[name] = Anchor(str(path), tuple(blocks[key]))
    if not anchors:
        anchors["record"] = Anchor(str(path), ())
    line = blocks[target_key][0][1] if blocks.get(target_key) else linenum
    target, source = target.translate(_SHOW_BREAKS), source.translate(_SHOW_BREAKS)
    meta = {key: value.translate(_SHOW_BREAKS) for key, value in meta.items()}
    return Segment(id=ident, target=target, source=source, doc_id=path.name, line=line, origin=str(path),
                   meta=MappingProxyType(meta), anchors=MappingProxyType(anchors))


def _blocks(lines: list[str], start: int) -> dict[str, list[Point]]:
    """Anchor points of each keyword's string (`msgid`, `msgstr[0]`, ...) in the entry at line `start`.

    polib numbers an entry from its first line (comments included); its strings follow as a
    keyword line and `"..."` continuation lines. Text offsets count unescaped characters.
    """
    blocks: dict[str, list[Point]] = {}
    current: list[Point] | None = None
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
            current = blocks.setdefault(keyword.group("key"), [])
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
        current.append((length, number, column))
        body = quoted.group("body")
        consumed = 0
        for escape in _ESCAPE.finditer(body):
            length += escape.start() - consumed + 1
            consumed = escape.end()
            current.append((length, number, column + consumed))
        length += len(body) - consumed
    return blocks
