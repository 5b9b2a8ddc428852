import gzip
import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import ingest
from newsprism.ingest.warc import read_warc
from newsprism.models import Article, ItemError

PARAGRAPH = ("The city council voted on Tuesday to approve a new budget for public transport, "
             "after months of debate among members about the cost of expanding bus routes into "
             "the northern districts and the rising price of fuel.")
BUDGET_URL = "https://www.example.com/2014/05/06/budget-approved"
BRIDGE_URL = "https://news.example.org/story/bridge"
EMPTY_URL = "https://news.example.org/"
IMAGE_URL = "https://news.example.org/logo.png"


def article_page(title: str, paragraphs: int = 5, charset: str = "utf-8") -> bytes:
    body = "".join(f"<p>{PARAGRAPH} Part {i} of the report on {title.lower()} follows here, "
                   "with more detail from the officials involved.</p>"
                   for i in range(paragraphs))
    return (f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title}</title>"
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}"
            "</article><footer>Contact us</footer></body></html>").encode(charset)


EMPTY_PAGE = (b"<html><head><title>Front page</title></head><body><form><input name='q'>"
              b"</form></body></html>")


def write_warc(path, gz: bool, records=None) -> list[int]:
    """The archive at ``path``; returns the byte offset where each record starts."""
    records = records if records is not None else [
        ("response", BUDGET_URL, article_page("Budget approved"), "text/html; charset=utf-8"),
        ("request", BUDGET_URL, None, None),
        ("response", IMAGE_URL, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        ("response", EMPTY_URL, EMPTY_PAGE, "text/html"),
        ("response", BRIDGE_URL, article_page("Bridge reopens"), "text/html"),
    ]
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for kind, url, body, content_type in records:
            offsets.append(handle.tell())
            if kind == "request":
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.example.com")],
                                           is_http_request=True)
                body = b""
            else:
                headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                           protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, kind, payload=io.BytesIO(body), http_headers=headers))
    return offsets


def test_the_warc_reader_claims_archive_endings():
    from pathlib import Path

    import newsprism.ingest.readers  # noqa: F401 - registers the readers
    from newsprism.registries import readers

    is_warc = readers.get("warc").claims
    assert is_warc(Path("a.warc")) and is_warc(Path("A.WARC.GZ")) and is_warc(Path("x.arc.gz"))
    assert not is_warc(Path("a.gz")) and not is_warc(Path("warc.txt"))


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_html_responses_become_articles(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz)
    pairs = list(read_warc(path))
    # the request and the image are skipped silently: three HTML responses, three items
    assert [label for label, _ in pairs] == [f"{path}#{BUDGET_URL}", f"{path}#{EMPTY_URL}",
                                             f"{path}#{BRIDGE_URL}"]
    budget, empty, bridge = (value for _, value in pairs)
    assert isinstance(budget, Article) and isinstance(bridge, Article)
    assert isinstance(empty, ValueError) and "no article text" in str(empty)
    assert budget.url == BUDGET_URL and bridge.url == BRIDGE_URL
    assert budget.title == "Budget approved" and bridge.title == "Bridge reopens"
    assert budget.path == f"{path}#{BUDGET_URL}"
    assert len(budget.text.split()) > 150 and "northern districts" in budget.text
    assert "Contact us" not in budget.text
    assert budget.published == "2014-05-06"  # from the URL's path
    assert bridge.published is None
    assert budget.outlet == "example.com" and bridge.outlet == "news.example.org"
    assert ingest([path]).articles[0].language == "en"  # detected on the way out of ingest


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_ingest_reports_page_without_article_as_item_error(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz)
    result = ingest([tmp_path])  # found in a folder as well
    assert sorted(a.url for a in result.articles) == [BRIDGE_URL, BUDGET_URL]
    (error,) = result.errors
    assert isinstance(error, ItemError)
    assert error.source == f"{path}#{EMPTY_URL}" and error.stage == "ingest"


def test_outlet_fallback_to_domain_is_recorded_as_domain(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, False)
    article = next(v for _, v in read_warc(path) if isinstance(v, Article))
    assert article.outlet == "example.com"
    assert article.metadata_sources["outlet"] == "domain"


def test_declared_charset_is_used(tmp_path):
    path = tmp_path / "latin.warc.gz"
    page = article_page("Café crème", charset="iso-8859-1")
    write_warc(path, True, [("response", "https://fr.example.net/cafe", page,
                             "text/html; charset=ISO-8859-1")])
    ((label, article),) = list(read_warc(path))
    assert isinstance(article, Article)
    assert article.title == "Café crème" and "\ufffd" not in article.text


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,
    b"this is plainly garbage\nand more of it\n",
    gzip.compress(b"hello world, not an archive\n" * 10),
], ids=["binary", "text", "gzipped-text"])
def test_garbage_archive_is_one_error(tmp_path, data):
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data)
    result = ingest([path])
    assert not result.articles
    (error,) = result.errors
    assert error.source == str(path) and "damaged or unreadable archive" in error.message


def test_empty_archive_yields_nothing_and_ingest_says_so(tmp_path):
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    assert list(read_warc(path)) == []
    (error,) = ingest([path]).errors
    assert "holds no articles" in error.message


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_archive_truncated_in_first_header_is_one_error(tmp_path, gz):
    full = tmp_path / "full.warc"
    write_warc(full, gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(full.read_bytes()[:100])
    result = ingest([path])
    assert not result.articles and len(result.errors) == 1


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_archive_truncated_mid_record_keeps_earlier_and_reports(tmp_path, gz):
    full = tmp_path / "full.warc"
    offsets = write_warc(full, gz)
    data = full.read_bytes()
    cut = offsets[-1] + (len(data) - offsets[-1]) // 2  # halfway through the last page
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[:cut])
    pairs = list(read_warc(path))
    assert isinstance(pairs[0][1], Article) and pairs[0][1].url == BUDGET_URL
    assert pairs[-1][0] == str(path)
    assert "damaged" in str(pairs[-1][1])


def test_garbage_that_looks_like_an_arc_header_is_an_error(tmp_path):
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(b"not a warc at all\n" * 5)
    result = ingest([path])
    assert len(result.errors) == 1 and not result.articles


def test_an_endless_header_line_is_an_error_in_bounded_memory(tmp_path):
    """Issue 19, kind 2: a small .warc.gz whose first header line never ends (here 80 MB of
    one line, 80 KB gzipped) is one error, read in bounded memory. Measured in a fresh
    process: this one's peak may already be higher than the bomb would take."""
    import subprocess
    import sys

    path = tmp_path / "endless.warc.gz"
    with gzip.open(path, "wb") as out:
        out.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Endless: ")
        for _ in range(80):
            out.write(b"a" * 2**20)
    warm = tmp_path / "warm.warc.gz"
    write_warc(warm, gz=True)
    probe = ("import resource, sys; from pathlib import Path; "
             "from newsprism.ingest.warc import read_warc; "
             "list(read_warc(Path(sys.argv[2]))); before = resource.getrusage("
             "resource.RUSAGE_SELF).ru_maxrss; items = list(read_warc(Path(sys.argv[1]))); "
             "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024); "
             "print(items)")
    done = subprocess.run([sys.executable, "-c", probe, str(path), str(warm)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    grown_mb, listed = done.stdout.splitlines()
    assert "header line is over 64 KiB" in listed and listed.count("ValueError") == 1
    assert int(grown_mb) < 40  # the line alone is 80 MB
