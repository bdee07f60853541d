"""Settings from tqcheck.toml / pyproject.toml: discovery, validation, per-language options."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.config import find_config, load_settings, parse_settings
from tqcheck.errors import ConfigError
from tqcheck.model import Severity


def test_full_config(tmp_path: Path) -> None:
    path = tmp_path / "tqcheck.toml"
    path.write_text(
        'select = ["TQ1", "TQ2"]\nignore = "TQ105"\nfail-on = "warning"\nboilerplate = ["Subscribe now"]\n'
        'allow-names = ["McGurk"]\nallow-words = ["had had"]\n[severity]\ntq203 = "info"\n'
        '[lang.de]\nboilerplate = ["Jetzt teilen"]\nthreshold = 3\n[options.TQ701]\nthreshold = 2\n',
        encoding="utf-8")
    settings = load_settings(path)
    assert settings.select == ("TQ1", "TQ2")
    assert settings.ignore == ("TQ105",)
    assert settings.fail_on == "warning"
    assert settings.severity == {"TQ203": Severity.INFO}
    assert settings.boilerplate == ("Subscribe now",)
    assert settings.language_list("boilerplate", "de") == ("Jetzt teilen",)
    assert settings.option("TQ701", "threshold", 9) == 2
    assert settings.option("TQ701", "threshold", 9, lang="de") == 3
    assert settings.option("TQ702", "missing", 9) == 9


def test_extend_select_adds_opt_in_checks(tmp_path: Path) -> None:
    from tqcheck.run.runner import Checker

    path = tmp_path / "tqcheck.toml"
    path.write_text('extend-select = ["TQ402"]\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.select is None and settings.extend_select == ("TQ402",)
    codes = Checker(settings).codes
    assert "TQ402" in codes and "TQ101" in codes
    assert "TQ402" not in Checker(load_settings(None)).codes


def test_pyproject_discovery_from_subdirectory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\n[tool.tqcheck]\nignore=["TQ7"]\n',
                                             encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / "pyproject.toml"
    assert load_settings(discover_from=sub).ignore == ("TQ7",)


def test_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\n', encoding="utf-8")
    assert find_config(tmp_path) is None or find_config(tmp_path) != tmp_path / "pyproject.toml"


@pytest.mark.parametrize(("text", "expected"), [
    ("select = [", "malformed TOML"),
    ("selekt = []", "unknown setting 'selekt'"),
    ("fail-on = 'sometimes'", "fail-on must be one of"),
    ("select = [1]", "select must be a list of strings"),
    ("[severity]\nTQ101 = 'fatal'", "unknown severity"),
    ("lang = 3", r"\[lang\] must be a table"),
])
def test_malformed_config(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "tqcheck.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_settings(path)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_merged_keeps_unset_values() -> None:
    settings = parse_settings({"ignore": ["TQ1"], "fail-on": "info"})
    merged = settings.merged(fail_on=None, select=("TQ2",))
    assert (merged.ignore, merged.fail_on, merged.select) == (("TQ1",), "info", ("TQ2",))
