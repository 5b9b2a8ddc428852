"""HTML pages: main text without navigation, metadata, encodings declared wrongly."""

from __future__ import annotations

import pytest

from newsprism.ingest.html import article_from_html, decode_html, extract_html, looks_like_html
from tests.http_server import article_html

PARAGRAPHS = [
    "The city council voted on Tuesday to close the old river bridge to heavy traffic.",
    "Engineers had warned in a report last month that the bridge's steel was corroded.",
    "Mayor Ana Díaz said the closure would last until repairs end in the spring.",
    "Trucks will be diverted through the northern ring road, adding about 20 minutes.",
]


def test_main_text_and_metadata_from_a_page() -> None:
    page = extract_html(article_html("Bridge closed", PARAGRAPHS))
    assert "voted on Tuesday" in page.text and "Díaz" in page.text
    assert "Home" not in page.text and "All rights reserved" not in page.text
    assert page.title == "Bridge closed" and page.site_name == "Example Times"
    assert page.published == "2024-03-05"


def test_article_outlet_url_and_sources() -> None:
    article = article_from_html(article_html("Bridge closed", PARAGRAPHS),
                                url="https://www.example.com/2024/03/05/bridge")
    assert article.outlet == "Example Times" and article.metadata_sources["outlet"] == "site_name"
    assert article.url == "https://www.example.com/2024/03/05/bridge"
    assert article.id.startswith("art_")


def test_extra_metadata_wins_and_defaults_only_fill() -> None:
    article = article_from_html(article_html("Page title", PARAGRAPHS),
                                extra={"title": "Feed title"}, extra_source="feed",
                                defaults={"site_name": "Feed Name"})
    assert article.title == "Feed title" and article.metadata_sources["title"] == "feed"
    assert article.site_name == "Example Times"  # the page named itself: the default waits


def test_utf8_page_declared_as_latin1_is_read_as_utf8() -> None:
    raw = article_html("Café", PARAGRAPHS).replace(
        b"<head>", b"<head><meta charset='iso-8859-1'>")
    assert "Díaz" in decode_html(raw, declared="iso-8859-1")


def test_latin1_page_decoded_by_its_declaration() -> None:
    html = "<html><head><meta charset='iso-8859-1'></head><body><p>Crème brûlée</p></body>"
    assert "Crème brûlée" in decode_html(html.encode("latin-1"))


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "latin1", "us-ascii",
                                   "windows-1252"])
def test_a_windows_1252_page_under_any_latin1_label_keeps_quotes_dashes_and_euros(label):
    """Browsers read these labels as windows-1252 (WHATWG Encoding Standard); a strict
    ISO-8859-1 decode turns “ ” ’ – € into invisible control characters."""
    body = "<p>“We can’t wait,” she said: 14–16 months, €4.5 million.</p>"
    raw = f"<html><head><meta charset='{label}'></head><body>{body}</body></html>"
    text = decode_html(raw.encode("cp1252"))
    assert "“We can’t wait,”" in text and "14–16 months, €4.5 million" in text
    assert not any(0x80 <= ord(c) <= 0x9F for c in text)


def test_bytes_a_charset_leaves_undefined_become_visible_replacements() -> None:
    raw = b"<html><head><meta charset='windows-1252'></head><body><p>a\x81b</p></body></html>"
    assert "a\ufffdb" in decode_html(raw)


def test_field_case_02_windows_1252_declared_latin1() -> None:
    from pathlib import Path

    page = Path(__file__).parents[1] / "fixtures/cases/02-cp1252-declared-latin1"
    article = article_from_html((page / "valmont-courier-bridge.html").read_bytes())
    assert "council’s" in article.text and "14–16 months" in article.text
    assert "€4.5 million" in article.text and "“" in article.text
    assert not any(0x80 <= ord(c) <= 0x9F for c in article.text)


def test_utf16_with_bom() -> None:
    html = "<html><body><p>Zürich</p></body></html>"
    assert "Zürich" in decode_html(html.encode("utf-16"))


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty"),
    (b"   ", "empty"),
    (b"\x00\x01\x02\x03binary", "binary"),
    (b"<html><body><form><input name=q></form></body></html>", "no article text"),
])
def test_pages_without_an_article_are_refused(raw: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        extract_html(raw)


def test_malformed_html_still_yields_its_text() -> None:
    raw = ("<html><body><div><p>" + "</div><p>".join(PARAGRAPHS) + "<p><b>unclosed").encode()
    assert "northern ring road" in extract_html(raw).text


def test_looks_like_html() -> None:
    assert looks_like_html(b"  <!DOCTYPE html><html>")
    assert not looks_like_html(b"Plain text about <3 things")


def test_replaced_bytes_are_a_warning_naming_the_item(tmp_path) -> None:
    """Issue 22, encodings: a character lost in decoding is never silent. The article is kept
    and a warning says how many were replaced and where."""
    from newsprism.ingest import ingest

    sentence = ("The minister said plan {n} would cost {c}4.5 million over two years and that "
                "work on it would start in the spring after the vote.")
    paragraphs = [sentence.format(n=n, c="\x81") for n in range(3)]
    head = b"<meta charset='iso-8859-1'>"
    page = tmp_path / "page.html"
    page.write_bytes(article_html("Budget plan", paragraphs).decode().encode("latin-1")
                     .replace(b"<head>", b"<head>" + head))
    clean = tmp_path / "clean.html"
    clean.write_bytes(article_html("Clean", [sentence.format(n=n, c="EUR ") for n in range(3)]))
    result = ingest([page, clean])
    assert len(result.articles) == 2 and not result.errors
    [warning] = result.warnings
    assert warning.source == str(page) and warning.stage == "warning"
    assert warning.message.startswith("3 character(s) could not be decoded")
    assert "cost" in warning.message
