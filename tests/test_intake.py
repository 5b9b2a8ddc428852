"""Ingest into a store: batches committed before they are reported, kill -9 safety, re-runs
that complete a batch, near-duplicate links against what is stored, and feed watching."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism.ingest import FetchSettings, IngestOptions
from newsprism.intake import ingest_into, watch
from newsprism.store import open_store
from tests.http_server import Route

WORDS = ["council", "harbour", "bridge", "strike", "minister", "court", "river", "police",
         "budget", "election", "school", "hospital", "storm", "market", "railway", "museum",
         "festival", "farmers", "teachers"]


def article_text(n: int) -> str:
    # Distinct, English, long enough to have a language and a MinHash signature.
    picked = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(12)]
    return (f"Report number {n}. The {picked[0]} and the {picked[1]} met on Monday in the city. "
            f"Officials said the {picked[2]} would decide about the {picked[3]} next week, "
            f"while residents asked about the {picked[4]} and the {picked[5]}. "
            f"Item {n * 31 % 997} of the {picked[6]} agenda was {picked[7]}.")


def write_articles(folder: Path, count: int) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for n in range(count):
        path = folder / f"{n:04d}.txt"
        path.write_text(article_text(n))
        texts[str(path)] = article_text(n)
    return texts


def test_ingest_reports_stored_known_and_errors(tmp_path, store_target) -> None:
    write_articles(tmp_path / "in", 5)
    (tmp_path / "in" / "empty.txt").write_text("  ")
    events = []
    with open_store(store_target) as store:
        first = ingest_into(store, [str(tmp_path / "in")], on_item=lambda *e: events.append(e),
                            batch_size=2)
        again = ingest_into(store, [str(tmp_path / "in")])
        assert store.counts()["articles"] == 5
        assert [e.stage for e in store.errors()] == ["ingest"]
    assert (first.stored, first.known, len(first.errors)) == (5, 0, 1)
    assert (again.stored, again.known) == (0, 5)
    assert sorted(e[0] for e in events) == ["error"] + ["stored"] * 5


def test_wire_copies_linked_across_runs(tmp_path, store_target) -> None:
    wire = " ".join(article_text(n) for n in range(12))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "wire.txt").write_text(wire)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "local.txt").write_text(wire + " Our reporter adds a local paragraph "
                                              "about the mayor's reaction to the vote.")
    with open_store(store_target) as store:
        ingest_into(store, [str(tmp_path / "a")])
        report = ingest_into(store, [str(tmp_path / "b")])  # a later run, index from the store
        (link,) = store.near_duplicates()
    assert report.links == [link] and link.containment > 0.9
    assert link.kind == "near_duplicate"


def test_kill_9_mid_batch_loses_nothing_reported(tmp_path, store_target) -> None:
    texts = write_articles(tmp_path / "in", 400)
    command = [sys.executable, "-m", "newsprism", "ingest", str(tmp_path / "in"),
               "--db", store_target, "--verbose", "--batch-size", "5",
               "--no-stories"]  # ingest's durability is under test, not story placement
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env={**os.environ, "COLUMNS": "200"})
    reported = {}
    for line in process.stdout:
        event, article_id, source = line.rstrip("\n").split("\t")
        if event == "stored":
            reported[article_id] = source
        if len(reported) >= 40:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    with open_store(store_target) as store:
        stored = {a.id: a for a in store.articles()}
        assert set(reported) <= set(stored)  # every reported article survived
        assert len(stored) < 400  # and the kill did land mid-batch
        for article in stored.values():  # no half-written article
            assert article.text == texts[article.path]
    rerun = subprocess.run(command, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    with open_store(store_target) as store:
        assert store.counts()["articles"] == 400


def rss(base: str, keys: list[str]) -> bytes:
    items = "".join(
        f"<item><guid>{k}</guid><title>Story {k}</title><link>{base}/{k}</link>"
        f"<description>{article_text(int(k))} {article_text(int(k) + 1)}</description></item>"
        for k in keys)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Town Crier</title>"
            f"{items}</channel></rss>").encode()


def test_watch_ingests_only_new_entries(http_server, store_target) -> None:
    base = http_server.url("")
    http_server.routes["/rss"] = Route(rss(base, ["1", "2"]), content_type="application/rss+xml",
                                       headers={"ETag": '"a"'})
    options = IngestOptions(fetch=FetchSettings(allow_private=True), follow_links=False)
    rounds = []
    with open_store(store_target) as store:
        watch(store, [base + "/rss"], every=0, options=options, polls=2,
              on_poll=lambda n, r: rounds.append((r.stored, r.known)), sleep=lambda s: None)
        # Round 2 sent If-None-Match and got 304: nothing fetched again.
        assert http_server.requests[-1][1].get("If-None-Match") == '"a"'
        http_server.routes["/rss"] = Route(rss(base, ["1", "2", "3"]),
                                           content_type="application/rss+xml",
                                           headers={"ETag": '"b"'})
        watch(store, [base + "/rss"], every=0, options=options, polls=1,
              on_poll=lambda n, r: rounds.append((r.stored, r.known)), sleep=lambda s: None)
        assert store.counts()["articles"] == 3 and len(store.seen_entries(base + "/rss")) == 3
    assert rounds == [(2, 0), (0, 0), (1, 0)]


def fake_features(articles, model=None, spacy_model=None):
    """Story features without models: the vector is the article's topic word."""
    from datetime import date

    import numpy as np

    from newsprism.stories import StoryFeatures

    topics = {"strike": 0, "storm": 1, "election": 2}
    found = []
    for a in articles:
        topic = next(t for t in topics if f"TOPIC-{t}" in a.text)
        vector = np.zeros(8, dtype=np.float32)
        vector[topics[topic]] = 1.0
        found.append(StoryFeatures(a.id, vector, frozenset({topic}), (topic,),
                                   date.fromisoformat(a.published) if a.published else None,
                                   a.title or topic, ((topic, topic.title()),)))
    return found


def write_topic(folder: Path, name: str, topic: str, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\npublished: 2024-03-0{1 + n % 3}\n---\n"
                               f"TOPIC-{topic}. Report {n}: {article_text(n)}")


def test_new_articles_join_stored_stories(tmp_path, store_target, monkeypatch) -> None:
    from newsprism import intake
    from newsprism.intake import assign_stories

    monkeypatch.setattr(intake, "story_features", fake_features)
    for n in range(3):
        write_topic(tmp_path / "day1", f"strike{n}.txt", "strike", n)
    write_topic(tmp_path / "day1", "storm.txt", "storm", 7)
    with open_store(store_target) as store:
        ingest_into(store, [str(tmp_path / "day1")])
        first = assign_stories(store)
        stories = {s.title: s for s in store.stories()}
        assert (first.placed, first.stories) == (4, 2)
        write_topic(tmp_path / "day2", "strike9.txt", "strike", 9)
        write_topic(tmp_path / "day2", "vote.txt", "election", 11)
        ingest_into(store, [str(tmp_path / "day2")])
        second = assign_stories(store)
        after = {s.id: s for s in store.stories()}
        assert (second.placed, second.stories) == (2, 3)
        assert store.unplaced_articles() == []
        assert assign_stories(store).placed == 0  # nothing left: nothing recomputed
    strike = after[min(stories.values(), key=lambda s: -len(s.article_ids)).id]
    assert len(strike.article_ids) == 4  # the same story id, one article more


def test_same_input_same_story_ids_on_both_backends(tmp_path, postgres_url, monkeypatch):
    from newsprism import intake
    from newsprism.intake import assign_stories

    monkeypatch.setattr(intake, "story_features", fake_features)
    for n in range(3):
        write_topic(tmp_path / "in", f"strike{n}.txt", "strike", n)
    # Undated and on the same topic: if it came first on one backend, it would open the story
    # there (one article per batch) and give the story another id.
    (tmp_path / "in" / "undated.txt").write_text(f"TOPIC-strike. {article_text(5)}")
    (tmp_path / "in" / "storm.txt").write_text(f"TOPIC-storm. {article_text(6)}")
    ids = []
    for target in (str(tmp_path / "s.db"), postgres_url):
        with open_store(target) as store:
            ingest_into(store, [str(tmp_path / "in")])
            assign_stories(store, batch_size=1)
            ids.append(sorted((s.id, s.article_ids) for s in store.stories()))
    assert ids[0] == ids[1] and len(ids[0]) == 2


# Hostile items (issue 19, kind 1): whatever comes with a good item, the good one is stored.
HOSTILE_FILES = [
    (".md", b"---\na: &a [1, 1]\nb: &b [*a, *a]\ntitle: *b\n---\nSome text of an article."),
    (".md", b"---\ntitle: " + b"[" * 3000 + b"]" * 3000 + b"\n---\nSome text here too."),
    (".txt", b"\x00\x01\x02\x03binary" * 50),
    (".html", b"<html><body>" + b"<div>" * 20000 + b"deep</body></html>"),
    (".jsonl", b'{"text": "a row"}\n{not json\n' + b"[" * 50000 + b"\n"),
    (".csv", b'text,title\n"unclosed,\n'),
    (".warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99\r\n\r\nshort"),
    (".rss", b"<rss><channel><item><link>http://b\xc3\xbccher.example/</link></item>"),
    (".txt", b""),
]


def hostile_items():
    from hypothesis import strategies as st

    drawn = st.sampled_from(HOSTILE_FILES) | st.tuples(
        st.sampled_from([".txt", ".html", ".rss", ".jsonl", ".csv", ".warc", ".md"]),
        st.binary(max_size=3000))
    return st.lists(drawn, min_size=1, max_size=5)


def test_every_entry_point_stores_the_good_items_whatever_comes_with_them(store_target,
                                                                          http_server):
    """CLI ingest (a folder), watch (a feed whose entries link to hostile pages) and a
    sidecar-less upload batch: generated hostile items mixed with good ones, on SQLite and
    PostgreSQL. Every good item is stored, nothing raises."""
    import tempfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from typer.testing import CliRunner

    from newsprism.cli import app
    from newsprism.ingest.uploads import read_upload

    runner = CliRunner()
    round_no = iter(range(10_000))

    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(files=hostile_items(), seed=st.integers(0, 10**6))
    def run(files, seed):
        n = next(round_no) * 1000 + seed % 1000
        good = [article_text(n), article_text(n + 500)]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for i, (suffix, data) in enumerate(files):
                (folder / f"h{i}{suffix}").write_bytes(data)
            (folder / "zz-good.txt").write_text(good[0], encoding="utf-8")
            result = runner.invoke(app, ["ingest", str(folder), "--db", store_target,
                                         "--no-stories"])
            assert result.exit_code in (0, 1) and not isinstance(result.exception,
                                                                 Exception), result.output
        uploads = [*files, (".txt", good[1].encode())]
        read = [item for i, (suffix, data) in enumerate(uploads)
                for item in read_upload(f"u{i}{suffix}", data)]
        with open_store(store_target) as store:
            ingest_into(store, [], items=read)
            stored = {a.text for a in store.articles()}
        assert set(good) <= stored

    run()
    base = http_server.url("")
    for i, (_, data) in enumerate(HOSTILE_FILES):
        http_server.routes[f"/h{i}"] = Route(data, content_type="text/html")
    entries = "".join(f"<item><guid>h{i}</guid><link>{base}/h{i}</link><description>teaser"
                      f"</description></item>" for i in range(len(HOSTILE_FILES)))
    good = article_text(99_999) + " " + article_text(99_998)
    http_server.routes["/feed"] = Route(
        (f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{entries}"
         f"<item><guid>good</guid><description>{good}</description></item>"
         "</channel></rss>").encode(), content_type="application/rss+xml")
    options = IngestOptions(fetch=FetchSettings(allow_private=True))
    with open_store(store_target) as store:
        watch(store, [base + "/feed"], every=0, options=options, polls=1, sleep=lambda s: None)
        assert good in {a.text for a in store.articles()}


@pytest.mark.slow
def test_analyze_reports_on_the_good_items_whatever_comes_with_them(store_target):
    """``newsprism analyze`` on folders of generated hostile items beside two good articles
    (one story): it exits 0 or 1, never with an exception, and stores and reports on the
    good ones."""
    import json
    import tempfile

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from typer.testing import CliRunner

    from newsprism.cli import app

    runner = CliRunner()
    round_no = iter(range(10_000))

    @settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(files=hostile_items(), seed=st.integers(0, 10**6))
    def run(files, seed):
        n = 50_000 + next(round_no) * 1000 + seed % 1000
        good = [article_text(n), article_text(n + 500)]
        with tempfile.TemporaryDirectory() as tmp:
            folder, out = Path(tmp) / "in", Path(tmp) / "out"
            folder.mkdir()
            for i, (suffix, data) in enumerate(files):
                (folder / f"h{i}{suffix}").write_bytes(data)
            for i, text in enumerate(good):
                (folder / f"zz-good{i}.txt").write_text(text, encoding="utf-8")
            result = runner.invoke(app, ["analyze", str(folder), "--out", str(out),
                                         "--db", store_target, "--one-story"])
            assert result.exit_code in (0, 1) and not isinstance(result.exception,
                                                                 Exception), result.output
            report = json.loads((out / "report.json").read_text(encoding="utf-8"))
            reported = {a["text"] for a in report["articles"]}
            assert set(good) <= reported
        with open_store(store_target) as store:
            assert set(good) <= {a.text for a in store.articles()}

    run()
