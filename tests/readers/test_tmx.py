"""TMX: language pair selection, inline codes, metadata, anchors, errors."""

# ruff: noqa: E501  (the sample documents keep a unit per line: line numbers in the asserts depend on it)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tqcheck.cli import main
from tqcheck.errors import InputError
from tqcheck.gating.locations import locate
from tqcheck.model import Span
from tqcheck.readers import read_segments, sniff_format

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "pipeline"

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
          srclang="en-US" datatype="plaintext"/>
  <body>
    <tu tuid="a1">
      <note>Economy desk</note>
      <prop type="x-domain">economy</prop>
      <tuv xml:lang="en-US"><seg>Rail strike: <bpt i="1">&lt;b&gt;</bpt>trains &amp; buses<ept i="1">&lt;/b&gt;</ept> stop</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Bahnstreik: <bpt i="1">&lt;b&gt;</bpt>Züge &amp; Busse<ept i="1">&lt;/b&gt;</ept>  stehen</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Grève : <bpt i="1">&lt;b&gt;</bpt>trains<ept i="1">&lt;/b&gt;</ept> arrêtés</seg></tuv>
    </tu>
    <tu tuid="a2">
      <tuv xml:lang="en-US"><seg>Photo<ph x="3"/> by <hi x="4">Lin</hi></seg></tuv>
      <tuv xml:lang="de-DE"><seg>Foto<ph x="3"/> von <hi x="4">Lin</hi></seg></tuv>
    </tu>
    <tu tuid="a3">
      <tuv xml:lang="en-US"><seg>Only English</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def write(tmp_path: Path, text: str, name: str = "memory.tmx") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err


def test_sniffed_by_extension(tmp_path: Path) -> None:
    assert sniff_format(tmp_path / "a.tmx") == "tmx"


def test_header_source_and_first_other_language(tmp_path: Path) -> None:
    segments = list(read_segments(write(tmp_path, TMX)))
    assert [s.id for s in segments] == ["a1", "a2"]
    first = segments[0]
    assert first.source == "Rail strike: <bpt1/>trains & buses<ept1/> stop"
    assert first.target == "Bahnstreik: <bpt1/>Züge & Busse<ept1/>  stehen"
    assert (first.src_lang, first.tgt_lang) == ("en-US", "de-DE")
    assert first.doc_id == "memory.tmx"
    assert dict(first.meta) == {"unit_id": "a1", "notes": "Economy desk", "prop:x-domain": "economy"}
    assert segments[1].target == "Foto<ph3/> von <hi4>Lin</hi4>"


def test_languages_from_the_command_line(tmp_path: Path) -> None:
    segments = list(read_segments(write(tmp_path, TMX), src_lang="en", tgt_lang="fr"))
    assert [s.target for s in segments] == ["Grève : <bpt1/>trains<ept1/> arrêtés"]
    with pytest.raises(InputError, match="languages in the file: de-DE, en-US, fr-FR"):
        read_segments(write(tmp_path, TMX), src_lang="en", tgt_lang="ja")


def test_anchors(tmp_path: Path) -> None:
    path = write(tmp_path, TMX)
    first = next(iter(read_segments(path)))
    lines = path.read_text(encoding="utf-8").splitlines()
    start = first.target.index("  ")
    position = locate(first, Span(start, start + 2))
    assert position.line == 10 and position.column is not None
    assert lines[9][position.column - 1:].startswith("  stehen</seg>")
    start = first.target.index("Busse")
    position = locate(first, Span(start, start + 5))
    assert position.column is not None and lines[9][position.column - 1:].startswith("Busse<ept")
    start = first.source.index("stop")  # type: ignore[union-attr]
    position = locate(first, Span(start, start + 4, "source"))
    assert position.line == 9 and position.column is not None
    assert lines[8][position.column - 1:].startswith("stop</seg>")


def test_cli_json_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = TMX.replace('<seg>Foto<ph x="3"/> von', "<seg>Foto von")
    code, out, err = run_main(capsys, "check", str(write(tmp_path, text)), "-f", "json", "--select", "TQ561")
    assert code == 1, err
    assert [issue["code"] for issue in json.loads(out)["issues"]] == ["TQ561"]


def test_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "check", str(CORPUS / "headlines.en-es.tmx"), "-f", "json")
    assert code == 1, err
    assert sorted(issue["code"] for issue in json.loads(out)["issues"]) == ["TQ101", "TQ303", "TQ564"]


@pytest.mark.parametrize(("text", "line", "words"), [
    ('<tmx version="1.4"><header srclang="en"/><body>\n<tu><tuv xml:lang="en"><seg>a</seg></tuv>\n'
     '<tuv xml:lang="de"><seg>b</seg></tu></body></tmx>', 3, "malformed TMX"),
    ('<tmx version="1.4"><header srclang="*all*"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv>'
     '<tuv xml:lang="de"><seg>b</seg></tuv></tu></body></tmx>', None, "pass --src-lang"),
    ('<?xml version="1.0"?>\n<xliff version="1.2"/>', 2, "not a TMX file"),
])
def test_malformed(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: int | None,
                   words: str) -> None:
    path = write(tmp_path, text)
    code, _out, err = run_main(capsys, "check", str(path), "--input-format", "tmx", "--tgt-lang", "de")
    assert code == 2 and err.strip().count("\n") == 0
    assert words in err
    if line is not None:
        assert f"{path}:{line}:" in err
