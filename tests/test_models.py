"""Helpers on the data model."""

from newsprism.models import AnnotatedArticle, Article, Mention, Sentence

TEXT = "Wagner moved north.  Prigozhin left."


def _annotated() -> AnnotatedArticle:
    article = Article(Article.id_for(TEXT), TEXT)
    sentences = (Sentence(article.id, 0, 0, 19), Sentence(article.id, 1, 21, 36))
    return AnnotatedArticle(article, sentences, (), (), (), ())


def _mention(start: int, end: int, index: int) -> Mention:
    return Mention("a", start, end, TEXT[start:end], "PERSON", index)


def test_sentence_of_uses_the_index_when_it_agrees_and_offsets_when_not():
    annotated = _annotated()
    assert annotated.sentence_of(_mention(21, 30, 1)).index == 1
    assert annotated.sentence_of(_mention(21, 30, 0)).index == 1  # a wrong index
    assert annotated.sentence_of(_mention(0, 6, 7)).index == 0  # an index out of range
    assert annotated.sentence_of(_mention(19, 20, -1)) is None  # between sentences
