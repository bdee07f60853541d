"""XLIFF 1.2 and 2.0: segments, metadata, inline codes as placeholders, anchors, errors."""

# ruff: noqa: E501  (the sample documents keep a unit per line: line numbers in the asserts depend on it)

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.cli import main
from tqcheck.errors import InputError
from tqcheck.gating.locations import locate
from tqcheck.model import Segment, Span
from tqcheck.readers import read_segments, sniff_format

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "pipeline"

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ui/news.properties" source-language="en" target-language="de-DE" datatype="plaintext">
    <body>
      <group id="g">
      <trans-unit id="headline" approved="yes" resname="front.headline">
        <source>Gaza &amp; the West Bank: <g id="1">live</g> updates</source>
        <target state="translated">Gaza &amp; Westjordanland: <g id="1">Live</g>-Ticker  heute</target>
        <note>Headline on the front page</note>
      </trans-unit>
      </group>
      <trans-unit id="count"><source>{0} comments<x id="1"/></source><target>{0} Kommentare<x id="1"/></target></trans-unit>
      <trans-unit id="multi">
        <source>First line
second line</source>
        <target>Erste Zeile
zweite  Zeile &#x263A;  ok</target>
      </trans-unit>
      <trans-unit id="untranslated"><source>Not yet</source></trans-unit>
      <trans-unit id="code"><source>Click <ph id="1">&lt;br/&gt;</ph>here</source><target><![CDATA[Klick <b>]]>  <ph id="1">&lt;br/&gt;</ph>hier</target></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="fr">
  <file id="f1" original="article.html">
    <unit id="u1" name="headline">
      <notes><note>Keep it short</note></notes>
      <segment id="s1" state="translated"><source>Port <pc id="1">reopens</pc></source><target>Le port <pc id="1">rouvre</pc></target></segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2"><source>Traffic <sc id="2"/>recovers<ec startRef="2"/>.</source><target>Le trafic <sc id="2"/>reprend<ec startRef="2"/>  .</target></segment>
    </unit>
    <unit id="u2"><segment><source>No target</source></segment></unit>
  </file>
</xliff>
"""


def write(tmp_path: Path, text: str, name: str = "sample.xlf") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def at(path: Path, segment: Segment, text: str, field: str = "target", nth: int = 0) -> tuple[int, int, str]:
    """(line, column, file text there) of the `nth` occurrence of `text` in a field, via locate()."""
    value = segment.text(field) or ""  # type: ignore[arg-type]
    start = -1
    for _ in range(nth + 1):
        start = value.index(text, start + 1)
    position = locate(segment, Span(start, start + len(text), field))  # type: ignore[arg-type]
    assert position.line is not None and position.column is not None
    line = path.read_text(encoding="utf-8").splitlines()[position.line - 1]
    return position.line, position.column, line[position.column - 1:]


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err


def test_sniffed_by_extension(tmp_path: Path) -> None:
    assert sniff_format(tmp_path / "a.xlf") == "xliff"
    assert sniff_format(tmp_path / "a.XLIFF") == "xliff"


def test_xliff12_segments_and_metadata(tmp_path: Path) -> None:
    segments = list(read_segments(write(tmp_path, XLIFF12)))
    assert [s.id for s in segments] == ["headline", "count", "multi", "code"]  # no <target>: skipped
    first = segments[0]
    assert first.source == "Gaza & the West Bank: <g1>live</g1> updates"
    assert first.target == "Gaza & Westjordanland: <g1>Live</g1>-Ticker  heute"
    assert first.doc_id == "ui/news.properties"
    assert (first.src_lang, first.tgt_lang) == ("en", "de-DE")
    assert dict(first.meta) == {"file": "ui/news.properties", "unit_id": "headline", "approved": "yes",
                                "resname": "front.headline", "state": "translated",
                                "notes": "Headline on the front page"}
    assert segments[1].target == "{0} Kommentare<x1/>"
    assert segments[3].source == "Click <ph1/>here"  # native code inside <ph> is not text
    assert segments[3].target == "Klick <b>  <ph1/>hier"  # CDATA is text


def test_xliff12_anchors_point_into_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, XLIFF12)
    first, count, multi, code = read_segments(path)
    # After an entity: "&amp;" is 5 characters in the file, 1 in the text.
    assert at(path, first, "Westjordanland")[1:] == (47, "Westjordanland: <g id=\"1\">Live</g>-Ticker  heute</target>")
    assert at(path, first, "Westjordanland")[0] == 8
    # After an inline tag, and the tag itself.
    assert at(path, first, "Live")[2].startswith("Live</g>")
    assert at(path, first, "<g1>")[2].startswith('<g id="1">Live')
    assert at(path, first, "  ")[2].startswith("  heute</target>")
    # In the source, on its own line.
    assert at(path, first, "live", "source")[0] == 7
    assert at(path, first, "live", "source")[2].startswith("live</g> updates</source>")
    assert at(path, count, "Kommentare")[2].startswith("Kommentare<x id")
    # A later line of a multi-line target, and after a character reference.
    line, column, rest = at(path, multi, "  ")
    assert (line, column) == (17, 7) and rest.startswith("  Zeile &#x263A;")
    assert at(path, multi, "  ", nth=1)[2].startswith("  ok</target>")
    # After CDATA markers and a dropped native-code element.
    assert at(path, code, "  ")[2].startswith("  <ph")
    assert at(path, code, "hier")[2].startswith("hier</target>")
    assert at(path, code, "Klick")[2].startswith("Klick <b>]]>")


def test_xliff20_segments(tmp_path: Path) -> None:
    path = write(tmp_path, XLIFF20)
    segments = list(read_segments(path))
    assert [s.id for s in segments] == ["u1/s1", "u1/s2"]
    assert segments[0].target == "Le port <pc1>rouvre</pc1>"
    assert segments[1].source == "Traffic <sc2/>recovers<ec2/>."
    assert segments[1].doc_id == "article.html"
    assert (segments[1].src_lang, segments[1].tgt_lang) == ("en", "fr")
    assert segments[0].meta["notes"] == "Keep it short" and segments[0].meta["state"] == "translated"
    assert at(path, segments[1], "  .")[2].startswith("  .</target>")
    assert at(path, segments[0], "rouvre")[2].startswith("rouvre</pc>")


def test_crlf_file_keeps_lines_right(tmp_path: Path) -> None:
    path = tmp_path / "crlf.xlf"
    path.write_bytes(XLIFF12.replace("\n", "\r\n").encode("utf-8"))
    multi = [s for s in read_segments(path) if s.id == "multi"][0]
    assert multi.target.startswith("Erste Zeile\nzweite")
    position = locate(multi, Span(multi.target.index("  "), multi.target.index("  ") + 2))
    assert (position.line, position.column) == (17, 7)


def test_inline_codes_feed_the_placeholder_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = XLIFF12.replace('<target>{0} Kommentare<x id="1"/></target>', "<target>Kommentare</target>")
    code, out, err = run_main(capsys, "check", str(write(tmp_path, text)), "-f", "json", "--select", "TQ56")
    report = json.loads(out)
    assert code == 1, err
    assert sorted(issue["code"] for issue in report["issues"]) == ["TQ561", "TQ564"]


@pytest.mark.parametrize(("text", "line", "words"), [
    ('<xliff version="1.2"><file><body>\n<trans-unit id="1"><source>a</source>\n<target>b</targt>'
     "</trans-unit></body></file></xliff>", 3, "malformed XLIFF"),
    ('<xliff version="1.2">\n<file>\n<body>\n<trans-unit id="1">\n<source>a &nbsp; b</source>', 5, "Entity"),
    ('<xliff version="1.2"><file original="x"><body></body></file></xliff>', None, "no translation units"),
    ("<html><body>hello</body></html>", 1, "not an XLIFF file"),
    ("", None, "empty input"),
])
def test_malformed_input_is_one_line_with_line_number(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       text: str, line: int | None, words: str) -> None:
    path = write(tmp_path, text)
    code, _out, err = run_main(capsys, "check", str(path), "--tgt-lang", "de")
    assert code == 2
    assert err.strip().count("\n") == 0
    assert words in err
    if line is not None:
        assert f"{path}:{line}:" in err
    with pytest.raises(InputError):
        list(read_segments(path))


def test_invalid_utf8_is_reported_like_text_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.xlf"
    path.write_bytes(XLIFF12.encode("utf-8").replace(b"Westjordanland", b"Westjordan\xfftland"))
    code, _out, err = run_main(capsys, "check", str(path))
    assert code == 2 and err.count("\n") == 1
    assert f"{path}:8: invalid UTF-8 at byte offset" in err and "0xff" in err


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    text = (f'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<xliff version="1.2"><file original="a"><body><trans-unit id="1"><source>a</source>'
            "<target>b &x;</target></trans-unit></body></file></xliff>")
    try:
        segments = list(read_segments(write(tmp_path, text)))
    except InputError:
        return
    assert all("TOP SECRET" not in segment.target for segment in segments)


def test_bundled_samples_run_through_the_installed_script() -> None:
    script = shutil.which("tqcheck") or str(Path(sys.executable).with_name("tqcheck"))
    if not Path(script).exists():
        pytest.skip("tqcheck console script is not installed")
    done = subprocess.run([script, "check", str(CORPUS / "ui-strings.en-de.xlf"), "-f", "json"],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    assert done.returncode == 1, done.stderr
    codes = sorted(issue["code"] for issue in json.loads(done.stdout)["issues"])
    assert codes == ["TQ101", "TQ303", "TQ564"]


def test_xliff20_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "check", str(CORPUS / "article.en-fr.xlf"), "-f", "json")
    assert code == 1, err
    codes = {issue["code"] for issue in json.loads(out)["issues"]}
    assert {"TQ303", "TQ101", "TQ561"} <= codes


def test_sarif_regions_point_into_the_xliff_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "check", str(CORPUS / "ui-strings.en-de.xlf"), "-f", "sarif")
    assert code == 1, err
    regions = {result["ruleId"]: result["locations"][0]["physicalLocation"]["region"]
               for result in json.loads(out)["runs"][0]["results"]}
    assert (regions["TQ101"]["startLine"], regions["TQ101"]["startColumn"], regions["TQ101"]["endColumn"]) == (24, 89, 91)
    assert (regions["TQ564"]["startLine"], regions["TQ564"]["startColumn"]) == (10, 17)  # in the <source>


def test_entity_expansion_bomb_is_not_expanded(tmp_path: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(8))
    text = (f'<?xml version="1.0"?><!DOCTYPE xliff [{entities}]><xliff version="1.2"><file original="a"><body>'
            '<trans-unit id="1"><source>a</source><target>b &i;</target></trans-unit></body></file></xliff>')
    try:
        segments = list(read_segments(write(tmp_path, text)))
    except InputError:
        return
    assert all(len(segment.target) < 1000 for segment in segments)
