"""What the web app reads from the store, on both backends: stories' reports, the story list
and its search, versions, and one article's annotations."""

from __future__ import annotations

from newsprism.models import Story
from newsprism.report import build_report
from newsprism.store import open_store


def _story(analysis, story_id="story_a", title="Wagner fighters seize Rostov") -> Story:
    return Story(story_id, tuple(sorted(a.id for a in analysis.articles)), title,
                 "2023-06-24", "2023-06-25", (("prigozhin", 3),), ("mutiny",))


def _saved(target, analysis) -> Story:
    story = _story(analysis)
    with open_store(target) as store:
        store.save_analysis(analysis, story_id=story.id)
        store.save_stories([], {a: story.id for a in story.article_ids}, [story])
        store.save_report(story.id, build_report(analysis))
    return story


def test_reports_round_trip_and_the_list_counts_them(store_target, small_analysis):
    story = _saved(store_target, small_analysis)
    with open_store(store_target) as store:
        report = store.report(story.id)
        assert report["summary"] == build_report(small_analysis)["summary"]
        assert store.report("story_missing") is None
        rows, total = store.story_rows()
        assert total == 1
        row = rows[0]
        assert (row["articles"], row["outlets"], row["conflicts"]) == (3, 3, 1)
        assert row["analysed"] and not row["stale"]
        assert row["entities"] == ["prigozhin"] and row["first_day"] == "2023-06-24"
        assert store.stale_story_ids() == []


def test_search_is_case_insensitive_literal_and_covers_articles(store_target, small_analysis):
    _saved(store_target, small_analysis)
    with open_store(store_target) as store:
        def found(query):
            return store.story_rows(query)[1]

        assert found("ROSTOV") == 1 and found("prigozhin") == 1 and found("mutiny") == 1
        assert found("kremlin watch") == 1  # an outlet of a member article
        assert found("Rostov taken") == 1  # a member article's title
        assert found("%") == found("_") == found("\\") == found("nope") == 0
        assert store.story_rows(None, limit=1, offset=1) == ([], 1)


def test_a_version_changes_with_the_report_and_with_the_members(store_target, small_analysis):
    story = _saved(store_target, small_analysis)
    with open_store(store_target) as store:
        assert store.story_analysis_state(story.id) == "current"
        first = store.story_version(story.id)
        assert store.story_version(story.id) == first
        store.save_report(story.id, store.report(story.id))
        second = store.story_version(story.id)
        assert second != first
        fewer = story.article_ids[:2]
        store.save_stories([], {a: story.id for a in fewer}, [
            Story(story.id, fewer, story.title, story.first_day, story.last_day)])
        store.save_stories([], {story.article_ids[2]: "story_b"}, [
            Story("story_b", story.article_ids[2:], "Other")])
        assert store.story_version(story.id) != second
        assert store.stale_story_ids() == ["story_a", "story_b"]  # changed; never analysed
        assert store.story_analysis_state("story_a") == "stale"
        assert store.story_analysis_state("story_b") == "missing"
        assert store.story_version("story_missing") is None


def test_a_merged_away_story_loses_its_report(store_target, small_analysis):
    story = _saved(store_target, small_analysis)
    with open_store(store_target) as store:
        store.save_stories([], {}, [], gone=[story.id])
        assert store.report(story.id) is None and store.story_row(story.id) is None


def test_an_articles_annotations_come_back_in_text_order(store_target, small_analysis):
    story = _saved(store_target, small_analysis)
    article = small_analysis.articles[0]
    with open_store(store_target) as store:
        notes = store.article_annotations(article.id)
        assert store.article(article.id) == store.articles()[
            [a.id for a in store.articles()].index(article.id)]
        assert store.article_story(article.id) == story.id
        assert store.article("art_missing") is None
    claims = notes["claims"]
    assert [c["start"] for c in claims] == sorted(c["start"] for c in claims)
    assert all(c["status"] in ("consensus", "disputed", "single_source", None) for c in claims)
    assert {m["name"] for m in notes["mentions"]} >= {"Wagner"}
    assert notes["quotes"] and notes["dates"] and notes["quantities"]
    for key in ("claims", "quotes", "mentions", "dates", "quantities"):
        for row in notes[key]:
            assert article.text[row["start"]:row["end"]] == row["text"], key
