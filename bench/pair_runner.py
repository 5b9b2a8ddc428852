"""Run newsprism's stages on many two-article "stories" at once, for the pair benches.

All articles are annotated in one batch (the expensive part); each pair is then resolved,
cut into claims and aligned on its own, exactly as the pipeline does for one story.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from newsprism import annotate as annotate_stage  # noqa: E402
from newsprism.align import AlignSettings, align  # noqa: E402
from newsprism.claims import extract_claims  # noqa: E402
from newsprism.models import Article  # noqa: E402
from newsprism.resolve import link_speakers, resolve  # noqa: E402


@dataclass(frozen=True)
class PairResult:
    conflict: object | None  # the strongest Conflict between the two target spans, if any
    same_fact: bool  # a fact holds claims from both target spans
    between_speakers: bool


def article(side: dict, fallback_outlet: str) -> Article:
    text = side["text"]
    return Article(id=Article.id_for(text + fallback_outlet), text=text,
                   outlet=side.get("outlet") or fallback_outlet, title=side.get("title"),
                   published=side.get("published"))


def run_pairs(pairs: list[tuple[Article, Article, tuple[int, int], tuple[int, int]]],
              settings: AlignSettings) -> list[PairResult]:
    """``pairs``: (article a, article b, target span in a, target span in b)."""
    articles = list({a.id: a for p in pairs for a in p[:2]}.values())
    annotated = {a.article.id: a for a in annotate_stage.annotate(articles)}
    results = []
    for first, second, span_a, span_b in pairs:
        story = [annotated[first.id], annotated[second.id]]
        entities = resolve(story)
        story = link_speakers(story, entities)
        claims = extract_claims(story, entities)
        alignment = align(claims, story, settings=settings, entities=entities)
        in_a = {c.id for c in claims if c.article_id == first.id and _overlaps(c, span_a)}
        in_b = {c.id for c in claims if c.article_id == second.id and _overlaps(c, span_b)}
        conflicts = [k for k in alignment.conflicts
                     if {k.claim_a, k.claim_b} & in_a and {k.claim_a, k.claim_b} & in_b]
        same = any(set(f.claim_ids) & in_a and set(f.claim_ids) & in_b
                   for f in alignment.facts)
        best = max(conflicts, key=lambda k: k.score, default=None)
        results.append(PairResult(best, same, bool(best and best.between_speakers)))
    return results


def _overlaps(claim, span: tuple[int, int]) -> bool:
    return claim.start < span[1] and span[0] < claim.end
