"""sacrebleu's options through `tqcheck score` and `compare`: the numbers and signatures are sacrebleu's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from typer.testing import CliRunner

from tqcheck.cli import app, main

from .test_sacre import HYPS, REFS, REFS2

runner = CliRunner()
# Chinese news sentences written for this test: enough text for the language to be recognised.
ZH_HYPS = ["国务院总理周一在北京会见了来访的德国外交部长。", "双方就贸易和气候问题交换了意见。",
           "会谈结束后，两国签署了三项合作协议。", "外交部发言人表示，会谈取得了积极成果。"]
ZH_REFS = ["国务院总理星期一在北京会见了来访的德国外长。", "双方就贸易与气候问题交换了看法。",
           "会谈后，两国签署了三项合作协议。", "外交部发言人说，这次会谈取得了积极成果。"]


def _files(tmp_path: Path, hyps: list[str], *refs: list[str]) -> list[str]:
    paths = []
    for name, lines in (("mt.txt", hyps), *((f"ref{n}.txt", ref) for n, ref in enumerate(refs, 1))):
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def _corpus(result_output: str) -> dict[str, dict[str, object]]:
    return {row["metric"]: row for row in json.loads(result_output)["corpus"]}


def test_score_detects_the_target_language_for_the_bleu_tokenizer(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    mt, ref = _files(tmp_path, ZH_HYPS, ZH_REFS)
    with pytest.raises(SystemExit) as exit_info:
        main(["score", mt, "-r", ref, "-m", "bleu", "-f", "json"])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 0, err
    bleu = _corpus(out)["BLEU"]
    assert "tok:zh" in str(bleu["signature"])
    assert bleu["value"] == BLEU(trg_lang="zh").corpus_score(ZH_HYPS, [ZH_REFS]).score
    assert "detected target language zh" in err


@pytest.mark.parametrize(("args", "metric", "expected"), [
    (["--tokenize", "char"], "BLEU", BLEU(tokenize="char")),
    (["-lc", "--smooth-method", "floor", "--smooth-value", "0.2"], "BLEU",
     BLEU(lowercase=True, smooth_method="floor", smooth_value=0.2)),
    (["--max-ngram-order", "2"], "BLEU", BLEU(max_ngram_order=2)),
    (["--chrf-char-order", "4", "--chrf-word-order", "1", "--chrf-beta", "1", "--chrf-whitespace"], "chrF",
     CHRF(char_order=4, word_order=1, beta=1, whitespace=True)),
    (["-lc", "--chrf-eps-smoothing"], "chrF++", CHRF(word_order=2, lowercase=True, eps_smoothing=True)),
    (["--ter-case-sensitive", "--ter-no-punct", "--ter-normalized", "--ter-asian-support"], "TER",
     TER(case_sensitive=True, no_punct=True, normalized=True, asian_support=True)),
])
def test_score_options_are_sacrebleus(tmp_path: Path, args: list[str], metric: str, expected: object) -> None:
    mt, ref, ref2 = _files(tmp_path, HYPS, REFS, REFS2)
    result = runner.invoke(app, ["score", mt, "-r", ref, "-r", ref2, "--tgt-lang", "en", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    ours = _corpus(result.stdout)[metric]
    theirs = expected.corpus_score(HYPS, [REFS, REFS2])  # type: ignore[attr-defined]
    assert ours["value"] == theirs.score
    assert ours["signature"] == str(expected.get_signature())  # type: ignore[attr-defined]


def test_numbered_reference_columns_are_more_references(tmp_path: Path) -> None:
    table = tmp_path / "batch.tsv"
    table.write_text("target\treference\treference2\n"
                     + "".join(f"{h}\t{r}\t{r2}\n" for h, r, r2 in zip(HYPS, REFS, REFS2)), encoding="utf-8")
    jsonl = tmp_path / "batch.jsonl"
    rows = zip(HYPS, REFS, REFS2)
    jsonl.write_text("".join(json.dumps({"mt": h, "ref": r, "ref_2": r2}) + "\n" for h, r, r2 in rows),
                     encoding="utf-8")
    for path in (table, jsonl):
        result = runner.invoke(app, ["score", str(path), "--tgt-lang", "en", "-m", "bleu", "-f", "json"])
        assert result.exit_code == 0, result.output
        bleu = _corpus(result.stdout)["BLEU"]
        assert bleu["value"] == BLEU().corpus_score(HYPS, [REFS, REFS2]).score
        assert str(bleu["signature"]).startswith("nrefs:2|")


def test_a_reference_column_missing_in_a_row_is_one_error_line(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(json.dumps({"mt": "a b", "ref": "a b", "ref2": "a c"}) + "\n"
                     + json.dumps({"mt": "c d", "ref": "c d"}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["score", str(jsonl), "--tgt-lang", "en"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "ref2" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--tokenize", "moses"], "unknown tokenizer"),
    (["--smooth-method", "best"], "unknown BLEU smoothing"),
    (["--chrf-char-order", "0"], "--chrf-char-order"),
])
def test_bad_metric_options_are_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               args: list[str], message: str) -> None:
    mt, ref = _files(tmp_path, HYPS, REFS)
    with pytest.raises(SystemExit) as exit_info:
        main(["score", mt, "-r", ref, "--tgt-lang", "en", *args])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and message in err and err.count("\n") == 1


def test_segment_scores_and_width_in_the_text_output(tmp_path: Path) -> None:
    mt, ref = _files(tmp_path, HYPS, REFS)
    result = runner.invoke(app, ["score", mt, "-r", ref, "--tgt-lang", "en", "-m", "chrf", "--segment-scores",
                                 "--width", "3", "--no-color"])
    assert result.exit_code == 0, result.output
    expected = [CHRF().sentence_score(hyp, [ref_]).score for hyp, ref_ in zip(HYPS, REFS)]
    assert "per segment" in result.stdout
    assert all(f"{value:.3f}" in result.stdout for value in expected)
    assert f"{CHRF().corpus_score(HYPS, [REFS]).score:.3f}" in result.stdout


def test_compare_text_shows_signatures_and_whole_system_names(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "GPT4-5shot-run-with-a-long-name-one.en").write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    (second / "GPT4-5shot-run-with-a-long-name-two.en").write_text("\n".join(REFS2) + "\n", encoding="utf-8")
    _mt, ref = _files(tmp_path, HYPS, REFS)
    result = runner.invoke(app, ["compare", *(str(path) for path in sorted(tmp_path.glob("?/*.en"))), "-r", ref,
                                 "--tgt-lang", "en", "--no-checks", "--tokenize", "intl", "--no-color"])
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert "GPT4-5shot-run-with-a-long-name-one.en" in result.stdout.replace("\n", "")
    assert "BLEU signature: nrefs:1|bs:1000|seed:12345|case:mixed|eff:no|tok:intl" in result.stdout


def test_spbleu_without_its_model_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """flores200 (spBLEU) needs a SentencePiece model sacrebleu downloads: offline, one clear line."""
    mt, ref = _files(tmp_path, HYPS, REFS)
    with pytest.raises(SystemExit) as exit_info:
        main(["score", mt, "-r", ref, "--tgt-lang", "en", "-m", "bleu", "--tokenize", "flores200", "-f", "json"])
    out, err = capsys.readouterr()
    if exit_info.value.code == 0:  # the model was there (or the network was): the score is sacrebleu's
        assert "tok:flores200" in str(_corpus(out)["BLEU"]["signature"])
    else:
        assert exit_info.value.code == 2 and err.count("\n") == 1 and "SentencePiece model" in err
