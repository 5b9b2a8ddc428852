"""Web archives (WARC, as in Common Crawl's CC-News), read with warcio.

Every ``response`` record holding an HTML page becomes an article through the HTML reader,
with the record's target URI as its URL. Other records (requests, metadata, images) are
skipped silently: they are not articles. A damaged record ends the file with one error; the
records before it are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsprism.ingest.html import MAX_HTML_BYTES, article_from_html

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path) -> Iterator[tuple[str, object]]:
    """(``file#url``, Article or ValueError) for every HTML response in the archive."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, arc2warc=True):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                kind = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in kind:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                label = f"{path}#{url}"
                body = record.content_stream().read(MAX_HTML_BYTES + 1)
                try:
                    yield label, article_from_html(body, url=url, path=label,
                                                   declared_encoding=_charset(kind))
                except ValueError as exc:
                    yield label, exc
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield str(path), ValueError(f"damaged or unreadable archive: {exc}")


def _charset(content_type: str) -> str | None:
    _, _, rest = content_type.partition("charset=")
    return rest.split(";")[0].strip("\"' ") or None
