"""Conflicts between aligned claims of different articles: numeric, temporal and semantic.

Numeric and temporal conflicts are computed from normalised quantities and resolved dates,
respecting bounds ("about", "no less than") and the precision of each date. Semantic conflicts
come from a contradiction scorer the caller passes in (the aligner passes newsprism's NLI
cross-encoder, scored in both directions), and from the parse: two statements with one subject
and one object whose predicates are opposite outcomes ("lifted" / "still in place"). Without a
scorer, a clearly marked rule-based fallback (antonym asymmetry between strongly aligned
claims) stands in for the NLI. Every conflict names the method that found it. False conflicts
destroy trust, so each check prefers precision: values of different days, parts of a whole,
dates that qualify a noun and statements that agree on a number are not conflicts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from newsprism.align.dates import (
    comparable_dates,
    date_interval,
    dates_agree,
    describe_date,
    disagreement,
    modifies_noun,
)
from newsprism.align.reuse import reprinted, words
from newsprism.align.slots import MIN_SHARE, context, shared_slot
from newsprism.models import AnnotatedArticle, Claim, Conflict, DateMention, Quantity, content_id
from newsprism.registries import conflict_checks
from newsprism.tokens import lemma

APPROXIMATE_SLACK = 0.2  # "about 24 hours" covers 19.2–28.8
ROUNDING_SLACK = 0.005  # bounds this close state one bound (rounding of the last digit)
# Counts change (tolls rise, polls move) and so do states (a curfew is lifted): counts and
# statements only conflict when both reports were published within this window of each other
# (or when a publication date is unknown). Dates of past events are compared at any distance.
MAX_PUBLICATION_GAP = timedelta(days=2)
CONVERSIONS = {  # unit -> (base unit, factor)
    "centimetre": ("metre", 0.01), "millimetre": ("metre", 0.001), "metre": ("metre", 1.0),
    "kilometre": ("metre", 1000.0), "mile": ("metre", 1609.344), "foot": ("metre", 0.3048),
    "kilogram": ("kilogram", 1.0), "tonne": ("kilogram", 1000.0), "second": ("second", 1.0),
    "minute": ("second", 60.0), "hour": ("second", 3600.0), "day": ("second", 86400.0),
    "week": ("second", 604800.0),
}
# Lengths and weights say what they measure without a counted noun; durations do not ("within
# 24 hours" and "for three days" are usually spans of different things).
PHYSICAL = {"metre", "kilogram"}
# Statements shorter than this are not judged for semantic contradiction: a short clause
# ("Prigozhin chose the opposite") leans on its sentence, which the judge does not see.
MIN_JUDGED_WORDS = 6
# One side counts a whole ("in total", "nationwide"), the other does not: different scopes.
AGGREGATE = re.compile(r"\b(in total|in all|overall|altogether|combined|nationwide|"
                       r"worldwide|countrywide|across the country|so far this year)\b", re.I)
# Claim-encoder cosine at which the rule fallback compares two statements' terms (0.75 on plain
# MiniLM; the distilled claim encoder's cosines run lower: the same quantile is 0.64).
RULE_SIMILARITY = 0.64
SYNONYM_SIMILARITY = 0.7  # counted nouns this close name one thing ("homes" / "houses": 0.90)
MAX_DISPUTED_RATIO = 20  # reports of one count rarely differ by more than this factor
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "who", "which"}
RULE_METHOD = "rule-based fallback: antonym asymmetry (NLI switched off)"
# Scores (claim text, claim text) pairs: the probability that they contradict, in [0, 1].
ContradictionScorer = Callable[[list[tuple[str, str]]], list[float]]
ANTONYMS = (
    (r"\blift(ed|s)?\b|\bremoved\b|\bended\b", r"\bin place\b|\bremain(s|ed)?\b|\bimposed\b|"
     r"\btightened\b|\bstill\b"),
    (r"\bconfirm(ed|s)?\b", r"\bden(y|ied|ies)\b"),
    (r"\baccept(ed|s)?\b|\bagree(d|s)?\b", r"\breject(ed|s)?\b|\brefuse(d|s)?\b"),
    (r"\bwon\b|\bwins?\b", r"\blost\b|\bloses?\b"),
    (r"\brose\b|\bincreased?\b|\bup\b", r"\bfell\b|\bdecreased?\b|\bdown\b"),
    (r"\barrested\b|\bdetained\b", r"\breleased\b|\bfreed\b"),
    (r"\balive\b|\bsurvived\b", r"\bdead\b|\bkilled\b|\bdied\b"),
)


@dataclass(frozen=True)
class PairContext:
    """What a conflict check sees of one candidate pair: the two claims (``a``, ``b``, of
    different articles), their statements' cosine, the story's quantities and dates by id
    and article texts by id, whether the two articles were published close enough in time for
    counts and states to be comparable (``same_time``), whether the pair was proposed only
    because the claims share an entity (``blocked``), and the aligner's word lists:
    ``synonyms`` (counted nouns naming one thing), ``weak_entities`` (too broad to tie two
    statements to one event), ``places``, and each article's named ``participants``."""

    a: Claim
    b: Claim
    sim: float
    quantities: dict[str, Quantity]
    dates: dict[str, DateMention]
    texts: dict[str, str]
    same_time: bool
    blocked: bool
    synonyms: frozenset = frozenset()
    weak_entities: frozenset = frozenset()
    places: frozenset = frozenset()
    # article id -> its named people and organisations (``actors.participants_by_article``)
    participants: dict = field(default_factory=dict)


@conflict_checks.register("numeric")
def numeric_check(pair: PairContext) -> Conflict | None:
    """Two values of one slot that cannot both hold (``_numeric``), for articles published
    close in time (counts change)."""
    if not pair.same_time:
        return None
    return _numeric(pair.a, pair.b, pair.sim, pair.quantities, pair.dates, pair.texts,
                    synonyms=pair.synonyms, places=pair.places)


@conflict_checks.register("temporal")
def temporal_check(pair: PairContext) -> Conflict | None:
    """Two dates of one slot that cannot both hold (``_temporal``). A pair proposed only for a
    shared entity needs one predicate too (one event)."""
    a, b = pair.a, pair.b
    if pair.blocked and not (a.predicate and a.predicate == b.predicate and a.predicate != "be"):
        return None
    return _temporal(a, b, pair.sim, pair.quantities, pair.dates, pair.texts,
                     weak=pair.weak_entities)


def find_conflicts(
    claims: list[Claim], pairs: list[tuple[int, int, float]], annotated: list[AnnotatedArticle],
    contradiction: ContradictionScorer | None = None, method: str = "NLI",
    threshold: float = 0.7, blocked: bool = False, synonyms: frozenset = frozenset(),
    weak_entities: frozenset = frozenset(), places: frozenset = frozenset(),
    participants: dict | None = None,
) -> list[Conflict]:
    """Conflicts among candidate ``pairs`` (claim index, claim index, similarity). The
    registered conflict checks (``registries.conflict_checks``: numeric, temporal, actor,
    then any added) run first, each on a ``PairContext``; the pairs they leave go, in one batch, to
    ``contradiction``
    (pairs scoring at least ``threshold`` conflict) or, without a scorer, to the rules.
    ``blocked=True``: the pairs share an entity but are not close in meaning, so only the
    numeric check runs, and the temporal one where both statements have one predicate (one
    event: "the blockade began 14 months ago" / "began in March 2022"). ``synonyms``: pairs of
    counted nouns that name one thing ("homes" / "houses"), see :func:`counted_synonyms`.
    ``weak_entities``: entity ids too broad to tie two dated statements to one event (a
    nationality or party adjective: "Democratic"). ``places``: entity ids of places: two
    counts of different places are counts of different scopes. ``participants``: article id
    -> its named people and organisations, for the actor check (``align/actors.py``)."""
    quantities = {q.id: q for a in annotated for q in a.quantities}
    dates = {d.id: d for a in annotated for d in a.dates}
    published = {a.article.id: a.article.published for a in annotated}
    texts = {a.article.id: a.article.text for a in annotated}
    checks = list(conflict_checks.get_all().values())  # newsprism's own, then any added
    found: list[Conflict] = []
    undecided: list[tuple[Claim, Claim, float]] = []
    for i, j, sim in pairs:
        a, b = claims[i], claims[j]
        if a.article_id == b.article_id or _same_words(a.text, b.text):
            continue  # one statement printed twice (wire copy, boilerplate) cannot disagree
        same_time = published_close(published.get(a.article_id), published.get(b.article_id))
        pair = PairContext(a, b, sim, quantities, dates, texts, same_time, blocked, synonyms,
                           weak_entities, places, participants or {})
        conflict = next((c for c in (check(pair) for check in checks) if c is not None), None)
        if conflict is not None:
            found.append(conflict)
        elif not same_time or blocked:
            continue
        elif agreeing_quantity(a, b, quantities, synonyms):
            continue  # they give one value for one measure: the NLI misreads "0.8 m" / "80 cm"
        elif not _judgeable(a, b):
            continue
        elif contradiction is None:
            found.extend(filter(None, [_semantic_rules(a, b, sim)]))
        else:
            undecided.append((a, b, sim))
    if contradiction is not None and undecided:
        found += _semantic_scored(undecided, contradiction, method, threshold)
    return sorted(found, key=lambda c: -c.score)


def _judgeable(a: Claim, b: Claim) -> bool:
    """Whether the contradiction judge may see this pair alone. Not a short clause ("Prigozhin
    chose the opposite" leans on its sentence), not one sentence quoted twice with a changed
    article (the NLI model called such a pair a contradiction at 0.99), and where the parse
    gave both subjects, one subject: "revenue rose 12 percent" / "net profit fell 5 percent"
    are two matters the judge reads as one."""
    if min(len(a.text.split()), len(b.text.split())) < MIN_JUDGED_WORDS or reprinted(a, b):
        return False  # too short to judge alone, or one sentence quoted with small changes
    if a.quote_ids and b.quote_ids and _same_speaker(a, b):
        return False  # two outlets' renderings of one speaker's words ("money I shouldn't
        # have used for personal purposes" / "money that should have been used for my
        # campaign"): two reports of one statement, which the judge reads as opposites
    return not (a.subject and b.subject) or a.subject == b.subject


def _same_speaker(a: Claim, b: Claim) -> bool:
    """Whether two quotes may be one speaker's: the same speaker, or one not identified."""
    if a.speaker_entity_id and b.speaker_entity_id:
        return a.speaker_entity_id == b.speaker_entity_id
    if a.speaker and b.speaker:
        return a.speaker.lower() == b.speaker.lower()
    return True


def _semantic_scored(undecided, contradiction: ContradictionScorer, method: str,
                     threshold: float) -> list[Conflict]:
    probabilities = contradiction([(a.text, b.text) for a, b, _ in undecided])
    found = []
    for (a, b, _), probability in zip(undecided, probabilities, strict=True):
        if probability >= threshold:
            reason = f"contradiction probability {probability:.2f} (mean of both directions)"
            found.append(make_conflict("semantic", a, b, probability, reason, method))
    return found


def _same_words(first: str, second: str) -> bool:
    return words(first) == words(second)


def published_close(first: str | None, second: str | None) -> bool:
    if not first or not second:
        return True
    gap = abs(date.fromisoformat(first) - date.fromisoformat(second))
    return gap <= MAX_PUBLICATION_GAP


def make_conflict(kind, a: Claim, b: Claim, score: float, reason: str, method: str) -> Conflict:
    first, second = sorted((a, b), key=lambda c: c.id)
    return Conflict(
        id=content_id("cfl", kind, first.id, second.id), kind=kind, claim_a=first.id,
        claim_b=second.id, score=round(score, 3), reason=reason, method=method,
        between_speakers=a.attributed and b.attributed,
        speaker_a=first.speaker, speaker_b=second.speaker, hedged=a.hedged or b.hedged,
    )


def _numeric(a, b, sim, quantities, dates, texts, synonyms=frozenset(),
             places=frozenset()) -> Conflict | None:
    """Two values of one slot that cannot both hold. A pair of values counts as one slot when
    they measure one thing (the same counted noun or physical unit) or when the words around
    them overlap ("$5,587.75 vacation at the Martha's Vineyard Holistic Retreat" / "$5,687.75
    on Martha's Vineyard Holistic Retreat"). Where the two statements also share a value of
    that kind, which value answers which question is unclear: no conflict."""
    if different_moments(a, b, dates):
        return None  # "40 percent contained on Tuesday", "75 percent by Thursday": both true
    if _different_places(a, b, places) or _different_measures(a, b):
        return None  # "8,000 marched in Paris" / "rallies across France drew 40,000"
    if bool(AGGREGATE.search(a.text)) != bool(AGGREGATE.search(b.text)):
        return None  # "40 cars in Bavaria" / "more than 100 vehicles in total": two scopes
    pairs = [(qa, qb) for qa in (quantities[q] for q in a.quantity_ids if q in quantities)
             for qb in (quantities[q] for q in b.quantity_ids if q in quantities)
             if base_unit(qa) == base_unit(qb)]
    if any(compatible(qa, qb) for qa, qb in pairs):
        return None  # "six arrests Wednesday, compared to 47" / "47 arrests overnight"
    for qa, qb in pairs:
        if _is_part(qa, texts) or _is_part(qb, texts) or _orders_apart(qa, qb):
            continue
        if _counts_of_different_things(qa, qb, synonyms):
            continue  # "a 225-page report" / "a 12-person task force", however alike the words
        slot, share = shared_slot(_context(qa, texts), _context(qb, texts))
        if not slot and same_measure(qa, qb, synonyms):
            share = MIN_SHARE  # "homes" / "houses": one counted thing, worded apart
        elif not slot:
            continue
        what = qa.counted or " ".join(sorted(slot)) or qa.unit or "count"
        reason = (f"{what}: “{qa.text}” vs “{qb.text}” ({_fmt(qa)} vs {_fmt(qb)})")
        return make_conflict("numeric", a, b, share, reason, "quantity comparison")
    return None


def _counts_of_different_things(qa: Quantity, qb: Quantity, synonyms: frozenset) -> bool:
    """Two plain counts whose counted nouns are both known and name different things."""
    return (qa.unit is None and qb.unit is None and bool(qa.counted and qb.counted)
            and not same_measure(qa, qb, synonyms))


def _different_places(a: Claim, b: Claim, places: frozenset) -> bool:
    """Both statements name a place and no place is shared: two scopes (a city, a country)."""
    in_a, in_b = set(a.entity_ids) & places, set(b.entity_ids) & places
    return bool(in_a and in_b and not in_a & in_b)


def _different_measures(a: Claim, b: Claim) -> bool:
    """Both subjects are common nouns (written in lower case, not names or pronouns) and
    differ: "revenue rose 12 percent to $3.1 billion" / "net profit fell 5 percent to $410
    million" measure two things, whatever words their values share."""
    if not a.subject or not b.subject or a.subject == b.subject:
        return False
    return all(re.search(rf"\b{re.escape(c.subject)}", c.text) is not None
               and c.subject not in PRONOUNS for c in (a, b))


def _context(value: Quantity | DateMention, texts: dict[str, str]) -> frozenset[str]:
    return context(texts[value.article_id], value.start, value.end,
                   (value.sentence_start, value.sentence_end))


def compatible(qa: Quantity, qb: Quantity) -> bool:
    """Whether two reports of one measure can both hold: their allowed ranges meet, except
    that two bounds of one direction state that bound ("as many as 1.5 million" / "up to 1.6
    million" name different maxima) and must agree on it."""
    if qa.bound == qb.bound and qa.bound in ("at_most", "at_least"):
        low, high = sorted((_base_value(qa), _base_value(qb)))
        return high - low <= ROUNDING_SLACK * high
    return overlapping(qa, qb)


def overlapping(qa: Quantity, qb: Quantity) -> bool:
    """Whether two quantities' allowed ranges (bounds and "about" applied) meet."""
    (lo_a, hi_a), (lo_b, hi_b) = interval(qa), interval(qb)
    return lo_a <= hi_b and lo_b <= hi_a


def _orders_apart(qa: Quantity, qb: Quantity) -> bool:
    """Values this far apart ("80,000 Americans died" / "45 million Americans infected") are
    counts of different things far more often than two reports of one count."""
    low, high = sorted((max(qa.value, 1e-9), max(qb.value, 1e-9)))
    return high / low > MAX_DISPUTED_RATIO


def different_moments(a: Claim, b: Claim, dates: dict[str, DateMention]) -> bool:
    """Both statements are dated, and no date of one overlaps a date of the other."""
    if not a.date_ids or not b.date_ids:
        return False
    for da in (dates[d] for d in a.date_ids if d in dates):
        for db in (dates[d] for d in b.date_ids if d in dates):
            (lo_a, hi_a), (lo_b, hi_b) = date_interval(da), date_interval(db)
            if lo_a <= hi_b and lo_b <= hi_a:
                return False
    return True


def _is_part(q: Quantity, texts: dict[str, str]) -> bool:
    """"7 of the 12 seats": a part and the whole it is taken from; neither is the total the
    other outlet counts."""
    text = texts.get(q.article_id, "")
    after, before = text[q.end:q.end + 30], text[max(0, q.start - 30):q.start]
    part = r"\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?"
    return (re.match(part + r"[\d,.]+\b", after) is not None
            or re.match(r"\s+of\s+(?:the|those|them|these|whom|which)\b", after) is not None
            or re.search(r"\b\w+" + part + "$", before) is not None and re.search(
                r"\d", before.rsplit(" of ", 1)[0][-6:]) is not None)


def same_measure(qa: Quantity, qb: Quantity, synonyms: frozenset = frozenset()) -> bool:
    if base_unit(qa) != base_unit(qb):
        return False
    if base_unit(qa) in PHYSICAL and not (qa.counted and qb.counted):
        return True  # "120 metres wide" / "40 metres across": the unit says what is measured
    if not qa.counted or not qb.counted:
        return False
    first, second = _stem(qa.counted.split()[-1]), _stem(qb.counted.split()[-1])
    return first == second or (first, second) in synonyms


def counted_synonyms(quantities: Iterable[Quantity],
                     encode: Callable[[list[str]], np.ndarray]) -> frozenset[tuple[str, str]]:
    """Pairs of counted nouns (stemmed, both orders) that name one thing: "homes" / "houses",
    "crowd" / "spectators", from the cosine of their word vectors. Computed once per story on
    its few distinct nouns."""
    heads = sorted({q.counted.split()[-1].lower() for q in quantities if q.counted})
    if len(heads) < 2:
        return frozenset()
    vectors = encode(heads)
    sims = vectors @ vectors.T
    pairs = set()
    for i, j in zip(*np.nonzero(sims >= SYNONYM_SIMILARITY), strict=True):
        if i != j:
            pairs.add((_stem(heads[i]), _stem(heads[j])))
    return frozenset(pairs)


def _stem(word: str) -> str:
    return lemma(word.lower())


def interval(q: Quantity) -> tuple[float, float]:
    """The values a quantity allows, given its bound, in its unit's base unit (metres for
    centimetres, seconds for hours) so "8.9 metres" and "890 centimetres" compare."""
    value = _base_value(q)
    if q.bound == "at_least":
        return value, float("inf")
    if q.bound == "at_most":
        return 0.0, value
    if q.bound == "approximate":
        return value * (1 - APPROXIMATE_SLACK), value * (1 + APPROXIMATE_SLACK)
    return value, value


def _base_value(q: Quantity) -> float:
    return q.value * CONVERSIONS.get(q.unit or "", ("", 1.0))[1]


def base_unit(q: Quantity) -> str | None:
    return CONVERSIONS.get(q.unit or "", (q.unit, 1.0))[0]


def agreeing_quantity(a: Claim, b: Claim, quantities: dict[str, Quantity],
                      synonyms: frozenset = frozenset()) -> bool:
    """Whether two claims give compatible values of one measure: the same counted thing, or
    the same unit after conversion ("80 centimetres" of snow, "0.8 metres" of it; "11
    percent" / "11%")."""
    for qa in (quantities[q] for q in a.quantity_ids if q in quantities):
        for qb in (quantities[q] for q in b.quantity_ids if q in quantities):
            same_unit = base_unit(qa) is not None and base_unit(qa) == base_unit(qb)
            if (same_unit or same_measure(qa, qb, synonyms)) and overlapping(qa, qb):
                return True
    return False


def _fmt(q: Quantity) -> str:
    value = f"{q.value:,.0f}" if q.value >= 1 else f"{q.value:g}"
    return {"at_least": f"≥ {value}", "at_most": f"≤ {value}", "approximate": f"≈ {value}"}.get(
        q.bound, value)


def _temporal(a, b, sim, quantities, dates, texts, weak=frozenset()) -> Conflict | None:
    """Two dates of one slot (the words around them overlap: "held the seat from 1966" /
    "served from 1967") that cannot both hold. Dates around other words date other events
    ("on Wednesday appointed" / "a special election in June")."""
    shared_participant = bool((set(a.entity_ids) & set(b.entity_ids)) - weak)
    pairs = []
    a_dates = [dates[d] for d in a.date_ids if d in dates]
    b_dates = [dates[d] for d in b.date_ids if d in dates]
    for da in a_dates:
        for db in b_dates:
            slot, share = shared_slot(_context(da, texts), _context(db, texts))
            # Without a shared actor or place the dates may be of different events, unless
            # the event's own words are shared ("hold the primaries" / "the primary would be
            # held"): at least two of them, half the smaller context.
            named = slot and (shared_participant or (len(slot) >= 2 and share >= 0.5))
            if named and not modifies_noun(da, texts) and not modifies_noun(db, texts):
                pairs.append((da, db, slot, share))
    # A date that agrees with a date of the other statement has its answer there, whatever
    # the words around it ("joined in 2009 and quit in 2012" / "left in 2012": 2009 is of
    # another slot); the others may still disagree ("warned last week … exhausted in 2036" /
    # "issued last month … by 2036").
    agreed = {d.id for da in a_dates for db in b_dates
              if dates_agree(da, db) or da.text.lower() == db.text.lower() for d in (da, db)}
    pairs = [p for p in pairs if comparable_dates(p[0], p[1])
             and p[0].id not in agreed and p[1].id not in agreed]
    if not pairs:
        return None
    da, db, slot, share = max(pairs, key=lambda p: disagreement(p[0], p[1]))
    reason = (f"when ({' '.join(sorted(slot))}): “{da.text}” → {describe_date(da)} "
              f"({da.resolution}) vs “{db.text}” → {describe_date(db)} ({db.resolution})")
    return make_conflict("temporal", a, b, share, reason, "date comparison")


def _semantic_rules(a: Claim, b: Claim, sim: float) -> Conflict | None:
    if sim < RULE_SIMILARITY:
        return None
    # Negation asymmetry alone is not used: whole news sentences too often differ in a clause
    # ("… and fighters would not be prosecuted") that has nothing to do with the shared claim.
    words = opposite_terms(a.text, b.text)
    if words is None:
        return None
    reason = f"opposite terms in closely aligned claims: {words}"
    return make_conflict("semantic", a, b, sim * 0.6, reason, RULE_METHOD)


def opposite_terms(first: str, second: str) -> str | None:
    """The two opposite words (e.g. "lifted / in place") when one text has one side of an
    antonym pair and the other text only the other side; None when no pair splits that way."""
    for left, right in ANTONYMS:
        la, ra = re.search(left, first, re.I), re.search(right, first, re.I)
        lb, rb = re.search(left, second, re.I), re.search(right, second, re.I)
        if (la and not ra and rb and not lb) or (lb and not rb and ra and not la):
            return " / ".join(m.group(0) for m in (la or lb, ra or rb))
    return None
