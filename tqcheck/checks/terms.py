"""Names and terms (TQ405-TQ407): the user's glossary / name list (`--glossary`, `glossary = ...`).

The glossary is loaded once by `Settings.with_glossary()` (see `tqcheck.glossary`); these
checks do nothing without one.
"""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.checks.context import Context
from tqcheck.checks.registry import check
from tqcheck.glossary import Term, find_term
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "names"


def _terms(ctx: Context, kind: str) -> tuple[Term, ...]:
    glossary = ctx.settings.glossary
    if glossary is None:
        return ()
    memory = ctx.shared(f"terms:{kind}")
    key = (ctx.src.code, ctx.tgt.code)
    found = memory.get(key)
    if found is None:
        found = tuple(term for term in glossary.for_pair(ctx.src.code or None, ctx.tgt.code or None)
                      if term.type == kind)
        memory[key] = found
    return found


def _first(term: str, text: str, lang: str, *, exact: bool = False) -> tuple[int, int] | None:
    return next(find_term(term, text, lang, exact=exact), None)


@check("TQ405", severity=Severity.WARNING, needs=("source",), fix="unsafe")
def glossary_term_not_used(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A glossary source term whose required translation is missing from the target.

    ## What it does
    For each `required` glossary entry whose source term occurs in the source (any case,
    inflected: `Путина` for `Путин`, `Bundestages` for `Bundestag`, Arabic and Hebrew clitics
    such as `بغالانت`), checks that the target contains one of the entry's target spellings
    (any case, inflected). If none is there, the source term is flagged and the preferred
    spelling suggested.

    ## Why is this bad?
    Glossaries fix how names, titles and terms are rendered in a publication; a different
    transliteration (`Galant`) or a paraphrase breaks search, consistency and house style.

    ## Example
        Glossary: غالانت,Gallant,required
        Glossary: Путин,Putin,required
        Fires[ar>en]: التقى بلينكن بغالانت ||| Blinken met Galanat
        Fires[ru>en]: Встреча Путина и Си ||| A meeting of the Russian leader and Xi
        Okay[ar>en]: التقى بلينكن بغالانت ||| Blinken met Gallant's team
        Okay[ru>en]: Встреча с Путиным ||| A meeting with Putin

    ## Known problems
    Matching is by word with language-specific endings, not by morphological analysis:
    irregular stems (`Praha` / `Praze`) are missed in the source, so nothing is reported.
    Only runs with a glossary (`Glossary:` lines above give the examples theirs).
    """
    source = seg.source or ""
    target = seg.target
    for term in _terms(ctx, "required"):
        if not term.source:
            continue
        where = _first(term.source, source, ctx.src.code)
        if where is None:
            continue
        if any(_first(spelling, target, ctx.tgt.code) is not None for spelling in term.targets):
            continue
        yield Finding(Span(where[0], where[1], "source"),
                      f'Glossary term "{term.source}" should be translated as "{term.targets[0]}"',
                      suggestion=term.targets[0])


@check("TQ406", severity=Severity.WARNING, needs=("source",), fix="unsafe")
def do_not_translate_term_changed(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A do-not-translate glossary term of the source that the target does not keep verbatim.

    ## What it does
    For each `dnt` glossary entry found in the source exactly as written (same case), checks
    that the target contains it exactly as written too (an inflection ending after it is
    allowed: `iPhones`, `Bundestagu`). Otherwise the source term is flagged.

    ## Why is this bad?
    Brand and product names, code names, titles of works and some institutions must stay
    in the original; MT translates (`Apple` -> `яблоко`) or respells them.

    ## Example
        Glossary: Bundestag,,dnt
        Glossary: ChatGPT,,dnt
        Fires[de>en]: Der Bundestag stimmte zu. ||| The federal parliament agreed.
        Fires[ru>en]: Он спросил ChatGPT. ||| He asked Chat GPT.
        Okay[de>en]: Der Bundestag stimmte zu. ||| The Bundestag agreed.
        Okay[de>cs]: Der Bundestag stimmte zu. ||| Bundestagu to schválil.

    ## Known problems
    A term that the target legitimately declines with a changed stem is flagged. Only runs
    with a glossary (`Glossary:` lines above give the examples theirs).
    """
    source = seg.source or ""
    target = seg.target
    for term in _terms(ctx, "dnt"):
        if not term.source:
            continue
        where = _first(term.source, source, ctx.src.code, exact=True)
        if where is None:
            continue
        if any(_first(spelling, target, ctx.tgt.code, exact=True) is not None for spelling in term.targets):
            continue
        yield Finding(Span(where[0], where[1], "source"),
                      f'Do-not-translate term "{term.source}" is not kept as is in the target',
                      suggestion=term.targets[0])


@check("TQ407", severity=Severity.WARNING, fix="unsafe")
def forbidden_term(seg: Segment, ctx: Context) -> Iterator[Finding]:
    """A spelling or translation that the glossary marks as forbidden (deprecated).

    ## What it does
    Flags every occurrence in the target of a `forbidden` glossary spelling (inflected; any
    case when the glossary writes it in lower case, else the same case). When the entry has a
    source term and the segment a source, only segments whose source contains that term
    count. The suggestion is the entry's required spelling.

    ## Why is this bad?
    Deprecated spellings (`Kiev` for `Kyiv`), outdated titles and banned renderings are exactly
    what a style guide exists to stop.

    ## Example
        Glossary: Київ,Kyiv,required
        Glossary: Київ,Kiev,forbidden
        Glossary: ,Galant,forbidden
        Fires: Kiev said on Monday that talks would resume.
        Fires[uk>en]: Київ заявив ||| Kiev's statement
        Fires: Galant met Blinken.
        Okay: Kyiv said on Monday that talks would resume.
        Okay[uk>en]: Львів заявив ||| Lviv, not Kiev, said so

    ## Known problems
    A forbidden spelling that is also an ordinary word in another sense is flagged there too.
    Only runs with a glossary (`Glossary:` lines above give the examples theirs).
    """
    source = seg.source
    target = seg.target
    for term in _terms(ctx, "forbidden"):
        if term.source and source and _first(term.source, source, ctx.src.code) is None:
            continue
        for spelling in term.targets:
            exact = spelling != spelling.lower()
            for start, end in find_term(spelling, target, ctx.tgt.code, exact=exact):
                yield Finding(Span(start, end),
                              f'Forbidden term "{target[start:end]}"'
                              + (f': use "{term.suggestion}"' if term.suggestion else ""),
                              suggestion=term.suggestion)
