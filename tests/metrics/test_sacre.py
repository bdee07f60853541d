"""Scores are sacrebleu's own: identical to its Python API and to its CLI on the same files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from typer.testing import CliRunner

from tqcheck.cli import app
from tqcheck.metrics.sacre import normalise_metric_names, score_system, sentence_scores

HYPS = ["The minister met Gallant in Washington on Monday.", "Talks on the water agreement resumed.",
        "He said the port will reopen in June", "Prices rose by 3.5 percent in May."]
REFS = ["The minister met Gallant in Washington on Monday.", "Talks about the water deal resumed.",
        "He said the port would reopen in June.", "Prices increased 3.5% in May."]
REFS2 = ["On Monday the minister met Gallant in Washington.", "Negotiations on the water accord resumed.",
         "The port will reopen in June, he said.", "Prices went up 3.5 percent in May."]


def test_corpus_scores_match_sacrebleu_api() -> None:
    results = score_system(HYPS, [REFS, REFS2], "en")
    assert results["BLEU"].corpus.value == BLEU().corpus_score(HYPS, [REFS, REFS2]).score
    assert results["chrF"].corpus.value == CHRF().corpus_score(HYPS, [REFS, REFS2]).score
    assert results["chrF++"].corpus.value == CHRF(word_order=2).corpus_score(HYPS, [REFS, REFS2]).score
    assert results["TER"].corpus.value == TER().corpus_score(HYPS, [REFS, REFS2]).score
    assert results["BLEU"].corpus.signature.startswith("nrefs:2|")


def test_segment_scores_match_sentence_scores() -> None:
    results = score_system(HYPS, [REFS], "en")
    for i, (hyp, ref) in enumerate(zip(HYPS, REFS)):
        assert results["BLEU"].segments[i] == pytest.approx(BLEU(effective_order=True).sentence_score(hyp, [ref]).score)
        assert results["chrF"].segments[i] == pytest.approx(CHRF().sentence_score(hyp, [ref]).score)
        assert results["TER"].segments[i] == pytest.approx(TER().sentence_score(hyp, [ref]).score)
    assert sentence_scores(HYPS, [REFS], "en", ["chrF"])[1]["chrF"] == pytest.approx(results["chrF"].segments[1])


def test_chinese_target_uses_zh_tokenizer() -> None:
    results = score_system(["我们明天见。"], [["我们明天再见。"]], "zh", ["BLEU"])
    assert "tok:zh" in results["BLEU"].corpus.signature


def test_bootstrap_ci_brackets_the_mean() -> None:
    result = score_system(HYPS * 5, [REFS * 5], "en", ["chrF"], n_bootstrap=200)["chrF"].corpus
    assert result.ci is not None and result.ci[0] < result.ci[1]
    assert "bs:200" in result.signature


def test_metric_names() -> None:
    assert normalise_metric_names(["bleu,CHRF++"]) == ("BLEU", "chrF++")
    with pytest.raises(Exception, match="unknown metric"):
        normalise_metric_names(["meteor"])


def test_score_cli_identical_to_sacrebleu_cli(tmp_path: Path) -> None:
    mt, ref = tmp_path / "mt.en", tmp_path / "ref.en"
    mt.write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(mt), "-r", str(ref), "--tgt-lang", "en", "-f", "json"])
    assert result.exit_code == 0, result.output
    ours = {row["metric"]: row for row in json.loads(result.stdout)["corpus"]}
    done = subprocess.run([sys.executable, "-m", "sacrebleu", str(ref), "-i", str(mt), "-m", "bleu", "chrf", "ter",
                           "-w", "4", "-f", "json", "-l", "de-en"], capture_output=True, text=True, check=True)
    theirs = {row["name"]: row for row in json.loads(done.stdout)}
    assert round(ours["BLEU"]["value"], 4) == theirs["BLEU"]["score"]
    assert round(ours["chrF"]["value"], 4) == theirs["chrF2"]["score"]
    assert round(ours["TER"]["value"], 4) == theirs["TER"]["score"]
    assert ours["BLEU"]["signature"] == theirs["BLEU"]["signature"]
    segments = json.loads(result.stdout)["segments"]
    assert [s["line"] for s in segments] == [1, 2, 3, 4]
    assert set(segments[0]["scores"]) == {"BLEU", "chrF", "chrF++", "TER"}


def test_score_thresholds_fail_with_amount(tmp_path: Path) -> None:
    mt, ref = tmp_path / "mt.en", tmp_path / "ref.en"
    mt.write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(mt), "-r", str(ref), "--tgt-lang", "en", "--min-chrf", "99",
                                      "-m", "chrf"])
    assert result.exit_code == 1
    assert "threshold failed: chrF" in result.stderr and "< min 99.00" in result.stderr


def test_score_reads_reference_column(tmp_path: Path) -> None:
    table = tmp_path / "b.tsv"
    table.write_text("target\treference\n" + "".join(f"{h}\t{r}\n" for h, r in zip(HYPS, REFS)), encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(table), "--tgt-lang", "en", "-m", "chrF", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["corpus"][0]["value"] == CHRF().corpus_score(HYPS, [REFS]).score


def test_score_without_reference_is_a_clear_error(tmp_path: Path) -> None:
    mt = tmp_path / "mt.en"
    mt.write_text("x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(mt), "--tgt-lang", "en"])
    assert result.exit_code != 0
