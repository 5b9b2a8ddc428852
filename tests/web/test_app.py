"""The web app over a real SQLite store: pages and their JSON twins, errors, escaping, the
security headers and limits, and the write API's guards (no models load here)."""

from __future__ import annotations

import re

import lxml.html
import pytest

from tests.web.conftest import HOSTILE, HTML


def test_stories_list_and_its_json_twin_show_the_same_story(client, story_db):
    data = client.get("/stories.json").json()
    assert data["total"] == 1
    story = data["stories"][0]
    assert story["id"] == story_db[1] and story["articles"] == 3 and story["outlets"] == 3
    assert story["analysed"] and not story["stale"] and story["conflicts"] == 1
    page = client.get("/stories", headers=HTML)
    assert page.headers["content-type"].startswith("text/html")
    assert f'href="/stories/{story_db[1]}"' in page.text and "Port strike ends" in page.text
    assert client.get("/stories?format=json").json() == data


@pytest.mark.parametrize(("query", "found"), [
    ("port strike", 1), ("PORT AUTHORITY", 1), ("kremlin watch", 1), ("rostov taken", 1),
    ("nothing like it", 0), ("%", 0), ("_", 0),
])
def test_search_matches_titles_entities_outlets_and_article_titles_literally(client, query,
                                                                              found):
    assert client.get("/stories.json", params={"q": query}).json()["total"] == found


def test_story_page_shows_the_report_views_with_citations_to_article_pages(client, story_db):
    twin = client.get(f"/stories/{story_db[1]}.json").json()
    assert twin["analysis"]["state"] == "current"
    report = twin["report"]
    page = client.get(f"/stories/{story_db[1]}", headers=HTML).text
    for section in ("brief", "facts", "conflicts", "voices", "tone", "words", "entities"):
        assert f'<section id="{section}">' in page
    for sentence in report["brief"]["sentences"]:
        assert sentence["text"].replace('"', "&#34;") in page
    cited = report["brief"]["sentences"][0]["citations"][0]
    href = (f'/articles/{cited["article_id"]}?hl={cited["start"]}-{cited["end"]}'
            f'#s-{cited["article_id"]}-{cited["start"]}-{cited["end"]}')
    assert f'href="{href}"' in page
    assert "st-consensus" in page and "contradicts" in page  # the fact matrix


def test_article_page_wraps_the_cited_span_and_every_annotation(client, small_analysis):
    article = small_analysis.articles[0]
    twin = client.get(f"/articles/{article.id}.json", params={"hl": "0-20"}).json()
    assert twin["highlight"] == {"start": 0, "end": 20}
    assert twin["annotations"]["claims"] and twin["annotations"]["mentions"]
    page = client.get(f"/articles/{article.id}", params={"hl": "0-20"}, headers=HTML).text
    tree = lxml.html.fromstring(page)
    target = f"s-{article.id}-0-20"
    pieces = [tree.get_element_by_id(target),
              *tree.xpath(f'//*[@data-part="{target}"]')]  # a crossing span is cut in pieces
    assert "".join(p.text_content() for p in pieces) == article.text[:20]
    for claim in twin["annotations"]["claims"]:
        assert f'id="s-{article.id}-{claim["start"]}-{claim["end"]}"' in page


@pytest.mark.parametrize("bad", ["5-2", "0-999999", "x-y", "-1-3"])
def test_a_bad_highlight_is_ignored_not_an_error(client, small_analysis, bad):
    article = small_analysis.articles[0]
    response = client.get(f"/articles/{article.id}.json", params={"hl": bad})
    assert response.status_code == 200 and response.json()["highlight"] is None


def test_untrusted_text_is_escaped_on_every_page(client, story_db, small_analysis):
    article = small_analysis.articles[0]
    for path in ("/stories", f"/stories/{story_db[1]}", f"/articles/{article.id}"):
        page = client.get(path, headers=HTML).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
    assert "&lt;script&gt;alert" in client.get(f"/articles/{article.id}", headers=HTML).text
    # The JSON twin carries the text as it is: escaping is the HTML's job, not the data's.
    assert client.get(f"/articles/{article.id}.json").json()["article"]["outlet"] == HOSTILE


def test_every_response_carries_the_security_headers(client, story_db):
    for path in ("/stories", f"/stories/{story_db[1]}.json", "/nowhere", "/add"):
        response = client.get(path, headers=HTML)
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp, path
        assert "'unsafe-inline'" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_errors_have_one_shape_in_json_and_a_page_in_html(client):
    for path, status in (("/stories/nope.json", 404), ("/articles/nope.json", 404),
                         ("/stories.json?limit=0", 422), ("/jobs/nope.json", 404)):
        response = client.get(path)
        assert response.status_code == status
        error = response.json()["error"]
        assert error["status"] == status and error["code"] and error["message"]
    page = client.get("/stories/nope", headers=HTML)
    assert page.status_code == 404 and "no story" in page.text and "<html" in page.text
    assert client.post("/stories.json").json()["error"]["code"] == "method_not_allowed"


def test_api_docs_work_offline_from_the_apps_own_assets(client):
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.text and "https://" not in docs.text
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text):
        assert client.get(asset).status_code == 200, asset
    assert "'unsafe-inline'" in docs.headers["content-security-policy"]  # Swagger's start-up
    spec = client.get("/openapi.json").json()
    for path in ("/stories.json", "/stories/{story_id}.json", "/articles/{article_id}.json",
                 "/jobs/{job_id}.json", "/api/articles", "/api/uploads"):
        assert path in spec["paths"], path


def test_a_story_whose_articles_changed_reads_as_out_of_date(client, story_db):
    from newsprism.store import open_store

    db, story_id = story_db
    with open_store(db) as store:
        report = store.report(story_id)
        report["articles"] = report["articles"][:2]
        store.save_report(story_id, report)
        assert store.stale_story_ids() == [story_id]
    assert client.get(f"/stories/{story_id}.json").json()["analysis"]["state"] == "stale"
    assert client.get("/stories.json").json()["stories"][0]["stale"] is True
    page = client.get(f"/stories/{story_id}", headers=HTML).text
    assert f'action="/api/stories/{story_id}/analyse"' in page


def test_body_over_the_limit_is_refused_with_or_without_a_length(client_for):
    client = client_for(max_upload_bytes=1000)
    big = {"articles": [{"text": "x" * 5000}]}
    declared = client.post("/api/articles", json=big)
    assert declared.status_code == 413 and declared.json()["error"]["code"] == "too_large"
    assert "larger than 1,000 bytes" in declared.json()["error"]["message"]

    def chunks():  # a valid multipart body, streamed without a Content-Length
        yield (b'--zz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
               b"Content-Type: text/plain\r\n\r\n")
        for _ in range(10):
            yield b"y" * 500
        yield b"\r\n--zz--\r\n"

    streamed = client.post("/api/uploads", content=chunks(),
                           headers={"content-type": "multipart/form-data; boundary=zz"})
    assert streamed.status_code == 413


def test_writes_need_the_token_when_one_is_set(client_for):
    client = client_for(token="s3cret")
    body = {"sources": ["http://127.0.0.1:9/feed.xml"]}
    assert client.post("/api/articles", json=body).status_code == 401
    wrong = client.post("/api/articles", json=body, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = client.post("/api/articles", json=body, headers={"authorization": "Bearer s3cret"})
    assert ok.status_code == 202
    form = client.post("/api/uploads", data={"sources": body["sources"][0], "token": "s3cret"})
    assert form.status_code == 202
    assert client.get("/add.json").json()["token_required"] is True


@pytest.mark.parametrize("headers", [
    {"origin": "https://evil.example"}, {"origin": "null"},
    {"sec-fetch-site": "cross-site", "origin": "http://testserver"},
    {"sec-fetch-site": "same-site"},
])
def test_cross_site_writes_are_refused(client, headers):
    response = client.post("/api/articles", json={"sources": ["https://example.org/"]},
                           headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_same_origin_writes_pass_the_origin_check(client):
    for headers in ({"sec-fetch-site": "same-origin", "origin": "null"},
                    {"origin": "http://testserver"}):
        body = {"sources": ["http://127.0.0.1:9/"]}
        assert client.post("/api/articles", json=body, headers=headers).status_code == 202


@pytest.mark.parametrize("source", ["/etc/passwd", "file:///etc/passwd", "../newsprism.db"])
def test_a_source_that_is_not_a_url_never_reaches_the_filesystem(client, source):
    response = client.post("/api/articles", json={"sources": [source]})
    assert response.status_code == 422 and "not an http(s) URL" in response.json()[
        "error"]["message"]


def test_nothing_to_add_and_bad_dates_are_clear_errors(client):
    assert client.post("/api/articles", json={}).status_code == 422
    bad = client.post("/api/articles", json={"articles": [
        {"text": "Some text.", "published": "the day after"}]})
    assert bad.status_code == 422 and "cannot read the date" in bad.json()["error"]["message"]
    assert client.post("/api/uploads", data={}).status_code == 422


def test_a_job_refused_by_the_fetcher_reports_each_item_and_finishes(client):
    response = client.post("/api/articles", json={"sources": ["http://127.0.0.1:9/a.html"]})
    assert response.status_code == 202
    job_id = response.json()["job"]["id"]
    client.app.state.jobs.wait(timeout=60)
    job = client.get(f"/jobs/{job_id}.json").json()["job"]
    assert job["state"] == "done" and job["failed"] == 1 and job["stored"] == 0
    assert "private" in job["items"][0]["detail"] or "loopback" in job["items"][0]["detail"]
    page = client.get(f"/jobs/{job_id}", headers=HTML).text
    assert "http://127.0.0.1:9/a.html" in page
    assert client.get("/jobs.json").json()["jobs"][0]["id"] == job_id


def test_a_browser_form_post_is_sent_to_its_job_page(client):
    response = client.post("/api/uploads", data={"sources": "http://127.0.0.1:9/x"},
                           headers=HTML, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")


def test_story_pages_are_cached_until_the_story_changes(client, story_db):
    from newsprism.store import open_store

    db, story_id = story_db
    first = client.get(f"/stories/{story_id}.json")
    etag = first.headers["etag"]
    assert client.get(f"/stories/{story_id}.json",
                      headers={"if-none-match": etag}).status_code == 304
    assert client.get(f"/stories/{story_id}", headers=HTML).headers["etag"] != etag
    with open_store(db) as store:
        report = store.report(story_id)
        report["brief"]["sentences"] = report["brief"]["sentences"][:1]
        store.save_report(story_id, report)
    second = client.get(f"/stories/{story_id}.json", headers={"if-none-match": etag})
    assert second.status_code == 200 and second.headers["etag"] != etag
    assert len(second.json()["report"]["brief"]["sentences"]) == 1


def test_story_pages_are_sent_gzipped_to_clients_that_accept_it(client, story_db):
    path = f"/stories/{story_db[1]}.json"
    packed = client.get(path, headers={"accept-encoding": "gzip"})  # httpx inflates it
    assert packed.headers["content-encoding"] == "gzip" and packed.json()["report"]
    assert packed.headers["vary"] == "Accept-Encoding"
    plain = client.get(path, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == packed.json()
    assert packed.num_bytes_downloaded * 2 < plain.num_bytes_downloaded


@pytest.mark.slow
def test_a_url_is_fetched_stored_placed_and_analysed_when_private_addresses_are_allowed(
        client_for, http_server):
    from tests.http_server import Route, article_html

    paragraphs = ["Dock workers in Hull ended their strike on Friday after the port authority "
                  "agreed to a pay rise of six percent, union officials said."] * 6
    http_server.routes["/strike"] = Route(article_html("Hull dock strike ends", paragraphs))
    client = client_for(allow_private=True)
    url = http_server.url("/strike")
    job_id = client.post("/api/articles", json={"sources": [url]}).json()["job"]["id"]
    client.app.state.jobs.wait(timeout=300)
    job = client.get(f"/jobs/{job_id}.json").json()["job"]
    assert job["state"] == "done" and job["stored"] == 1, job
    assert job["stories"] and job["analysed"] == job["stories"]
    article_id = job["items"][0]["detail"]
    article = client.get(f"/articles/{article_id}.json").json()
    assert article["article"]["url"] == url and article["annotations"]["claims"]
    assert article["story_id"] in job["stories"]


def test_only_the_hosts_the_server_was_started_for_are_answered(client_for, story_db):
    """Issue 19, kind 3 (DNS rebinding): a page on another domain whose DNS now points at
    the server carries that domain as its Host and gets nothing, reads or writes."""
    from fastapi.testclient import TestClient

    from newsprism.web.security import allowed_hosts

    hosts = allowed_hosts("127.0.0.1", ("news.internal",))
    app = client_for(allowed_hosts=hosts).app
    for host in ("127.0.0.1", "localhost", "news.internal"):
        assert TestClient(app, base_url=f"http://{host}:8000").get("/").status_code == 200
    evil = TestClient(app, base_url="http://attacker.example:8000")
    assert evil.get("/").status_code == 400
    assert evil.get(f"/stories/{story_db[1]}.json").status_code == 400
    assert evil.post("/api/articles", json={"text": "x" * 200}).status_code == 400


def test_allowed_hosts_follow_the_bind_address():
    from newsprism.web.security import allowed_hosts, is_loopback

    assert "10.0.0.5" in allowed_hosts("10.0.0.5")
    assert "attacker.example" not in allowed_hosts("0.0.0.0")
    assert set(allowed_hosts("127.0.0.1")) == {"localhost", "127.0.0.1", "::1", "[::1]"}
    # every interface is public, whichever way it is written
    assert not any(is_loopback(h) for h in ("", "0.0.0.0", "::", "10.0.0.5"))
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]"))


def test_a_page_that_fails_to_render_leaves_nothing_behind(client):
    """Issue 19, kind 7: 300 distinct 404s keep no per-page gate in the cache."""
    for number in range(300):
        assert client.get(f"/articles/art_missing_{number}").status_code == 404
    assert client.app.state.pages.pending() == 0
