"""What a localisation file says about a unit's state, and leaving units out by it (`--skip`).

The readers keep each unit's state as the file wrote it, in `Segment.meta` (PO: `fuzzy = "yes"`;
XLIFF 1.2: `approved` and the target's `state`; XLIFF 2.0: the segment's `state`). Here it is read
the way translators' tools read it, one question per state `--skip` takes:

- **untranslated**: the target has no text (empty or white space only): an XLIFF `<target/>`, a TMX
  `<seg/>`, an empty line or cell. Whatever the file's state says. (Units with no target at all, and
  PO entries with an empty `msgstr`, are never read in the first place.)
- **fuzzy**: the target has text that no translator has confirmed yet: a PO entry flagged `fuzzy`;
  XLIFF 1.2 `state="new"` or any `needs-*` state (`needs-translation`, `needs-l10n`, `needs-adaptation`,
  `needs-review-translation`, `needs-review-l10n`, `needs-review-adaptation`); XLIFF 2.0
  `state="initial"` (a draft, e.g. pre-filled from a TM or MT). Text and a "not done" state: as
  gettext's `fuzzy`, so a pre-filled target counts here and an empty one under untranslated.
- **unapproved**: XLIFF only, the one format that records approval. XLIFF 1.2: a unit without
  `approved="yes"`; without an `approved` attribute, a target `state` of `signed-off` or `final`
  counts as approval (the spec gives both the same meaning). XLIFF 2.0: a segment whose `state` is not
  `reviewed` or `final` (no `state` is the spec's default, `initial`). PO, TMX and text files record
  no approval: their units are never skipped as unapproved (the notice counts them).

Nothing is inferred from a state the file does not give, except approval, which must be stated. A
table or JSONL record with `fuzzy`, `state` or `approved` columns is read the same way (`yes`,
`true` and `1` count as yes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from tqcheck.config import SKIP_CHOICES
from tqcheck.errors import InputError
from tqcheck.model import Segment

# XLIFF 1.2 states of a target with text nobody has confirmed (plus every `needs-*` one); XLIFF 2.0's draft.
FUZZY_STATES = frozenset({"new", "initial"})
# States that say a translator or reviewer signed the target off (1.2: signed-off, final; 2.0: reviewed, final).
APPROVED_STATES = frozenset({"signed-off", "final", "reviewed"})
_YES = frozenset({"yes", "true", "1"})


def _is_xliff(meta: Mapping[str, str]) -> bool:
    """Whether the unit came from an XLIFF file (the XLIFF reader always records both keys)."""
    return "file" in meta and "unit_id" in meta


def records_approval(segment: Segment) -> bool:
    """Whether the unit's file says whether it is approved (XLIFF; a table's `approved` or `state` column)."""
    meta = segment.meta
    return "approved" in meta or "state" in meta or _is_xliff(meta)


def unit_states(segment: Segment) -> tuple[str, ...]:
    """The states of SKIP_CHOICES the unit is in, in that order (untranslated and fuzzy never both)."""
    meta = segment.meta
    state = meta.get("state", "").strip().lower()
    found: list[str] = []
    has_text = bool(segment.target.strip())
    if has_text and (meta.get("fuzzy", "").strip().lower() in _YES or state in FUZZY_STATES
                     or state.startswith("needs-")):
        found.append("fuzzy")
    if not has_text:
        found.append("untranslated")
    if records_approval(segment):
        approved = meta.get("approved")
        if not (approved.strip().lower() in _YES if approved is not None else state in APPROVED_STATES):
            found.append("unapproved")
    return tuple(found)


def without_states(segments: Iterable[Segment], skip: Iterable[str], say: Callable[[str], None]) -> Iterator[Segment]:
    """`segments` less the units in any state of `skip`, lazily; at the end one notice of what was skipped.

    A unit is counted once, under the first of its skipped states (fuzzy, untranslated, unapproved).
    When every unit was skipped there is nothing to check: an InputError, as for a file with no
    translated units.
    """
    wanted = tuple(choice for choice in SKIP_CHOICES if choice in set(skip))
    skipped = dict.fromkeys(wanted, 0)
    kept = unmarked = 0
    for segment in segments:
        states = [state for state in unit_states(segment) if state in skipped]
        if states:
            skipped[states[0]] += 1
            continue
        if "unapproved" in skipped and not records_approval(segment):
            unmarked += 1
        kept += 1
        yield segment
    counts = [f"{count} {state}" for state, count in skipped.items() if count]
    if not kept:
        raise InputError(f"nothing to check: every unit was skipped (--skip {','.join(wanted)}): "
                         f"{', '.join(counts) if counts else 'no units'}")
    if counts:
        total = sum(skipped.values())
        say(f"tqcheck: skipped {total} {'unit' if total == 1 else 'units'} (--skip): {', '.join(counts)}")
    if unmarked:
        say(f"tqcheck: --skip unapproved: {unmarked} {'unit records' if unmarked == 1 else 'units record'} no "
            "approval (only XLIFF does), so none of them was skipped as unapproved")
