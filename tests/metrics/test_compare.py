"""`tqcheck compare`: sacrebleu's paired tests (identical to its API and CLI), issue counts, ranking, CLI."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import weakref
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest
from typer.testing import CliRunner

from tqcheck.cli import app, main
from tqcheck.config import Settings
from tqcheck.errors import ConfigError, InputError
from tqcheck.metrics.compare import SystemInput, compare_systems, resampled_scores

WORDS = ("the minister met gallant in washington on monday talks about the water deal resumed and the port "
         "would reopen in june while prices rose by three percent in may").split()


def _corpus(size: int = 40, seed: int = 7) -> dict[str, list[str]]:
    """A reference and three systems of different quality (c worst), deterministic."""
    rng = random.Random(seed)
    refs, systems = [], {"a": [], "b": [], "c": []}
    for _ in range(size):
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 12))]
        refs.append(" ".join(words).capitalize() + ".")
        for name, noise in (("a", 0.3), ("b", 0.2), ("c", 0.5)):
            noisy = [word if rng.random() > noise else rng.choice(WORDS) for word in words]
            systems[name].append(" ".join(noisy).capitalize() + ".")
    return {"ref": refs, **systems}


DATA = _corpus()
SACRE_NAMES = {"BLEU": "BLEU", "chrF": "chrF2", "TER": "TER"}


def _write(tmp_path: Path, data: dict[str, list[str]] = DATA) -> dict[str, Path]:
    paths = {}
    for name, lines in data.items():
        paths[name] = tmp_path / f"{name}.en"
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def _systems(*names: str) -> list[SystemInput]:
    return [SystemInput(name, DATA[name]) for name in names]


# --- identical to sacrebleu -----------------------------------------------------------------

@pytest.mark.parametrize(("test", "n_samples"), [("bs", 1000), ("bs", 37), ("ar", 1000), ("ar", 50)])
def test_equals_sacrebleu_paired_test_api(test: str, n_samples: int) -> None:
    """Scores, p-values, CIs and signatures equal `PairedTest` (50 trials: not a multiple of 32)."""
    ours = compare_systems(_systems("a", "b", "c"), [DATA["ref"]], tgt_lang="en", metrics=["BLEU", "chrF", "TER"],
                           test=test, n_samples=n_samples, confidence=True, run_checks=False)  # type: ignore[arg-type]
    metrics = {"BLEU": BLEU(references=[DATA["ref"]]), "chrF": CHRF(references=[DATA["ref"]]),
               "TER": TER(references=[DATA["ref"]])}
    named = [(name, DATA[name]) for name in "abc"]
    signatures, theirs = PairedTest(named, metrics, None, test_type=test, n_samples=n_samples,
                                    n_ar_confidence=1000 if test == "ar" else -1)()
    for metric, key in SACRE_NAMES.items():
        for i, name in enumerate("abc"):
            expected, score = theirs[key][i], ours.system(name).score(metric)
            assert score.value == expected.score
            assert score.ci is not None
            assert (score.ci[0] + score.ci[1]) / 2 == pytest.approx(float(expected.mean), abs=1e-9)
            assert (score.ci[1] - score.ci[0]) / 2 == pytest.approx(float(expected.ci), abs=1e-9)
            if i:
                assert ours.system(name).vs_baseline[metric].p_value == expected.p_value
                assert ours.system(name).vs_baseline[metric].delta == expected.score - theirs[key][0].score
        assert score.signature == str(signatures[key])


def test_row_by_row_resampling_draws_sacrebleus_indices() -> None:
    """The bootstrap without the n_samples x n x n_stats array still sees sacrebleu's resamples."""
    from sacrebleu.significance import _bootstrap_resample

    metric = CHRF()
    stats = metric._extract_corpus_statistics(DATA["a"], [DATA["ref"]])
    _seed, expected = _bootstrap_resample(stats, metric, 200)
    ours = resampled_scores(metric, [np.asarray(stats)], 200, np.random.default_rng(12345))[0]
    assert ours.tolist() == [score.score for score in expected]


def test_multiple_references() -> None:
    refs2 = [line.upper() for line in DATA["ref"]]
    ours = compare_systems(_systems("a", "b"), [DATA["ref"], refs2], tgt_lang="en", metrics=["BLEU"],
                           primary="BLEU", run_checks=False)
    _sigs, theirs = PairedTest([("a", DATA["a"]), ("b", DATA["b"])], {"BLEU": BLEU(references=[DATA["ref"], refs2])},
                               None, test_type="bs")()
    assert ours.system("b").score("BLEU").value == theirs["BLEU"][1].score
    assert ours.system("b").vs_baseline["BLEU"].p_value == theirs["BLEU"][1].p_value
    assert ours.system("b").score("BLEU").signature.startswith("nrefs:2|")


_SACREBLEU_CLI = (
    # sacrebleu's own CLI, with numpy scalars made JSON-serialisable: with numpy 2 its
    # `--paired-bs -f json` output fails on the float32 bootstrap means otherwise.
    "import json, sys\nimport numpy\n_default = json.JSONEncoder.default\n"
    "json.JSONEncoder.default = lambda self, o: o.item() if isinstance(o, numpy.generic) else _default(self, o)\n"
    "from sacrebleu.sacrebleu import main\nsys.argv[0] = 'sacrebleu'\nmain()\n"
)


@pytest.mark.parametrize("flag", ["--paired-bs", "--paired-ar"])
def test_cli_equals_sacrebleu_cli(tmp_path: Path, flag: str) -> None:
    paths = _write(tmp_path)
    extra = ["--paired-ar-n", "300"] if flag == "--paired-ar" else []
    done = subprocess.run([sys.executable, "-c", _SACREBLEU_CLI, str(paths["ref"]), "-i", str(paths["a"]),
                           str(paths["b"]), str(paths["c"]), "-m", "bleu", "chrf", "ter", flag, *extra, "-f", "json"],
                          capture_output=True, text=True, check=True)
    theirs = json.loads(done.stdout)
    result = CliRunner().invoke(app, ["compare", str(paths["a"]), str(paths["b"]), str(paths["c"]), "-r",
                                      str(paths["ref"]), "--tgt-lang", "en", "-m", "BLEU,chrF,TER", flag,
                                      *(["--paired-n", "300"] if extra else []), "--no-checks", "-f", "json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    assert [system["name"] for system in ours["systems"]] == ["a.en", "b.en", "c.en"]
    for system, expected in zip(ours["systems"], theirs):
        for score in system["scores"]:
            reference = expected[SACRE_NAMES[score["metric"]]]
            assert score["value"] == reference["score"]
            if flag == "--paired-bs":
                assert (score["ci"][0] + score["ci"][1]) / 2 == pytest.approx(reference["mean"], abs=1e-9)
                assert (score["ci"][1] - score["ci"][0]) / 2 == pytest.approx(reference["ci"], abs=1e-9)
            else:
                assert score["ci"] is None and reference["ci"] is None
            if system["name"] == "a.en":
                assert system["vs_baseline"] == {} and reference["p_value"] is None
            else:
                assert system["vs_baseline"][score["metric"]]["p_value"] == reference["p_value"]
                assert system["vs_baseline"][score["metric"]]["test"] == flag.lstrip("-")


# --- ranking and clusters -------------------------------------------------------------------

def test_ranking_and_clusters() -> None:
    near_b = list(DATA["b"])
    near_b[0] = DATA["a"][0]  # one line away from b: never significantly different from it
    systems = [*_systems("a", "b", "c"), SystemInput("b2", near_b)]
    result = compare_systems(systems, [DATA["ref"]], tgt_lang="en", metrics=["chrF"], run_checks=False)
    ranking = [(system.name, system.rank, system.cluster) for system in result.ranking]
    assert [name for name, _rank, _cluster in ranking][:2] in (["b", "b2"], ["b2", "b"])
    assert [(rank, cluster) for _name, rank, cluster in ranking] == [(1, 1), (2, 1), (3, 2), (4, 3)]
    assert result.ranking[1].p_vs_cluster_best is not None and result.ranking[1].p_vs_cluster_best >= 0.05
    assert result.ranking[0].p_vs_cluster_best is None


def test_ter_ranks_lower_first() -> None:
    result = compare_systems(_systems("c", "a", "b"), [DATA["ref"]], tgt_lang="en", metrics=["TER", "chrF"],
                             primary="ter", run_checks=False)
    assert result.primary == "TER"
    assert [system.name for system in result.ranking] == ["b", "a", "c"]
    assert result.system("b").vs_baseline["TER"].delta < 0


def test_baseline_by_name_and_errors() -> None:
    result = compare_systems(_systems("a", "b"), [DATA["ref"]], tgt_lang="en", baseline="b", run_checks=False)
    assert result.baseline == "b" and result.system("b").vs_baseline == {}
    assert set(result.system("a").vs_baseline) == {"BLEU", "chrF"}
    with pytest.raises(ConfigError, match="unknown system 'x'"):
        compare_systems(_systems("a", "b"), [DATA["ref"]], tgt_lang="en", baseline="x", run_checks=False)
    with pytest.raises(ConfigError, match="at least 2 systems"):
        compare_systems(_systems("a"), [DATA["ref"]], tgt_lang="en", run_checks=False)
    with pytest.raises(InputError, match="references have 40 lines, system short has 39"):
        compare_systems([*_systems("a"), SystemInput("short", DATA["b"][:-1])], [DATA["ref"]], tgt_lang="en",
                        run_checks=False)
    with pytest.raises(ConfigError, match="primary metric"):
        compare_systems(_systems("a", "b"), [DATA["ref"]], tgt_lang="en", metrics=["BLEU"], run_checks=False)


# --- issues ---------------------------------------------------------------------------------

def test_issue_counts_and_deltas() -> None:
    doubled = [line[:-1] + ". ." if i % 4 == 0 else line for i, line in enumerate(DATA["b"])]  # 10 lines
    result = compare_systems([SystemInput("a", DATA["a"]), SystemInput("b", doubled)], [DATA["ref"]],
                             tgt_lang="en", metrics=["chrF"], settings=Settings(select=("TQ101",)))
    a, b = result.system("a"), result.system("b")
    assert a.issues is not None and b.issues is not None
    assert a.issues.by_family.get("punctuation", 0) == 0
    assert b.issues.by_family["punctuation"] == 10 and b.issues.by_check == {"TQ101": 10}
    assert b.issues.per_1000 == 250.0
    assert result.issue_deltas(b) == {"punctuation": 10}


class _Lines(list):  # type: ignore[type-arg]
    """A list that can be weakly referenced."""


def test_each_system_is_released_before_the_next_is_read() -> None:
    """A lazy iterable is read system by system, and no system's text is kept (memory stays flat)."""
    previous: list[weakref.ref[_Lines]] = []

    def systems():  # type: ignore[no-untyped-def]
        for name in "abc":
            assert all(ref() is None for ref in previous), "an earlier system's text is still alive"
            lines = _Lines(DATA[name])
            previous.append(weakref.ref(lines))
            yield SystemInput(name, lines)
            del lines

    result = compare_systems(systems(), [DATA["ref"]], tgt_lang="en", settings=Settings(select=("TQ101",)))
    assert [system.name for system in result.systems] == ["a", "b", "c"]
    assert all(ref() is None for ref in previous)


# --- CLI ------------------------------------------------------------------------------------

def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Through `main()`, as the console script runs, so errors map to exit codes."""
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def test_cli_json_document(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    source = tmp_path / "src.de"
    source.write_text("\n".join(f"Satz {i}." for i in range(40)) + "\n", encoding="utf-8")
    out = tmp_path / "compare.json"
    result = CliRunner().invoke(app, ["compare", str(paths["a"]), str(paths["b"]), "-r", str(paths["ref"]),
                                      "--source", str(source), "--src-lang", "de", "--tgt-lang", "en",
                                      "--names", "alpha,beta", "--baseline", str(paths["b"]), "--select", "TQ1",
                                      "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert {"schema_version", "tool", "created", "inputs", "languages", "baseline", "systems", "ranking"} <= set(
        document)
    assert document["baseline"] == "beta"
    assert document["languages"] == {"source": "de", "target": "en", "detected": {}}
    alpha = document["systems"][0]
    assert set(alpha) == {"name", "path", "scores", "vs_baseline", "issues", "cluster", "rank"}
    assert alpha["name"] == "alpha" and alpha["path"] == str(paths["a"])
    assert [score["metric"] for score in alpha["scores"]] == ["BLEU", "chrF"]
    assert set(alpha["vs_baseline"]["chrF"]) == {"p_value", "test", "delta"}
    assert {"by_family", "by_severity", "per_1000"} <= set(alpha["issues"])
    assert [entry["name"] for entry in document["ranking"]] == ["beta", "alpha"]


def test_cli_text_table(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    result = CliRunner().invoke(app, ["compare", str(paths["a"]), str(paths["b"]), str(paths["c"]), "-r",
                                      str(paths["ref"]), "--tgt-lang", "en", "--select", "TQ1", "--paired-ar",
                                      "--paired-n", "200", "--confidence"])
    assert result.exit_code == 0, result.output
    assert "paired approximate randomization (200 trials)" in result.stdout
    assert "a.en (baseline)" in result.stdout and "chrF (95% CI)" in result.stdout
    assert "p=0." in result.stdout and "issues per family" in result.stdout


def test_cli_mismatched_line_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _write(tmp_path, {**DATA, "b": DATA["b"][:-2]})
    code, _out, err = _run(["compare", str(paths["a"]), str(paths["b"]), "-r", str(paths["ref"]), "--tgt-lang",
                            "en"], capsys)
    assert code == 2
    assert f"system {paths['a']} has 40 lines, system {paths['b']} has 38" in err


@pytest.mark.parametrize(("extra", "message"), [
    (["--baseline", "nope"], "unknown system 'nope' for --baseline"),
    (["--paired-bs", "--paired-ar"], "mutually exclusive"),
    (["--names", "x"], "--names gives 1 names for 2 systems"),
    (["-m", "meteor"], "unknown metric"),
])
def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str],
                          message: str) -> None:
    paths = _write(tmp_path)
    code, _out, err = _run(["compare", str(paths["a"]), str(paths["b"]), "-r", str(paths["ref"]), "--tgt-lang",
                            "en", "--no-checks", *extra], capsys)
    assert code == 2 and message in err


def test_cli_needs_two_systems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _write(tmp_path)
    code, _out, err = _run(["compare", str(paths["a"]), "-r", str(paths["ref"]), "--tgt-lang", "en"], capsys)
    assert code == 2 and "at least 2 systems, got 1" in err
