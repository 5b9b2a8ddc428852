"""Stories at scale (part of bench/stories.py): the 12,000 AllSides articles.

Features (headline-and-lead vectors, NER) for all, stories for the first 11,000 in date order,
then the last 1,000 added to them as a later ingest would (features + placement), timed
separately; BERTopic on the same vectors when an interpreter for it is given.
"""

from __future__ import annotations

import resource
import time
from collections import Counter
from pathlib import Path

import numpy as np

from newsprism.ingest import ColumnMap, IngestOptions, ingest
from newsprism.stories import StoryIndex, StorySettings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides"


def scale(settings: StorySettings, bertopic: str | None, later: int = 1000) -> dict:
    from stories import features_of, run_bertopic

    articles = sorted(ingest([DATA / "allsides-12k.jsonl.gz"],
                             IngestOptions(columns=ColumnMap(outlet="source"))).articles,
                      key=lambda a: (a.published or "9999", a.id))
    features, feature_seconds = features_of(articles)
    first, rest = features[:-later], features[-later:]
    index = StoryIndex(settings)
    began = time.perf_counter()
    index.add_all(first)
    place_seconds = time.perf_counter() - began
    began = time.perf_counter()
    index.add_all(rest)
    add_seconds = time.perf_counter() - began
    store_seconds = stored_increment(articles, features, later, settings)
    sizes = Counter(len(ids) for ids in index.members.values())
    outlets = {a.id: a.outlet for a in articles}
    multi = sum(1 for ids in index.members.values() if len({outlets[i] for i in ids}) >= 2)
    result = {
        "articles": len(articles), "feature_seconds": feature_seconds,
        "place_seconds": place_seconds, "add_seconds": add_seconds, "later": later,
        "store_seconds": store_seconds,
        "add_feature_seconds": feature_seconds * later / len(articles),
        "stories": len(index.members), "singletons": sizes[1],
        "multi_outlet": multi, "largest": max(sizes), "merges": len(index.events),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "examples": [(s.title, len(s.article_ids), len({outlets[i] for i in s.article_ids}),
                      s.first_day, s.last_day, [e for e, _ in s.entities[:4]])
                     for s in index.stories()[:6]],
    }
    if bertopic:
        peer = run_bertopic(bertopic, [a.title or a.text[:200] for a in articles],
                            np.stack([f.vector for f in features]))
        result["bertopic"] = {k: peer[k] for k in ("seconds", "n_topics", "outliers",
                                                   "peak_rss_mb", "version")}
    return result


def stored_increment(articles: list, features: list, later: int,
                     settings: StorySettings) -> dict:
    """The real incremental path, ``assign_stories`` on a SQLite store that holds the first
    articles placed: restore the index from the store, place the new ones, write. The
    features come from the cache (their cost is measured above)."""
    import tempfile

    from newsprism import intake
    from newsprism.store import open_store

    by_id = {f.article_id: f for f in features}
    computed = intake.story_features
    intake.story_features = lambda batch, **_: [by_id[a.id] for a in batch]
    try:
        with open_store(Path(tempfile.mkdtemp()) / "stories.db") as store:
            store.save_ingested(articles[:-later])
            intake.assign_stories(store, settings)  # the first articles, as a first ingest
            store.save_ingested(articles[-later:])
            began = time.perf_counter()
            report = intake.assign_stories(store, settings)
            seconds = time.perf_counter() - began
    finally:
        intake.story_features = computed
    return {"seconds": seconds, "placed": report.placed, "stories": report.stories}


def print_scale(r: dict) -> None:
    n = r["articles"]
    total = r["feature_seconds"] + r["place_seconds"] + r["add_seconds"]
    print(f"\nAllSides: {n} articles, {r['stories']} stories ({r['singletons']} single-article, "
          f"{r['multi_outlet']} with 2+ outlets, largest {r['largest']}), {r['merges']} merges")
    print("| step | seconds | articles/s |\n|---|---:|---:|")
    print(f"| features (MiniLM headline+lead, spaCy NER) | {r['feature_seconds']:.1f} | "
          f"{n / r['feature_seconds']:.0f} |")
    placed = n - r["later"]
    print(f"| placement of {placed} (faiss HNSW, scoring) | {r['place_seconds']:.1f} | "
          f"{placed / r['place_seconds']:.0f} |")
    add = r["add_feature_seconds"] + r["add_seconds"]
    print(f"| add {r['later']} more to the stored stories (features + placement) | {add:.1f} "
          f"| {r['later'] / add:.0f} |")
    print(f"| all | {total:.1f} | {n / total:.0f} |")
    st = r["store_seconds"]
    print(f"| `assign_stories` on a SQLite store of {n - r['later']} placed articles: restore "
          f"the index, place {st['placed']}, write (features excluded) | {st['seconds']:.1f} | "
          f"{st['placed'] / st['seconds']:.0f} |")
    print(f"peak RSS {r['peak_mb']:.0f} MB")
    per_article = r["feature_seconds"] / n
    print(f"1M articles, extrapolated: features {per_article * 1e6 / 3600:.1f} h on this "
          f"machine (linear), placement ~{r['place_seconds'] / placed * 1e6 / 3600 * 1.5:.1f} h "
          f"(log n per article); vectors + HNSW graph ~{(384 * 4 + 32 * 2 * 4) / 1e3:.1f} GB")
    if "bertopic" in r:
        b = r["bertopic"]
        print(f"BERTopic {b['version']} on the same vectors: {b['seconds']:.1f} s, "
              f"{b['n_topics']} topics, {b['outliers']} outliers, peak {b['peak_rss_mb']} MB")
    for title, size, outlets, first, last, entities in r["examples"]:
        print(f"  {size:>3} articles, {outlets:>2} outlets, {first}..{last}: {title[:80]!r} "
              f"{entities}")
