"""Hypothesis strategies for hostile Unicode text and segments in many language pairs.

Text is drawn from every category of code point (all scripts, combining marks, format
characters such as ZWJ and the bidi marks/isolates, controls, astral characters) plus a
table of pieces known to be hard for checks: NBSP variants, punctuation doubled across
spaces, numbers in several scripts, names, very long tokens. Surrogates are excluded
because a Python `str` read from a file never holds them (strict decoding).
"""

from __future__ import annotations

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
