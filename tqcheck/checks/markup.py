"""Leftover web text and markup (TQ5xx part): boilerplate phrases, HTML, glued tokens."""

from __future__ import annotations

import html
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.entities import html5
from importlib import resources
from typing import Any

import ahocorasick
import regex

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.checks.text import excerpt, inside, protected_spans
from tqcheck.lang.patterns import lazy_re, lazy_regex
from tqcheck.model import Finding, Segment, Severity, Span

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FAMILY = "markup"

# --- TQ551 leftover boilerplate -----------------------------------------------------------------

STANDALONE, LEAD_IN, ANYWHERE = 1, 2, 4
# What may surround a standalone phrase on its line: bullets, separators, arrows, counters; but
# not `?` or `!`, which make it a sentence ("Continue reading?", "Recommended!").
_TRIM = lazy_regex(r"[[\s\p{P}\p{S}\d]--[?!\uff1f\uff01\u061f]]*", regex.V1)
_TRIM_BEFORE = lazy_regex(r"[\s\u2022\u00b7|*#>\u203a\u00bb\u2192\-\u2013\u2014]*")
_SENTENCE_TAIL = lazy_regex(r"(?:[.!?\u2026\u3002\uff01\uff1f\u061f][\"'\u201d\u2019\u00bb)]*\s+"
                               r"|[.!?\u3002\uff01\uff1f]|\s*[|\u2022\u00b7]\s*|\s+[\-\u2013\u2014]\s+)$")
_LEAD_IN_MARK = lazy_regex(r"\s*[:\uff1a|\u203a\u00bb\u2192>\-\u2013\u2014]")
_WORD_CHAR = lazy_regex(r"[\p{L}\p{M}\p{N}]")


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed as itself: `_phrases` caches it
class _Phrases:
    """An Aho-Corasick automaton over lower-cased phrases; each value is (length, kinds, phrase)."""

    automaton: Any
    empty: bool


@lru_cache(maxsize=1)
def default_boilerplate() -> dict[str, dict[str, tuple[str, ...]]]:
    """The packaged per-language phrase lists (tqcheck/data/boilerplate.toml)."""
    text = resources.files("tqcheck").joinpath("data/boilerplate.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {lang: {kind: tuple(phrases) for kind, phrases in table.items()} for lang, table in data.items()}


@lru_cache(maxsize=64)
def _phrases(languages: tuple[str, ...], user: tuple[str, ...]) -> _Phrases:
    """The automaton for the default lists of `languages` plus the user's phrases (cached)."""
    kinds: dict[str, tuple[int, str]] = {}

    def add(phrase: str, kind: int) -> None:
        key = _lower(phrase.strip())
        if key:
            old = kinds.get(key, (0, phrase))
            kinds[key] = (old[0] | kind, old[1])

    defaults = default_boilerplate()
    for lang in languages:
        table = defaults.get(lang, {})
        for phrase in table.get("standalone", ()):
            add(phrase, STANDALONE)
        for phrase in table.get("lead-in", ()):
            add(phrase, LEAD_IN)
    for phrase in user:
        add(phrase, ANYWHERE)
    automaton = ahocorasick.Automaton()
    for key, (kind, phrase) in kinds.items():
        automaton.add_word(key, (len(key), kind, phrase))
    if kinds:
        automaton.make_automaton()
    return _Phrases(automaton, not kinds)


def _lower(text: str) -> str:
    """Lower case with offsets kept (a few characters, such as `İ`, lower-case to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _placed(text: str, start: int, end: int, kind: int) -> bool:
    """Whether a phrase found at start:end stands where web text stands, not inside prose."""
    if kind & ANYWHERE:
        return True
    line_start, line_end = _line_bounds(text, start, end)
    before, after = text[line_start:start], text[end:line_end]
    after_is_trim = _TRIM.fullmatch(after) is not None
    if kind & LEAD_IN and _TRIM_BEFORE.fullmatch(before) and _LEAD_IN_MARK.match(after):
        return True  # "Read more: Israel strikes Rafah"
    if not kind & STANDALONE or not after_is_trim:
        return False
    if _TRIM_BEFORE.fullmatch(before):
        return True  # the whole line: "Share your opinion", "• Comments (3)"
    return line_end == len(text.rstrip()) and _SENTENCE_TAIL.search(before) is not None


@check("TQ551", severity=Severity.INFO, fix="safe")
def leftover_boilerplate(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Web page text left in the article: share buttons, "Read more" links, ad labels.

    ## What it does
    Looks for the phrases of `tqcheck/data/boilerplate.toml` (per target and source language,
    plus English) and flags them where web text stands: as a whole segment or line, at the end
    of a segment after a finished sentence, or (teaser phrases like `Read more`) at the start
    of a segment before a colon. Phrases from the `boilerplate` setting are flagged anywhere.

    ## Why is this bad?
    Scraped articles carry the site's buttons and labels; translated and published, they read
    as nonsense in the middle of the story.

    ## Example
        Fires: Share your opinion
        Fires: Read more: Israel strikes Rafah
        Fires: The minister left the talks on Monday. Share this article
        Okay:  He urged readers to share your opinion with the editors.
        Okay:  Print media are struggling.
        Okay:  She wanted to read more books.
        Okay:  The comments by the minister drew criticism.

    ## Severity
    An error when the phrase is a line of its own (`Share your opinion`): a button or label, never
    article text. Information when it ends or leads a sentence line, where it can be article text
    that happens to match (`Реклама` for a mistranslated `Reklamace`).

    ## Known problems
    A standalone one-word line such as `Comments` or `Print` is taken to be a button even in the
    rare article that uses it as a heading; silence it per project with `--ignore TQ551` or by
    lowering its severity. When the source has web text too, the translation is faithful and
    TQ554 (info) reports it instead.
    """
    found, inherited = _web_text(seg, ctx)
    if inherited:
        return
    for start, end in found:
        # Nothing but spaces after it: the button or label ends the paragraph, and deleting it is the fix.
        # (Not `Read more: ...` or `Comments (3)`, where deleting the phrase would leave half a line.)
        last = not seg.target[end:].strip()
        yield Finding(Span(start, end), f'Leftover web text "{excerpt(seg.target, start, end)}"',
                      severity=Severity.ERROR if _whole_line(seg.target, start, end) else None,
                      suggestion="" if last else None)


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether the phrase is all there is on its line (bullets and separators aside): a button."""
    line_start, line_end = _line_bounds(text, start, end)
    return _TRIM_BEFORE.fullmatch(text[line_start:start]) is not None \
        and _TRIM.fullmatch(text[end:line_end]) is not None


@check("TQ554", severity=Severity.INFO, needs=("source",))
def translated_boilerplate(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """Web page text that the source has too, translated with the article (`Читайте також:` -> `Also read:`).

    ## What it does
    Finds web text in the target as TQ551 does, when the source segment has web text as well:
    the scraper left it in the source and the MT translated it faithfully.

    ## Why is this bad?
    It is not a translation error, but it is still not part of the story: the page that
    publishes the translation should drop it, and the source pipeline should stop scraping it.

    ## Example
        Fires[uk>en]: Читайте також: Туреччина підтримує Україну ||| Also read: Turkey supports Ukraine
        Okay[uk>en]: Туреччина підтримує Україну. ||| Turkey supports Ukraine. Also read: Turkey backs Kyiv
        Okay[uk>en]: Туреччина підтримує Україну. ||| Turkey supports Ukraine.

    ## Known problems
    Source and target are only checked for web text each, not matched phrase by phrase: a
    target teaser next to a different source teaser counts as translated.
    """
    found, inherited = _web_text(seg, ctx)
    if not inherited:
        return
    for start, end in found:
        yield Finding(Span(start, end), f'Web text "{excerpt(seg.target, start, end)}" translated from the source')


def _web_text(seg: Segment, ctx: Context) -> tuple[tuple[tuple[int, int], ...], bool]:
    """The web-text spans of the target, and whether the source has web text too (TQ551/TQ554)."""
    memory = ctx.shared("markup:phrases")  # shared by every language pair of the run
    key = (ctx.tgt.code, ctx.src.code)
    phrases = memory.get(key)
    if phrases is None:
        languages = tuple(dict.fromkeys(code for code in (ctx.tgt.code, ctx.src.code, "en") if code))
        user = tuple(ctx.settings.boilerplate) + ctx.settings.language_list("boilerplate", ctx.tgt.code)
        phrases = memory[key] = _phrases(languages, user)
    if phrases.empty or not seg.target:
        return (), False
    return ctx.analysed(_web_text_in, seg.target, seg.source, phrases)


def _web_text_in(target: str, source: str | None, phrases: _Phrases) -> tuple[tuple[tuple[int, int], ...], bool]:
    """The web-text spans of `target`, and whether the source has web text too (shared by TQ551 and TQ554)."""
    if not target.strip():
        return (), False
    found = tuple(_boilerplate(target, phrases))
    return found, bool(found and source and _boilerplate(source, phrases))


def _boilerplate(text: str, phrases: _Phrases) -> list[tuple[int, int]]:
    """Spans of the phrases that stand where web text stands in `text`."""
    lowered = _lower(text)
    found: list[tuple[int, int]] = []
    for last, (length, kind, _phrase) in phrases.automaton.iter(lowered):
        start, end = last + 1 - length, last + 1
        if (start > 0 and _WORD_CHAR.match(text, start - 1) and _WORD_CHAR.match(text, start)) or (
                end < len(text) and _WORD_CHAR.match(text, end) and _WORD_CHAR.match(text, end - 1)):
            continue  # not a whole word: "Reprint", "Shared"
        if _placed(text, start, end, kind):
            found.append((start, end))
    return _outermost(found)


def _outermost(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The matches not contained in a longer one (`Read more` inside `Click here to read more`)."""
    result: list[tuple[int, int]] = []
    for item in sorted(found, key=lambda item: (item[0], -item[1])):
        if result and item[0] >= result[-1][0] and item[1] <= result[-1][1]:
            continue
        result.append(item)
    return result


# --- TQ552 HTML markup --------------------------------------------------------------------------

_TAG_NAMES = (
    "a|abbr|article|aside|audio|b|big|blockquote|body|br|button|caption|center|cite|code|col|dd|del|details|"
    "div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|"
    "kbd|label|li|link|main|mark|meta|nav|noscript|ol|option|p|picture|pre|q|s|script|section|select|small|"
    "source|span|strike|strong|style|sub|summary|sup|table|tbody|td|textarea|tfoot|th|thead|time|title|tr|tt|"
    "u|ul|var|video|wbr"
)
_MARKUP = lazy_regex(
    rf"(?P<tag></?(?P<name>{_TAG_NAMES})(?:\s+[^<>]*?)?\s*/?>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
    regex.IGNORECASE | regex.DOTALL,
)


def _markup_key(match: regex.Match[str]) -> str:
    """What must also be in the source for the markup to be deliberate: `<p`, `</p`, `&amp;`."""
    if match.group("tag"):
        closing = "/" if match.group("tag").startswith("</") else ""
        return f"<{closing}{match.group('name').lower()}"
    if match.group("comment"):
        return "<!--"
    return str(match.group("entity"))


@check("TQ552", severity=Severity.ERROR, fix="unsafe", candidates=(("target", "[<&]"),))
def html_markup(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """HTML tags, comments or character entities in the translation.

    ## What it does
    Flags HTML elements (`<br>`, `<p>`, `</div>`, `<a href="...">`), comments and character
    references (`&amp;`, `&nbsp;`, `&#39;`, `&quot;`) in the target, unless the source has the
    same tag or entity. For an entity the suggestion is the character it stands for.

    ## Why is this bad?
    Markup in a translation means the text was extracted from HTML badly or escaped twice; it
    shows up literally in the published article.

    ## Example
        Fires: The minister said<br>that the talks failed.
        Fires: Israel &amp; Hamas agreed.
        Fires: It&#39;s over.
        Okay:  If a < b and x<3, then I <3 you.
        Okay:  AT&T, R&D and Q&A sessions.
        Okay:  Klicken Sie <b>hier</b>. ||| Click <b>here</b>.

    ## Known problems
    Only HTML's own element names count as tags, so placeholders such as `<x1/>` and `<PERSON>`
    are left alone; named entities must end in `;` as in HTML.
    """
    text = seg.target
    if not text or ("<" not in text and "&" not in text):
        return
    source = seg.source or ""
    in_source = {_markup_key(match) for match in _MARKUP.finditer(source)} if source else set()
    for match in _MARKUP.finditer(text):
        if _markup_key(match) in in_source:
            continue
        if match.group("entity"):
            entity = match.group("entity")
            if entity[1] != "#" and entity[1:] not in html5:
                continue
            suggestion: str | None = html.unescape(entity)
            what = "HTML entity"
        else:
            suggestion = None
            what = "HTML comment" if match.group("comment") else "HTML tag"
        yield Finding(Span(match.start(), match.end()),
                      f'{what} "{excerpt(text, match.start(), match.end())}" in the translation',
                      suggestion=suggestion)


# --- TQ553 glued tokens -------------------------------------------------------------------------

_CASED = r"\p{Lu}\p{Ll}\p{Lt}\p{M}"
# A word of three or more lower-case letters (capitalised or not) run into a number of two or
# more digits: "killed37", "Gaza4376", "killed3,700".
_WORD_NUMBER = lazy_regex(
    rf"(?<![{_CASED}\p{{N}}_@#/\\.\-'\u2019+])"
    r"(?P<word>(?:\p{Lu}|\p{Lt})?[\p{Ll}\p{M}]{3,})"
    r"(?P<number>\d{1,3}(?:[,.]\d{3})+|\d{2,})"
    rf"(?![{_CASED}\p{{N}}_])"
)
# A number of two or more digits run into a capitalised word: "2024The", "37Palestinians".
_NUMBER_WORD = lazy_regex(
    rf"(?<![{_CASED}\p{{N}}_@#/\\.,\-'\u2019+])"
    r"(?P<number>\d{2,})"
    r"(?P<word>\p{Lu}[\p{Ll}\p{M}]{2,})"
    rf"(?![{_CASED}\p{{N}}_])"
)
# A letter touching a digit: the cheap test that rules out almost every segment.
_LETTER_DIGIT = lazy_regex(r"[^\W\d_]\d|\d[^\W\d_]")
# Stdlib `re` finds "no digit at all" (most segments) several times faster than `regex` can
# search for a letter next to a digit. Its Unicode tables are older, so any character beyond
# the BMP (where the newer digits are) counts as a possible digit and goes to `regex`.
_ANY_DIGIT = lazy_re(r"[\d\U00010000-\U0010FFFF]")
_CHUNK_MARKERS = lazy_regex(r"[@#/_=\\]|www|\.[\p{L}]")
# Names and units that are written run together on purpose.
_GLUED_WORDS = frozenset({"covid", "office", "microsoft", "xbox", "windows", "ipv", "mpeg", "utf", "sha",
                          "md", "iso", "wmt", "gpt", "llama", "qwen", "bert", "pixel", "galaxy"})
_GLUED_UNITS = frozenset({"mbps", "gbps", "kbps", "mbit", "gbit", "kbit", "mio", "mrd", "tsd", "bn", "mln",
                          "kwh", "mwh", "gwh", "twh"})


def _glued_in_source(number: str, source: str, letters_first: bool) -> bool:
    """Whether the source runs the same number into letters too (`PERSON11`, `Century21`)."""
    if number not in source:
        return False
    escaped = regex.escape(number)
    pattern = rf"\p{{L}}{escaped}(?!\d)" if letters_first else rf"(?<!\d){escaped}\p{{L}}"
    return regex.search(pattern, source) is not None


def _chunk(text: str, start: int, end: int) -> str:
    """The run of non-space characters around start:end (to spot URLs, handles, file names)."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right]


@check("TQ553", severity=Severity.WARNING, fix="safe")
def glued_token(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A word and a number run together without a space.

    ## What it does
    Flags a word of three or more lower-case letters directly followed by a number of two or
    more digits (`killed37`, `Gaza4376`), and a number of two or more digits directly followed
    by a capitalised word (`2024The`). The suggestion puts the space back.

    ## Why is this bad?
    Lost spaces come from bad extraction or from MT systems that mishandle numbers; readers
    stumble over them and search engines cannot index the words.

    ## Example
        Fires: The strikes killed37 people.
        Fires: Gaza4376 residents fled.
        Fires: in 2024The army withdrew.
        Okay:  COVID-19, G7, F-16, MP3, 4x4, H1N1 and A320.
        Okay:  The 3rd time in the 1990s, at 10km and 20mph.
        Okay:  See www.example.com/news2024 and #gaza2024 and @user123.

    ## Known problems
    Mixed-case product names (`iPhone15`), all-capital codes (`B52`, `AK47`), single digits
    (`web3`), placeholders (`[PERSON11]`), a few names written run together (`Office365`) and
    anything the source runs together too are left alone.
    """
    text = seg.target
    if not text or len(text) < 4 or not _ANY_DIGIT.search(text) or not _LETTER_DIGIT.search(text):
        return
    protected: list[tuple[int, int]] | None = None
    for pattern in (_WORD_NUMBER, _NUMBER_WORD):
        for match in pattern.finditer(text):
            word = match.group("word").lower()
            if word in _GLUED_WORDS or word in _GLUED_UNITS:
                continue
            start, end = match.span()
            chunk = _chunk(text, start, end)
            if _CHUNK_MARKERS.search(chunk) or chunk[:1] in "[{<":
                continue  # a URL, handle, file name or placeholder ("[PERSON11]")
            if seg.source and _glued_in_source(match.group("number"), seg.source, pattern is _WORD_NUMBER):
                continue
            if protected is None:
                protected = protected_spans(text)
            if inside(start, protected):
                continue
            split = match.start("number") if pattern is _WORD_NUMBER else match.start("word")
            fixed = f"{text[start:split]} {text[split:end]}"
            yield Finding(Span(start, end), f'Word and number run together "{text[start:end]}"',
                          suggestion=fixed)
