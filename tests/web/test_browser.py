"""The web app in a real browser: Debian's Chromium driven by Playwright, against a live
server over the example story (analysed with the real models, hence ``slow``).

Set ``NEWSPRISM_SCREENSHOTS=DIR`` to keep the screenshots (the README's comes from here)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.web.conftest import live_server

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium phones Google at start-up and, offline, fails noisily.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "wagner"


def _chromium_or_skip() -> None:
    if not shutil.which(CHROMIUM):
        if os.environ.get("NEWSPRISM_REQUIRE_BROWSER"):
            pytest.fail("NEWSPRISM_REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
        pytest.skip("no Debian chromium: apt-get install chromium")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A live server (uvicorn, in a thread) over the analysed example story."""
    _chromium_or_skip()
    from newsprism.pipeline import analyze
    from newsprism.web import ServerSettings, create_app

    folder = tmp_path_factory.mktemp("web")
    analyze([EXAMPLE], folder / "out", db_path=folder / "web.db")
    app = create_app(ServerSettings(db=str(folder / "web.db")))
    with live_server(app) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser(live):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page that records console errors (a CSP violation is one) and failed requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    yield tab
    context.close()


def _shot(tab, name: str, tmp_path: Path, selector: str | None = None) -> Path:
    """A screenshot of the viewport, or of one element."""
    folder = Path(os.environ.get("NEWSPRISM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    if selector:
        tab.locator(selector).first.screenshot(path=str(path))
    else:
        tab.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one
    return path


def _get_json(url: str) -> dict:
    with urlopen(url) as response:  # noqa: S310 - loopback test server
        return json.load(response)


def test_open_the_story_and_see_its_views(live, page, tmp_path):
    page.goto(f"{live}/stories")
    _shot(page, "stories", tmp_path)
    page.click("a.story-link")
    page.wait_for_selector("#brief")
    for section in ("#brief li", "#facts table.matrix", "svg.timeline-strip",
                    "svg.entity-graph", "#conflicts .conflict", "#voices table",
                    "#words table", "#tone table"):
        assert page.locator(section).count() > 0, section
    assert page.locator("svg.entity-graph .node").count() >= 5
    _shot(page, "story", tmp_path)
    _shot(page, "story-facts", tmp_path, "#facts table.matrix")
    _shot(page, "story-graph", tmp_path, "svg.entity-graph")
    assert page.problems == []


def test_a_citation_lands_on_the_exact_sentence_highlighted(live, page, tmp_path):
    story = _get_json(f"{live}/stories.json")["stories"][0]["id"]
    report = _get_json(f"{live}/stories/{story}.json")["report"]
    cited = report["brief"]["sentences"][0]["citations"][0]
    text = next(a["text"] for a in report["articles"] if a["id"] == cited["article_id"])
    page.goto(f"{live}/stories/{story}")
    page.locator("#brief a.cite").first.click()
    page.wait_for_url(f"**/articles/{cited['article_id']}**")
    marked = page.locator(".hl")
    assert marked.count() >= 1
    shown = "".join(marked.nth(i).inner_text() for i in range(marked.count()))
    assert " ".join(shown.split()) == " ".join(text[cited["start"]:cited["end"]].split())
    assert marked.first.is_visible()
    _shot(page, "article", tmp_path)
    assert page.problems == []


def test_a_conflict_links_to_both_source_sentences(live, page):
    story = _get_json(f"{live}/stories.json")["stories"][0]["id"]
    page.goto(f"{live}/stories/{story}#conflicts")
    sides = page.locator("#conflicts .conflict").first.locator("a.cite")
    assert sides.count() == 2
    sides.nth(1).click()
    page.wait_for_selector(".hl")
    assert page.locator(".hl").first.inner_text().strip()


def test_submit_an_article_and_see_it_in_its_story(live, page, tmp_path):
    page.goto(f"{live}/add")
    page.fill("textarea[name=text]",
              "Wagner chief Yevgeny Prigozhin arrived in Belarus on Tuesday, Belarusian "
              "President Alexander Lukashenko said, three days after the mutiny ended. "
              "Prigozhin's fighters were offered contracts with the Russian military. "
              "The Kremlin said the criminal case against Prigozhin had been dropped.")
    page.fill("input[name=title]", "Prigozhin arrives in Belarus after mutiny")
    page.fill("input[name=outlet]", "Browser Test Wire")
    page.fill("input[name=published]", "2023-06-27")
    page.click("form#add-form button[type=submit]")
    page.wait_for_url("**/jobs/job_*")
    page.wait_for_selector("#job[data-state=done]", timeout=240_000)  # polls, then reloads
    _shot(page, "job", tmp_path)
    assert page.locator("#job-stored").inner_text() == "1"
    assert page.locator(".job-stories a", has_text="Wagner").count() == 1  # titles, not ids
    page.locator(".job-stories a").first.click()
    page.wait_for_selector("#story-articles")
    assert page.locator("#story-articles", has_text="Browser Test Wire").count() == 1
    assert page.locator(".analysis-state .st-consensus").count() == 1  # analysed again
    page.goto(f"{live}/stories?q=browser+test+wire")
    assert page.locator("a.story-link").count() == 1
    assert page.problems == []
