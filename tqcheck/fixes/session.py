"""`tqcheck check --fix`: check, apply the fixes, check the fixed text again, keep only fixes that add nothing.

1. The request is checked as usual; each shown issue of a check that declares a fix gives an edit.
2. The edits are written into copies of the input files (`files.py`: every other byte as it was).
3. The copies are checked again. A segment that now has a finding it did not have before gets its
   edits back out (or, when the new finding is in a segment nothing touched, the whole document's),
   and the copies are checked again: at most `ROUNDS` times, then every document that still gains
   keeps its original text. So a fix never adds a finding.
4. `FixSession.run()` starts the final check of the fixed copies: what remains, for the report.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.errors import InputError
from tqcheck.fixes.edits import Edit, edits_for, fixable_codes
from tqcheck.fixes.files import FIXABLE_FORMATS, FileText, Placed, Refused, rewritten
from tqcheck.model import DocumentResult, Issue, Segment

if TYPE_CHECKING:
    from tqcheck.api import CheckRun
    from tqcheck.config import Settings
    from tqcheck.request import CheckRequest, Say

ROUNDS = 3


@dataclass
class _Document:
    """What the first run found in one document that has edits: its segments in order and their codes."""

    ids: list[str]
    codes: dict[str, Counter[str]]


@dataclass
class FixSession:
    """The fixes of one request: files before and after, what was applied, refused and taken back."""

    request: CheckRequest
    settings: Settings
    workdir: Path
    originals: dict[Path, str] = field(default_factory=dict)  # every file with an edit: its text as read
    fixed: dict[Path, str] = field(default_factory=dict)  # the same files, fixed (only those that changed)
    applied: list[Edit] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    reverted: list[Edit] = field(default_factory=list)  # would have added a finding
    unsafe_available: int = 0  # issues `--unsafe-fixes` would also fix
    languages: tuple[str | None, str | None] = (None, None)
    copies: dict[Path, Path] = field(default_factory=dict)  # input file -> its fixed copy in `workdir`
    deleted: set[tuple[str, str]] = field(default_factory=set)  # segments (document, id) whose line was removed

    def run(self, say: Say | None = None) -> CheckRun:
        """Start the check of the fixed files: the issues that remain."""
        return self._request().start(self.settings, say=say or _silent)

    def text_of(self, path: Path) -> str:
        """The fixed text of input `path` (its text as it was when nothing in it was fixed)."""
        if path in self.fixed:
            return self.fixed[path]
        return self.originals.get(path) or _read(path, self.request.encoding)

    def summary_lines(self, *, would: bool = False) -> list[str]:
        """What the fixes did, a line each: fixed, left to `--unsafe-fixes`, not applied, taken back."""
        count = len(self.applied)
        files = len(self.fixed)
        lines = [f"{'would fix' if would else 'fixed'} {_plural(count, 'issue')}"
                 + (f" in {_plural(files, 'file')}" if count else "")]
        if self.unsafe_available:
            lines.append(f"{_plural(self.unsafe_available, 'more fix', 'more fixes')} with --unsafe-fixes")
        reasons: dict[str, list[str]] = {}
        for refused in self.refused:
            reasons.setdefault(refused.reason, []).append(refused.edit.code)
        for reason, codes in reasons.items():
            lines.append(f"{_plural(len(codes), 'fix', 'fixes')} not applied ({', '.join(sorted(set(codes)))}): "
                         f"{reason}")
        if self.reverted:
            codes = sorted({edit.code for edit in self.reverted})
            lines.append(f"{_plural(len(self.reverted), 'fix', 'fixes')} taken back ({', '.join(codes)}): the "
                         "text checked again had a new finding")
        return lines

    def diff(self) -> str:
        """A unified diff of every changed file, as `git diff` shows one (a/ and b/ prefixes)."""
        import difflib

        pieces: list[str] = []
        for path, text in self.fixed.items():
            name = self._shown(path)
            # git's a/ b/ prefixes for a relative path (`git apply` takes them); an absolute one as it is.
            old, new = (name, name) if Path(name).is_absolute() else (f"a/{name}", f"b/{name}")
            pieces.extend(difflib.unified_diff(
                self.originals[path].splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=old, tofile=new))
            if pieces and not pieces[-1].endswith(("\n", "\r")):
                pieces[-1] += "\n\\ No newline at end of file\n"
        return "".join(pieces)

    def _shown(self, path: Path) -> str:
        return self.request.target_name if self.request.target_name and path == self.request.target else str(path)

    def _request(self) -> CheckRequest:
        """The request with every changed input read from its fixed copy (under the input's name)."""
        src, tgt = self.languages
        return replace(self.request, src_lang=src, tgt_lang=tgt,
                       substitutes={**self.request.substitutes, **self.copies})


Key = tuple[str, str]  # (document id, segment id)


@contextmanager
def fix_session(request: CheckRequest, settings: Settings, *, unsafe: bool = False,
                say: Say | None = None) -> Iterator[FixSession]:
    """Check `request`, apply its fixes to copies of the inputs (in a temporary folder), and yield them."""
    from tqcheck.checks.registry import all_checks

    declared = {info.code: info.fix for info in all_checks()}
    codes = fixable_codes(declared, unsafe=unsafe)
    unsafe_codes = fixable_codes(declared, unsafe=True) - codes
    workdir = Path(tempfile.mkdtemp(prefix="tqcheck-fix-"))
    try:
        session = FixSession(request, settings, workdir)
        first = request.start(settings, say=say or _silent)
        session.languages = (first.info.src_lang, first.info.tgt_lang)
        wanted, documents, segments = _collect(first.results, codes, unsafe_codes, session)
        done = _apply(session, wanted, segments)
        for _ in range(ROUNDS):
            gaining = _gains(session, documents, done)
            if not gaining:
                break
            session.reverted.extend(edit for key in gaining for edit in done.get(key, ()))
            wanted = {key: found for key, found in wanted.items() if key not in gaining}
            done = _apply(session, wanted, segments)
        else:
            still = {doc for doc, _ in _gains(session, documents, done)}
            if still:  # give up on those documents: their text stays as it was
                session.reverted.extend(edit for key, found in done.items() if key[0] in still for edit in found)
                done = _apply(session, {key: found for key, found in wanted.items() if key[0] not in still},
                              segments)
        yield session
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _collect(results: Iterator[DocumentResult], codes: frozenset[str], unsafe_codes: frozenset[str],
             session: FixSession) -> tuple[dict[Key, list[Edit]], dict[str, _Document], dict[Key, Segment]]:
    """The edits of every segment, and the first run's codes of the documents they are in."""
    edits: dict[Key, list[Edit]] = {}
    documents: dict[str, _Document] = {}
    segments: dict[Key, Segment] = {}
    for result in results:
        by_segment: dict[str, list[Issue]] = {}
        for issue in result.issues:
            by_segment.setdefault(issue.segment_id, []).append(issue)
            if issue.code in unsafe_codes and issue.suggestion is not None:
                session.unsafe_available += 1
        doc = str(result.doc_id)
        for segment in result.segments:
            found = edits_for(segment.target, by_segment.get(segment.id, ()), codes)
            if found:
                edits[(doc, segment.id)] = found
                segments[(doc, segment.id)] = segment
        if any(key[0] == doc for key in edits):
            documents[doc] = _Document([segment.id for segment in result.segments],
                                       {segment.id: Counter(issue.code for issue in by_segment.get(segment.id, ()))
                                        for segment in result.segments})
    return edits, documents, segments


def _apply(session: FixSession, edits: Mapping[Key, list[Edit]], segments: Mapping[Key, Segment]
           ) -> dict[Key, list[Edit]]:
    """Write `edits` into fresh copies of their files; returns the edits that were applied, by segment."""
    by_file: dict[Path, list[tuple[Key, Edit]]] = {}
    for key, found in edits.items():
        path = _file_of(session.request, segments[key])
        by_file.setdefault(path, []).extend((key, edit) for edit in found)
    session.applied, session.refused, session.fixed, session.deleted = [], [], {}, set()
    kept: dict[Key, list[Edit]] = {}
    for path, items in by_file.items():
        fmt = _format_of(session.request, path)
        if fmt not in FIXABLE_FORMATS:
            session.refused.extend(Refused(edit, f"fixes are not written into {fmt} files") for _, edit in items)
            continue
        if path not in session.originals:
            session.originals[path] = _read(path, session.request.encoding)
        file = FileText(session.originals[path], fmt)
        placed: list[Placed] = []
        for key, edit in items:
            where = file.place(segments[key], edit)
            if isinstance(where, Refused):
                session.refused.append(where)
            else:
                placed.append(where)
        text, done, refused = rewritten(file, placed)
        session.refused.extend(refused)
        for item in done:
            session.applied.append(item.edit)
            key = _key_of(items, item.edit)
            kept.setdefault(key, []).append(item.edit)
            if item.whole:
                session.deleted.add(key)
        copy = session.copies.get(path) or session.workdir / f"{len(session.copies)}" / path.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        _write(copy, text if done else session.originals[path], session.request.encoding)
        session.copies[path] = copy
        if done:
            session.fixed[path] = text
    return kept


def _key_of(items: list[tuple[Key, Edit]], edit: Edit) -> Key:
    return next(key for key, candidate in items if candidate is edit)


def _gains(session: FixSession, documents: Mapping[str, _Document], edits: Mapping[Key, list[Edit]]) -> set[Key]:
    """The segments whose edits must go back: their segment (or, failing that, their document) now has a
    finding of a code it had fewer of before."""
    if not session.fixed:
        return set()
    gaining: set[Key] = set()
    for result in session.run().results:
        doc = str(result.doc_id)
        before = documents.get(doc)
        if before is None:
            continue
        ids = [segment_id for segment_id in before.ids if (doc, segment_id) not in session.deleted]
        now: dict[str, Counter[str]] = {}
        for issue in result.issues:
            now.setdefault(issue.segment_id, Counter())[issue.code] += 1
        for old_id, segment in zip(ids, result.segments):
            added = now.get(segment.id, Counter()) - before.codes.get(old_id, Counter())
            if not added:
                continue
            if (doc, old_id) in edits:
                gaining.add((doc, old_id))
            else:
                gaining.update(key for key in edits if key[0] == doc)
    return gaining


def _file_of(request: CheckRequest, segment: Segment) -> Path:
    """The input file a segment's target was read from."""
    anchor = segment.anchors.get("target")
    name = anchor.path if anchor is not None else segment.origin
    if name is None or (request.target_name is not None and name == request.target_name):
        return request.target
    return Path(name)


def _format_of(request: CheckRequest, path: Path) -> str:
    """The format the file was read as (`readers.sniff_format`, as the request reads it)."""
    from tqcheck.readers import sniff_format

    if request.input_format and request.input_format != "articles":
        return request.input_format
    if request.many:
        return sniff_format(path)
    return sniff_format(path, aligned=any((request.source, request.reference, request.backtranslation,
                                           request.docs)))


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _silent(_line: str) -> None:
    """Warnings of the re-checks: the first run has said them already."""


def _read(path: Path, encoding: str) -> str:
    try:
        with path.open(encoding=encoding, newline="") as handle:
            return handle.read()
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot read the file to fix: {exc}", str(path)) from None


def _write(path: Path, text: str, encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        handle.write(text)
