"""Column/key names shared by the tabular readers (TSV, CSV, JSONL): aliases and the row -> Segment step."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from tqcheck.errors import InputError
from tqcheck.model import Anchor, Segment

ALIASES: dict[str, str] = {
    "target": "target", "tgt": "target", "mt": "target", "hyp": "target", "hypothesis": "target",
    "translation": "target",
    "source": "source", "src": "source",
    "reference": "reference", "ref": "reference",
    "backtranslation": "backtranslation", "back_translation": "backtranslation", "bt": "backtranslation",
    "doc_id": "doc_id", "doc": "doc_id", "document": "doc_id",
    "id": "id", "seg_id": "id", "segment_id": "id",
    "src_lang": "src_lang", "tgt_lang": "tgt_lang",
}


def canonical(name: str) -> str | None:
    """The field a column name stands for, or None for a metadata column."""
    return ALIASES.get(name.strip().lower())


def row_to_segment(row: Mapping[str, str | None], meta: Mapping[str, str], path: Path, line: int,
                   index: int, anchors: Mapping[str, Anchor] | None = None) -> Segment:
    """Build a Segment from canonical fields; `index` is the 1-based record number."""
    target = row.get("target")
    if target is None:
        raise InputError("record has no target text", str(path), line)
    return Segment(
        id=row.get("id") or str(index),
        target=target,
        source=row.get("source"),
        reference=row.get("reference"),
        backtranslation=row.get("backtranslation"),
        doc_id=row.get("doc_id") or None,
        line=line,
        origin=str(path),
        src_lang=row.get("src_lang") or None,
        tgt_lang=row.get("tgt_lang") or None,
        meta=MappingProxyType(dict(meta)) if meta else MappingProxyType({}),
        anchors=MappingProxyType(dict(anchors)) if anchors else MappingProxyType({}),
    )
