"""The package's layers: a lower layer never imports a higher one (README, "Layout").

Read from the source with `ast` (every `import` and `from ... import`, also those inside functions),
so the rule holds for lazy imports too. The layers, lowest first:

    model, errors, limits, config, glossary, storage      shared by all
    lang/                                                 languages, scripts, word frequencies
    checks/                                               the check API and the families
    readers/                                              input formats (never writers, engines, CLI)
    run/                                                  the runner and the engines (may read inputs)
    writers/, metrics/, backtranslate/
    gating/                                               baselines, suppressions, triage, gates, verdict
    fixes/                                                `--fix`: edits into input files, checked again
    api, request                                          the library entry points
    cli/                                                  commands: they reach the rest through `api`
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tqcheck"

# Module prefix -> prefixes it must never import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "tqcheck.model": ("tqcheck.",),
    "tqcheck.errors": ("tqcheck.",),
    "tqcheck.limits": ("tqcheck.checks", "tqcheck.run", "tqcheck.readers", "tqcheck.writers", "tqcheck.cli"),
    "tqcheck.lang": ("tqcheck.checks", "tqcheck.run", "tqcheck.readers", "tqcheck.writers", "tqcheck.cli",
                     "tqcheck.gating", "tqcheck.metrics", "tqcheck.api"),
    "tqcheck.checks": ("tqcheck.run", "tqcheck.readers", "tqcheck.writers", "tqcheck.cli", "tqcheck.gating",
                       "tqcheck.api", "tqcheck.backtranslate"),
    "tqcheck.readers": ("tqcheck.run", "tqcheck.writers", "tqcheck.gating", "tqcheck.cli", "tqcheck.api"),
    "tqcheck.writers": ("tqcheck.run", "tqcheck.cli", "tqcheck.api"),
    "tqcheck.gating": ("tqcheck.cli", "tqcheck.api"),
    "tqcheck.metrics": ("tqcheck.writers", "tqcheck.cli"),
    "tqcheck.run": ("tqcheck.writers", "tqcheck.gating", "tqcheck.cli", "tqcheck.api"),
    "tqcheck.fixes": ("tqcheck.cli", "tqcheck.writers"),
    "tqcheck.api": ("tqcheck.cli",),
    "tqcheck.request": ("tqcheck.cli",),
    # Commands parse options, call the library through `api`, and hand the results to a writer.
    "tqcheck.cli": ("tqcheck.checks", "tqcheck.lang", "tqcheck.readers", "tqcheck.run", "tqcheck.metrics",
                    "tqcheck.gating", "tqcheck.backtranslate", "tqcheck.glossary", "tqcheck.storage"),
    "tqcheck.storage": ("tqcheck.checks", "tqcheck.run", "tqcheck.readers", "tqcheck.writers", "tqcheck.cli"),
    "tqcheck.config": ("tqcheck.checks", "tqcheck.run", "tqcheck.readers", "tqcheck.writers", "tqcheck.cli"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("tqcheck")}


MODULES = sorted((_module_name(path), path) for path in PACKAGE.rglob("*.py"))


def _owner(module: str) -> str | None:
    return max((prefix for prefix in FORBIDDEN if module == prefix or module.startswith(prefix + ".")),
               key=len, default=None)


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[name for name, _path in MODULES])
def test_no_module_imports_a_higher_layer(module: str, path: Path) -> None:
    owner = _owner(module)
    if owner is None:
        return
    wrong = sorted(name for name in _imports(path) for banned in FORBIDDEN[owner]
                   if name.startswith(banned) and not name.startswith(owner))
    assert not wrong, f"{module} imports {wrong}: a lower layer must not import a higher one"


def test_every_layer_exists() -> None:
    names = {name for name, _path in MODULES}
    assert all(prefix in names for prefix in FORBIDDEN), sorted(set(FORBIDDEN) - names)
