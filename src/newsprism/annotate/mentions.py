"""Named-entity mentions of one parsed article: spaCy's entities, widened over hyphenated
names the tokenizer splits (Rostov-on-Don), articles, trailing "-backed" and line breaks cut
off, names in a title-case headline kept only where the body confirms them, and a person's
surname where the tagger found the full name but missed the surname alone."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsprism.models import Article, Mention
from newsprism.tokens import GENERATIONAL_SUFFIXES

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"}

GENERATIONAL_SUFFIX = re.compile(rf",? (?:{'|'.join(GENERATIONAL_SUFFIXES)})\b\.?")
# A name ending in one of these keeps its stop: "Jr." is written so, whatever ends the sentence.
ABBREVIATED_END = re.compile(r"(?:\b(?:Jr|Sr|Inc|Co|Corp|Ltd|Bros|St)|\b[A-Z](?:\.[A-Z])+)$")

# "Rostov-on-Don", "Stratford-upon-Avon", "Châlons-en-Champagne": hyphenated place names the
# small NER model often types as people.
PLACE_PATTERN = re.compile(r"\w-(?:on|upon|sur|en|am|an|le|la|de)-[A-Z]")


def find_mentions(article: Article, doc, sentence_of: dict[int, int]) -> tuple[Mention, ...]:
    """Mentions in text order. ``sentence_of``: token index → sentence index."""
    named = _confirmed(list(_mentions(article, doc, sentence_of)), article.text)
    return tuple(sorted(named + _repeated_surnames(article, doc, named, sentence_of),
                        key=lambda m: m.start))


def _mentions(article: Article, doc, sentence_of: dict[int, int]) -> Iterable[Mention]:
    """Entity mentions, widened over hyphenated names the tokenizer splits (Rostov-on-Don).
    ``sentence_of``: token index → sentence index."""
    text = article.text
    covered_until = -1
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or ent.start_char < covered_until:
            continue
        start, end = ent.start_char, _widen_hyphenated(text, ent.end_char)
        if ent.label_ == "PERSON":
            end = _widen_suffix(text, end)
        surface = text[start:end]
        leading = len(surface) - len(surface.lstrip())
        start = start + leading
        surface = surface.lstrip().split("\n")[0].strip()  # a name never runs over a line
        article_word = re.match(r"(?:the|a|an)\s+", surface, re.IGNORECASE)
        if article_word:
            start, surface = start + article_word.end(), surface[article_word.end():]
        # "Lukashenko-negotiated", "NATO-backed": the name is the part before the hyphen.
        surface = re.sub(r"-[a-z]+$", "", _without_closing_marks(surface))
        end = start + len(surface)
        if not any(ch.isalpha() for ch in surface) or GENERATIONAL_SUFFIX.fullmatch(
                " " + surface):
            continue  # no name, or a suffix the tagger cut off its name ("Jr.")
        label = "GPE" if PLACE_PATTERN.search(surface) else ent.label_
        covered_until = end
        yield Mention(article.id, start, end, surface, label, sentence_of[ent.start])


def _widen_suffix(text: str, end: int) -> int:
    """Extend a person's name over a generational suffix the tagger left out ("Jesse
    Jackson, Jr." tagged as "Jesse Jackson")."""
    suffix = GENERATIONAL_SUFFIX.match(text, end)
    return suffix.end() if suffix else end


def _without_closing_marks(surface: str) -> str:
    """The name without the punctuation the tagger took from the sentence around it; the
    stop of an abbreviation is the name's own ("Jesse Jackson Jr.", "Acme Inc.", "U.S.")."""
    trimmed = surface.rstrip(".,;: \t")
    if surface[len(trimmed):].startswith(".") and ABBREVIATED_END.search(trimmed):
        return trimmed + "."
    return trimmed


def _confirmed(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions, less those inside a title-case line ("AARP Willing To Negotiate On Social
    Security Retirement Age") whose name the article never writes outside such lines: the
    tagger reads capitalised common words there as names ("Negotiate On Social Security
    Retirement Age" as an organisation), while a real name in a headline recurs in the body."""
    headings = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)
                if _title_case(m.group())]
    if not headings:
        return mentions
    body = text
    for start, end in reversed(headings):
        body = body[:start] + " " * (end - start) + body[end:]
    return [m for m in mentions if not any(a <= m.start < b for a, b in headings)
            or re.search(rf"(?<!\w){re.escape(m.text)}(?!\w)", body)]


def _title_case(line: str) -> bool:
    """A headline: a line of at least four words, four in five of them capitalised, with no
    full stop at its end (a sentence such as "Israeli Prime Minister Benjamin Netanyahu
    responded Sunday." is capitalised as much, and its names are the tagger's best work)."""
    words = [w for w in line.split() if any(ch.isalpha() for ch in w)]
    return (len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
            and not line.rstrip().rstrip("\"'”’)").endswith("."))


def _repeated_surnames(article: Article, doc, named: list[Mention],
                       sentence_of: dict[int, int]) -> list[Mention]:
    """The surname of a person the tagger found by full name, where the tagger missed it
    alone: small models often skip a surname that opens a sentence ("Sulemani commanded the
    Quds Force…"). Only a capitalised proper noun outside every mention, not inside a longer
    run of proper nouns (a street or a company named after the person)."""
    names = [GENERATIONAL_SUFFIX.sub("", m.text).split() for m in named if m.label == "PERSON"]
    surnames = {words[-1] for words in names if len(words) >= 2 and words[-1][:1].isupper()}
    if not surnames:
        return []
    covered = [(m.start, m.end) for m in named]
    found = []
    for token in doc:
        if (token.text in surnames and token.pos_ == "PROPN"
                and not any(a <= token.idx < b for a, b in covered)
                and not _in_name_run(token)):
            found.append(Mention(article.id, token.idx, token.idx + len(token.text),
                                 token.text, "PERSON", sentence_of[token.i]))
    return found


def _in_name_run(token) -> bool:
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(n.pos_ == "PROPN" and n.is_title for n in neighbours)


def _widen_hyphenated(text: str, end: int) -> int:
    """Extend a span ending inside a hyphen-joined word ("Rostov" of "Rostov-on-Don")."""
    if end >= len(text) or text[end] != "-":
        return end
    probe = end
    while probe < len(text) and (text[probe].isalnum() or text[probe] == "-"):
        probe += 1
    return probe if text[probe - 1] != "-" else end
