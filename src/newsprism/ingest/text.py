"""Plain text and Markdown files.

Metadata (outlet, title, published date) comes from a
``NAME.meta.json`` sidecar or YAML front matter when present and is otherwise inferred from the
text where the text states it (a copyright line, an explicit date). Every bad item yields an
``ValueError`` with a reader-facing reason; the caller turns it into a per-item error.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import yaml

from newsprism.ingest.meta import make_article, normalise_text, parse_timestamp
from newsprism.models import Article

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MAX_BYTES = 20 * 2**20  # a news article is never 20 MB of text; larger is an export or an accident
MAX_META_BYTES = 64 * 2**10  # a sidecar or front matter names a title, a date, authors: 64 KiB


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases: a few hundred bytes of nested aliases (a "billion
    laughs" document) expand past gigabytes once anything reads the value; metadata never
    needs them."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("YAML aliases (*name) are not accepted in front matter")
        return super().compose_node(parent, index)


# Dates stay text: PyYAML turns "2023-06-24 22:40:00-04:00" into a UTC datetime without its
# zone, which would move an evening story to the next day and lose the offset.
_NoAliasLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
# "June 24, 2023" / "24 June 2023" / "2023-06-24": explicit, complete dates only.
EXPLICIT_DATE = re.compile(
    rf"\b(?:(?P<m1>{MONTHS})\s+(?P<d1>\d{{1,2}}),\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTHS})\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))\b"
)
# Lines in which an outlet names itself: "All Content by Mehr News Agency is licensed…",
# "© 2023 The Guardian", "Copyright 2023 Reuters".
OUTLET_LINE = re.compile(
    r"(?:All (?:content|contents|material) (?:by|of|from)\s+"
    r"(?P<a>[A-Z][\w&.' -]{1,60}?)\s+(?:is|are)\b"
    r"|(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*)?"
    r"(?P<b>[A-Z][\w&.' -]{1,60}?)(?:\.|,|\s+All rights|\s*$))",
    re.IGNORECASE | re.MULTILINE,
)
META_KEYS = ("outlet", "title", "published", "url", "authors")


def read_article(path: Path) -> Article:
    """Read one article file; raises ``ValueError`` with a reader-facing reason when it can't."""
    raw = read_capped(path)
    text = decode_text(raw)
    meta, sources, text = _split_front_matter(text)
    sidecar = path.with_name(path.stem + ".meta.json")
    if sidecar.exists():
        side = _read_sidecar(sidecar)
        meta.update(side)
        sources.update({key: "sidecar" for key in side})
    text = normalise_text(text)
    if not text:
        raise ValueError("file holds no text")
    for key, value, how in _infer_metadata(text):
        if meta.get(key) is None:
            meta[key], sources[key] = value, how
    return make_article(text, {**meta, "path": str(path)}, sources)


def read_capped(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, refused before reading when it is over ``limit``."""
    size = path.stat().st_size
    if size > limit:
        raise ValueError(f"{path.name} is {_size(size)}; the limit is {_size(limit)}")
    return path.read_bytes()


def _size(count: int) -> str:
    return f"{count / 2**20:.0f} MB" if count >= 2**20 else f"{count / 2**10:.0f} KiB"


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or a clear error; binary data is refused, never guessed at."""
    if not raw.strip():
        raise ValueError("file is empty")
    if b"\x00" in raw[:8192]:
        raise ValueError("file looks binary (it contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"file is not valid UTF-8 (byte {exc.start}); re-save it as UTF-8"
        ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 8192):
        raise ValueError("file looks binary (many control characters), not a text article")
    return text


def _split_front_matter(text: str) -> tuple[dict, dict[str, str], str]:
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, {}, text
    if len(match.group(1).encode("utf-8")) > MAX_META_BYTES:
        raise ValueError(f"front matter is over {_size(MAX_META_BYTES)}")
    try:
        data = yaml.load(match.group(1), Loader=_NoAliasLoader) or {}  # noqa: S506 - safe
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML: {exc}") from None
    except RecursionError:
        raise ValueError("front matter is nested too deeply") from None
    if not isinstance(data, dict):
        raise ValueError("front matter must be a YAML mapping")
    meta = _clean_meta(data)
    return meta, {key: "front_matter" for key in meta}, text[match.end():]


def _read_sidecar(path: Path) -> dict:
    raw = read_capped(path, MAX_META_BYTES)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"sidecar {path.name} is not valid JSON: {exc}") from None
    except RecursionError:
        raise ValueError(f"sidecar {path.name} is nested too deeply") from None
    if not isinstance(data, dict):
        raise ValueError(f"sidecar {path.name} must hold a JSON object")
    return _clean_meta(data)


def _clean_meta(data: dict) -> dict:
    meta = {}
    for key in META_KEYS:
        value = data.get(key, data.get("date") if key == "published" else None)
        if value is None or value == "":
            continue
        if key == "published":
            moment = parse_timestamp(value)
            if moment:
                meta["published_at"] = moment
            value = _iso_date(value)
        elif key == "authors" and isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        meta[key] = str(value).strip()
    return meta


def _iso_date(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValueError(f"published date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def _infer_metadata(text: str) -> list[tuple[str, str, str]]:
    """Metadata the text states about itself: an outlet's copyright line, explicit dates."""
    found = []
    outlet = infer_outlet(text)
    if outlet:
        found.append(("outlet", outlet, "text"))
    published = infer_published(text)
    if published:
        found.append(("published", published, "text"))
    return found


def infer_outlet(text: str) -> str | None:
    for match in OUTLET_LINE.finditer(text):
        name = (match.group("a") or match.group("b") or "").strip(" .,-")
        if name and not name.lower().startswith(("the author", "all rights")):
            return name
    return None


def infer_published(text: str) -> str | None:
    """The latest complete date the text states: an article is published on or after it."""
    dates = []
    for match in EXPLICIT_DATE.finditer(text):
        groups = match.groupdict()
        try:
            if groups["y3"]:
                dates.append(date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"])))
            else:
                month = groups["m1"] or groups["m2"]
                day = int(groups["d1"] or groups["d2"])
                year = int(groups["y1"] or groups["y2"])
                dates.append(date(year, MONTHS.split("|").index(month.capitalize()) + 1, day))
        except ValueError:
            continue
    return max(dates).isoformat() if dates else None
