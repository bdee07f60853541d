"""`tqcheck check --fix`: check, apply the fixes, check the fixed text again, keep only fixes that add nothing.

A fix is made in passes, as ruff does, because fixing can surface more to fix (once three quotations of
a passage are re-marked, the fourth, tolerated while the passage was mixed, stands out):

1. The inputs are checked as usual; each shown issue of a check that declares a fix gives an edit.
2. The edits are written into copies of the input files (`files.py`: every other byte as it was).
3. The copies are checked again. A segment with a finding of a code it had fewer of before gets its
   edits back out; when nothing in that segment was edited (a document-level check sees the document
   differently), the document's edits of that code go back, or, when there are none, all of them.
   A new finding that is itself fixable is left for the next pass instead (not in the last pass).
   The copies are checked again, at most `ROUNDS` times.
4. The next pass starts from the copies; at most `PASSES` passes, until one has nothing to fix.
5. The end is compared with the original, document by document: a file with a document that gained
   a finding keeps its original text. So a fix never adds a finding.

`FixSession.run()` starts the final check of the fixed copies: what remains, for the report.
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
PASSES = 4

Key = tuple[int, str]  # (the result's place in the run: a document, or a window of one; segment id)


@dataclass
class _Document:
    """One document (or window) of a run: its segments in order, the codes found in each, its files."""

    ids: list[str]
    codes: dict[str, Counter[str]]
    files: set[Path]


@dataclass
class _Pass:
    """What one pass applied: its texts, edits, refusals and the segments whose line it removed."""

    texts: dict[Path, str] = field(default_factory=dict)
    applied: list[tuple[Path, Key, Edit]] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    deleted: set[Key] = field(default_factory=set)


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
    by_file: dict[Path, list[Edit]] = field(default_factory=dict)  # the applied edits of each file

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

    def _write_copy(self, path: Path, text: str) -> None:
        copy = self.copies.get(path) or self.workdir / f"{len(self.copies)}" / path.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        _write(copy, text, self.request.encoding)
        self.copies[path] = copy

    def _commit(self, step: _Pass) -> None:
        """Keep a pass's work: its texts are the next pass's start."""
        for path, text in step.texts.items():
            if text == self.originals[path]:
                self.fixed.pop(path, None)
            else:
                self.fixed[path] = text
        for path, _key, edit in step.applied:
            self.applied.append(edit)
            self.by_file.setdefault(path, []).append(edit)
        self.refused.extend(step.refused)

    def _restore(self, path: Path) -> None:
        """Give up on a file: its original text, its edits counted as taken back."""
        self._write_copy(path, self.originals[path])
        self.fixed.pop(path, None)
        for edit in self.by_file.pop(path, []):
            self.applied.remove(edit)
            self.reverted.append(edit)


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
        results: Iterator[DocumentResult] = first.results
        original: dict[int, _Document] | None = None
        for number in range(PASSES):
            wanted, documents, segments = _collect(results, codes, session, unsafe_codes if number == 0 else None)
            original = documents if original is None else original
            if not wanted:
                break
            last = number == PASSES - 1
            step = _settle(session, wanted, documents, segments, frozenset() if last else codes)
            if not step.applied:
                break
            session._commit(step)
            results = session.run().results
        else:
            documents = _collect(results, codes, session, None)[1]
        for doc, now in documents.items():  # the end against the original, document by document
            before = original[doc] if original and doc in original else None
            if before is not None and _gained(before, now):
                for path in before.files & set(session.fixed):
                    session._restore(path)
        yield session
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _gained(before: _Document, now: _Document) -> bool:
    """Whether a document has more findings of some code than before (segment by segment, in order)."""
    total_before: Counter[str] = Counter()
    total_now: Counter[str] = Counter()
    for codes in before.codes.values():
        total_before.update(codes)
    for codes in now.codes.values():
        total_now.update(codes)
    return bool(total_now - total_before)


def _settle(session: FixSession, wanted: dict[Key, list[Edit]], documents: Mapping[int, _Document],
            segments: Mapping[Key, Segment], tolerated: frozenset[str]) -> _Pass:
    """Apply a pass's edits, check them, take back those that add findings; at most `ROUNDS` times."""
    step = _apply(session, wanted, segments)
    for _ in range(ROUNDS):
        back = _gains(session, step, documents, tolerated)
        if not back:
            return step
        session.reverted.extend(edit for _key, edit in back)
        wanted = {key: kept for key, found in wanted.items()
                  if (kept := [edit for edit in found if (key, edit) not in back])}
        step = _apply(session, wanted, segments)
    if _gains(session, step, documents, tolerated):  # still: this pass changes nothing
        session.reverted.extend(edit for _path, _key, edit in step.applied)
        step = _apply(session, {}, segments)
    return step


def _collect(results: Iterator[DocumentResult], codes: frozenset[str], session: FixSession,
             unsafe_codes: frozenset[str] | None
             ) -> tuple[dict[Key, list[Edit]], dict[int, _Document], dict[Key, Segment]]:
    """The edits of every segment, and each document's segments and codes."""
    edits: dict[Key, list[Edit]] = {}
    documents: dict[int, _Document] = {}
    segments: dict[Key, Segment] = {}
    for doc, result in enumerate(results):
        by_segment: dict[str, list[Issue]] = {}
        for issue in result.issues:
            by_segment.setdefault(issue.segment_id, []).append(issue)
            if unsafe_codes is not None and issue.code in unsafe_codes and issue.suggestion is not None:
                session.unsafe_available += 1
        files = {_file_of(session.request, segment) for segment in result.segments[:1]}
        for segment in result.segments:
            found = edits_for(segment.target, by_segment.get(segment.id, ()), codes)
            if found:
                edits[(doc, segment.id)] = found
                segments[(doc, segment.id)] = segment
                files.add(_file_of(session.request, segment))
        documents[doc] = _Document(
            [segment.id for segment in result.segments],
            {segment_id: Counter(issue.code for issue in found) for segment_id, found in by_segment.items()},
            files)
    return edits, documents, segments


def _apply(session: FixSession, edits: Mapping[Key, list[Edit]], segments: Mapping[Key, Segment]) -> _Pass:
    """Write `edits` into the copies of their files, each from its text at the start of this pass."""
    by_file: dict[Path, list[tuple[Key, Edit]]] = {}
    for key, found in edits.items():
        path = _file_of(session.request, segments[key])
        by_file.setdefault(path, []).extend((key, edit) for edit in found)
    step = _Pass()
    for path in set(session.copies) - set(by_file):  # a file whose edits all went back: as the pass found it
        session._write_copy(path, session.text_of(path))
    for path, items in by_file.items():
        fmt = _format_of(session.request, path)
        if fmt not in FIXABLE_FORMATS:
            step.refused.extend(Refused(edit, f"fixes are not written into {fmt} files") for _, edit in items)
            continue
        if path not in session.originals:
            session.originals[path] = _read(path, session.request.encoding)
        file = FileText(session.text_of(path), fmt)
        placed: list[tuple[Key, Placed]] = []
        for key, edit in items:
            where = file.place(segments[key], edit)
            if isinstance(where, Refused):
                step.refused.append(where)
            else:
                placed.append((key, where))
        keys = {id(item): key for key, item in placed}
        text, done, refused = rewritten(file, [item for _key, item in placed])
        step.refused.extend(refused)
        for item in done:
            step.applied.append((path, keys[id(item)], item.edit))
            if item.whole:
                step.deleted.add(keys[id(item)])
        step.texts[path] = text
        session._write_copy(path, text)
    return step


def _gains(session: FixSession, step: _Pass, documents: Mapping[int, _Document], tolerated: frozenset[str]
           ) -> set[tuple[Key, Edit]]:
    """The edits to take back: a segment that now has a finding of a code it had fewer of before loses
    its own edits; when nothing in it was edited (a document-level check, TQ203's majority of quote
    styles, now sees the document differently), the document's edits of that code go back, or, when
    there are none, all the document's edits. A new finding of a `tolerated` code with a suggestion is
    left for the next pass to fix."""
    if not step.applied:
        return set()
    applied: dict[Key, list[Edit]] = {}
    for _path, key, edit in step.applied:
        applied.setdefault(key, []).append(edit)
    back: set[tuple[Key, Edit]] = set()
    for doc, result in enumerate(session.run().results):
        before = documents.get(doc)
        if before is None or not any(key[0] == doc for key in applied):
            continue
        ids = [segment_id for segment_id in before.ids if (doc, segment_id) not in step.deleted]
        now: dict[str, Counter[str]] = {}
        for issue in result.issues:
            if not (issue.code in tolerated and issue.suggestion is not None):
                now.setdefault(issue.segment_id, Counter())[issue.code] += 1
        in_document = [(key, edit) for key, found in applied.items() if key[0] == doc for edit in found]
        for old_id, segment in zip(ids, result.segments):
            added = now.get(segment.id, Counter()) - before.codes.get(old_id, Counter())
            if not added:
                continue
            if (doc, old_id) in applied:
                back.update(((doc, old_id), edit) for edit in applied[(doc, old_id)])
                continue
            same = [(key, edit) for key, edit in in_document if edit.code in added]
            back.update(same or in_document)
    return back


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
