"""The web app and HTTP API (``newsprism serve``): ``create_app(ServerSettings(db=...))``."""

from newsprism.web.app import ServerSettings, create_app
from newsprism.web.deadlines import REQUEST_TIMEOUT, with_request_timeout

__all__ = ["ServerSettings", "create_app"]


def serve(settings: ServerSettings, host: str = "127.0.0.1", port: int = 8000,
          announce=print, extra_hosts: tuple[str, ...] = (),
          request_timeout: float = REQUEST_TIMEOUT) -> None:
    """Run the app with uvicorn until interrupted. Only the Host names the server was started
    for are answered (``security.allowed_hosts``: loopback names, the bind address,
    ``extra_hosts``). Off loopback (every interface included), writes need a token: the one
    given, or a fresh random one that is announced once. A client has ``request_timeout``
    seconds to send each request, head and body (``web/deadlines.py``)."""
    import secrets
    from dataclasses import replace

    import uvicorn

    from newsprism.web.security import allowed_hosts, is_loopback

    if settings.allowed_hosts is None:
        settings = replace(settings, allowed_hosts=allowed_hosts(host, extra_hosts))
    if not is_loopback(host) and not settings.token:
        settings = replace(settings, token=secrets.token_urlsafe(24))
        announce(f"listening beyond loopback: writes need this token: {settings.token}")
    app = create_app(settings)
    announce(f"newsprism on http://{host}:{port}/ (API docs: /docs) · store: {settings.db}")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning",
                    http=with_request_timeout(request_timeout))
    finally:
        app.state.jobs.shutdown()
