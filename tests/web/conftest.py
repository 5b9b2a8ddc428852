"""A store with one analysed story (the hand-made ``small_analysis``: no models load), on
SQLite and on PostgreSQL, and the app over it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from newsprism.models import Story
from newsprism.report import build_report
from newsprism.store import open_store
from newsprism.web import ServerSettings, create_app

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_analysis(small_analysis):
    """The small analysis with markup in an outlet name and a title: it must stay text."""
    first = small_analysis.articles[0]
    hostile = replace(first, outlet=HOSTILE, title=HOSTILE)
    articles = (hostile, *small_analysis.articles[1:])
    annotated = tuple(replace(a, article=hostile) if a.article.id == first.id else a
                      for a in small_analysis.annotated)
    return replace(small_analysis, articles=articles, annotated=annotated)


@pytest.fixture
def story_db(store_target, hostile_analysis) -> tuple[str, str]:
    """(database, story id): the analysis saved as one story with its report, in a SQLite
    file and in a PostgreSQL schema (every app test runs on both)."""
    db = store_target
    ids = tuple(sorted(a.id for a in hostile_analysis.articles))
    story = Story(id="story_test", article_ids=ids, title="Port strike ends after deal",
                  first_day="2024-03-01", last_day="2024-03-02",
                  entities=(("port authority", 3),), terms=("strike", "port"))
    with open_store(db) as store:
        store.save_analysis(hostile_analysis, story_id=story.id)
        store.save_stories([], {a: story.id for a in ids}, [story])
        store.save_report(story.id, build_report(hostile_analysis))
    return db, story.id


@pytest.fixture
def client_for(story_db):
    """``client_for(**settings)``: a test client over the story store."""
    made = []

    def make(**settings) -> TestClient:
        app = create_app(ServerSettings(db=story_db[0], **settings))
        made.append(app)
        return TestClient(app)

    yield make
    for app in made:
        app.state.jobs.shutdown()


@pytest.fixture
def client(client_for) -> TestClient:
    return client_for()


HTML = {"accept": "text/html"}


@contextmanager
def live_server(app, **config) -> Iterator[int]:
    """Serve ``app`` with uvicorn in a thread on a free loopback port (``config``: more
    ``uvicorn.Config`` settings); yields the port, stops the server and the app's jobs."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config.setdefault("log_level", "warning")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.1)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.jobs.shutdown()
