"""HTML pages: the article's main text and its metadata.

Extraction is trafilatura's (it scored highest of the open extractors on the public
article-extraction benchmark, and ``bench/extraction.py`` re-measures it against newspaper4k on
the same pages); the date comes from htmldate through it. This module owns what trafilatura
does not: choosing the right encoding when a page declares the wrong one, refusing what is not
a page, and turning the result into an ``Article`` the same way every reader does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.ingest.meta import make_article, parse_date

MAX_HTML_BYTES = 20 * 2**20
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
HOST_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Extraction options, measured in bench/extraction.py (RESULTS.md): favor_precision scored
# best of trafilatura's settings (F1 0.973 vs 0.962 default on 91 pages); tables stay, as some
# sites lay the article out in one; reader comments are not the article.
EXTRACT_OPTIONS = {"favor_precision": True, "include_comments": False}


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    authors: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None  # the page's canonical URL when it names one


def decode_html(raw: bytes, declared: str | None = None) -> str:
    """Decode a page. Valid UTF-8 wins over a declared charset (pages that say ISO-8859-1 but
    are UTF-8 are common; the reverse can't be valid UTF-8 by accident); otherwise the HTTP or
    ``<meta>`` charset read as browsers read it (the WHATWG Encoding Standard's labels, through
    ``webencodings``: "iso-8859-1", "latin1" and "ascii" mean windows-1252, so curly quotes,
    dashes and € survive), then a statistical guess. A byte the encoding does not define
    becomes U+FFFD, never silently nothing."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = META_CHARSET.search(raw[:4096])
    for name in (declared, match.group(1).decode("ascii", "ignore") if match else None):
        codec = _browser_codec(name)
        if codec is not None:
            return raw.decode(codec, errors="replace")
    from charset_normalizer import from_bytes

    best = from_bytes(raw[: 2**20]).best()
    return raw.decode(best.encoding if best else "utf-8", errors="replace")


def _browser_codec(label: str | None) -> str | None:
    """The Python codec a browser uses for a charset label, or None for unknown labels and
    for UTF-16/32 (never what an 8-bit page without a byte-order mark really is)."""
    import webencodings

    encoding = webencodings.lookup(label) if label else None
    if encoding is None or encoding.name.startswith(("utf-16", "utf-32")):
        return None
    return encoding.codec_info.name


def looks_like_html(raw: bytes) -> bool:
    head = raw[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head \
        or b"<head" in head or b"<p" in head or b"<div" in head


def extract_html(raw: bytes | str, url: str | None = None,
                 declared_encoding: str | None = None) -> Extracted:
    """The main text and metadata of one page; ``ValueError`` when it has no article."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_HTML_BYTES:
            raise ValueError(f"page is {len(raw) / 2**20:.0f} MB; the limit is "
                             f"{MAX_HTML_BYTES // 2**20} MB")
        if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ValueError("content looks binary (it contains NUL bytes), not a web page")
        raw = decode_html(raw, declared_encoding)
    if not raw.strip():
        raise ValueError("page is empty")
    import trafilatura

    doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise ValueError("no article text found in the page (a front page, a form or an "
                         "empty template?)")
    return Extracted(text=text, title=doc.title or None, authors=doc.author or None,
                     published=parse_date(doc.date), site_name=_site_name(doc.sitename),
                     url=doc.url or None)


def _site_name(name: str | None) -> str | None:
    """The page's own name for its site. trafilatura falls back to the host name: a domain is
    not a name, and the outlet then says it came from the domain."""
    if not name or HOST_NAME.match(name.strip()):
        return None
    return name


def article_from_html(raw: bytes | str, url: str | None = None, path: str | None = None,
                      declared_encoding: str | None = None, extra: dict | None = None,
                      extra_source: str = "metadata", defaults: dict | None = None):
    """An ``Article`` from a page. ``extra`` (a feed entry's metadata, say) wins over what the
    page says, field by field, and is recorded as coming from ``extra_source``; ``defaults``
    fill only what neither gives."""
    page = extract_html(raw, url, declared_encoding)
    fields = {"title": page.title, "authors": page.authors, "published": page.published,
              "site_name": page.site_name, "url": page.url or url}
    sources = {k: "html" for k, v in fields.items() if v}
    for key, value in (extra or {}).items():
        if value:
            fields[key], sources[key] = value, extra_source
    for key, value in (defaults or {}).items():
        if value and not fields.get(key):
            fields[key], sources[key] = value, extra_source
    return make_article(page.text, {**fields, "path": path}, sources)
