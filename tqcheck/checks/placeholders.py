"""Inline tags and format placeholders (TQ56x): what software fills in must survive translation.

Two kinds of tokens are compared between source and target:

- inline codes as the XLIFF/TMX readers render them (`<g1>` ... `</g1>`, `<x2/>`, `<bpt3/>`,
  `<ph4/>`; see `tqcheck.readers.xml`): the markup of the original document;
- format placeholders: `{0}`, `{name}`, `{{name}}`, `${var}`, `%s`, `%d`, `%1$s`, `%(name)s`.

A literal percentage (`50%`, `50 % of`), braces in prose (`{sic}` in a text with no other
placeholder) and escaped `%%` are not placeholders. Positional placeholders (`{0}`, `%1$s`,
named ones) may move freely: word order differs between languages. Only unnumbered `%s`/`%d`
are order-sensitive, because the program fills them in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.lang.patterns import lazy_regex
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "placeholders"

# --- tokens -------------------------------------------------------------------------------------

_TAG = lazy_regex(
    r"<(?P<close>/?)(?P<name>g|pc|mrk|hi)(?P<id>[\w.-]+)>"
    r"|<(?P<single>bx|ex|bpt|ept|ph|it|ut|sc|ec|sm|em|x)(?P<sid>[\w.-]+)/>"
)
_PLACEHOLDER = lazy_regex(
    r"(?P<double>\{\{\s*[\p{L}_][\w.]*\s*\}\})"
    r"|(?P<dollar>\$\{[\p{L}_][\w.]*\})"
    r"|(?<![{$\\])(?P<brace>\{(?P<brace_key>\d+|[\p{L}_][\w.]*)?(?:![rsa])?(?::[^{}\s]{0,20})?\})(?!\})"
    r"|(?<![%\p{N}])(?P<printf>%(?:(?P<position>\d+)\$|\((?P<named>[\w.]+)\))?[-+#0']*(?:\d+|\*)?(?:\.\d+)?"
    r"(?:hh|ll|[hlLqjzt])?(?P<conversion>[sdiuoxXfFeEgGcp@SC]))(?![\p{L}\p{N}])"
)
# What a damaged placeholder looks like: spaces inside, a lost brace or a lost conversion.
_DAMAGED = lazy_regex(
    r"\{\{?\s*[\p{L}_\d][\w.]*\s*\}?\}?|\$\{?\s*[\p{L}_][\w.]*\s*\}?|%\s*(?:\d+\s*\$|\(\s*[\w.]+\s*\))?\s*[sdifx]\b"
)


@dataclass(frozen=True, slots=True)
class Token:
    """A tag or placeholder: its text, its place, and for placeholders its style."""

    text: str
    start: int
    end: int
    kind: str  # "tag" or the placeholder style: double, dollar, brace, printf
    ordered: bool = False  # an unnumbered printf conversion, filled in by position
    # What the placeholder is, for comparison: the text, except that the n-th unnumbered printf
    # conversion is the n-th argument, as `%n$...` is (`%s` = `%1$s`, the second `%@` = `%2$@`).
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.text)


def tags(text: str) -> list[Token]:
    """The inline-code placeholders of `text` in order."""
    if "<" not in text:
        return []
    return [Token(match.group(), match.start(), match.end(), "tag") for match in _TAG.finditer(text)]


# HTML elements written in plain text (not XLIFF codes, which readers turn into `<g1>`): `<b>`, `</a>`,
# `<a href="...">`, `<br/>`. Compared by their text with runs of spaces collapsed.
_HTML_TAG = lazy_regex(r"</?[a-z][a-z0-9]{0,9}(?:\s[^<>]{0,200})?/?>")  # lower case: not `<PERSON>`
# What is left of a closing tag whose `>` was lost (`</a)`, `</b `).
_BROKEN_CLOSE = lazy_regex(r"</[a-z][a-z0-9]{0,9}(?![a-zA-Z0-9\s>])")


def html_tags(text: str) -> list[Token]:
    """The HTML elements of a plain text, in order (none when it has XLIFF-style codes)."""
    if "<" not in text or _TAG.search(text):
        return []
    return [Token(" ".join(match.group().split()), match.start(), match.end(), "html")
            for match in _HTML_TAG.finditer(text)]


def _codes(text: str) -> list[Token]:
    return tags(text) + html_tags(text)


def placeholders(text: str) -> list[Token]:
    """The format placeholders of `text` in order (`%%` and percentages excluded)."""
    if "{" not in text and "%" not in text:
        return []
    return list(_placeholders(text))


@lru_cache(maxsize=1024)
def _placeholders(text: str) -> tuple[Token, ...]:
    """Cached: four checks look at the same source and target."""
    found = []
    argument = 0
    for match in _PLACEHOLDER.finditer(text):
        kind = next(name for name in ("double", "dollar", "brace", "printf") if match.group(name))
        if kind == "printf" and match.group("conversion") == "%":
            continue
        ordered = kind == "printf" and not match.group("position") and not match.group("named")
        written = _normal(match.group())
        key = written
        if ordered:
            argument += 1
            key = f"%{argument}${written[1:]}"
        found.append(Token(written, match.start(), match.end(), kind, ordered, key))
    return tuple(found)


def _normal(text: str) -> str:
    """`{{ name }}` and `{{name}}` are the same placeholder."""
    return regex.sub(r"\s+", "", text) if text.startswith("{{") else text


def _unmatched(ours: list[Token], theirs: list[Token]) -> list[Token]:
    """The tokens of `ours` left over after pairing equal texts with `theirs` (a multiset difference)."""
    budget = Counter(token.key for token in theirs)
    left = []
    for token in ours:
        if budget[token.key]:
            budget[token.key] -= 1
        else:
            left.append(token)
    return left


def _templated(source_tokens: list[Token], target_tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Drop `{word}` tokens unless the source has other placeholders: a lone `{sic}` is prose."""
    evidence = [token for token in source_tokens if not _prose_like(token)]
    if evidence:
        return source_tokens, target_tokens
    return ([token for token in source_tokens if not _prose_like(token)],
            [token for token in target_tokens if not _prose_like(token)])


# Braced words that are prose, not template variables: an editor's `{sic}`, a one-letter set `{x}`.
_PROSE_BRACES = frozenset({"{sic}"})


def _prose_like(token: Token) -> bool:
    """A `{word}` that may be prose: `{sic}` or a single letter. `{name}` and `{count}` are variables
    even when alone in the source (news text has no other use for braces)."""
    return token.kind == "brace" and (token.text.lower() in _PROSE_BRACES or len(token.text) == 3
                                      and token.text[1].isalpha())


def _pairs(seg: Segment) -> tuple[list[Token], list[Token]]:
    source_tokens = placeholders(seg.source or "")
    target_tokens = placeholders(seg.target)
    return _templated(source_tokens, target_tokens)


def _altered(missing: list[Token], extra: list[Token]) -> list[tuple[Token, Token]]:
    """Missing source placeholders paired with an extra or damaged target token of the same style."""
    pairs: list[tuple[Token, Token]] = []
    spare = list(extra)
    for token in missing:
        match = next((candidate for candidate in spare if candidate.kind == token.kind), None)
        if match is not None:
            spare.remove(match)
            pairs.append((token, match))
    return pairs


def _damaged(target: str, taken: list[Token]) -> list[Token]:
    """Near-placeholders of the target (`{ 0 }`, `% s`, `{name`) not already counted."""
    occupied = [(token.start, token.end) for token in taken]
    found = []
    for match in _DAMAGED.finditer(target):
        if any(start < match.end() and match.start() < end for start, end in occupied):
            continue
        found.append(Token(match.group(), match.start(), match.end(), "damaged"))
    return found


def _squeezed(text: str) -> str:
    return str(regex.sub(r"\s+", "", text))


# --- TQ561 / TQ562 / TQ563: inline tags ---------------------------------------------------------


@check("TQ561", severity=Severity.ERROR, needs=("source",), fix="unsafe", candidates=(("source", "[<]"),))
def missing_inline_tag(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """An inline code of the source (a tag of the original document) is missing from the target.

    ## What it does
    Compares the inline codes that the XLIFF and TMX readers keep as placeholders (`<g1>`,
    `</g1>`, `<x2/>`, `<bpt3/>`, `<ph4/>`, ...), or in plain text the HTML elements (`<b>`,
    `</a>`, `<a href="...">`), and flags, in the source, each one the target does not have; a
    closing tag that lost its `>` (`</a)`) is reported as damaged, in the target.

    ## Why is this bad?
    The codes carry the formatting and links of the original document; a translation without
    them cannot be merged back, or loses a link or a bold passage when it is.

    ## Example
        Fires: Read <g1>the full story</g1> ||| Lesen Sie die ganze Geschichte</g1>
        Fires: Click <b>now</b> ||| Klicken Sie <v>jetzt</v>
        Fires: Photo:<x1/> Reuters ||| Foto: Reuters
        Okay:  Read <g1>the full story</g1> ||| <g1>Lesen Sie</g1> die ganze Geschichte
        Okay:  a <x1/> b <x2/> ||| b <x2/> a <x1/>

    ## Known problems
    Codes are matched by name and id, so a code renumbered by a tool counts as missing (and as
    extra, TQ562).
    """
    source = seg.source or ""
    found = _codes(source)
    if not found:
        return
    broken = [match for match in _BROKEN_CLOSE.finditer(seg.target)]
    for token in _unmatched(found, _codes(seg.target)):
        near = next((match for match in broken if token.kind == "html" and token.text.startswith(match.group())),
                    None)
        if near is not None:  # `</a)`: the tag is there, damaged
            broken.remove(near)
            yield Finding(Span(near.start(), near.end()), f'Inline code "{token.text}" damaged to "{near.group()}"',
                          suggestion=token.text)
            continue
        yield Finding(Span(token.start, token.end, "source"), f'Inline code "{token.text}" is missing in the target')


@check("TQ562", severity=Severity.ERROR, needs=("source",), fix="unsafe", candidates=(("target", "[<]"),))
def extra_inline_tag(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """An inline code in the target that the source does not have (or has fewer times).

    ## What it does
    Flags inline-code placeholders (`<g1>`, `</g1>`, `<x2/>`, ...) of the target beyond those
    of the source, e.g. a code duplicated or invented by the MT system; in plain text, HTML
    elements the source lacks when the source has HTML too (otherwise TQ552 reports markup).

    ## Why is this bad?
    A code the source lacks cannot be merged back into the original document; tools reject
    the file or produce broken formatting.

    ## Example
        Fires: Photo: Reuters ||| Foto:<x1/> Reuters
        Fires: <g1>Live</g1> ||| <g1>Live</g1> <g1>Ticker</g1>
        Okay:  <g1>Live</g1> updates ||| <g1>Live</g1>-Ticker
        Okay:  Prices rose 5% in <Q3> ||| Die Preise stiegen im <Q3> um 5%
    """
    found = tags(seg.target)
    if seg.source and "<" in seg.source:
        found += html_tags(seg.target)  # HTML the source has none of is TQ552's (markup in the text)
    if not found:
        return
    for token in _unmatched(found, _codes(seg.source or "")):
        yield Finding(Span(token.start, token.end), f'Inline code "{token.text}" is not in the source')


@check("TQ563", severity=Severity.ERROR, candidates=(("target", "[<]"),))
def misnested_inline_tags(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Paired inline codes closed before they open, or overlapping instead of nested.

    ## What it does
    Pairs the target's opening and closing codes (`<g1>`/`</g1>`, `<bpt1/>`/`<ept1/>`,
    `<sc1/>`/`<ec1/>`) and flags a closing code without an open partner before it, and a
    code that closes while a code opened after it is still open (`<g1><g2></g1></g2>`). A
    pair whose partner is absent altogether is left to TQ561/TQ562.

    ## Why is this bad?
    Overlapping or inverted codes produce invalid markup when the translation is merged back
    into HTML, Word or InDesign.

    ## Example
        Fires: </g1>Live<g1> updates
        Fires: <g1>Live <g2>news</g1> today</g2>
        Okay:  <g1>Live <g2>news</g2></g1> today
        Okay:  <g2>Nachrichten</g2> und <g1>Live</g1>

    ## Known problems
    Isolated codes (`<it/>`, `<bx/>`/`<ex/>` split across segments) are not paired.
    """
    found = tags(seg.target)
    if len(found) < 2:
        return
    keys = [_pair_key(token.text) for token in found]
    counts = Counter(key for key in keys if key is not None)
    stack: list[tuple[str, Token]] = []
    overlapped: set[str] = set()
    for token, key in zip(found, keys):
        if key is None:
            continue
        role, ident = key
        if counts[("open", ident)] != 1 or counts[("close", ident)] != 1:
            continue  # a partner is missing or doubled: TQ561/TQ562 say so
        if role == "open":
            stack.append((ident, token))
            continue
        open_ids = [item[0] for item in stack]
        if ident in overlapped:
            continue  # already reported where it overlaps
        if ident not in open_ids:
            yield Finding(Span(token.start, token.end), f'Closing code "{token.text}" comes before its opening code')
            continue
        while stack and stack[-1][0] != ident:
            inner_id, inner = stack.pop()
            overlapped.add(inner_id)
            yield Finding(Span(inner.start, token.end),
                          f'Inline code "{inner.text}" is still open when "{token.text}" closes (overlapping codes)')
        stack.pop()


_OPENERS = {"bpt": "ept", "bx": "ex", "sc": "ec", "sm": "em"}
_CLOSERS = {closer: opener for opener, closer in _OPENERS.items()}


def _pair_key(text: str) -> tuple[str, str] | None:
    """("open" | "close", pair identity) for a pairable code, None for a standalone one."""
    match = _TAG.fullmatch(text)
    if match is None:
        return None
    if match.group("name"):
        return ("close" if match.group("close") else "open"), f"{match.group('name')}{match.group('id')}"
    name, ident = match.group("single"), match.group("sid")
    if name in _OPENERS:
        return "open", f"{name}{ident}"
    if name in _CLOSERS:
        return "close", f"{_CLOSERS[name]}{ident}"
    return None


# --- TQ564 / TQ565 / TQ566 / TQ567: format placeholders -----------------------------------------


@check("TQ564", severity=Severity.ERROR, needs=("source",), candidates=(("source", "[{%]"),))
def missing_placeholder(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A format placeholder of the source (`{0}`, `%s`, `{{name}}`, ...) is missing from the target.

    ## What it does
    Finds the placeholders of the source (`{0}`, `{}`, `{name}` even when it is the only one,
    `{{name}}`, `${var}`, `%s`, `%S`, `%'d`, `%1$s`, `%(name)s`) and flags, in the source, each
    one that the target has neither as is nor in a damaged form (that is TQ566). The n-th
    unnumbered printf conversion is the n-th argument: `%s` and `%1$s` are the same placeholder.

    ## Why is this bad?
    The program fills the value in at run time; without the placeholder the reader never sees
    the count, the name or the date, and some formatters crash on a missing argument.

    ## Example
        Fires: {0} comments ||| Kommentare
        Fires: %(count)s new articles ||| neue Artikel
        Fires: Hello {{ user }}! ||| Hallo!
        Okay:  {0} comments by {1} ||| {1} hat {0} Kommentare geschrieben
        Okay:  Prices rose 50% in a year ||| Die Preise stiegen um 50 % in einem Jahr
        Okay:  the {sic} original ||| das Original

    ## Known problems
    `{word}` counts as a placeholder only in a text that has another placeholder too, so a
    lone `{sic}` in prose is ignored, and so is a lone `{name}` that was dropped.
    """
    source_tokens, target_tokens = _pairs(seg)
    if not source_tokens:
        return
    missing = _unmatched(source_tokens, target_tokens)
    if not missing:
        return
    extra = _unmatched(target_tokens, source_tokens)
    altered = {id(pair[0]) for pair in _altered(missing, extra)}
    damaged = [_squeezed(token.text) for token in _damaged(seg.target, target_tokens)]
    for token in missing:
        if id(token) in altered or _squeezed(token.text) in damaged:
            continue
        yield Finding(Span(token.start, token.end, "source"), f'Placeholder "{token.text}" is missing in the target')


@check("TQ565", severity=Severity.ERROR, needs=("source",), candidates=(("target", "[{%]"),))
def extra_placeholder(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A format placeholder in the target that the source does not have.

    ## What it does
    Flags target placeholders (`{0}`, `%s`, `{{name}}`, ...) beyond those of the source,
    unless they stand in for a source placeholder of the same style that is gone (that is an
    altered placeholder, TQ566).

    ## Why is this bad?
    The program passes only the source's arguments: an extra `%s` crashes printf-style
    formatters or prints garbage, an extra `{2}` shows up literally.

    ## Example
        Fires: Comments ||| {0} Kommentare
        Fires: %s wrote ||| %s schrieb %s
        Okay:  %s wrote ||| %s schrieb
        Okay:  Save 20% today ||| Sparen Sie heute 20%
        Okay:  in {braces} ||| in {Klammern}
    """
    source_tokens, target_tokens = _pairs(seg)
    if not target_tokens:
        return
    extra = _unmatched(target_tokens, source_tokens)
    if not extra:
        return
    missing = _unmatched(source_tokens, target_tokens)
    altered = {id(pair[1]) for pair in _altered(missing, extra)}
    for token in extra:
        if id(token) not in altered:
            yield Finding(Span(token.start, token.end), f'Placeholder "{token.text}" is not in the source')


@check("TQ566", severity=Severity.ERROR, needs=("source",), fix="unsafe", candidates=(("source", "[{%]"),))
def altered_placeholder(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A placeholder changed in translation: renamed, renumbered, spaced out or half deleted.

    ## What it does
    Pairs each source placeholder that the target lacks with a target placeholder of the same
    style that the source lacks (`{name}` -> `{nom}`, `%(count)s` -> `%(Anzahl)s`), or with a
    damaged form of it in the target (`{ 0 }`, `% s`, `{0`); the suggestion is the source's
    placeholder.

    ## Why is this bad?
    MT systems translate placeholder names and insert spaces in them; the program then finds
    no argument of that name, or prints the broken placeholder literally.

    ## Example
        Fires: Hello {name} and {0} ||| Bonjour {nom} et {0}
        Fires: %(count)s comments ||| %(Anzahl)s Kommentare
        Fires: {0} comments ||| { 0 } Kommentare
        Okay:  Hello {name} and {0} ||| Bonjour {name} et {0}
        Okay:  50% off ||| 50 % Rabatt
    """
    source_tokens, target_tokens = _pairs(seg)
    if not source_tokens:
        return
    missing = _unmatched(source_tokens, target_tokens)
    if not missing:
        return
    extra = _unmatched(target_tokens, source_tokens)
    paired = _altered(missing, extra)
    for source_token, target_token in paired:
        yield Finding(Span(target_token.start, target_token.end),
                      f'Placeholder "{source_token.text}" altered to "{target_token.text}"',
                      suggestion=source_token.text)
    done = {id(pair[0]) for pair in paired}
    damaged = _damaged(seg.target, target_tokens)
    for token in missing:
        if id(token) in done:
            continue
        match = next((item for item in damaged if _squeezed(item.text) == _squeezed(token.text)), None)
        if match is not None:
            damaged.remove(match)
            yield Finding(Span(match.start, match.end), f'Placeholder "{token.text}" damaged to "{match.text}"',
                          suggestion=token.text)


@check("TQ567", severity=Severity.WARNING, needs=("source",), candidates=(("source", "[{%]"),))
def reordered_placeholders(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Unnumbered printf placeholders (`%s`, `%d`) in a different order than in the source.

    ## What it does
    Compares the order of the unnumbered printf conversions of source and target when both
    have the same ones, and flags the target's sequence when it differs (`%s ... %d` became
    `%d ... %s`). Numbered (`%1$s`, `{0}`) and named (`%(name)s`, `{name}`) placeholders may be
    reordered freely.

    ## Why is this bad?
    printf fills unnumbered conversions strictly in order: reordering them passes a string
    where a number is expected (a crash in C, garbage elsewhere). Use `%1$s`/`%2$d` to reorder.

    ## Example
        Fires: %s has %d comments ||| %d Kommentare hat %s
        Okay:  %1$s has %2$d comments ||| %2$d Kommentare hat %1$s
        Okay:  %s wrote %s ||| %s schrieb %s
        Okay:  {0} by {1} ||| {1}: {0}
    """
    source_order = [token for token in placeholders(seg.source or "") if token.ordered]
    if len(source_order) < 2:
        return
    target_order = [token for token in placeholders(seg.target) if token.ordered]
    source_texts = [token.text for token in source_order]
    target_texts = [token.text for token in target_order]
    if sorted(source_texts) != sorted(target_texts) or source_texts == target_texts:
        return
    first = next(index for index, (a, b) in enumerate(zip(source_texts, target_texts)) if a != b)
    last = max(index for index, (a, b) in enumerate(zip(source_texts, target_texts)) if a != b)
    start, end = target_order[first].start, target_order[last].end
    yield Finding(Span(start, end), f'Placeholders in another order than in the source ({" ".join(source_texts)})',
                  suggestion=None)
