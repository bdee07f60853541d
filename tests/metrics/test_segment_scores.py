"""Scores inside `tqcheck check`: per segment, per document, corpus from summed statistics; quality; gates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF
from typer.testing import CliRunner

import tqcheck
from tqcheck.cli import app
from tqcheck.config import Settings
from tqcheck.metrics.quality import penalty, quality
from tqcheck.metrics.score import check_thresholds
from tqcheck.model import Segment

HYPS = ["The minister met Gallant in Washington on Monday.", "Talks on the water agreement resumed.",
        "He said the port will reopen in June.", "Prices rose by 3.5 percent in May."]
REFS = ["The minister met Gallant in Washington on Monday.", "Talks about the water deal resumed.",
        "He said the port would reopen in June.", "Prices increased 3.5% in May."]


def segments(doc_split: int = 2) -> list[Segment]:
    return [Segment(id=str(i), target=h, reference=r, doc_id="a" if i < doc_split else "b", line=i + 1)
            for i, (h, r) in enumerate(zip(HYPS, REFS))]


def test_segment_document_and_corpus_scores_are_sacrebleus() -> None:
    report = tqcheck.check(segments(), Settings(select=("TQ101",)), tgt_lang="en")
    first = report.documents[0]
    assert first.scores["1"]["chrF"] == pytest.approx(CHRF().sentence_score(HYPS[1], [REFS[1]]).score)
    sentence_bleu = BLEU(effective_order=True).sentence_score(HYPS[1], [REFS[1]]).score
    assert first.scores["1"]["BLEU"] == pytest.approx(sentence_bleu)
    assert first.doc_scores["chrF"] == pytest.approx(CHRF().corpus_score(HYPS[:2], [REFS[:2]]).score)
    # The batch score comes from statistics summed across documents: identical to a corpus run.
    assert report.summary.scores["chrF"] == pytest.approx(CHRF().corpus_score(HYPS, [REFS]).score)
    assert report.summary.scores["BLEU"] == pytest.approx(BLEU().corpus_score(HYPS, [REFS]).score)


def test_quality_is_always_present_and_drops_with_issues() -> None:
    clean = Segment(id="1", target="A clean sentence.", doc_id="d")
    broken = Segment(id="2", target="A broken sentence. .", doc_id="d")
    report = tqcheck.check([clean, broken], Settings(select=("TQ101",)), tgt_lang="en")
    scores = report.documents[0].scores
    assert scores["1"]["quality"] == 100.0
    assert scores["2"]["quality"] < 100.0
    assert report.summary.scores["quality"] == pytest.approx((scores["1"]["quality"] + scores["2"]["quality"]) / 2)


def test_quality_formula() -> None:
    assert quality(0.0) == 100.0
    assert quality(0.0, (60.0, None)) == 60.0
    assert quality(5.0) < quality(1.0) < quality(0.1) < 100.0
    assert quality(1000.0) == 0.0
    assert penalty([]) == 0.0


def test_check_thresholds_messages() -> None:
    assert check_thresholds({"chrF": 60.0}, {"min-chrf": 50.0}) == ()
    (failure,) = check_thresholds({"chrF": 48.2}, {"min-chrf": 50.0})
    assert failure == "chrF 48.20 < min 50.00 (short by 1.80)"
    (failure,) = check_thresholds({"TER": 70.0}, {"max-ter": 60.0})
    assert "over by 10.00" in failure
    (failure,) = check_thresholds({}, {"min-bleu": 20.0})
    assert "not computed" in failure


def test_check_json_has_segment_and_document_scores(tmp_path: Path) -> None:
    table = tmp_path / "b.tsv"
    table.write_text("target\treference\n" + "".join(f"{h}\t{r}\n" for h, r in zip(HYPS, REFS)), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(table), "--tgt-lang", "en", "-f", "json"])
    data = json.loads(result.stdout)
    assert set(data["segments"][0]["scores"]) >= {"BLEU", "chrF", "chrF++", "quality"}
    assert data["documents"][0]["scores"]["chrF"] == pytest.approx(CHRF().corpus_score(HYPS, [REFS]).score)
    assert data["summary"]["scores"]["quality"] > 0


def test_check_min_chrf_gate(tmp_path: Path) -> None:
    table = tmp_path / "b.tsv"
    table.write_text("target\treference\n" + "".join(f"{h}\t{r}\n" for h, r in zip(HYPS, REFS)), encoding="utf-8")
    failing = CliRunner().invoke(app, ["check", str(table), "--tgt-lang", "en", "--min-chrf", "99",
                                       "--fail-on", "never"])
    assert failing.exit_code == 1 and "threshold failed: chrF" in failing.stderr
    passing = CliRunner().invoke(app, ["check", str(table), "--tgt-lang", "en", "--min-chrf", "10",
                                       "--fail-on", "never"])
    assert passing.exit_code == 0


def test_check_max_ter_computes_ter_only_when_gated(tmp_path: Path) -> None:
    table = tmp_path / "b.tsv"
    table.write_text("target\treference\n" + "".join(f"{h}\t{r}\n" for h, r in zip(HYPS, REFS)), encoding="utf-8")
    plain = CliRunner().invoke(app, ["check", str(table), "--tgt-lang", "en", "-f", "json", "--fail-on", "never"])
    assert "TER" not in json.loads(plain.stdout)["summary"]["scores"]
    gated = CliRunner().invoke(app, ["check", str(table), "--tgt-lang", "en", "-f", "json", "--fail-on", "never",
                                     "--max-ter", "1"])
    from sacrebleu.metrics import TER

    assert json.loads(gated.stdout)["summary"]["scores"]["TER"] == pytest.approx(TER().corpus_score(HYPS, [REFS]).score)
    assert gated.exit_code == 1 and "threshold failed: TER" in gated.stderr


def test_score_reads_thresholds_from_config(tmp_path: Path) -> None:
    mt, ref, config = tmp_path / "mt.en", tmp_path / "ref.en", tmp_path / "tqcheck.toml"
    mt.write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    config.write_text("min-chrf = 99\nmin-quality = 99\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(mt), "-r", str(ref), "--tgt-lang", "en", "-m", "chrf",
                                      "--config", str(config)])
    assert result.exit_code == 1
    assert "threshold failed: chrF" in result.stderr and "quality" not in result.stderr


def test_scoring_does_not_keep_sacrebleus_tokenizer_memo() -> None:
    """sacrebleu memoises up to 65,536 tokenised lines per tokenizer; a streaming run must not keep them."""
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
    from sacrebleu.tokenizers.tokenizer_re import TokenizerRegexp

    from tqcheck.api import check as run

    report = run(segments(), tgt_lang="en", created="t")
    assert report.documents[0].scores["0"]["BLEU"] == pytest.approx(100.0)
    assert Tokenizer13a.__call__.cache_info().currsize == 0  # type: ignore[attr-defined]
    assert TokenizerRegexp.__call__.cache_info().currsize == 0  # type: ignore[attr-defined]


def test_each_piece_of_evidence_counts_once() -> None:
    """A finding that restates a similarity (low round-trip or reference chrF) adds no penalty; a learned span does."""
    from tqcheck.metrics.quality import penalty
    from tqcheck.model import Issue, Severity, Span

    def issue(code: str) -> Issue:
        return Issue(code=code, name=code, family="metrics", severity=Severity.WARNING, segment_id="1", doc_id=None,
                     line=1, span=Span(0, 1), message="m")

    assert penalty([issue("TQ901"), issue("TQ910")]) == 0.0
    assert penalty([issue("TQ920"), issue("TQ902")]) == 2.0


def test_a_missing_tokenizer_skips_its_metric_with_a_note(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """BLEU for Japanese needs tqcheck[ja]: the check and the other scores still come, and the run says why not BLEU."""
    import json

    import pytest

    from tqcheck.cli import main
    from tqcheck.errors import ConfigError
    from tqcheck.metrics import sacre

    real = sacre.build_metric

    def without_mecab(name, tgt_lang, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "BLEU":
            raise ConfigError("BLEU for 'ja' needs extra tokenizer packages: pip install 'tqcheck[ja]'")
        return real(name, tgt_lang, *args, **kwargs)

    monkeypatch.setattr(sacre, "build_metric", without_mecab)
    mt, ref = tmp_path / "mt.ja", tmp_path / "ref.ja"
    mt.write_text("大臣は月曜日に東京で会談した。\n", encoding="utf-8")
    ref.write_text("大臣は月曜日に東京で会った。\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(mt), "-r", str(ref), "--tgt-lang", "ja", "-f", "json", "--fail-on", "never", "-j", "1"])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 0, err
    scores = json.loads(out)["segments"][0]["scores"]
    assert "chrF" in scores and "BLEU" not in scores
    assert "BLEU was not computed" in err and "tqcheck[ja]" in err
