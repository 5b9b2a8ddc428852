from newsprism.brief import build_timeline, write_brief
from newsprism.models import (
    Alignment,
    AnnotatedArticle,
    Article,
    Claim,
    Conflict,
    DateMention,
    Fact,
)


def make_claim(cid, article, text, dates=()):
    return Claim(cid, article, 0, len(text), text, "statement", date_ids=tuple(dates))


def fact(fid, claims, status, outlets):
    return Fact(fid, tuple(c.id for c in claims), claims[0].id,
                tuple(c.article_id for c in claims), outlets, (), status)


def test_brief_prefers_consensus_then_both_sides_of_a_dispute():
    c1 = make_claim("c1", "a", "The deal was agreed.")
    c2 = make_claim("c2", "b", "A deal was agreed.")
    c3 = make_claim("c3", "a", "The war began in 2021.")
    c4 = make_claim("c4", "b", "The war began in 2022.")
    c5 = make_claim("c5", "b", "Only one outlet says this.")
    facts = (fact("f1", [c1, c2], "consensus", ("A", "B")), fact("f2", [c3], "disputed", ("A",)),
             fact("f3", [c4], "disputed", ("B",)), fact("f5", [c5], "single_source", ("B",)))
    conflict = Conflict("x", "temporal", "c3", "c4", 0.7, "2021 vs 2022", "date comparison")
    brief = write_brief([c1, c2, c3, c4, c5], Alignment(facts, (conflict,)), [])
    texts = [s.text for s in brief.sentences]
    assert texts[:3] == ["The deal was agreed.", "The war began in 2021.", "The war began in 2022."]
    first = brief.sentences[0]
    assert {(c.article_id, c.start, c.end) for c in first.citations} == {("a", 0, 20), ("b", 0, 18)}


def test_timeline_groups_mentions_by_date_in_order():
    d1 = DateMention("d1", "a", 0, 4, "2021", "2021", "year", "absolute", None, 0, 10)
    d2 = DateMention("d2", "a", 0, 4, "June", "2023-06", "month", "absolute", None, 0, 10)
    d3 = DateMention("d3", "b", 0, 4, "June", "2023-06", "month", "absolute", None, 0, 10)
    claims = [make_claim("c1", "a", "Later in June.", ["d2"]),
              make_claim("c2", "a", "Back in 2021.", ["d1"]),
              make_claim("c3", "b", "In June too.", ["d3"])]
    annotated = [AnnotatedArticle(Article("a", "x"), (), (), (), (), (d1, d2)),
                 AnnotatedArticle(Article("b", "y"), (), (), (), (), (d3,))]
    timeline = build_timeline(claims, annotated)
    assert [(e.date, len(e.citations)) for e in timeline] == [("2021", 1), ("2023-06", 2)]


def test_a_sentence_opening_with_a_pronoun_gives_way_to_another_outlets_wording():
    he_a = make_claim("c1", "a", "He said the deal was agreed on Sunday.")
    named_b = make_claim("c2", "b", "Peskov said the deal was agreed on Sunday.")
    they_a = make_claim("c3", "a", "They left the city at dawn.")
    they_b = make_claim("c4", "b", "They withdrew from the city at dawn.")
    facts = (fact("f1", [he_a, named_b], "consensus", ("A", "B")),
             fact("f2", [they_a, they_b], "consensus", ("A", "B")))
    brief = write_brief([he_a, named_b, they_a, they_b], Alignment(facts, ()), [])
    texts = [s.text for s in brief.sentences]
    assert texts == ["Peskov said the deal was agreed on Sunday."]  # f2: no named sentence
    assert {c.article_id for c in brief.sentences[0].citations} == {"a", "b"}


def test_both_sides_of_a_dispute_inside_one_fact_each_cite_only_their_own_side():
    c1 = make_claim("c1", "a", "The primary will be held in mid May.")
    c2 = make_claim("c2", "b", "The primary would be held on April 30.")
    disputed = fact("f1", [c1, c2], "disputed", ("A", "B"))
    conflict = Conflict("x", "temporal", "c1", "c2", 0.8, "mid May vs April 30", "date comparison")
    brief = write_brief([c1, c2], Alignment((disputed,), (conflict,)), [])
    cited = {s.text: {c.article_id for c in s.citations} for s in brief.sentences}
    assert cited == {"The primary will be held in mid May.": {"a"},
                     "The primary would be held on April 30.": {"b"}}


def span_claim(cid, article, sentence, clause):
    """A claim that is one clause of a longer sentence (offsets into ``sentence``)."""
    start = sentence.index(clause)
    return Claim(cid, article, start, start + len(clause), clause, "statement",
                 sentence_start=0, sentence_end=len(sentence))


def test_a_sentence_that_states_more_than_the_fact_is_cited_by_itself_alone():
    """The other outlet supports "a grand jury convened", not the protest beside it: the
    brief prefers the other outlet's sentence, and quoting the longer one it cites only
    that sentence. A speech frame ("officials announced that") states nothing of its own."""
    long_a = ("Protesters gathered outside the courthouse on Tuesday, and the grand jury "
              "convened inside it.")
    short_b = "Officials announced that the grand jury convened on Tuesday."
    protest = span_claim("c0", "a", long_a, "Protesters gathered outside the courthouse on Tuesday")
    clause_a = span_claim("c1", "a", long_a, "the grand jury convened inside it")
    content_b = span_claim("c2", "b", short_b, "the grand jury convened on Tuesday")
    articles = [AnnotatedArticle(Article("a", long_a), (), (), (), (), ()),
                AnnotatedArticle(Article("b", short_b), (), (), (), (), ())]
    shared = fact("f1", [clause_a, content_b], "consensus", ("A", "B"))
    lone = fact("f0", [protest], "single_source", ("A",))
    claims = [protest, clause_a, content_b]
    [first, *_] = write_brief(claims, Alignment((lone, shared), ()), articles).sentences
    assert first.text == short_b and len(first.citations) == 2  # the other outlet's sentence
    # The representative's sentence states two things and the other member's opens with a
    # pronoun: the long sentence is quoted, citing only itself.
    he_b = span_claim("c3", "b", "He said the grand jury convened on Tuesday.",
                      "the grand jury convened on Tuesday")
    shared = fact("f1", [clause_a, he_b], "consensus", ("A", "B"))
    articles[1] = AnnotatedArticle(Article("b", "He said the grand jury convened on Tuesday."),
                                   (), (), (), (), ())
    [first, *_] = write_brief([protest, clause_a, he_b], Alignment((lone, shared), ()),
                              articles).sentences
    assert first.text == long_a and [(c.article_id, c.start, c.end) for c in first.citations] == [
        ("a", 0, len(long_a))]


def test_a_dispute_is_quoted_with_both_sides_or_not_at_all():
    c1 = make_claim("c1", "a", "The war began in 2021.")
    c2 = make_claim("c2", "b", "He said the war began in 2022.")  # not quotable alone
    facts = (fact("f1", [c1], "disputed", ("A",)), fact("f2", [c2], "disputed", ("B",)))
    conflict = Conflict("x", "temporal", "c1", "c2", 0.7, "2021 vs 2022", "date comparison")
    brief = write_brief([c1, c2], Alignment(facts, (conflict,)), [])
    assert brief.sentences == ()


def test_an_outlets_second_statement_is_not_cited_as_support_for_its_first():
    c1 = make_claim("c1", "a", "The deal was agreed.")
    c2 = make_claim("c2", "b", "A deal was agreed.")
    c3 = make_claim("c3", "a", "Negotiators agreed the deal.")  # outlet a says it again
    facts = (fact("f1", [c1, c2, c3], "consensus", ("A", "B")),)
    brief = write_brief([c1, c2, c3], Alignment(facts, ()), [])
    first = brief.sentences[0]
    assert first.text == "The deal was agreed."
    assert sorted(c.article_id for c in first.citations) == ["a", "b"]  # not a twice
