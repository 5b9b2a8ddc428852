"""Property-based robustness: whatever bytes a file holds, ingest reports, it never raises."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsprism.ingest import iter_ingest, parse_date
from newsprism.ingest.feeds import Feed, html_fragment_text, parse_feed
from newsprism.ingest.html import Extracted, decode_html, extract_html
from newsprism.models import Article, ItemError

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

PREFIXES = [b"", b"<html>", b"<!DOCTYPE html><html><body><p>", b"<rss", b"<feed", b"<?xml",
            b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b'{"text":', b"text,title\n",
            b"WARC/1.0\r\n", b'<meta charset="']
ASCIIISH = st.binary(max_size=2_000).map(lambda b: bytes(c & 0x7F for c in b))
PAYLOADS = st.builds(lambda prefix, body: prefix + body, st.sampled_from(PREFIXES),
                     st.binary(max_size=20_000) | ASCIIISH)

# Inputs that once crashed ingest; run on every suffix as fixed examples, so these cases are
# checked every run rather than only when hypothesis happens to draw them.
CSV_CRASH = b"a,b\n1,2,3\n"
WARC_CRASH = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nshort"

SUFFIXES = [
    ".txt", ".html", ".xml", ".rss", ".jsonl",
    ".csv",
    ".warc",
]


def check_item(item):
    if isinstance(item, Article):
        assert item.text and item.text == item.text.strip()
        assert item.id.startswith("art_") and item.id == Article.id_for(item.text)
    else:
        assert isinstance(item, ItemError)
        assert item.message and item.source and item.stage in ("ingest", "warning")


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=PAYLOADS)
@example(data=CSV_CRASH)
@example(data=WARC_CRASH)
def test_ingest_never_raises_on_any_file(tmp_path, suffix, data):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    # an empty export or archive yields no items at all (no error either); anything else is
    # an Article or an ItemError
    for label, item in iter_ingest([path]):
        assert label
        check_item(item)


DECLARED = st.sampled_from([None, "utf-8", "iso-8859-1", "windows-1252", "shift_jis", "utf-16",
                            "koi8-r", "no-such-charset", ""])


@FUZZ
@given(raw=PAYLOADS, declared=DECLARED)
def test_decode_html_always_returns_text(raw, declared):
    assert isinstance(decode_html(raw, declared), str)


@pytest.mark.parametrize("where", ["meta", "declared"])
def test_decode_html_survives_the_undefined_codec(where):
    raw = b'<meta charset="undefined"><p>caf\xe9</p>'
    if where == "meta":
        assert "caf" in decode_html(raw)
    else:
        assert "caf" in decode_html(raw[26:], "undefined")


HTML_TEXT = st.lists(
    st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<br>", "<article>", "</article>",
                     "<title>", "</title>", "<script>", "<!--", "-->", "<h1>", "&amp;", "&#0;",
                     "<meta charset='x'>", "<?xml version='1.0' encoding='utf-8'?>", "\x00"])
    | st.text(max_size=200), max_size=40).map("".join)


@FUZZ
@given(raw=PAYLOADS | HTML_TEXT, url=st.none() | st.just("https://www.example.com/2014/05/06/x"))
def test_extract_html_raises_only_value_error(raw, url):
    try:
        page = extract_html(raw, url=url)
    except ValueError as exc:
        assert str(exc)
        return
    assert isinstance(page, Extracted) and page.text.strip()
    assert page.published is None or re.fullmatch(r"\d{4}-\d\d-\d\d", page.published)


ITEM = st.builds(
    "<item><title>{}</title><link>{}</link><pubDate>{}</pubDate><description>{}</description>"
    "</item>".format,
    st.text(max_size=40), st.sampled_from(["", "https://example.com/a", "javascript:x"]),
    st.text(max_size=40) | st.sampled_from(["Tue, 06 May 2014 10:00:00 GMT",
                                            "Mon, 31 Dec 9999 23:59:59 GMT", "0000-00-00"]),
    st.text(max_size=200))
FEEDS = (st.lists(ITEM, max_size=4).map(
    lambda items: ("<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
                   + "".join(items) + "</channel></rss>").encode("utf-8", "surrogatepass"))
         | PAYLOADS)


@FUZZ
@given(raw=FEEDS)
def test_parse_feed_raises_only_value_error(raw):
    try:
        feed = parse_feed(raw)
    except ValueError as exc:
        assert str(exc)
        return
    assert isinstance(feed, Feed) and feed.entries
    for entry in feed.entries:
        assert entry.key and isinstance(entry.content, str)
        assert entry.published is None or re.fullmatch(r"\d{4}-\d\d-\d\d", entry.published)


# characters XML 1.0 does not allow (lxml refuses them when set as text)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@FUZZ
@given(html=(HTML_TEXT | st.text(max_size=2_000)).map(lambda t: NOT_XML.sub("", t)))
def test_html_fragment_text_never_raises_on_xml_characters(html):
    text = html_fragment_text(html)
    assert isinstance(text, str) and "\n\n\n" not in text


@FUZZ
@given(html=HTML_TEXT | st.text(max_size=2_000))
@example(html="<br>\x1f")
@example(html="<p>a</p>\x0c")
def test_html_fragment_text_never_raises(html):
    assert isinstance(html_fragment_text(html), str)


def test_one_bad_entry_does_not_lose_the_feed():
    raw = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
           b"<item><title>Good</title><link>https://e.com/1</link>"
           b"<description>Fine entry text.</description></item>"
           b"<item><title>Bad</title><link>https://e.com/2</link>"
           b"<description>&lt;p&gt;Line&lt;br&gt;\x1fmore&lt;/p&gt;</description></item>"
           b"</channel></rss>")
    feed = parse_feed(raw)
    assert [e.title for e in feed.entries] == ["Good", "Bad"]


@FUZZ
@given(value=st.text(max_size=100) | st.integers() | st.floats() | st.none() | st.binary(
    max_size=20) | st.dates() | st.datetimes())
def test_parse_date_returns_none_or_an_iso_day(value):
    day = parse_date(value)
    assert day is None or re.fullmatch(r"\d{4}-\d\d-\d\d", day)


def test_an_unexpected_exception_in_a_reader_is_one_items_error(tmp_path, monkeypatch):
    """Issue 19, kind 1: whatever a reader raises ends only its own item."""
    import newsprism.ingest.readers as readers_module
    from newsprism.ingest import ingest

    (tmp_path / "a.txt").write_text("The harbour reopened on Monday after the strike ended.")
    (tmp_path / "b.txt").write_text("The dock workers voted on Sunday to end their strike.")
    real = readers_module.read_article

    def flaky(path):
        if path.name == "a.txt":
            raise TypeError("a library was handed what it did not expect")
        return real(path)

    monkeypatch.setattr(readers_module, "read_article", flaky)
    result = ingest([tmp_path])
    assert [a.text for a in result.articles] == [
        "The dock workers voted on Sunday to end their strike."]
    [error] = result.errors
    assert error.source.endswith("a.txt") and error.message.startswith("could not be read "
                                                                       "(TypeError")


@pytest.mark.parametrize("url", ["http://bücher.example/", "http://example.invalid/straße",
                                 "http://a\u200db..example/"])
def test_a_non_ascii_url_is_a_per_item_error_not_a_crash(url):
    from newsprism.ingest import ingest

    result = ingest([url, "http://user:secret@example.invalid/x"])
    assert not result.articles and len(result.errors) == 2
    assert all("TypeError" not in e.message for e in result.errors)
    assert not any("secret" in e.source or "secret" in e.message for e in result.errors)
