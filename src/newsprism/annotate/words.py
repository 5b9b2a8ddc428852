"""Content words and mention descriptions, read off annotate's one parse so that later stages
(framing's word choice) never parse the text again.

- Content words: each noun, verb and adjective of the article (alphabetic, not a spaCy stop
  word) with its offsets and lemma.
- Descriptions: for each entity mention, the common nouns and adjectives that name it in its
  sentence: the noun it modifies ("the Wagner *mercenary* *group*"), its own modifiers, and an
  apposition right after it ("Wagner, the *private* *military* *company*").
"""

from __future__ import annotations

from collections.abc import Iterable

from newsprism.models import ContentWord, Description, Mention

CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB"})
APPOSITION_WINDOW = 7  # tokens after "Name," searched for the apposition's head


def find_content_words(doc) -> tuple[ContentWord, ...]:
    """Content words in text order; empty when the model assigns no part of speech."""
    if not doc.has_annotation("POS"):
        return ()
    return tuple(ContentWord(t.idx, t.idx + len(t.text), t.lemma_.lower(), t.pos_)
                 for t in doc
                 if t.pos_ in CONTENT_POS and t.is_alpha and not t.is_stop)


def find_descriptions(doc, mentions: Iterable[Mention]) -> tuple[Description, ...]:
    """A description per mention that has describing words, in the mentions' order; empty
    when the model has no parser."""
    if not doc.has_annotation("DEP"):
        return ()
    found = []
    for mention in mentions:
        terms = describing(doc, mention.start, mention.end)
        if terms:
            found.append(Description(mention.start, mention.end, tuple(terms)))
    return tuple(found)


def describing(doc, start: int, end: int) -> list[str]:
    """Lemmas of the common nouns and adjectives that name the span ``start``–``end`` (character
    offsets in ``doc``): the noun it modifies, its own modifiers, and an apposition right after
    it in the same sentence (the small parser often attaches that comma phrase to another
    word, so position decides)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    inside = range(span.start, span.end)
    head = span.root
    found = [t for t in _noun_phrase(head) if t.i not in inside]
    if head.dep_ in {"compound", "nmod", "amod"} and head.head.pos_ == "NOUN":
        found += [t for t in _noun_phrase(head.head) if t.i not in inside]
    sentence_end = span.sent.end  # never past the mention's sentence ("Wagner, he said. X, …")
    if span.end < sentence_end and doc[span.end].text == ",":
        window = doc[span.end + 1:min(span.end + APPOSITION_WINDOW, sentence_end)]
        appos = next((t for t in window if t.dep_ == "appos"), None)
        if appos is not None:
            found += _noun_phrase(appos)
    return [t.lemma_.lower() for t in found if t.is_alpha and not t.is_stop]


def _noun_phrase(token) -> list:
    """A noun with its adjective and noun modifiers, and its "of" complement ("the head *of*
    the mercenary group"); no clauses."""
    words = [token] if token.pos_ == "NOUN" else []
    for child in token.children:
        if child.dep_ in {"amod", "compound", "nmod"} and child.pos_ in {"NOUN", "ADJ"}:
            words.append(child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            words += [w for pobj in child.children if pobj.dep_ == "pobj"
                      for w in _noun_phrase(pobj)]
    return words
