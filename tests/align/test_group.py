"""Grouping claims into facts: an outlet's second statement of a fact (align/group.py)."""

from newsprism.align.group import attach_restatements, without_disputed_restatements
from newsprism.models import Claim, Conflict


def claim(cid, aid):
    text = f"Outlet {aid} words claim {cid} in its very own way."
    return Claim(cid, aid, 0, len(text), text, "statement")


# a1 and b1 are one fact; a2 is article a's second wording of it; c1 another outlet's matter.
CLAIMS = [claim("a1", "a"), claim("b1", "b"), claim("a2", "a"), claim("c1", "c"),
          claim("b2", "b")]
NEIGHBOURS = {2: [(1, 0.6), (3, 0.5)], 3: [(0, 0.4), (1, 0.4)], 4: [(0, 0.5)]}


def scorer(scores):
    def probability(pairs):
        return [scores.get(p, 0.0) for p in pairs]
    return probability


def test_a_second_statement_of_a_fact_by_the_same_outlet_joins_it():
    probability = scorer({(1, 2): 0.5, (0, 3): 0.5, (1, 3): 0.5})
    groups = attach_restatements(CLAIMS, [[0, 1], [2], [3], [4]], NEIGHBOURS, probability,
                                 0.4, 0.05)
    # a2 joins through b1 (0.5 ≥ 0.4); c1 matches as well but its article is not in the
    # fact: whether it belongs is grouping's decision, not a restatement
    assert groups == [[0, 1, 2], [3], [4]]


def test_a_weak_or_floor_breaking_second_statement_stays_alone():
    weak = scorer({(1, 2): 0.3})
    assert attach_restatements(CLAIMS, [[0, 1], [2], [3], [4]], NEIGHBOURS, weak, 0.4,
                               0.05) == [[0, 1], [2], [3], [4]]
    # b2 restates b1 and matches a1 well, but c1 is in the fact too and b2's pair with it
    # is below the floor
    probability = scorer({(0, 4): 0.9, (3, 4): 0.01})
    assert attach_restatements(CLAIMS, [[0, 1, 3], [2], [4]], NEIGHBOURS, probability, 0.4,
                               0.05) == [[0, 1, 3], [2], [4]]


def test_only_lone_claims_join_and_each_the_fact_it_matches_best():
    probability = scorer({(1, 2): 0.9, (2, 3): 0.5, (0, 4): 0.9})
    # a2 already shares a fact with c1: it stays there; b2 joins a1's fact (b1 is in it)
    groups = attach_restatements(CLAIMS, [[0, 1], [2, 3], [4]], NEIGHBOURS, probability,
                                 0.4, 0.05)
    assert groups == [[0, 1, 4], [2, 3]]
    # two facts hold a claim of article a and match a2: the better one takes it
    claims = CLAIMS + [claim("a3", "a"), claim("d1", "d")]
    neighbours = {2: [(1, 0.6), (6, 0.6)]}
    probability = scorer({(1, 2): 0.5, (2, 6): 0.8})
    groups = attach_restatements(claims, [[0, 1], [2], [3], [4], [5, 6]], neighbours,
                                 probability, 0.4, 0.05)
    assert [2] not in groups and [5, 6, 2] in groups


def test_a_second_statement_that_contradicts_its_fact_leaves_it_again():
    conflict = Conflict("k1", "numeric", "a2", "b1", 0.9, "12 vs 30", "quantity comparison")
    groups = without_disputed_restatements(CLAIMS, [[0, 1, 2], [3], [4]], [conflict])
    assert groups == [[0, 1], [2], [3], [4]]
    # a fact's first claims keep their place, disputed or not: the fact is then disputed
    first = Conflict("k2", "numeric", "a1", "b1", 0.9, "12 vs 30", "quantity comparison")
    assert without_disputed_restatements(CLAIMS, [[0, 1, 2], [3], [4]], [first]) == [
        [0, 1, 2], [3], [4]]
