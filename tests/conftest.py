"""Shared fixtures. ``small_analysis`` is built by hand (no models loaded): three tiny articles
with real offsets found by ``str.find``, so report and store tests run in milliseconds and
can check exact spans."""

from __future__ import annotations

import pytest

from newsprism.models import (
    Alignment,
    Analysis,
    AnnotatedArticle,
    Article,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    Conflict,
    Coverage,
    DateMention,
    Entity,
    Fact,
    ItemError,
    Mention,
    Quantity,
    Quote,
    Sentence,
    TimelineEntry,
    content_id,
)

TEXT_A = (
    "Wagner fighters seized Rostov-on-Don on Saturday. "
    "About 25,000 fighters joined the march, Prigozhin said. "
    "The mutiny ended on June 24, 2023."
)
TEXT_B = (
    "Wagner troops took control of Rostov-on-Don. "
    "Officials said 8,000 fighters took part.\n"
    "Prigozhin said his men would \u201cturn back | home\u201d."
)
TEXT_C = (
    "The Kremlin said the deal was brokered by Lukashenko. "
    "Wagner fighters seized Rostov-on-Don. <script>alert(2)</script>"
)


def span(text: str, sub: str, after: int = 0) -> tuple[int, int]:
    """Offsets of ``sub`` in ``text``; fails loudly so a typo cannot yield a bogus span."""
    start = text.find(sub, after)
    assert start >= 0, f"{sub!r} not in text"
    return start, start + len(sub)


def _sentences(article: Article, parts: list[str]) -> tuple[Sentence, ...]:
    return tuple(
        Sentence(article.id, i, *span(article.text, part)) for i, part in enumerate(parts)
    )


def _claim(article: Article, sentence: str, kind: str = "statement", **kw: object) -> Claim:
    start, end = span(article.text, sentence)
    return Claim(
        id=content_id("clm", article.id, start, end), article_id=article.id, start=start,
        end=end, text=sentence, kind=kind, **kw,  # type: ignore[arg-type]
    )


def _mention(article: Article, text: str, label: str, sentence_index: int) -> Mention:
    return Mention(article.id, *span(article.text, text), text, label, sentence_index)


def _cite(claim: Claim) -> Citation:
    return Citation(claim.article_id, claim.start, claim.end)


@pytest.fixture
def small_analysis() -> Analysis:
    a = Article(
        id=Article.id_for(TEXT_A), text=TEXT_A, path="stories/a1.txt", outlet="Daily Planet",
        title="Mutiny <script>alert(1)</script> ends", published="2023-06-24",
        metadata_sources={"outlet": "sidecar", "title": "sidecar", "published": "text"},
    )
    b = Article(  # no outlet: labelled by its file stem, "gazette-b"
        id=Article.id_for(TEXT_B), text=TEXT_B, path="stories/gazette-b.md",
        title="Rostov taken", metadata_sources={"title": "first_line"},
    )
    c = Article(id=Article.id_for(TEXT_C), text=TEXT_C, outlet="Kremlin Watch")

    a_sents = ["Wagner fighters seized Rostov-on-Don on Saturday.",
               "About 25,000 fighters joined the march, Prigozhin said.",
               "The mutiny ended on June 24, 2023."]
    b_sents = ["Wagner troops took control of Rostov-on-Don.",
               "Officials said 8,000 fighters took part.",
               "Prigozhin said his men would \u201cturn back | home\u201d."]
    c_sents = ["The Kremlin said the deal was brokered by Lukashenko.",
               "Wagner fighters seized Rostov-on-Don."]

    wagner_id = content_id("ent", "Wagner")
    prig_id = content_id("ent", "Yevgeny Prigozhin")
    wagner = Entity(
        id=wagner_id, name="Wagner", type="ORG", aliases=("Wagner",),
        mentions=(_mention(a, "Wagner", "ORG", 0), _mention(b, "Wagner", "ORG", 0),
                  _mention(c, "Wagner", "PERSON", 1)),
    )
    prig = Entity(
        id=prig_id, name="Yevgeny Prigozhin", type="PERSON", aliases=("Prigozhin", "Prigojine"),
        mentions=(_mention(a, "Prigozhin", "PERSON", 1), _mention(b, "Prigozhin", "PERSON", 2)),
    )

    sa, ea = span(TEXT_A, a_sents[1])
    quote_a = Quote(
        id=content_id("quo", a.id, sa), article_id=a.id,
        start=sa, end=span(TEXT_A, "About 25,000 fighters joined the march")[1],
        text="About 25,000 fighters joined the march", direct=False, cue="said",
        speaker="Prigozhin", speaker_start=span(TEXT_A, "Prigozhin")[0],
        speaker_end=span(TEXT_A, "Prigozhin")[1], sentence_start=sa, sentence_end=ea,
        speaker_entity_id=prig_id,
    )
    sb, eb = span(TEXT_B, b_sents[2])
    qb = span(TEXT_B, "turn back | home")
    quote_b = Quote(
        id=content_id("quo", b.id, qb[0]), article_id=b.id, start=qb[0], end=qb[1],
        text="turn back | home", direct=True, cue="said", speaker="Prigozhin",
        speaker_start=sb, speaker_end=sb + len("Prigozhin"), sentence_start=sb,
        sentence_end=eb, speaker_entity_id=prig_id,
    )
    qa_span = span(TEXT_A, "25,000 fighters")
    qty_a = Quantity(
        id=content_id("qty", a.id, qa_span[0]), article_id=a.id, start=qa_span[0],
        end=qa_span[1], text="25,000 fighters", value=25000.0, unit=None, counted="fighters",
        bound="approximate", sentence_start=sa, sentence_end=ea,
    )
    sb2, eb2 = span(TEXT_B, b_sents[1])
    qb_span = span(TEXT_B, "8,000 fighters")
    qty_b = Quantity(
        id=content_id("qty", b.id, qb_span[0]), article_id=b.id, start=qb_span[0],
        end=qb_span[1], text="8,000 fighters", value=8000.0, unit=None, counted="fighters",
        bound="exact", sentence_start=sb2, sentence_end=eb2,
    )
    d_span = span(TEXT_A, "June 24, 2023")
    sd, ed = span(TEXT_A, a_sents[2])
    date_a = DateMention(
        id=content_id("dat", a.id, d_span[0]), article_id=a.id, start=d_span[0],
        end=d_span[1], text="June 24, 2023", value="2023-06-24", granularity="day",
        resolution="absolute", anchor=None, sentence_start=sd, sentence_end=ed,
    )

    annotated = (
        AnnotatedArticle(a, _sentences(a, a_sents), wagner.mentions[:1] + prig.mentions[:1],
                         (quote_a,), (qty_a,), (date_a,)),
        AnnotatedArticle(b, _sentences(b, b_sents), (wagner.mentions[1], prig.mentions[1]),
                         (quote_b,), (qty_b,), ()),
        AnnotatedArticle(c, _sentences(c, c_sents), (wagner.mentions[2],), (), (), ()),
    )

    a_seized = _claim(a, a_sents[0], entity_ids=(wagner_id,))
    a_count = _claim(a, a_sents[1], "quantity", entity_ids=(prig_id,), speaker="Prigozhin",
                     speaker_entity_id=prig_id, quote_ids=(quote_a.id,),
                     quantity_ids=(qty_a.id,), attributed=True)
    a_date = _claim(a, a_sents[2], "date", date_ids=(date_a.id,))
    b_seized = _claim(b, b_sents[0], entity_ids=(wagner_id,))
    b_count = _claim(b, b_sents[1], "quantity", speaker="Officials",
                     quantity_ids=(qty_b.id,), attributed=True)
    b_quote = _claim(b, b_sents[2], "quote", speaker="Prigozhin", speaker_entity_id=prig_id,
                     quote_ids=(quote_b.id,), attributed=True)
    c_deal = _claim(c, c_sents[0], attributed=True, speaker="The Kremlin")
    c_seized = _claim(c, c_sents[1], entity_ids=(wagner_id,))
    claims = (a_seized, a_count, a_date, b_seized, b_count, b_quote, c_deal, c_seized)

    conflict = Conflict(
        id=content_id("cnf", a_count.id, b_count.id), kind="numeric", claim_a=a_count.id,
        claim_b=b_count.id, score=0.8734,
        reason="25,000 vs 8,000 fighters: the counts differ by more than a factor of 3",
        method="quantity comparison", between_speakers=True,
    )
    consensus = Fact(
        id=content_id("fct", a_seized.id, b_seized.id, c_seized.id),
        claim_ids=(a_seized.id, b_seized.id, c_seized.id), representative_claim_id=a_seized.id,
        article_ids=(a.id, b.id, c.id), outlets=("Daily Planet", "gazette-b", "Kremlin Watch"),
        omitted_by=(), status="consensus", cohesion=0.91, independent_sources=3,
        origins=((a_seized.id,), (b_seized.id,), (c_seized.id,)),
        coverage=(Coverage("Daily Planet", "carries", (a.id,), (a_seized.id,)),
                  Coverage("Kremlin Watch", "carries", (c.id,), (c_seized.id,)),
                  Coverage("gazette-b", "carries", (b.id,), (b_seized.id,))),
    )
    disputed = Fact(
        id=content_id("fct", a_count.id, b_count.id), claim_ids=(a_count.id, b_count.id),
        representative_claim_id=a_count.id, article_ids=(a.id, b.id),
        outlets=("Daily Planet", "gazette-b"), omitted_by=(c.id,), status="disputed",
        conflict_ids=(conflict.id,), cohesion=0.8, independent_sources=2,
        origins=((a_count.id,), (b_count.id,)),
        coverage=(Coverage("Daily Planet", "carries", (a.id,), (a_count.id,)),
                  Coverage("Kremlin Watch", "omits", (c.id,)),
                  Coverage("gazette-b", "contradicts", (b.id,), (b_count.id,))),
    )
    single = Fact(
        id=content_id("fct", c_deal.id), claim_ids=(c_deal.id,),
        representative_claim_id=c_deal.id, article_ids=(c.id,), outlets=("Kremlin Watch",),
        omitted_by=(a.id, b.id), status="single_source", origins=((c_deal.id,),),
        coverage=(Coverage("Daily Planet", "omits", (a.id,)),
                  Coverage("Kremlin Watch", "carries", (c.id,), (c_deal.id,)),
                  Coverage("gazette-b", "omits", (b.id,))),
    )

    brief = Brief(
        sentences=(
            BriefSentence("Wagner fighters seized Rostov-on-Don.", consensus.id,
                          (_cite(a_seized), _cite(b_seized), _cite(c_seized))),
            BriefSentence("Estimates of the force differ: about 25,000 or 8,000 fighters.",
                          disputed.id, (_cite(a_count), _cite(b_count))),
        ),
        timeline=(
            TimelineEntry("2023-06-24", "day", "The mutiny ended.", (date_a.id,),
                          (_cite(a_date),)),
        ),
    )
    return Analysis(
        articles=(a, b, c),
        annotated=annotated,
        entities=(wagner, prig),
        claims=claims,
        alignment=Alignment(facts=(consensus, disputed, single), conflicts=(conflict,)),
        brief=brief,
        errors=(ItemError("stories/broken.pdf", "ingest", "unsupported file type .pdf"),),
        settings={"similarity_threshold": 0.78, "nli": False},
    )


@pytest.fixture
def postgres_url():
    """A fresh schema on the test PostgreSQL server named by ``NEWSPRISM_TEST_POSTGRES``
    (``.ci/run`` starts one with ``.ci/postgres.sh`` and sets ``NEWSPRISM_REQUIRE_POSTGRES``,
    so in CI these tests run or fail, never skip)."""
    import os
    import uuid

    url = os.environ.get("NEWSPRISM_TEST_POSTGRES")
    if not url:
        if os.environ.get("NEWSPRISM_REQUIRE_POSTGRES"):
            pytest.fail("NEWSPRISM_REQUIRE_POSTGRES is set but NEWSPRISM_TEST_POSTGRES is not")
        pytest.skip("no test PostgreSQL: export NEWSPRISM_TEST_POSTGRES=$(bash .ci/postgres.sh)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{url}?options=-csearch_path%3D{schema}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request, tmp_path):
    """Each store test runs on both backends: a SQLite file and a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "nested" / "dir" / "newsprism.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1 (see tests/http_server.py)."""
    from tests.http_server import LocalServer

    with LocalServer() as server:
        yield server
