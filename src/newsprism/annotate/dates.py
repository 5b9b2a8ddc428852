"""Dates: calendar expressions normalised to ISO, relative ones resolved against an anchor.

The anchor is the article's publication date, or an estimated story date when the article
has none; every date records which it used. Durations ("23 years", "for twenty years") are not
dates and are skipped. Relative dates point back (the news default: "on Monday", "April 30"
in a past-tense report) or forward when the words or the tense say so ("next Tuesday",
"tomorrow", "will meet on Friday", "is scheduled for April 30"); a weekday in reported future
("said he would resign on Monday") may lie either side and stays unresolved. Stated periods
("from 1966 to 1978", "between 1980 and 1985", "1990–95") keep their last value in ``until``;
"early / mid / late May" keeps its part. Decades and financial years ("the 1970s", "2012–13")
are spans the timeline cannot place as one date: skipped, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from newsprism.annotate.spans import doc_text
from newsprism.models import DateMention, content_id

Direction = Literal["past", "future", "either"]
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
# The words of the expression itself that fix its direction ("next Tuesday", "last week").
FORWARD_WORDS = re.compile(r"\b(next|tomorrow|coming|upcoming)\b", re.IGNORECASE)
BACKWARD_WORDS = re.compile(r"\b(ago|yesterday|last|earlier|previous|past|recently)\b", re.I)
PART = re.compile(r"^(early|mid|late)(?:-|\s+)(?:in\s+)?(.+)$", re.IGNORECASE)
THIS_PERIOD = re.compile(r"^(?:earlier |later )?(?:this|the current) (month|year)$", re.I)
DECADE = re.compile(r"^(?:the )?(?:early |mid-?|late )?(?:\d\d)?\d0'?s$", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])(?:-\d{2})?$")  # "2012-13" is no month
SPAN = re.compile(r"^(?:from\s+)?(.+?)(?:\s+(?:to|through|until|till)\s+|\s*[-–—]\s*)(.+)$", re.I)
BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
SPAN_JOINERS = {"to", "through", "until", "till", "-", "–", "—"}
# Verbs of plans and schedules: "is scheduled for April 30", "set for next week".
PLAN_VERBS = {"schedule", "set", "slate", "plan", "expect", "due", "intend"}
# Words that put an infinitive ahead: "likely to face off in April", "going to vote".
PLAN_WORDS = {"likely", "go", "poised", "about", "promise", "prepare"}
PAST_AUX = {"was", "were", "had", "did"}
# Modals that may point either way ("can apply from September", "could face trial in May"):
# the nearest occurrence, not the one before.
OPEN_MODALS = {"can", "could", "may", "might", "must", "should"}


class ResolvedDate(NamedTuple):
    value: str  # ISO at the granularity's precision
    granularity: str  # "day", "month" or "year"
    relative: bool  # resolved against the anchor
    until: str | None = None  # the last value of a stated period ("from 1966 to 1978": "1978")
    part: str | None = None  # "early", "mid" or "late" of the month or year


def find_dates(
    article, doc, anchor: str | None, anchor_kind: str, anchor_is_lower_bound: bool = False
) -> Iterable[DateMention]:
    for start, end, span in _date_spans(doc):
        text = doc_text(doc)[start:end]
        if _bare_month_without_cue(span):
            continue  # "Mrs May said", "May had framed the vote": a name, not a month
        resolved = resolve_date(text, anchor, anchor_is_lower_bound, _direction(span))
        if resolved is None:
            continue
        sent = span.sent
        yield DateMention(
            id=content_id("dat", article.id, start, end),
            article_id=article.id, start=start, end=end, text=text,
            value=resolved.value, granularity=resolved.granularity,
            resolution=f"relative to {anchor_kind}" if resolved.relative else "absolute",
            anchor=anchor if resolved.relative else None,
            sentence_start=sent.start_char, sentence_end=sent.end_char,
            until=resolved.until, part=resolved.part,
        )


def _date_spans(doc) -> Iterable[tuple[int, int, object]]:
    """(start, end, first entity) of each date expression: spaCy's DATE and TIME entities,
    joined over a period's second half when the tagger split it ("from [1967] to [1979]")."""
    ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    starts = {e.start: e for e in ents}
    skip = set()
    for ent in ents:
        if ent.start in skip:
            continue
        end = ent.end_char
        joiner = doc[ent.end] if ent.end < len(doc) else None
        after = doc[ent.end + 1] if ent.end + 1 < len(doc) else None
        if joiner is not None and after is not None and joiner.lower_ in SPAN_JOINERS:
            if after.i in starts:
                skip.add(after.i)
                end = starts[after.i].end_char
            elif re.fullmatch(r"\d{2}|\d{4}", after.text) and HAS_YEAR.search(ent.text):
                end = after.idx + len(after.text)  # "1967 to 1979" with "1979" left untagged
        yield ent.start_char, end, ent


def _direction(span) -> Direction:
    """Whether the verb a date hangs on speaks of the future: "will meet on Friday",
    "is scheduled for April 30", "are expected to vote next week" (future); "would be held on
    April 30", "picked to serve until June", "can apply from September" (future seen from a
    past moment, or a modal: either side of the anchor); else past ("may have met in May")."""
    verb = span.root
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    for token in (verb, verb.head if verb.dep_ in ("xcomp", "conj") else verb):
        aux = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if aux & {"will", "'ll", "shall", "wo"} or ("to" in aux and token.head.lemma_.lower()
                                                    in PLAN_VERBS | PLAN_WORDS):
            return "future"
        if aux & {"would", "'d"} or (aux & OPEN_MODALS and not aux & {"have", "'ve"}):
            return "either"
        if "to" in aux and token.dep_ in ("advcl", "xcomp", "acl", "ccomp"):
            # a purpose or complement infinitive happens after the event it hangs on
            # ("picked her to fill the seat until a special election in June"): seen from
            # a past moment, like "would"
            return "either"
        if token.lemma_.lower() in PLAN_VERBS and not aux & PAST_AUX and token.tag_ != "VBD":
            return "future"
    return "past"


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
    text: str, anchor: str | None, anchor_is_lower_bound: bool = False,
    direction: Direction = "past",
) -> ResolvedDate | None:
    """The ISO value, granularity and kind of a date expression, or None if it is not one or
    cannot be placed confidently.

    ``anchor_is_lower_bound``: the anchor is only known to be on or before publication (a date
    the text states), so a weekday resolves to its nearest occurrence, not the latest before.
    ``direction``: where the tense points; words of the expression ("next", "ago") overrule it.
    """
    cleaned = " ".join(text.split())
    if re.fullmatch(r"\d{1,3}", cleaned) or DECADE.match(cleaned):
        return None  # a bare small number is an age or a count; a decade is not one date
    if DURATION.match(cleaned) or not re.search(r"[a-z0-9]", cleaned, re.IGNORECASE):
        return None
    span = BETWEEN.match(cleaned) or (SPAN.match(cleaned) if not ISO_DATE.match(cleaned)
                                       else None)
    if span and not _date_like(span.group(1)):
        span = None  # "mid-2012", "well-known": a hyphen inside one expression
    if span:
        return _period(span.group(1), span.group(2), anchor, anchor_is_lower_bound, direction)
    if FORWARD_WORDS.search(cleaned):
        direction = "future"
    elif BACKWARD_WORDS.search(cleaned):
        direction = "past"
    part = PART.match(cleaned)
    if part:
        whole = resolve_date(part.group(2), anchor, anchor_is_lower_bound, direction)
        if whole is None or whole.granularity == "day" or whole.until:
            return _point(cleaned, anchor, anchor_is_lower_bound, direction)
        return whole._replace(part=part.group(1).lower())
    return _point(cleaned, anchor, anchor_is_lower_bound, direction)


def _date_like(text: str) -> bool:
    return bool(re.search(r"\d", text) or MONTH_NAMES.search(text) or _names_weekday(text))


def _period(first: str, last: str, anchor, lower_bound, direction) -> ResolvedDate | None:
    """"from 1966 to 1978", "1990–95": both ends resolved; "2012–13" (a financial year) and
    ends that do not resolve or run backwards are not periods."""
    if re.fullmatch(r"\d{2}", last) and re.fullmatch(r"\d{4}", first):
        if int(last) == (int(first) + 1) % 100:
            return None  # "2012–13": a financial or season year, neither a date nor a count
        last = first[:2] + last
    start = resolve_date(first, anchor, lower_bound, direction)
    end = resolve_date(last, anchor, lower_bound, direction)
    if start is None or end is None or start.until or end.until or end.value < start.value:
        return None
    return ResolvedDate(start.value, start.granularity, start.relative or end.relative,
                        until=end.value)


def _point(cleaned: str, anchor, anchor_is_lower_bound, direction) -> ResolvedDate | None:
    relative = bool(RELATIVE.search(cleaned)) or not HAS_YEAR.search(cleaned)
    base = date.fromisoformat(anchor) if anchor else None
    if relative and base is None:
        return None  # "yesterday" with no date to count from: unresolvable, not guessed
    this_period = THIS_PERIOD.match(cleaned)
    if this_period and base:
        unit = this_period.group(1).lower()
        return ResolvedDate(_iso(base, unit), unit, True)
    if base and _names_weekday(cleaned):
        if direction == "either":
            return None  # reported future ("would resign on Monday"): either side of the anchor
        weekday = _weekday(cleaned, base, anchor_is_lower_bound, direction == "future")
        return ResolvedDate(weekday.isoformat(), "day", True)
    if DAY_PARTS.search(cleaned) and base:
        # News usage: "last night" is the night before publication.
        return ResolvedDate((base - timedelta(days=1)).isoformat(), "day", True)
    forward = direction != "past"
    parsed = _dateparser(cleaned, base, forward)
    if parsed is None:
        return None
    when, period = parsed
    if relative and base and (when.date() < base if forward else when.date() > base):
        return None  # a relative date never lies on the other side of the anchor than its tense
    granularity = {"year": "year", "month": "month"}.get(period, "day")
    if relative and re.search(r"\b(months?|years?) ago\b", cleaned, re.IGNORECASE):
        granularity = "month"  # "16 months ago" is not precise to the day
    if not relative and granularity == "day" and not HAS_DAY_NUMBER.search(
        HAS_YEAR.sub("", cleaned)
    ):
        granularity = "month" if MONTH_NAMES.search(cleaned) else "year"
    return ResolvedDate(_iso(when.date(), granularity), granularity, relative)


def _names_weekday(text: str) -> bool:
    lower = text.lower()
    return not (HAS_YEAR.search(lower) or HAS_DAY_NUMBER.search(lower)) and any(
        re.search(rf"\b{name}\b", lower) for name in WEEKDAYS)


def _weekday(text: str, base: date, nearest: bool, forward: bool) -> date:
    """"on Saturday" in a news article: the latest such day on or before publication; the
    nearest to the anchor when the anchor only bounds the publication date from below; the
    first one strictly after it when the statement points forward ("next Tuesday", "will meet
    on Friday", as dateparser's pull request #1357 settled "next <weekday>")."""
    lower = text.lower()
    index = next(i for i, name in enumerate(WEEKDAYS) if re.search(rf"\b{name}\b", lower))
    if forward:
        return base + timedelta(days=(index - base.weekday()) % 7 or 7)
    back = (base.weekday() - index) % 7
    if nearest and back > 3:
        return base + timedelta(days=7 - back)
    return base - timedelta(days=back)


def _dateparser(text: str, base: date | None, forward: bool) -> tuple[datetime, str] | None:
    from dateparser.date import DateDataParser  # heavy import, loaded on first use

    settings = {"PREFER_DATES_FROM": "future" if forward else "past",
                "RETURN_TIME_AS_PERIOD": True}
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
