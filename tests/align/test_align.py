import pytest

from newsprism.models import Article

WIRE = ("A magnitude 6.1 earthquake struck Van province in eastern Turkey before dawn on "
        "Tuesday, collapsing mud-brick houses in several villages.\n"
        "The regional governor said rescue teams had reached every village by noon.\n"
        "Schools across the province will stay closed for the rest of the week.")
OWN = ("Rescuers dug through the rubble of collapsed homes in eastern Turkey on Tuesday.\n"
       "A strong earthquake of magnitude 6.1 hit the province of Van before dawn, bringing "
       "down mud-brick houses in many villages.\n"
       "Farmers in the valley said they had lost most of their livestock.")


@pytest.fixture(scope="module")
def prepared():
    from newsprism.annotate import annotate
    from newsprism.claims import extract_claims
    from newsprism.resolve import link_speakers, resolve

    articles = [Article(Article.id_for(WIRE), WIRE, outlet="Wire"),
                Article(Article.id_for(WIRE + " "), WIRE + " ", outlet="Reprint"),
                Article(Article.id_for(OWN), OWN, outlet="Own desk")]
    annotated = annotate(articles)
    entities = resolve(annotated)
    annotated = link_speakers(annotated, entities)
    return articles, annotated, extract_claims(annotated, entities)


@pytest.fixture(scope="module")
def aligned(prepared):
    from newsprism.align import align

    articles, annotated, claims = prepared
    return articles, claims, align(claims, annotated)


@pytest.mark.slow
def test_same_fact_weights_of_ones_own_are_used(prepared, tmp_path):
    """Weights fitted elsewhere (``--same-fact-model``) decide grouping: with a bias that
    no evidence overcomes, no two outlets' claims are one fact."""
    import json

    from newsprism.align import AlignSettings, align
    from newsprism.align.samefact import WEIGHTS

    articles, annotated, claims = prepared
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["bias"] = -100.0
    weights = tmp_path / "never.json"
    weights.write_text(json.dumps(data), encoding="utf-8")
    shipped = align(claims, annotated)
    never = align(claims, annotated, settings=AlignSettings(same_fact_model=str(weights)))
    assert max(len(f.article_ids) for f in shipped.facts) == 3
    assert max(len(f.article_ids) for f in never.facts) == 1


@pytest.mark.slow
def test_paraphrases_form_one_fact_and_wire_copies_count_once(aligned):
    articles, claims, alignment = aligned
    text = {c.id: c.text for c in claims}
    quake = [f for f in alignment.facts
             if any("earthquake" in text[c] for c in f.claim_ids) and len(f.article_ids) == 3]
    assert len(quake) == 1
    assert quake[0].independent_sources == 2 and quake[0].status == "consensus"
    [copy] = [r for r in alignment.reuse if r.kind == "copy"]
    assert {copy.article_a, copy.article_b} == {articles[0].id, articles[1].id}


@pytest.mark.slow
def test_a_fact_only_copies_carry_is_single_source_and_no_one_omits_it(aligned):
    """One source (a wire text and its reprint): the own-desk report not carrying it is no
    finding, so it is "not found" there, not "omitted"."""
    _, claims, alignment = aligned
    text = {c.id: c.text for c in claims}
    [schools] = [f for f in alignment.facts if any("Schools" in text[c] for c in f.claim_ids)]
    assert schools.status == "single_source" and schools.independent_sources == 1
    assert {c.outlet: c.status for c in schools.coverage} == {
        "Wire": "carries", "Reprint": "carries", "Own desk": "not_found"}
    assert schools.omitted_by == ()


@pytest.mark.slow
def test_one_article_is_aligned_without_encoders_and_as_the_full_path_would(monkeypatch):
    """A story of one article has nothing to align across reports: its facts come without
    embedding a claim, and equal what the full path builds for it."""
    import newsprism.align as align_module
    from newsprism.annotate import annotate
    from newsprism.claims import extract_claims
    from newsprism.resolve import resolve

    annotated = annotate([Article(Article.id_for(OWN), OWN, outlet="Own desk")])
    claims = extract_claims(annotated, resolve(annotated))
    monkeypatch.setattr(align_module, "MIN_ARTICLES_TO_COMPARE", 1)
    full = align_module.align(claims, annotated)
    monkeypatch.setattr(align_module, "MIN_ARTICLES_TO_COMPARE", 2)

    def no_encoder(*args, **kwargs):
        raise AssertionError("an encoder ran for a one-article story")

    monkeypatch.setattr(align_module, "embed_claims", no_encoder)
    monkeypatch.setattr(align_module, "embed", no_encoder)
    quick = align_module.align(claims, annotated)
    assert quick == full and len(quick.facts) == len(claims) and not quick.conflicts


def test_conflicts_of_overlapping_claims_are_one_finding():
    """A sentence and the relative clause inside it both disagree with one other statement:
    one conflict, the stronger; a different kind of finding on other claims stays."""
    from newsprism.align import _strongest_per_pair
    from newsprism.models import Claim, Conflict

    sentence = "Cowan follows Edward Brooke, who served from 1967 to 1979."
    whole = Claim("c1", "a", 0, len(sentence) - 1, sentence[:-1], "date")
    inner = Claim("c2", "a", 28, len(sentence) - 1, sentence[28:-1], "date")
    other = Claim("c3", "b", 0, 40, "Brooke held the seat from 1966 to 1978.", "date")
    unrelated = Claim("c4", "a", 60, 90, "The vote was held on Tuesday.", "date")
    found = [Conflict("k1", "temporal", "c1", "c3", 0.6, "1967 vs 1966", "date comparison"),
             Conflict("k2", "temporal", "c3", "c2", 0.7, "1967 vs 1966", "date comparison"),
             Conflict("k3", "semantic", "c1", "c3", 0.9, "contradiction", "NLI"),
             Conflict("k4", "temporal", "c4", "c3", 0.5, "Tuesday vs 1966", "date comparison")]
    kept = _strongest_per_pair(found, [whole, inner, other, unrelated])
    assert [c.id for c in kept] == ["k3", "k2", "k4"]  # k1: same pair as k3, and inside k2
