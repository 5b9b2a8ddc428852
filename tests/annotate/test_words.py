"""Content words and mention descriptions from annotate's parse (annotate/words.py)."""

from __future__ import annotations

import pytest
import spacy

from newsprism.annotate.words import find_content_words, find_descriptions
from newsprism.models import Article, Mention

TEXT = ("Fighters of Wagner, the private military company, left Rostov. "
        "The Wagner mercenary group said it had ended the brutal rebellion.")


def test_without_tagger_or_parser_nothing_is_made_up() -> None:
    doc = spacy.blank("en")(TEXT)
    mention = Mention(Article.id_for(TEXT), 12, 18, "Wagner", "ORG", 0)
    assert find_content_words(doc) == ()
    assert find_descriptions(doc, [mention]) == ()


@pytest.mark.slow
def test_content_words_and_descriptions_from_the_annotate_stage() -> None:
    from newsprism.annotate import annotate

    (done,) = annotate([Article(Article.id_for(TEXT), TEXT)])
    words = done.content_words
    assert [w.start for w in words] == sorted(w.start for w in words)
    assert all(TEXT[w.start:w.end].isalpha() for w in words)
    assert TEXT[words[0].start:words[0].end] == "Fighters"
    lemmas = [w.lemma for w in words]
    assert {"fighter", "leave", "mercenary", "group", "end", "brutal", "rebellion"} <= set(lemmas)
    assert not {"the", "of", "it", "have", "wagner", "rostov"} & set(lemmas)
    described = {TEXT[d.start:d.end] + f"@{d.start}": set(d.terms) for d in done.descriptions}
    first, second = TEXT.index("Wagner"), TEXT.index("Wagner", 20)
    assert {"private", "military", "company"} <= described[f"Wagner@{first}"]
    assert {"mercenary", "group"} <= described[f"Wagner@{second}"]


@pytest.mark.slow
def test_an_apposition_is_looked_for_in_the_mention_s_sentence_only() -> None:
    from newsprism.annotate import annotate

    text = "Officials met Wagner, sources said. Putin, president of Russia, spoke on Monday."
    (done,) = annotate([Article(Article.id_for(text), text)])
    wagner = text.index("Wagner")
    assert all(not (d.start == wagner and "president" in d.terms) for d in done.descriptions)
