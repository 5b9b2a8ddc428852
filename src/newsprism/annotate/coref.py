"""Within-document coreference cues that need the parse.

``describe`` says what a mention span is: a name, a nominal ("the mayor") or a pronoun, and
its head lemma. ``link_within`` links mentions of one document to the mention they refer to:
a pronoun to the nearest compatible mention before it, a role noun to the name it stands in
apposition, compound or copula with ("the mayor, John Smith", "Mayor John Smith", "Smith is
the mayor"). ``mentions`` turns spans into ``Mention`` records carrying both. Resolve does the
cross-document work; nothing here looks beyond one document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from newsprism.models import Mention, MentionKind

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PRONOUN_TAGS = {"PRP", "PRP$", "WP", "WP$", "WDT"}
RELATIVE = {"who", "whom", "whose", "which", "that"}
LOCATIVE = {"there", "where", "here"}
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
PERSONAL = MALE | FEMALE | {"who", "whom", "whose"}
NEUTER = {"it", "its", "itself", "which"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
# Pronouns that name the speaker or the reader: their referent is not in the text before them.
DEICTIC = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you",
           "your", "yours", "yourself", "yourselves"}
FEMALE_NOUNS = {"woman", "girl", "mother", "grandmother", "daughter", "wife", "sister",
                "actress", "lady", "aunt", "niece", "widow", "girlfriend", "queen", "princess",
                "mom", "businesswoman", "congresswoman", "chairwoman", "spokeswoman"}
MALE_NOUNS = {"man", "boy", "father", "grandfather", "son", "husband", "brother", "actor",
              "uncle", "nephew", "widower", "boyfriend", "king", "prince", "dad", "gentleman",
              "businessman", "congressman", "chairman", "spokesman"}
# Role nouns that name people (news vocabulary); with FEMALE_NOUNS, MALE_NOUNS and the
# suffixes below they decide which nominals "he", "she" and "who" may refer to.
PERSON_NOUNS = {
    "person", "people", "official", "officer", "source", "member", "worker", "boss", "judge",
    "user", "hacker", "maid", "rep", "technician", "deputy", "leader", "customer", "prosecutor",
    "champion", "suspect", "arsonist", "player", "guard", "cop", "publicist", "voter",
    "teenager", "teen", "witness", "protester", "thief", "robber", "lawyer", "employee", "star",
    "investigator", "attacker", "reporter", "defender", "inmate", "child", "chief", "expert",
    "student", "director", "gunman", "attorney", "swimmer", "friend", "agent", "scientist",
    "critic", "minister", "resident", "co-worker", "coworker", "president", "scorer",
    "somebody", "someone", "juror", "starlet", "prisoner", "offender", "demonstrator", "youth",
    "rioter", "villager", "colleague", "foe", "raider", "coroner", "operator", "accused", "fan",
    "senior", "landlord", "rival", "spokesperson", "salesman", "molester", "fugitive",
    "escapee", "icon", "challenger", "protestor", "manager", "parolee", "survivor", "crook",
    "rusher", "engineer", "participant", "conspirator", "burglar", "quarterback", "victim",
    "nurse", "patient", "pilot", "singer", "rapper", "athlete", "hiker", "tourist", "soldier",
    "captain", "commander", "governor", "mayor", "senator", "candidate", "nominee", "winner",
    "loser", "killer", "murderer", "gunwoman", "hostage", "owner", "founder", "executive",
    "chairman", "boyfriend", "girlfriend", "husband", "wife", "spouse", "fiance", "fiancee",
    "parent", "grandparent", "baby", "infant", "toddler", "kid", "cousin", "relative",
    "neighbour", "pedestrian", "passenger", "rider", "cyclist", "writer", "author", "artist",
    "musician", "dancer", "model", "celebrity", "dentist", "teacher", "professor", "pastor",
    "priest", "bishop", "cardinal", "pope", "monk", "nun", "forward", "striker", "goalkeeper",
    "pitcher", "batter", "slugger", "baseman", "shortstop", "outfielder", "boxer", "fighter",
    "wrestler", "referee", "umpire", "trooper", "detective", "spy", "informant",
    "whistleblower", "mafioso", "mobster", "gangster", "dealer", "smuggler", "trafficker",
    "bagman", "aide", "adviser", "staffer", "intern", "volunteer", "activist", "campaigner",
    "lawmaker", "legislator", "diplomat", "ambassador", "envoy", "negotiator", "mediator",
    "analyst", "economist", "banker", "trader", "investor", "entrepreneur", "businessman",
    "businesswoman", "mogul", "tycoon", "heir", "heiress", "mistress", "bride", "groom",
    "widow", "orphan", "veteran", "recruit",
}
PERSON_SUFFIXES = ("man", "woman", "ist", "ian", "eer", "ess", "-old")
APPOSITION = {"appos", "compound", "nmod"}


def person_like(shape: Shape) -> bool:
    """Whether a name or nominal can be what "he", "she" or "who" refers to."""
    if shape.kind == "name":
        return shape.label in ("PERSON", "")
    head = shape.head
    return (head in PERSON_NOUNS or head in FEMALE_NOUNS or head in MALE_NOUNS
            or head.endswith(PERSON_SUFFIXES))


class Shape(NamedTuple):
    """What a mention span is, as the parse shows it."""

    kind: MentionKind
    head: str  # lower-case lemma of the head word
    label: str  # NER label of the entity around the head word; "" when there is none


def head_token(span):
    """The span's syntactic head; for "in Queens" or "on Saturday" (a preposition heading the
    span) the preposition's object."""
    root = span.root
    if root.dep_ == "prep" or root.pos_ == "ADP":
        objects = [t for t in root.children if t.dep_ == "pobj" and span.start <= t.i < span.end]
        if objects:
            return objects[0]
    return root


def _entity_label(token) -> str:
    return token.ent_type_ or ""


def describe(span) -> Shape:
    """Kind, head lemma and NER label of a mention span of a parsed spaCy ``Doc``."""
    head = head_token(span)
    label = _entity_label(head)
    lower = head.lower_
    if head.tag_ in PRONOUN_TAGS or lower in RELATIVE | LOCATIVE:
        kind: MentionKind = "pronoun"
    elif label in NAME_LABELS or head.pos_ == "PROPN":
        kind = "name"
    else:
        kind = "nominal"
    lemma = lower if kind == "pronoun" else (head.lemma_ or head.text).lower()
    return Shape(kind, lemma, label)


def link_within(spans: Sequence, shapes: Sequence[Shape] | None = None) -> dict[int, int]:
    """``{i: j}``: mention ``spans[i]`` refers to mention ``spans[j]`` of the same document.

    Pronouns link to the nearest earlier name or nominal that agrees with them (person,
    gender, number, place; a relative pronoun only within its sentence); a nominal links to
    a name of its own sentence it is in apposition, compound or copula with."""
    shapes = list(shapes) if shapes is not None else [describe(s) for s in spans]
    heads = [head_token(s) for s in spans]
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end))
    links: dict[int, int] = {}
    for position, i in enumerate(order):
        if shapes[i].kind == "pronoun":
            earlier = [j for j in reversed(order[:position])
                       if shapes[j].kind != "pronoun" and spans[j].end <= spans[i].start]
            target = _antecedent(spans[i], shapes[i], earlier, spans, shapes, heads)
            if target is not None:
                links[i] = target
        elif shapes[i].kind == "nominal":
            target = _named_by(i, spans, shapes, heads)
            if target is not None:
                links[i] = target
    return links


def _antecedent(span, shape: Shape, earlier: list[int], spans, shapes, heads) -> int | None:
    word = shape.head
    if word in DEICTIC:
        return None
    if word in RELATIVE:
        earlier = [j for j in earlier if spans[j].sent.start == span.sent.start]
    for j in earlier:
        if _agrees(word, shapes[j], heads[j]):
            return j
    return None


def _agrees(word: str, shape: Shape, head) -> bool:
    plural = head.tag_ in ("NNS", "NNPS")
    if word in LOCATIVE:
        return shape.label in PLACE_LABELS or head.dep_ == "pobj"
    if word in PERSONAL:
        if plural or not person_like(shape):
            return False
        if word in MALE and shape.head in FEMALE_NOUNS:
            return False
        return not (word in FEMALE and shape.head in MALE_NOUNS)
    if word in PLURAL:
        return plural or shape.label in ("ORG", "NORP")
    if word in NEUTER:
        return not plural and shape.label != "PERSON" and shape.head not in (
            FEMALE_NOUNS | MALE_NOUNS)
    return True  # "that" and the rest: the nearest mention


def _named_by(i: int, spans, shapes, heads) -> int | None:
    """The name a nominal stands in apposition, compound or copula with, in its sentence."""
    mine = heads[i]
    for j, shape in enumerate(shapes):
        if j == i or shape.kind != "name" or spans[j].sent.start != spans[i].sent.start:
            continue
        theirs = heads[j]
        if mine.head == theirs and mine.dep_ in APPOSITION or (
                theirs.head == mine and theirs.dep_ == "appos"):
            return j
        if mine.dep_ == "attr" and mine.head == theirs.head and theirs.dep_ == "nsubj" and (
                mine.head.lemma_ == "be"):
            return j
    return None


def mentions(article_id: str, doc, spans: Sequence, labels: Sequence[str] | None = None
             ) -> list[Mention]:
    """``Mention`` records for mention ``spans`` (spaCy spans of the parsed ``doc``, any
    order), in input order, with kind, head and ``antecedent_start`` filled in. ``labels``
    overrides the NER label of each span (e.g. the entity label the span was found as)."""
    sentence_of = {sent.start: index for index, sent in enumerate(doc.sents)}
    shapes = [describe(s) for s in spans]
    links = link_within(spans, shapes)
    found = []
    for i, (span, shape) in enumerate(zip(spans, shapes, strict=True)):
        target = links.get(i)
        found.append(Mention(
            article_id=article_id, start=span.start_char, end=span.end_char, text=span.text,
            label=labels[i] if labels is not None else shape.label,
            sentence_index=sentence_of[span.sent.start], kind=shape.kind, head=shape.head,
            antecedent_start=None if target is None else spans[target].start_char,
        ))
    return found
