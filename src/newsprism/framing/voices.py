"""Voices: who each outlet quotes or cites, how often, and how many words each gets.

A quote's speaker is the resolved entity when the resolve stage linked one (so "Peskov" and
"Dmitry Peskov" are one voice), else the speaker as written. Its kind says what sort of voice
it is, from the entity's type and the words of the attribution: a person, an institution
(organisations, governments, nationalities), another medium (an outlet quoting an agency or a
newspaper), or an anonymous one ("officials said", "a source close to…").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from newsprism.models import AnnotatedArticle, Citation, Entity, Voice, article_label

MEDIA = re.compile(r"\b(news|times|post|press|agency|tv|radio|journal|tribune|herald|"
                   r"guardian|reuters|associated press|afp|ap|bbc|cnn|rt|tass|ria|interfax|"
                   r"newspaper|broadcaster|daily|magazine|channel|reports?|media|outlets?)\b",
                   re.IGNORECASE)
# Voices named by a role or a group, not a name: "officials said", "senior Russian officials".
ANONYMOUS = re.compile(r"\b(officials?|sources?|observers?|analysts?|experts?|people|"
                       r"witnesses|residents|diplomats?|insiders?|critics|spokes(?:man|woman|"
                       r"person))\b", re.IGNORECASE)
INSTITUTION_TYPES = {"ORG", "GPE", "NORP", "FAC", "LOC"}


def voices(annotated: Sequence[AnnotatedArticle], entities: Sequence[Entity]) -> list[Voice]:
    """One row per (outlet, voice), most quoted first within each outlet."""
    by_id = {e.id: e for e in entities}
    rows: dict[tuple[str, str], dict] = {}
    words_by_outlet: dict[str, int] = defaultdict(int)
    for article in annotated:
        outlet = article_label(article.article)
        for quote in article.quotes:
            if not quote.speaker:
                continue  # no speaker: not a voice (kept in the report's quotes)
            entity = by_id.get(quote.speaker_entity_id or "")
            name = entity.name if entity else " ".join(quote.speaker.split())
            row = rows.setdefault((outlet, name.lower()), {
                "speaker": name, "entity": entity, "as_written": quote.speaker,
                "quotes": 0, "words": 0, "citations": []})
            words = len(quote.text.split())
            row["quotes"] += 1
            row["words"] += words
            row["citations"].append(Citation(quote.article_id, quote.start, quote.end))
            words_by_outlet[outlet] += words
    outlets_of: dict[str, set[str]] = defaultdict(set)
    for outlet, key in rows:
        outlets_of[key].add(outlet)
    found = [
        Voice(outlet=outlet, speaker=row["speaker"],
              speaker_entity_id=row["entity"].id if row["entity"] else None,
              kind=voice_kind(row["as_written"], row["entity"]), quotes=row["quotes"],
              words=row["words"],
              share=round(row["words"] / words_by_outlet[outlet], 4) if words_by_outlet[outlet]
              else 0.0,
              only_here=len(outlets_of[key]) == 1, citations=tuple(row["citations"]))
        for (outlet, key), row in rows.items()
    ]
    return sorted(found, key=lambda v: (v.outlet, -v.words, v.speaker))


def voice_kind(as_written: str, entity: Entity | None) -> str:
    text = " ".join(as_written.split())
    if entity is not None and entity.type == "PERSON":
        return "person"
    if MEDIA.search(text):
        return "media"
    if entity is not None and entity.type in INSTITUTION_TYPES:
        return "institution"
    if entity is None and (ANONYMOUS.search(text) or text[:1].islower()):
        return "anonymous"  # a role or a group, no name: "a senior commander", "officials"
    return "person"
