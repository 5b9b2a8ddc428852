"""Framing: how each outlet tells the story, laid side by side with the evidence and without
the tool taking a side: the voices it quotes (``voices.py``) and its tone in the sentences
that name each main actor (``tone.py``). Word choice per referent is not built yet."""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.framing.tone import sentence_tone
from newsprism.framing.tone import tone as tone_rows
from newsprism.framing.voices import voices
from newsprism.models import AnnotatedArticle, Entity, Framing

__all__ = ["frame", "sentence_tone", "tone_toward"]


def frame(annotated: Sequence[AnnotatedArticle], entities: Sequence[Entity]) -> Framing:
    """The framing tables of one story."""
    return Framing(voices=tuple(voices(annotated, entities)),
                   tone=tuple(tone_rows(annotated, entities)))


def tone_toward(sentence: str, target: str) -> float:
    """The tone a sentence carries where it names ``target``: today the whole sentence's
    score (the target is not yet isolated within the sentence), as in the tone table."""
    return sentence_tone(sentence)
