"""The stage contract: settings only (small pickles), one output per input in order, and an
input that breaks a stage comes back as an ItemError in its place."""

from __future__ import annotations

import pickle

import pytest

from newsprism import annotate
from newsprism.align import AlignSettings
from newsprism.models import AnnotatedArticle, Article, ItemError
from newsprism.stages import (
    AnalyseStory,
    Annotate,
    Features,
    ModelSettings,
    StoryInput,
    ToAnnotate,
)


def _article(text: str, path: str) -> Article:
    return Article(Article.id_for(text), text, path=path, outlet="Test")


def _bare(article: Article) -> AnnotatedArticle:
    return AnnotatedArticle(article, (), (), (), (), ())


@pytest.mark.parametrize("stage", [Annotate(), Features(), AnalyseStory()])
def test_a_stage_holds_settings_only_and_pickles_small(stage):
    blob = pickle.dumps(stage)
    assert len(blob) < 2_000  # no model travels to a worker
    assert pickle.loads(blob) == stage


def test_story_settings_record_every_align_setting():
    settings = AnalyseStory(ModelSettings(device="cpu"),
                            AlignSettings(link_threshold=0.61)).settings()
    assert settings["link_threshold"] == 0.61
    assert settings["device"] == "cpu"
    for name in AlignSettings.__dataclass_fields__:
        assert name in settings, name


def test_annotate_turns_the_article_that_breaks_it_into_an_item_error(monkeypatch):
    good, bad = _article("A calm report.", "good.txt"), _article("A cursed report.", "bad.txt")

    def fake(articles, *, anchors=None, model=None, batch_size=16, processes=1):
        for a in articles:  # as annotate_each reports an article it cannot read
            yield (annotate.AnnotationFailure(a, "parse: the parser choked")
                   if "cursed" in a.text else _bare(a))

    monkeypatch.setattr(annotate, "annotate_each", fake)
    monkeypatch.setattr(annotate, "warm_up", lambda model=None: None)
    outputs = Annotate().run([ToAnnotate(good), ToAnnotate(bad), ToAnnotate(good)])
    assert [type(o) for o in outputs] == [AnnotatedArticle, ItemError, AnnotatedArticle]
    assert outputs[1].source == "bad.txt" and outputs[1].stage == "annotate"
    assert "the parser choked" in outputs[1].message


def test_a_story_that_breaks_the_analysis_comes_back_as_an_error(monkeypatch):
    import newsprism.resolve

    def broken(annotated):
        raise RuntimeError("resolver bug")

    monkeypatch.setattr(newsprism.resolve, "resolve", broken)
    article = _article("One report.", "one.txt")
    [output] = AnalyseStory().run([StoryInput("story-1", (_bare(article),))])
    assert output.analysis is None
    assert output.error == ItemError("story-1", "analyse", "RuntimeError('resolver bug')")
