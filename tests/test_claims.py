from newsprism.claims import extract_claims
from newsprism.models import AnnotatedArticle, Article, Quote, Sentence


def annotated(text, quotes=()):
    article = Article(id="art_1", text=text)
    sentences, start = [], 0
    for i, part in enumerate(text.split("\n")):
        sentences.append(Sentence("art_1", i, start, start + len(part)))
        start += len(part) + 1
    return AnnotatedArticle(article, tuple(sentences), (), tuple(quotes), (), ())


def test_claims_point_at_their_sentences_and_skip_fragments():
    text = ("ALSO READ: Something unrelated happened somewhere else today\n"
            "Short line.\n"
            "Wagner Chief Prigozhin Agrees To End Mutiny In Exchange Of Security\n"
            "Enlarge this image toggle caption Lawrence Bryant /Reuters\n"
            "  The army was put on alert across the country.  \n"
            "Information is circulating on the Internet about six downed helicopters.")
    claims = extract_claims([annotated(text)], [])
    assert [c.text for c in claims] == [
        "The army was put on alert across the country.",
        "Information is circulating on the Internet about six downed helicopters.",
    ]
    for claim in claims:
        assert text[claim.start:claim.end] == claim.text
    assert not claims[0].hedged and claims[1].hedged
    assert claims[0].kind == "statement"


def test_quote_claims_carry_speaker_and_attribution():
    text = "Peskov said that the criminal case will be dropped soon."
    quote = Quote("quo_1", "art_1", 17, 55, text[17:55], False, "said", "Peskov", 0, 6, 0,
                  len(text))
    (claim,) = extract_claims([annotated(text, [quote])], [])
    assert claim.kind == "quote" and claim.speaker == "Peskov"
    assert claim.attributed and claim.quote_ids == ("quo_1",)


def test_claim_ids_are_stable():
    text = "The convoy stopped two hundred kilometres from the capital."
    first = extract_claims([annotated(text)], [])
    second = extract_claims([annotated(text)], [])
    assert first[0].id == second[0].id


def test_each_clause_is_a_claim_that_points_at_its_sentence_and_keeps_attribution():
    from newsprism.models import Clause

    text = ("Officials announced that the curfew was lifted, and the airport reopened on "
            "Sunday.\nRescuers reportedly said that the bridge had collapsed overnight.")
    item = annotated(text)
    first_end = text.index("\n")
    curfew = text.index("the curfew")
    airport = text.index("the airport")
    bridge = text.index("the bridge")
    clauses = (
        Clause("art_1", curfew, curfew + len("the curfew was lifted"), 0, 0, first_end,
               "curfew", "lift", False, cue="announce"),
        Clause("art_1", airport, first_end - 1, 0, 0, first_end, "airport", "reopen", False),
        Clause("art_1", bridge, len(text) - 1, 1, first_end + 1, len(text), "bridge",
               "collapse", False, cue="say"),
    )
    from dataclasses import replace

    claims = extract_claims([replace(item, clauses=clauses)], [])
    assert [c.text for c in claims] == ["the curfew was lifted", "the airport reopened on Sunday",
                                        "the bridge had collapsed overnight"]
    assert [c.sentence_span for c in claims] == [(0, first_end), (0, first_end),
                                                 (first_end + 1, len(text))]
    assert [c.attributed for c in claims] == [True, False, True]
    assert [c.hedged for c in claims] == [False, False, True]  # "reportedly" frames the third
    assert claims[0].subject == "curfew" and claims[0].predicate == "lift"


def test_page_furniture_is_not_a_claim():
    text = ("Hide Caption 15 of 19 Photos: The former governor released a video in November.\n"
            "Media playback is unsupported on your device Media caption The senator spoke.\n"
            "The former governor released a campaign video in November 2013.")
    claims = extract_claims([annotated(text)], [])
    assert [c.text for c in claims] == [
        "The former governor released a campaign video in November 2013."]


def test_a_relative_clause_involves_the_entity_its_who_stands_for():
    from dataclasses import replace

    from newsprism.models import Clause, Entity, Mention

    text = "Cowan follows Edward Brooke, who served from 1967 to 1979."
    who = text.index("who")
    brooke = text.index("Edward Brooke")
    clause = Clause("art_1", who, len(text) - 1, 0, 0, len(text), "brooke", "serve", False,
                    about=(brooke, brooke + len("Edward Brooke")))
    entity = Entity("ent_brooke", "Edward Brooke", "PERSON", (),
                    (Mention("art_1", brooke, brooke + 13, "Edward Brooke", "PERSON", 0),))
    [claim] = extract_claims([replace(annotated(text), clauses=(clause,))], [entity])
    assert claim.text == "who served from 1967 to 1979"
    assert claim.entity_ids == ("ent_brooke",)  # named outside the claim's own words
