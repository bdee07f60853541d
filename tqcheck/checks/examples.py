r"""Executable examples in check docstrings (`Fires:` / `Okay:` lines, as in pycodestyle).

Syntax, one example per line inside the `## Example` section:

    Fires: text that must trigger the check
    Okay:  a near miss that must not
    Fires[de]: target language other than English
    Fires[ar>en]: source ||| target     (`|||` separates source from target)
    Fires[de>en]: source ||| target ||| back-translation
    Fires: first segment ¶ second segment   (document-level checks: ` ¶ ` separates segments)
    Fires: source ||| target === reference  (` === ` adds a reference, for checks that need one)
    Glossary: source,target,type            (a glossary row for the examples after it, see tqcheck.glossary)
    Predicted: 4-9 major, 20-25 minor      (error spans a learned metric predicted in the target, for the
                                            examples after it; `Predicted: none` ends them)

`\t`, `\n` and `\uXXXX` escapes let an example show invisible characters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import MappingProxyType

import regex

from tqcheck.config import Settings
from tqcheck.lang.patterns import lazy_regex
from tqcheck.model import Segment

_GLOSSARY_LINE = lazy_regex(r"^\s*Glossary:\s?(?P<row>.*)$")
_PREDICTED_LINE = lazy_regex(r"^\s*Predicted:\s?(?P<spans>.*)$")
_LINE = lazy_regex(r"^\s*(Fires|Okay)(?:\[(?:(?P<src>[\w-]+)>)?(?P<tgt>[\w-]+)\])?:\s?(?P<text>.*)$")
_ESCAPE = lazy_regex(r"\\(t|n|u[0-9a-fA-F]{4})")
SEGMENT_SEPARATOR = " \u00b6 "
SOURCE_SEPARATOR = " ||| "
REFERENCE_SEPARATOR = " === "


@dataclass(frozen=True, slots=True)
class Example:
    fires: bool
    src_lang: str | None
    tgt_lang: str
    segments: tuple[Segment, ...]
    line: str
    glossary: tuple[str, ...] = ()  # CSV rows `source,target,type` given before the example

    def settings(self) -> Settings:
        """Default settings, with the example's glossary when it has one."""
        if not self.glossary:
            return Settings()
        from tqcheck.glossary import Glossary, parse_delimited

        rows = "source,target,type\n" + "\n".join(self.glossary)
        return Settings(glossary=Glossary(terms=tuple(parse_delimited(rows, "example", ","))))


def _unescape(text: str) -> str:
    def replace(match: regex.Match[str]) -> str:
        token = match.group(1)
        if token == "t":
            return "\t"
        if token == "n":
            return "\n"
        return chr(int(token[1:], 16))

    return _ESCAPE.sub(replace, text)


def parse_examples(doc: str) -> list[Example]:
    """All Fires/Okay examples of one docstring, ready to run."""
    examples = []
    glossary: list[str] = []
    meta: dict[str, str] = {}
    for raw in doc.splitlines():
        row = _GLOSSARY_LINE.match(raw)
        if row:
            glossary.append(row.group("row").strip())
            continue
        predicted = _PREDICTED_LINE.match(raw)
        if predicted:
            meta = _predicted(predicted.group("spans"))
            continue
        match = _LINE.match(raw)
        if not match:
            continue
        src_lang = match.group("src")
        tgt_lang = match.group("tgt") or "en"
        segments = []
        for index, part in enumerate(match.group("text").rstrip("\n").split(SEGMENT_SEPARATOR)):
            part, _, reference = part.partition(REFERENCE_SEPARATOR)
            fields = [_unescape(field.strip(" ")) for field in part.split(SOURCE_SEPARATOR)]
            source = fields[0] if len(fields) > 1 else None
            target = fields[1] if len(fields) > 1 else fields[0]
            back = fields[2] if len(fields) > 2 else None
            segments.append(Segment(id=str(index + 1), target=target, source=source, backtranslation=back,
                                    reference=_unescape(reference.strip(" ")) or None,
                                    doc_id="example", line=index + 1, src_lang=src_lang, tgt_lang=tgt_lang,
                                    meta=MappingProxyType(dict(meta))))
        examples.append(Example(match.group(1) == "Fires", src_lang, tgt_lang, tuple(segments), raw.strip(),
                                tuple(glossary)))
    return examples


def _predicted(text: str) -> dict[str, str]:
    """The segment metadata a `Predicted:` line stands for (what `tqcheck.metrics.learned` attaches)."""
    from tqcheck.model import LEARNED_META

    if text.strip() in ("", "none"):
        return {}
    spans = []
    for item in text.split(","):
        where, kind = item.split()
        start, end = where.split("-")
        spans.append([int(start), int(end), kind])
    return {LEARNED_META: json.dumps({"n": "example", "s": 0.0, "p": spans})}
