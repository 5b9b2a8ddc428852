import json

import numpy as np
import pytest

from newsprism.align.samefact import FEATURES, PairEvidence, load_model
from newsprism.align.slots import context, shared_slot
from newsprism.models import Claim, Quantity


def claim(cid, article, text, **fields):
    return Claim(cid, article, 0, len(text), text, "statement", **fields)


def test_shipped_model_loads_with_every_feature_and_says_where_it_was_fitted():
    model = load_model()
    assert set(model.weights) == set(FEATURES)
    assert model.about["tuned_on"] and set(model.about["tuned_on"]).isdisjoint(
        model.about["checked_on"])  # tuned on one half of the stories, checked on the other


def test_a_better_match_scores_higher_and_masking_ignores_values(tmp_path):
    weights = {f: 0.0 for f in FEATURES} | {"content_overlap": 2.0, "values_clash": -3.0}
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"weights": weights, "bias": -1.0,
                                "means": {f: 0.0 for f in FEATURES},
                                "scales": {f: 1.0 for f in FEATURES}}))
    model = load_model(str(path))
    rows = np.zeros((2, len(FEATURES)))
    rows[0, FEATURES.index("content_overlap")] = 1.0
    rows[1, FEATURES.index("content_overlap")] = 1.0
    rows[1, FEATURES.index("values_clash")] = 1.0
    plain, masked = model.probability(rows), model.probability(rows, masked=True)
    assert plain[0] > plain[1]  # a differing value lowers "same fact"
    assert masked[0] == pytest.approx(masked[1])  # with values hidden, one proposition


def test_pair_evidence_ranks_matches_within_each_article_and_shares_words():
    claims = [claim("a1", "a", "The Kremlin said the criminal case against Prigozhin will be "
                    "dropped.", entity_ids=("e1",)),
              claim("b1", "b", "The criminal case against Prigozhin would be dropped, the "
                    "Kremlin said.", entity_ids=("e1",)),
              claim("b2", "b", "Prigozhin's fighters returned to their camps.",
                    entity_ids=("e1",))]
    vectors = np.array([[1.0, 0.0], [0.95, 0.31], [0.6, 0.8]])
    neighbours = {0: [(1, 0.95), (2, 0.6)], 1: [(0, 0.95)], 2: [(0, 0.6)]}
    evidence = PairEvidence(claims, vectors, neighbours, {})
    match, other = (dict(zip(FEATURES, evidence.features(0, j), strict=True)) for j in (1, 2))
    assert match["mutual_rank"] == 1.0 and other["mutual_rank"] == 0.5
    assert match["margin"] >= 0 > other["margin"]
    assert match["content_overlap"] > other["content_overlap"]
    assert match["shared_entities"] == 1.0
    assert "each the other's closest statement" in evidence.reason(0, 1)


def test_values_of_one_measure_agree_or_clash():
    quantities = {
        "q1": Quantity("q1", "a", 0, 2, "25", 25000, None, "fighters", "exact", 0, 9),
        "q2": Quantity("q2", "b", 0, 2, "8", 8000, None, "fighters", "exact", 0, 9),
        "q3": Quantity("q3", "c", 0, 2, "25", 25000, None, "fighters", "approximate", 0, 9)}
    claims = [claim("a", "a", "25,000 fighters marched.", quantity_ids=("q1",)),
              claim("b", "b", "8,000 fighters marched.", quantity_ids=("q2",)),
              claim("c", "c", "About 25,000 fighters marched.", quantity_ids=("q3",))]
    evidence = PairEvidence(claims, np.eye(3), {i: [] for i in range(3)}, quantities)
    agree, clash = FEATURES.index("values_agree"), FEATURES.index("values_clash")
    assert evidence.features(0, 1)[clash] == 1.0 and evidence.features(0, 1)[agree] == 0.0
    assert evidence.features(0, 2)[agree] == 1.0


def test_a_values_slot_is_the_words_around_it_up_to_the_next_value():
    text = ("a $466.30 dinner at CityZen and a $5,587.75 vacation at the Martha's Vineyard "
            "Holistic Retreat")
    other = "$5,687.75 on Martha's Vineyard Holistic Retreat"
    retreat = context(text, text.index("5,587"), text.index("5,587") + 8)
    dinner = context(text, text.index("466"), text.index("466") + 6)
    theirs = context(other, 1, 9)
    assert "dinner" not in retreat and "vineyard" in retreat
    words, share = shared_slot(retreat, theirs)
    assert "vineyard" in words and share >= 0.5
    assert shared_slot(dinner, theirs) == (frozenset(), 0.0)


def test_an_outlet_sharing_a_rare_word_or_much_rare_wording_touches_the_fact():
    claims = [claim("a1", "a", 'He felt "whipsawed" by the description of the claims.'),
              claim("b1", "b", "The justice said he was whipsawed."),
              claim("c1", "c", "The description of the claims troubled the court."),
              claim("d1", "d", "The court will rule in June."),
              claim("c2", "c", "The court heard the argument."),
              claim("d2", "d", "The court adjourned at noon."),
              claim("a2", "a", "The court sat late."), claim("b2", "b", "The court was full.")]
    vectors = np.eye(len(claims))
    evidence = PairEvidence(claims, vectors, {i: [] for i in range(len(claims))}, {})
    # b shares the rare "whipsawed"; c shares most of a1's weighted words; d only "court"
    assert evidence.sharing_articles([0], share=0.34) == {"b", "c"}
    assert evidence.sharing_articles([3], share=0.34) == set()  # "court": in six claims


def test_synonyms_count_as_shared_content_words():
    # "remain" and "stay" share WordNet's first verb sense; "decline" is no synonym of "stay"
    claims = [claim("a1", "a", "The plan was for the congressman to remain in the House."),
              claim("b1", "b", "Emanuel wanted the congressman to stay in the House."),
              claim("b2", "b", "Emanuel wanted the congressman to decline in the House.")]
    vectors = np.eye(3)
    evidence = PairEvidence(claims, vectors, {0: [(1, 0.0), (2, 0.0)]}, {})
    synonym, other = (dict(zip(FEATURES, evidence.features(0, j), strict=True)) for j in (1, 2))
    assert synonym["content_overlap"] > other["content_overlap"]
    assert "synonyms counted" in evidence.reason(0, 1)
    assert "synonyms counted" not in evidence.reason(0, 2)  # only the same words shared
