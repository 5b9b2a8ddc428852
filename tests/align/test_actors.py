"""Actor conflicts (align/actors.py): different people named in one exclusive role."""

from newsprism.align.actors import participants_by_article
from newsprism.align.conflicts import find_conflicts
from newsprism.models import AnnotatedArticle, Article, Claim, Entity, Mention

NAMES = {"becerra": ("Xavier Becerra", "PERSON"), "crowley": ("Joseph Crowley", "PERSON"),
         "pelosi": ("Nancy Pelosi", "PERSON"), "acme": ("Acme", "ORG")}


def report(article, text, predicate, negated=False):
    """One article stating ``text`` as one claim, its names resolved to NAMES' entities."""
    mentions = []
    for key, (name, label) in NAMES.items():
        start = text.find(name)
        if start >= 0:
            mentions.append((key, Mention(article, start, start + len(name), name, label, 0)))
    claim = Claim(f"c_{article}", article, 0, len(text), text, "statement",
                  entity_ids=tuple(key for key, _ in mentions), predicate=predicate,
                  negated=negated)
    return claim, AnnotatedArticle(Article(article, text), (), (), (), (), ()), mentions


def conflicts(*reports, blocked=False):
    claims = [r[0] for r in reports]
    by_entity: dict[str, list[Mention]] = {}
    for _, _, mentions in reports:
        for key, mention in mentions:
            by_entity.setdefault(key, []).append(mention)
    entities = [Entity(key, NAMES[key][0], NAMES[key][1], (), tuple(ms))
                for key, ms in by_entity.items()]
    pairs = [(i, j, 0.8) for i in range(len(claims)) for j in range(i + 1, len(claims))]
    return find_conflicts(claims, pairs, [r[1] for r in reports], blocked=blocked,
                          participants=participants_by_article(entities))


def test_two_winners_of_one_vote_are_an_actor_conflict():
    found = conflicts(report("a", "Rep. Xavier Becerra won the vote for caucus chairman.", "win"),
                      report("b", "Rep. Joseph Crowley won the vote for caucus chairman.", "win"))
    assert [c.kind for c in found] == ["actor"]
    assert "“Xavier Becerra” vs “Joseph Crowley”" in found[0].reason
    assert "vote" in found[0].reason and found[0].method == "participant comparison"


def test_roles_many_can_fill_negations_and_reports_naming_both_are_no_conflict():
    # many can criticise a bill
    assert conflicts(report("a", "Xavier Becerra criticised the spending bill.", "criticise"),
                     report("b", "Joseph Crowley criticised the spending bill.", "criticise")) == []
    # "did not win" is no rival claim of who won (the state check judges negations)
    assert conflicts(report("a", "Xavier Becerra won the vote for caucus chairman.", "win"),
                     report("b", "Joseph Crowley did not win the vote for caucus chairman.",
                            "win", negated=True)) == []
    # the second report names both: it has not put one in the other's place
    assert conflicts(report("a", "Xavier Becerra won the vote for caucus chairman.", "win"),
                     report("b", "Joseph Crowley won the vote for caucus chairman, ending "
                                 "Xavier Becerra's bid.", "win")) == []


def test_different_slots_types_and_pairs_proposed_only_by_a_shared_entity_are_no_conflict():
    # one won the chairmanship, the other a seat: the words around the names differ
    assert conflicts(report("a", "Xavier Becerra won the caucus chairmanship on Thursday.", "win"),
                     report("b", "In Queens, Joseph Crowley easily won reelection to his House "
                                 "seat.", "win")) == []
    # a person and an organisation are not rivals for one role
    assert conflicts(report("a", "Nancy Pelosi picked the new caucus whip.", "pick"),
                     report("b", "Acme picked the new caucus whip.", "pick")) == []
    assert conflicts(report("a", "Rep. Xavier Becerra won the vote for caucus chairman.", "win"),
                     report("b", "Rep. Joseph Crowley won the vote for caucus chairman.", "win"),
                     blocked=True) == []
    # nothing but the verb in common: which contest is not said
    assert conflicts(report("a", "Xavier Becerra won.", "win"),
                     report("b", "Joseph Crowley won.", "win")) == []
