"""Column/key names shared by the tabular readers (TSV, CSV, JSONL): aliases and the row -> Segment step."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from tqcheck.errors import ConfigError, InputError
from tqcheck.lang import normalise_language
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
        src_lang=_language(row.get("src_lang"), "src_lang", path, line),
        tgt_lang=_language(row.get("tgt_lang"), "tgt_lang", path, line),
        meta=MappingProxyType(dict(meta)) if meta else MappingProxyType({}),
        anchors=MappingProxyType(dict(anchors)) if anchors else MappingProxyType({}),
    )


_canonical = lru_cache(maxsize=256)(normalise_language)  # a batch has a handful of distinct tags


def _language(value: str | None, field: str, path: Path, line: int) -> str | None:
    """A row's language column as a canonical BCP-47 tag; anything else is the row's error, not a crash later."""
    if not value or not value.strip():
        return None
    try:
        return _canonical(value)
    except ConfigError:
        raise InputError(f"{field} {ascii(value[:40])} is not a language code (use a BCP-47 tag such as en, de, "
                         "zh-Hans)", str(path), line) from None
