"""Dates: calendar expressions normalised to ISO, relative ones resolved against an anchor.

The anchor is the article's publication date, or an estimated story date when the article
has none; every date records which it used. Durations ("23 years", "for twenty years") are not
dates and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from newsprism.models import DateMention, content_id

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE = re.compile(
    r"\b(ago|yesterday|today|tonight|tomorrow|last|next|this|earlier|later|recently|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE,
)
DURATION = re.compile(
    r"^(?:about |roughly |some |almost |nearly |over |for |the past |the last |more than |"
    r"just |only |less than |under |up to |another |a further )*"
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"a few|several|many|\d+)[ -](?:years?|months?|weeks?|days?|hours?|minutes?|decades?)"
    r"(?: old| long)?$", re.IGNORECASE,
)
FILLER = re.compile(r"\b(early|late|the|on|in|since|until|by|of|morning|evening|afternoon|"
                    r"night|hours)\b", re.IGNORECASE)
DAY_PARTS = re.compile(r"\b(last night|tonight)\b", re.IGNORECASE)
HAS_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
HAS_DAY_NUMBER = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b")
MONTH_NAMES = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def find_dates(
    article, doc, anchor: str | None, anchor_kind: str, anchor_is_lower_bound: bool = False
) -> Iterable[DateMention]:
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if _bare_month_without_cue(ent):
            continue  # "Mrs May said", "May had framed the vote": a name, not a month
        resolved = resolve_date(ent.text, anchor, anchor_is_lower_bound)
        if resolved is None:
            continue
        value, granularity, relative = resolved
        sent = ent.sent
        yield DateMention(
            id=content_id("dat", article.id, ent.start_char, ent.end_char),
            article_id=article.id, start=ent.start_char, end=ent.end_char, text=ent.text,
            value=value, granularity=granularity,
            resolution=f"relative to {anchor_kind}" if relative else "absolute",
            anchor=anchor if relative else None,
            sentence_start=sent.start_char, sentence_end=sent.end_char,
        )


MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"}
MONTH_CUES = {"in", "on", "by", "since", "until", "till", "from", "to", "through", "last",
              "next", "this", "early", "late", "mid", "of", "before", "after", "during",
              "between", "and", "or", "each", "every", "that", "throughout"}


def _bare_month_without_cue(ent) -> bool:
    """A month name alone counts as a date only after a word that introduces a time ("in
    March", "since May", "early June"); alone it is too often a name (Theresa May)."""
    if ent.text.strip().lower() not in MONTHS:
        return False
    previous = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return previous not in MONTH_CUES


def resolve_date(
    text: str, anchor: str | None, anchor_is_lower_bound: bool = False
) -> tuple[str, str, bool] | None:
    """(ISO value, granularity, relative?) for a date expression, or None if it is not one.

    ``anchor_is_lower_bound``: the anchor is only known to be on or before publication (a date
    the text states), so a weekday resolves to its nearest occurrence, not the latest before.
    """
    cleaned = " ".join(text.split())
    if re.fullmatch(r"\d{1,3}", cleaned):
        return None  # a bare small number is an age or a count, not a date
    if DURATION.match(cleaned) or not re.search(r"[a-z0-9]", cleaned, re.IGNORECASE):
        return None
    relative = bool(RELATIVE.search(cleaned)) or not HAS_YEAR.search(cleaned)
    base = date.fromisoformat(anchor) if anchor else None
    if relative and base is None:
        return None  # "yesterday" with no date to count from: unresolvable, not guessed
    weekday = _weekday(cleaned, base, anchor_is_lower_bound) if base else None
    if weekday is not None:
        return weekday.isoformat(), "day", True
    if DAY_PARTS.search(cleaned) and base:
        # News usage: "last night" is the night before publication.
        return (base - timedelta(days=1)).isoformat(), "day", True
    parsed = _dateparser(cleaned, base)
    if parsed is None:
        return None
    when, period = parsed
    if when.date() > (base or date.max) and relative:
        return None  # a relative past-tense news date never lies after the anchor
    granularity = {"year": "year", "month": "month"}.get(period, "day")
    if relative and re.search(r"\b(months?|years?) ago\b", cleaned, re.IGNORECASE):
        granularity = "month"  # "16 months ago" is not precise to the day
    if not relative and granularity == "day" and not HAS_DAY_NUMBER.search(
        HAS_YEAR.sub("", cleaned)
    ):
        granularity = "month" if MONTH_NAMES.search(cleaned) else "year"
    return _iso(when.date(), granularity), granularity, relative


def _weekday(text: str, base: date, nearest: bool) -> date | None:
    """"on Saturday" in a news article: the latest such day on or before publication (or the
    nearest to the anchor when the anchor only bounds the publication date from below)."""
    lower = text.lower()
    if HAS_YEAR.search(lower) or HAS_DAY_NUMBER.search(lower):
        return None
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", lower):
            back = (base.weekday() - index) % 7
            if nearest and back > 3:
                return base + timedelta(days=7 - back)
            return base - timedelta(days=back)
    return None


def _dateparser(text: str, base: date | None) -> tuple[datetime, str] | None:
    from dateparser.date import DateDataParser  # heavy import, loaded on first use

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parser = DateDataParser(languages=["en"], settings=settings)
    for candidate in (text, FILLER.sub(" ", text)):
        candidate = " ".join(candidate.split())
        if not candidate:
            continue
        data = parser.get_date_data(candidate)
        if data and data.date_obj:
            return data.date_obj, data.period or "day"
    return None


def _iso(day: date, granularity: str) -> str:
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
