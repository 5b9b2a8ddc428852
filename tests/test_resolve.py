from dataclasses import replace

import pytest

from newsprism.models import AnnotatedArticle, Article, Mention, Quantity, Quote
from newsprism.resolve import (
    EntityIndex,
    ResolveSettings,
    fold,
    link_speakers,
    normalise_name,
    resolve,
    same_name,
)


def article_with(*names_labels, article_id="art_1"):
    """An annotated article whose text is the names joined; mentions point at them."""
    text, mentions = "", []
    for name, label in names_labels:
        start = len(text)
        text += name + ". "
        mentions.append(Mention(article_id, start, start + len(name), name, label, 0))
    article = Article(id=article_id, text=text)
    return AnnotatedArticle(article, (), tuple(mentions), (), (), ())


def names(entities):
    return {e.name: set(e.aliases) for e in entities}


def together(entities, *variants):
    """Whether one entity carries all the variants (as its name or aliases)."""
    return any(set(variants) <= {e.name, *e.aliases} for e in entities)


def test_transliteration_variants_merge_across_articles():
    a = article_with(("Yevgeny Prigozhin", "PERSON"), ("Sergei Shoigu", "PERSON"),
                     ("Volodymyr Zelensky", "PERSON"), article_id="art_a")
    b = article_with(("Evgeny Prigozhin", "PERSON"), ("Prighozin", "GPE"),
                     ("Sergey Shoigu", "PERSON"), ("Zelenskyy", "PERSON"),
                     ("Mr Prigozhin", "PERSON"), article_id="art_b")
    entities = resolve([a, b])
    assert together(entities, "Yevgeny Prigozhin", "Evgeny Prigozhin", "Prighozin",
                    "Mr Prigozhin")
    assert together(entities, "Sergei Shoigu", "Sergey Shoigu")
    assert together(entities, "Volodymyr Zelensky", "Zelenskyy")
    assert len([e for e in entities if e.type == "PERSON"]) == 3


def test_shared_first_names_never_merge():
    a = article_with(("Sergey Shoigu", "PERSON"), ("Sergey Lavrov", "PERSON"),
                     ("Sergey Surovikin", "PERSON"), ("Dmitry Peskov", "PERSON"),
                     ("Dmitry Medvedev", "PERSON"), ("Peskov", "PERSON"))
    entities = resolve([a])
    people = {e.name for e in entities if e.type == "PERSON"}
    assert {"Sergey Shoigu", "Sergey Lavrov", "Sergey Surovikin", "Dmitry Peskov",
            "Dmitry Medvedev"} == people
    assert names(entities)["Dmitry Peskov"] == {"Peskov"}


def test_organisation_and_place_variants():
    a = article_with(("Wagner", "ORG"), ("Wagner Group", "ORG"), ("PMC Wagner", "ORG"),
                     ("Rostov", "PERSON"), ("Rostov-on-Don", "GPE"), ("Russia", "GPE"),
                     ("Russian", "NORP"))
    found = names(resolve([a]))
    wagner = next(k for k in found if k.startswith("Wagner") or k.startswith("PMC"))
    assert {"Wagner", "Wagner Group", "PMC Wagner"} - {wagner} <= found[wagner]
    assert found["Rostov-on-Don"] == {"Rostov"}
    assert "Russia" in found and "Russian" in found  # a country is not its adjective


def test_ambiguous_surname_stays_alone():
    a = article_with(("John Smith", "PERSON"), ("Jane Smith", "PERSON"), ("Smith", "PERSON"))
    people = names(resolve([a]))
    assert "Smith" in people and people["John Smith"] == set()


def test_type_is_voted_and_ids_stable():
    a = article_with(("Bakhmut", "ORG"), ("Bakhmut", "GPE"), ("Bakhmut", "GPE"))
    first, second = resolve([a]), resolve([a])
    assert first[0].type == "GPE" and first[0].id == second[0].id


def test_normalise_and_fold():
    assert normalise_name("President Lukashenko’s", "PERSON") == "lukashenko"
    assert normalise_name("Wagner PMC", "ORG") == "wagner"
    assert fold("Prighozin") == fold("Prigozhin")
    assert same_name("sergei", "sergey") and not same_name("shoigu", "lavrov")


def test_romanised_vowels_merge_one_person_and_keep_two_apart():
    """Field case 11's kind (Bellingcat alias-generator #5): the vowels romanisations of one
    name disagree on; the successor stays a second person."""
    a = article_with(("Qasem Soleimani", "PERSON"), ("Soleimani", "PERSON"),
                     ("Esmail Qaani", "PERSON"), article_id="art_a")
    b = article_with(("Qassem Soleimani", "PERSON"), ("Ismail Qaani", "PERSON"),
                     article_id="art_b")
    c = article_with(("Qasim Sulemani", "PERSON"), ("Sulemani", "PERSON"),
                     ("Mohammed Bagheri", "PERSON"), article_id="art_c")
    d = article_with(("Muhammad Bagheri", "PERSON"), article_id="art_d")
    entities = resolve([a, b, c, d])
    assert together(entities, "Qasem Soleimani", "Qassem Soleimani", "Qasim Sulemani",
                    "Soleimani", "Sulemani")
    assert together(entities, "Esmail Qaani", "Ismail Qaani")
    assert together(entities, "Mohammed Bagheri", "Muhammad Bagheri")
    assert len([e for e in entities if e.type == "PERSON"]) == 3


@pytest.mark.parametrize(("a", "b"), [
    ("Martin", "Morton"), ("Allen", "Ellen"), ("Hassan", "Hussein"), ("Kim", "Kem"),
    ("Jones", "Janes"),
])
def test_names_that_differ_in_more_than_romanisation_stay_apart(a, b):
    assert not same_name(a, b)


def test_middle_names_initials_and_nicknames_do_not_block_a_merge():
    a = article_with(("Marta J. Keller", "PERSON"), ("Ana Ruiz Vega", "PERSON"),
                     ("Jim Hollis", "PERSON"), ("Zack Fenn", "PERSON"), article_id="art_a")
    b = article_with(("Marta Keller", "PERSON"), ("Keller", "PERSON"), ("Ana Vega", "PERSON"),
                     ("James Hollis", "PERSON"), ("Hollis", "PERSON"),
                     ("Zachary Fenn", "PERSON"), article_id="art_b")
    entities = resolve([a, b])
    assert together(entities, "Marta J. Keller", "Marta Keller", "Keller")
    assert together(entities, "Ana Ruiz Vega", "Ana Vega")
    assert together(entities, "Jim Hollis", "James Hollis", "Hollis")
    assert together(entities, "Zack Fenn", "Zachary Fenn")
    assert len([e for e in entities if e.type == "PERSON"]) == 4


def test_two_people_sharing_a_surname_stay_apart_whatever_the_variants():
    """Two sisters, two congressmen named Ryan: a first-name conflict blocks, and the bare
    surname joins neither."""
    a = article_with(("Paul Ryan", "PERSON"), ("Tim Ryan", "PERSON"), ("Ryan", "PERSON"),
                     ("Maria Alvarez", "PERSON"), ("Lucia Alvarez", "PERSON"))
    entities = resolve([a])
    people = {e.name for e in entities if e.type == "PERSON"}
    assert {"Paul Ryan", "Tim Ryan", "Ryan", "Maria Alvarez", "Lucia Alvarez"} == people


def test_a_surname_typed_as_an_organisation_joins_the_person_named_before_it():
    """Field case 01's kind: "Camille Arsenault … Arsenault said" with the tagger calling the
    surname an ORG; an organisation named before any person of that name stays one."""
    a = article_with(("Camille Arsenault", "PERSON"), ("Arsenault", "ORG"),
                     ("Arsenault", "ORG"), article_id="art_a")
    b = article_with(("Ford", "ORG"), ("Gerald Ford", "PERSON"), article_id="art_b")
    entities = resolve([a, b])
    assert together(entities, "Camille Arsenault", "Arsenault")
    assert any(e.name == "Ford" and e.type == "ORG" for e in entities)


def test_a_title_before_a_name_is_not_its_given_name():
    a = article_with(("Russian President Putin", "PERSON"), ("Vladimir Putin", "PERSON"),
                     ("Security Council Dmitry Medvedev", "PERSON"),
                     ("Dmitry Medvedev", "PERSON"))
    entities = resolve([a])
    assert together(entities, "Vladimir Putin", "Russian President Putin")
    assert together(entities, "Dmitry Medvedev", "Security Council Dmitry Medvedev")
    assert {e.name for e in entities} == {"Vladimir Putin", "Dmitry Medvedev"}


def test_entity_index_lookups():
    a = article_with(("Dmitry Peskov", "PERSON"), ("Kremlin", "ORG"))
    entities = resolve([a])
    index = EntityIndex(entities)
    peskov = next(e for e in entities if e.name == "Dmitry Peskov")
    assert index.at("art_1", 0) == peskov.id
    assert index.by_name("Peskov") is None or index.by_name("Dmitry Peskov") == peskov.id
    assert len(index.in_span("art_1", 0, len(a.article.text))) == 2


def test_link_speakers_returns_new_records_with_entity_ids():
    a = article_with(("Dmitry Peskov", "PERSON"), ("Kremlin", "ORG"))
    by_span = Quote("quo_1", "art_1", 20, 30, "x", False, "said", "Dmitry Peskov", 0, 13, 0, 30)
    by_name = Quote("quo_2", "art_1", 20, 30, "x", False, "said", "Dmitry Peskov", None, None,
                    0, 30)
    unknown = Quote("quo_3", "art_1", 20, 30, "x", False, "said", "the mayor", None, None, 0, 30)
    a = replace(a, quotes=(by_span, by_name, unknown))
    entities = resolve([a])
    (linked,) = link_speakers([a], entities)
    peskov = next(e.id for e in entities if e.name == "Dmitry Peskov")
    assert [q.speaker_entity_id for q in linked.quotes] == [peskov, peskov, None]
    assert a.quotes[0].speaker_entity_id is None  # the input is not mutated


def test_link_speakers_names_the_entity_a_quantity_describes():
    a = article_with(("Dmitry Peskov", "PERSON"), ("Kremlin", "ORG"))
    start = a.article.text.index("Kremlin")
    described = Quantity("qty_1", "art_1", 0, 2, "10", 10.0, None, "aides", "exact", 0, 30,
                         subject="Kremlin", subject_start=start, subject_end=start + 7)
    plain = Quantity("qty_2", "art_1", 0, 2, "10", 10.0, None, None, "exact", 0, 30)
    a = replace(a, quantities=(described, plain))
    entities = resolve([a])
    (linked,) = link_speakers([a], entities)
    kremlin = next(e.id for e in entities if e.name == "Kremlin")
    assert [q.entity_id for q in linked.quantities] == [kremlin, None]


def described_article(text, *parts, article_id="art_1"):
    """An annotated article with mentions (surface, kind, head, label, antecedent surface)."""
    mentions = []
    for surface, kind, head, label, antecedent in parts:
        start = text.index(surface)
        mentions.append(Mention(
            article_id, start, start + len(surface), surface, label, 0, kind=kind, head=head,
            antecedent_start=None if antecedent is None else text.index(antecedent)))
    return AnnotatedArticle(Article(id=article_id, text=text), (), tuple(mentions), (), (), ())


NO_CONTEXT = ResolveSettings(context=False)


def entity_of(entities, surface):
    return next(e for e in entities if any(m.text == surface for m in e.mentions))


def test_pronoun_joins_its_antecedent_and_never_names_the_entity():
    text = "He said it. Maria Lopez opened a bakery. She was proud. The baker smiled."
    a = described_article(
        text, ("Maria Lopez", "name", "lopez", "PERSON", None),
        ("She", "pronoun", "she", "", "Maria Lopez"),
        ("The baker", "nominal", "baker", "", "Maria Lopez"),
        ("He", "pronoun", "he", "", None))
    entities = resolve([a], settings=NO_CONTEXT)
    lopez = entity_of(entities, "She")
    assert lopez.name == "Maria Lopez" and lopez.type == "PERSON"
    assert {m.text for m in lopez.mentions} == {"Maria Lopez", "She", "The baker"}
    assert "She" not in lopez.aliases and "The baker" not in lopez.aliases
    assert entity_of(entities, "He").name == "He"  # alone: nothing else to call it


def test_nominals_with_one_head_merge_across_articles():
    a = described_article("The firefighters arrived.",
                          ("The firefighters", "nominal", "firefighter", "", None))
    b = described_article("Two firefighters were hurt.",
                          ("Two firefighters", "nominal", "firefighter", "", None),
                          article_id="art_2")
    entities = resolve([a, b], settings=NO_CONTEXT)
    assert len(entities) == 1 and len(entities[0].mentions) == 2
    assert entities[0].id.startswith("ent_")


def test_a_shared_role_noun_never_merges_two_named_people():
    a = described_article("The coach, Tom Brown, resigned.",
                          ("Tom Brown", "name", "brown", "PERSON", None),
                          ("The coach", "nominal", "coach", "", "Tom Brown"))
    b = described_article("Jim Green, the coach, stayed.",
                          ("Jim Green", "name", "green", "PERSON", None),
                          ("the coach", "nominal", "coach", "", "Jim Green"), article_id="art_2")
    entities = resolve([a, b], settings=NO_CONTEXT)
    assert {e.name for e in entities} == {"Tom Brown", "Jim Green"}
    assert {m.text for m in entity_of(entities, "Tom Brown").mentions} == {"Tom Brown",
                                                                          "The coach"}


def test_names_only_never_load_the_encoder(monkeypatch):
    import newsprism.embeddings as embeddings

    def refuse(*args, **kwargs):
        raise AssertionError("no encoder for plain names")

    monkeypatch.setattr(embeddings, "warm_up", refuse)
    a = article_with(("Dmitry Peskov", "PERSON"), ("Kremlin", "ORG"))
    assert len(resolve([a])) == 2


@pytest.mark.slow
def test_context_gives_a_role_noun_its_name_but_keeps_names_apart():
    text_a = "Singer Ana Ruiz won the award on Sunday. Ruiz thanked her fans."
    text_b = "The singer thanked her fans after winning the award. Carlos Diaz lost."
    a = described_article(text_a, ("Ana Ruiz", "name", "ruiz", "PERSON", None),
                          ("Ruiz", "name", "ruiz", "PERSON", None))
    b = described_article(text_b, ("The singer", "nominal", "singer", "", None),
                          ("Carlos Diaz", "name", "diaz", "PERSON", None), article_id="art_2")
    entities = resolve([a, b], settings=ResolveSettings(context_threshold=0.3))
    assert entity_of(entities, "Ana Ruiz") is not entity_of(entities, "Carlos Diaz")
    assert entity_of(entities, "The singer").name in {"Ana Ruiz", "Carlos Diaz"}


def _fixture_case(name):
    from pathlib import Path

    from newsprism.annotate import annotate
    from newsprism.ingest import ingest

    folder = Path(__file__).parent / "fixtures" / "cases" / name
    annotated = annotate(list(ingest([folder]).articles))
    return annotated, resolve(annotated, settings=ResolveSettings(context=False))


@pytest.mark.slow
def test_field_case_11_one_person_in_three_romanisations():
    annotated, entities = _fixture_case("11-transliteration-soleimani")
    people = [e for e in entities if e.type == "PERSON"]
    [soleimani] = [e for e in people if "Soleimani" in e.name]
    surfaces = {m.text for m in soleimani.mentions}
    assert {"Qasem Soleimani", "Qassem Soleimani", "Qasim Sulemani", "Soleimani",
            "Sulemani"} <= surfaces
    assert len({m.article_id for m in soleimani.mentions}) == 3
    [qaani] = [e for e in people if "Qaani" in e.name]
    assert {m.text for m in qaani.mentions} == {"Esmail Qaani", "Ismail Qaani"}


@pytest.mark.slow
def test_field_case_01_every_part_of_the_ministers_quote_is_hers():
    annotated, entities = _fixture_case("01-multiparagraph-quote")
    [item] = link_speakers(annotated, entities)
    by_id = {e.id: e for e in entities}
    direct = [q for q in item.quotes if q.direct]
    assert len(direct) >= 4
    assert {by_id[q.speaker_entity_id].name for q in direct} == {"Camille Arsenault"}
    assert not any("Arsenault said" in q.text for q in item.quotes)
    okafor = [q for q in item.quotes if q.speaker and "Okafor" in q.speaker]
    assert all(not q.direct for q in okafor)


def written(text: str, *spans, article_id: str = "art_1") -> AnnotatedArticle:
    """An annotated article of ``text`` whose PERSON mentions are the given (name, nth
    occurrence) pairs, found in the text."""
    mentions = []
    for name, nth in spans:
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        mentions.append(Mention(article_id, start, start + len(name), name, "PERSON", 0))
    return AnnotatedArticle(Article(id=article_id, text=text), (), tuple(mentions), (), (), ())


def test_a_generational_suffix_tells_son_from_father_in_one_article_only():
    son_and_father = written("Jesse Jackson Jr. is the son of Jesse Jackson.",
                             ("Jesse Jackson Jr.", 0), ("Jesse Jackson", 1))
    entities = resolve([son_and_father])
    assert not together(entities, "Jesse Jackson Jr.", "Jesse Jackson")
    one_man = [written("Theodore J. Boutrous Jr. argued.", ("Theodore J. Boutrous Jr.", 0)),
               written("Theodore Boutrous argued.", ("Theodore Boutrous", 0), article_id="b")]
    entities = resolve(one_man)
    assert together(entities, "Theodore J. Boutrous Jr.", "Theodore Boutrous")
    assert any(e.name == "Theodore J. Boutrous Jr." for e in entities)  # the suffix is kept


def test_a_shared_surname_goes_to_the_one_named_before_it_in_its_article():
    text = "Tom Reyes spoke. Reyes left. Ana Reyes arrived. Reyes sat."
    entities = resolve([written(text, ("Tom Reyes", 0), ("Reyes", 1), ("Ana Reyes", 0),
                                ("Reyes", 3))])
    tom = next(e for e in entities if e.name == "Tom Reyes")
    assert [m.start for m in tom.mentions] == [0, text.index("Reyes left")]
    assert any(e.name == "Reyes" for e in entities)  # after both were named: nobody's


def test_a_shared_surname_goes_to_the_storys_protagonist_unless_its_title_differs():
    """Named first in both articles, Tom Reyes is the story's subject: "Mr. Reyes" after his
    wife is named is still him, once "Mr. Reyes" was; "Mrs. Reyes" is not."""
    text = ("Tom Reyes pleaded guilty. Mr. Reyes wept. His wife, Ana Reyes, spoke. "
            "Mr. Reyes left. Mrs. Reyes stayed.")
    first = written(text, ("Tom Reyes", 0), ("Reyes", 1), ("Ana Reyes", 0), ("Reyes", 3),
                    ("Reyes", 4))
    second = written("Tom Reyes was sentenced. Reyes said sorry.", ("Tom Reyes", 0),
                     ("Reyes", 1), article_id="art_2")
    entities = resolve([first, second])
    tom = next(e for e in entities if e.name == "Tom Reyes")
    starts = {(m.article_id, m.start) for m in tom.mentions}
    assert ("art_1", text.index("Reyes left")) in starts
    assert ("art_1", text.index("Reyes stayed")) not in starts
    assert ("art_2", len("Tom Reyes was sentenced. ")) in starts


def test_an_acronym_joins_the_one_name_its_initials_spell_whatever_the_tagger_typed():
    a = article_with(("National Rifle Association", "ORG"), ("NRA", "GPE"), ("N.R.A.", "ORG"),
                     ("NRA's", "ORG"), ("Bank of America", "ORG"), ("BOA", "ORG"),
                     ("Nils Rolf Andersen", "PERSON"), ("NRA", "ORG"))
    entities = resolve([a])
    assert together(entities, "National Rifle Association", "NRA", "N.R.A.")
    assert together(entities, "Bank of America", "BOA")
    assert not together(entities, "Nils Rolf Andersen", "NRA")
    two = article_with(("National Rifle Association", "ORG"), ("National Retail Alliance", "ORG"),
                       ("NRA", "ORG"))
    assert not any(len(e.aliases) for e in resolve([two]))  # two names spell it: neither


def test_a_surname_written_with_mr_is_a_persons_even_before_the_full_name():
    """One outlet's "Mr. Hutchinson said" before any full name, others' "Asa Hutchinson …
    Hutchinson" with the tagger calling the surname an organisation: all one man."""
    first = written("Mr. Hutchinson said the report was done.", ("Hutchinson", 0))
    second = written("Asa Hutchinson led it. Hutchinson spoke.", ("Asa Hutchinson", 0),
                     ("Hutchinson", 1), article_id="art_2")
    first = replace(first, mentions=tuple(replace(m, label="ORG") for m in first.mentions))
    second = replace(second, mentions=(second.mentions[0], replace(second.mentions[1],
                                                                     label="ORG")))
    entities = resolve([first, second])
    assert together(entities, "Asa Hutchinson", "Hutchinson")


def test_an_acronym_never_joins_a_longer_name_by_its_first_word_nor_a_surname():
    a = article_with(("U.S.", "GPE"), ("U.S. Embassy", "FAC"), ("U.N.", "ORG"),
                     ("Kim Jong Un", "PERSON"), ("UN", "ORG"), ("University of Nebraska", "ORG"))
    entities = resolve([a])
    assert not together(entities, "U.S.", "U.S. Embassy")
    assert not together(entities, "U.N.", "Kim Jong Un")  # "Un" is his surname, not "U.N."
    assert not together(entities, "UN", "University of Nebraska")  # two letters spell many


def test_a_title_with_its_stop_is_not_part_of_the_name():
    from newsprism.resolve.names import strip_person_prefix

    assert strip_person_prefix("U.S. Sen. John Smith III") == "John Smith III"
    assert strip_person_prefix("Samuel A. Alito Jr.") == "Samuel A. Alito Jr."
