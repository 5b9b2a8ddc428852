from dataclasses import replace

from newsprism.align.conflicts import find_conflicts, interval
from newsprism.align.dates import date_interval
from newsprism.align.states import find_state_conflicts, state_opposition
from newsprism.models import AnnotatedArticle, Article, Claim, DateMention, Quantity


def quantity(qid, article, value, bound="exact", counted="fighters", unit=None):
    return Quantity(qid, article, 0, 5, str(value), value, unit, counted, bound, 0, 50)


def date_mention(did, article, value, granularity, anchor=None):
    return DateMention(did, article, 0, 5, value, value, granularity,
                       "relative to publication date" if anchor else "absolute", anchor, 0, 50)


def claim(cid, article, *, quantities=(), dates=(), entities=("ent_x",), text=None):
    text = text or f"Claim {cid}."  # distinct: identical statements never conflict
    return Claim(cid, article, 0, 50, text, "statement", entity_ids=entities,
                 quantity_ids=tuple(quantities), date_ids=tuple(dates))


def story(quantities=(), dates=()):
    """Articles whose text gives each value the words a reporter would put around it: a count
    its counted noun ("25000 fighters."), a duration its unit, a date "It happened …": the
    words that tell which slot a value fills."""
    articles: dict[str, tuple[str, list, list]] = {}
    for item in (*quantities, *dates):
        articles.setdefault(item.article_id, ("", [], []))
    for item in (*quantities, *dates):
        text, qs, ds = articles[item.article_id]
        if isinstance(item, Quantity):
            words = item.counted or f"{item.unit}s" if item.counted or item.unit else "units"
            start = len(text)
            text += f"{item.text} {words}. "
            qs.append(replace(item, start=start, end=start + len(item.text)))
        else:
            start = len(text) + len("It happened ")
            text += f"It happened {item.text}. "
            ds.append(replace(item, start=start, end=start + len(item.text)))
        articles[item.article_id] = (text, qs, ds)
    return [AnnotatedArticle(Article(aid, text), (), (), (), tuple(qs), tuple(ds))
            for aid, (text, qs, ds) in articles.items()]


def test_numeric_conflict_respects_bounds():
    qs = [quantity("q1", "a", 25000), quantity("q2", "b", 8000),
          quantity("q3", "c", 20000, "at_least")]
    claims = [claim("c1", "a", quantities=["q1"]), claim("c2", "b", quantities=["q2"]),
              claim("c3", "c", quantities=["q3"])]
    pairs = [(0, 1, 0.8), (0, 2, 0.8)]
    conflicts = find_conflicts(claims, pairs, story(qs))
    assert len(conflicts) == 1  # 25,000 fits "at least 20,000"; 8,000 does not fit 25,000
    (conflict,) = conflicts
    assert conflict.kind == "numeric" and {conflict.claim_a, conflict.claim_b} == {"c1", "c2"}
    assert "25000" in conflict.reason and 0 < conflict.score <= 1  # the slot's word share


def test_approximate_values_overlap_and_different_things_never_conflict():
    qs = [quantity("q1", "a", 24, "approximate", None, "hour"),
          quantity("q2", "b", 26, "exact", None, "hour"),
          quantity("q3", "a", 6, counted="helicopters"), quantity("q4", "b", 9, counted="tanks")]
    claims = [claim("c1", "a", quantities=["q1", "q3"]),
              claim("c2", "b", quantities=["q2", "q4"])]
    assert find_conflicts(claims, [(0, 1, 0.9)], story(qs)) == []


def test_temporal_conflict_after_relative_resolution():
    ds = [date_mention("d1", "a", "2022-02", "month", anchor="2023-06-25"),
          date_mention("d2", "b", "2021-02", "month")]
    claims = [claim("c1", "a", dates=["d1"]), claim("c2", "b", dates=["d2"])]
    (conflict,) = find_conflicts(claims, [(0, 1, 0.7)], story(dates=ds))
    assert conflict.kind == "temporal" and "2021-02" in conflict.reason


def test_nearby_days_and_unshared_actors_are_not_temporal_conflicts():
    ds = [date_mention("d1", "a", "2023-06-24", "day"),
          date_mention("d2", "b", "2023-06-25", "day"),
          date_mention("d3", "c", "2019", "year")]
    claims = [claim("c1", "a", dates=["d1"]), claim("c2", "b", dates=["d2"]),
              claim("c3", "c", dates=["d3"], entities=("ent_other",))]
    assert find_conflicts(claims, [(0, 1, 0.9), (0, 2, 0.9)], story(dates=ds)) == []


def test_semantic_fallback_is_marked_and_needs_close_alignment():
    a = claim("c1", "a", text="All restrictive measures in Moscow were lifted on Sunday.")
    b = claim("c2", "b", text="Restrictive measures in Moscow were still in place on Sunday.")
    (conflict,) = find_conflicts([a, b], [(0, 1, 0.9)], [])
    assert conflict.kind == "semantic" and "fallback" in conflict.method
    assert find_conflicts([a, b], [(0, 1, 0.5)], []) == []


def test_intervals():
    assert interval(quantity("q", "a", 10, "at_most")) == (0.0, 10)
    lo, hi = date_interval(date_mention("d", "a", "2024-02", "month"))
    assert (lo.isoformat(), hi.isoformat()) == ("2024-02-01", "2024-02-29")


def test_counts_from_reports_published_apart_never_conflict():
    qs = [quantity("q1", "a", 2858, counted="deaths"), quantity("q2", "b", 2500, counted="deaths")]
    claims = [claim("c1", "a", quantities=["q1"]), claim("c2", "b", quantities=["q2"])]
    annotated = story(qs)
    dated = [replace(item, article=replace(item.article, published=day))
             for item, day in zip(annotated, ("2020-02-27", "2020-03-09"), strict=True)]
    assert find_conflicts(claims, [(0, 1, 0.9)], dated) == []
    same_day = [replace(item, article=replace(item.article, published="2020-02-27"))
                for item in annotated]
    assert len(find_conflicts(claims, [(0, 1, 0.9)], same_day)) == 1


def test_same_relative_words_or_two_relative_days_are_not_disputes():
    ds = [date_mention("d1", "a", "2013-02-11", "day", anchor="2013-02-13"),
          date_mention("d2", "b", "2012-10-22", "day", anchor="2012-10-24")]
    claims = [claim("c1", "a", dates=["d1"]), claim("c2", "b", dates=["d2"])]
    assert find_conflicts(claims, [(0, 1, 0.95)], story(dates=ds)) == []


def test_scored_semantic_conflicts_use_the_scorer_once_and_respect_its_threshold():
    qs = [quantity("q1", "a", 25000), quantity("q2", "b", 8000)]
    claims = [claim("c1", "a", quantities=["q1"], text="25,000 fighters marched on the city."),
              claim("c2", "b", quantities=["q2"], text="8,000 fighters marched on the city."),
              claim("c3", "c", text="The curfew in the old town was lifted."),
              claim("c4", "d", text="The curfew in the old town is still in force.")]
    asked: list[list[tuple[str, str]]] = []

    def scorer(pairs):
        asked.append(pairs)
        return [0.9 if "curfew" in a else 0.1 for a, _ in pairs]

    pairs = [(0, 1, 0.9), (2, 3, 0.8), (0, 2, 0.7)]
    found = find_conflicts(claims, pairs, story(qs), scorer, "NLI test", threshold=0.7)
    assert [c.kind for c in found] == ["numeric", "semantic"]  # numeric never reaches NLI
    assert len(asked) == 1 and len(asked[0]) == 2  # one batch: the pairs left undecided
    semantic = found[1]
    assert semantic.method == "NLI test" and semantic.score == 0.9
    assert {semantic.claim_a, semantic.claim_b} == {"c3", "c4"}
    assert find_conflicts(claims, pairs, story(qs), scorer, threshold=0.95)[1:] == []
    short = [claim("c5", "c", text="He chose the opposite."), claim("c6", "d", text="He left.")]
    assert find_conflicts(short, [(0, 1, 0.9)], [], scorer) == []  # too short to judge alone


def test_the_same_statement_twice_or_statements_published_apart_never_conflict():
    text = "Please verify you're not a robot by clicking the box."
    claims = [claim("c1", "a", text=text), claim("c2", "b", text=text.upper()),
              claim("c3", "c", text="The curfew in the old town was lifted."),
              claim("c4", "d", text="The curfew in the old town is still in force.")]
    annotated = [AnnotatedArticle(Article(aid, "x", published=day), (), (), (), (), ())
                 for aid, day in zip("abcd", ("2020-01-01", "2020-01-01", "2020-01-01",
                                              "2020-03-01"), strict=True)]
    asked = []

    def scorer(pairs):
        asked.extend(pairs)
        return [0.99] * len(pairs)

    assert find_conflicts(claims, [(0, 1, 1.0), (2, 3, 0.9)], annotated, scorer) == []
    assert asked == []  # neither pair reaches the model


def test_open_ended_bounds_still_give_a_clear_numeric_conflict():
    qs = [quantity("q1", "a", 12, counted="people"),
          quantity("q2", "b", 30, "at_least", counted="people")]
    claims = [claim("c1", "a", quantities=["q1"]), claim("c2", "b", quantities=["q2"])]
    (conflict,) = find_conflicts(claims, [(0, 1, 0.8)], story(qs))
    assert conflict.kind == "numeric" and conflict.score >= 0.5


def test_units_are_converted_before_numbers_are_compared():
    qs = [quantity("q1", "a", 8.9, counted=None, unit="metre"),
          quantity("q2", "b", 890, counted=None, unit="centimetre"),
          quantity("q3", "c", 2, counted=None, unit="metre")]
    claims = [claim("c1", "a", quantities=["q1"]), claim("c2", "b", quantities=["q2"]),
              claim("c3", "c", quantities=["q3"])]
    never = lambda pairs: [1.0] * len(pairs)  # noqa: E731 - a scorer that always objects
    found = find_conflicts(claims, [(0, 1, 0.9), (0, 2, 0.9)], story(qs), never)
    assert [(c.kind, {c.claim_a, c.claim_b}) for c in found] == [("numeric", {"c1", "c3"})]


def test_a_date_that_qualifies_a_noun_is_not_the_time_of_the_event():
    text = "Admissions reached 2,340, three times the March 2023 level."
    start = text.index("March 2023")
    d1 = DateMention("d1", "a", start, start + 10, "March 2023", "2023-03", "month",
                     "absolute", None, 0, len(text))
    d2 = date_mention("d2", "b", "2024-03", "month")
    annotated = story(dates=[d1, d2])
    annotated[0] = replace(annotated[0], article=Article("a", text))
    claims = [claim("c1", "a", dates=["d1"]), claim("c2", "b", dates=["d2"])]
    assert find_conflicts(claims, [(0, 1, 0.8)], annotated) == []


def parsed(cid, article, text, subject, predicate, negated=False, argument=None):
    return replace(claim(cid, article, text=text), subject=subject, predicate=predicate,
                   negated=negated, argument=argument)


def test_state_opposition_needs_one_subject_and_one_object():
    lifted = parsed("c1", "a", "all the restrictive measures were lifted", "measure", "lift")
    in_place = parsed("c2", "b", "security measures were still in place in the capital",
                      "measure", "in place")
    (conflict,) = find_state_conflicts([lifted, in_place], [(0, 1, 0.3)], [])
    assert conflict.kind == "semantic" and conflict.method.startswith("state opposition")
    assert "lift" in conflict.reason and 0.5 <= conflict.score <= 0.85
    agreed = parsed("c3", "a", "the mayor agreed to leave the city", "mayor", "agree",
                    argument="leave")
    rejected = parsed("c4", "b", "the mayor rejected the label", "mayor", "reject",
                      argument="label")
    pronoun = parsed("c5", "b", "it was still in place", "it", "in place")
    assert find_state_conflicts([agreed, rejected, lifted, pronoun],
                                [(0, 1, 0.6), (2, 3, 0.6)], []) == []


def test_negation_of_the_same_predicate_is_a_state_opposition():
    a = parsed("c1", "a", "the bank raised its key rate", "bank", "raise", argument="rate")
    b = parsed("c2", "b", "the bank did not raise its key rate", "bank", "raise", True, "rate")
    assert state_opposition(a, b) and state_opposition(b, a)
    assert state_opposition(replace(a, negated=True), b) is None


def test_conflicts_name_speakers_and_hedging():
    qs = [quantity("q1", "a", 12, counted="people"), quantity("q2", "b", 40, counted="people")]
    a = replace(claim("c1", "a", quantities=["q1"]), attributed=True, speaker="the ministry")
    b = replace(claim("c2", "b", quantities=["q2"]), attributed=True, speaker="Rescuers",
                hedged=True)
    (conflict,) = find_conflicts([a, b], [(0, 1, 0.8)], story(qs))
    assert conflict.between_speakers and conflict.hedged
    assert {conflict.speaker_a, conflict.speaker_b} == {"the ministry", "Rescuers"}


def test_values_of_different_days_and_parts_of_a_whole_do_not_conflict():
    ds = [date_mention("d1", "a", "2024-07-23", "day", anchor="2024-07-23"),
          date_mention("d2", "b", "2024-07-25", "day", anchor="2024-07-25")]
    qs = [quantity("q1", "a", 40, counted=None, unit="percent"),
          quantity("q2", "b", 75, counted=None, unit="percent")]
    claims = [claim("c1", "a", quantities=["q1"], dates=["d1"]),
              claim("c2", "b", quantities=["q2"], dates=["d2"])]
    annotated = story(qs, ds)
    assert find_conflicts(claims, [(0, 1, 0.9)], annotated, blocked=True) == []
    text = "The alliance won 7 of the 12 seats in the district."
    part = Quantity("q3", "a", text.index("7"), text.index("7") + 1, "7", 7, None, "seats",
                    "exact", 0, len(text))
    whole = Quantity("q4", "a", text.index("12"), text.index("12") + 2, "12", 12, None,
                     "seats", "exact", 0, len(text))
    other = quantity("q5", "b", 38, counted="seats")
    annotated = story([part, whole, other])
    annotated[0] = replace(annotated[0], article=Article("a", text), quantities=(part, whole))
    claims = [claim("c1", "a", quantities=["q3", "q4"]), claim("c2", "b", quantities=["q5"])]
    assert find_conflicts(claims, [(0, 1, 0.9)], annotated, blocked=True) == []


def test_opposite_outcomes_but_not_sequences_are_state_oppositions():
    signed = parsed("c1", "a", "Governor Brandt signed the bill", "brandt", "sign",
                    argument="bill")
    vetoed = parsed("c2", "b", "Brandt vetoed the bill", "brandt", "veto", argument="bill")
    assert "sign / veto" in state_opposition(signed, vetoed)
    arrested = parsed("c3", "a", "the driver was arrested at the scene", "driver", "arrest")
    released = parsed("c4", "b", "the driver was released on bail", "driver", "release")
    assert state_opposition(arrested, released) is None


def test_a_statement_with_several_dates_conflicts_only_if_none_of_them_fits():
    ds = [date_mention("d1", "a", "2020", "year"), date_mention("d2", "a", "2021-04", "month"),
          date_mention("d3", "b", "2021-04", "month"), date_mention("d4", "c", "2018", "year")]
    claims = [claim("c1", "a", dates=["d1", "d2"]), claim("c2", "b", dates=["d3"]),
              claim("c3", "c", dates=["d4"])]
    found = find_conflicts(claims, [(0, 1, 0.9), (0, 2, 0.9)], story(dates=ds))
    assert [{c.claim_a, c.claim_b} for c in found] == [{"c1", "c3"}]


def test_counted_nouns_that_name_one_thing_are_compared():
    import numpy as np

    from newsprism.align.conflicts import counted_synonyms

    vectors = {"homes": [1.0, 0.0], "houses": [0.96, 0.28], "people": [0.0, 1.0]}
    qs = [quantity("q1", "a", 40, "at_most", counted="homes"),
          quantity("q2", "b", 200, "at_least", counted="houses"),
          quantity("q3", "c", 300, counted="people")]
    synonyms = counted_synonyms(qs, lambda words: np.array([vectors[w] for w in words]))
    assert len(synonyms) == 2  # homes ~ houses, both ways; people apart
    claims = [claim("c1", "a", quantities=["q1"]), claim("c2", "b", quantities=["q2"]),
              claim("c3", "c", quantities=["q3"])]
    found = find_conflicts(claims, [(0, 1, 0.8), (0, 2, 0.8)], story(qs), synonyms=synonyms)
    assert [{c.claim_a, c.claim_b} for c in found] == [{"c1", "c2"}]


def test_totals_against_part_counts_and_subsets_are_not_numeric_conflicts():
    qs = [quantity("q1", "a", 40, counted="cars"), quantity("q2", "b", 100, "at_least",
                                                             counted="cars")]
    whole = claim("c1", "a", quantities=["q1"], text="The gang stole 40 cars in Bavaria.")
    total = claim("c2", "b", quantities=["q2"], text="The gang stole more than 100 cars in total.")
    assert find_conflicts([whole, total], [(0, 1, 0.9)], story(qs)) == []
    text = "Eight of the people injured remain in critical condition."
    eight = Quantity("q3", "a", 0, 5, "Eight", 8, None, "people", "exact", 0, len(text))
    thirty = quantity("q4", "b", 30, counted="people")
    annotated = story([eight, thirty])
    annotated[0] = replace(annotated[0], article=Article("a", text))
    claims = [claim("c3", "a", quantities=["q3"]), claim("c4", "b", quantities=["q4"])]
    assert find_conflicts(claims, [(0, 1, 0.9)], annotated) == []


def test_the_judge_sees_only_one_subject_and_never_pairs_that_agree_on_a_number():
    always = lambda pairs: [0.99] * len(pairs)  # noqa: E731 - a judge that always objects
    revenue = replace(claim("c1", "a", text="Calder's revenue rose 12 percent in the quarter."),
                      subject="revenue")
    profit = replace(claim("c2", "b", text="Calder's net profit fell 5 percent in the quarter."),
                     subject="profit")
    assert find_conflicts([revenue, profit], [(0, 1, 0.8)], [], always) == []
    qs = [quantity("q1", "a", 11, counted=None, unit="percent"),
          quantity("q2", "b", 11, counted=None, unit="percent")]
    fell = claim("c3", "a", quantities=["q1"], text="Shares of the carmaker fell 11 percent.")
    dropped = claim("c4", "b", quantities=["q2"], text="The carmaker's stock dropped 11% today.")
    assert find_conflicts([fell, dropped], [(0, 1, 0.8)], story(qs), always) == []


def test_broad_entities_possessive_dates_and_light_verbs_make_no_conflict():
    ds = [date_mention("d1", "a", "2016", "year"), date_mention("d2", "b", "2018", "year")]
    claims = [claim("c1", "a", dates=["d1"], entities=("ent_democratic",)),
              claim("c2", "b", dates=["d2"], entities=("ent_democratic",))]
    pairs = [(0, 1, 0.8)]
    assert len(find_conflicts(claims, pairs, story(dates=ds))) == 1
    assert find_conflicts(claims, pairs, story(dates=ds),
                          weak_entities=frozenset({"ent_democratic"})) == []
    text = "Republicans turned down the deal during last year's shutdown."
    start = text.index("last year's")
    d3 = DateMention("d3", "a", start, start + 11, "last year's", "2011", "year",
                     "relative to publication date", "2012-05-01", 0, len(text))
    annotated = story(dates=[d3, ds[1]])
    annotated[0] = replace(annotated[0], article=Article("a", text))
    claims = [claim("c3", "a", dates=["d3"]), claim("c4", "b", dates=["d2"])]
    assert find_conflicts(claims, pairs, annotated) == []
    is_q = parsed("c5", "a", "The question is how much has to change", "question", "be")
    not_q = parsed("c6", "b", "The question is not whether we are tied", "question", "be", True)
    assert state_opposition(is_q, not_q) is None


def test_counts_orders_of_magnitude_apart_and_quoted_sentences_are_not_disputes():
    qs = [quantity("q1", "a", 80000, "approximate", counted="Americans"),
          quantity("q2", "b", 45e6, "approximate", counted="Americans")]
    claims = [claim("c1", "a", quantities=["q1"]), claim("c2", "b", quantities=["q2"])]
    assert find_conflicts(claims, [(0, 1, 0.8)], story(qs)) == []
    always = lambda pairs: [0.99] * len(pairs)  # noqa: E731 - a judge that always objects
    quoted = [claim("c3", "a", text="Fears are compounded by [a] lack of trust in the president, "
                                    "fueled by an adversarial relationship with the truth."),
              claim("c4", "b", text="Fears are compounded by a lack of trust in the president, "
                                    "fueled by his adversarial relationship with the truth.")]
    assert find_conflicts(quoted, [(0, 1, 0.95)], [], always) == []


def test_particles_alone_make_no_opposite_outcome():
    set_up = parsed("c1", "a", "the ministry set up a task force", "ministry", "set up",
                    argument="force")
    voted_down = parsed("c2", "b", "the ministry voted down a task force", "ministry",
                        "vote down", argument="force")
    stepped_down = parsed("c3", "b", "the ministry increased a task force", "ministry",
                          "increase", argument="force")
    assert state_opposition(set_up, voted_down) is None
    assert state_opposition(stepped_down, replace(voted_down, predicate="step down")) is None
    lifted = parsed("c4", "a", "the curfew was lifted in the capital", "curfew", "lift")
    remains = parsed("c5", "b", "the curfew remains in the capital", "curfew", "remain")
    assert "lift / remain" in state_opposition(lifted, remains)


def test_counts_of_different_places_or_different_measured_subjects_never_conflict():
    qs = [quantity("q1", "a", 8000, "approximate", counted="people"),
          quantity("q2", "b", 40000, counted="people")]
    paris = claim("c1", "a", quantities=["q1"], entities=("ent_paris",),
                  text="About 8,000 people marched in Paris.")
    france = claim("c2", "b", quantities=["q2"], entities=("ent_france",),
                   text="Rallies across France drew 40,000 people.")
    annotated = story(qs)
    assert find_conflicts([paris, france], [(0, 1, 0.8)], annotated,
                          places=frozenset({"ent_paris", "ent_france"})) == []
    assert find_conflicts([paris, france], [(0, 1, 0.8)], annotated) != []  # places unknown
    revenue = replace(claim("c3", "a", quantities=["q1"], text="Calder's revenue rose to 8,000."),
                      subject="revenue")
    profit = replace(claim("c4", "b", quantities=["q2"], text="Its net profit fell to 40,000."),
                     subject="profit")
    assert find_conflicts([revenue, profit], [(0, 1, 0.8)], annotated) == []


def test_counts_of_different_counted_things_never_conflict_however_alike_their_words():
    """"The 225-page report, prepared by the task force …" / "The report was prepared by a
    12-person task force": the words around the numbers overlap, the things counted differ."""
    qs = [quantity("q1", "a", 225, counted="page"), quantity("q2", "b", 12, counted="person"),
          quantity("q3", "c", 240, counted="pages")]
    pages = claim("c1", "a", quantities=["q1"],
                  text="The 225-page report was prepared by the school safety task force.")
    people = claim("c2", "b", quantities=["q2"],
                   text="The report was prepared by a 12-person school safety task force.")
    more_pages = claim("c3", "c", quantities=["q3"],
                       text="The 240-page report was prepared by the school safety task force.")
    found = find_conflicts([pages, people, more_pages], [(0, 1, 0.8), (0, 2, 0.8)], story(qs))
    assert [{c.claim_a, c.claim_b} for c in found] == [{"c1", "c3"}]


def test_a_conflict_check_registered_from_outside_the_package_runs(monkeypatch):
    """Issue 20: a new conflict kind is a function plus a registration."""
    import catalogue

    from newsprism.align.conflicts import PairContext, find_conflicts, make_conflict
    from newsprism.models import AnnotatedArticle, Article, Claim
    from newsprism.registries import conflict_checks

    seen = []

    @conflict_checks.register("test_casualty_wording")
    def casualty_wording(pair: PairContext):
        seen.append((pair.a.text, pair.b.text))
        if "massacre" in pair.a.text and "clash" in pair.b.text:
            return make_conflict("framing", pair.a, pair.b, 0.9, "massacre / clash", "test")
        return None

    try:
        arts = [Article(id=f"art_{k}", text=t) for k, t in
                (("a", "Troops carried out a massacre in the village."),
                 ("b", "Troops fought a clash in the village."))]
        claims = [Claim(id=f"clm_{k}", article_id=f"art_{k}", start=0, end=len(a.text),
                        text=a.text, kind="statement") for k, a in zip("ab", arts, strict=True)]
        annotated = [AnnotatedArticle(a, (), (), (), (), ()) for a in arts]
        [conflict] = find_conflicts(claims, [(0, 1, 0.9)], annotated, contradiction=None)
        assert conflict.kind == "framing" and conflict.reason == "massacre / clash"
        assert seen == [(claims[0].text, claims[1].text)]
    finally:
        catalogue._remove(("newsprism", "conflict_checks", "test_casualty_wording"))

