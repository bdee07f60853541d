"""Many inputs, one run: files, folders and glob patterns expanded into the files to read.

`tqcheck check a.xlf b.po translations/ 'batch/**/*.jsonl'` reads every file as its own format
(by suffix; a file without a known suffix is an article) and each file is one document, or, when
the file has document ids of its own, one document per id (`batch/day1.jsonl#doc-7`). Folders are
walked recursively, hidden files and folders skipped; `include`/`exclude` globs filter what a folder or
a pattern finds, matched against the path below the folder or glob root as .gitignore matches
(`*.po` any PO file, `drafts/*` a `drafts` folder at any depth, `/drafts` only at the top). A file
found that way which is not text (an image in an article folder) is skipped and counted, instead of
failing the run; a file named outright is always read.
"""

from __future__ import annotations

import codecs
import glob
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from pathlib import Path
from types import MappingProxyType

from tqcheck.errors import InputError
from tqcheck.model import Anchor, Segment

_GLOB_MARKS = frozenset("*?[")
_SNIFF_BYTES = 1 << 16
_BINARY_SUFFIXES = frozenset({".parquet"})  # binary by design, read by their own reader


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read, and how it is named in documents (its path as found, below a folder or as given)."""

    path: Path
    document: str
    found: bool  # found in a folder or by a pattern (not named outright): may be skipped when not text


@dataclass(frozen=True)
class Inputs:
    """The files a run reads, in order, and the ones found but skipped (not text)."""

    files: tuple[InputFile, ...]
    skipped: tuple[Path, ...] = field(default=())


def is_pattern(path: Path | str) -> bool:
    """Whether `path` is a glob pattern rather than a file name (it has `*`, `?` or `[` and does not exist)."""
    text = str(path)
    return any(mark in text for mark in _GLOB_MARKS) and not Path(text).exists()


def expand_inputs(targets: Sequence[Path], *, include: Sequence[str] = (), exclude: Sequence[str] = (),
                  encoding: str = "utf-8") -> Inputs:
    """The files named by `targets` (files, folders, glob patterns), in order, each once."""
    files: list[InputFile] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    for target in targets:
        if is_pattern(target):
            matches = sorted(Path(name) for name in glob.glob(str(target), recursive=True))
            root = _pattern_root(str(target))
            found = [(path, _relative(path, root)) for path in matches if path.is_file()]
            if not found:
                raise InputError("no files match this pattern", str(target))
        elif target.is_dir():
            found = [(path, _relative(path, target)) for path in _walk(target)]
            if not found:
                raise InputError("empty input: no files in directory", str(target))
        else:
            found = []
            if target not in seen:
                seen.add(target)
                files.append(InputFile(target, str(target), found=False))
            continue
        for path, below in found:
            if path in seen or not _wanted(below, include, exclude):
                continue
            seen.add(path)
            if not _is_text(path, encoding):
                skipped.append(path)
                continue
            files.append(InputFile(path, below if target.is_dir() and len(targets) == 1 else str(path), found=True))
    if not files:
        raise InputError("no input files to check" + (f" ({len(skipped)} skipped: not text)" if skipped else ""))
    return Inputs(tuple(files), tuple(skipped))


def read_inputs(inputs: Inputs, *, fmt: str | None = None, encoding: str = "utf-8", src_lang: str | None = None,
                tgt_lang: str | None = None, substitutes: Mapping[Path, Path] | None = None) -> Iterator[Segment]:
    """The segments of every file, each file its own document (or documents, prefixed with its name).

    A language not given is each file's own: its header's (XLIFF, TMX, PO), a language column, or
    else detected from the file's first segments, so an English article beside a German PO file is
    checked as English.
    """
    from tqcheck.readers import read_segments, sniff_format
    from tqcheck.readers.article import read_article

    substitutes = substitutes or {}
    for item in inputs.files:
        read = substitutes.get(item.path, item.path)
        kind = fmt if fmt not in (None, "articles") else sniff_format(item.path)
        if kind == "article":
            segments = read_article(read, doc_id=item.document, encoding=encoding, origin=str(item.path))
        else:
            segments = _as_document(read_segments(read, fmt=kind, encoding=encoding, src_lang=src_lang,
                                                  tgt_lang=tgt_lang), item.document)
        if read != item.path:
            segments = (_renamed(segment, read, item.path) for segment in segments)
        if len(inputs.files) > 1 and not (src_lang and tgt_lang):
            segments = _own_languages(segments, src_lang, tgt_lang)
        yield from segments


def _own_languages(segments: Iterator[Segment], src_lang: str | None, tgt_lang: str | None) -> Iterator[Segment]:
    """One file's segments, each with the file's languages where it has none (detected from the first ones)."""
    from itertools import chain, islice

    from tqcheck.lang import DETECTION_SAMPLE, MIN_DETECTION_CONFIDENCE, detect_language

    head = list(islice(segments, DETECTION_SAMPLE))
    found: dict[str, str | None] = {"target": None, "source": None}
    for role, given in (("target", tgt_lang), ("source", src_lang)):
        own = [segment.tgt_lang if role == "target" else segment.src_lang for segment in head]
        texts = [(segment.target if role == "target" else segment.source) or "" for segment in head]
        if given or all(own) or not any(texts):
            continue
        detection = detect_language(texts)
        if detection is not None and detection.confidence >= MIN_DETECTION_CONFIDENCE:
            found[role] = detection.language
    if not any(found.values()):
        yield from chain(head, segments)
        return
    for segment in chain(head, segments):
        yield replace(segment, tgt_lang=segment.tgt_lang or found["target"],
                      src_lang=segment.src_lang or found["source"] if segment.source else segment.src_lang)


def _as_document(segments: Iterator[Segment], name: str) -> Iterator[Segment]:
    """A file's segments as its document: `name`, or `name#id` for the file's own document ids."""
    for segment in segments:
        yield replace(segment, doc_id=name if segment.doc_id is None else f"{name}#{segment.doc_id}")


def _renamed(segment: Segment, read: Path, shown: Path) -> Segment:
    """A segment read from a copy (`read`), placed in the file it stands for (`shown`)."""
    copy, name = str(read), str(shown)
    anchors = {key: Anchor(name, anchor.points) if anchor.path == copy else anchor
               for key, anchor in segment.anchors.items()}
    return replace(segment, origin=name if segment.origin == copy else segment.origin,
                   anchors=MappingProxyType(anchors))


def _walk(folder: Path) -> list[Path]:
    """The regular, non-hidden files below `folder` (hidden folders not entered), sorted by path."""
    found: list[Path] = []
    for path in sorted(folder.rglob("*")):
        below = path.relative_to(folder).parts
        if any(part.startswith(".") for part in below) or not path.is_file():
            continue
        found.append(path)
    return found


def _pattern_root(pattern: str) -> Path:
    """The folder a glob pattern starts from: its parts before the first one with a glob mark."""
    parts: list[str] = []
    for part in Path(pattern).parts:
        if any(mark in part for mark in _GLOB_MARKS):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _wanted(below: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    if include and not any(_matches(below, pattern) for pattern in include):
        return False
    return not any(_matches(below, pattern) for pattern in exclude)


def _matches(below: str, pattern: str) -> bool:
    """Whether a glob matches the path or any part of it, as .gitignore patterns do: `*.po` any PO file,
    `drafts` or `drafts/*` everything in a `drafts` folder at any depth, `/drafts` only at the top."""
    if pattern.startswith("/"):
        return any(fnmatch("/".join(below.split("/")[:end]), pattern[1:]) for end in range(1, below.count("/") + 2))
    parts = below.split("/")
    return any(fnmatch("/".join(parts[start:end]), pattern)
               for start in range(len(parts)) for end in range(start + 1, len(parts) + 1))


def _is_text(path: Path, encoding: str) -> bool:
    """Whether the file's first 64 KiB are text in `encoding`: no NUL byte, and they decode."""
    if path.suffix.lower() in _BINARY_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True  # let the reader say what is wrong with it
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
