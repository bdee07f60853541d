"""XLIFF 1.2 (`<trans-unit>`) and XLIFF 2.0 (`<unit>`/`<segment>`) files, the CAT tools' exchange format.

Each `<file>` is one document (`doc_id` = its `original`, else its `id`). Each unit with a
`<target>` becomes a segment (units without one are not translated yet and are skipped); an
XLIFF 2.0 unit gives one segment per `<segment>`. Segment ids are the unit ids (`unit/segment`
for multi-segment 2.0 units), so they stay stable when the file is re-exported. Notes, state,
approval and the resource name go into `meta`; inline codes become placeholders (see
`tqcheck.readers.xml`) and anchors point at the text inside the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from tqcheck.errors import ConfigError, InputError
from tqcheck.lang import normalise_language
from tqcheck.model import Anchor, Segment
from tqcheck.readers.xml import InlineText, RawMap, anchor_for, children, local_name, parse_xml


def read_xliff(path: Path) -> Iterator[Segment]:
    """Parse `path` eagerly (errors surface before any output), then yield its segments."""
    root, raw = parse_xml(path, "XLIFF")
    if local_name(root) != "xliff":
        raise InputError(f"not an XLIFF file: the root element is <{local_name(root)}>, not <xliff>", str(path),
                         root.sourceline)
    version = (root.get("version") or "").strip()
    raw_map = RawMap(raw, root) if raw is not None else None
    reader = _read_v2 if version.startswith("2") else _read_v1
    segments = list(reader(root, path, raw_map))
    if not segments:
        raise InputError("no translation units with a <target> in this XLIFF file", str(path))
    return iter(segments)


def language(tag: str | None) -> str | None:
    """A file's language tag in canonical form, or None when it is missing or not BCP-47."""
    if not tag:
        return None
    try:
        return normalise_language(tag)
    except ConfigError:
        return None


def _read_v1(root: etree._Element, path: Path, raw_map: RawMap | None) -> Iterator[Segment]:
    seen: set[str] = set()
    for number, file_element in enumerate(_descendants(root, "file"), start=1):
        doc_id = file_element.get("original") or f"file-{number}"
        src_lang = language(file_element.get("source-language"))
        tgt_lang = language(file_element.get("target-language"))
        for index, unit in enumerate(_descendants(file_element, "trans-unit"), start=1):
            sources, targets = children(unit, "source"), children(unit, "target")
            if not targets:
                continue
            meta = {"file": doc_id, "unit_id": unit.get("id") or str(index)}
            for attribute in ("approved", "translate", "resname"):
                if unit.get(attribute) is not None:
                    meta[attribute] = unit.get(attribute, "")
            if targets[0].get("state"):
                meta["state"] = targets[0].get("state", "")
            notes = [" ".join((note.text or "").split()) for note in children(unit, "note")]
            if any(notes):
                meta["notes"] = " | ".join(note for note in notes if note)
            yield _segment(_unique(meta["unit_id"], doc_id, seen), doc_id, sources[0] if sources else None,
                           targets[0], path, raw_map, meta, src_lang, tgt_lang, unit)


def _read_v2(root: etree._Element, path: Path, raw_map: RawMap | None) -> Iterator[Segment]:
    src_lang, tgt_lang = language(root.get("srcLang")), language(root.get("trgLang"))
    seen: set[str] = set()
    for number, file_element in enumerate(_descendants(root, "file"), start=1):
        doc_id = file_element.get("original") or file_element.get("id") or f"file-{number}"
        for index, unit in enumerate(_descendants(file_element, "unit"), start=1):
            unit_id = unit.get("id") or str(index)
            notes = [" ".join((note.text or "").split()) for notes in children(unit, "notes")
                     for note in children(notes, "note")]
            segments = children(unit, "segment")
            for position, segment in enumerate(segments, start=1):
                targets = children(segment, "target")
                if not targets:
                    continue
                sources = children(segment, "source")
                meta = {"file": doc_id, "unit_id": unit_id}
                if unit.get("name"):
                    meta["name"] = unit.get("name", "")
                if segment.get("state"):
                    meta["state"] = segment.get("state", "")
                if any(notes):
                    meta["notes"] = " | ".join(note for note in notes if note)
                ident = unit_id if len(segments) == 1 else f"{unit_id}/{segment.get('id') or position}"
                yield _segment(_unique(ident, doc_id, seen), doc_id, sources[0] if sources else None, targets[0],
                               path, raw_map, meta, src_lang, tgt_lang, segment)


def _descendants(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (node for node in element.iter(etree.Element) if local_name(node) == name)


def _unique(ident: str, doc_id: str, seen: set[str]) -> str:
    """Unit ids are unique per `<file>`; qualify a repeated one with its file."""
    if ident in seen:
        ident = f"{doc_id}:{ident}"
    seen.add(ident)
    return ident


def _segment(ident: str, doc_id: str, source: etree._Element | None, target: etree._Element, path: Path,
             raw_map: RawMap | None, meta: dict[str, str], src_lang: str | None, tgt_lang: str | None,
             unit: etree._Element) -> Segment:
    target_text, target_points = InlineText(raw_map).render(target)
    anchors: dict[str, Anchor] = {}
    if (anchor := anchor_for(path, target_points)) is not None:
        anchors["target"] = anchor
    source_text = None
    if source is not None:
        source_text, source_points = InlineText(raw_map).render(source)
        if (anchor := anchor_for(path, source_points)) is not None:
            anchors["source"] = anchor
    line = target_points[0][1] if target_points else target.sourceline
    return Segment(
        id=ident, target=target_text, source=source_text, doc_id=doc_id, line=line or unit.sourceline,
        origin=str(path), src_lang=src_lang, tgt_lang=tgt_lang, meta=MappingProxyType(meta),
        anchors=MappingProxyType(anchors or line_only(path)),
    )


def line_only(path: Path) -> dict[str, Anchor]:
    """Anchors for a record whose columns are unknown: `locate` then gives the segment's line only.

    An anchor under the key `record` with no points is how a reader says "the fields are on
    `segment.line`, columns unknown" (without any anchor `locate` assumes a line-aligned file).
    """
    return {"record": Anchor(str(path), ())}
