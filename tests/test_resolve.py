from dataclasses import replace

from newsprism.models import AnnotatedArticle, Article, Mention, Quote
from newsprism.resolve import (
    EntityIndex,
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
