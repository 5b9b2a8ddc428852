import pytest

from newsprism.models import Article


@pytest.fixture(scope="module")
def clauses():
    from newsprism.annotate import annotate

    def run(text: str):
        [item] = annotate([Article(id=Article.id_for(text), text=text)])
        return [(text[c.start:c.end], c) for c in item.clauses]

    return run


@pytest.mark.slow
def test_coordinated_clauses_with_their_own_subjects_are_separate_statements(clauses):
    text = ("The curfew in the port city was still in force on Monday, and the mayor's "
            "whereabouts were unknown, but the protesters had left the main square.")
    found = clauses(text)
    assert [t for t, _ in found] == [
        "The curfew in the port city was still in force on Monday",
        "the mayor's whereabouts were unknown",
        "the protesters had left the main square",
    ]
    first = found[0][1]
    assert first.subject == "curfew" and first.sentence_start == 0
    assert first.sentence_end == len(text) and not first.negated


@pytest.mark.slow
def test_shared_subject_conjuncts_stay_one_statement(clauses):
    text = "The delegation arrived in Geneva on Tuesday and met the mediators at once."
    assert [t for t, _ in clauses(text)] == [text[:-1]]


@pytest.mark.slow
def test_speech_verb_content_is_the_statement_and_says_who_attributes_it(clauses):
    text = "Officials announced on Sunday that all the travel restrictions had been lifted."
    [(statement, clause)] = clauses(text)
    assert statement == "all the travel restrictions had been lifted"
    assert clause.cue == "announce" and clause.subject == "restriction"
    assert clause.predicate == "lift" and clause.argument is None


@pytest.mark.slow
def test_speech_verbs_anywhere_in_a_sentence_report_statements(clauses):
    """A relative clause's "who said", a participle's "saying", a conjunct's "and claimed":
    what each reports is a statement, and the clause around it keeps the rest."""
    found = [t for t, _ in clauses(
        "The plan drew the ire of the senator who said he was misled by the ministry.")]
    assert found == ["The plan drew the ire of the senator", "he was misled by the ministry"]
    found = [t for t, c in clauses(
        'The chief executive issued a statement calling the article "misleading" and '
        'claiming "the company has not changed its position on pensions."')]
    assert found == ['The chief executive issued a statement calling the article "misleading"',
                     "the company has not changed its position on pensions"]
    # What was announced is reported under the announcement (one still to come: below).
    found = [(t, c.cue) for t, c in clauses(
        "The senator announced on Thursday that she will run for governor.")]
    assert found == [("she will run for governor", "announce")]


@pytest.mark.slow
def test_coordinated_clauses_inside_a_complement_are_split_and_keep_their_frame(clauses):
    found = clauses("Officials believe the dam is safe and the town will not need to evacuate.")
    assert [t for t, _ in found] == ["Officials believe the dam is safe",
                                     "the town will not need to evacuate"]
    assert found[1][1].cue == "believe"  # reported under the officials' belief, not asserted
    assert found[1][1].negated
    said = clauses("The minister said the border had reopened and the trucks were moving.")
    assert [(t, c.cue) for t, c in said] == [("the border had reopened", "say"),
                                             ("the trucks were moving", "say")]


@pytest.mark.slow
def test_denials_state_the_negated_content_and_objects_are_recorded(clauses):
    [(denial, d)] = clauses("The ministry denied that the strike had hit a hospital.")
    assert denial == "the strike had hit a hospital" and d.cue == "deny" and d.negated
    [(question, q)] = clauses("Reporters asked whether the strike had hit a hospital.")
    assert question.startswith("Reporters asked") and q.cue is None
    [(_, neg)] = clauses("The central bank did not raise its key interest rate on Thursday.")
    assert neg.negated and neg.predicate == "raise" and neg.argument == "rate"


@pytest.mark.slow
def test_asserted_adverbial_clauses_are_statements_but_conditions_are_not(clauses):
    found = clauses("The strike ended on Monday after workers accepted a new contract.")
    assert [t for t, _ in found] == ["The strike ended on Monday",
                                     "workers accepted a new contract"]
    condition = "The ceasefire will hold if both sides withdraw their heavy weapons."
    assert [t for t, _ in clauses(condition)] == [condition[:-1]]


@pytest.mark.slow
def test_a_quantity_nouns_subject_is_what_it_counts(clauses):
    [(_, fell)] = clauses("The number of new cases fell in the province on Monday.")
    [(_, rising)] = clauses("The number of cities ordering lockdowns is rising quickly.")
    assert (fell.subject, rising.subject) == ("case", "city")


@pytest.mark.slow
def test_every_clause_a_speech_verb_reports_is_a_statement(clauses):
    """A parse that hangs two clauses on "said" (here the sentence before the dash as well as
    what was said): each is a statement; the one after the verb was lost before (on a real
    story, a guilty plea's "fully accept my responsibility")."""
    text = ("The mayor, who chaired the inquiry, seemed to soften her position on the new tax -- "
            "she said it was \"necessary\" for the city to raise revenue, but admitted the "
            "timing was poor.")
    found = [t for t, _ in clauses(text)]
    assert any(t.startswith("The mayor, who chaired the inquiry, seemed to soften") for t in found)
    assert any(t.startswith('it was "necessary" for the city to raise revenue') for t in found)


@pytest.mark.slow
def test_a_relative_clause_set_off_by_commas_is_a_statement_about_its_noun(clauses):
    text = ("Edward Brooke, who served from 1967 to 1979, was the first black senator "
            "elected by popular vote.")
    found = clauses(text)
    assert [t for t, _ in found] == [text[:-1], "who served from 1967 to 1979"]
    relative = found[1][1]
    assert relative.subject == "brooke" and relative.predicate == "serve"
    assert text[slice(*relative.about)] == "Edward Brooke"  # what "who" stands for
    assert found[0][1].about is None
    restrictive = "The man who came to dinner stayed in the house for a month."
    assert [t for t, _ in clauses(restrictive)] == [restrictive[:-1]]  # says which man


@pytest.mark.slow
def test_a_speech_frame_that_states_something_itself_keeps_its_statement(clauses):
    """A frame with a verb and its argument of its own is a statement besides the one it
    reports; a frame that only describes the speaker is not."""
    text = ("Batting down allegations that the ministry had offered him a post, the report "
            "said that the adviser was offered a seat on an unpaid board.")
    found = [t for t, _ in clauses(text)]
    assert found[0].startswith("Batting down allegations that the ministry had offered him")
    assert "said" not in found[0]
    assert found[1] == "the adviser was offered a seat on an unpaid board"
    text = "The spokesman, speaking to reporters on Monday, said the case would be dropped."
    assert [t for t, _ in clauses(text)] == ["the case would be dropped"]


@pytest.mark.slow
def test_a_participle_beside_the_speech_participle_leaves_what_was_said(clauses):
    """The parse may coordinate "denying …" with the reported verb; it goes with "saying":
    the speaker's act, not part of the statement reported."""
    text = ("The union's president, Ann Cole, issued a statement saying that the union's "
            'demands had not changed in any meaningful way and dismissing what she described '
            'as "false" press reports.')
    texts = [t for t, _ in clauses(text)]
    assert "the union's demands had not changed in any meaningful way" in texts
    assert not any("demands" in t and "dismissing" in t for t in texts)


@pytest.mark.slow
def test_a_participle_inside_the_statement_stays_in_it(clauses):
    text = ('She said that "I am going to choose this or not only depending on what is good '
            'for the town and not on an offer."')
    assert any("depending on what is good for the town" in t for t, _ in clauses(text))


@pytest.mark.slow
def test_words_not_yet_spoken_report_nothing(clauses):
    """"Is expected to announce that …", "will announce that …": the statement is the
    expected or coming announcement, whole; what has been said is split off as before."""
    coming = [t for t, _ in clauses(
        "The union leader, a veteran organiser from the docks, is expected to announce on "
        "Friday that she will stand for the council.")]
    assert coming == ["The union leader, a veteran organiser from the docks, is expected to "
                      "announce on Friday that she will stand for the council"]
    future = [t for t, _ in clauses("The minister will announce on Monday that taxes will "
                                    "rise next year.")]
    assert future == ["The minister will announce on Monday that taxes will rise next year"]
    said = [(t, c.cue) for t, c in clauses("The minister went on to say that the new tax "
                                           "had failed.")]
    assert ("the new tax had failed", "say") in said


@pytest.mark.slow
@pytest.mark.parametrize("text, act, cue, doer", [
    ("The former mayor pleaded guilty on Monday to using city funds to buy a boat.",
     "using city funds to buy a boat", "plead", "mayor"),
    ("The governor blamed the federal agency for failing to inspect the dams.",
     "failing to inspect the dams", "blame", "agency"),
])
def test_an_act_named_through_a_gerund_is_a_statement_of_its_own(clauses, act, text, cue,
                                                                 doer):
    """What someone pleaded guilty to, or is blamed for, is a proposition another outlet may
    state alone; it is reported under the word that names it, about that word's doer, and the
    sentence around it stays whole."""
    found = dict(clauses(text))
    assert text[:-1] in found
    clause = found[act]
    assert clause.cue == cue and clause.subject == doer  # the gerund's understood subject
    assert text[clause.about[0]:clause.about[1]].endswith(doer)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The treasurer is expected to plead guilty to filing false tax returns.",  # not yet
    "The senator never admitted to using steroids during his career.",  # negated
    "The treasurer pleaded not guilty to using city funds to buy a boat.",
    "She was found not guilty of embezzling funds from the charity.",  # an acquittal
    "The company denied the charges of dumping waste into the river.",  # denied, a noun
])
def test_gerunds_that_assert_no_act_stay_inside_their_sentence(clauses, text):
    assert [t for t, _ in clauses(text)] == [text[:-1]]
