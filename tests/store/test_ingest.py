"""What ingest stores, on both backends: articles with page metadata, signatures, links,
errors (cleared when the item later succeeds), feed state."""

from __future__ import annotations

from newsprism.ingest.dedup import signature
from newsprism.ingest.meta import make_article, with_language
from newsprism.models import ItemError, NearDuplicate
from newsprism.store import open_store
from newsprism.store.ingest import FeedState


def article(text: str, path: str = "a.txt"):
    return with_language(make_article(text, {
        "path": path, "url": "https://www.example.org/2024/01/02/x",
        "authors": "Ann Smith; Bo Li"}, {}))


def test_articles_round_trip_with_page_metadata(store_target) -> None:
    first = article("Floods closed the valley road on Sunday, the county said in a statement "
                    "released late in the evening after the river rose again.")
    with open_store(store_target) as store:
        store.save_ingested([first], [signature(first)])
        (stored,) = store.articles()
        (sig,) = store.signatures()
    assert stored == first
    assert stored.authors == ("Ann Smith", "Bo Li") and stored.outlet == "example.org"
    assert stored.published == "2024-01-02" and stored.language == "en"
    assert sig == signature(first)


def test_the_publication_time_and_its_offset_round_trip(store_target) -> None:
    evening = with_language(make_article(
        "The governor signed the flood buyout law late on Saturday evening in the capital.",
        {"path": "feed#a", "published": "2023-06-24",
         "published_at": "2023-06-24T22:40:00-04:00"}, {"published_at": "feed"}))
    with open_store(store_target) as store:
        store.save_ingested([evening])
        (stored,) = store.articles()
    assert stored == evening and stored.published_at == "2023-06-24T22:40:00-04:00"


def test_errors_listed_latest_first_and_cleared_on_success(store_target) -> None:
    good = article("A complete article text that finally parses. " * 3, path="b.txt")
    with open_store(store_target) as store:
        store.save_ingested([], errors=[ItemError("b.txt", "ingest", "file is empty"),
                                        ItemError("c.txt", "ingest", "not UTF-8")])
        store.save_ingested([], errors=[ItemError("c.txt", "ingest", "not UTF-8")])
        assert {e.source for e in store.errors()} == {"b.txt", "c.txt"}
        assert len(store.errors(limit=1)) == 1 and store.errors(stage="annotate") == []
        store.save_ingested([good])
        assert [e.source for e in store.errors()] == ["c.txt"]


def test_links_and_feed_state(store_target) -> None:
    a = article("First text about the harbour strike and the ships waiting outside. " * 3)
    b = article("Second text about the harbour strike and the ships waiting outside. " * 3, "b")
    link = NearDuplicate(*sorted((a.id, b.id)), 0.9, 0.95, "near_duplicate")
    with open_store(store_target) as store:
        store.save_ingested([a, b], links=[link], feed_entries=[("http://f/rss", "k1", a.id)])
        store.save_ingested([], links=[link])  # idempotent
        assert store.near_duplicates() == [link] and store.near_duplicates(b.id) == [link]
        assert store.seen_entries("http://f/rss") == {"k1"}
        store.save_feed_state(FeedState("http://f/rss", '"e1"', "Mon", title="Feed"), "1 new")
        state = store.feed_state("http://f/rss")
        assert state.etag == '"e1"' and state.title == "Feed" and state.last_polled
        store.save_feed_state(state, "error: timed out")  # a failed poll keeps what it knew
        assert store.feed_state("http://f/rss").title == "Feed"
        assert store.feed_state("http://other/rss") == FeedState("http://other/rss")
