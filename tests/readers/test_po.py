"""gettext PO: entries, plural forms, metadata, stable ids, anchors, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tqcheck.cli import main
from tqcheck.errors import InputError
from tqcheck.gating.locations import locate
from tqcheck.model import Segment, Span
from tqcheck.readers import read_segments, sniff_format
from tqcheck.readers.po import entry_id

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "pipeline"

PO = r'''# Sample
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#. Shown above comments
# Translator: keep it short
#: templates/article.html:12
#, python-format
msgctxt "article"
msgid "%(count)s comments on \"%(title)s\""
msgstr "%(count)s Kommentare zu „%(title)s“  heute"

#, fuzzy
msgid ""
"Line one\n"
"Line two"
msgstr ""
"Zeile eins\n"
"Zeile  zwei"

msgid "One article"
msgid_plural "%d articles"
msgstr[0] "Ein Artikel"
msgstr[1] "%d  Artikel"

msgid "Untranslated"
msgstr ""

#~ msgid "Old"
#~ msgstr "Alt"
'''


def write(tmp_path: Path, text: str, name: str = "de.po") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err


def at(path: Path, segment: Segment, text: str, field: str = "target") -> tuple[int, str]:
    value = segment.text(field) or ""  # type: ignore[arg-type]
    start = value.index(text)
    position = locate(segment, Span(start, start + len(text), field))  # type: ignore[arg-type]
    assert position.line is not None and position.column is not None
    return position.line, path.read_text(encoding="utf-8").splitlines()[position.line - 1][position.column - 1:]


def test_sniffed_by_extension(tmp_path: Path) -> None:
    assert sniff_format(tmp_path / "de.po") == "po"
    assert sniff_format(tmp_path / "messages.pot") == "po"


def test_entries_plurals_and_metadata(tmp_path: Path) -> None:
    segments = list(read_segments(write(tmp_path, PO)))
    assert [s.target for s in segments] == ["%(count)s Kommentare zu „%(title)s“  heute", "Zeile eins\nZeile  zwei",
                                            "Ein Artikel", "%d  Artikel"]
    first, fuzzy, singular, plural = segments
    assert first.source == '%(count)s comments on "%(title)s"'
    assert dict(first.meta) == {"msgctxt": "article", "comment": "Shown above comments",
                                "translator_comment": "Translator: keep it short", "flags": "python-format",
                                "occurrences": "templates/article.html:12"}
    assert first.id == entry_id("article", '%(count)s comments on "%(title)s"')
    assert fuzzy.meta["fuzzy"] == "yes"
    assert (singular.source, plural.source) == ("One article", "%d articles")
    assert plural.id == singular.id[:-3] + "[1]" and plural.meta["plural_form"] == "1"
    assert all(s.doc_id == "de.po" for s in segments)


def test_ids_are_stable_when_entries_move(tmp_path: Path) -> None:
    before = {s.target: s.id for s in read_segments(write(tmp_path, PO))}
    moved = PO.replace('msgid "Untranslated"\nmsgstr ""\n', "")
    moved = moved.replace("#, fuzzy", 'msgid "New"\nmsgstr "Neu"\n\n#, fuzzy')
    after = {s.target: s.id for s in read_segments(write(tmp_path, moved, "moved.po"))}
    assert all(after[target] == ident for target, ident in before.items())


def test_anchors(tmp_path: Path) -> None:
    path = write(tmp_path, PO)
    first, fuzzy, _singular, plural = read_segments(path)
    assert at(path, first, "Kommentare") == (13, 'Kommentare zu „%(title)s“  heute"')
    assert at(path, first, "  ") == (13, '  heute"')
    assert at(path, first, "%(title)s", "source") == (12, '%(title)s\\""')  # after an escaped quote
    assert at(path, fuzzy, "  ") == (21, '  zwei"')  # a later line of a multi-line msgstr
    assert at(path, fuzzy, "eins") == (20, 'eins\\n"')
    assert at(path, plural, "  ") == (26, '  Artikel"')


ESCAPES = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "Caf\303\251 \x41 \\101 \q"
msgstr "Caf\303\251 \101\x42 C \\101. . \a"
"""


def test_c_escapes_are_decoded_as_msgfmt_does(tmp_path: Path) -> None:
    path = write(tmp_path, ESCAPES)
    (segment,) = read_segments(path)
    # Octal and hex escapes are bytes of the catalogue's encoding; an escaped backslash stays one.
    assert segment.source == "Caf\u00e9 A \\101 \\q"  # an unknown escape stays as written
    assert segment.target == "Caf\u00e9 AB C \\101. . \a"
    assert at(path, segment, ". .") == (6, '. . \\a"')  # columns agree with the decoded text
    assert at(path, segment, "C \\101") == (6, 'C \\\\101. . \\a"')


@pytest.mark.parametrize(("escape", "words"), [("\\377", "are not utf-8"), ("\\x141", "is not a byte")])
def test_escapes_that_are_no_text_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], escape: str,
                                              words: str) -> None:
    path = write(tmp_path, ESCAPES.replace("\\303\\251 \\101", escape))
    code, _out, err = run_main(capsys, "check", str(path), "--tgt-lang", "de", "--src-lang", "en")
    assert code == 2 and err.count("\n") == 1, err
    assert f"{path}:6: malformed PO" in err and words in err


def test_cli_finds_placeholder_and_spacing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = PO.replace('msgstr "%(count)s Kommentare', 'msgstr "Kommentare')
    path = write(tmp_path, text)
    code, out, err = run_main(capsys, "check", str(path), "--src-lang", "en", "--tgt-lang", "de", "-f", "json",
                              "--select", "TQ56,TQ107")
    assert code == 1, err
    issues = json.loads(out)["issues"]
    assert sorted(issue["code"] for issue in issues) == ["TQ107", "TQ107", "TQ107", "TQ564"]


def test_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "check", str(CORPUS / "newsroom.de.po"), "--src-lang", "en", "--tgt-lang", "de",
                              "-f", "json")
    assert code == 1, err
    assert sorted(issue["code"] for issue in json.loads(out)["issues"]) == ["TQ101", "TQ303", "TQ564"]


@pytest.mark.parametrize(("text", "line", "words"), [
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c" x\nmsgstr "d"\n', 4, "malformed PO"),
    ("hello world\n", 1, "malformed PO"),
    ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', None, "no translated entries"),
    ("\n\n", None, "empty input"),
])
def test_malformed(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: int | None,
                   words: str) -> None:
    path = write(tmp_path, text)
    code, _out, err = run_main(capsys, "check", str(path), "--tgt-lang", "de", "--src-lang", "en")
    assert code == 2 and err.strip().count("\n") == 0, err
    assert words in err
    if line is not None:
        assert f"{path}:{line}:" in err
    with pytest.raises(InputError):
        list(read_segments(path))


def test_invalid_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(PO.encode("utf-8").replace(b"Ein Artikel", b"Ein \xe4rtikel"))
    code, _out, err = run_main(capsys, "check", str(path), "--tgt-lang", "de", "--src-lang", "en")
    assert code == 2 and err.count("\n") == 1
    assert f"{path}:25: invalid UTF-8 at byte offset" in err


def test_ci_annotations_point_into_the_po_file(capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(CORPUS / "newsroom.de.po")
    code, out, err = run_main(capsys, "check", sample, "--src-lang", "en", "--tgt-lang", "de", "-f", "github")
    assert code == 1, err
    assert "line=36,col=37,endLine=36,endColumn=39,title=TQ101" in out  # second line of a two-line msgstr
    assert "line=35,col=14,endLine=35,endColumn=16,title=TQ303" in out
    code, out, err = run_main(capsys, "check", sample, "--src-lang", "en", "--tgt-lang", "de", "--no-color")
    assert f"{sample}:36:37 TQ101" in out
