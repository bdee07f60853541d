"""TMX translation memories: `<tu>` units with one `<tuv xml:lang>`/`<seg>` per language.

The file is one document. The source language is `--src-lang`, else the header's `srclang`
(unless it is `*all*`); the target language is `--tgt-lang`, else the first other language
of each unit. Languages match by prefix (`en` matches `en-US`). A unit without both languages
is skipped. Segment ids are the `tuid` (else the unit's position); `<note>`s and `<prop>`s go
into `meta`; inline codes (`<bpt>`, `<ept>`, `<ph>`, `<hi>`, `<it>`) become placeholders.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from tqcheck.errors import InputError
from tqcheck.model import Anchor, Segment
from tqcheck.readers.xliff import language, line_only
from tqcheck.readers.xml import InlineText, RawMap, anchor_for, children, local_name, parse_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Segment]:
    """Parse `path` eagerly, pick the language pair, then yield one segment per usable unit."""
    root, raw = parse_xml(path, "TMX")
    if local_name(root) != "tmx":
        raise InputError(f"not a TMX file: the root element is <{local_name(root)}>, not <tmx>", str(path),
                         root.sourceline)
    headers = children(root, "header")
    header_lang = headers[0].get("srclang") if headers else None
    source_lang = src_lang or (header_lang if header_lang and header_lang != "*all*" else None)
    raw_map = RawMap(raw, root) if raw is not None else None
    segments: list[Segment] = []
    seen: set[str] = set()
    languages: set[str] = set()
    for body in children(root, "body"):
        for index, unit in enumerate(children(body, "tu"), start=1):
            variants = [(variant.get(XML_LANG) or variant.get("lang") or "", variant)
                        for variant in children(unit, "tuv")]
            languages.update(lang for lang, _variant in variants if lang)
            segment = _segment(unit, index, variants, source_lang, tgt_lang, path, raw_map, seen)
            if segment is not None:
                segments.append(segment)
    if not segments:
        found = ", ".join(sorted(languages)) or "none"
        raise InputError(f"no translation units with both a source ({source_lang or 'unknown'}) and a target "
                         f"({tgt_lang or 'any other language'}) variant; languages in the file: {found}; "
                         "pass --src-lang and --tgt-lang", str(path))
    return iter(segments)


def _matches(tag: str, wanted: str) -> bool:
    tag, wanted = tag.lower().replace("_", "-"), wanted.lower().replace("_", "-")
    return tag == wanted or tag.startswith(wanted + "-") or wanted.startswith(tag + "-")


def _segment(unit: etree._Element, index: int, variants: list[tuple[str, etree._Element]], src_lang: str | None,
             tgt_lang: str | None, path: Path, raw_map: RawMap | None, seen: set[str]) -> Segment | None:
    if src_lang is None:
        return None
    source = next((pair for pair in variants if _matches(pair[0], src_lang)), None)
    if tgt_lang:
        target = next((pair for pair in variants if _matches(pair[0], tgt_lang)), None)
    else:
        target = next((pair for pair in variants if pair[0] and not _matches(pair[0], src_lang)), None)
    if source is None or target is None:
        return None
    source_seg, target_seg = children(source[1], "seg"), children(target[1], "seg")
    if not target_seg:
        return None
    ident = unit.get("tuid") or str(index)
    if ident in seen:
        ident = f"{ident}#{index}"
    seen.add(ident)
    meta = {"unit_id": unit.get("tuid") or str(index)}
    notes = [" ".join((note.text or "").split()) for note in children(unit, "note")]
    if any(notes):
        meta["notes"] = " | ".join(note for note in notes if note)
    for prop in children(unit, "prop"):
        if prop.get("type"):
            meta[f"prop:{prop.get('type')}"] = prop.text or ""
    anchors: dict[str, Anchor] = {}
    target_text, target_points = InlineText(raw_map).render(target_seg[0])
    if (anchor := anchor_for(path, target_points)) is not None:
        anchors["target"] = anchor
    source_text = None
    if source_seg:
        source_text, source_points = InlineText(raw_map).render(source_seg[0])
        if (anchor := anchor_for(path, source_points)) is not None:
            anchors["source"] = anchor
    line = target_points[0][1] if target_points else target_seg[0].sourceline
    return Segment(id=ident, target=target_text, source=source_text, doc_id=path.name, line=line,
                   origin=str(path), src_lang=language(source[0]), tgt_lang=language(target[0]),
                   meta=MappingProxyType(meta), anchors=MappingProxyType(anchors or line_only(path)))
