"""Temporal and bound conflicts on sentences worded as reporters word them: stated periods,
parts of a month, years named by each writer, bounds, and dates of other slots."""

from newsprism.align.conflicts import find_conflicts
from newsprism.align.dates import date_interval
from newsprism.annotate.dates import resolve_date
from newsprism.models import AnnotatedArticle, Article, Claim, DateMention, Quantity

PUBLISHED = "2013-01-30"


def report(article: str, sentence: str, values: dict[str, tuple], entities=("ent_brooke",)):
    """One article of one sentence, its dates (resolved as annotate would) and quantities at
    their offsets in the sentence, and its claim. ``values``: text -> ("date", direction) or
    ("count", value, bound, counted)."""
    dates, quantities = [], []
    for text, spec in values.items():
        start = sentence.index(text)
        if spec[0] == "date":
            found = resolve_date(text, PUBLISHED, direction=spec[1])
            dates.append(DateMention(
                f"d-{article}-{start}", article, start, start + len(text), text, found.value,
                found.granularity, "relative to publication date" if found.relative else
                "absolute", PUBLISHED if found.relative else None, 0, len(sentence),
                until=found.until, part=found.part))
        else:
            quantities.append(Quantity(f"q-{article}-{start}", article, start, start + len(text),
                                       text, spec[1], None, spec[3], spec[2], 0, len(sentence)))
    claim = Claim(f"c-{article}", article, 0, len(sentence), sentence, "statement",
                  entity_ids=tuple(entities), quantity_ids=tuple(q.id for q in quantities),
                  date_ids=tuple(d.id for d in dates))
    annotated = AnnotatedArticle(Article(article, sentence, published=PUBLISHED), (), (), (),
                                 tuple(quantities), tuple(dates))
    return claim, annotated


def conflicts(*reports):
    claims = [c for c, _ in reports]
    pairs = [(i, j, 0.8) for i in range(len(claims)) for j in range(i + 1, len(claims))]
    return find_conflicts(claims, pairs, [a for _, a in reports])


def past(text):
    return {text: ("date", "past")}


def test_two_stated_periods_conflict_when_an_end_differs_and_a_year_inside_fits():
    held = report("a", "Edward Brooke, a Republican, held the seat from 1966 to 1978.",
                  past("1966 to 1978"))
    served = report("b", "The first was Edward Brooke, who served from 1967 to 1979.",
                    past("1967 to 1979"))
    (found,) = conflicts(held, served)
    assert found.kind == "temporal" and "1966–1978" in found.reason and "1967–1979" in found.reason
    inside = report("c", "Edward Brooke, who served in 1970, was the first.", past("1970"))
    assert conflicts(held, inside) == []


def test_each_writer_naming_a_different_year_of_one_slot_is_a_dispute():
    since_2009 = report("a", "Reid has led the Senate caucus since 2009.", past("2009"))
    since_2010 = report("b", "Reid has led the Senate caucus since 2010.", past("2010"))
    assert [c.kind for c in conflicts(since_2009, since_2010)] == ["temporal"]


def test_a_part_of_a_month_is_its_own_span_and_future_dates_stay_ahead():
    may = report("a", "Both parties will hold special-election primaries in mid May.",
                 {"mid May": ("date", "future")}, entities=())
    april = report("b", "The primary would be held on April 30.",
                   {"April 30": ("date", "either")}, entities=())
    (found,) = conflicts(may, april)
    assert "mid 2013-05" in found.reason and "2013-04-30" in found.reason
    mid = report("c", "The primary would be held on May 15.", {"May 15": ("date", "either")},
                 entities=())
    assert conflicts(may, mid) == []
    lo, hi = date_interval(may[1].dates[0])
    assert (lo.day, hi.day) == (11, 21)


def test_dates_of_different_events_need_a_shared_participant_or_the_events_words():
    may = report("a", "Both parties will hold special-election primaries in mid May.",
                 {"mid May": ("date", "future")}, entities=())
    other = report("b", "Officials said the count would end on April 30.",
                   {"April 30": ("date", "either")}, entities=())
    assert conflicts(may, other) == []


def test_an_agreeing_date_answers_only_its_own_slot():
    week = report("a", "The trustees last week warned the trust fund will be exhausted in 2036.",
                  {"last week": ("date", "past"), "2036": ("date", "future")}, entities=())
    month = report("b", "The trustees' projections for the trust fund, issued last month, say it "
                        "will be exhausted by 2036.",
                   {"last month": ("date", "past"), "2036": ("date", "future")}, entities=())
    (found,) = conflicts(week, month)
    assert "last week" in found.reason and "last month" in found.reason
    joined = report("c", "Cowan joined the administration in 2009 and quit in 2012.",
                    past("2009") | past("2012"), entities=("ent_cowan",))
    left = report("d", "Cowan left the administration in 2012.", past("2012"),
                  entities=("ent_cowan",))
    assert conflicts(joined, left) == []  # 2012 is answered; 2009 is another slot's


def test_two_bounds_of_one_direction_must_name_one_bound():
    nyt = report("a", "A lawsuit involving as many as 1.5 million women.",
                 {"as many as 1.5 million": ("count", 1.5e6, "at_most", "women")}, entities=())
    huff = report("b", "A lawsuit on behalf of up to 1.6 million women.",
                  {"up to 1.6 million": ("count", 1.6e6, "at_most", "women")}, entities=())
    (found,) = conflicts(nyt, huff)
    assert found.kind == "numeric" and "≤ 1,500,000 vs ≤ 1,600,000" in found.reason
    exact = report("c", "A lawsuit involving 1.5 million women.",
                   {"1.5 million": ("count", 1.5e6, "exact", "women")}, entities=())
    assert conflicts(exact, huff) == []  # 1.5 million lies within "up to 1.6 million"


def test_a_relative_month_and_the_year_before_do_not_touch():
    """Published 30 January: "earlier this month" is January, "last year" the year before;
    their edges are a day apart, but a whole month or year has exact edges."""
    resigned = report("a", "Smith resigned from the cabinet earlier this month, aides said.",
                      past("earlier this month"))
    left = report("b", "Smith resigned from the cabinet last year to run a charity.",
                  past("last year"))
    assert [c.kind for c in conflicts(resigned, left)] == ["temporal"]
    this_year = report("c", "Smith resigned from the cabinet this year.", past("this year"))
    assert conflicts(resigned, this_year) == []  # January lies inside this year
