"""Fuzzing every input reader through the real CLI on raw bytes: a report or one clean error line.

For each input kind (article, line-aligned text with --source, TSV, CSV, JSONL, XLIFF, TMX, PO,
Parquet, saved JSON reports, tqcheck.toml, pyproject.toml, CSV/TSV/TBX glossaries) hypothesis
draws arbitrary bytes, mutations of a valid seed file, valid UTF-8 text and a well-formed file
of the kind full of hostile text; `tests.hardening.targets.run_target` asserts the only allowed
outcomes (exit 0/1 with a report, or exit 2 with exactly one `error:` line) and that no input
was modified. The `slow` set runs the same generators 20 times longer (`pytest -m slow`);
`HYPOTHESIS_PROFILE=fuzz` multiplies either by 25.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hardening.helpers import fuzzing
from tests.hardening.strategies import hostile_text, parquet_files
from tests.hardening.targets import SEEDS, TARGETS, run_target

FORMATS = (["-f", "text"], ["-f", "json"], ["-f", "jsonl"], ["-f", "html"], ["-f", "text", "--color"],
           ["-f", "sarif"], ["-f", "junit"], ["-f", "github"], ["-f", "gitlab"], ["-f", "markdown"])
INTERESTING = (b"\r", b"\n", b"\r\n", b"\t", b",", b'"', b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3", b"\xe2\x80",
               b"{", b"}", b"[", b"]", b"=", b"<", b">", b"&", b"\\", b"\xf0\x9f\x98", b"\x1b[31m", b"\xd8\xa7",
               b"#", b"'''", b'"""', b"]]", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"\x85", b"\xe2\x80\xa8")


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """`seed` with a few byte-level edits: replace, insert, delete, duplicate, truncate."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(("replace", "insert", "delete", "duplicate", "truncate", "interesting")))
        if action == "replace" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position:position + draw(st.integers(1, 16))]
        elif action == "duplicate":
            data[position:position] = data[position:position + draw(st.integers(1, 64))]
        elif action == "truncate":
            del data[position:]
        else:
            data[position:position] = draw(st.sampled_from(INTERESTING))
    return bytes(data)


TMX_INLINE = ("", '<ph x="1">{0}</ph>', '<bpt i="1">&lt;b&gt;</bpt>x<ept i="1">&lt;/b&gt;</ept>', '<hi x="2">hi</hi>',
              '<it pos="begin">&lt;i&gt;</it>', "<ph/>", '<bpt i="9"/>')
cell = hostile_text.map(lambda text: text.replace("\t", " ").replace("\r", " ").replace("\n", " "))
NEWLINES = st.sampled_from(("\n", "\r\n", "\r"))


@st.composite
def structured(draw: st.DrawFn, kind: str) -> bytes:
    """A well-formed file of `kind` whose every text is hostile: reaches the checks, not just the parser."""
    rows = draw(st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=5))
    if kind in ("article", "lines"):
        return "".join(target + draw(NEWLINES) for _source, target, _ref in rows).encode()
    if kind == "tsv":
        return ("source\ttarget\treference\n" + "".join("\t".join(row) + "\n" for row in rows)).encode()
    if kind in ("csv", "glossary-csv"):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(("source", "target", "reference") if kind == "csv" else ("source", "target", "note"))
        writer.writerows(rows)
        return out.getvalue().encode()
    if kind == "jsonl":
        return "".join(json.dumps({"source": s, "target": t, "ref": r, "meta": [s]}, ensure_ascii=draw(st.booleans()))
                       + "\n" for s, t, r in rows).encode()
    if kind == "glossary-tsv":
        return ("source\ttarget\ttype\n" + "".join(f"{s}\t{t}\tforbidden\n" for s, t, _r in rows)).encode()
    if kind == "glossary-tbx":
        terms = "".join(f'<termEntry><langSet xml:lang="ar"><tig><term>{_xml(s)}</term></tig></langSet>'
                        f'<langSet xml:lang="en"><tig><term>{_xml(t)}</term></tig></langSet></termEntry>'
                        for s, t, _r in rows)
        return f'<?xml version="1.0"?><martif type="TBX"><text><body>{terms}</body></text></martif>'.encode()
    if kind == "xliff":
        units = "".join(f'<trans-unit id="{index}"><source>{_xml(s)}</source><target>{_xml(t)}</target></trans-unit>'
                        for index, (s, t, _r) in enumerate(rows))
        return (f'<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2"><file source-language="en" '
                f'target-language="de"><body>{units}</body></file></xliff>').encode()
    if kind == "tmx":
        return _tmx(draw, rows)
    if kind == "parquet":
        return draw(parquet_files(odd=False))
    if kind == "po":
        entries = "".join(f"msgid {_po(s)}\nmsgstr {_po(t)}\n\n" for s, t, _r in rows if s)
        return ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries).encode(
            "utf-8", "surrogatepass")
    if kind == "report":
        record = json.loads(SEEDS["report"])
        for segment, (s, t, _r) in zip(record["segments"], rows):
            segment["source"], segment["target"] = s, t  # spans may now fall outside: the reader must say so
        return json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    words = json.dumps([t for _s, t, _r in rows], ensure_ascii=False)
    table = "[tool.tqcheck]\n" if kind == "pyproject" else ""
    return f"{table}boilerplate = {words}\nallow-words = {words}\n[lang.en]\nboilerplate = {words}\n".encode()


def _tmx(draw: st.DrawFn, rows: list[tuple[str, str, str]]) -> bytes:
    """A TMX memory of ar -> en units: language tags in several spellings, either variant first,
    inline codes, notes and properties; now and then a unit with one variant only, or French for English."""
    units = []
    for source, target, note in rows:
        attribute = draw(st.sampled_from(("xml:lang", "xml:lang", "lang")))
        variants = [(draw(st.sampled_from(("ar", "AR", "ar-EG", "ar_EG"))), source),
                    (draw(st.sampled_from(("en", "en-US", "EN-gb", "en_GB", "fr"))), target)]
        variants = draw(st.permutations(variants))[:draw(st.sampled_from((2, 2, 2, 1)))]
        inline = draw(st.sampled_from(TMX_INLINE))
        segs = "".join(f'<tuv {attribute}="{lang}"><seg>{_xml(text)}{inline}</seg></tuv>' for lang, text in variants)
        extras = f'<note>{_xml(note)}</note><prop type="{_attribute(note)}">{_xml(note)}</prop>' if note else ""
        tuid = f' tuid="{_attribute(note)}"' if draw(st.booleans()) else ""
        units.append(f"<tu{tuid}>{extras}{segs}</tu>")
    srclang = draw(st.sampled_from(("ar", "*all*", "en", "")))
    return (f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="{srclang}" '
            f'segtype="sentence" datatype="plaintext"/><body>{"".join(units)}</body></tmx>').encode()


def _attribute(text: str) -> str:
    """Text as an XML attribute value between double quotes."""
    return _xml(text).replace('"', "&quot;")


def _po(text: str) -> str:
    """Text as a PO string literal: quotes and backslashes escaped, line breaks as `\\n`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _xml(text: str) -> str:
    """Text as XML character data: escaped, and without the characters XML 1.0 forbids."""
    allowed = "".join(char for char in text if char in "\t\n\r" or ("\x20" <= char <= "\ud7ff")
                      or ("\ue000" <= char <= "\ufffd") or char >= "\U00010000")
    return allowed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inputs(kind: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        mutated(SEEDS[kind]),
        structured(kind),
        st.binary(max_size=400),
        st.lists(st.one_of(hostile_text, st.sampled_from([b.decode("latin-1") for b in INTERESTING])),
                 max_size=12).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
    )


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_seed_files_are_valid_reports(kind: str) -> None:
    outcome = run_target(kind, SEEDS[kind], ["--fail-on", "never"])
    assert outcome.code == 0, outcome


@pytest.mark.parametrize("kind", sorted(TARGETS))
@fuzzing(30, database=None)
@given(data=st.data())
def test_fuzzed_input_gives_a_report_or_one_error_line(kind: str, data: st.DataObject) -> None:
    run_target(kind, data.draw(inputs(kind), label="input"), data.draw(st.sampled_from(FORMATS), label="format"))


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(TARGETS))
@fuzzing(300, database=None)
@given(data=st.data())
def test_fuzzed_input_long(kind: str, data: st.DataObject) -> None:
    """The same generators as above, 20 times longer: the `slow` set (`pytest -m slow`)."""
    run_target(kind, data.draw(inputs(kind), label="input"), data.draw(st.sampled_from(FORMATS), label="format"))
