"""Voices and tone, on hand-made articles (no model: quotes and entities are given)."""

from __future__ import annotations

import pytest

from newsprism.framing import frame, sentence_tone
from newsprism.framing.tone import main_actors
from newsprism.framing.voices import voice_kind
from newsprism.models import (
    AnnotatedArticle,
    Article,
    Citation,
    Entity,
    Mention,
    Quote,
    Sentence,
)

TEXT_A = ('Peskov said the deal was "a good outcome for everyone". '
          'Officials said the fighters had caused terrible damage. '
          'Prigozhin praised his brave men.')
TEXT_B = ('"The mutiny was a disgraceful betrayal," Peskov said. '
          'Prigozhin led a brutal, reckless revolt.')


def annotated(text: str, outlet: str, quotes: list[tuple[str, str, str | None]],
              names: list[tuple[str, str]]) -> AnnotatedArticle:
    article = Article(Article.id_for(text), text, outlet=outlet)
    sentences, start = [], 0
    for i, part in enumerate(text.split(". ")):
        begin = text.index(part, start)
        sentences.append(Sentence(article.id, i, begin, begin + len(part)))
        start = begin + len(part)
    quote_records = []
    for content, speaker, entity_id in quotes:
        begin = text.index(content)
        sentence = next(s for s in sentences if s.start <= begin < s.end)
        quote_records.append(Quote(f"q{begin}{outlet}", article.id, begin, begin + len(content),
                                   content, True, "said", speaker, None, None, sentence.start,
                                   sentence.end, entity_id))
    mentions = []
    for name, label in names:
        begin = text.index(name)
        index = next(s.index for s in sentences if s.start <= begin < s.end)
        mentions.append(Mention(article.id, begin, begin + len(name), name, label, index))
    return AnnotatedArticle(article, tuple(sentences), tuple(mentions), tuple(quote_records),
                            (), ())


def story():
    a = annotated(TEXT_A, "Daily Planet", [
        ("a good outcome for everyone", "Peskov", "ent_peskov"),
        ("the fighters had caused terrible damage", "Officials", None)],
        [("Peskov", "PERSON"), ("Prigozhin", "PERSON")])
    b = annotated(TEXT_B, "Evening Star", [
        ("The mutiny was a disgraceful betrayal,", "Peskov", "ent_peskov")],
        [("Peskov", "PERSON"), ("Prigozhin", "PERSON")])
    people = {}
    for name in ("Peskov", "Prigozhin"):
        found = tuple(m for art in (a, b) for m in art.mentions if m.text == name)
        people[name] = Entity(f"ent_{name.lower()}", f"Dmitry {name}" if name == "Peskov"
                              else "Yevgeny Prigozhin", "PERSON", (name,), found)
    return [a, b], list(people.values())


def test_voices_per_outlet_with_share_and_exclusivity() -> None:
    articles, entities = story()
    voices = {(v.outlet, v.speaker): v for v in frame(articles, entities).voices}
    peskov_a = voices[("Daily Planet", "Dmitry Peskov")]
    officials = voices[("Daily Planet", "Officials")]
    assert peskov_a.kind == "person" and not peskov_a.only_here  # both outlets quote him
    assert officials.kind == "anonymous" and officials.only_here
    assert (peskov_a.words, officials.words) == (5, 6)
    assert round(peskov_a.share + officials.share, 4) == 1.0
    assert voices[("Evening Star", "Dmitry Peskov")].share == 1.0
    (cite,) = peskov_a.citations
    assert TEXT_A[cite.start:cite.end] == "a good outcome for everyone"


def test_tone_per_outlet_and_actor_with_its_sentences() -> None:
    articles, entities = story()
    tone = {(t.outlet, t.entity): t for t in frame(articles, entities).tone}
    star = tone[("Evening Star", "Yevgeny Prigozhin")]
    planet = tone[("Daily Planet", "Yevgeny Prigozhin")]
    assert star.label == "negative" and planet.label == "positive"
    assert star.citations == (Citation(articles[1].article.id, TEXT_B.index("Prigozhin"),
                                       len(TEXT_B)),)
    assert star.score == star.sentence_scores[0] == round(sentence_tone(
        "Prigozhin led a brutal, reckless revolt."), 4)


def test_voice_kinds() -> None:
    ministry = Entity("e1", "Defence Ministry", "ORG", (), ())
    assert voice_kind("the Defence Ministry", ministry) == "institution"
    assert voice_kind("state news agency TASS", None) == "media"
    assert voice_kind("a senior commander", None) == "anonymous"
    assert voice_kind("two sources close to the Kremlin", None) == "anonymous"
    assert voice_kind("Senior Russian officials", None) == "anonymous"
    assert voice_kind("a report from RT Russia", None) == "media"
    assert voice_kind("Ana Lopez", None) == "person"


def test_main_actors_are_those_most_articles_name() -> None:
    articles, entities = story()
    place = Entity("ent_x", "Rostov", "GPE", (), entities[0].mentions[:1])
    assert [e.name for e in main_actors([place, *entities], limit=2)] == [
        "Dmitry Peskov", "Yevgeny Prigozhin"]


TEXT_C = "Fighters of the Wagner mercenary group left Rostov. The mutiny ended on Saturday."
TEXT_D = ("Fighters of Wagner, the private military company, left Rostov. "
          "The brutal rebellion ended on Saturday.")


@pytest.mark.slow
def test_word_choice_per_entity_and_fact() -> None:
    """Word choice reads annotate's parse (content words, mention descriptions): run the
    real annotate stage, hand-make the entity and the fact."""
    from newsprism.annotate import annotate
    from newsprism.framing.words import word_choice
    from newsprism.models import Claim, Fact

    c, d = annotate([Article(Article.id_for(TEXT_C), TEXT_C, outlet="Daily Planet"),
                     Article(Article.id_for(TEXT_D), TEXT_D, outlet="Evening Star")])
    wagner_mentions = []
    for art in (c, d):
        start = art.article.text.index("Wagner")
        sentence = next(s.index for s in art.sentences if s.start <= start < s.end)
        wagner_mentions.append(Mention(art.article.id, start, start + 6, "Wagner", "ORG",
                                       sentence))
    wagner = Entity("ent_wagner", "Wagner", "ORG", (), tuple(wagner_mentions))
    claims = []
    for art, sentence in ((c, "The mutiny ended on Saturday."),
                          (d, "The brutal rebellion ended on Saturday.")):
        start = art.article.text.index(sentence)
        claims.append(Claim(f"clm_{art.article.outlet[:4]}", art.article.id, start,
                            start + len(sentence) - 1, sentence[:-1], "statement"))
    fact = Fact("fct_1", tuple(c.id for c in claims), claims[0].id,
                (c.article.id, d.article.id), ("Daily Planet", "Evening Star"), (), "consensus")
    rows = {(w.referent_kind, w.outlet): {t.term: t for t in w.terms}
            for w in word_choice([c, d], [wagner], claims, [fact])}
    assert {"mercenary", "group"} <= set(rows[("entity", "Daily Planet")])
    assert {"private", "military", "company"} <= set(rows[("entity", "Evening Star")])
    assert rows[("entity", "Daily Planet")]["mercenary"].only_here
    assert not rows[("entity", "Daily Planet")]["Wagner"].only_here
    planet, star = rows[("fact", "Daily Planet")], rows[("fact", "Evening Star")]
    assert planet["mutiny"].only_here and star["rebellion"].only_here
    assert not planet["end"].only_here
    assert "saturday" not in planet  # a name, not a content word
    assert star["brutal"].valence is not None and star["brutal"].valence < -2
    assert planet["mutiny"].valence is None  # no lexicon evidence: not called evaluative
    (where,) = star["rebellion"].citations
    assert TEXT_D[where.start:where.end] == "The brutal rebellion ended on Saturday"
    # An outlet's second statement of the fact (listed after its first) is no word choice of
    # that outlet for it: against the other outlet's one statement its words would all look
    # like its own.
    second = Claim("clm_second", d.article.id, 0, TEXT_D.index(","), TEXT_D[:TEXT_D.index(",")],
                   "statement")
    fact = Fact("fct_1", (*fact.claim_ids, second.id), claims[0].id, fact.article_ids,
                fact.outlets, (), "consensus")
    rows = {(w.referent_kind, w.outlet): {t.term: t for t in w.terms}
            for w in word_choice([c, d], [wagner], [*claims, second], [fact])}
    assert "rebellion" in rows[("fact", "Evening Star")]
    assert "fighter" not in rows[("fact", "Evening Star")]


def test_word_choice_without_a_parse_lists_names_only(monkeypatch) -> None:
    """Articles annotated without a tagger or parser (no content words, no descriptions):
    the names still compare, and no model is loaded to make up for the missing parse."""
    import newsprism.annotate
    from newsprism.framing.words import word_choice

    def no_model(*_args, **_kwargs):
        raise AssertionError("word choice loaded a spaCy model")

    monkeypatch.setattr(newsprism.annotate, "warm_up", no_model)

    c = annotated(TEXT_C, "Daily Planet", [], [("Wagner", "ORG")])
    d = annotated(TEXT_D, "Evening Star", [], [("Wagner", "ORG")])
    wagner = Entity("ent_wagner", "Wagner", "ORG", (), (*c.mentions, *d.mentions))
    rows = {w.outlet: [t.term for t in w.terms] for w in word_choice([c, d], [wagner], [], [])}
    assert rows == {"Daily Planet": ["Wagner"], "Evening Star": ["Wagner"]}


def test_loaded_spans_are_evaluative_words_other_outlets_avoid() -> None:
    from newsprism.framing.words import loaded_spans

    text = "A brutal crackdown and a disastrous vote followed the calm debate."
    words = [text[a:b] for a, b in loaded_spans(text)]
    assert words == ["brutal", "disastrous"]  # "calm" is mild: below the valence threshold
    other = "Police said the crackdown was brutal."
    assert [text[a:b] for a, b in loaded_spans(text, [other])] == ["disastrous"]
