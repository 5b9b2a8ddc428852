"""The annotators as spaCy components: one parse stream, in-process or over worker processes,
gives the same annotations, and one article that breaks an annotator fails alone."""

from pathlib import Path

import pytest

from newsprism.annotate import AnnotationFailure, annotate_each, warm_up
from newsprism.annotate.components import COMPONENTS
from newsprism.models import Article

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "wagner"


def _articles(count: int) -> list[Article]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    # Each example cut in halves and quarters: many distinct articles from four texts.
    pieces = []
    for text in texts:
        for parts in (1, 2, 3, 4, 5):
            size = len(text) // parts
            pieces += [text[i * size:(i + 1) * size] for i in range(parts)]
    pieces = [p for p in pieces if p.strip()][:count]
    return [Article(id=Article.id_for(p), text=p, published="2023-06-25") for p in pieces]


def test_the_annotators_are_components_of_the_pipeline():
    nlp = warm_up()
    assert nlp.pipe_names[-len(COMPONENTS):] == list(COMPONENTS)


def test_worker_processes_give_the_same_annotations_in_the_same_order():
    articles = _articles(24)
    alone = list(annotate_each(articles, processes=1))
    spread = list(annotate_each(articles, processes=2))
    assert [a.article.id for a in spread] == [a.id for a in articles]
    assert spread == alone
    assert sum(len(a.quotes) for a in spread) > 0 and sum(len(a.clauses) for a in spread) > 0


@pytest.mark.parametrize("processes", [1, 2])
def test_an_article_that_breaks_an_annotator_fails_alone(monkeypatch, processes):
    from newsprism.annotate import components

    articles = _articles(20)
    broken = articles[5].id
    real = components.find_quotes

    def find_quotes(article, doc, mentions):
        if article.id == broken:
            raise ValueError("a quote the annotator cannot read")
        return real(article, doc, mentions)

    monkeypatch.setattr(components, "find_quotes", find_quotes)
    results = list(annotate_each(articles, processes=processes))
    failed = [r for r in results if isinstance(r, AnnotationFailure)]
    assert [f.article.id for f in failed] == [broken]
    assert "newsprism_quotes" in failed[0].error and "cannot read" in failed[0].error
    assert len(results) == len(articles)


def test_a_broken_parse_falls_back_to_one_article_at_a_time(monkeypatch):
    """The parse itself raising (not one annotator): the batch is redone article by article,
    and only the article that breaks it fails."""
    articles = _articles(6)
    nlp = warm_up()
    real_pipe = type(nlp).pipe
    poison = articles[3].text

    def pipe(self, texts, **kwargs):
        if not kwargs.get("as_tuples"):  # spaCy's own inner call: let it through
            yield from real_pipe(self, texts, **kwargs)
            return
        items = list(texts)
        if any(text == poison for text, _ in items):
            if len(items) > 1:
                raise RuntimeError("the parser fell over")
            raise RuntimeError("this article breaks the parser")
        yield from real_pipe(self, items, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", pipe)
    results = list(annotate_each(articles))
    assert [isinstance(r, AnnotationFailure) for r in results] == [
        False, False, False, True, False, False]
    assert "breaks the parser" in results[3].error


def test_field_cases_annotate_the_same_in_workers():
    """The field cases' texts (quotes across paragraphs, numbers in words, transliterated
    names, weekdays), each whole and in halves: the same annotations in two worker processes
    as in this one."""
    cases = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
    texts = [p.read_text(encoding="utf-8") for p in sorted(cases.glob("*/*.txt"))]
    pieces = texts + [t[: len(t) // 2] for t in texts] + [t[len(t) // 2:] for t in texts]
    articles = [Article(id=Article.id_for(p), text=p, published="2024-02-06") for p in pieces]
    assert len(articles) >= 16
    spread = list(annotate_each(articles, processes=2))
    assert spread == list(annotate_each(articles))
    assert all(a.sentences for a in spread) and sum(len(a.quotes) for a in spread) > 0


def test_a_failing_parse_in_a_worker_or_a_text_too_long_fails_alone(monkeypatch):
    """A pipe that raises inside a worker process, or a text longer than the parser reads,
    never stalls the stream (spaCy's workers block if the parent stops reading): the
    article fails alone, every other one comes back, in order."""
    from spacy.language import Language

    articles = _articles(24)
    articles[5] = Article(id="bad", text="BREAKS " + articles[5].text)
    articles[17] = Article(id="long", text="word " * 5000)
    nlp = warm_up()
    if not Language.has_factory("test_breaker"):
        @Language.component("test_breaker")
        def breaker(doc):
            if doc.text.startswith("BREAKS"):
                raise ValueError("this article breaks the parser")
            return doc
    nlp.add_pipe("test_breaker", before="newsprism_mentions")
    monkeypatch.setattr(nlp, "max_length", 20000)
    try:
        results = list(annotate_each(articles, processes=2))
    finally:
        nlp.remove_pipe("test_breaker")
    assert [r.article.id for r in results] == [a.id for a in articles]
    failed = [r.article.id for r in results if isinstance(r, AnnotationFailure)]
    assert failed == ["bad", "long"]


def test_spacy_on_the_gpu_parses_in_process(monkeypatch):
    """Forked parse workers must not share the parent's CUDA context: with spaCy on the GPU
    (thinc's CuPy ops) the parse stays in one process however many are asked for."""
    import thinc.api

    from newsprism import annotate

    assert annotate._workers(4, 100) == 4

    class CupyOps(thinc.api.NumpyOps):  # named as thinc's GPU ops; runs on the CPU here
        pass

    previous = thinc.api.get_current_ops()
    thinc.api.set_current_ops(CupyOps())
    try:
        assert annotate._workers(4, 100) == 1
    finally:
        thinc.api.set_current_ops(previous)


SPAWNED = """
import multiprocessing, sys
from pathlib import Path
import newsprism.annotate as annotate
from newsprism.models import Article
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn", force=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
    pieces = [t[k * (len(t) // 4):(k + 1) * (len(t) // 4)] for t in texts for k in range(4)]
    articles = [Article(id=Article.id_for(p), text=p, published="2023-06-25") for p in pieces]
    alone = []
    one_by_one = annotate._alone
    annotate._alone = lambda *args: alone.append(1) or one_by_one(*args)
    spawned = list(annotate.annotate_each(articles, processes=2))
    annotate._alone = one_by_one
    assert not alone, f"{len(alone)} articles fell back to one at a time"
    assert spawned == list(annotate.annotate_each(articles)), "workers differ"
    print("same")
"""


def test_spawned_workers_parse_as_forked_ones_do(tmp_path):
    """Where worker processes are spawned (macOS, Windows), spaCy pickles the pipeline: every
    newsprism component must pickle, or the parse silently runs one article at a time."""
    import subprocess
    import sys

    script = tmp_path / "spawned.py"
    script.write_text(SPAWNED, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(EXAMPLES)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("same")
