"""build_report: the JSON report's shape, schema conformance and content."""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from newsprism import models
from newsprism.models import Alignment, Analysis, Brief
from newsprism.report import build_report, load_schema, validate_report, write_json

ROOT = Path(__file__).resolve().parents[2]
TOP_KEYS = {
    "schema_version", "generator", "created", "settings", "articles", "entities", "claims",
    "quotes", "quantities", "dates", "facts", "conflicts", "reuse", "brief", "framing", "errors",
    "summary",
}


def empty_analysis() -> Analysis:
    return Analysis((), (), (), (), Alignment((), ()), Brief((), ()))


def test_schema_copies_are_identical() -> None:
    docs = (ROOT / "docs" / "report.schema.json").read_bytes()
    packaged = (ROOT / "src" / "newsprism" / "schema" / "report.schema.json").read_bytes()
    assert docs == packaged


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["required"]) == TOP_KEYS


@pytest.mark.parametrize(
    ("definition", "field", "literal"),
    [
        ("claim", "kind", models.ClaimKind),
        ("fact", "status", models.FactStatus),
        ("quantity", "bound", models.Bound),
        ("date", "granularity", models.Granularity),
        ("timeline_entry", "granularity", models.Granularity),
        ("coverage", "status", models.CoverageStatus),
        ("text_reuse", "kind", models.ReuseKind),
    ],
)
def test_schema_enums_match_models(definition: str, field: str, literal: object) -> None:
    enum = load_schema()["$defs"][definition]["properties"][field]["enum"]
    assert sorted(enum) == sorted(typing.get_args(literal))


def test_a_conflict_kind_is_newsprisms_own_or_a_registered_checks_name() -> None:
    """The kind is open (a registered check names its own), but still a plain word."""
    import re

    pattern = load_schema()["$defs"]["conflict"]["properties"]["kind"]["pattern"]
    assert all(re.match(pattern, kind) for kind in (*models.CONFLICT_KINDS, "casualty_wording"))
    assert not any(re.match(pattern, kind) for kind in ("", "Vibes!", "two words"))


@pytest.mark.parametrize(
    ("definition", "record"),
    [("claim", models.Claim), ("quote", models.Quote), ("quantity", models.Quantity),
     ("date", models.DateMention), ("fact", models.Fact), ("conflict", models.Conflict),
     ("coverage", models.Coverage), ("text_reuse", models.TextReuse)],
)
def test_schema_covers_every_dataclass_field(definition: str, record: type) -> None:
    props = load_schema()["$defs"][definition]["properties"]
    assert {f.name for f in dataclasses.fields(record)} <= set(props)
    assert all("description" in p for p in props.values())


def test_report_validates_and_has_exact_top_level_keys(report: dict) -> None:
    assert set(report) == TOP_KEYS | {"entity_graph"}  # optional: older reports lack it
    assert report["schema_version"] == "1.1"
    assert report["generator"]["name"] == "newsprism"
    assert report["generator"]["version"]
    assert datetime.fromisoformat(report["created"]).tzinfo is not None
    validate_report(report)


def test_report_is_plain_json(report: dict) -> None:
    # Tuples must be lists, so the dict survives a JSON round trip unchanged.
    assert json.loads(json.dumps(report)) == report
    assert isinstance(report["claims"][0]["entity_ids"], list)
    assert isinstance(report["facts"][0]["claim_ids"], list)


def test_summary_counts(report: dict) -> None:
    assert report["summary"] == {
        "articles": 3, "entities": 2, "claims": 8, "quotes": 2, "quantities": 2, "dates": 1,
        "facts": 3, "consensus": 1, "single_source": 1, "disputed": 1, "conflicts": 1,
        "errors": 1, "copies": 0,
    }


def test_articles_carry_label_language_and_metadata(report: dict, small_analysis) -> None:
    by_label = {a["label"]: a for a in report["articles"]}
    assert set(by_label) == {"Daily Planet", "gazette-b", "Kremlin Watch"}
    assert by_label["gazette-b"]["outlet"] is None  # label fell back to the file stem
    assert by_label["Daily Planet"]["metadata_sources"]["outlet"] == "sidecar"
    assert by_label["Kremlin Watch"]["path"] is None
    assert all(a["language"] == "en" and a["sentence_count"] >= 2 for a in report["articles"])
    assert [a["id"] for a in report["articles"]] == [a.id for a in small_analysis.articles]


def test_every_offset_points_at_its_text(report: dict) -> None:
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for record in report["claims"] + report["quotes"] + report["quantities"] + report["dates"]:
        assert texts[record["article_id"]][record["start"]:record["end"]] == record["text"]
    for entity in report["entities"]:
        for m in entity["mentions"]:
            assert texts[m["article_id"]][m["start"]:m["end"]] == m["text"]
    cited = [c for s in report["brief"]["sentences"] for c in s["citations"]]
    cited += [c for t in report["brief"]["timeline"] for c in t["citations"]]
    assert cited
    for c in cited:
        assert 0 <= c["start"] < c["end"] <= len(texts[c["article_id"]])


def test_quotes_entities_brief_errors(report: dict) -> None:
    assert all(q["speaker_entity_id"] for q in report["quotes"])
    prig = next(e for e in report["entities"] if e["type"] == "PERSON")
    assert prig["aliases"] == ["Prigozhin", "Prigojine"]
    assert set(prig["mentions"][0]) == {"article_id", "start", "end", "text", "label"}
    assert report["brief"]["timeline"][0]["date"] == "2023-06-24"
    assert report["brief"]["sentences"][0]["fact_id"] == report["facts"][0]["id"]
    assert report["errors"] == [
        {"source": "stories/broken.pdf", "stage": "ingest", "message": "unsupported file type .pdf"}
    ]
    assert report["settings"] == {"similarity_threshold": 0.78, "nli": False}


def test_duplicate_annotations_are_counted_once(small_analysis: Analysis) -> None:
    doubled = dataclasses.replace(small_analysis, annotated=small_analysis.annotated * 2)
    assert build_report(doubled)["summary"]["quotes"] == 2


def test_empty_analysis_validates() -> None:
    report = build_report(empty_analysis())
    validate_report(report)
    assert report["summary"]["facts"] == 0 and report["brief"] == {"sentences": [], "timeline": []}


BREAKAGES = [
    lambda r: r.pop("summary"),
    lambda r: r["claims"][0].update(kind="opinion"),
    lambda r: r["facts"][0].update(status="agreed"),
    lambda r: r["conflicts"][0].update(kind="Not a kind!"),
    lambda r: r["quantities"][0].update(bound="roughly"),
    lambda r: r["claims"][0].update(start=-1),
    lambda r: r["claims"][0].update(text=None),
    lambda r: r["brief"]["sentences"][0]["citations"][0].update(end="12"),
    lambda r: r["articles"][0].pop("text"),
]


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_schema_rejects_broken_reports(report: dict, breakage) -> None:
    breakage(report)
    with pytest.raises(jsonschema.ValidationError):
        validate_report(report)


@pytest.mark.parametrize("breakage", [*BREAKAGES, lambda r: None,
                                      lambda r: r.update(new_top_level={"x": 1})])
def test_the_compiled_check_agrees_with_jsonschema(report: dict, breakage) -> None:
    """The fast check (fastjsonschema) passes exactly what jsonschema passes: it is trusted
    on a pass, so it must never pass a report jsonschema rejects."""
    import fastjsonschema

    from newsprism.report import build

    breakage(report)
    jsonschema_says = not list(build._validator().iter_errors(report))
    try:
        build._compiled_check()(report)
        compiled_says = True
    except fastjsonschema.JsonSchemaException:
        compiled_says = False
    assert compiled_says == jsonschema_says


def test_schema_allows_added_fields(report: dict) -> None:
    # "Add, don't rename": a future field must not break today's validators.
    report["new_top_level"] = {"x": 1}
    report["claims"][0]["frame"] = "conflict"
    report["articles"][0]["word_count"] = 12
    validate_report(report)


def test_nullable_fields_accept_null(report: dict) -> None:
    report["articles"][0].update(path=None, outlet=None, title=None, published=None)
    report["quotes"][0].update(cue=None, speaker=None, speaker_start=None, speaker_end=None)
    report["brief"]["sentences"][0]["fact_id"] = None
    validate_report(report)


def test_write_json_keeps_unicode(tmp_path: Path, report: dict) -> None:
    target = tmp_path / "nested" / "report.json"
    write_json(report, target)
    raw = target.read_text(encoding="utf-8")
    assert "\u201cturn back | home\u201d" in raw  # not \u201c escapes
    assert raw.startswith("{\n  ")
    assert json.loads(raw) == report


def test_long_lists_are_checked_on_a_spread_that_includes_both_ends(
        report: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.report import build

    monkeypatch.setattr(build, "FULL_CHECK_RECORDS", 3)
    claims = [dict(report["claims"][0], id=f"clm_{i}") for i in range(10)]
    report["claims"] = claims
    claims[-1]["kind"] = "opinion"  # the last record is always checked
    with pytest.raises(jsonschema.ValidationError):
        validate_report(report)
    claims[-1]["kind"] = "statement"
    claims[2]["kind"] = "opinion"  # between the sampled records: only a full check sees it
    validate_report(report)
    with pytest.raises(jsonschema.ValidationError):
        validate_report(report, full=True)
