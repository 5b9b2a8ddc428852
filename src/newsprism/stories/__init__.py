"""Stories: group a stream of articles into stories, incrementally.

``group_stories(articles)`` is the batch entry point (features, then placement); a
``StoryIndex`` restored from the store places new articles without recomputing the old ones.
See ``cluster.py`` for how it decides and ``features.py`` for what it looks at.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.models import Article, Story
from newsprism.stories.cluster import StoryIndex, StorySettings, describe, order_key
from newsprism.stories.features import StoryFeatures, story_features

__all__ = [
    "StoryFeatures", "StoryIndex", "StorySettings", "describe", "group_stories", "order_key",
    "story_features",
]


def group_stories(articles: Sequence[Article], settings: StorySettings | None = None,
                  model: str | None = None, spacy_model: str | None = None) -> list[Story]:
    """The stories of a batch of articles, largest first."""
    index = StoryIndex(settings or StorySettings())
    index.add_all(story_features(articles, model=model, spacy_model=spacy_model))
    return index.stories()
