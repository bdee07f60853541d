"""Source-side findings are located in the file that holds the source text, in every output.

Line-aligned input: `tqcheck check t.de --source s.en` puts a number missing from the target (TQ301,
a finding in the source field) at `s.en:LINE:COL`, not on the target file's line. XLIFF: at the
`<source>` text inside the XLIFF file.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app

runner = CliRunner()
TARGET = "Der Hafen ist offen.\nHallo Welt.\n"
SOURCE = "The port is open.\nIt cost 12 euros.\n"  # "12" is at line 2, columns 9-10


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A line-aligned pair in the current directory, named relatively (as CI runs it)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.de").write_text(TARGET, encoding="utf-8")
    (tmp_path / "s.en").write_text(SOURCE, encoding="utf-8")
    return ["check", "t.de", "--source", "s.en", "--src-lang", "en", "--tgt-lang", "de", "--select", "TQ301"]


def _run(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout


def test_text_output_points_into_the_source_file(files: list[str]) -> None:
    out = _run([*files, "--no-color"])
    assert 's.en:2:9 TQ301 [warning] Number "12" in the source is missing from the target (in source)' in out
    assert "t.de:2" not in out


def test_sarif_region_is_in_the_source_file(files: list[str]) -> None:
    sarif = json.loads(_run([*files, "--format", "sarif"]))
    run = sarif["runs"][0]
    (result,) = run["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "s.en"
    assert physical["region"] == {"startLine": 2, "startColumn": 9, "endLine": 2, "endColumn": 11,
                                  "snippet": {"text": "12"}}
    assert "s.en" in {artifact["location"]["uri"] for artifact in run["artifacts"]}
    assert not result["message"]["text"].endswith("(in the source)")  # the place says it: no fallback note


def test_ci_annotations_and_reports_use_the_source_file(files: list[str]) -> None:
    github = _run([*files, "--format", "github"])
    assert github.startswith("::warning file=s.en,line=2,col=9,endLine=2,endColumn=11,title=TQ301 ")
    gitlab = json.loads(_run([*files, "--format", "gitlab"]))
    assert [item["location"] for item in gitlab] == [{"path": "s.en", "lines": {"begin": 2}}]
    markdown = _run([*files, "--format", "markdown"])
    assert "s.en:2:9" in markdown
    junit = ET.fromstring(_run([*files, "--format", "junit"]))
    assert "s.en:2:9" in "".join(junit.itertext())


def test_json_result_carries_the_anchors_and_report_replays_them(files: list[str], tmp_path: Path) -> None:
    result = json.loads(_run([*files, "--format", "json"]))
    second = result["segments"][1]
    assert second["anchors"] == {"target": {"path": "t.de", "points": [[0, 2, 1]]},
                                 "source": {"path": "s.en", "points": [[0, 2, 1]]}}
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps(result), encoding="utf-8")
    replayed = _run(["report", str(saved), "--format", "github"])
    assert replayed.startswith("::warning file=s.en,line=2,col=9,")


def test_a_target_file_alone_is_located_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No companion file: no anchors in the result; issues at `file:line:column` of the target."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.en").write_text("It rained. .\nThe port is open.\n", encoding="utf-8")
    result = json.loads(_run(["check", "t.en", "--input-format", "lines", "--tgt-lang", "en", "--format", "json"]))
    assert all("anchors" not in segment for segment in result["segments"])
    out = _run(["check", "t.en", "--input-format", "lines", "--tgt-lang", "en", "--no-color"])
    assert "t.en:1:10 TQ101" in out


def test_xliff_source_findings_point_at_the_source_element(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ui.xlf").write_text("""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ui" source-language="en" target-language="de" datatype="plaintext"><body>
    <trans-unit id="price">
      <source>It cost &lt;b&gt; 12 euros.</source>
      <target>Hallo Welt.</target>
    </trans-unit>
  </body></file>
</xliff>
""", encoding="utf-8")
    args = ["check", "ui.xlf", "--select", "TQ301"]
    line = '      <source>It cost &lt;b&gt; 12 euros.</source>'
    column = line.index("12") + 1
    out = _run([*args, "--no-color"])
    assert f"ui.xlf:5:{column} TQ301" in out
    sarif = json.loads(_run([*args, "--format", "sarif"]))
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (5, column, column + 2)
