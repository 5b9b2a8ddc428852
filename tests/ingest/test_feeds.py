"""RSS and Atom: entries, teasers fetched from the linked page, keys for watching."""

from __future__ import annotations

import pytest

from newsprism.ingest import FetchSettings, IngestOptions, ingest
from newsprism.ingest.feeds import feed_articles, html_fragment_text, parse_feed
from newsprism.ingest.fetch import Fetcher
from tests.http_server import Route, article_html

FULL = " ".join(["The port reopened on Monday after a three-day strike by dock workers."] * 14)
PAGE_PARAGRAPHS = [
    "Dock workers ended a three-day strike on Monday after the port authority agreed to talks.",
    "The union said the agreement covers pay and the length of night shifts at the terminal.",
    "Shipping companies had diverted at least twelve vessels to other ports during the strike.",
]


def rss(base: str, extra_item: str = "") -> bytes:
    return f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour News</title><link>{base}/</link>
<item><guid>full-1</guid><title>Port reopens</title><link>{base}/full</link>
<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate><author>Jo Lee</author>
<description><![CDATA[<p>{FULL}</p>]]></description></item>
<item><guid>teaser-2</guid><title>Strike ends</title><link>{base}/page</link>
<pubDate>Mon, 04 Mar 2024 18:00:00 GMT</pubDate>
<description>Dock workers ended their strike. Read more…</description></item>
{extra_item}</channel></rss>""".encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Daily</title>
<entry><id>urn:1</id><title>One</title><updated>2024-03-01T12:00:00Z</updated>
<author><name>A. Writer</name></author>
<content type="html">&lt;p&gt;First paragraph here.&lt;/p&gt;
&lt;p&gt;Second one.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_entries_parsed() -> None:
    feed = parse_feed(rss("http://example.com"))
    assert feed.title == "Harbour News" and [e.key for e in feed.entries] == ["full-1", "teaser-2"]
    full, teaser = feed.entries
    assert full.published == "2024-03-05" and full.authors == "Jo Lee" and full.has_full_text
    assert not teaser.has_full_text


def test_atom_entry_content_as_paragraphs() -> None:
    (entry,) = parse_feed(ATOM).entries
    assert entry.content == "First paragraph here.\n\nSecond one."
    assert entry.published == "2024-03-01" and entry.authors == "A. Writer"


@pytest.mark.parametrize("raw", [b"", b"<html><body>not a feed</body></html>", b"<rss><chan"])
def test_broken_feeds_are_a_clear_error(raw: bytes) -> None:
    with pytest.raises(ValueError, match="not a readable RSS/Atom feed"):
        parse_feed(raw)


def test_teaser_entries_fetch_the_linked_page(http_server) -> None:
    base = http_server.url("")
    http_server.routes["/page"] = Route(article_html("Strike ends at port", PAGE_PARAGRAPHS))
    feed = parse_feed(rss(base))
    with Fetcher(FetchSettings(allow_private=True)) as fetcher:
        results = dict((e.key, a) for e, a in feed_articles(feed, base + "/rss", fetcher))
    full, page = results["full-1"], results["teaser-2"]
    assert full.text.startswith("The port reopened") and full.outlet == "Harbour News"
    assert "night shifts" in page.text and page.title == "Strike ends"  # the feed's title wins
    assert page.metadata_sources["title"] == "feed" and page.published == "2024-03-04"
    assert [path for path, _ in http_server.requests] == ["/page"]  # the full entry: no fetch


def test_without_following_teasers_are_kept_and_marked() -> None:
    feed = parse_feed(rss("http://example.com"))
    results = [a for _, a in feed_articles(feed, "feed.xml", None)]
    assert results[1].metadata_sources["text"] == "feed_summary"


def test_feed_url_through_ingest_with_a_dead_link(http_server) -> None:
    http_server.routes["/rss"] = Route(rss(http_server.url("")),
                                       content_type="application/rss+xml")
    options = IngestOptions(fetch=FetchSettings(allow_private=True))
    result = ingest([http_server.url("/rss")], options)
    assert len(result.articles) == 1  # the teaser's page is a 404
    (error,) = result.errors
    assert error.source.endswith("#" + http_server.url("/page")) and "404" in error.message


def test_fragment_text() -> None:
    assert html_fragment_text("<p>a <b>b</b></p><ul><li>c</li></ul>") == "a b\n\nc"


AGGREGATOR = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>"harbour strike" - Google News</title>
<link>https://news.google.com/</link>
<item><title>Port reopens after strike - Harbour Post</title><link>https://post.example/a</link>
<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate><description>{text}</description>
<source url="https://post.example/">Harbour Post</source></item>
<item><title>Strike ends | The Quay</title><link>https://quay.example/b</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate><description>{text}.</description>
<source url="https://quay.example/">  The   Quay </source></item>
<item><title>Dockers back at work</title><link>https://x.example/c</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>{text}..</description>
</item></channel></rss>"""


def test_an_aggregator_entry_belongs_to_the_outlet_its_source_names(tmp_path):
    """Field case 14's kind (Google News, Inoreader bundles): the entry's <source> is its
    outlet; the title loses the " - Outlet" the aggregator appended; an entry without one
    keeps the channel."""
    path = tmp_path / "gn.rss"
    path.write_text(AGGREGATOR.format(text=FULL), encoding="utf-8")
    result = ingest([path], IngestOptions(follow_links=False))
    got = sorted((a.outlet, a.title) for a in result.articles)
    assert got == [('"harbour strike" - Google News', "Dockers back at work"),
                   ("Harbour Post", "Port reopens after strike"),
                   ("The Quay", "Strike ends")]


def test_an_atom_entry_source_names_its_outlet(tmp_path):
    atom = ATOM.replace(b"<author>", b"<source><title>Wire Desk</title><id>urn:w</id>"
                        b"</source><author>")
    path = tmp_path / "a.atom"
    path.write_bytes(atom)
    [article] = ingest([path], IngestOptions(follow_links=False)).articles
    assert article.outlet == "Wire Desk" and article.metadata_sources["outlet"] == "feed"


@pytest.mark.parametrize(("stamp", "day"), [
    ("Sat, 24 Jun 2023 22:40:00 -0400", "2023-06-24"),
    ("Sat, 24 Jun 2023 21:15:00 CEST", "2023-06-24"),
    ("Sun, 25 Jun 2023 00:30:00 +0300", "2023-06-25"),
    ("Sun, 25 Jun 2023 06:00:00 EDT", "2023-06-25"),
])
def test_an_entry_is_dated_on_its_outlets_own_day(tmp_path, stamp, day):
    """Field case 07's kind (gofeed #237, NetNewsWire #2901): the day written in the
    entry, not the UTC day feedparser converts it to."""
    feed = rss("https://h.example").replace(b"Tue, 05 Mar 2024 08:00:00 GMT", stamp.encode())
    parsed = parse_feed(feed)
    assert parsed.entries[0].published == day


def test_field_cases_07_and_14_from_their_fixtures():
    from pathlib import Path

    cases = Path(__file__).parents[1] / "fixtures/cases"
    digest = ingest([cases / "07-feed-pubdate-timezone-day"], IngestOptions(follow_links=False))
    assert sorted(a.published for a in digest.articles) == [
        "2023-06-24", "2023-06-24", "2023-06-25"]
    assert sorted(a.published_at for a in digest.articles) == [
        "2023-06-24T21:15:00+02:00", "2023-06-24T22:40:00-04:00", "2023-06-25T00:30:00+03:00"]
    dam = ingest([cases / "14-aggregator-feed-source-element"],
                 IngestOptions(follow_links=False))
    assert sorted(a.outlet for a in dam.articles) == [
        "Brockley Vale Gazette", "Northshire Echo", "Vale Courier"]


def test_a_guid_that_is_no_url_is_not_fetched_as_the_entrys_page(tmp_path):
    """feedparser offers a guid as the link when isPermaLink is left at its default; "story-7"
    is no page: the entry's own text is kept instead of a fetch error."""
    feed = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item>"
            b"<guid>story-7</guid><description>Dock workers ended their three-day strike on "
            b"Monday after the port authority agreed to talks.</description></item>"
            b"</channel></rss>")
    [entry] = parse_feed(feed).entries
    assert entry.link is None
    [(_, article)] = list(feed_articles(parse_feed(feed), "feed.rss", None))
    assert article.text.startswith("Dock workers ended")
