"""The safe fetcher against a real local server: private addresses refused (also after DNS
and on redirect), redirects bounded, size, type and time capped."""

from __future__ import annotations

import pytest

from newsprism.ingest import fetch as fetch_module
from newsprism.ingest.fetch import Fetcher, FetchError, FetchSettings, is_public
from tests.http_server import LocalServer, Route, article_html

PAGE = article_html("Council votes", ["The council voted on Tuesday to close the bridge."] * 5)


def allowed(**settings) -> Fetcher:
    return Fetcher(FetchSettings(allow_private=True, **settings))


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "224.0.0.1",
])
def test_non_public_addresses(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses(address: str) -> None:
    assert is_public(address)


def test_loopback_refused_by_default_even_by_name(http_server) -> None:
    http_server.routes["/a"] = Route(PAGE)
    with Fetcher() as fetcher:
        for host in ("127.0.0.1", "localhost"):
            with pytest.raises(FetchError, match="private, loopback or reserved"):
                fetcher.get(http_server.url("/a", host))
    assert http_server.requests == []  # refused before any byte was sent


def test_metadata_address_refused_without_connecting() -> None:
    with Fetcher() as fetcher, pytest.raises(FetchError, match="--allow-private"):
        fetcher.get("http://169.254.169.254/latest/meta-data/")


def test_allowed_fetch_returns_body_and_metadata(http_server) -> None:
    http_server.routes["/a"] = Route(PAGE, headers={"ETag": '"v1"'})
    with allowed() as fetcher:
        page = fetcher.get(http_server.url("/a"))
    assert page.status == 200 and page.body == PAGE
    assert page.content_type == "text/html" and page.charset == "utf-8" and page.etag == '"v1"'


def test_redirect_followed_and_rechecked(http_server, monkeypatch) -> None:
    with LocalServer("127.0.0.2") as other:  # loopback is all of 127/8: a second host
        other.routes["/a"] = Route(PAGE)
        http_server.routes["/old"] = Route(status=301, headers={"Location": other.url("/a")})
        with allowed() as fetcher:  # allowed: the redirect lands
            assert fetcher.get(http_server.url("/old")).url == other.url("/a")
        # Only 127.0.0.1 counts as public now: the first hop passes, the redirect must not.
        monkeypatch.setattr(fetch_module, "is_public", lambda address: address == "127.0.0.1")
        with Fetcher() as fetcher, pytest.raises(FetchError, match="127.0.0.2"):
            fetcher.get(http_server.url("/old"))
        assert len(other.requests) == 1 and len(http_server.requests) == 2


def test_redirect_to_another_scheme_refused(http_server) -> None:
    http_server.routes["/r"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with allowed() as fetcher, pytest.raises(FetchError, match="only http and https"):
        fetcher.get(http_server.url("/r"))


def test_redirect_loop_stops(http_server) -> None:
    http_server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with allowed(max_redirects=3) as fetcher, pytest.raises(FetchError, match="redirects"):
        fetcher.get(http_server.url("/loop"))
    assert len(http_server.requests) == 4


@pytest.mark.parametrize("chunked", [False, True])
def test_size_cap(http_server, chunked: bool) -> None:
    http_server.routes["/big"] = Route(b"<p>" + b"x" * 300_000, chunked=chunked)
    with allowed(max_bytes=100_000) as fetcher, pytest.raises(FetchError, match="limit"):
        fetcher.get(http_server.url("/big"))


def test_gzip_unpacked_and_bomb_capped(http_server) -> None:
    http_server.routes["/gz"] = Route(PAGE, gzip=True)
    http_server.routes["/bomb"] = Route(b"<p>" + b"0" * 5_000_000, gzip=True)
    with allowed(max_bytes=1_000_000) as fetcher:
        assert fetcher.get(http_server.url("/gz")).body == PAGE
        with pytest.raises(FetchError, match="unpacked"):
            fetcher.get(http_server.url("/bomb"))


def test_wrong_content_type_and_http_errors(http_server) -> None:
    http_server.routes["/img"] = Route(b"\x89PNG....", content_type="image/png")
    with allowed() as fetcher:
        with pytest.raises(FetchError, match="image/png"):
            fetcher.get(http_server.url("/img"))
        with pytest.raises(FetchError, match="HTTP 404"):
            fetcher.get(http_server.url("/missing"))


def test_slow_server_times_out(http_server) -> None:
    http_server.routes["/slow"] = Route(PAGE, delay=2.0)
    with allowed(read_timeout=0.3) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.get(http_server.url("/slow"))


def test_not_modified(http_server) -> None:
    http_server.routes["/a"] = Route(PAGE, headers={"ETag": '"v1"'})
    with allowed() as fetcher:
        page = fetcher.get(http_server.url("/a"), headers={"If-None-Match": '"v1"'})
    assert page.status == 304 and page.body == b""


def test_unreachable_port_is_a_clear_error() -> None:
    with allowed(connect_timeout=2) as fetcher, pytest.raises(FetchError, match="cannot connect"):
        fetcher.get("http://127.0.0.1:9/")  # the discard port: nothing listens


@pytest.mark.parametrize("address", [
    "64:ff9b::7f00:1",        # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",     # NAT64 of the metadata address 169.254.169.254
    "2002:7f00:1::1",         # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",       # 6to4 of 192.168.1.1
    "::127.0.0.1",            # IPv4-compatible
    "::ffff:0:7f00:1",        # IPv4-translated
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "fec0::1",                # site-local
])
def test_ipv6_forms_that_reach_a_private_network_are_private(address: str) -> None:
    assert not is_public(address)


def test_nat64_of_a_public_address_stays_public() -> None:
    assert is_public("64:ff9b::808:808")  # 8.8.8.8


def test_a_trickling_server_cannot_hold_a_fetch_past_its_deadline() -> None:
    """One header line every 0.2 s, forever: every read succeeds within the read timeout, so
    only a deadline over the whole request stops it (issue 19, kind 4)."""
    import socket
    import threading
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = server.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        while not stop.is_set():
            try:
                conn.sendall(b"X-Slow: 1\r\n")
            except OSError:
                break
            time.sleep(0.2)
        conn.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    began = time.monotonic()
    try:
        with allowed(read_timeout=1.0, deadline=1.5) as fetcher, pytest.raises(
                FetchError, match="gave up after"):
            fetcher.get(f"http://127.0.0.1:{server.getsockname()[1]}/")
    finally:
        stop.set()
        server.close()
    assert time.monotonic() - began < 4


def test_an_internationalised_url_is_sent_as_idna_and_percent_encoding(http_server) -> None:
    from newsprism.ingest.fetch import ascii_url

    assert ascii_url("http://bücher.example/straße?q=ä") == (
        "http://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A4")
    assert ascii_url("http://u:p@Bücher.example:8080/a b") == (
        "http://u:p@xn--bcher-kva.example:8080/a%20b")
    http_server.routes["/caf%C3%A9"] = Route(PAGE)
    with allowed() as fetcher:
        assert fetcher.get(http_server.url("/café")).body == PAGE


def test_a_host_with_no_idna_form_is_a_fetch_error() -> None:
    with Fetcher() as fetcher, pytest.raises(FetchError, match="IDNA"):
        fetcher.get("http://a\u200db..example/")


def test_credentials_never_appear_in_a_message(http_server) -> None:
    from newsprism.ingest.fetch import redact_url

    assert redact_url("https://user:secret@example.com/x?y=1") == "https://example.com/x?y=1"
    with allowed() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/missing").replace("http://", "http://user:secret@"))
    assert "secret" not in str(caught.value) and "HTTP 404" in str(caught.value)
