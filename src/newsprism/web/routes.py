"""The routes: pages (each with its ``.json`` twin) and the write API that starts jobs."""

from __future__ import annotations

from dataclasses import replace
from itertools import chain
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from newsprism.ingest import is_url
from newsprism.ingest.uploads import article_from_form, read_upload, upload_label
from newsprism.intake import add_articles
from newsprism.models import content_id
from newsprism.pipeline import refresh_stories
from newsprism.store import open_store
from newsprism.web import views
from newsprism.web.app import ApiError, redirect, render, wants_json
from newsprism.web.jobs import Progress
from newsprism.web.security import cross_site, token_ok

Limit = Annotated[int, Query(ge=1, le=200, description="stories per page")]
Offset = Annotated[int, Query(ge=0)]


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, description="the article's text")
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="publication date, e.g. 2023-06-24")
    url: str | None = None


class AddIn(BaseModel):
    articles: list[ArticleIn] = Field(default_factory=list, max_length=1000)
    sources: list[str] = Field(default_factory=list, max_length=100,
                               description="URLs of article pages or RSS/Atom feeds")


def _pages(app: FastAPI, path: str, handler, tags: list[str], summary: str) -> None:
    """``path`` (HTML, or JSON when asked) and ``path.json`` (JSON, in the API docs)."""
    app.add_api_route(path + ".json", handler, methods=["GET"], tags=tags, summary=summary,
                      response_model=None)
    app.add_api_route(path, handler, methods=["GET"], include_in_schema=False,
                      response_model=None)


def register(app: FastAPI) -> None:
    def store(request: Request):
        return request.app.state.stores.get()

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return redirect("/stories")

    def stories(request: Request, q: str | None = None, limit: Limit = 50,
                offset: Offset = 0):
        data = views.stories_data(store(request), q, limit, offset)
        return render(request, "stories.html.j2", data)

    def story(request: Request, story_id: str):
        db = store(request)
        version = db.story_version(story_id)
        if version is None:
            raise views.NotFound(f"no story {story_id!r}")

        def page() -> bytes:
            data = views.story_data(db, story_id)
            return render(request, "story.html.j2", data, views.story_html(data)).body

        return _cached(request, ("story", story_id, version), page)

    def article(request: Request, article_id: str,
                hl: Annotated[str | None, Query(description="START-END to highlight")] = None):
        db = store(request)
        story_id = db.article_story(article_id)
        # What is found in an article changes only when its story is analysed again.
        version = db.story_version(story_id) if story_id else "unplaced"

        def page() -> bytes:
            data = views.article_data(db, article_id, hl)
            return render(request, "article.html.j2", data, views.article_html(data)).body

        return _cached(request, ("article", article_id, hl, version), page)

    def add_page(request: Request):
        data = views.settings_data(request.app.state.settings)
        return render(request, "add.html.j2", data)

    def jobs(request: Request):
        return render(request, "jobs.html.j2", views.jobs_data(request.app.state.jobs.recent()))

    def job(request: Request, job_id: str):
        found = request.app.state.jobs.get(job_id)
        if found is None:
            raise views.NotFound(f"no job {job_id!r} (jobs are kept until the server restarts)")
        return render(request, "job.html.j2", views.job_data(store(request), found))

    _pages(app, "/stories", stories, ["stories"], "Stories, largest first; q searches")
    _pages(app, "/stories/{story_id}", story, ["stories"],
           "A story: its articles and its latest report (report.schema.json)")
    _pages(app, "/articles/{article_id}", article, ["articles"],
           "An article: text, metadata and what was found in it, with offsets")
    _pages(app, "/add", add_page, ["add"], "What the add endpoints accept, and the limits")
    _pages(app, "/jobs", jobs, ["jobs"], "Recent jobs")
    _pages(app, "/jobs/{job_id}", job, ["jobs"], "A job's progress and outcome")
    _write_routes(app)


def _cached(request: Request, key: tuple, page) -> Response:
    """A page from the page cache (rendered once per version), with an ETag."""
    as_json = wants_json(request)
    tag = f'"{content_id("page", *key, as_json)}"'
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"etag": tag})
    plain, packed = request.app.state.pages.get_or_render((as_json, *key), page)
    media = "application/json" if as_json else "text/html; charset=utf-8"
    headers = {"etag": tag, "vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        return Response(packed, media_type=media, headers={**headers,
                                                            "content-encoding": "gzip"})
    return Response(plain, media_type=media, headers=headers)


def _authorize(request: Request, form_token: str | None = None) -> None:
    settings = request.app.state.settings
    if cross_site(request.headers):
        raise ApiError(403, "forbidden", "cross-site requests may not write")
    header = request.headers.get("authorization", "")
    given = header[7:] if header.lower().startswith("bearer ") else form_token
    if not token_ok(settings.token, given):
        raise ApiError(401, "unauthorized", "this server needs its token to write "
                       "(Authorization: Bearer TOKEN, or the form's token field)")


def _accepted(request: Request, job: Any):
    links = {"page": f"/jobs/{job.id}", "json": f"/jobs/{job.id}.json"}
    if not wants_json(request):
        return redirect(links["page"])  # a browser's form post: go and watch it
    return JSONResponse({"job": {"id": job.id, "state": job.state}, "links": links},
                        status_code=202)


def _start_add(request: Request, description: str, sources: list[str], pasted: list,
               uploads: list[tuple[str, bytes]]):
    settings = request.app.state.settings
    bad = [s for s in sources if not is_url(s)]
    if bad:
        raise ApiError(422, "invalid", f"not an http(s) URL: {bad[0][:200]!r} (files are "
                       "uploaded, never read from a path)")
    fetch = replace(settings.pipeline.ingest.fetch, allow_private=settings.allow_private)
    options = replace(settings.pipeline,
                      ingest=replace(settings.pipeline.ingest, fetch=fetch))

    def work(progress: Progress) -> None:
        # Uploads are read as ingest stores them, one file at a time.
        items = chain(((a.path or "pasted", a) for a in pasted),
                      (pair for name, data in uploads
                       for pair in read_upload(name, data, options.ingest)))
        with open_store(settings.db) as db:
            done = add_articles(db, sources, items, options, on_item=progress.item,
                                progress=progress.stage)
        progress.record(stories=sorted(done.stories.touched_ids), analysed=done.analysed)

    return _accepted(request, request.app.state.jobs.submit("add", description, work))


def _pasted(articles: list[ArticleIn]) -> list:
    found = []
    for number, item in enumerate(articles, 1):
        try:
            found.append(article_from_form(item.text, item.title, item.outlet, item.published,
                                           item.url))
        except ValueError as exc:
            raise ApiError(422, "invalid", f"article {number}: {exc}") from None
    return found


def _write_routes(app: FastAPI) -> None:
    @app.post("/api/articles", status_code=202, tags=["add"], response_model=None)
    def add_json(request: Request, body: AddIn):
        """Add articles (text and metadata) and/or URLs of pages and feeds. Returns a job:
        ingest, story assignment and analysis run in the background."""
        _authorize(request)
        if not body.articles and not body.sources:
            raise ApiError(422, "invalid", "nothing to add: give articles or sources")
        return _start_add(request, f"{len(body.articles)} article(s), {len(body.sources)} "
                          "source(s)", body.sources, _pasted(body.articles), [])

    @app.post("/api/uploads", status_code=202, tags=["add"], response_model=None)
    async def add_form(
        request: Request, files: Annotated[list[UploadFile], File()] = None,  # noqa: B008
        text: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
        outlet: Annotated[str, Form()] = "", published: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "", sources: Annotated[str, Form()] = "",
        token: Annotated[str, Form()] = "",
    ):
        """The add form: uploaded files (text, HTML, feeds, JSONL/CSV/Parquet exports, WARC),
        pasted text with its metadata, and URLs (one per line). Returns a job."""
        _authorize(request, token or None)
        settings = request.app.state.settings
        files = [f for f in files or [] if f.filename or f.size]
        if len(files) > settings.max_files:
            raise ApiError(413, "too_large", f"at most {settings.max_files} files at once")
        uploads = [(f.filename or "unnamed", await f.read()) for f in files]
        pasted = _pasted([ArticleIn(text=text, title=title or None, outlet=outlet or None,
                                    published=published or None, url=url or None)]
                         ) if text.strip() else []
        urls = [line.strip() for line in sources.splitlines() if line.strip()]
        if not (uploads or pasted or urls):
            raise ApiError(422, "invalid", "nothing to add: paste text, upload files or "
                           "give URLs")
        names = ", ".join(upload_label(n) for n, _ in uploads[:3])
        description = " · ".join(part for part in (
            f"{len(uploads)} file(s): {names}" if uploads else "",
            f"pasted: {title or text[:60]!r}" if pasted else "",
            f"{len(urls)} URL(s)" if urls else "") if part)
        return _start_add(request, description, urls, pasted, uploads)

    @app.post("/api/stories/{story_id}/analyse", status_code=202, tags=["stories"],
              response_model=None)
    async def analyse(request: Request, story_id: str, token: Annotated[str, Form()] = ""):
        """Analyse a story again from its stored articles (its report is replaced)."""
        _authorize(request, token or None)
        settings = request.app.state.settings
        if request.app.state.stores.get().story_row(story_id) is None:
            raise views.NotFound(f"no story {story_id!r}")

        def work(progress: Progress) -> None:
            with open_store(settings.db) as db:
                done = refresh_stories(db, [story_id], settings.pipeline, progress.stage)
            progress.record(stories=[story_id], analysed=done)

        job = request.app.state.jobs.submit("analyse", f"analyse story {story_id}", work)
        return _accepted(request, job)
