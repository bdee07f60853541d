"""Fuzz targets: how one blob of bytes becomes a real `tqcheck` command line, per input kind.

Shared by the hypothesis fuzz tests and the crasher replay, so a saved crasher is replayed
exactly the way it was found. Each target writes the bytes to a file in a fresh directory,
runs the CLI in-process through `main()` (unexpected exceptions propagate) and asserts the
only allowed outcomes; inputs are hashed before and after and must not change.

Seeds are small valid files of each kind; the fuzz tests mutate them (bytes replaced,
inserted, deleted, duplicated, truncated) besides drawing arbitrary bytes. The Parquet target
(a binary seed, tests/hardening/seeds/batch.parquet) exists only where pyarrow is installed:
without it tqcheck refuses Parquet with one error line, which is all there would be to test.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.hardening.helpers import Outcome, assert_clean_outcome, digest, run_cli

ROOT = Path(__file__).resolve().parents[2]
CRASHERS = Path(__file__).resolve().parent / "crashers"
LANGS = ("--src-lang", "ar", "--tgt-lang", "en")

SEEDS: dict[str, bytes] = {
    "article": "Blinken met Gallant in Washington. .\n\nGallant said the talks were \u201cdecisive\u201d.\n".encode(),
    "lines": b"Prices rose by 3.5 percent (in October.\nThe minister met 12 officials.\n",
    "tsv": b"id\tsource\ttarget\tnote\n1\tDie Preise stiegen.\tPrices rose. .\tx\n2\tHallo 12.\tHello 13.\ty\n",
    "csv": b'source,target,doc_id\n"Die ""Preise"" stiegen.",Prices rose. .,d1\nHallo,"Hello, 12",d1\n',
    "jsonl": (b'{"src": "Die Preise stiegen um 3,5 %.", "mt": "Prices rose by 3.5%. .", "doc": "d1"}\n'
              b'{"id": 7, "source": "Hallo", "target": "Hello", "extra": [1, 2]}\n'),
    "toml": (b'select = ["TQ1", "TQ3"]\nignore = ["TQ105"]\nfail-on = "warning"\nmin-quality = 10\n'
             b'boilerplate = ["Share your opinion"]\n[severity]\nTQ101 = "error"\n[lang.en]\n'
             b'boilerplate = ["Read more"]\n[options.TQ701]\nallowed = ["had had"]\n'),
    "pyproject": (b'[project]\nname = "x"\n[tool.tqcheck]\nselect = ["TQ1"]\nfail-on = "never"\n'
                  b'[tool.tqcheck.severity]\nTQ101 = "info"\n'),
    "glossary-csv": ("source,target,type,src_lang,tgt_lang,note\n\u063a\u0627\u0644\u0627\u0646\u062a,Gallant,"
                     "required,ar,en,minister\n,Hochstein,required,,en,\n\u063a\u0627\u0644\u0627\u0646\u062a,"
                     "Galanat,forbidden,ar,en,\nBundestag,,dnt,de,,\n").encode(),
    "glossary-tsv": b"source\ttarget\ttype\n\tGallant\trequired\nWashington\t\tdnt\n",
    "glossary-tbx": (ROOT / "corpora" / "glossary" / "terms.tbx").read_bytes(),
    "xliff": (b'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="en" '
              b'target-language="de" datatype="plaintext" original="x"><body>'
              b'<trans-unit id="1"><source>Prices rose by <g id="1">3.5</g> percent.</source>'
              b'<target>Die Preise stiegen um <g id="1">3,5</g> Prozent. .</target></trans-unit>'
              b'<trans-unit id="2"><source>Hello {name}</source><target>Hallo {name}</target></trans-unit>'
              b"</body></file></xliff>\n"),
    "po": (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
           b'#: app.py:12\nmsgid "Hello %s, you have %d messages"\nmsgstr "Hallo %s, Sie haben %d Nachrichten. ."\n\n'
           b'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Eine Datei"\nmsgstr[1] "%d Dateien"\n'),
    "tmx": ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" '
            'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>'
            '<body><tu tuid="t1"><note>minister</note><prop type="x-domain">news</prop>'
            '<tuv xml:lang="ar"><seg>\u0642\u0627\u0644 \u063a\u0627\u0644\u0627\u0646\u062a <bpt i="1">&lt;b&gt;</bpt>'
            '\u0627\u0644\u064a\u0648\u0645<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>'
            '<tuv xml:lang="en-US"><seg>Gallant said <bpt i="1">&lt;b&gt;</bpt>today<ept i="1">&lt;/b&gt;</ept>. .'
            '</seg></tuv></tu>\n<tu><tuv xml:lang="ar"><seg>\u0627\u0631\u062a\u0641\u0639\u062a 3.5 <ph x="1">%</ph>'
            '</seg></tuv><tuv xml:lang="en"><seg>Prices rose 3.5 <ph x="1">%</ph></seg></tuv>'
            '<tuv xml:lang="de"><seg>Preise</seg></tuv></tu></body></tmx>\n').encode(),
    "report": (Path(__file__).resolve().parent / "seeds" / "result.json").read_bytes(),
}
PARQUET = importlib.util.find_spec("pyarrow") is not None  # the optional `parquet` extra
if PARQUET:
    SEEDS["parquet"] = (Path(__file__).resolve().parent / "seeds" / "batch.parquet").read_bytes()

_ARTICLE = SEEDS["article"]
_LINES = SEEDS["lines"]


def _write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def _article(directory: Path, data: bytes, extra: list[str]) -> tuple[list[str | Path], list[Path]]:
    target = _write(directory, "article.en", data)
    return ["check", target, "--tgt-lang", "en", *extra], [target]


def _lines(directory: Path, data: bytes, extra: list[str]) -> tuple[list[str | Path], list[Path]]:
    # The fuzzed bytes are the target; the source is the same bytes, so line counts usually agree.
    target = _write(directory, "mt.en", data)
    source = _write(directory, "src.ar", data[::-1] if len(data) % 3 == 0 else data)
    return ["check", target, "--source", source, *LANGS, *extra], [target, source]


def _table(suffix: str) -> Callable[[Path, bytes, list[str]], tuple[list[str | Path], list[Path]]]:
    def build(directory: Path, data: bytes, extra: list[str]) -> tuple[list[str | Path], list[Path]]:
        target = _write(directory, f"batch{suffix}", data)
        return ["check", target, *LANGS, *extra], [target]
    return build


def _config(name: str) -> Callable[[Path, bytes, list[str]], tuple[list[str | Path], list[Path]]]:
    def build(directory: Path, data: bytes, extra: list[str]) -> tuple[list[str | Path], list[Path]]:
        config = _write(directory, name, data)
        target = _write(directory, "article.en", _ARTICLE)
        return ["check", target, "--tgt-lang", "en", "--config", config, *extra], [config, target]
    return build


def _glossary(suffix: str) -> Callable[[Path, bytes, list[str]], tuple[list[str | Path], list[Path]]]:
    def build(directory: Path, data: bytes, extra: list[str]) -> tuple[list[str | Path], list[Path]]:
        glossary = _write(directory, f"names{suffix}", data)
        target = _write(directory, "mt.en", _LINES)
        source = _write(directory, "src.ar", _LINES)
        return (["check", target, "--source", source, *LANGS, "--glossary", glossary, *extra],
                [glossary, target, source])
    return build


def _report(directory: Path, data: bytes, extra: list[str]) -> tuple[list[str | Path], list[Path]]:
    # A saved `check -f json` result, rendered again by `tqcheck report` (jsonl is check-only).
    result = _write(directory, "result.json", data)
    formats = extra[:2] if extra[:1] == ["-f"] else []  # report has no gate options
    if formats == ["-f", "jsonl"]:
        formats = ["-f", "text"]
    return ["report", result, *formats], [result]


TARGETS: dict[str, Callable[[Path, bytes, list[str]], tuple[list[str | Path], list[Path]]]] = {
    "article": _article,
    "lines": _lines,
    "tsv": _table(".tsv"),
    "csv": _table(".csv"),
    "jsonl": _table(".jsonl"),
    "toml": _config("tqcheck.toml"),
    "pyproject": _config("pyproject.toml"),
    "glossary-csv": _glossary(".csv"),
    "glossary-tsv": _glossary(".tsv"),
    "glossary-tbx": _glossary(".tbx"),
    "xliff": _table(".xlf"),
    "po": _table(".po"),
    "tmx": _table(".tmx"),
    "report": _report,
}
if PARQUET:
    TARGETS["parquet"] = _table(".parquet")


def run_target(kind: str, data: bytes, extra: list[str] | None = None) -> Outcome:
    """Feed `data` to the CLI as input kind `kind`; assert a clean outcome and untouched inputs."""
    with tempfile.TemporaryDirectory(prefix="tqfuzz-") as folder:
        directory = Path(folder)
        args, inputs = TARGETS[kind](directory, data, list(extra or ()))
        before = digest(inputs)
        try:
            outcome = run_cli(*args)
            assert_clean_outcome(outcome)
        except BaseException:
            _save_crasher(kind, data)
            raise
        assert digest(inputs) == before, "an input file was modified"
        leftovers = sorted(path.name for path in directory.iterdir() if path not in inputs)
        assert not leftovers, leftovers
        return outcome


def _save_crasher(kind: str, data: bytes) -> None:
    """During a fuzz session (`TQCHECK_SAVE_CRASHERS=1`) keep the failing input for the regression corpus."""
    if not os.environ.get("TQCHECK_SAVE_CRASHERS"):
        return
    folder = CRASHERS / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{hashlib.sha256(data).hexdigest()[:16]}.bin").write_bytes(data)
