"""What keeps the web app safe to run next to a newsroom's other tabs.

* Headers on every response: a Content-Security-Policy that allows only the app's own scripts,
  styles and fetches (article text can never load or run anything), no framing, no sniffing,
  no referrer leaking a story's URL to another site.
* A cap on request bodies, enforced while the body streams in (a missing or false
  Content-Length does not get around it).
* Writes: refused when they come from another site (a page elsewhere cannot make the reader's
  browser post to a local newsprism), and, when the server listens beyond loopback, refused
  without the server's token.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# The API docs page runs Swagger UI's own start-up script inline.
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"same-origin",  # no story URL leaks to another site
    b"cross-origin-opener-policy": b"same-origin",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """Whether a bind address listens on loopback only. The empty address and 0.0.0.0 / ::
    listen on every interface: not loopback, so writes need the token there."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The Host header values a server bound to ``bind`` answers: the loopback names, the
    bind address itself, and ``extra`` (``--allowed-host``). Bound to every interface, also
    the machine's own name. A page on another domain whose DNS was re-pointed at the server
    (DNS rebinding) carries its own name and is refused, so it is never "same origin"."""
    hosts = [*LOOPBACK_NAMES, *extra]
    if bind and bind not in ("0.0.0.0", "::", "[::]"):
        hosts.append(bind)
    elif not is_loopback(bind):
        import socket

        hosts += [socket.gethostname(), socket.getfqdn()]
    return tuple(dict.fromkeys(h.lower() for h in hosts if h))


class SecurityMiddleware:
    """Security headers on every response; request bodies capped at ``max_body`` bytes."""

    def __init__(self, app: ASGIApp, max_body: int, docs_paths: tuple[str, ...]) -> None:
        self.app, self.max_body, self.docs_paths = app, max_body, docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] in self.docs_paths else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"content-security-policy"]
                headers.append((b"content-security-policy", csp.encode()))
                headers.extend(HEADERS.items())
                message = {**message, "headers": headers}
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _too_large(self.max_body, send_with_headers)
            return
        seen, over = 0, False

        async def counting_receive() -> Message:
            # Past the cap the app is told the client left (it stops reading) and whatever it
            # answers is replaced by the 413 below: frameworks turn exceptions raised while
            # parsing a body into their own 400, so raising here would not reach the client.
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        answered = False

        async def send_or_refuse(message: Message) -> None:
            nonlocal answered
            if not over:
                await send_with_headers(message)
            elif not answered:
                answered = True
                await _too_large(self.max_body, send_with_headers)

        try:
            await self.app(scope, counting_receive, send_or_refuse)
        except Exception:
            if not over:
                raise
            if not answered:
                await _too_large(self.max_body, send_with_headers)


async def _too_large(limit: int, send: Send) -> None:
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"
    body = json.dumps({"error": {"status": 413, "code": "too_large", "message":
                                 f"the request is larger than {size}"}}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def cross_site(headers) -> bool:
    """True when a browser says the request comes from a page of another site or origin:
    ``Sec-Fetch-Site`` where the browser sends it (all current ones do), else ``Origin``
    against ``Host``. Requests with neither (curl, scripts) are not a browser's cross-site
    request; the token, when set, still guards them."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin")
    if not origin:
        return False
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != (headers.get("host") or "").lower()


def token_ok(expected: str | None, given: str | None) -> bool:
    if not expected:
        return True
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())
