"""Glossaries and name lists: CSV/TSV/TBX parsing, errors with line numbers, the TQ405-TQ408 checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_code, seg
from tqcheck.config import Settings, parse_settings
from tqcheck.errors import InputError
from tqcheck.glossary import find_term, load_glossary, parse_delimited
from tqcheck.model import Segment

SAMPLES = ROOT / "corpora" / "glossary"
NAME_CODES = ("TQ402", "TQ403", "TQ404", "TQ405", "TQ406", "TQ407", "TQ408", "TQ409", "TQ410")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ CSV / TSV


def test_csv_columns_types_languages_and_merging(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", "\ufeffTarget,Source,Type,src_lang,tgt_lang,note\n"
                                    "Gallant,غالانت,required,ar,en,minister\n"
                                    "Galant,غالانت,forbidden,ar,en,\n"
                                    "Gallant Yoav,غالانت,,ar,en,\n"
                                    "Hochstein,,,,en,\n"
                                    ",Bundestag,DNT,de,,\n")
    glossary = load_glossary(path)
    required, forbidden, name, dnt = glossary.terms
    assert required.targets == ("Gallant", "Gallant Yoav") and required.type == "required"
    assert (required.src_lang, required.tgt_lang, required.note, required.line) == ("ar", "en", "minister", 2)
    assert forbidden.type == "forbidden" and forbidden.suggestion == "Gallant"
    assert name.source is None and name.targets == ("Hochstein",)
    assert dnt.type == "dnt" and dnt.targets == ("Bundestag",) and dnt.tgt_lang is None
    assert glossary.names_for("en") == ("Gallant", "Gallant Yoav", "Hochstein", "Bundestag")
    assert glossary.for_pair("ar", "en") == (required, forbidden, name)
    assert glossary.for_pair("de", "fr") == (dnt,)
    assert glossary.for_pair("he", "en") == (name,)


def test_tsv_by_extension_and_sniffed_delimiters(tmp_path: Path) -> None:
    tsv = load_glossary(write(tmp_path, "g.tsv", "source\ttarget\nКиїв\tKyiv, the capital\n"))
    assert tsv.terms[0].targets == ("Kyiv, the capital",)
    sniffed = load_glossary(write(tmp_path, "g.txt", "source;target\nKyjiw;Kyiv\n"))
    assert sniffed.terms[0].source == "Kyjiw"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("source,target,type\nغالانت,Gallant,required\nx,y,banned-ish\n", 3, "unknown type 'banned-ish'"),
    ("source,target\nx,y\n\nx,y,z\n", 4, "expected 2 columns, got 3"),
    ("source,target,colour\nx,y,red\n", 1, "unknown column 'colour'"),
    ("source,target,type\nx,,required\n", 2, "needs a target term"),
    ("source,target,type\n,,dnt\n", 2, "needs a source"),
    ("source,target,src_lang\nx,y,klingon-lang\n", 2, "unknown language code"),
    ("note\nhello\n", 1, "neither a 'source' nor a 'target'"),
    ('source,target\n"Gal\nlant",x\n"unterminated,y\n', None, "malformed CSV"),
])
def test_bad_delimited_files_name_the_line(tmp_path: Path, text: str, line: int | None, message: str) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(InputError, match=message) as info:
        load_glossary(path)
    assert str(info.value).startswith(f"{path}:")
    if line is not None:
        assert info.value.line == line and str(info.value).startswith(f"{path}:{line}: ")


def test_quoted_multiline_field_keeps_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", 'source,target,type\n"a\nb",x,required\ny,z,nope\n')
    with pytest.raises(InputError) as info:
        load_glossary(path)
    assert info.value.line == 4


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="is a directory"):
        load_glossary(tmp_path)
    with pytest.raises(InputError, match="empty"):
        load_glossary(write(tmp_path, "empty.csv", "\n\n"))
    with pytest.raises(InputError, match="no terms"):
        load_glossary(write(tmp_path, "header.csv", "source,target\n"))
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(b"source,target\nK\xf6ln,Cologne\n")
    with pytest.raises(InputError, match="not valid UTF-8") as info:
        load_glossary(bad)
    assert info.value.line == 2


# ------------------------------------------------------------------ TBX

TBX3 = """<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" style="dca" type="TBX-Basic" xml:lang="en">
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="ru"><termSec><term>Путин</term></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>Putin</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>Vladimir Putin</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en"><termSec><term>iPhone</term>
        <termNote type="usageNote">DNT</termNote></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_tbx2_sample_file() -> None:
    glossary = load_glossary(SAMPLES / "terms.tbx")
    by_type = {(term.source, term.type, term.tgt_lang): term for term in glossary.terms}
    assert by_type[("غالانت", "required", "en")].targets == ("Gallant",)
    forbidden = by_type[("غالانت", "forbidden", "en")]
    assert forbidden.targets == ("Galant",) and forbidden.suggestion == "Gallant" and forbidden.line == 20
    assert by_type[("Bundestag", "dnt", None)].targets == ("Bundestag",)
    assert by_type[("Київ", "forbidden", "en")].suggestion == "Kyiv"
    assert "Gallant" in glossary.names_for("en")


def test_tbx3_preferred_first_and_dnt_note(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, "g.tbx", TBX3))
    putin = next(term for term in glossary.terms if term.source == "Путин")
    assert putin.targets == ("Vladimir Putin", "Putin") and putin.src_lang == "ru" and putin.tgt_lang == "en"
    assert any(term.type == "dnt" and term.source == "iPhone" for term in glossary.terms)


@pytest.mark.parametrize(("text", "line", "message"), [
    ('<martif>\n<text><body>\n<termEntry>\n<langSet xml:lang="en"><tig><term>x</term></tig>\n</termEntry>\n',
     5, "malformed XML: mismatched tag"),
    ('<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<martif/>\n',
     3, "entity declarations are not allowed"),
    ('<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<martif>&b;</martif>', 1,
     "entity declarations are not allowed"),
    ("<glossary>\n</glossary>\n", 1, "not a TBX file"),
    ("<martif>\n<text/>\n</martif>\n", 1, "no termEntry"),
    ('<martif><text><body>\n<termEntry>\n<langSet>\n<tig><term>x</term></tig></langSet></termEntry>'
     '</body></text></martif>', 3, "without xml:lang"),
    ('<martif><text><body>\n<termEntry>\n<langSet xml:lang="en">\n<tig>\n<term>  </term></tig></langSet>'
     '</termEntry></body></text></martif>', 5, "empty <term>"),
    ('<martif><text><body><termEntry>\n<langSet xml:lang="en">\n<tig></tig></langSet></termEntry>'
     '</body></text></martif>', 3, "without a <term>"),
    ('<?xml version="1.0" encoding="U_F-8"?>\n<martif/>\n', 1, "unknown encoding"),  # found by the slow fuzz
])
def test_bad_tbx_files_name_the_parser_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, "bad.tbx", text)
    with pytest.raises(InputError, match=message) as info:
        load_glossary(path)
    assert info.value.line == line and str(info.value).startswith(f"{path}:{line}: ")


def test_xml_is_sniffed_without_extension(tmp_path: Path) -> None:
    assert load_glossary(write(tmp_path, "glossary", TBX3)).terms


# ------------------------------------------------------------------ matching


@pytest.mark.parametrize(("term", "text", "lang", "found"), [
    ("Путин", "встреча с Путиным", "ru", ["Путиным"]),
    ("Москва", "в Москве и Москвы", "ru", ["Москве", "Москвы"]),
    ("غالانت", "التقى بغالانت وبلينكن", "ar", ["غالانت"]),
    ("גלנט", "נפגש עם וגלנט", "he", ["גלנט"]),
    ("Bundestag", "im Bundestages", "de", ["Bundestages"]),
    ("Gallant", "Gallant's aides", "en", ["Gallant's"]),
    ("加兰特", "布林肯会见了加兰特。", "zh", ["加兰特"]),
    ("water summit", "the Water  Summit opened", "en", ["Water  Summit"]),
    ("Gallant", "Gallantry", "en", []),
])
def test_term_matching_is_inflection_tolerant(term: str, text: str, lang: str, found: list[str]) -> None:
    assert [text[start:end] for start, end in find_term(term, text, lang)] == found


# ------------------------------------------------------------------ the real article


def _article(shared_dir: Path, replace_gallant: bool = False) -> list[Segment]:
    text = (shared_dir / "examples" / "news-ar-en-mt.txt").read_text(encoding="utf-8")
    if replace_gallant:
        text = text.replace("Gallant", "Galanat")
    return [Segment(id=str(n), target=line, doc_id="a", line=n, src_lang="ar", tgt_lang="en")
            for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _names_issues(doc: list[Segment], settings: Settings) -> list[tuple[str, str, str | None]]:
    found = []
    for code in NAME_CODES:
        for issue in run_code(code, doc, settings):
            text = next(segment.target for segment in doc if segment.id == issue.segment_id)
            found.append((code, text[issue.span.start:issue.span.end], issue.suggestion))
    return found


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_article_with_name_list_flags_only_galanat(shared_dir: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "csv":
        path = write(tmp_path, "names.csv", "target\nGallant\nNetanyahu\n")
    else:
        path = SAMPLES / "terms.tbx"
    settings = Settings(glossary=load_glossary(path))
    found = _names_issues(_article(shared_dir), settings)
    assert {(code, word) for code, word, _ in found} == {("TQ408", "Galanat")}  # TQ410 defers to the list
    assert all(suggestion == "Gallant" for _, _, suggestion in found)


def test_article_misspelled_everywhere_is_caught_by_the_name_list(shared_dir: Path, tmp_path: Path) -> None:
    settings = Settings(glossary=load_glossary(write(tmp_path, "names.csv", "target\nGallant\n")))
    doc = _article(shared_dir, replace_gallant=True)
    flagged = [issue for issue in run_code("TQ408", doc, settings)]
    mentions = sum(segment.target.count("Galanat") for segment in doc)
    assert len(flagged) == mentions > 5
    assert {issue.suggestion for issue in flagged} == {"Gallant"}
    assert not run_code("TQ401", doc)  # consistent misspelling: the consistency check cannot see it


def test_article_without_name_list_only_galanat(shared_dir: Path) -> None:
    found = _names_issues(_article(shared_dir), Settings())
    assert found == [("TQ410", "Galanat", "Gallant")]
    everywhere = _names_issues(_article(shared_dir, replace_gallant=True), Settings())
    assert {word for _, word, _ in everywhere} == {"Galanat"} and len(everywhere) >= 5


def test_glossary_path_in_config_is_loaded_by_with_glossary(tmp_path: Path) -> None:
    path = write(tmp_path, "names.csv", "target\nGallant\n")
    config = tmp_path / "tqcheck.toml"
    config.write_text(f'glossary = "{path.name}"\n', encoding="utf-8")
    settings = parse_settings({"glossary": path.name}, origin=str(config)).with_glossary()
    assert settings.glossary is not None and settings.glossary.names_for("en") == ("Gallant",)
    assert [i.suggestion for i in run_code("TQ408", [seg("He met Galanat.")], settings)] == ["Gallant"]


def test_checks_do_nothing_without_glossary() -> None:
    segment = seg("Blinken met Galanat; Kiev agreed.", "التقى بلينكن بغالانت", src_lang="ar")
    for code in ("TQ405", "TQ406", "TQ407", "TQ408"):
        assert run_code(code, [segment]) == []


def test_parse_delimited_directly() -> None:
    terms = parse_delimited("target\tsource\nKyiv\tКиїв\n", "inline")
    assert terms[0].source == "Київ" and terms[0].targets == ("Kyiv",)
