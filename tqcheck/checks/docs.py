"""Check documentation rendered from the docstrings: `tqcheck checks`, docs/checks.md and docs/languages.md.

One source of truth: the docstring of each check. `python -m tqcheck.checks.docs` rewrites
docs/checks.md; a test fails when the file is stale.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tqcheck.model import CheckInfo

# What each severity promises an editor; measured on the judged sample (benchmarks/judged).
SEVERITY_PROMISE = (
    "error    must be fixed before publishing; right at least 9 times in 10 (the default gate, --fail-on error)\n"
    "warning  probably a problem; right at least 7 times in 10\n"
    "info     worth a look; often a defensible choice (names, rare words, faithful copies of the source)\n"
    "A check's severity is its default; many checks raise or lower it by the evidence in the finding\n"
    "(a name spelled once against five or more of the document's other spelling is an error, against three a warning).")


def check_record(info: CheckInfo) -> dict[str, object]:
    return {"code": info.code, "name": info.name, "family": info.family, "severity": info.severity.label,
            "scope": info.scope, "needs": list(info.needs), "default": info.default, "fix": info.fix,
            "summary": info.summary,
            "doc": info.doc, "options": {key: {"kind": option.kind_name, "default": option.default, "doc": option.doc}
                                         for key, option in info.options.items()}}


def options_text(info: CheckInfo) -> str:
    """The `## Options` section of a check that reads settings ("" for one that reads none)."""
    if not info.options:
        return ""
    rows = [f"- `{key}` ({option.kind_name}, default `{json.dumps(option.default)}`): {option.doc}"
            for key, option in sorted(info.options.items())]
    return (f"\n\n## Options\nSet in `[options.{info.code}]`, or for one target language in `[lang.xx]`:\n\n"
            + "\n".join(rows))


# What `--fix` does with each kind of check's suggestions (`tqcheck checks`, docs/checks.md).
FIX_PROMISE = (
    "fix: safe    --fix applies the suggestion: right by construction (a doubled mark, the document's own quotes)\n"
    "fix: unsafe  --fix applies it only with --unsafe-fixes: a good guess to confirm (a name as the document spells it)\n"
    "(none)       the check reports; a human decides")


def _fix(info: CheckInfo) -> str:
    return info.fix or "-"


def _opt_in(info: CheckInfo) -> str:
    return "" if info.default else " (opt-in)"


def checks_json(checks: Sequence[CheckInfo], detailed: bool = False) -> str:
    return json.dumps([check_record(info) for info in checks], ensure_ascii=False, indent=2) + "\n"


def checks_text(checks: Sequence[CheckInfo], detailed: bool = False) -> str:
    if detailed:
        return "\n\n".join(
            f"{info.code} {info.name} ({info.family}, {info.severity.label}, {info.scope}"
            f"{'' if info.default else ', opt-in'}{f', fix: {info.fix}' if info.fix else ''})\n\n"
            f"{info.doc}{options_text(info)}"
            for info in checks) + "\n"
    width = max((len(info.name) for info in checks), default=10)
    lines = [f"{'code':6} {'name':{width}} {'family':15} {'severity':8} {'fix':6} summary"]
    lines += [f"{info.code:6} {info.name:{width}} {info.family:15} {info.severity.label:8} {_fix(info):6} "
              f"{info.summary}{_opt_in(info)}" for info in checks]
    if any(not info.default for info in checks):
        lines.append("\n(opt-in): not run by default; add with --extend-select CODE or `extend-select` in the config.")
    lines.append("\nSeverities:\n" + SEVERITY_PROMISE)
    lines.append("\nFixes (tqcheck check --fix):\n" + FIX_PROMISE)
    return "\n".join(lines) + "\n"


def checks_markdown(checks: Sequence[CheckInfo], detailed: bool = True) -> str:
    """The docs/checks.md page: an index table, then each check's documentation."""
    parts = ["# Checks", "", "Generated from the check docstrings by `python -m tqcheck.checks.docs`; do not edit.", "",
             "Every check runs by default except the opt-in ones, which run only when `--select`, "
             "`--extend-select` or the config's `select`/`extend-select` names them.", "",
             "What the severities promise:", "", "```", SEVERITY_PROMISE, "```", "",
             "What `tqcheck check --fix` does with a check's suggestions:", "", "```", FIX_PROMISE, "```", "",
             "| code | name | family | severity | scope | fix | what it flags |", "|---|---|---|---|---|---|---|"]
    parts += [f"| [{i.code}](#{i.code.lower()}-{i.name}) | {i.name} | {i.family} | {i.severity.label} | {i.scope} "
              f"| {_fix(i)} | {i.summary}{_opt_in(i)} |" for i in checks]
    for info in checks:
        body = (info.doc.split("\n", 1)[1].strip() if "\n" in info.doc else "") + options_text(info)
        body = "\n".join("##" + line if line.startswith("## ") else line for line in body.splitlines())
        parts += ["", f"### {info.code} {info.name}", "",
                  f"*{info.summary}.* Family: {info.family}; default severity: {info.severity.label}; "
                  f"scope: {info.scope}" + (f"; needs: {', '.join(info.needs)}" if info.needs else "")
                  + ("; **opt-in** (not run by default)" if not info.default else "")
                  + (f"; fix: {info.fix}" if info.fix else "") + ".",
                  "", body]
    return "\n".join(parts) + "\n"


def main() -> None:
    from pathlib import Path

    from tqcheck.checks.languages import languages_markdown
    from tqcheck.checks.registry import all_checks

    docs = Path(__file__).resolve().parents[2] / "docs"
    for path, text in ((docs / "checks.md", checks_markdown(all_checks())), (docs / "languages.md", languages_markdown())):
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
