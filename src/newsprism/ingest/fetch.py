"""Fetching URLs without letting a link reach the user's own network.

A URL in a feed or a paste is untrusted: it may point at ``127.0.0.1``, the router, or a cloud
metadata service (``169.254.169.254``), directly or through a redirect, or through a host name
that resolves there. The check therefore sits where the socket is opened (an httpcore network
backend): every connection, first request or redirect, resolves the host, refuses unless every
address is public, and connects to the address it checked, so a second DNS answer cannot
swap it (DNS rebinding). ``allow_private`` lifts the refusal for intranet use and tests.

Every address form that reaches a private network counts as private, IPv6 forms that carry an
IPv4 address included (IPv4-mapped and -compatible, NAT64 ``64:ff9b::/96``, 6to4, Teredo) and
site-local ``fec0::/10``. A URL written with an internationalised host or a non-ASCII path is
sent as IDNA and percent-encoding (``bücher.example`` → ``xn--bcher-kva.example``).

Also bounded: connect/read timeouts and one deadline over the whole request (connect, headers
and body: every socket read waits at most what is left of it, so a server trickling header
lines cannot hold a fetch), a body size cap (checked on ``Content-Length`` and while streaming,
and after gzip), a redirect limit with the scheme re-checked on each hop, and a content-type
check. Credentials in a URL (``user:pass@``) never appear in a message (``redact_url``).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import httpcore
from httpcore._backends.sync import SyncBackend, SyncStream

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "application/feed+json", "text/html", "text/plain")
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(ValueError):
    """A URL could not be fetched; the message says why, for the person who gave it."""


class BlockedAddress(httpcore.ConnectError):
    pass


@dataclass(frozen=True)
class FetchSettings:
    allow_private: bool = False
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # whole request, redirects included: a trickling server can't hang us
    max_bytes: int = 20 * 2**20
    max_redirects: int = 5
    user_agent: str = "newsprism/0.1 (news analysis; +https://example.invalid/newsprism)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


# IPv6 prefixes whose last 32 bits are an IPv4 address the packet reaches (RFC 4291
# IPv4-compatible, RFC 2765 IPv4-translated, RFC 6052 / 8215 NAT64).
_IPV4_CARRIERS = tuple(ipaddress.ip_network(n) for n in (
    "::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48"))


def is_public(address: str) -> bool:
    """True for globally routable unicast addresses only; an IPv6 address that carries an
    IPv4 address is public only when that address is too."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return False
        carried = _carried_ipv4(ip)
        if carried:
            return all(is_public(str(v4)) for v4 in carried)
    return ip.is_global and not ip.is_multicast


def _carried_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)  # (server, client)
    if any(ip in net for net in _IPV4_CARRIERS):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def redact_url(url: str) -> str:
    """The URL without the credentials of a ``user:pass@`` part: safe to store and show."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def ascii_url(url: str) -> str:
    """The URL as it goes on the wire: an internationalised host in IDNA (2008, UTS #46
    mapping), a non-ASCII path, query or fragment percent-encoded as UTF-8. Raises
    ``FetchError`` for a host that has no IDNA form."""
    import idna

    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError as exc:
        raise FetchError(f"{redact_url(url)}: not a valid URL ({exc})") from None
    netloc = parts.netloc
    if not host.isascii():
        try:
            encoded = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise FetchError(f"{redact_url(url)}: host name has no IDNA form ({exc})") from None
        userinfo = netloc.rpartition("@")[0]
        netloc = (f"{userinfo}@" if userinfo else "") + encoded + (
            f":{port}" if port is not None else "")
    safe = "/%:@!$&'()*+,;=?#[]~"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe),
                       quote(parts.query, safe=safe), quote(parts.fragment, safe=safe)))


class GuardedBackend(SyncBackend):
    """httpcore's socket backend, refusing non-public peers unless told otherwise, and
    holding every socket operation to the current request's ``deadline`` (monotonic
    seconds; None: no deadline)."""

    def __init__(self, allow_private: bool = False) -> None:
        self.allow_private = allow_private
        self.deadline: float | None = None

    def remaining(self, timeout: float | None) -> float | None:
        """The timeout for the next socket operation: ``timeout``, cut to what is left of
        the deadline; ``httpcore.ReadTimeout`` once it has passed."""
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the request's deadline passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        timeout = self.remaining(timeout)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from None
        addresses = [info[4][0] for info in infos]
        blocked = [a for a in addresses if not is_public(a)]
        if blocked and not self.allow_private:
            raise BlockedAddress(
                f"{host} resolves to a private, loopback or reserved address ({blocked[0]}); "
                "refused (pass --allow-private to fetch from your own network)")
        sockaddr = infos[0][4]  # the address just checked: a second lookup could differ
        try:
            sock = socket.create_connection(sockaddr[:2], timeout)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"connecting to {host} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot connect to {host}: {exc}") from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return _DeadlineStream(sock, self)


class _DeadlineStream(SyncStream):
    """A socket stream whose every read and write waits at most what is left of the
    request's deadline: a server that trickles one header line per read timeout cannot hold
    a fetch past it."""

    def __init__(self, sock: socket.socket, backend: GuardedBackend) -> None:
        super().__init__(sock)
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return super().read(max_bytes, self._backend.remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        super().write(buffer, self._backend.remaining(timeout))


class Fetcher:
    """A small, safe HTTP GET client. Use as a context manager or call ``close()``."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._backend = GuardedBackend(self.settings.allow_private)
        self._pool = httpcore.ConnectionPool(network_backend=self._backend, max_connections=8)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.close()

    def get(self, url: str, accept: tuple[str, ...] = HTML_TYPES,
            headers: dict[str, str] | None = None) -> Fetched:
        """GET ``url``; raises ``FetchError`` with a reason. A 304 answer is returned as is.
        One deadline (``FetchSettings.deadline``) covers every hop, connect to last byte."""
        began = time.monotonic()
        self._backend.deadline = began + self.settings.deadline
        try:
            for _ in range(self.settings.max_redirects + 1):
                url = ascii_url(url)
                _check_url(url)
                result = self._request(url, accept, headers or {}, began)
                if isinstance(result, Fetched):
                    return result
                url = result  # a redirect: the next hop is checked like the first
        finally:
            self._backend.deadline = None
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _request(self, url: str, accept: tuple[str, ...], headers: dict[str, str],
                 began: float) -> Fetched | str:
        s = self.settings
        request_headers = {"User-Agent": s.user_agent, "Accept": ", ".join(accept) + ", */*;q=0.1",
                           "Accept-Encoding": "gzip, identity", **headers}
        timeout = {"connect": s.connect_timeout, "read": s.read_timeout,
                   "write": s.read_timeout, "pool": s.connect_timeout}
        shown = redact_url(url)
        try:
            with self._pool.stream("GET", url, headers=list(request_headers.items()),
                                   extensions={"timeout": timeout}) as response:
                got = {k.decode("latin-1").lower(): v.decode("latin-1")
                       for k, v in response.headers}
                if response.status in REDIRECTS and "location" in got:
                    return urljoin(url, got["location"])
                if response.status == 304:
                    return Fetched(url, 304, "", None, b"", got.get("etag"),
                                   got.get("last-modified"))
                if response.status >= 400:
                    raise FetchError(f"HTTP {response.status} from {shown}")
                content_type, charset = _content_type(got.get("content-type", ""))
                if content_type and not content_type.startswith(accept):
                    raise FetchError(f"{shown} is {content_type}, not a page or feed")
                body = self._read(response, got, began)
        except BlockedAddress as exc:
            raise FetchError(str(exc)) from None
        except httpcore.TimeoutException:
            late = time.monotonic() - began > self.settings.deadline
            raise FetchError(f"{shown}: gave up after {self.settings.deadline:.0f} s" if late
                             else f"{shown}: timed out") from None
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol,
                httpcore.ConnectError) as exc:
            raise FetchError(f"{shown}: {exc or type(exc).__name__}") from None
        return Fetched(url, response.status, content_type, charset, body, got.get("etag"),
                       got.get("last-modified"))

    def _read(self, response, headers: dict[str, str], began: float) -> bytes:
        limit = self.settings.max_bytes
        if int(headers.get("content-length", "0") or 0) > limit:
            raise FetchError(f"response is over the {limit // 2**20} MB limit")
        chunks, size = [], 0
        for chunk in response.iter_stream():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"response is over the {limit // 2**20} MB limit")
            if time.monotonic() - began > self.settings.deadline:
                raise FetchError(f"gave up after {self.settings.deadline:.0f} s")
            chunks.append(chunk)
        body = b"".join(chunks)
        if headers.get("content-encoding", "").lower() == "gzip":
            inflate = zlib.decompressobj(wbits=31)
            try:
                body = inflate.decompress(body, limit + 1)  # max_length: a gzip bomb stops here
            except zlib.error as exc:
                raise FetchError(f"response says gzip but does not unpack: {exc}") from None
            if len(body) > limit or inflate.unconsumed_tail:
                raise FetchError(f"response is over the {limit // 2**20} MB limit unpacked")
        return body


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{redact_url(url)}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"{redact_url(url)}: no host name")


def _content_type(value: str) -> tuple[str, str | None]:
    kind, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.strip().partition("=")
        if key.lower() == "charset" and val:
            charset = val.strip("\"' ")
    return kind.strip().lower(), charset
