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
MAX_HEADER_LINE = 64 * 2**10  # a WARC or HTTP header line; real ones are a few hundred bytes


def read_warc(path: Path) -> Iterator[tuple[str, object]]:
    """(``file#url``, Article or ValueError) for every HTML response in the archive; a damaged
    or truncated archive ends with one ValueError labelled with the file."""
    from warcio.archiveiterator import ArchiveIterator

    old_format = path.name.lower().endswith((".arc", ".arc.gz"))
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream, arc2warc=old_format)
            _cap_lines(records.reader)
            for record in records:
                if not old_format and record.format != "warc":
                    raise ValueError("not a WARC file (its first line is not a WARC header)")
                page = _html_response(record)
                if page is None:
                    continue
                url, body, kind = page
                label = f"{path}#{url}"
                try:
                    yield label, article_from_html(body, url=url, path=label,
                                                   declared_encoding=_charset(kind))
                except ValueError as exc:
                    yield label, exc
    except Exception as exc:  # noqa: BLE001 - warcio raises many types on damaged input
        yield str(path), ValueError(f"damaged or unreadable archive: {exc or type(exc).__name__}")


def _cap_lines(reader) -> None:
    """Bound every line warcio reads (record and HTTP headers) to ``MAX_HEADER_LINE`` bytes:
    its parser reads a header line whole, so one endless line in a small .warc.gz would
    fill memory. warcio offers no setting for it, hence the wrapper on its reader."""
    unbounded = reader.readline

    def readline(length: int | None = None) -> bytes:
        cap = MAX_HEADER_LINE if length is None else min(length, MAX_HEADER_LINE)
        line = unbounded(cap + 1)
        if len(line) > MAX_HEADER_LINE:
            raise ValueError(f"a header line is over {MAX_HEADER_LINE // 2**10} KiB")
        return line

    reader.readline = readline


def _html_response(record) -> tuple[str, bytes, str] | None:
    """(url, body, content type) of an HTML response record, None for other records."""
    kind = (record.http_headers.get_header("Content-Type") or "").lower() \
        if record.http_headers is not None else ""
    if record.rec_type != "response" or "html" not in kind:
        while record.raw_stream.read(2**16):  # skip it, but notice if the file ends inside
            pass
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise ValueError("a record is cut off (a truncated file?)")
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    body = record.content_stream().read(MAX_HTML_BYTES + 1)
    # Fewer bytes than the record declares: the file ends inside this record.
    if len(body) <= MAX_HTML_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
        raise ValueError(f"the record for {url} is cut off (a truncated file?)")
    return url, body, kind


def _charset(content_type: str) -> str | None:
    _, _, rest = content_type.partition("charset=")
    return rest.split(";")[0].strip("\"' ") or None
