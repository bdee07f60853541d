"""The prescan only skips calls that would find nothing: findings with and without it are identical.

A check's `candidates` are a necessary condition it declares (a digit, an `@`, a bracket); if one
were wrong, a check would silently stop firing. So every test here compares a run with the prescan
against one that calls every check on every segment: over each check's own examples, over
hand-made near-misses, and over real WMT23 MT and reference segments of every language pair.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.checks.examples import parse_examples
from tqcheck.checks.registry import all_checks, check
from tqcheck.config import Settings
from tqcheck.model import Issue, Segment, Severity
from tqcheck.run.prescan import Prescan
from tqcheck.run.runner import Checker

EVERY_CHECK = Settings(select=("ALL",))


def _both(segments: list[Segment], settings: Settings = EVERY_CHECK, src: str | None = None,
          tgt: str | None = None) -> tuple[tuple[Issue, ...], tuple[Issue, ...]]:
    with_prescan = Checker(settings, src_lang=src, tgt_lang=tgt).check_document(segments, "doc").issues
    without = Checker(settings, src_lang=src, tgt_lang=tgt, prescan=False).check_document(segments, "doc").issues
    return with_prescan, without


def test_some_checks_declare_candidates() -> None:
    declared = {info.code for info in all_checks() if info.candidates}
    assert {"TQ204", "TQ205", "TQ301", "TQ302", "TQ506", "TQ552", "TQ561", "TQ564"} <= declared


def test_every_documented_example_is_unchanged() -> None:
    for info in all_checks():
        for example in parse_examples(info.doc):
            settings = example.settings().merged(select=("ALL",))
            found, expected = _both(list(example.segments), settings, example.src_lang, example.tgt_lang)
            assert found == expected, (info.code, example.line)


@pytest.mark.parametrize(("source", "target"), [
    ("12 people died.", "People died."),                       # a digit on one side only
    ("People died.", "12 people died."),
    ("Twelve people died.", "12 people died."),
    ("Mail info@nami.org now.", "Schreiben Sie jetzt."),         # @ on one side
    ("Write now.", "Schreiben Sie an a@b.com."),
    ("Follow @Ian.", "Folgen Sie Ian."),
    ("Hi #Ukraine", "Hallo Ukraine"),
    ("Click <b>here</b>.", "Klicken Sie hier."),               # markup on one side
    ("Click here.", "Klicken Sie <b>hier</b> &amp; da."),
    ("Hello {name}, you have %d messages.", "Hallo, Sie haben Nachrichten."),
    ("Hello, you have messages.", "Hallo {name}, Sie haben %d Nachrichten."),
    ('He said "yes" (twice).', "Er sagte ja zweimal."),          # marks on one side
    ("He said yes twice.", 'Er sagte „ja" (zweimal.'),
    ("Нет цифр здесь.", "No digits here."),
    ("٣ أشخاص", "3 people"),                                    # Arabic-Indic digits
    ("三人が来た。", "Three people came."),
])
def test_near_misses_and_one_sided_candidates(source: str, target: str) -> None:
    segment = Segment(id="1", target=target, source=source, doc_id="doc", line=1)
    found, expected = _both([segment], src="xx", tgt="de")
    assert found == expected


def test_a_check_without_its_candidates_is_not_called() -> None:
    """The point of the prescan: a segment with no digit never reaches a digits-only check."""
    checker = Checker(Settings(select=("TQ301",)), src_lang="de", tgt_lang="en")
    calls = []
    info = next(info for info in checker.checks if info.code == "TQ301")
    original = info.func
    object.__setattr__(info, "func", lambda seg, ctx: calls.append(seg.id) or original(seg, ctx))
    try:
        checker.check_document([Segment(id="a", target="No number.", source="Keine Zahl.", doc_id="d", line=1),
                                Segment(id="b", target="Two.", source="2 Leute.", doc_id="d", line=2)], "d")
    finally:
        object.__setattr__(info, "func", original)
    assert calls == ["b"]


def test_bits_classify_each_character_once() -> None:
    infos = [info for info in all_checks() if info.code in ("TQ301", "TQ552")]
    prescan = Prescan(infos)
    digit, markup = prescan.needs(infos[0]), prescan.needs(infos[1])
    assert digit is not None and markup is not None
    assert prescan.bits("no candidates here") == 0
    assert prescan.bits("٣ and <b>") == digit[1] | markup[0]
    assert prescan.needs(next(info for info in all_checks() if info.code == "TQ101")) is None


@pytest.mark.parametrize("candidates", [
    (("reference", "[x]"),),       # a field the prescan does not scan
    (("target", "abc"),),          # not one character class
    (("target", "[a]b"),),
])
def test_malformed_candidates_are_refused(candidates: tuple[tuple[str, str], ...]) -> None:
    with pytest.raises(ValueError, match="candidate"):
        check("TQ199", severity=Severity.INFO, candidates=candidates)(lambda seg, ctx: iter(()))  # type: ignore[arg-type]


def test_wmt23_findings_are_identical(shared_dir: Path) -> None:
    """Real MT and human references of every WMT23 pair: the same issues, in the same order."""
    root = shared_dir / "corpora" / "wmt23"
    for pair in sorted(path for path in root.iterdir() if path.is_dir()):
        src, tgt = pair.name.split("-")
        sources = (pair / f"source.{src}").read_text(encoding="utf-8").splitlines()[:120]
        for name in (f"reference.{tgt}", f"ONLINE-B.{tgt}", f"NLLB_Greedy.{tgt}"):
            if not (pair / name).is_file():
                continue
            targets = (pair / name).read_text(encoding="utf-8").splitlines()[:120]
            segments = [Segment(id=str(number), target=target, source=source, doc_id="doc", line=number)
                        for number, (source, target) in enumerate(zip(sources, targets, strict=False), 1)]
            found, expected = _both(segments, src=src, tgt=tgt)
            assert found == expected, (pair.name, name)
