"""The report's pictures: the entity graph (who appears with whom) and the timeline strip.

``entity_graph`` is data (it goes into the JSON report, with the sentences behind every edge);
``graph_figure`` and ``timeline_figure`` turn report data into plain coordinates that the HTML
templates draw as inline SVG. No drawing library and no script: the pictures work in the
offline report and under the web app's Content-Security-Policy alike, and every mark is a link
to its evidence.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date
from itertools import combinations
from typing import Any

from newsprism.models import Analysis, article_label

# Names of things that can "appear with" each other; numbers and dates cannot.
GRAPH_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW",
               "WORK_OF_ART"}
MAX_NODES = 30
MAX_EDGES = 60
EDGE_CITATIONS = 3
LAYOUT_SEED = 7  # any fixed number: the layout's start, so a graph is always drawn alike


def entity_graph(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Entities that share a sentence, merged across spelling variants by resolution: nodes
    (the most-mentioned ``MAX_NODES`` named entities) and edges (sentence co-occurrences,
    with up to ``EDGE_CITATIONS`` of those sentences as citations)."""
    by_article = {a.article.id: a for a in analysis.annotated}
    labels = {a.id: article_label(a) for a in analysis.articles}
    named = [e for e in analysis.entities if e.type in GRAPH_TYPES and e.mentions]
    named.sort(key=lambda e: (-len(e.mentions), e.name))
    nodes = named[:MAX_NODES]
    in_sentence: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for entity in nodes:
        for m in entity.mentions:
            article = by_article.get(m.article_id)
            sentence = article.sentence_of(m) if article else None
            if sentence is not None:
                in_sentence[(m.article_id, sentence.start, sentence.end)].add(entity.id)
    weights: Counter[tuple[str, str]] = Counter()
    cited: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for (article_id, start, end), ids in sorted(in_sentence.items()):
        for pair in combinations(sorted(ids), 2):
            weights[pair] += 1
            if len(cited[pair]) < EDGE_CITATIONS:
                cited[pair].append({"article_id": article_id, "start": start, "end": end})
    edges = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_EDGES]
    return {
        "nodes": [{"id": e.id, "name": e.name, "type": e.type, "mentions": len(e.mentions),
                   "outlets": sorted({labels.get(m.article_id, m.article_id)
                                      for m in e.mentions})}
                  for e in nodes],
        "edges": [{"a": a, "b": b, "sentences": n, "citations": cited[(a, b)]}
                  for (a, b), n in edges],
    }


def graph_figure(graph: dict[str, Any], width: int = 720, height: int = 440) -> dict[str, Any]:
    """Coordinates for the entity graph: a force-directed layout from a fixed seed (the same
    graph is always drawn the same way), node radius by mentions, edge width by shared
    sentences."""
    import networkx as nx

    nodes = [n for n in graph.get("nodes", []) if any(n["id"] in (e["a"], e["b"])
                                                      for e in graph.get("edges", []))]
    if not nodes:
        return {"width": width, "height": height, "nodes": [], "edges": []}
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    g.add_weighted_edges_from((e["a"], e["b"], e["sentences"]) for e in graph["edges"])
    # Fruchterman-Reingold from a fixed seed: heavier edges pull harder, so they are drawn
    # shorter. Kamada-Kawai drew hubs a little more evenly but cost 0.35 s a story in scipy's
    # optimiser (a third of writing 100 stories' reports); this costs 0.02 s.
    for _, _, data in g.edges(data=True):
        data["pull"] = math.log2(1 + data["weight"])
    position = nx.spring_layout(g, weight="pull", seed=LAYOUT_SEED, iterations=100)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    margin = 60

    def scale(value: float, low: float, high: float, size: int) -> float:
        return round(margin + (value - low) / ((high - low) or 1) * (size - 2 * margin), 1)

    top = max(n["mentions"] for n in nodes)
    heaviest = max(e["sentences"] for e in graph["edges"])
    placed = {n["id"]: {**n, "x": scale(position[n["id"]][0], min(xs), max(xs), width),
                        "y": scale(position[n["id"]][1], min(ys), max(ys), height),
                        "r": round(5 + 13 * math.sqrt(n["mentions"] / top), 1)}
              for n in nodes}
    edges = [{**e, "x1": placed[e["a"]]["x"], "y1": placed[e["a"]]["y"],
              "x2": placed[e["b"]]["x"], "y2": placed[e["b"]]["y"],
              "width": round(1 + 5 * e["sentences"] / heaviest, 1),
              "names": f'{placed[e["a"]]["name"]} & {placed[e["b"]]["name"]}'}
             for e in graph["edges"] if e["a"] in placed and e["b"] in placed]
    return {"width": width, "height": height, "nodes": list(placed.values()), "edges": edges}


def _day(value: str) -> date | None:
    """The first day of an ISO date, month ("2023-06") or year ("2023")."""
    parts = (value or "").split("-")
    try:
        numbers = [int(p) for p in parts[:3]] + [1] * (3 - len(parts[:3]))
        return date(*numbers)
    except (TypeError, ValueError):
        return None


def timeline_figure(timeline: list[dict[str, Any]], width: int = 720) -> dict[str, Any]:
    """A strip of the dated events on a time axis; events of one day stack. Each point
    carries its row number in the timeline table, which it links to."""
    dated = [(i, _day(t["date"]), t) for i, t in enumerate(timeline, 1)]
    dated = [(i, d, t) for i, d, t in dated if d is not None]
    if not dated:
        return {"width": width, "height": 0, "points": [], "ticks": []}
    first = min(d for _, d, _ in dated).toordinal()
    last = max(d for _, d, _ in dated).toordinal()
    span, margin = max(last - first, 1), 40

    def x(day: date) -> float:
        if last == first:
            return width / 2
        return round(margin + (day.toordinal() - first) / span * (width - 2 * margin), 1)

    stacked: Counter[float] = Counter()
    points = []
    for row, day, entry in dated:
        px = x(day)
        stacked[px] += 1
        points.append({"row": row, "x": px, "y": 70 - 14 * (stacked[px] - 1),
                       "date": entry["date"], "text": entry["text"]})
    ticks = sorted({(x(d), d.isoformat()) for d in (date.fromordinal(first),
                                                    date.fromordinal((first + last) // 2),
                                                    date.fromordinal(last))})
    height = 110 + 14 * max(0, max(stacked.values()) - 4)
    shift = height - 110
    for p in points:
        p["y"] += shift
    return {"width": width, "height": height, "axis_y": 80 + shift, "points": points,
            "ticks": [{"x": tx, "label": label} for tx, label in ticks]}
