"""Claims: the checkable statements of each article, with what they involve.

One claim per clause of each substantive sentence (a sentence may state several things, each
of which may agree or conflict with a different report), pointing at the statement and at its
sentence by offsets. A claim records the entities it involves, its quotes, quantities and
dates, its subject, predicate and object from the parse, and whether the outlet asserts it or
reports that someone else does (attributed) or hedges it ("reportedly", "information is
circulating") — a conflict between attributed claims is a disagreement between speakers.
"""

from __future__ import annotations

import re

from newsprism.models import AnnotatedArticle, Claim, Clause, Entity, content_id
from newsprism.resolve import EntityIndex

MIN_WORDS = 6  # shorter lines are headings, captions or fragments, not claims
HEDGES = re.compile(
    r"\b(reportedly|allegedly|purportedly|apparently|rumou?red|unconfirmed|it is said|"
    r"(?:is|are|was|were) said to|(?:is|are|was|were) believed to|it (?:has been|was|is) reported|"
    r"information is circulating|sources? (?:say|said|claim)|may have|might have|could have|"
    r"possibly|it is possible|it appears|appear(?:s|ed)? to)\b",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(
    r"\b(according to|said|says|told|claimed|claims|stated|declared|announced|insisted|"
    r"tweeted|wrote|reported|alleged|accused|denied|vowed|warned|quoted)\b",
    re.IGNORECASE,
)
SKIP_PREFIXES = re.compile(r"^(also read|read more|related|advertisement|click here)\b", re.I)
# Page furniture that web extraction leaves inside the text: captions, galleries, players.
BOILERPLATE = re.compile(r"\b(hide caption|toggle caption|media playback is unsupported|"
                         r"media caption|image copyright|image caption|\d+ of \d+ photos)\b",
                         re.I)


def extract_claims(annotated: list[AnnotatedArticle], entities: list[Entity]) -> list[Claim]:
    """Claims of every article in the batch, in article and sentence order."""
    index = EntityIndex(entities)
    claims = []
    for item in annotated:
        claims.extend(_article_claims(item, index))
    return claims


def _article_claims(item: AnnotatedArticle, index: EntityIndex) -> list[Claim]:
    """One claim per clause of each substantive sentence (one per sentence where the annotate
    stage had no parser to find clauses)."""
    text = item.article.text
    clauses_of: dict[int, list[Clause]] = {}
    for clause in item.clauses:
        clauses_of.setdefault(clause.sentence_index, []).append(clause)
    claims = []
    for sentence in item.sentences:
        start, end = _trim(text, sentence.start, sentence.end)
        body = text[start:end]
        if (len(body.split()) < MIN_WORDS or SKIP_PREFIXES.match(body) or is_fragment(body)
                or BOILERPLATE.search(body)):
            continue
        clauses = clauses_of.get(sentence.index)
        if not clauses:
            claims.append(_claim(item, index, (start, end), (start, end), None))
            continue
        for clause in clauses:
            claims.append(_claim(item, index, (clause.start, clause.end), (start, end), clause))
    return claims


def is_fragment(text: str) -> bool:
    """A line without closing punctuation is a heading, photo caption, credit or link, not a
    claim ("Enlarge this image toggle caption Jane Doe/AP"): reporters end their sentences."""
    return not text.rstrip().endswith((".", "!", "?", '"', "”", "'", "’", ")"))


def _claim(item: AnnotatedArticle, index: EntityIndex, span: tuple[int, int],
           sentence: tuple[int, int], clause: Clause | None) -> Claim:
    article_id, text = item.article.id, item.article.text
    start, end = span
    body = text[start:end]
    quotes = [q for q in item.quotes if _overlaps(q.start, q.end, start, end)]
    quantities = [q for q in item.quantities if start <= q.start < end]
    dates = [d for d in item.dates if start <= d.start < end]
    speaking = next((q for q in quotes if q.speaker), None)
    kind = "quote" if quotes else "quantity" if quantities else "date" if dates else "statement"
    # The words that frame a reported clause ("information is circulating that …") hedge it.
    frame = text[sentence[0]:start] if clause is not None and clause.cue else ""
    return Claim(
        id=content_id("clm", article_id, start, end),
        article_id=article_id, start=start, end=end, text=body, kind=kind,
        entity_ids=tuple(dict.fromkeys(index.in_span(article_id, start, end)
                                       + _about(index, article_id, clause))),
        speaker_entity_id=speaking.speaker_entity_id if speaking else None,
        speaker=speaking.speaker if speaking else None,
        quote_ids=tuple(q.id for q in quotes),
        quantity_ids=tuple(q.id for q in quantities),
        date_ids=tuple(d.id for d in dates),
        attributed=bool(speaking or (clause and clause.cue) or ATTRIBUTION.search(body)),
        hedged=bool(HEDGES.search(body) or HEDGES.search(frame)),
        sentence_start=sentence[0], sentence_end=sentence[1],
        subject=clause.subject if clause else None,
        predicate=clause.predicate if clause else None,
        negated=clause.negated if clause else False,
        argument=clause.argument if clause else None,
    )


def _about(index: EntityIndex, article_id: str, clause: Clause | None) -> list[str]:
    """The entities a relative clause's "who" stands for, or a gerund act's doer ("Holder" of
    "failing to enforce the ban"): its claim involves them."""
    if clause is None or clause.about is None:
        return []
    return index.in_span(article_id, *clause.about)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end
