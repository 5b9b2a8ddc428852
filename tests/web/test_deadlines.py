"""A client that trickles a request (slowloris) is disconnected; a prompt one is answered."""

import re
import socket
import time

import pytest

from newsprism.web.deadlines import with_request_timeout
from tests.web.conftest import live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from newsprism.web import ServerSettings, create_app

    app = create_app(ServerSettings(db=str(tmp_path_factory.mktemp("web") / "web.db")))
    with live_server(app, log_level="error", http=with_request_timeout(1.0)) as port:
        yield port


def closed_after(port: int, pieces: list[bytes], pause: float) -> float | None:
    """Send ``pieces`` ``pause`` seconds apart; seconds until the server closed the
    connection, or None if it was still open after the last piece."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        began = time.monotonic()
        for piece in pieces:
            try:
                conn.sendall(piece)
            except OSError:
                return time.monotonic() - began
            conn.settimeout(pause)
            try:
                if conn.recv(1024) == b"":
                    return time.monotonic() - began
            except TimeoutError:
                pass
        return None


def test_headers_sent_a_line_at_a_time_are_cut_off(server):
    lines = [b"GET /stories.json HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n"] + [
        f"X-Slow-{i}: {i}\r\n".encode() for i in range(10)]
    elapsed = closed_after(server, lines, 0.4)
    assert elapsed is not None and elapsed < 3.0


def test_a_body_sent_a_few_bytes_at_a_time_is_cut_off(server):
    head = (b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
            b"Content-Length: 1000\r\n\r\n")
    elapsed = closed_after(server, [head] + [b"x" * 10] * 10, 0.4)
    assert elapsed is not None and elapsed < 3.0


def response(conn: socket.socket) -> bytes:
    """One whole HTTP response: headers, then Content-Length bytes of body (the server may
    send them in separate packets)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
    while len(body) < length:
        body += conn.recv(65536)
    return head + b"\r\n\r\n" + body


def test_a_prompt_request_is_answered_and_the_connection_kept(server):
    with socket.create_connection(("127.0.0.1", server), timeout=5) as conn:
        for _ in range(2):  # two requests on one connection, the second after a pause
            conn.sendall(b"GET /stories.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert response(conn).startswith(b"HTTP/1.1 200")
            time.sleep(1.5)  # longer than the deadline, shorter than keep-alive (5 s)


def test_the_timeout_must_be_positive():
    with pytest.raises(ValueError):
        with_request_timeout(0)
