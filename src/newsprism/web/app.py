"""The web app and HTTP API (FastAPI): browse stories, read the evidence, add articles.

Every page has a JSON twin built from the same dict (``/stories/{id}`` and
``/stories/{id}.json`` or ``?format=json``; see ``views.py``). Every error, HTML or JSON, has
one shape: ``{"error": {"status", "code", "message"}}``. Security is in ``security.py``.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsprism import __version__
from newsprism.pipeline import PipelineOptions
from newsprism.store import Store, open_store
from newsprism.web import views
from newsprism.web.jobs import JobRunner
from newsprism.web.security import SecurityMiddleware

HERE = Path(__file__).resolve().parent
REPORT_TEMPLATES = HERE.parent / "report" / "templates"
SHARED_ASSETS = {"report.css": "text/css", "report.js": "text/javascript"}


@dataclass(frozen=True)
class ServerSettings:
    db: str  # a SQLite path or a postgresql:// URL
    token: str | None = None  # required for writes when set (``serve`` sets it off loopback)
    max_upload_bytes: int = 50 * 2**20
    max_files: int = 100
    allow_private: bool = False  # URLs submitted may reach private/loopback addresses
    pipeline: PipelineOptions = field(default_factory=PipelineOptions)
    # Host headers answered (``serve`` sets them from its bind address, see
    # ``security.allowed_hosts``); None answers any, for an app behind a proxy that checks.
    allowed_hosts: tuple[str, ...] | None = None


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Stores:
    """One store connection per server thread (SQLite connections are not shared across
    threads; PostgreSQL's are cheap to keep one per worker)."""

    def __init__(self, target: str) -> None:
        self.target, self._local = target, threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.target)
        return store


class PageCache:
    """Rendered story and article pages by (format, page, version of its story). A story page
    renders a whole report and an article page every annotation in the text (milliseconds to
    tens of them); the version check is a few indexed queries, so a page read often and
    changed rarely is rendered once per change. Pages are kept gzipped too: a large story's
    JSON twin is megabytes of repetitive JSON that shrinks ~20x, compressed once, not per
    request."""

    def __init__(self, size: int = 256) -> None:
        self._pages: OrderedDict[tuple, tuple[bytes, bytes]] = OrderedDict()
        self._size, self._lock = size, threading.Lock()
        self._rendering: dict[tuple, threading.Lock] = {}

    def get_or_render(self, key: tuple, render_page: Callable[[], bytes]) -> tuple[bytes, bytes]:
        """The cached page and its gzip form, or render (and compress) it once: requests that
        arrive together for a page not yet cached wait for the first one's rendering instead
        of all rendering it."""
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
            gate = self._rendering.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._pages:
                    return self._pages[key]
            try:
                page = render_page()
                body = (page, gzip.compress(page, compresslevel=6, mtime=0))
            finally:  # a page that failed to render (a 404) leaves no gate behind
                with self._lock:
                    self._rendering.pop(key, None)
            with self._lock:
                self._pages[key] = body
                while len(self._pages) > self._size:
                    self._pages.popitem(last=False)
            return body

    def pending(self) -> int:
        """Renderings under way (their gates): zero when the server is idle."""
        with self._lock:
            return len(self._rendering)


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(HERE / "templates")),
                                    jinja2.FileSystemLoader(str(REPORT_TEMPLATES))]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)
    env.globals["version"] = __version__
    return env


ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large",
               422: "invalid", 500: "internal"}


def wants_json(request: Request) -> bool:
    """JSON for ``.json`` paths, ``?format=json`` and any client that does not ask for HTML
    (scripts, ``fetch``); HTML for browsers' page loads and form posts."""
    return (request.url.path.endswith(".json") or request.query_params.get("format") == "json"
            or "text/html" not in request.headers.get("accept", ""))


def create_app(settings: ServerSettings) -> FastAPI:
    """The app for one store. ``app.state.jobs`` runs the background work."""
    app = FastAPI(
        title="newsprism", version=__version__, docs_url=None, redoc_url=None,
        description="Cross-source news analysis: stories, facts, conflicts, voices and word "
                    "choice, each with the article id and character offsets of its evidence. "
                    "Every HTML page has a JSON twin (the `.json` routes below). Errors are "
                    '`{"error": {"status", "code", "message"}}`.')
    app.state.settings = settings
    app.state.stores = Stores(settings.db)
    app.state.jobs = JobRunner()
    app.state.pages = PageCache()
    app.state.templates = _templates()
    app.state.templates.globals["token_required"] = bool(settings.token)
    app.add_middleware(SecurityMiddleware, max_body=settings.max_upload_bytes,
                       docs_paths=("/docs",))
    if settings.allowed_hosts is not None:  # outermost: a wrong Host gets no page at all
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    _static(app)
    _errors(app)
    from newsprism.web import routes  # the routes read app.state

    routes.register(app)
    return app


def render(request: Request, template: str, data: dict[str, Any],
           context: dict[str, Any] | None = None, status: int = 200):
    """The page: its JSON twin when asked for JSON, else the template over ``context``."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    env: jinja2.Environment = request.app.state.templates
    body = env.get_template(template).render(request_path=request.url.path,
                                             **(context if context is not None else data))
    return HTMLResponse(body, status_code=status)


def _static(app: FastAPI) -> None:
    import swagger_ui_bundle

    app.mount("/static/app", StaticFiles(directory=str(HERE / "static")), name="static")
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
              name="swagger")

    @app.get("/static/report/{name}", include_in_schema=False)
    def shared_asset(name: str) -> FileResponse:
        # A fixed list: the name from the URL is looked up, never joined to a path.
        if name not in SHARED_ASSETS:
            raise HTTPException(404, f"no asset {name!r}")
        return FileResponse(REPORT_TEMPLATES / name, media_type=SHARED_ASSETS[name])

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI from the swagger-ui-bundle package, served here: no CDN, works offline.
        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsprism API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger/favicon-32x32.png")


def _errors(app: FastAPI) -> None:
    def respond(request: Request, status: int, code: str, message: str, detail=None):
        body: dict[str, Any] = {"status": status, "code": code, "message": message}
        if detail:
            body["detail"] = detail
        if wants_json(request):
            return JSONResponse({"error": body}, status_code=status)
        html = request.app.state.templates.get_template("error.html.j2").render(
            error=body, request_path=request.url.path)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(views.NotFound)
    async def not_found(request: Request, exc: views.NotFound):
        return respond(request, 404, "not_found", str(exc.args[0]))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return respond(request, exc.status_code, ERROR_CODES.get(exc.status_code, "error"),
                       str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")}
                  for e in exc.errors()]
        return respond(request, 422, "invalid", "the request is not valid", detail)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        return respond(request, 500, "internal", f"internal error: {type(exc).__name__}")


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
