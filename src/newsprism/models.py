"""The one data model that flows between newsprism's stages.

Every record is a frozen dataclass. Spans are character offsets into ``Article.text``
(``text[start:end]``), never free-floating copies; a record may carry the covered text for
convenience, but the offsets are the evidence. Ids are content hashes, so re-running the
pipeline on the same input updates records instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

ClaimKind = Literal["statement", "quote", "quantity", "date"]
FactStatus = Literal["consensus", "single_source", "disputed"]
ConflictKind = Literal["numeric", "temporal", "semantic"]
Bound = Literal["exact", "approximate", "at_least", "at_most"]
Granularity = Literal["day", "month", "year"]
# "duration": "about 24 hours", "a year of fighting"; "age": "Prigozhin, 62," or "62-year-old".
QuantityKind = Literal["count", "money", "percent", "duration", "age", "measure"]
MentionKind = Literal["name", "nominal", "pronoun"]


def content_id(prefix: str, *parts: object) -> str:
    """A stable id: ``prefix`` + the first 16 hex digits of the SHA-256 of ``parts``."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


@dataclass(frozen=True)
class Article:
    """One news article as ingested. ``id`` is the hash of its text."""

    id: str
    text: str
    path: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date
    # Where each metadata field came from: "sidecar", "front_matter", "text" or "first_line".
    metadata_sources: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @staticmethod
    def id_for(text: str) -> str:
        return content_id("art", text)


@dataclass(frozen=True)
class Citation:
    """The evidence for a statement: a span of one article's text."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """An entity mention: a name as the NER tagged it (its label is one vote, not the truth),
    or, when the annotate stage describes mentions with the parse, a role noun ("the mayor")
    or a pronoun. The last three fields default to a plain name so records built before
    nominal and pronoun mentions existed mean what they meant."""

    article_id: str
    start: int
    end: int
    text: str
    label: str
    sentence_index: int
    # "nominal" and "pronoun" mentions never name their entity; resolve groups nominals by
    # head and attaches pronouns through ``antecedent_start``.
    kind: MentionKind = "name"
    head: str | None = None  # lemma of the span's head word ("mayor" of "the town's mayor")
    # Start offset, in the same article, of the mention this one refers to, as linked within
    # the document (pronoun → antecedent, "the mayor" → the name it is in apposition with).
    antecedent_start: int | None = None


@dataclass(frozen=True)
class Quote:
    id: str
    article_id: str
    start: int  # the quoted (or reported) content
    end: int
    text: str
    direct: bool
    cue: str | None  # the verb or phrase that introduces it: "said", "according to", ...
    speaker: str | None  # the speaker as written, after pronoun / role-noun resolution
    speaker_start: int | None  # offsets of the speaker name the quote was attributed to
    speaker_end: int | None
    sentence_start: int
    sentence_end: int
    speaker_entity_id: str | None = None  # filled by the resolve stage


@dataclass(frozen=True)
class Quantity:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    value: float
    unit: str | None  # "dollar", "hour", "kilometre"; None for plain counts
    counted: str | None  # what is counted: "fighters", "helicopters"
    bound: Bound
    sentence_start: int
    sentence_end: int
    kind: QuantityKind = "count"
    # The name the number describes, as written ("Wagner" of "Wagner has 25,000 fighters"),
    # with its offsets; resolve fills in its entity.
    subject: str | None = None
    subject_start: int | None = None
    subject_end: int | None = None
    entity_id: str | None = None


@dataclass(frozen=True)
class DateMention:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    value: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY according to granularity
    granularity: Granularity
    # "absolute", "relative to publication date", "relative to estimated story date", ...
    resolution: str
    anchor: str | None  # the date a relative expression was resolved against
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True)
class AnnotatedArticle:
    """The annotate stage's output for one article."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    language: str = "en"


@dataclass(frozen=True)
class Entity:
    """One real-world referent, resolved across articles and spelling variants."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Claim:
    """One checkable sentence of one article."""

    id: str
    article_id: str
    start: int  # the source sentence
    end: int
    text: str
    kind: ClaimKind
    entity_ids: tuple[str, ...] = ()
    speaker_entity_id: str | None = None
    speaker: str | None = None
    quote_ids: tuple[str, ...] = ()
    quantity_ids: tuple[str, ...] = ()
    date_ids: tuple[str, ...] = ()
    attributed: bool = False  # the outlet reports that someone says it
    hedged: bool = False  # "reportedly", "is said to", "information is circulating"


@dataclass(frozen=True)
class Conflict:
    id: str
    kind: ConflictKind
    claim_a: str
    claim_b: str
    score: float
    reason: str
    method: str  # "quantity comparison", "date comparison", "rule-based fallback (no NLI model)"
    between_speakers: bool = False  # both sides attributed: speakers disagree, not outlets


@dataclass(frozen=True)
class Fact:
    """Claims from different articles that state the same thing."""

    id: str
    claim_ids: tuple[str, ...]
    representative_claim_id: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    omitted_by: tuple[str, ...]  # article ids that cover the story but do not carry the fact
    status: FactStatus
    conflict_ids: tuple[str, ...] = ()
    cohesion: float = 1.0  # mean pairwise similarity of its claims


@dataclass(frozen=True)
class BriefSentence:
    text: str
    fact_id: str | None
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    granularity: Granularity
    text: str
    date_ids: tuple[str, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Brief:
    sentences: tuple[BriefSentence, ...]
    timeline: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class Alignment:
    """The align stage's output for one story."""

    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True)
class ItemError:
    """A per-item failure: the rest of the batch goes on."""

    source: str
    stage: str
    message: str


@dataclass(frozen=True)
class Analysis:
    """Everything one run of the pipeline produced for one story: the report is built from it
    and the store persists it."""

    articles: tuple[Article, ...]
    annotated: tuple[AnnotatedArticle, ...]
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    alignment: Alignment
    brief: Brief
    errors: tuple[ItemError, ...] = ()
    settings: dict[str, object] = field(default_factory=dict, hash=False, compare=False)


def article_label(article: Article) -> str:
    """The outlet's name, or the file name when the outlet is unknown."""
    if article.outlet:
        return article.outlet
    if article.path:
        return PurePath(article.path).stem
    return article.id
