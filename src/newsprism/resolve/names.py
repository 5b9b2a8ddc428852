"""Names: one entity across articles, spelling variants and surname-only mentions.

Names are compared after transliteration folding (Prigozhin/Prighozin, Sergei/Sergey,
Yevgeny/Evgeny), titles are dropped (Mr, President), and the NER label of a single mention is a
vote, not the truth. People merge only when both the surname and a given first name agree, so
Sergey Shoigu and Sergey Lavrov stay apart; a surname alone joins a full name only when exactly
one person in the batch has that surname.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

from newsprism.models import Mention

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "president", "prime", "minister", "pm",
    "gen", "general", "col", "colonel", "lt", "sen", "senator", "rep", "gov", "governor",
    "mayor", "king", "queen", "prince", "princess", "pope", "chancellor", "secretary",
    "spokesman", "spokeswoman", "spokesperson", "chief", "leader", "former", "late", "st",
}
ORG_AFFIXES = {"group", "pmc", "company", "co", "inc", "corp", "corporation", "ltd", "llc",
               "plc", "the"}
NAME_MATCH = 0.9  # Jaro-Winkler on folded names; Prigozhin/Prighozin ≈ 0.97, Peskov/Pesko… apart
TEMPORAL_LABELS = {"DATE", "TIME"}
LABEL_PREFERENCE = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW")


def cluster_names(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """Name mentions clustered into entities (each cluster's mentions in input order)."""
    groups = _group_by_surface(mentions)
    surnames = _Blocks(g for g in groups if g.majority == "PERSON" and len(g.tokens) >= 2)
    people = [g for g in groups if g.majority == "PERSON" or _mistyped_surname(g, surnames)]
    chosen = set(people)
    others = [g for g in groups if g not in chosen]
    person_clusters, unmatched = _cluster_people(people)
    clusters = person_clusters + _cluster_others(others + unmatched)
    return [[m for g in c for m in g.mentions] for c in clusters]


@dataclass(eq=False)  # identity: groups go in sets, and comparing mention lists is slow
class _Group:
    """Mentions whose normalised surface is identical."""

    key: str
    mentions: list[Mention] = field(default_factory=list)

    @cached_property  # read only after grouping is complete
    def majority(self) -> str:
        votes = Counter(m.label for m in self.mentions)
        return max(votes, key=lambda lab: (votes[lab], -preference(lab)))

    @cached_property
    def tokens(self) -> list[str]:
        return self.key.split()

    @property
    def surname(self) -> str:
        return self.tokens[-1]


class _Blocks:
    """Full-named person groups blocked by the initial of their folded surname, so a name is
    compared only with the few surnames that could match (Jaro-Winkler ≥ 0.9 weighs the
    prefix; variants that survive folding share their first letter)."""

    def __init__(self, groups: Iterable[_Group] = ()):
        self._blocks: dict[str, list] = defaultdict(list)
        for group in groups:
            self.add(group.surname, group)

    def add(self, surname: str, item) -> None:
        self._blocks[fold(surname)[:1]].append((surname, item))

    def matching(self, name: str) -> list:
        return [item for surname, item in self._blocks[fold(name)[:1]] if same_name(surname, name)]


def _group_by_surface(mentions: Iterable[Mention]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for mention in mentions:
        key = normalise_name(mention.text, mention.label)
        if key:
            groups.setdefault(key, _Group(key)).mentions.append(mention)
    return list(groups.values())


def normalise_name(text: str, label: str = "") -> str:
    """Lower-case ASCII name without possessive, titles or (for organisations) legal affixes."""
    text = re.sub(r"['’]s$", "", text.strip())
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", unidecode(text).lower())
    if label == "PERSON":
        while words and words[0] in TITLES:
            words = words[1:]
    elif label in ("ORG", "FAC"):
        words = [w for w in words if w not in ORG_AFFIXES] or words
    return " ".join(words)


def fold(name: str) -> str:
    """Transliteration-folded form: Yevgeny→evgeni, Sergey→sergei, Prighozin→prigozin."""
    name = unidecode(name).lower()
    name = re.sub(r"^y(?=[aeiou])", "", name)
    name = re.sub(r"(?<=[bcdfgjklmnpqrstvwxz])h", "", name)
    name = name.replace("y", "i").replace("ii", "i").replace("ks", "x")
    return re.sub(r"(.)\1+", r"\1", name)


def same_name(a: str, b: str) -> bool:
    return a == b or JaroWinkler.similarity(fold(a), fold(b)) >= NAME_MATCH


def surnames(mentions: Iterable[Mention]) -> set[str]:
    """Last words of the names (not dates) among ``mentions``: what tells two entities apart."""
    found = set()
    for m in mentions:
        if m.kind == "name" and m.label not in TEMPORAL_LABELS:
            words = normalise_name(m.text, m.label).split()
            if words:
                found.add(words[-1])
    return found


def distinct_names(a: set[str], b: set[str]) -> bool:
    """Both clusters are named and no name of one matches a name of the other."""
    return bool(a and b) and not any(same_name(x, y) for x in a for y in b)


def _mistyped_surname(group: _Group, surnames: _Blocks) -> bool:
    """A one-word non-organisation name that is the surname of exactly one full-named person
    mentioned more often ("Prighozin" typed as a place): the NER's label loses the vote."""
    if len(group.tokens) != 1 or group.majority == "ORG":
        return False
    owners = surnames.matching(group.key)
    if not owners or not all(same_name(o.tokens[-2], owners[0].tokens[-2]) for o in owners):
        return False  # nobody, or two different people, carry that surname
    return sum(len(o.mentions) for o in owners) >= len(group.mentions)


def _cluster_people(groups: list[_Group]) -> tuple[list[list[_Group]], list[_Group]]:
    """Person clusters, plus the one-word names no full name claims (maybe places)."""
    full = [g for g in groups if len(g.tokens) >= 2]
    single = [g for g in groups if len(g.tokens) == 1]
    clusters: list[list[_Group]] = []
    by_surname = _Blocks()
    for group in sorted(full, key=lambda g: -len(g.mentions)):
        first = group.tokens[-2]
        home = next((c for c in by_surname.matching(group.surname)
                     if same_name(c[0].tokens[-2], first)), None)
        if home is None:
            clusters.append([group])
            by_surname.add(group.surname, clusters[-1])
        else:
            home.append(group)
    unmatched = []
    for group in single:
        matches = by_surname.matching(group.key)
        if len(matches) == 1:
            matches[0].append(group)
        elif matches:  # ambiguous surname (two Shoigus?): a person of its own
            clusters.append([group])
        else:
            unmatched.append(group)
    return clusters, unmatched


def _cluster_others(groups: list[_Group]) -> list[list[_Group]]:
    """Organisations and places: identical keys already met; a one-word name joins the unique
    longer name that starts with it (Rostov → Rostov-on-Don) of a compatible type."""
    words = {g.key: re.split(r"[ -]", g.key) for g in groups}
    longer = [g for g in groups if len(words[g.key]) > 1]
    clusters: dict[str, list[_Group]] = {g.key: [g] for g in longer}
    by_first_word = defaultdict(list)
    for group in longer:
        by_first_word[words[group.key][0]].append(group)
    for group in groups:
        if len(words[group.key]) > 1:
            continue
        heads = [g for g in by_first_word[group.key] if _compatible(g.majority, group.majority)]
        if len(heads) == 1:
            clusters[heads[0].key].append(group)
        else:
            clusters[group.key] = [group]
    return list(clusters.values())


def _compatible(a: str, b: str) -> bool:
    """Same type, or both places; a place the NER once typed as a person also counts."""
    places = {"GPE", "LOC", "FAC"}
    kinds = {a, b}
    return a == b or kinds <= places or ("PERSON" in kinds and bool(kinds & places))


def strip_person_prefix(name: str) -> str:
    """"Security Council Dmitry Medvedev" (an NER over-reach) → "Dmitry Medvedev"."""
    words = name.split()
    while len(words) > 2 and (words[0].lower() in TITLES or len(words) > 3):
        words = words[1:]
    return " ".join(words)


def preference(label: str) -> int:
    return LABEL_PREFERENCE.index(label) if label in LABEL_PREFERENCE else len(LABEL_PREFERENCE)
