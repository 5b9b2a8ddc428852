"""Framing: how each outlet tells the story, laid side by side with the evidence and without
the tool taking a side: the voices it quotes (``voices.py``) and its tone in the sentences
that name each main actor (``tone.py``), and the words it uses for each referent
(``words.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.framing.tone import sentence_tone
from newsprism.framing.tone import tone as tone_rows
from newsprism.framing.voices import voices
from newsprism.framing.words import loaded_spans, word_choice
from newsprism.models import AnnotatedArticle, Claim, Entity, Fact, Framing

__all__ = ["frame", "loaded_spans", "sentence_tone", "tone_toward"]


def frame(annotated: Sequence[AnnotatedArticle], entities: Sequence[Entity],
          claims: Sequence[Claim] = (), facts: Sequence[Fact] = ()) -> Framing:
    """The framing tables of one story: voices, tone toward the main actors, and word choice
    per referent (entities, and facts aligned from the claims)."""
    return Framing(voices=tuple(voices(annotated, entities)),
                   tone=tuple(tone_rows(annotated, entities)),
                   words=tuple(word_choice(annotated, entities, claims, facts)))


def tone_toward(sentence: str, target: str) -> float:
    """The tone a sentence carries where it names ``target``: today the whole sentence's
    score (the target is not yet isolated within the sentence), as in the tone table."""
    return sentence_tone(sentence)
