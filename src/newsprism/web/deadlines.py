"""A deadline for every request a client sends to the web app, head and body together.

uvicorn times out idle keep-alive connections but not a request in progress: a client that
sends one header line every few seconds, or a body a few bytes at a time (slowloris), holds
its connection for as long as it likes, and a few hundred such clients hold them all. This
protocol is uvicorn's h11 one with one timer per request: it starts when the connection opens
or the next request's first byte arrives, stops once the whole request (head and body) has
been received, and closes the connection if it fires first. The app's own work is not timed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_TIMEOUT = 30.0  # seconds to send one request, head and body (50 MB at 14 Mbit/s)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with ``request_timeout`` seconds for each request to arrive."""

    request_timeout: float = REQUEST_TIMEOUT
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._arm()  # the first byte of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY:
            self._disarm()  # the whole request is in (or the connection is ending)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.logger.warning("request not received within %.0f s: connection closed",
                                self.request_timeout)
            self.transport.close()


def with_request_timeout(seconds: float) -> type[DeadlineH11Protocol]:
    """The protocol class for uvicorn's ``http=`` setting with this deadline."""
    if seconds <= 0:
        raise ValueError("the request timeout must be positive")
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"request_timeout": seconds})
