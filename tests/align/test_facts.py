import numpy as np

from newsprism.align.facts import FactEvidence, build_facts
from newsprism.align.group import group_facts
from newsprism.models import Article, Claim, Conflict

# Every pair of claims scored alike: the facts' tests here are about status and coverage.
EVIDENCE = FactEvidence(lambda pairs: [0.9] * len(pairs), lambda i, j: "test pair", 0.5)


def claim(cid, aid):
    text = f"Outlet {aid} words claim {cid} in its very own way."  # no reprinted sentences
    return Claim(cid, aid, 0, len(text), text, "statement")


ARTICLES = [Article("a", "x", outlet="Herald"), Article("b", "x", outlet="Courier"),
            Article("c", "x", outlet="Post"), Article("d", "x", outlet="Wire reprint")]


def test_status_sources_and_coverage_per_outlet():
    claims = [claim("a1", "a"), claim("b1", "b"), claim("d1", "d"), claim("c1", "c")]
    vectors = np.eye(4)
    vectors[:3] = [1, 0, 0, 0]  # a1, b1, d1 state one thing
    conflict = Conflict("k1", "numeric", "a1", "c1", 0.9, "12 vs 30", "quantity comparison")
    source_of = {"a": "a", "b": "b", "c": "c", "d": "a"}  # d copies a's wire text
    facts = build_facts(claims, [[0, 1, 2], [3]], vectors, [conflict], ARTICLES, source_of,
                        EVIDENCE)
    shared, lone = facts
    assert shared.status == "disputed" and shared.independent_sources == 2
    assert sorted(map(sorted, shared.origins)) == [["a1", "d1"], ["b1"]]
    cover = {c.outlet: (c.status, c.claim_ids) for c in shared.coverage}
    assert cover == {"Courier": ("carries", ("b1",)), "Herald": ("carries", ("a1",)),
                     "Post": ("contradicts", ("c1",)), "Wire reprint": ("carries", ("d1",))}
    assert {c.outlet: c.status for c in lone.coverage}["Herald"] == "contradicts"


def test_copies_alone_are_not_consensus():
    claims = [claim("a1", "a"), claim("d1", "d")]
    vectors = np.array([[1.0, 0.0], [1.0, 0.0]])
    [fact] = build_facts(claims, [[0, 1]], vectors, [], ARTICLES,
                         {"a": "a", "d": "a", "b": "b", "c": "c"}, EVIDENCE)
    assert fact.status == "single_source" and fact.independent_sources == 1
    assert fact.outlets == ("Herald", "Wire reprint")
    # One source: the others not carrying it is no finding, so none of them "omits" it ...
    assert [c.status for c in fact.coverage] == ["not_found", "carries", "not_found", "carries"]
    assert fact.omitted_by == ()
    # ... unless the user asks for omissions of single-source facts too.
    lenient = FactEvidence(EVIDENCE.probability, EVIDENCE.reason, 0.5, min_sources=1)
    [fact] = build_facts(claims, [[0, 1]], vectors, [], ARTICLES,
                         {"a": "a", "d": "a", "b": "b", "c": "c"}, lenient)
    assert [c.status for c in fact.coverage] == ["omits", "carries", "omits", "carries"]


def test_a_dissenting_member_contradicts_the_representative_statement():
    claims = [claim("a1", "a"), claim("b1", "b"), claim("c1", "c")]
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.8, 0.2]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    conflict = Conflict("k1", "numeric", "b1", "c1", 0.9, "12 vs 30", "quantity comparison")
    [fact] = build_facts(claims, [[0, 1, 2]], vectors, [conflict], ARTICLES[:3],
                         {"a": "a", "b": "b", "c": "c"}, EVIDENCE)
    assert fact.representative_claim_id == "b1"
    cover = {c.outlet: c.status for c in fact.coverage}
    assert cover == {"Herald": "carries", "Courier": "carries", "Post": "contradicts"}


def test_omits_only_when_no_statement_comes_even_loosely_close():
    claims = [claim("a1", "a"), claim("b1", "b"), claim("c1", "c"), claim("d1", "d")]
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    [fact, *_] = build_facts(claims, [[0, 1], [2], [3]], vectors, [], ARTICLES,
                             {a: a for a in "abcd"}, EVIDENCE)
    cover = {c.outlet: c.status for c in fact.coverage}
    # The Post's statement is loosely close (cosine 0.6 ≥ 0.5): it may say it in other words.
    assert cover == {"Herald": "carries", "Courier": "carries", "Post": "not_found",
                     "Wire reprint": "omits"}
    assert fact.omitted_by == ("d",)  # only the strict test names an outlet as omitting
    assert fact.score == 0.9 and "test pair" in fact.reason


def test_facts_group_on_probability_one_claim_per_article_and_never_by_chaining():
    claims = [claim("a1", "a"), claim("b1", "b"), claim("c1", "c"), claim("a2", "a")]
    scores = {(0, 1): 0.9, (1, 2): 0.6, (0, 2): 0.1, (1, 3): 0.8, (2, 3): 0.7, (0, 3): 0.0}

    def probability(pairs):
        return [scores[p] for p in pairs]

    groups = group_facts(claims, [(0, 1), (1, 2), (1, 3)], probability, 0.5, 0.2)
    # a1-b1 first; c1 may not join (its pair with a1 is 0.1, below the floor); a2 may not
    # join (a1 already speaks for article a); c1 alone then pairs with nobody left.
    assert groups == [[0, 1], [2], [3]]
    assert group_facts(claims, [(0, 1)], probability, 0.95, 0.2) == [[0], [1], [2], [3]]


def test_an_outlets_second_statement_leaves_a_facts_score_and_representative_as_they_are():
    claims = [claim("a1", "a"), claim("b1", "b"), claim("a2", "a"), claim("c1", "c")]
    # a2 (outlet a's second statement, listed after a1) matches b1 and c1 better or worse:
    # the score is what grouping found, a1 / b1 / c1
    scores = {(0, 1): 0.8, (1, 2): 0.95, (0, 2): 0.01, (0, 3): 0.5, (1, 3): 0.7, (2, 3): 0.2}
    evidence = FactEvidence(lambda pairs: [scores[p] for p in pairs],
                            lambda i, j: f"pair {i}-{j}", 0.5)
    (fact,) = build_facts(claims, [[0, 1, 3, 2]], np.eye(4), [], ARTICLES[:3],
                          {"a": "a", "b": "b", "c": "c"}, evidence)
    assert fact.score == round((0.8 + 0.5 + 0.7) / 3, 4) and "pair 0-3" in fact.reason
    assert fact.representative_claim_id != "a2"
    (fact,) = build_facts(claims[:3], [[0, 1, 2]], np.eye(3), [], ARTICLES[:2],
                          {"a": "a", "b": "b"}, evidence)
    assert fact.status == "consensus" and fact.independent_sources == 2
    assert dict((c.outlet, c.claim_ids) for c in fact.coverage)["Herald"] == ("a1", "a2")
