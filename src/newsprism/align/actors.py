"""Actor conflicts: two reports name different people or organisations in one exclusive role.

"Rep. Xavier Becerra won the vote for caucus chairman" / "Rep. Joseph Crowley won the vote for
caucus chairman": one vote has one winner, so the two reports disagree on who. The check is
the numeric one's with a participant in place of a number:

- **an exclusive role:** both statements have one predicate, not negated, from a short list
  of roles only one holder fills at a time: winning, being elected, appointed, named,
  picked, chosen, selected, nominated, succeeding or replacing someone, defeating, leading or
  heading something (``EXCLUSIVE_ROLES``). "Smith criticised the bill" / "Jones criticised
  the bill" is no conflict: many can criticise;
- **one slot:** a named person (or organisation) of one statement and a different one of
  the other, of one type, with the content words around the two names overlapping
  (``slots.shared_slot``: "won the vote for caucus chairman" on both sides; the role's verb
  itself not counted), so that they answer one question;
- **neither names the other:** a report that names both ("Becerra, who beat Crowley, won
  …") has not put the second in the first one's place;
- articles published close in time (a post changes hands).

Like numeric and temporal conflicts, an actor conflict is then rescored by whether the two
statements are one proposition with the differing value hidden (``align.same_proposition``).
Registered after newsprism's numeric and temporal checks as ``"actor"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.align.conflicts import PairContext, make_conflict
from newsprism.align.slots import context, shared_slot
from newsprism.models import Claim, Conflict, Entity
from newsprism.registries import conflict_checks

# Verb lemmas of roles one holder fills at a time (of one post, vote or contest).
EXCLUSIVE_ROLES = frozenset({
    "win", "elect", "appoint", "name", "pick", "choose", "select", "nominate", "succeed",
    "replace", "defeat", "beat", "lead", "head", "chair"})
ACTOR_TYPES = {"PERSON": "person", "ORG": "organisation"}


@dataclass(frozen=True)
class Participant:
    """A named person or organisation in an article: its resolved entity, type and span."""

    entity_id: str
    type: str
    start: int
    end: int
    text: str


def participants_by_article(entities: list[Entity]) -> dict[str, tuple[Participant, ...]]:
    """article id -> the name mentions of resolved people and organisations in it, in text
    order (nominal and pronoun mentions left out: they do not say who)."""
    found: dict[str, list[Participant]] = {}
    for entity in entities:
        if entity.type not in ACTOR_TYPES:
            continue
        for mention in entity.mentions:
            if mention.kind == "name":
                found.setdefault(mention.article_id, []).append(Participant(
                    entity.id, entity.type, mention.start, mention.end, mention.text))
    return {article: tuple(sorted(items, key=lambda p: p.start))
            for article, items in found.items()}


@conflict_checks.register("actor")
def actor_check(pair: PairContext) -> Conflict | None:
    """Two different named people or organisations in one slot of one exclusive role."""
    a, b = pair.a, pair.b
    if not pair.same_time or pair.blocked or not _one_exclusive_role(a, b):
        return None
    best: tuple[float, frozenset[str], Participant, Participant] | None = None
    for pa in _inside(a, pair):
        for pb in _inside(b, pair):
            if pa.type != pb.type or pa.entity_id == pb.entity_id:
                continue
            if pa.entity_id in b.entity_ids or pb.entity_id in a.entity_ids:
                continue  # a report naming both has not swapped one for the other
            if pa.entity_id in pair.weak_entities or pb.entity_id in pair.weak_entities:
                continue
            slot, share = shared_slot(_context(a, pa, pair), _context(b, pb, pair))
            if slot and (best is None or share > best[0]):
                best = (share, slot, pa, pb)
    if best is None:
        return None
    share, slot, pa, pb = best
    reason = (f"who {a.predicate} ({' '.join(sorted(slot))}): “{pa.text}” vs “{pb.text}” "
              f"(two different {ACTOR_TYPES[pa.type]}s; neither report names the other's)")
    return make_conflict("actor", a, b, share, reason, "participant comparison")


def _one_exclusive_role(a: Claim, b: Claim) -> bool:
    return (a.predicate is not None and a.predicate == b.predicate
            and a.predicate in EXCLUSIVE_ROLES and not a.negated and not b.negated)


def _inside(claim: Claim, pair: PairContext) -> list[Participant]:
    return [p for p in pair.participants.get(claim.article_id, ())
            if claim.start <= p.start and p.end <= claim.end]


def _context(claim: Claim, participant: Participant, pair: PairContext) -> frozenset[str]:
    """The content words around the name, less the role's verb, which both sides share by
    construction: "Becerra won." / "Crowley won." say nothing of one contest."""
    return context(pair.texts[claim.article_id], participant.start, participant.end,
                   (claim.start, claim.end)) - {claim.predicate}
