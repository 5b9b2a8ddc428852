"""Placing articles into stories, with hand-made features (no model loaded): time windows,
rare shared entities, undated bridges, merges, stable ids, restore."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from newsprism.stories import StoryFeatures, StoryIndex, StorySettings, describe

rng = np.random.default_rng(3)
DIM = 32
TOPICS = {name: rng.normal(size=DIM) for name in ("strike", "storm", "election", "trial")}


def vector(topic: str, noise: float = 0.25) -> np.ndarray:
    v = TOPICS[topic] + noise * rng.normal(size=DIM)
    return (v / np.linalg.norm(v)).astype(np.float32)


def feature(aid: str, topic: str, day: date | None, entities=(), noise: float = 0.25,
            title: str | None = None) -> StoryFeatures:
    names = tuple((e.lower(), e) for e in entities)
    return StoryFeatures(aid, vector(topic, noise), frozenset(k for k, _ in names),
                         (topic,), day, title or f"{topic} {aid}", names)


D = date(2024, 3, 1)


def stories_of(index: StoryIndex) -> list[set[str]]:
    return sorted((set(ids) for ids in index.members.values()), key=lambda s: sorted(s))


def test_one_event_is_one_story_and_other_events_are_apart() -> None:
    index = StoryIndex()
    batch = [feature(f"s{i}", "strike", D + timedelta(days=i % 2), ["Port of Hull"])
             for i in range(4)]
    batch += [feature(f"t{i}", "storm", D, ["Cornwall"]) for i in range(3)]
    index.add_all(batch)
    assert stories_of(index) == [{"s0", "s1", "s2", "s3"}, {"t0", "t1", "t2"}]


def test_same_kind_of_event_weeks_apart_is_another_story() -> None:
    index = StoryIndex()
    first = [feature(f"a{i}", "strike", D, ["Dock union"]) for i in range(3)]
    later = [feature(f"b{i}", "strike", D + timedelta(days=70), ["Dock union"])
             for i in range(3)]
    index.add_all(first + later)
    assert stories_of(index) == [{"a0", "a1", "a2"}, {"b0", "b1", "b2"}]


def test_an_undated_article_does_not_bridge_two_times() -> None:
    index = StoryIndex()
    index.add_all([feature("jan", "trial", D, ["Judge Ortiz"]),
                   feature("undated", "trial", None, ["Judge Ortiz"])])
    assert stories_of(index) == [{"jan", "undated"}]
    index.add_all([feature("june", "trial", D + timedelta(days=120), ["Judge Ortiz"])])
    assert {"june"} in stories_of(index)


def test_shared_rare_entities_raise_the_score() -> None:
    index = StoryIndex()
    common = [feature(f"c{i}", "election", D, ["US"]) for i in range(20)]
    index.observe(common)
    a = feature("a", "election", D, ["US", "Maria Lopez"], noise=0.6)
    b = feature("b", "election", D, ["US", "Maria Lopez"], noise=0.6)
    c = feature("c", "election", D, ["US", "Tom Berg"], noise=0.6)
    index.observe([a, b, c])
    assert index.entity_overlap(a, b) > 0.6 > index.entity_overlap(a, c)
    assert index.pair_score(a, b) > index.pair_score(a, c)


def test_ids_are_stable_whatever_the_input_order() -> None:
    batch = [feature(f"s{i}", "strike", D + timedelta(days=i), ["Hull"]) for i in range(4)]
    batch += [feature(f"t{i}", "storm", D, ["Cornwall"]) for i in range(3)]
    first, second = StoryIndex(), StoryIndex()
    ids = first.add_all(batch)
    shuffled = batch[:]
    random.Random(1).shuffle(shuffled)
    again = dict(zip([f.article_id for f in shuffled], second.add_all(shuffled), strict=True))
    assert ids == [again[f.article_id] for f in batch]
    assert first.story_of["s2"] == second.story_of["s2"]


def test_an_article_that_ties_two_stories_merges_them() -> None:
    index = StoryIndex(StorySettings(link_threshold=0.5, merge_margin=0.05, entity_weight=0))
    a, b = np.zeros(DIM, dtype=np.float32), np.zeros(DIM, dtype=np.float32)
    a[0], b[1] = 1.0, 1.0  # orthogonal: two stories
    c = (a + b) / np.linalg.norm(a + b)  # cosine 0.71 with each: above threshold + margin
    make = lambda aid, v, day: StoryFeatures(aid, v, frozenset(), (), day, aid)  # noqa: E731
    index.add_all([make("a", a, D), make("b", b, D + timedelta(days=1))])
    assert stories_of(index) == [{"a"}, {"b"}]
    index.add_all([make("c", c, D + timedelta(days=1))])
    assert stories_of(index) == [{"a", "b", "c"}]
    (event,) = index.events
    assert (event.kind, event.article_id) == ("merge", "c")
    assert event.story_id == index.story_of["a"]  # the older story's id survives
    assert event.other_id not in index.members


def test_restored_index_places_new_articles_into_stored_stories() -> None:
    first = StoryIndex()
    batch = [feature(f"s{i}", "strike", D, ["Hull"]) for i in range(3)]
    first.add_all(batch)
    restored = StoryIndex()
    restored.restore((f, first.story_of[f.article_id]) for f in batch)
    (story,) = restored.add_all([feature("new", "strike", D + timedelta(days=1), ["Hull"])])
    assert story == first.story_of["s0"] and restored.events == []


def test_describe_explains_the_story() -> None:
    items = [feature(f"s{i}", "strike", D + timedelta(days=i), ["Port of Hull", "Unite"],
                     title=f"Strike day {i}") for i in range(3)]
    items.append(feature("x", "strike", None, ["Port of Hull"]))
    story = describe("story_0123456789abcdef", items)
    assert story.first_day == "2024-03-01" and story.last_day == "2024-03-03"
    assert story.entities[0] == ("Port of Hull", 4) and ("Unite", 3) in story.entities
    assert story.terms == ("strike",) and 0 < story.cohesion <= 1
    assert story.article_ids == ("s0", "s1", "s2", "x")


def test_a_story_that_no_longer_holds_together_is_split() -> None:
    index = StoryIndex()
    strike = [feature(f"s{i}", "strike", D + timedelta(days=i), ["Hull"]) for i in range(3)]
    storm = [feature(f"t{i}", "storm", D + timedelta(days=5 + i), ["Cornwall"])
             for i in range(2)]
    # Stored as one story (as an earlier, looser run might have left it).
    index.restore((f, "story_0000000000000001") for f in strike + storm)
    (event,) = index.split("story_0000000000000001")
    assert event.kind == "split" and event.story_id == "story_0000000000000001"
    assert set(index.members["story_0000000000000001"]) == {"s0", "s1", "s2"}
    assert set(index.members[event.other_id]) == {"t0", "t1"}
    assert index.split("story_0000000000000001") == []  # what holds together stays
