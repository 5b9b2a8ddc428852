"""What the stories stage stores, on both backends."""

from __future__ import annotations

from datetime import date

import numpy as np

from newsprism.ingest.meta import make_article
from newsprism.models import Story, StoryEvent
from newsprism.store import open_store
from newsprism.stories import StoryFeatures


def features(aid: str, day: date | None) -> StoryFeatures:
    vector = np.arange(4, dtype=np.float32) / np.float32(3.74)
    return StoryFeatures(aid, vector, frozenset({"hull"}), ("strike",), day, f"Title {aid}",
                         (("hull", "Hull"),))


def test_stories_round_trip_and_unplaced_articles(store_target) -> None:
    a = make_article("Dock workers in Hull went on strike on Monday over pay.", {}, {})
    b = make_article("The Hull dock strike entered its second day on Tuesday.", {}, {})
    c = make_article("A storm closed roads in Cornwall.", {}, {})
    fa, fb = features(a.id, date(2024, 3, 4)), features(b.id, None)
    story = Story("story_0123456789abcdef", tuple(sorted((a.id, b.id))), "Title", "2024-03-04",
                  "2024-03-04", (("Hull", 2),), ("strike",), 0.9)
    with open_store(store_target) as store:
        store.save_ingested([a, b, c])
        assert {x.id for x in store.unplaced_articles()} == {a.id, b.id, c.id}
        store.save_stories([fa, fb], {a.id: story.id, b.id: story.id}, [story],
                           [StoryEvent("merge", story.id, "story_gone", b.id)],
                           gone=["story_gone"])
        assert [x.id for x in store.unplaced_articles()] == [c.id]
        assert store.stories() == [story] and store.story_count() == 1
        assert store.story_events() == [StoryEvent("merge", story.id, "story_gone", b.id)]
        restored = dict((f.article_id, (f, s)) for f, s in store.story_features())
    got, story_id = restored[a.id]
    assert story_id == story.id and got.day == date(2024, 3, 4) and got.names == fa.names
    assert np.array_equal(got.vector, fa.vector) and got.entities == fa.entities
    assert restored[b.id][0].day is None
