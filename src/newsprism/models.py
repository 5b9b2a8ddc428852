"""The one data model that flows between newsprism's stages.

Every record is a frozen dataclass. Spans are character offsets into ``Article.text``
(``text[start:end]``), never free-floating copies; a record may carry the covered text for
convenience, but the offsets are the evidence. Ids are content hashes, so re-running the
pipeline on the same input updates records instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

ClaimKind = Literal["statement", "quote", "quantity", "date"]
FactStatus = Literal["consensus", "single_source", "disputed"]
# newsprism's own conflict kinds; a check registered in ``registries.conflict_checks`` may
# name its own (a lower-case word).
CONFLICT_KINDS = ("numeric", "temporal", "actor", "semantic")
ConflictKind = str
CoverageStatus = Literal["carries", "omits", "not_found", "contradicts"]
ReuseKind = Literal["copy", "partial"]
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
    # Where each metadata field came from: "sidecar", "front_matter", "text", "html", "feed",
    # "column", "url" or "domain".
    metadata_sources: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    url: str | None = None  # canonical URL when the page names one, else the fetched URL
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    language: str | None = None  # ISO 639-1, detected at ingest; None when too short to tell
    # The publication time as the source wrote it, with its UTC offset ("2023-06-24T22:40:00
    # -04:00"), when the source gives a time and a zone; ``published`` is that local day.
    published_at: str | None = None

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
class ContentWord:
    """A noun, verb or adjective of an article (alphabetic, not a stop word), as annotate's
    parse read it in its sentence: offsets in the article text and the lower-case lemma. Later
    stages (framing's word choice) read these instead of parsing the text again."""

    start: int
    end: int
    lemma: str
    pos: str  # Universal POS: NOUN, VERB or ADJ


@dataclass(frozen=True)
class Description:
    """The common nouns and adjectives that describe the mention at ``start``–``end`` in its
    sentence, lemmas in lower case: the noun it modifies, its own modifiers, an apposition
    ("the Wagner *mercenary* *group*", "Wagner, the *private* *military* *company*")."""

    start: int
    end: int
    terms: tuple[str, ...]


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
    # A stated period ("from 1966 to 1978") runs from ``value`` to ``until`` (ISO, its own
    # precision); None for a single date.
    until: str | None = None
    part: str | None = None  # "early", "mid" or "late" of the month or year in ``value``


@dataclass(frozen=True)
class Clause:
    """One statement of a sentence: a coordinated clause with its own subject, the content
    of a speech verb ("it was announced that [all measures were lifted]"), or a relative
    clause set off by a comma ("Edward Brooke, [who served from 1967 to 1979]")."""

    article_id: str
    start: int  # the statement
    end: int
    sentence_index: int
    sentence_start: int  # the sentence it belongs to: the evidence a user clicks through to
    sentence_end: int
    subject: str | None  # lemma of the subject's head word ("measure")
    predicate: str  # verb lemma with particles, or a copula's complement ("in place")
    negated: bool
    # the speech verb that attributes it ("announce"), or the word naming a gerund act
    # ("plead" of "pleaded guilty to [using campaign funds]"), if any
    cue: str | None = None
    argument: str | None = None  # the object's head lemma, or an open complement's verb
    # What a relative clause is about ("Edward Brooke, [who served from 1967 to 1979]"): the
    # offsets of the noun its "who"/"which" stands for, outside the statement; for a gerund
    # act, its doer ("blamed Holder for [failing to enforce the ban]").
    about: tuple[int, int] | None = None


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
    clauses: tuple[Clause, ...] = ()  # empty when the spaCy model has no parser
    # From the same parse, for later stages (empty when the model has no tagger / parser, or
    # for records built by other code): content words in text order, mention descriptions.
    content_words: tuple[ContentWord, ...] = ()
    descriptions: tuple[Description, ...] = ()

    def sentence_of(self, mention: Mention) -> Sentence | None:
        """The sentence holding the mention's first character: its ``sentence_index`` when
        that agrees, else found by offset (mentions built by other code may lack it)."""
        if 0 <= mention.sentence_index < len(self.sentences):
            sentence = self.sentences[mention.sentence_index]
            if sentence.start <= mention.start < sentence.end:
                return sentence
        at = bisect_right([s.start for s in self.sentences], mention.start) - 1
        if at >= 0 and mention.start < self.sentences[at].end:
            return self.sentences[at]
        return None


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
    """One checkable statement of one article: a clause of a sentence, or the whole sentence.
    ``start``/``end`` cover the statement, ``sentence_start``/``sentence_end`` its sentence."""

    id: str
    article_id: str
    start: int  # the statement
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
    sentence_start: int | None = None  # the source sentence (None: the statement is one)
    sentence_end: int | None = None
    subject: str | None = None  # lemma of the statement's subject head, from the parse
    predicate: str | None = None  # its verb lemma, or a copula's complement ("in place")
    negated: bool = False
    argument: str | None = None  # what the predicate acts on ("leave" of "agreed to leave")

    @property
    def sentence_span(self) -> tuple[int, int]:
        if self.sentence_start is None or self.sentence_end is None:
            return self.start, self.end
        return self.sentence_start, self.sentence_end


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
    speaker_a: str | None = None  # who says claim_a, when the outlet attributes it
    speaker_b: str | None = None
    hedged: bool = False  # a side is hedged ("reportedly"): weaker than an assertion


@dataclass(frozen=True)
class Coverage:
    """What one outlet does with one fact: carries it, contradicts it (one of its claims
    conflicts with the fact's claims), omits it although it covers the story (none of its
    claims comes even loosely close), or the fact is not found in it (one comes close but was
    not matched: it may state the fact in other words)."""

    outlet: str
    status: CoverageStatus
    article_ids: tuple[str, ...]
    claim_ids: tuple[str, ...] = ()  # the outlet's claims that carry or contradict the fact


@dataclass(frozen=True)
class TextReuse:
    """Two articles sharing text: ``copy`` (one wire story run twice) makes them one source."""

    article_a: str
    article_b: str
    containment: float  # share of the shorter article's 5-word shingles found in the other
    shared_shingles: int
    kind: ReuseKind


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
    # Copies of one wire text count once: claim ids grouped by independent origin.
    independent_sources: int = 1
    origins: tuple[tuple[str, ...], ...] = ()
    coverage: tuple[Coverage, ...] = ()  # one entry per outlet covering the story
    score: float = 1.0  # mean same-fact probability of its pairs of claims (align/samefact.py)
    reason: str = ""  # the evidence for its weakest pair, in words


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
    reuse: tuple[TextReuse, ...] = ()


@dataclass(frozen=True)
class NearDuplicate:
    """Two stored articles that are one text (``near_duplicate``: light edits) or one of which
    is mostly the other's text (``wire_copy``: an agency story run with local additions).
    Estimated from MinHash signatures at ingest; ``article_a`` < ``article_b``."""

    article_a: str
    article_b: str
    jaccard: float
    containment: float  # share of the shorter text found in the longer
    kind: str  # "near_duplicate" | "wire_copy"


@dataclass(frozen=True)
class Story:
    """Articles about one event, and why they belong together: the entities and terms most of
    them share and their mean similarity to the story's centre (``cohesion``)."""

    id: str  # the hash of the article that opened the story: stable across runs
    article_ids: tuple[str, ...]
    title: str  # the headline of the member closest to the story's centre
    first_day: str | None = None
    last_day: str | None = None
    entities: tuple[tuple[str, int], ...] = ()  # (folded name, members naming it)
    terms: tuple[str, ...] = ()
    cohesion: float = 1.0


@dataclass(frozen=True)
class StoryEvent:
    """A change to the stories: ``merge`` (``other_id`` joined ``story_id``) or ``split``
    (``other_id`` left ``story_id``), caused by ``article_id``'s arrival."""

    kind: str
    story_id: str
    other_id: str
    article_id: str | None = None


@dataclass(frozen=True)
class Voice:
    """A voice one outlet quotes or cites in a story, and how much room it gets."""

    outlet: str
    speaker: str  # the resolved entity's name when there is one, else as written
    speaker_entity_id: str | None
    kind: str  # "person" | "institution" | "media" | "anonymous"
    quotes: int
    words: int  # words of quoted or reported text
    share: float  # of all the words this outlet quotes in the story
    only_here: bool  # no other outlet of the story quotes this voice
    citations: tuple[Citation, ...]  # the quotes


@dataclass(frozen=True)
class Tone:
    """One outlet's tone in the sentences that name one actor: the mean VADER compound of
    those sentences (-1 negative … +1 positive), with each sentence and its own score."""

    outlet: str
    entity_id: str
    entity: str
    score: float
    label: str  # "negative" | "neutral" | "positive" (|score| < 0.05 is neutral)
    citations: tuple[Citation, ...]  # the sentences
    sentence_scores: tuple[float, ...]  # one per citation


@dataclass(frozen=True)
class Term:
    """One word an outlet uses for a referent."""

    term: str
    count: int
    only_here: bool  # no other outlet uses it for this referent
    valence: float | None  # VADER lexicon valence when |valence| >= 2: evaluative, with evidence
    citations: tuple[Citation, ...]  # the sentences (entities) or claims (facts) using it


@dataclass(frozen=True)
class WordChoice:
    """The words one outlet uses to name or describe one referent: an entity resolved across
    outlets, or a fact aligned from several outlets' claims."""

    referent_kind: str  # "entity" | "fact"
    referent_id: str
    referent: str
    outlet: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Framing:
    voices: tuple[Voice, ...] = ()
    tone: tuple[Tone, ...] = ()
    words: tuple[WordChoice, ...] = ()


NOTICE_STAGES = ("skipped", "warning")


@dataclass(frozen=True)
class ItemError:
    """A per-item failure: the rest of the batch goes on. Two stages are notices, not
    failures: "skipped" (read and stored, not analysed) and "warning" (read; check it)."""

    source: str
    stage: str
    message: str

    @property
    def fails(self) -> bool:
        """False for notices ("skipped", "warning"): they do not fail a run."""
        return self.stage not in NOTICE_STAGES


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
    # Ingested but not analysed (another language): stored, flagged, listed in the report.
    skipped: tuple[Article, ...] = ()
    framing: Framing = field(default_factory=Framing)


def article_label(article: Article) -> str:
    """The outlet's name, or the file name when the outlet is unknown."""
    if article.outlet:
        return article.outlet
    if article.path:
        return PurePath(article.path).stem
    return article.id
