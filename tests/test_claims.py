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
