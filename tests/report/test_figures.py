"""The report's pictures: the entity graph's data and both figures' coordinates."""

from __future__ import annotations

from newsprism.report.figures import entity_graph, graph_figure, timeline_figure


def test_the_entity_graph_links_entities_that_share_a_sentence(small_analysis):
    graph = entity_graph(small_analysis)
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    assert set(names.values()) >= {"Wagner", "Yevgeny Prigozhin"}
    texts = {a.id: a.text for a in small_analysis.articles}
    for edge in graph["edges"]:
        assert edge["a"] < edge["b"] and edge["sentences"] >= len(edge["citations"]) >= 1
        for cite in edge["citations"]:  # each cited sentence names both entities
            sentence = texts[cite["article_id"]][cite["start"]:cite["end"]]
            mentioned = {e.id for e in small_analysis.entities for m in e.mentions
                         if m.article_id == cite["article_id"]
                         and cite["start"] <= m.start < cite["end"]}
            assert {edge["a"], edge["b"]} <= mentioned, sentence


def test_graph_figure_is_deterministic_and_inside_its_box():
    graph = {"nodes": [{"id": i, "name": i.upper(), "type": "PERSON", "mentions": n,
                        "outlets": ["A"]} for i, n in (("a", 9), ("b", 3), ("c", 1), ("d", 1))],
             "edges": [{"a": "a", "b": "b", "sentences": 4, "citations": []},
                       {"a": "a", "b": "c", "sentences": 1, "citations": []}]}
    first, again = graph_figure(graph), graph_figure(graph)
    assert first == again
    assert {n["id"] for n in first["nodes"]} == {"a", "b", "c"}  # "d" shares no sentence
    for node in first["nodes"]:
        assert 0 <= node["x"] <= first["width"] and 0 <= node["y"] <= first["height"]
    sizes = {n["id"]: n["r"] for n in first["nodes"]}
    assert sizes["a"] > sizes["b"] > 0
    assert graph_figure({"nodes": [], "edges": []})["nodes"] == []


def test_timeline_points_sit_in_date_order_and_stack_on_one_day():
    timeline = [{"date": "2023-06-24", "text": "Rostov"}, {"date": "2023-06-24", "text": "deal"},
                {"date": "2023-06", "text": "month"}, {"date": "2021", "text": "year"},
                {"date": "not a date", "text": "skipped"}]
    figure = timeline_figure(timeline)
    points = {p["text"]: p for p in figure["points"]}
    assert set(points) == {"Rostov", "deal", "month", "year"}
    assert points["year"]["x"] < points["month"]["x"] < points["Rostov"]["x"]
    assert points["Rostov"]["x"] == points["deal"]["x"]
    assert points["Rostov"]["y"] != points["deal"]["y"]
    assert [p["row"] for p in figure["points"]] == [1, 2, 3, 4]
    assert timeline_figure([])["points"] == []
