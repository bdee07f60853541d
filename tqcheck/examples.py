r"""Executable examples in check docstrings (`Fires:` / `Okay:` lines, as in pycodestyle).

Syntax, one example per line inside the `## Example` section:

    Fires: text that must trigger the check
    Okay:  a near miss that must not
    Fires[de]: target language other than English
    Fires[ar>en]: source ||| target     (`|||` separates source from target)
    Fires[de>en]: source ||| target ||| back-translation
    Fires: first segment ¶ second segment   (document-level checks: ` ¶ ` separates segments)

`\t`, `\n` and `\uXXXX` escapes let an example show invisible characters.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from tqcheck.model import Segment

_LINE = regex.compile(r"^\s*(Fires|Okay)(?:\[(?:(?P<src>[\w-]+)>)?(?P<tgt>[\w-]+)\])?:\s?(?P<text>.*)$")
_ESCAPE = regex.compile(r"\\(t|n|u[0-9a-fA-F]{4})")
SEGMENT_SEPARATOR = " \u00b6 "
SOURCE_SEPARATOR = " ||| "


@dataclass(frozen=True, slots=True)
class Example:
    fires: bool
    src_lang: str | None
    tgt_lang: str
    segments: tuple[Segment, ...]
    line: str


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
    for raw in doc.splitlines():
        match = _LINE.match(raw)
        if not match:
            continue
        src_lang = match.group("src")
        tgt_lang = match.group("tgt") or "en"
        segments = []
        for index, part in enumerate(match.group("text").rstrip("\n").split(SEGMENT_SEPARATOR)):
            fields = [_unescape(field.strip(" ")) for field in part.split(SOURCE_SEPARATOR)]
            source = fields[0] if len(fields) > 1 else None
            target = fields[1] if len(fields) > 1 else fields[0]
            back = fields[2] if len(fields) > 2 else None
            segments.append(Segment(id=str(index + 1), target=target, source=source, backtranslation=back,
                                    doc_id="example", line=index + 1, src_lang=src_lang, tgt_lang=tgt_lang))
        examples.append(Example(match.group(1) == "Fires", src_lang, tgt_lang, tuple(segments), raw.strip()))
    return examples
