"""Quantities: numbers normalised to values, with their bound, unit, kind and what they count.

Built on the parse rather than on a unit library: the counted thing is the noun the number
modifies ("25,000 fighters"), which a comparison across outlets needs more than a unit.
Durations ("about 24 hours", "a year of fighting") and ages ("Prigozhin, 62,") are quantities
of their own kind, never dates. Where the parse shows which named entity a number describes
("Wagner has 25,000 fighters", "Wagner's 25,000 fighters"), the quantity names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsprism.annotate.dates import DURATION
from newsprism.annotate.spans import doc_text
from newsprism.models import Mention, Quantity, content_id

NUMERIC_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "TIME"}
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "dozen": 12, "half": 0.5,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "bn": 1e9, "m": 1e6, "k": 1e3}
# Plural scale words alone ("thousands of fighters") are vague lower bounds: at least two of
# them. Before "of" and a larger plural scale they multiply it ("tens of thousands": 20,000).
VAGUE = {"tens": 20, "dozens": 24, "hundreds": 200, "thousands": 2000, "millions": 2e6,
         "billions": 2e9}
VAGUE_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
# Small indefinite counts before a scale: "a few hundred" ≈ 300, "a couple hundred" ≈ 200.
SMALL_COUNTS = {"few": 3.0, "several": 3.0, "couple": 2.0}
# Digits grouped by spaces, as much of the world writes them: "816 000", "1 250 000".
SPACE_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d])")
UNITS = {
    "$": "dollar", "dollar": "dollar", "usd": "dollar", "€": "euro", "euro": "euro",
    "£": "pound", "pound": "pound", "ruble": "rouble", "rouble": "rouble", "yuan": "yuan",
    "%": "percent", "percent": "percent", "per cent": "percent",
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "year": "year", "kilometer": "kilometre", "kilometre": "kilometre",
    "km": "kilometre", "mile": "mile", "meter": "metre", "metre": "metre", "ton": "tonne",
    "tonne": "tonne", "kg": "kilogram", "kilogram": "kilogram", "centimeter": "centimetre",
    "centimetre": "centimetre", "cm": "centimetre", "millimeter": "millimetre",
    "millimetre": "millimetre", "mm": "millimetre", "foot": "foot", "feet": "foot",
}
APPROXIMATE = ("about", "around", "roughly", "approximately", "nearly", "almost", "some",
               "an estimated", "estimated", "a few", "few", "several", "circa", "a couple",
               "couple")
AT_LEAST = ("no less than", "at least", "more than", "over", "upwards of", "in excess of",
            "not less than", "no fewer than", "as few as", "as little as", "as low as")
AT_MOST = ("up to", "no more than", "less than", "fewer than", "under", "at most", "not more than",
           "as many as", "as much as", "as high as")
NUMBER_TOKEN = re.compile(r"^\$?[\d.,]+(bn|m|k)?$", re.IGNORECASE)
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade"}
KIND_OF_UNIT = {"dollar": "money", "euro": "money", "pound": "money", "rouble": "money",
                "yuan": "money", "percent": "percent"}
# Verbs whose subject owns what the object counts ("Wagner has / fields / lost 25,000 men").
HAVING_VERBS = {"have", "own", "possess", "number", "field", "employ", "command", "count",
                "deploy", "lose", "keep", "hold", "control", "muster", "station"}
# Periods the NER leaves untagged ("after a year of shelling").
PERIOD = re.compile(r"\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)[ -]"
                    r"(?:second|minute|hour|day|week|month|year|decade)s?\b", re.IGNORECASE)
AGE = re.compile(r"^\d{1,3}$|^\d{1,3}[ -]years?[ -]old$|^aged \d{1,3}$", re.IGNORECASE)


def find_quantities(article, doc, mentions: Iterable[Mention] = ()) -> Iterable[Quantity]:
    names = sorted(mentions, key=lambda m: m.start)
    for ent in _numeric_spans(doc):
        age_of = _age_of(ent, names)
        parsed = parse_number(ent.text) or _one_period(ent.text)
        if parsed is None:
            continue
        value, vague = parsed
        if _is_position(ent):
            continue  # "10 of 11 photos": a position in a series, not a count
        if ent.text.lower() in ("one", "a", "an") and ent.label_ == "CARDINAL":
            continue  # "at one point": a determiner, not a count
        if ent.label_ == "TIME" and _unit(ent) is None:
            continue  # clock times ("10 pm") are dates' business, not quantities
        sent = ent.sent
        unit, counted = _unit(ent), _counted(ent)
        kind = _kind(ent, unit, age_of)
        if kind == "age":
            unit, counted = "year", "years old"
        subject = age_of or _described(ent, names)
        yield Quantity(
            id=content_id("qty", article.id, ent.start_char, ent.end_char),
            article_id=article.id, start=ent.start_char, end=ent.end_char, text=ent.text,
            value=value, unit=unit, counted=counted,
            bound="at_least" if vague else _bound(ent),
            sentence_start=sent.start_char, sentence_end=sent.end_char, kind=kind,
            subject=subject.text if subject else None,
            subject_start=subject.start if subject else None,
            subject_end=subject.end if subject else None,
        )


def _one_period(text: str) -> tuple[float, bool] | None:
    """"a year", "an hour": one unit of time, which ``parse_number`` rightly ignores alone."""
    return (1.0, False) if re.match(r"^(?:about |some |almost |nearly )?an? ", text, re.I) and (
        DURATION.match(text)) else None


def _kind(ent, unit: str | None, age_of: Mention | None) -> str:
    if age_of is not None or re.search(r"years?[ -]old$", ent.text, re.IGNORECASE):
        return "age"
    if unit in TIME_UNITS:
        return "duration"
    if unit in KIND_OF_UNIT:
        return KIND_OF_UNIT[unit]
    return "measure" if unit else "count"


def _age_of(ent, names: list[Mention]) -> Mention | None:
    """"Prigozhin, 62," / "Prigozhin, 62-year-old head of Wagner": the person a bare number
    stands in apposition to is that person's age."""
    if not AGE.match(ent.text.strip()):
        return None
    before = doc_text(ent.doc)[:ent.start_char].rstrip()
    if not before.endswith(","):
        return None
    before = before[:-1].rstrip()
    after = doc_text(ent.doc)[ent.end_char:ent.end_char + 2]
    person = next((m for m in reversed(names) if m.end == len(before)), None)
    if person is None or person.label != "PERSON" or not re.match(r"^(?:,|\s|$)", after):
        return None
    return person


def _described(ent, names: list[Mention]) -> Mention | None:
    """The name a number describes: inside the counted noun's own phrase ("Wagner's 25,000
    fighters", "25,000 Wagner fighters", "fighters of Wagner"), else the subject of the verb
    the number's phrase is the object of ("Wagner has 25,000 fighters")."""
    if not names:
        return None
    head = ent[-1].head
    noun = head if head.i >= ent.end and head.pos_ in ("NOUN", "PROPN") else ent.root
    found = _name_at([noun, *_own_phrase(noun, ent)], names, exclude=ent)
    if found is not None:
        return found
    verb = noun.head if noun.dep_ in ("dobj", "attr", "oprd") else None
    if verb is None or verb.lemma_.lower() not in HAVING_VERBS:
        return None  # "Putin faced thousands of fighters": not Putin's fighters
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None if subject is None else _name_at(list(subject.subtree), names, exclude=ent)


def _own_phrase(noun, ent) -> list:
    """The noun's close modifiers (possessor, compound, "of" phrase) — not the clauses and
    circumstances around it ("fighters, described as a threat to Putin")."""
    tokens = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod", "amod"):
            tokens.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    tokens.append(obj)
                    tokens.extend(_own_phrase(obj, ent))
    return [t for t in tokens if not ent.start <= t.i < ent.end]


def _name_at(tokens, names: list[Mention], exclude) -> Mention | None:
    """The first name among ``tokens`` (a name lies in a phrase when it starts on one of its
    tokens), never one overlapping the number itself."""
    starts = {t.idx for t in tokens}
    for name in names:
        if name.label in ("NORP", "LAW", "EVENT"):
            continue  # "Russian military helicopters": a modifier, not who has them
        if name.start in starts and not (name.start < exclude.end_char and
                                         exclude.start_char < name.end):
            return name
    return None


def _numeric_spans(doc) -> list:
    """Numeric entities, plus runs of number-like tokens the NER left untagged ("six")."""
    from spacy.tokens import Span

    spans = [e for e in doc.ents if e.label_ in NUMERIC_LABELS
             or (e.label_ == "DATE" and (DURATION.match(e.text) or AGE.match(e.text)))]
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.like_num and not token.ent_type_:
            end = i + 1
            while end < len(doc) and (doc[end].like_num or doc[end].lower_ in SCALES) and (
                not doc[end].ent_type_
            ):
                end += 1
            spans.append(Span(doc, i, end, label="CARDINAL"))
            i = end
        else:
            i += 1
    # Not inside any entity: "ten days" of the date "ten days ago" is no duration.
    taken = {t for span in spans + list(doc.ents) for t in range(span.start, span.end)}
    for match in PERIOD.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), label="DATE")
        if span is not None and not taken & set(range(span.start, span.end)):
            spans.append(span)
    return sorted(spans, key=lambda s: s.start)


def parse_number(text: str) -> tuple[float, bool] | None:
    """("1.5 million" → 1.5e6), ("25,000" → 25000), ("six" → 6); bool: vague ("thousands")."""
    # A unit written onto the number ("44.6C", "5km") is not part of it; "bn", "m", "k"
    # alone are scales ("$3.1bn", "10m").
    text = SPACE_GROUPED.sub(lambda m: re.sub(r"\D", "", m.group()), text.lower())
    words = re.findall(r"\d(?:[\d,]|\.(?=\d))*(?:bn|m|k)(?![a-z])|\d(?:[\d,]|\.(?=\d))*"
                       r"|[a-z]+|[$€£%]", text)
    total, current, seen = 0.0, 0.0, False
    for k, word in enumerate(words):
        if word in VAGUE and not seen:
            following = words[k + 1:k + 3]
            if following[:1] == ["of"] and following[1:] and following[1] in VAGUE_SCALES:
                return float(VAGUE[word] * VAGUE_SCALES[following[1]]), True
            return float(VAGUE[word]), True
        if NUMBER_TOKEN.match(word):
            number = _digits(word)
            if number is None:
                return None
            current, seen = current + number, True
        elif word in SMALL_COUNTS:
            current, seen = SMALL_COUNTS[word], True
        elif word in NUMBER_WORDS and (word not in ("a", "an") or not seen):
            current += NUMBER_WORDS[word]
            seen = seen or word not in ("a", "an")
        elif word in SCALES and (seen or current):
            scale = SCALES[word]
            if scale >= 1e3:
                total, current = total + (current or 1) * scale, 0.0
            else:
                current = (current or 1) * scale
            seen = True
    if not seen:
        return None
    return total + current, False


def _digits(word: str) -> float | None:
    suffix = word[-2:] if word.endswith("bn") else word[-1] if word[-1] in "mk" else ""
    core = word[: len(word) - len(suffix)].replace(",", "")
    try:
        number = float(core)
    except ValueError:
        return None
    return number * SCALES[suffix] if suffix else number


def _is_position(ent) -> bool:
    doc = ent.doc
    after = doc[ent.end:ent.end + 2]
    before = doc[max(0, ent.start - 2):ent.start]
    return (len(after) == 2 and after[0].lower_ == "of" and after[1].like_num) or (
        len(before) == 2 and before[1].lower_ == "of" and before[0].like_num)


def _bound(ent) -> str:
    before = ent.doc[max(0, ent.start - 3):ent.start].text.lower()
    inside = ent.text.lower()
    # "over the past two weeks" spans a period; it does not bound the number.
    context = re.sub(r"\bover the (?:past|last|next)\b", " ", f"{before} {inside}")
    # "no more than 10" holds "more than": the negated forms decide before the plain ones.
    if re.search(r"\b(?:no|not) (?:more|greater) than\b", context):
        return "at_most"
    if re.search(r"\b(?:no|not) (?:less|fewer) than\b", context):
        return "at_least"
    if any(re.search(rf"\b{re.escape(p)}\b", context) for p in AT_LEAST):
        return "at_least"
    if any(re.search(rf"\b{re.escape(p)}\b", context) for p in AT_MOST):
        return "at_most"
    if any(re.search(rf"\b{re.escape(p)}\b", context) for p in APPROXIMATE):
        return "approximate"
    return "exact"


def _unit(ent) -> str | None:
    tokens = list(ent) + [ent.doc[ent.end]] if ent.end < len(ent.doc) else list(ent)
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        key = token.lemma_.lower() if token.text not in "$€£%" else token.text
        if following is not None and f"{key} {following.lower_}" in UNITS:
            return UNITS[f"{key} {following.lower_}"]  # two words: "eleven per cent"
        if key in UNITS:
            return UNITS[key]
    return None


def _counted(ent) -> str | None:
    """The noun a number counts: its syntactic head, else the noun right after it."""
    last = ent[-1]
    head = last.head
    if head.i >= ent.end and head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in UNITS:
        return _noun_phrase(head)
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.lower_ == "worth" and after.i + 1 < len(ent.doc):
        after = ent.doc[after.i + 1]  # "$100 billion worth of weapons"
    if after is not None and after.lower_ == "of":
        obj = next((c for c in after.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.lemma_.lower() not in UNITS:
            return _noun_phrase(obj)
    if after is not None and after.pos_ in ("NOUN", "PROPN") and after.lemma_.lower() not in UNITS:
        return _noun_phrase(after)
    return None


def _noun_phrase(noun) -> str:
    """The noun with its compound and adjective modifiers: "Russian military helicopters"."""
    mods = [c for c in noun.lefts if c.dep_ in ("compound", "amod") and c.i < noun.i]
    tokens = sorted(mods + [noun], key=lambda t: t.i)
    return " ".join(t.text for t in tokens).lower()
