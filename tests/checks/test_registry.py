"""Registry invariants: codes, names, documentation, case files, generated docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.checks.test_cases import CASES_DIR, load_cases
from tqcheck.checks.docs import checks_markdown
from tqcheck.checks.examples import parse_examples
from tqcheck.checks.registry import FAMILY_DIGIT, all_checks, check, select_checks
from tqcheck.model import FAMILIES, Severity

CHECKS = all_checks()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_codes_names_and_families_are_well_formed() -> None:
    assert len({info.name for info in CHECKS}) == len(CHECKS)
    for info in CHECKS:
        assert re.fullmatch(r"TQ[1-9]\d\d", info.code)
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", info.name)
        assert info.family in FAMILIES
        assert FAMILY_DIGIT[info.family] == info.code[2]


# Checks whose firing example does not fit on a docstring line (100,000 characters): their cases file has it.
TOO_LONG_FOR_A_DOCSTRING = frozenset({"TQ605"})


@pytest.mark.parametrize("info", CHECKS, ids=lambda info: info.code)
def test_documentation_has_headings_and_examples(info) -> None:  # type: ignore[no-untyped-def]
    for heading in ("## What it does", "## Why is this bad?", "## Example"):
        assert heading in info.doc
    examples = parse_examples(info.doc)
    if info.code not in TOO_LONG_FOR_A_DOCSTRING:
        assert any(e.fires for e in examples), "needs at least one Fires: example"
    assert any(not e.fires for e in examples), "needs at least one Okay: example"


@pytest.mark.parametrize("info", CHECKS, ids=lambda info: info.code)
def test_every_check_has_cases_that_fire_and_near_misses(info) -> None:  # type: ignore[no-untyped-def]
    assert (CASES_DIR / f"{info.code}.toml").is_file()
    cases = [p.values[1] for p in load_cases() if p.values[0] == info.code]
    assert any(case["expect"] for case in cases), "needs a case that fires"
    assert any(not case["expect"] for case in cases), "needs a near-miss case"


def test_registry_rejects_bad_registrations() -> None:
    def doc_func() -> None:
        """Summary.

        ## What it does
        x
        ## Why is this bad?
        y
        ## Example
            Okay: z
        """

    with pytest.raises(ValueError, match="malformed"):
        check("TQ1", severity=Severity.INFO)(doc_func)
    with pytest.raises(ValueError, match="duplicate"):
        check(CHECKS[0].code, severity=Severity.INFO)(doc_func)


def test_select_and_ignore_by_prefix() -> None:
    codes = [info.code for info in select_checks(["TQ1"], ignore=["TQ101"])]
    assert codes and all(code.startswith("TQ1") for code in codes) and "TQ101" not in codes
    with pytest.raises(ValueError, match="no check matches"):
        select_checks(["TQ999"])
    with pytest.raises(ValueError, match="not a check code"):
        select_checks(["punctuation"])


def test_opt_in_checks_run_only_when_named() -> None:
    """TQ402 is opt-in: not in the default set, but any pattern naming it (code, prefix, ALL) selects it."""
    opt_in = {info.code for info in CHECKS if not info.default}
    assert "TQ402" in opt_in
    defaults = {info.code for info in select_checks()}
    assert defaults == {info.code for info in CHECKS} - opt_in
    assert "TQ402" in {info.code for info in select_checks(["TQ4"])}
    assert {info.code for info in select_checks(["ALL"])} == {info.code for info in CHECKS}
    assert {info.code for info in select_checks(None, extend=["TQ402"])} == defaults | {"TQ402"}
    assert {info.code for info in select_checks(["TQ1"], extend=["TQ402"])} == \
        {code for code in defaults if code.startswith("TQ1")} | {"TQ402"}
    assert "TQ402" not in {info.code for info in select_checks(["TQ4"], ignore=["TQ402"])}
    with pytest.raises(ValueError, match="no check matches"):
        select_checks(None, extend=["TQ999"])


def test_generated_docs_are_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == checks_markdown(CHECKS), \
        "docs/checks.md is stale: run `python -m tqcheck.checks.docs`"


def test_the_language_table_is_current() -> None:
    from tqcheck.checks.languages import languages_markdown

    table = DOCS.with_name("languages.md").read_text(encoding="utf-8")
    assert table == languages_markdown(), "docs/languages.md is stale: run `python -m tqcheck.checks.docs`"
    rows = {line.split("|")[1].strip(" `"): line for line in table.splitlines() if line.startswith("| `")}
    assert {"en", "de", "fr", "ru", "zh", "ar", "cs"} <= set(rows)
    assert "«…»" in rows["fr"] and "yes" in rows["fr"]  # French quotes and spaced punctuation
    assert "hunspell-de-de + compounds" in rows["de"]


def test_module_prefixes_match_the_codes() -> None:
    """`tqcheck.checks.MODULES` says which code prefixes each module's checks have: it must be exact,
    or a selection would miss a check (prefix not listed) or import a module for nothing."""
    from tqcheck.checks import MODULES
    from tqcheck.checks.registry import all_checks

    builtin = [info for info in all_checks() if info.func.__module__.startswith("tqcheck.checks.")]
    for info in builtin:
        module = info.func.__module__.removeprefix("tqcheck.checks.")
        owners = [name for name, prefixes in MODULES.items() if info.code.startswith(prefixes)]
        assert owners == [module], f"{info.code} is in {module}, MODULES says {owners}"
    for name, prefixes in MODULES.items():
        for prefix in prefixes:
            assert any(info.code.startswith(prefix) for info in builtin), f"{name}: no check has {prefix}"


def test_a_selection_imports_only_its_families() -> None:
    import subprocess
    import sys

    code = ("import sys\n"
            "from tqcheck.checks.registry import select_checks\n"
            "codes = [info.code for info in select_checks(['TQ1', 'TQ701', 'TQ55', 'TQ401'])]\n"
            "print(sorted({c[:3] for c in codes}),"
            " [m for m in ('language', 'spelling', 'placeholders', 'terms') if 'tqcheck.checks.' + m in sys.modules])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['TQ1', 'TQ4', 'TQ5', 'TQ7'] []"
