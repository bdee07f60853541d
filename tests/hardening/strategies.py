"""Hypothesis strategies for hostile Unicode text and segments in many language pairs.

Text is drawn from every category of code point (all scripts, combining marks, format
characters such as ZWJ and the bidi marks/isolates, controls, astral characters) plus a
table of pieces known to be hard for checks: NBSP variants, punctuation doubled across
spaces, numbers in several scripts, names, very long tokens. Surrogates are excluded
because a Python `str` read from a file never holds them (strict decoding).

`parquet_files` writes real Parquet tables (pyarrow, imported only when drawn) whose cells are
that text, with odd column types and schemas around it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from tqcheck.model import Segment

LANGUAGES = ("en", "de", "fr", "ru", "uk", "ar", "he", "zh", "ja", "ko", "cs", "es", "fa", "hi", "th", "el",
             "tr", "pt-BR", "zh-Hant", "sr-Latn")

MARKS = ("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d",
         "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\u034f")
SPACES = ("\u00a0", "\u202f", "\u2007", "\u2009", "\u200a", "\u3000", "\u1680", "\u2028", "\u2029", "\t",
          "\x0b", "\x0c", "\x85", " ")
CONTROLS = ("\x00", "\x07", "\x08", "\x1b[31m", "\x1b]0;title\x07", "\x1b[2J", "\x7f", "\x9b", "\r")
COMBINING = ("e\u0301", "\u0301", "a\u0308\u0323", "\u0915\u094d\u0937", "\u0e01\u0e34\u0e48", "\u05e9\u05c1\u05bc",
             "\u0628\u064e\u0651", "\u1100\u1161\u11a8", "\U0001f469\u200d\U0001f469\u200d\U0001f467",
             "\U0001f44d\U0001f3fd", "\U0001f1fa\U0001f1e6", "1\ufe0f\u20e3", "\u0301\u0301\u0301")
ASTRAL = ("\U00020000", "\U0002a6d6", "\U0001d400", "\U0001f600", "\U000e0041", "\U0010fffd", "\U0001f3f4")
PIECES = ("Gaza. .", "(at 1 p.m. (local time).", "\u201c", "\u201d", '"', "\u00ab", "\u00bb", "\u201e", "'",
          "(", ")", "[", "]", "{", "}", "2,000", "3.5%", "\u0662\u066c\u0660\u0660\u0660", "\u4e24\u5343",
          "3\u4e07", "1\u00a0000", "12:30", "24/6/2024", "Share your opinion", "<br>", "&amp;", "<b>x</b>",
          "the the", "Gallant", "Galanat", "\u063a\u0627\u0644\u0627\u0646\u062a",
          "\u041d\u0435\u0442\u0430\u043d\u044c\u044f\u0445\u0443", "https://example.com/a?b=1", "@handle", "#tag",
          "{0}", "%s", "%n", "{{ name }}", "${x}", "...", "\u2026", "!!", "??", " ,", "  ", "-", "\u2014",
          "مرحبا", "שלום", "你好。", "こんにちは",
          "\uc548\ub155", "\u0928\u092e\u0938\u094d\u0924\u0947", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
          "\u0391\u03b8\u03ae\u03bd\u03b1", "Stra\u00dfe", "\u0130stanbul", "\u0131", "Mr.", "U.S.", "e.g.")

any_char = st.characters(exclude_categories=("Cs",))
long_token = st.builds(lambda piece, count: piece * count, st.sampled_from(("a", "\u0634", "\u4e00", "e\u0301", "9",
                                                                             "ab ", ".")),
                       st.integers(min_value=50, max_value=3000))
piece = st.one_of(
    st.text(any_char, max_size=10),
    st.text(st.characters(categories=("L", "M", "N")), max_size=12),
    st.sampled_from(MARKS), st.sampled_from(SPACES), st.sampled_from(CONTROLS), st.sampled_from(COMBINING),
    st.sampled_from(ASTRAL), st.sampled_from(PIECES),
)
hostile_text = st.one_of(
    st.lists(piece, max_size=10).map("".join),
    st.lists(st.one_of(piece, long_token), max_size=3).map("".join),
    st.sampled_from(("", " ", "\t", "\u00a0", "\u3000 ", "\u200b", "\ufeff")),
)
language = st.sampled_from(LANGUAGES)


@st.composite
def documents(draw: st.DrawFn, max_segments: int = 4) -> tuple[list[Segment], str, str]:
    """One document of segments with every field drawn from `hostile_text`, and its language pair."""
    src = draw(language)
    tgt = draw(language)
    count = draw(st.integers(min_value=1, max_value=max_segments))
    segments = [Segment(id=str(index + 1), target=draw(hostile_text),
                        source=draw(st.one_of(st.none(), hostile_text)),
                        reference=draw(st.one_of(st.none(), hostile_text)),
                        backtranslation=draw(st.one_of(st.none(), hostile_text)),
                        doc_id="doc", line=index + 1, origin="fuzz.txt")
                for index in range(count)]
    return segments, src, tgt


# --------------------------------------------------------------------------- Parquet tables

TARGET_COLUMNS = ("target", "mt", "tgt", "hyp", "translation", "TARGET", " Target ")
OTHER_COLUMNS = ("source", "src", "reference", "ref", "bt", "backtranslation", "doc_id", "doc", "id", "seg_id",
                 "src_lang", "tgt_lang", "note", "meta", "", "\x1b[2J", "target\x00", "\u202etegrat")
TEXT_TYPES = ("string", "large_string", "string_view", "dictionary")
ODD_TYPES = ("int64", "int8", "uint64", "float64", "float16", "bool", "null", "binary", "large_binary", "list",
             "fixed_list", "struct", "map", "timestamp", "timestamp_tz", "date", "duration", "time", "decimal")
huge_text = st.builds(lambda unit, count: unit * count,
                      st.sampled_from(("a", "\u0634 ", ". ", "e\u0301", "x" * 9 + " ")),
                      st.integers(min_value=10_000, max_value=60_000))
# Python's datetime and timedelta end at 0001-01-01, 9999-12-31 and timedelta.max; Parquet goes further,
# and a cell beyond them is one `error:` line (test_generators.test_out_of_range_dates_in_parquet_are_one_error_line).
FIRST_SECOND, LAST_SECOND = -(2**40), 2**40
FIRST_DAY, LAST_DAY = -(2**31), 2**31 - 1
LONGEST_SECONDS = 2**50


def _odd_cells(kind: str) -> tuple[st.SearchStrategy[Any], Any]:
    """Cells of a non-text column type, and the type (dates and durations past what Python can represent too)."""
    import pyarrow as pa

    return {
        "int64": (st.integers(-(2**63), 2**63 - 1), pa.int64()), "int8": (st.integers(-128, 127), pa.int8()),
        "uint64": (st.integers(0, 2**64 - 1), pa.uint64()), "float64": (st.floats(), pa.float64()),
        "bool": (st.booleans(), pa.bool_()), "binary": (st.binary(max_size=40), pa.binary()),
        "large_binary": (st.binary(max_size=40), pa.large_binary()),
        "list": (st.lists(st.one_of(st.none(), hostile_text), max_size=4), pa.list_(pa.string())),
        "fixed_list": (st.lists(st.integers(-5, 5), min_size=2, max_size=2), pa.list_(pa.int32(), 2)),
        "map": (st.lists(st.tuples(hostile_text, st.one_of(st.none(), hostile_text)), max_size=3),
                pa.map_(pa.string(), pa.string())),
        "timestamp": (st.integers(FIRST_SECOND, LAST_SECOND), pa.timestamp("s")),
        "timestamp_tz": (st.integers(-(2**62), 2**62), pa.timestamp("ns", tz="Asia/Tokyo")),
        "date": (st.integers(FIRST_DAY, LAST_DAY), pa.date32()),
        "duration": (st.integers(-LONGEST_SECONDS, LONGEST_SECONDS), pa.duration("s")),
        "time": (st.integers(0, 86_399_999_999), pa.time64("us")),
        "decimal": (st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**30),
                                max_value=10**30), pa.decimal128(38, 3)),
        "struct": (st.fixed_dictionaries({"text": hostile_text, "n": st.one_of(st.none(), st.integers(-9, 9)),
                                          "deep": st.fixed_dictionaries({"list": st.lists(hostile_text, max_size=2)})}),
                   None),
    }[kind]


@st.composite
def parquet_column(draw: st.DrawFn, rows: int, odd: bool) -> Any:
    """A pyarrow array of `rows` cells: hostile text (now and then huge), or with `odd` any other type."""
    import pyarrow as pa

    kind = draw(st.sampled_from(TEXT_TYPES + ODD_TYPES if odd else TEXT_TYPES))
    if kind in TEXT_TYPES:
        text = st.one_of(hostile_text, huge_text) if draw(st.integers(0, 9)) == 0 else hostile_text
        values = draw(st.lists(st.one_of(st.none(), text), min_size=rows, max_size=rows))
        types = {"large_string": pa.large_string(), "string_view": getattr(pa, "string_view", pa.string)()}
        array = pa.array(values, types.get(kind, pa.string()))
        return array.dictionary_encode() if kind == "dictionary" else array
    if kind == "null":
        return pa.nulls(rows)
    if kind == "float16":
        import numpy as np

        return pa.array(np.array(draw(st.lists(st.floats(width=16), min_size=rows, max_size=rows)), np.float16))
    cells, kind_type = _odd_cells(kind)
    return pa.array(draw(st.lists(st.one_of(st.none(), cells), min_size=rows, max_size=rows)), kind_type)


@st.composite
def parquet_files(draw: st.DrawFn, odd: bool = True) -> bytes:
    """A real Parquet file of hostile text cells; with `odd` also odd column types, a missing target or
    one named twice, strange names and schema metadata; zero rows, any compression and encoding.

    Needs pyarrow (imported here, so that importing this module does not).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = draw(st.integers(0, 5))
    names = [draw(st.sampled_from(TARGET_COLUMNS))] if not odd or draw(st.integers(0, 5)) else []
    names += draw(st.lists(st.sampled_from(OTHER_COLUMNS) | hostile_text, max_size=4 if odd else 2))
    if odd and draw(st.integers(0, 7)) == 0:
        names.append(draw(st.sampled_from(TARGET_COLUMNS)))  # the target twice, under two aliases
    draw(st.randoms(use_true_random=False)).shuffle(names)
    arrays = [draw(parquet_column(rows, odd and draw(st.integers(0, 2)) == 0)) for _name in names]
    metadata = None
    if odd and draw(st.integers(0, 3)) == 0:  # garbage where readers look for pandas' and Arrow's own schema
        metadata = draw(st.dictionaries(st.sampled_from((b"pandas", b"ARROW:schema", b"x")), st.binary(max_size=30),
                                        max_size=2))
    table = pa.Table.from_arrays(arrays, names=names, metadata=metadata) if names else pa.table({})
    sink = pa.BufferOutputStream()
    try:
        pq.write_table(table, sink, row_group_size=draw(st.integers(1, 3)),
                       compression=draw(st.sampled_from(("none", "snappy", "gzip", "zstd", "brotli", "lz4"))),
                       use_dictionary=draw(st.booleans()), write_statistics=draw(st.booleans()),
                       data_page_version=draw(st.sampled_from(("1.0", "2.0"))),
                       version=draw(st.sampled_from(("1.0", "2.4", "2.6"))))
    except (pa.ArrowException, ValueError):  # what Parquet cannot store (duplicate names, an odd type in 1.0)
        assume(False)
    return bytes(sink.getvalue().to_pybytes())
