"""Names the document renders one way and one segment another (TQ413): the article as its own glossary.

A name that a news article mentions several times is translated the same way each time. When a
source name is rendered `Besson` in every segment but one, and that one has no `Besson`, the
name was dropped or replaced there, whatever the scripts and however the name is transliterated:
the document itself is the evidence, no transliteration table or word list is needed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tqcheck.checks.context import Context
from tqcheck.checks.names import (
    CASED_SCRIPTS,
    adjective_or_common,
    folded,
    has_word_starting,
    in_text,
    is_source_name,
    name_candidates,
    names_in,
)
from tqcheck.checks.names import transliteration as translit
from tqcheck.checks.registry import check
from tqcheck.lang import frequencies
from tqcheck.lang.patterns import lazy_regex
from tqcheck.model import Finding, Segment, Severity, Span

FAMILY = "names"

_STEM = 5            # names are matched by their first letters, so case endings do not matter (`Бессона`)
_WORD = lazy_regex(r"\p{L}[\p{L}\p{M}]*")
_MIN_NAME = 4        # shorter capitalised words are often function words or initials
_MIN_RENDERED = 2    # the document renders the name the same way in at least this many other segments
_REPLACEMENT_MAX_ZIPF = 3.5  # a target word this common is an ordinary word, not a name put in its place


@dataclass(frozen=True, slots=True)
class _Mention:
    """A source name in one segment: the segment's position, and where the name is in its source."""

    position: int
    start: int
    end: int
    text: str


def _stem(word: str) -> str:
    return folded(word)[:_STEM]


def _words(text: str) -> Iterator[str]:
    return (match.group() for match in _WORD.finditer(text))


def _source_mentions(doc: Sequence[Segment], ctx: Context) -> dict[str, list[_Mention]]:
    """The names of the sources that occur in enough segments to have a rendering, by stem.

    Candidates are gathered by shape first (cheap); only those in three segments or more are
    asked whether they are names (as TQ402 finds them: rare capitalised words inside a sentence,
    Latin-script words in a source without case).
    """
    mentions: dict[str, list[_Mention]] = defaultdict(list)
    for position, segment in enumerate(doc):
        seen: set[str] = set()
        for token in name_candidates(segment.source or "", ctx):
            stem = _stem(token.text)
            if stem not in seen:
                seen.add(stem)
                mentions[stem].append(_Mention(position, token.start, token.end, token.text))
    return {stem: found for stem, found in mentions.items()
            if len(found) > _MIN_RENDERED and is_source_name(found[0].text, ctx)}


def _target_names(text: str) -> dict[str, str]:
    """The capitalised words of a target by stem (any word with the stem, so a name written
    once in lower case still counts as there), each with its capitalised spelling."""
    found: dict[str, str] = {}
    for word in _words(text):
        stem = _stem(word)
        if word[0].isupper() or stem not in found:
            found[stem] = word if word[0].isupper() else ""
    return found


class _TargetNames(dict[int, dict[str, str]]):
    """`_target_names` of the document's targets, computed for a segment when first asked for."""

    def __init__(self, doc: Sequence[Segment]) -> None:
        super().__init__()
        self.doc = doc

    def __missing__(self, position: int) -> dict[str, str]:
        found = self[position] = _target_names(self.doc[position].target or "")
        return found


def _rendering(positions: Sequence[int], stems: _TargetNames, source_name: str, ctx: Context
               ) -> tuple[str, list[int]] | None:
    """The target stem that renders `source_name`: in every segment of `positions` but one.

    The rendering must look like the name (same first letters in one script, same consonant
    skeleton across scripts), so that a word that merely co-occurs (`Moldova` in every sentence
    of an article on Moldova's government) is never taken for a name's translation.
    Returns the stem and the positions that lack it.
    """
    counts: dict[str, int] = defaultdict(int)
    spelling: dict[str, str] = {}
    for position in positions:
        for stem, word in stems[position].items():
            counts[stem] += 1
            if word:
                spelling[stem] = word
    need = len(positions) - 1
    same_script = ctx.src.script == ctx.tgt.script
    source_stem = _stem(source_name)
    for stem, count in counts.items():
        rendering = spelling.get(stem)
        if count != need or rendering is None:
            continue  # renderings are names in the target too: capitalised
        if same_script:
            if stem[:3] != source_stem[:3]:
                continue
        elif not translit.skeletons_match(translit.skeleton(source_name, ctx.src.code),
                                          translit.skeleton(rendering, ctx.tgt.code)):
            continue
        missing = [position for position in positions if stem not in stems[position]]
        return stem, missing
    return None


@check("TQ413", severity=Severity.WARNING, scope="document", needs=("source",))
def name_rendered_elsewhere(doc: Sequence[Segment], ctx: Context) -> Iterator[Finding]:
    """A source name that every other segment of the document renders one way, missing from this one's target.

    ## What it does
    Collects the names of the document's sources (capitalised words inside a sentence, in a
    cased script) and, for each name that occurs in at least three segments, the target word
    that renders it in all of them but one: the same word by its first letters (`Söder`,
    `Söders`) or, across scripts, by consonant skeleton (`Бессон` / `Besson`). The one segment
    whose target lacks that rendering is flagged, in the source; when its target has instead a
    name that its source does not have, that name is named as the replacement.

    ## Why is this bad?
    A dropped or substituted name changes who did what, and fluent text hides it. The article
    settles how it writes the name, so the odd segment out is worth a look whatever the scripts.

    ## Example
        Fires[ru>en]: Режиссёр Бессон снял фильм. ||| Director Besson made a film. ¶ Потом Бессон уехал. ||| Then Besson left. ¶ Позже Бессон вернулся. ||| Later, Tarkovsky came back.
        Fires[de>en]: Trainer Cocca kam. ||| Coach Cocca came. ¶ Dann sprach Cocca. ||| Then Cocca spoke. ¶ Später lobte Cocca das Team. ||| Later the coach praised the team.
        Okay[ru>en]: Режиссёр Бессон снял фильм. ||| Director Besson made a film. ¶ Потом Бессон уехал. ||| Then Besson left. ¶ Позже Бессон вернулся. ||| Later, Besson came back.
        Okay[ru>en]: Режиссёр Бессон снял фильм. ||| Director Besson made a film. ¶ Потом Бессон уехал. ||| Then Besson left. ¶ Позже фильм Бессона показали. ||| Later, Besson's film was shown.

    ## Severity
    An error when another name stands in the segment's target in place of the document's
    rendering; a warning when the name is simply absent (a pronoun or a title may stand for it).

    ## Known problems
    Needs the name three times in the document. In sources without case (Arabic, Chinese,
    Japanese, Hebrew) only Latin-script names are read (`ChatGPT`, `Pampered Chef`). A
    translator who writes a name twice and then `the minister` is flagged at warning level.
    """
    if ctx.tgt.script not in CASED_SCRIPTS or len(doc) < 3:
        return
    mentions = _source_mentions(doc, ctx)
    stems = _TargetNames(doc)
    for source_stem, found in mentions.items():
        positions = [mention.position for mention in found]
        rendering = _rendering(positions, stems, found[0].text, ctx)
        if rendering is None:
            continue
        stem, missing = rendering
        rendering_word = _display(stem, positions, stems)
        for mention in found:
            if mention.position not in missing:
                continue
            segment = doc[mention.position]
            target = segment.target or ""
            if not target.strip() or has_word_starting(source_stem[:4], target) or has_word_starting(stem[:4], target):
                continue  # inflected or derived (`Norwegens` / `Norway's`)
            if _variant_of(rendering_word, target) or in_text(mention.text, target, ctx.tgt.code, ctx.src.code):
                continue  # a spelling variant (TQ401's) or another transliteration
            replacement = _replacement(segment, ctx)
            rendered = len(positions) - 1
            if replacement is None:
                yield Finding(Span(mention.start, mention.end, "source"),
                              f'Name "{mention.text}" of the source is missing from the target; the document '
                              f'renders it "{rendering_word}" in {rendered} other segments',
                              segment_id=segment.id)
            else:
                yield Finding(Span(replacement[0], replacement[1]),
                              f'Name "{replacement[2]}" where the source has "{mention.text}", which the document '
                              f'renders "{rendering_word}" in {rendered} other segments',
                              segment_id=segment.id, severity=Severity.ERROR)


def _replacement(segment: Segment, ctx: Context) -> tuple[int, int, str] | None:
    """A capitalised word inside a target sentence that the segment's source does not support."""
    source = segment.source or ""
    for token in names_in(segment.target or ""):
        name = token.text
        if token.initial or token.quoted or len(name) < _MIN_NAME:
            continue
        if adjective_or_common(name, ctx.tgt.code, ctx.tgt.script):
            continue
        if (frequencies.lookup(name.lower(), ctx.tgt.code) or 0.0) >= _REPLACEMENT_MAX_ZIPF:
            continue
        if in_text(name, source, ctx.src.code, ctx.tgt.code) or has_word_starting(_stem(name)[:4], source):
            continue
        return token.start, token.end, name
    return None


def _variant_of(word: str, text: str) -> bool:
    """Whether `text` has a capitalised word spelled like `word` by consonant skeleton (`Galanat`/`Gallant`)."""
    outline = translit.skeleton(word)
    return any(token.text[:1] == word[:1] and translit.skeletons_match(outline, translit.skeleton(token.text))
               for token in names_in(text))


def _display(stem: str, positions: Sequence[int], stems: _TargetNames) -> str:
    """The rendering as the document writes it (its first capitalised spelling)."""
    return next((stems[position][stem] for position in positions if stems[position].get(stem)), stem)
