"""Date arithmetic for temporal conflicts: the days a resolved date mention allows, whether
two dates of one slot agree, and how far apart they are.

A date mention (``annotate/dates.py``) is a value at day, month or year precision, possibly a
stated period (``until``) or a part of a month or year (``part``), possibly resolved against an
anchor. Two dates of one slot agree when their days lie within a week, except that two
absolute years or months agree only when equal, two whole months or years (relative ones
too) only when they overlap, and two periods only when both ends agree.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, timedelta

from newsprism.models import DateMention

ESTIMATED_ANCHOR_SLACK = timedelta(days=3)  # relative dates counted from an estimated day
MIN_TEMPORAL_GAP = timedelta(days=7)  # smaller gaps are too often two moments of one event


def dates_agree(da: DateMention, db: DateMention) -> bool:
    """Whether two dates of one slot agree. Two stated periods agree when both their starts
    and their ends do ("from 1966 to 1978" / "from 1967 to 1979" do not). Two absolute years
    or months agree only when equal: each writer named that year ("since 2009" / "since
    2010"). Two whole months or years, relative ones too, agree only when they overlap. Other
    dates agree when the days they allow lie within ``MIN_TEMPORAL_GAP``."""
    if da.until and db.until:
        return all(dates_agree(x, y) for x, y in zip(_ends(da), _ends(db), strict=True))
    if (da.granularity == db.granularity != "day" and da.anchor is None and db.anchor is None
            and not (da.until or db.until or da.part or db.part)):
        return da.value == db.value
    if _whole_unit(da) and _whole_unit(db):
        # A whole month or year has exact edges: "earlier this month" (January) and "last
        # year" (the year before) do not touch, however close their edges. An estimated
        # anchor or an "ago" keeps its slack (date_interval), so those may still overlap.
        return gap(da, db) < timedelta(days=1)
    return gap(da, db) <= MIN_TEMPORAL_GAP


def _whole_unit(d: DateMention) -> bool:
    """A whole calendar month or year: no day, no part of it, not a period."""
    return d.granularity in ("month", "year") and not (d.part or d.until)


def disagreement(da: DateMention, db: DateMention) -> timedelta:
    if da.until and db.until:
        return max(gap(x, y) for x, y in zip(_ends(da), _ends(db), strict=True))
    return gap(da, db)


def _ends(d: DateMention) -> tuple[DateMention, DateMention]:
    """A stated period's first and last value, each as a single date."""
    last = d.until or d.value
    granularity = {1: "year", 2: "month"}.get(len(last.split("-")), "day")
    return (replace(d, until=None, part=None),
            replace(d, value=last, granularity=granularity, until=None, part=None))


def gap(da: DateMention, db: DateMention) -> timedelta:
    """Days between the closest days two date mentions allow (negative when they overlap)."""
    (lo_a, hi_a), (lo_b, hi_b) = date_interval(da), date_interval(db)
    return max(lo_a, lo_b) - min(hi_a, hi_b)


def date_interval(d: DateMention) -> tuple[date, date]:
    """First and last day a date mention allows: a stated period from its first to its last
    value, a part of a month or year ("mid May") only that part, widened where its anchor was
    estimated ("on Tuesday" counted from a known publication date names that very day)."""
    lo, hi = _value_days(d.value)
    if d.until:
        hi = _value_days(d.until)[1]
    elif d.part:
        lo, hi = _part_days(lo, hi, d.part)
    slack = timedelta(0)
    if d.anchor is not None and "publication date" not in d.resolution:
        slack = ESTIMATED_ANCHOR_SLACK  # counted from an estimated day or a lower bound
    if d.anchor is not None and d.granularity == "month" and re.search(r"\bago\b", d.text, re.I):
        slack += timedelta(days=31)  # "16 months ago": the month itself is approximate
    return lo - slack, hi + slack


def _value_days(value: str) -> tuple[date, date]:
    """The days an ISO value of any precision (YYYY, YYYY-MM, YYYY-MM-DD) covers."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    return date(*parts), date(*parts)


def _part_days(lo: date, hi: date, part: str) -> tuple[date, date]:
    """Early / mid / late thirds of a period (days 1–10, 11–20, 21–end of a month)."""
    third = (hi - lo) / 3
    if part == "early":
        return lo, lo + third
    if part == "mid":
        return lo + third, hi - third
    return hi - third, hi


def comparable_dates(da: DateMention, db: DateMention) -> bool:
    """Whether two date mentions can place one event at incompatible times. The same relative
    words in two reports ("on Monday") name different days by design, and two day-level
    relative dates are too often two moments of a developing story to call a dispute."""
    both_relative = da.anchor is not None and db.anchor is not None
    if both_relative and da.text.lower() == db.text.lower():
        return False
    return not (both_relative and da.granularity == db.granularity == "day")


def modifies_noun(d: DateMention, texts: dict[str, str]) -> bool:
    """"the March 2023 level", "its 2019 report": a date that qualifies a noun dates that
    thing, not the event the statement reports."""
    if d.text.endswith(("'s", "’s")):
        return True  # "last year's shutdown"
    text = texts.get(d.article_id, "")
    before, after = text[max(0, d.start - 6):d.start].lower(), text[d.end:d.end + 20]
    qualifier = before.endswith(("the ", "'s ", "’s ", "its ", "their ", "a "))
    return qualifier and re.match(r"\s+[a-z]+\b", after) is not None and not re.match(
        r"\s+(?:and|or|to|in|on|at|when|after|before|as|was|were|is|are)\b", after)


def describe_date(d: DateMention) -> str:
    """A date as the reason states it: "1966–1978", "mid 2013-05", "2013-04-30"."""
    value = f"{d.value}–{d.until}" if d.until else d.value
    return f"{d.part} {value}" if d.part else value
