"""Build the JSON report: the one machine-readable view of an ``Analysis``.

The HTML and Markdown renderers read this dict, never the dataclasses, so everything a reader
can see is also in the JSON and covered by ``docs/report.schema.json``. Schema evolution rule:
add fields, never rename or remove them (consumers may pin ``schema_version``).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsprism import __version__
from newsprism.models import Analysis, article_label
from newsprism.report.figures import entity_graph

SCHEMA_VERSION = "1.1"  # 1.1: a conflict's kind may be a registered check's own name
_SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "report.schema.json"


def _plain(value: Any) -> Any:
    """JSON types, recursively: a record becomes a dict of its fields in order (as
    ``dataclasses.asdict`` gives, without its deep copy of every value: a quarter of
    building a report), tuples become lists, keys strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _record(obj: Any) -> dict[str, Any]:
    return _plain(obj)


def _citations(citations: Any) -> list[dict[str, Any]]:
    return [{"article_id": c.article_id, "start": c.start, "end": c.end} for c in citations]


def _unique(records: list[Any]) -> list[Any]:
    # Ids are content hashes: the same quote seen twice (an article submitted twice, a rerun
    # merged in) is the same record and must be counted once.
    seen: set[str] = set()
    out = []
    for rec in records:
        if rec.id in seen:
            continue
        seen.add(rec.id)
        out.append(rec)
    return out


def generator() -> dict[str, str]:
    """Who wrote a report or an index."""
    return {"name": "newsprism", "version": __version__}


def build_report(analysis: Analysis) -> dict[str, Any]:
    """The JSON-able report for one story (see ``docs/report.schema.json``)."""
    annotated = {a.article.id: a for a in analysis.annotated}

    articles = []
    for art in analysis.articles:
        ann = annotated.get(art.id)
        articles.append(
            {
                "id": art.id,
                "path": art.path,
                "outlet": art.outlet,
                "title": art.title,
                "published": art.published,
                "published_at": art.published_at,
                "metadata_sources": dict(art.metadata_sources),
                "text": art.text,
                "label": article_label(art),
                "language": ann.language if ann is not None else "en",
                "sentence_count": len(ann.sentences) if ann is not None else 0,
            }
        )

    entities = [
        {
            "id": ent.id,
            "name": ent.name,
            "type": ent.type,
            "aliases": list(ent.aliases),
            "mentions": [
                {
                    "article_id": m.article_id,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "label": m.label,
                }
                for m in ent.mentions
            ],
        }
        for ent in analysis.entities
    ]

    annotated_all = analysis.annotated
    quotes = [_record(q) for q in _unique([q for a in annotated_all for q in a.quotes])]
    quantities = [_record(q) for q in _unique([q for a in annotated_all for q in a.quantities])]
    dates = [_record(d) for d in _unique([d for a in annotated_all for d in a.dates])]

    claims = [_record(c) for c in analysis.claims]
    facts = [_record(f) for f in analysis.alignment.facts]
    conflicts = [_record(c) for c in analysis.alignment.conflicts]
    reuse = [_record(r) for r in analysis.alignment.reuse]

    brief = {
        "sentences": [
            {"text": s.text, "fact_id": s.fact_id, "citations": _citations(s.citations)}
            for s in analysis.brief.sentences
        ],
        "timeline": [
            {
                "date": t.date,
                "granularity": t.granularity,
                "text": t.text,
                "date_ids": list(t.date_ids),
                "citations": _citations(t.citations),
            }
            for t in analysis.brief.timeline
        ],
    }
    errors = [_record(e) for e in analysis.errors]

    status_counts = {"consensus": 0, "single_source": 0, "disputed": 0}
    for fact in analysis.alignment.facts:
        status_counts[fact.status] = status_counts.get(fact.status, 0) + 1

    return {
        "schema_version": SCHEMA_VERSION,
        "generator": generator(),
        "created": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "settings": _plain(dict(analysis.settings)),
        "articles": articles,
        "entities": entities,
        "claims": claims,
        "quotes": quotes,
        "quantities": quantities,
        "dates": dates,
        "facts": facts,
        "conflicts": conflicts,
        "reuse": reuse,
        "brief": brief,
        "framing": {"voices": [_record(v) for v in analysis.framing.voices],
                    "tone": [_record(t) for t in analysis.framing.tone],
                    "words": [_record(w) for w in analysis.framing.words]},
        "entity_graph": entity_graph(analysis),
        "errors": errors,
        "summary": {
            "articles": len(articles),
            "entities": len(entities),
            "claims": len(claims),
            "quotes": len(quotes),
            "quantities": len(quantities),
            "dates": len(dates),
            "facts": len(facts),
            "consensus": status_counts["consensus"],
            "single_source": status_counts["single_source"],
            "disputed": status_counts["disputed"],
            "conflicts": len(conflicts),
            "errors": len(errors),
            "copies": sum(1 for r in reuse if r["kind"] == "copy"),
        },
    }


def published_report(analysis: Analysis) -> dict[str, Any]:
    """The JSON report, checked: never publish or store one that breaks its own schema.
    Raises ``jsonschema.ValidationError`` when it would."""
    report = build_report(analysis)
    validate_report(report)
    return report


def write_json(report: dict[str, Any], path: str | Path) -> None:
    """Write ``report`` as UTF-8 JSON, non-ASCII kept readable (outlets quote in any script)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return _SCHEMA_PATH.read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The report's JSON Schema (draft 2020-12), as shipped in the package."""
    return json.loads(_schema_text())  # a fresh copy each call: callers may mutate it


@lru_cache(maxsize=1)
def _validator():
    # Built once: the schema ships with the package and tests/report/test_build.py checks that
    # it is a valid draft 2020-12 schema, so it need not be re-checked on every report.
    import jsonschema  # imported lazily: rendering a report does not need it

    return jsonschema.Draft202012Validator(load_schema())


@lru_cache(maxsize=1)
def _compiled_check():
    # fastjsonschema compiles the schema to Python: 8x faster than jsonschema on the eval's
    # reports (0.023 s against 0.18 s each), which made schema checks a tenth of `analyze`.
    # The schema's keywords (type, properties, required, items, enum, $ref to $defs,
    # minimum, pattern) mean the same in draft 7, the newest it compiles; formats stay
    # annotations, as in jsonschema without a format checker. Only a pass is trusted: on a
    # fail jsonschema decides and names the error (tests/report/test_build.py checks both
    # agree).
    import fastjsonschema

    return fastjsonschema.compile(load_schema(), use_formats=False)


FULL_CHECK_RECORDS = 1000  # lists up to this long are checked record by record


def validate_report(report: dict[str, Any], *, full: bool = False) -> None:
    """Raise ``jsonschema.ValidationError`` when ``report`` does not match the schema.

    Every record of a list is built by the same code, and checking all of them costs more
    than the analysis itself on a large story (30 s for 2,600 claims with jsonschema): a list
    longer than ``FULL_CHECK_RECORDS`` is checked on an even spread of that many records, its
    first and last included. ``full=True`` checks everything. A compiled check runs first;
    only a report it rejects goes through jsonschema, for the error."""
    import fastjsonschema
    import jsonschema

    checked = report if full else _spread_lists(report)
    try:
        _compiled_check()(checked)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    error = jsonschema.exceptions.best_match(_validator().iter_errors(checked))
    if error is not None:
        raise error


def _spread_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _spread_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) > FULL_CHECK_RECORDS:
            step = (len(value) - 1) / (FULL_CHECK_RECORDS - 1)
            value = [value[round(i * step)] for i in range(FULL_CHECK_RECORDS)]
        return [_spread_lists(v) for v in value]
    return value
