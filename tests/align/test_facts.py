import numpy as np

from newsprism.align.facts import build_facts
from newsprism.models import Article, Claim, Conflict


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
    facts = build_facts(claims, [[0, 1, 2], [3]], vectors, [conflict], ARTICLES, source_of)
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
    [fact] = build_facts(claims, [[0, 1]], vectors, [], ARTICLES, {"a": "a", "d": "a", "b": "b",
                                                                    "c": "c"})
    assert fact.status == "single_source" and fact.independent_sources == 1
    assert fact.outlets == ("Herald", "Wire reprint")
    assert [c.status for c in fact.coverage] == ["omits", "carries", "omits", "carries"]


def test_a_dissenting_member_contradicts_the_representative_statement():
    claims = [claim("a1", "a"), claim("b1", "b"), claim("c1", "c")]
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.8, 0.2]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    conflict = Conflict("k1", "numeric", "b1", "c1", 0.9, "12 vs 30", "quantity comparison")
    [fact] = build_facts(claims, [[0, 1, 2]], vectors, [conflict], ARTICLES[:3],
                         {"a": "a", "b": "b", "c": "c"})
    assert fact.representative_claim_id == "b1"
    cover = {c.outlet: c.status for c in fact.coverage}
    assert cover == {"Herald": "carries", "Courier": "carries", "Post": "contradicts"}


def test_short_statements_need_more_similarity_to_link():
    from newsprism.align.group import LinkWeights, link_scores

    short = [Claim("s1", "a", 0, 1, "Prigozhin deserted his mission.", "statement"),
             Claim("s2", "b", 0, 1, "Prigozhin chose the opposite.", "statement")]
    long = [Claim("l1", "a", 0, 1, "Prigozhin agreed to leave Russia for exile in Belarus.",
                  "statement"),
            Claim("l2", "b", 0, 1, "Prigozhin will go into exile in Belarus under the deal.",
                  "statement")]
    [(_, _, short_score)] = link_scores(short, [(0, 1, 0.75)], {}, LinkWeights())
    [(_, _, long_score)] = link_scores(long, [(0, 1, 0.75)], {}, LinkWeights())
    assert short_score == 0.65 and long_score == 0.75
