"""Name lists and glossaries: required, do-not-translate and forbidden terms (CSV, TSV or TBX).

Delimited files have a header row naming the columns, in any order:

    source,target,type,src_lang,tgt_lang,note
    غالانت,Gallant,required,ar,en,Israeli defence minister
    ,Hochstein,required,,en,             <- a name list entry: a known target spelling, no source
    غالانت,Galant,forbidden,ar,en,
    Bundestag,,dnt,de,,                  <- do not translate: must appear verbatim in the target

Only `target` (or, for `dnt`, `source`) is required; `type` defaults to `required`, empty
languages match any language, and rows that share a source term, languages and type are one
entry with alternative spellings (the first is the one suggested). A `.tsv`/`.tab` file is
tab-separated, a `.csv` comma-separated; other names are sniffed from the header line.

TBX (TermBase eXchange, ISO 30042), both the TBX 2 (`martif/text/body/termEntry/langSet/tig/term`)
and TBX 3 (`tbx/text/body/conceptEntry/langSec/termSec/term`) layouts: every language of an
entry is paired with every other; a term whose `termNote type="administrativeStatus"` is
`deprecatedTerm-admn-sts` or `supersededTerm-admn-sts` is forbidden, `preferredTerm-admn-sts`
comes first among the required spellings, and a term, language section or entry with a note
(`note`, `termNote`, `descrip`, `admin`) saying "do not translate" or "DNT" is do-not-translate.
The XML parser refuses DTD entity declarations (no external entities, no entity expansion bombs),
as defusedxml does.

Errors are `InputError`s with the file and line: `names.csv:7: unknown type 'banned'`.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal
from xml.parsers import expat

import regex

from tqcheck.errors import ConfigError, InputError, shown
from tqcheck.lang import normalise_language, primary
from tqcheck.storage import read_local

TermType = Literal["required", "dnt", "forbidden"]
TERM_TYPES: tuple[TermType, ...] = ("required", "dnt", "forbidden")
_TYPE_ALIASES: dict[str, TermType] = {
    "required": "required", "preferred": "required", "admitted": "required", "name": "required",
    "dnt": "dnt", "do-not-translate": "dnt", "donottranslate": "dnt", "untranslatable": "dnt",
    "forbidden": "forbidden", "deprecated": "forbidden", "banned": "forbidden",
}
_COLUMNS = ("source", "target", "type", "src_lang", "tgt_lang", "note")
_DNT_NOTE = regex.compile(r"\bdo[\s_-]*not[\s_-]*translate\b|\bDNT\b|\buntranslatable\b|\bnon[\s_-]*translatable\b",
                          regex.I)
_FORBIDDEN_STATUS = frozenset({"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded",
                               "notrecommended", "forbidden"})
_PREFERRED_STATUS = frozenset({"preferredterm-admn-sts", "preferred"})
_LANG_ATTRIBUTES = ("xml:lang", "{http://www.w3.org/XML/1998/namespace}lang", "lang")


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry for one language pair.

    `targets` are the accepted target spellings, preferred first (for `dnt` the source term
    itself; for `forbidden` the spellings not to use). `suggestion` is what to use instead.
    """

    source: str | None
    targets: tuple[str, ...]
    type: TermType
    src_lang: str | None = None
    tgt_lang: str | None = None
    note: str | None = None
    line: int | None = None
    suggestion: str | None = None

    def applies(self, src_lang: str | None, tgt_lang: str | None) -> bool:
        """Whether the entry is meant for this language pair (an empty language matches any)."""
        return _same(self.src_lang, src_lang) and _same(self.tgt_lang, tgt_lang)


def _same(wanted: str | None, actual: str | None) -> bool:
    return wanted is None or not actual or primary(wanted) == primary(actual)


@dataclass(frozen=True)
class Glossary:
    """The terms of one glossary file, with per-language-pair views cached."""

    terms: tuple[Term, ...]
    path: str = "glossary"
    _pairs: dict[tuple[str | None, str | None], tuple[Term, ...]] = field(
        default_factory=dict, repr=False, compare=False)

    def for_pair(self, src_lang: str | None, tgt_lang: str | None) -> tuple[Term, ...]:
        """The entries that apply to a language pair."""
        key = (src_lang, tgt_lang)
        found = self._pairs.get(key)
        if found is None:
            found = tuple(term for term in self.terms if term.applies(src_lang, tgt_lang))
            self._pairs[key] = found
        return found

    @cached_property
    def known_names(self) -> dict[str, tuple[str, ...]]:
        """Required target spellings that look like names, by target language ("" = any)."""
        names: dict[str, list[str]] = {}
        for term in self.terms:
            if term.type == "forbidden":
                continue
            for spelling in term.targets:
                if spelling[:1].isupper():
                    names.setdefault(primary(term.tgt_lang) if term.tgt_lang else "", []).append(spelling)
        return {lang: tuple(dict.fromkeys(values)) for lang, values in names.items()}

    def names_for(self, tgt_lang: str | None) -> tuple[str, ...]:
        """Known name spellings usable in a target language."""
        known = self.known_names
        return known.get(primary(tgt_lang), ()) + known.get("", ()) if tgt_lang else known.get("", ())

    def __len__(self) -> int:
        return len(self.terms)


def load_glossary(path: Path | str) -> Glossary:
    """Read a CSV/TSV or TBX glossary; `InputError` (with the line) for anything malformed."""
    path = Path(path)
    try:
        data = read_local(path)
    except FileNotFoundError:
        raise InputError("glossary file not found", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a glossary file", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read glossary: {exc.strerror or exc}", str(path)) from None
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or (suffix not in (".csv", ".tsv", ".tab", ".txt")
                                      and data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")):
        terms = parse_tbx(data, str(path))
    else:
        text = _decode(data, str(path))
        delimiter = "\t" if suffix in (".tsv", ".tab") else "," if suffix == ".csv" else None
        terms = parse_delimited(text, str(path), delimiter)
    if not terms:
        raise InputError("glossary has no terms", str(path))
    return Glossary(terms=tuple(terms), path=str(path))


def _decode(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not valid UTF-8 text", origin, line) from None


def _language(value: str, origin: str, line: int) -> str | None:
    value = value.strip()
    if not value or value == "*":
        return None
    try:
        return normalise_language(value)
    except ConfigError as exc:
        raise InputError(str(exc), origin, line) from None


def _term_type(value: str, origin: str, line: int) -> TermType:
    key = value.strip().lower().replace(" ", "-").replace("_", "-") or "required"
    found = _TYPE_ALIASES.get(key) or _TYPE_ALIASES.get(key.replace("-", ""))
    if found is None:
        raise InputError(f"unknown type {shown(value.strip())} (use required, dnt or forbidden)", origin, line)
    return found


def parse_delimited(text: str, origin: str = "glossary", delimiter: str | None = None) -> list[Term]:
    """Terms from CSV/TSV text with a header row (see the module docstring)."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise InputError("glossary is empty", origin)
    if delimiter is None:
        header_line = lines[0]
        delimiter = "\t" if "\t" in header_line else ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lower().replace("-", "_").replace(" ", "_") for cell in row]
                _check_header(header, origin, reader.line_num)
                continue
            line = reader.line_num
            if len(row) > len(header):
                raise InputError(f"expected {len(header)} columns, got {len(row)}", origin, line)
            rows.append((line, dict(zip(header, (cell.strip() for cell in row), strict=False))))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", origin, reader.line_num) from None
    return _merge(_row_terms(rows, origin))


def _check_header(header: list[str], origin: str, line: int) -> None:
    unknown = [name for name in header if name and name not in _COLUMNS]
    if unknown:
        raise InputError(f"unknown column {shown(unknown[0])} (columns: {', '.join(_COLUMNS)})", origin, line)
    if len(set(header)) != len(header):
        raise InputError("a column is named twice in the header", origin, line)
    if "target" not in header and "source" not in header:
        raise InputError("header names neither a 'source' nor a 'target' column", origin, line)


def _row_terms(rows: Iterable[tuple[int, dict[str, str]]], origin: str) -> Iterator[Term]:
    for line, row in rows:
        kind = _term_type(row.get("type", ""), origin, line)
        source = row.get("source", "") or None
        target = row.get("target", "") or None
        if kind == "dnt":
            source = source or target
            if source is None:
                raise InputError("a dnt entry needs a source (or target) term", origin, line)
            target = target or source
        elif target is None:
            raise InputError(f"a {kind} entry needs a target term", origin, line)
        yield Term(source=source, targets=(target,), type=kind,
                   src_lang=_language(row.get("src_lang", ""), origin, line),
                   tgt_lang=_language(row.get("tgt_lang", ""), origin, line),
                   note=row.get("note") or None, line=line)


def _merge(terms: Iterable[Term]) -> list[Term]:
    """One entry per (source, languages, type): later rows add alternative target spellings.

    A forbidden entry's suggestion is the first required spelling for the same source term.
    """
    merged: dict[tuple[object, ...], Term] = {}
    for term in terms:
        key = (term.source, term.src_lang, term.tgt_lang, term.type) if term.source else (id(term),)
        known = merged.get(key)
        if known is None:
            merged[key] = term
        else:
            targets = tuple(dict.fromkeys(known.targets + term.targets))
            merged[key] = Term(known.source, targets, known.type, known.src_lang, known.tgt_lang,
                               known.note or term.note, known.line, known.suggestion)
    result = list(merged.values())
    preferred = {(t.source, t.src_lang, t.tgt_lang): t.targets[0] for t in result if t.type == "required" and t.source}
    for index, term in enumerate(result):
        if term.type == "forbidden" and term.source and term.suggestion is None:
            suggestion = preferred.get((term.source, term.src_lang, term.tgt_lang))
            if suggestion:
                result[index] = Term(term.source, term.targets, term.type, term.src_lang, term.tgt_lang,
                                     term.note, term.line, suggestion)
    return result


# ---------------------------------------------------------------------------- TBX


def _parse_xml(data: bytes, origin: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse with expat directly, recording each element's line; DTD entities are refused.

    Namespaces are not expanded: tags keep their prefix (`tbx:term`), which `_local` drops.
    """
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict[str, str]) -> None:
        lines[builder.start(tag, attrs)] = parser.CurrentLineNumber

    def refuse(*_args: object) -> None:
        raise InputError("DTD entity declarations are not allowed in a glossary", origin, parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(f"malformed XML: {expat.errors.messages[exc.code]}", origin, exc.lineno) from None
    except LookupError as exc:  # the XML declaration names an encoding Python does not know
        raise InputError(f"the XML declaration names an unknown encoding ({exc})", origin, 1) from None
    return builder.close(), lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) in names]


def _says_dnt(element: ET.Element) -> bool:
    for child in element:
        if _local(child.tag) in ("note", "termNote", "descrip", "admin", "transacNote"):
            text = "".join(child.itertext())
            if _DNT_NOTE.search(text) or _DNT_NOTE.search(child.get("type", "")):
                return True
    return False


def parse_tbx(data: bytes, origin: str = "glossary") -> list[Term]:
    """Terms from a TBX document (TBX 2 `termEntry` or TBX 3 `conceptEntry`)."""
    root, lines = _parse_xml(data, origin)
    if _local(root.tag) not in ("martif", "tbx", "TBX"):
        raise InputError(f"not a TBX file: root element is <{_local(root.tag)}>", origin, lines.get(root))
    entries = [element for element in root.iter() if _local(element.tag) in ("termEntry", "conceptEntry")]
    if not entries:
        raise InputError("TBX file has no termEntry or conceptEntry", origin, lines.get(root))
    terms: list[Term] = []
    for entry in entries:
        terms.extend(_entry_terms(entry, lines, origin))
    return terms


@dataclass
class _TbxTerm:
    text: str
    status: str
    dnt: bool
    line: int | None


def _entry_terms(entry: ET.Element, lines: dict[ET.Element, int], origin: str) -> list[Term]:
    entry_dnt = _says_dnt(entry)
    by_lang: dict[str, list[_TbxTerm]] = {}
    for lang_set in _children(entry, "langSet", "langSec"):
        raw_lang = next((lang_set.get(name) for name in _LANG_ATTRIBUTES if lang_set.get(name)), None)
        if not raw_lang:
            raise InputError(f"<{_local(lang_set.tag)}> without xml:lang", origin, lines.get(lang_set))
        lang = _language(raw_lang, origin, lines.get(lang_set) or 0)
        if lang is None:
            raise InputError(f"<{_local(lang_set.tag)}> without xml:lang", origin, lines.get(lang_set))
        lang_dnt = entry_dnt or _says_dnt(lang_set)
        for group in _children(lang_set, "tig", "ntig", "termSec"):
            term_elements = [element for element in group.iter() if _local(element.tag) == "term"]
            if not term_elements:
                raise InputError(f"<{_local(group.tag)}> without a <term>", origin, lines.get(group))
            status = ""
            for child in group.iter():
                if _local(child.tag) == "termNote" and child.get("type") == "administrativeStatus":
                    status = "".join(child.itertext()).strip().lower()
            for element in term_elements:
                text = " ".join("".join(element.itertext()).split())
                if not text:
                    raise InputError("empty <term>", origin, lines.get(element))
                by_lang.setdefault(lang, []).append(
                    _TbxTerm(text, status, lang_dnt or _says_dnt(group), lines.get(element)))
    terms: list[Term] = []
    note = _entry_note(entry)
    for src_lang, src_terms in by_lang.items():
        sources = [term for term in src_terms if term.status not in _FORBIDDEN_STATUS]
        for source in sources:
            if source.dnt:
                terms.append(Term(source.text, (source.text,), "dnt", src_lang, None, note, source.line))
        for tgt_lang, tgt_terms in by_lang.items():
            if tgt_lang == src_lang:
                continue
            allowed = [term for term in tgt_terms if term.status not in _FORBIDDEN_STATUS]
            allowed.sort(key=lambda term: term.status not in _PREFERRED_STATUS)
            forbidden = [term for term in tgt_terms if term.status in _FORBIDDEN_STATUS]
            preferred = allowed[0].text if allowed else None
            for source in sources:
                if source.dnt:
                    continue
                if allowed:
                    terms.append(Term(source.text, tuple(term.text for term in allowed), "required", src_lang,
                                      tgt_lang, note, source.line))
                if forbidden:
                    terms.append(Term(source.text, tuple(term.text for term in forbidden), "forbidden",
                                      src_lang, tgt_lang, note, forbidden[0].line, preferred))
            if not sources and forbidden:
                terms.append(Term(None, tuple(term.text for term in forbidden), "forbidden", None, tgt_lang,
                                  note, forbidden[0].line, preferred))
    if len(by_lang) == 1:  # a one-language entry is a name list: known spellings of that language
        (lang, only), = by_lang.items()
        for term in only:
            if term.status in _FORBIDDEN_STATUS:
                terms.append(Term(None, (term.text,), "forbidden", None, lang, note, term.line))
            elif not term.dnt:
                terms.append(Term(None, (term.text,), "required", None, lang, note, term.line))
    return terms


def _entry_note(entry: ET.Element) -> str | None:
    for child in entry.iter():
        if _local(child.tag) in ("note", "descrip") and not _DNT_NOTE.search("".join(child.itertext())):
            text = " ".join("".join(child.itertext()).split())
            if text:
                return text
    return None


# ---------------------------------------------------------------------------- matching

# What may follow a term word in running text (inflection, possessive), per language family.
_SLAVIC_AND_BALTIC = ("ru", "uk", "be", "bg", "mk", "sr", "hr", "bs", "sl", "cs", "sk", "pl", "lt", "lv")
_ENDINGS: dict[str, str] = {
    "en": r"(?:['\u2019]s|s|es|['\u2019])?",
    **dict.fromkeys(("de", "nl", "lb"), r"(?:s|es|n|en|e|er|ern|ns)?"),
    **dict.fromkeys(("fr", "es", "it", "pt", "ca", "ro"), r"(?:s|es)?"),
    **dict.fromkeys(_SLAVIC_AND_BALTIC + ("el", "is", "ga"), r"\p{L}{0,3}"),
    **dict.fromkeys(("fi", "et", "hu", "tr", "az", "uz", "kk"), r"(?:['\u2019:]?\p{L}{0,5})"),
    "ar": r"(?:ه|ها|هم|هما|ي|ان|ين|ون|ات)?",
    "he": r"(?:ים|ות|ה|ו|י)?",
}
_PREFIXES: dict[str, str] = {
    "ar": r"(?:وال|بال|فال|كال|لل|ال|و|ف|ب|ل|ك)?",
    "he": r"(?:[הובלמשכ]{0,2})",
}
# Final vowels a stem loses before case endings (`Москва` -> `Москвы`, `Praha` -> `Praze` is lost).
_STEM_VOWELS = "аяоеёьйыиуюєіїaeiouyáéíóúýě"
_UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "yue", "wuu", "bo"})


@lru_cache(maxsize=4096)
def term_pattern(term: str, lang: str | None, *, exact: bool = False) -> regex.Pattern[str]:
    """A regex for `term` in running text of `lang`: any case, inflected; `exact` keeps case and stem.

    Word boundaries are required except in unspaced scripts (Chinese, Japanese, Thai).
    """
    code = primary(lang) if lang else ""
    words = term.split()
    ending = _ENDINGS.get(code, r"(?:s|['\u2019]s)?")
    parts = []
    for word in words:
        stem = word
        if not exact and code in _SLAVIC_AND_BALTIC and len(word) > 4 and word[-1].lower() in _STEM_VOWELS:
            stem = word[:-1]
        parts.append(regex.escape(stem) + ending)
    body = r"[\s\u00a0\-]+".join(parts)
    if code in _UNSPACED or not term[:1].isalnum():
        return regex.compile(body if code in _UNSPACED else regex.escape(term),
                             0 if exact else regex.IGNORECASE)
    prefix = _PREFIXES.get(code, "")
    pattern = rf"(?<![\p{{L}}\p{{N}}\p{{M}}]){prefix}(?P<term>{body})(?![\p{{L}}\p{{N}}\p{{M}}])"
    return regex.compile(pattern, 0 if exact else regex.IGNORECASE)


def find_term(term: str, text: str, lang: str | None, *, exact: bool = False) -> Iterator[tuple[int, int]]:
    """(start, end) of every occurrence of `term` in `text` (see `term_pattern`)."""
    pattern = term_pattern(term, lang, exact=exact)
    for match in pattern.finditer(text):
        if "term" in pattern.groupindex and match.group("term") is not None:
            yield match.span("term")
        else:
            yield match.span()
