from newsprism.align.reuse import find_reuse, independent_origins, source_groups
from newsprism.models import Article, Claim

WIRE = ("The river burst its banks early on Tuesday, flooding hundreds of homes in the low "
        "districts of the city. Rescue teams used boats to reach families trapped on roofs, "
        "and the regional governor declared a state of emergency for three districts. "
        "Forecasters expect more rain until Thursday.")


def article(aid, text, outlet):
    return Article(id=aid, text=text, outlet=outlet)


def test_wire_copies_are_found_and_make_one_source():
    a = article("a", "By the wire service. " + WIRE, "Herald")
    b = article("b", WIRE + " Our reporter adds that the old bridge is closed.", "Courier")
    c = article("c", "Our own correspondent saw the flood waters rise in the north of the "
                     "valley, where farmers moved cattle to higher ground overnight.", "Post")
    reuse = find_reuse([a, b, c])
    assert [(r.article_a, r.article_b, r.kind) for r in reuse] == [("a", "b", "copy")]
    assert reuse[0].containment > 0.9
    sources = source_groups(["a", "b", "c"], reuse)
    assert sources["a"] == sources["b"] != sources["c"]


def test_partial_reuse_is_reported_but_does_not_merge_sources():
    own = " ".join(f"Sentence number {i} of our own reporting says something new."
                   for i in range(12))
    a = article("a", WIRE, "Herald")
    b = article("b", own + " " + WIRE.split(". ")[0] + ".", "Courier")
    (pair,) = find_reuse([a, b])
    assert pair.kind == "partial"
    assert source_groups(["a", "b"], [pair]) == {"a": "a", "b": "b"}


def claim(cid, aid, text):
    return Claim(cid, aid, 0, len(text), text, "statement")


def test_reprinted_sentences_and_copied_articles_are_one_origin():
    text = "Rescue teams used boats to reach families trapped on roofs."
    claims = [claim("c1", "a", text), claim("c2", "b", text),
              claim("c3", "c", "Boats carried rescuers to the families stuck on their roofs."),
              claim("c4", "d", "Rescuers reached the stranded families by boat.")]
    origins = independent_origins(claims, {"a": "a", "b": "b", "c": "c", "d": "c"})
    assert sorted(map(sorted, origins)) == [["c1", "c2"], ["c3", "c4"]]


def test_empty_and_tiny_texts_share_nothing():
    assert find_reuse([article("a", "", None), article("b", "Hi.", None)]) == []
