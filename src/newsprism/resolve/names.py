"""Names: one entity across articles, spelling variants and surname-only mentions.

Names are compared after transliteration folding (Prigozhin/Prighozin, Sergei/Sergey,
Yevgeny/Evgeny) and with the vowels romanisations disagree on (Soleimani/Sulemani,
Esmail/Ismail, Mohammed/Muhammad); titles are dropped (Mr, President), and the NER label of a
single mention is a vote, not the truth. People merge only when both the surname and the given
name agree, so Sergey Shoigu and Sergey Lavrov, or two sisters, stay apart; a given name agrees
with its nicknames (Jim/James, from the ``nicknames`` package) and its initial, and a middle
name or initial does not stand in the way ("Marta J. Keller" / "Marta Keller", "Ana Ruiz Vega"
/ "Ana Vega"). A generational suffix is no surname, and "Jesse Jackson Jr." and "Jesse Jackson"
written in one article are two people. A surname alone joins a full name when exactly one
person in the batch has that surname, even when the tagger typed it as an organisation,
provided the full name came first in each article that uses it; a surname several people
carry is resolved in its article (``_by_article``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

from newsprism.models import Mention
from newsprism.tokens import GENERATIONAL_SUFFIXES

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "president", "prime", "minister", "pm",
    "gen", "general", "col", "colonel", "lt", "sen", "senator", "rep", "gov", "governor",
    "mayor", "king", "queen", "prince", "princess", "pope", "chancellor", "secretary",
    "spokesman", "spokeswoman", "spokesperson", "chief", "leader", "former", "late", "st",
}
ORG_AFFIXES = {"group", "pmc", "company", "co", "inc", "corp", "corporation", "ltd", "llc",
               "plc", "the"}
NAME_MATCH = 0.9  # Jaro-Winkler on folded names; Prigozhin/Prighozin ≈ 0.97, Peskov/Pesko… apart
# Folded names shorter than this never match by vowel key alone: Kim/Kem, Dan/Din stay apart.
VOWEL_KEY_MIN = 4
# Vowels as romanisations of Persian, Arabic, Russian… exchange them: e/i, o/u anywhere, a with
# e/i after the first letter (Muhammad/Mohammed), never a/o (Martin/Morton stay apart).
_FIRST_VOWEL = {"a": "A", "e": "I", "i": "I", "o": "U", "u": "U"}
_LATER_VOWEL = {"a": "I", "e": "I", "i": "I", "o": "U", "u": "U"}
TEMPORAL_LABELS = {"DATE", "TIME"}
GENERATIONAL = frozenset(s.lower() for s in GENERATIONAL_SUFFIXES)
MINOR_WORDS = {"of", "the", "and", "for", "on", "in", "at", "to", "a", "an"}
LABEL_PREFERENCE = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW")


def cluster_names(mentions: Iterable[Mention],
                  titles: dict[tuple[str, int], str] | None = None) -> list[list[Mention]]:
    """Name mentions clustered into entities (each cluster's mentions in input order).
    ``titles``: (article id, start) → the courtesy title written before that mention ("mr",
    "mrs", "ms", "miss"), which tells people sharing a surname apart."""
    groups = _group_by_surface(mentions)
    surnames = _Blocks(g for g in groups if g.majority == "PERSON" and len(g.tokens) >= 2)
    titles = titles or {}
    people = [g for g in groups
              if g.majority == "PERSON" or _mistyped_surname(g, surnames, titles)]
    chosen = set(people)
    others = [g for g in groups if g not in chosen]
    person_clusters, unmatched = _cluster_people(people, titles)
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
        return name_words(self.key)

    @property
    def surname(self) -> str:
        return self.tokens[-1]

    @cached_property
    def suffix(self) -> str:
        """A generational suffix ("jr", "iii"), or "": Jesse Jackson Jr is not Jesse Jackson."""
        words = self.key.split()
        return words[-1] if len(words) > 1 and words[-1] in GENERATIONAL else ""


class _Blocks:
    """Full-named person groups blocked by the initial of their folded surname, so a name is
    compared only with the few surnames that could match (Jaro-Winkler ≥ 0.9 weighs the
    prefix; variants that survive folding share their first letter)."""

    def __init__(self, groups: Iterable[_Group] = ()):
        self._blocks: dict[str, list] = defaultdict(list)
        for group in groups:
            self.add(group.surname, group)

    def add(self, surname: str, item) -> None:
        self._blocks[vowel_key(surname)[:1]].append((surname, item))

    def matching(self, name: str) -> list:
        found = [item for surname, item in self._blocks[vowel_key(name)[:1]]
                 if same_name(surname, name)]
        return list({id(item): item for item in found}.values())  # once, however many keys


def _group_by_surface(mentions: Iterable[Mention]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for mention in mentions:
        key = normalise_name(mention.text, mention.label)
        if key:
            groups.setdefault(key, _Group(key)).mentions.append(mention)
    return list(groups.values())


def name_words(key: str) -> list[str]:
    """A person's own name in a normalised name: what follows the last title word, and at most
    the last two words of a run longer than three, since a longer one is an NER over-reach
    ("russian president putin" → putin; "security council dmitry medvedev" → dmitry medvedev;
    "ana ruiz vega" stays)."""
    words = key.split()
    while len(words) > 1 and words[-1] in GENERATIONAL:
        words = words[:-1]  # "jesse jackson jr": the surname is jackson
    titled = [i for i, w in enumerate(words[:-1]) if w in TITLES]
    if titled:
        words = words[titled[-1] + 1:]
    return words[-2:] if len(words) > 3 else words


def normalise_name(text: str, label: str = "") -> str:
    """Lower-case ASCII name without possessive, titles or (for organisations) legal affixes."""
    text = re.sub(r"['’]s$", "", text.strip())
    if label != "PERSON":  # "N.R.A." is NRA; a person's "D.C." stays two initials
        text = re.sub(r"\b(?:[A-Za-z]\.){2,}", lambda m: m.group().replace(".", ""), text)
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", unidecode(text).lower())
    if label == "PERSON":
        while words and words[0] in TITLES:
            words = words[1:]
    elif label in ("ORG", "FAC"):
        words = [w for w in words if w not in ORG_AFFIXES] or words
    return " ".join(words)


@lru_cache(maxsize=65536)  # called for every pair compared; a batch has few distinct names
def fold(name: str) -> str:
    """Transliteration-folded form: Yevgeny→evgeni, Sergey→sergei, Prighozin→prigozin."""
    name = unidecode(name).lower()
    name = re.sub(r"^y(?=[aeiou])", "", name)
    name = re.sub(r"(?<=[bcdfgjklmnpqrstvwxz])h", "", name)
    name = name.replace("y", "i").replace("ii", "i").replace("ks", "x")
    return re.sub(r"(.)\1+", r"\1", name)


@lru_cache(maxsize=65536)
def vowel_key(name: str) -> str:
    """The folded name with its vowels reduced to the classes romanisations swap (see
    ``_FIRST_VOWEL``): Soleimani, Sulemani → sUlImInI; Esmail, Ismail → IsmIl."""
    folded = fold(name).replace("ei", "e").replace("ou", "u")
    if not folded:
        return ""
    key = _FIRST_VOWEL.get(folded[0], folded[0]) + "".join(
        _LATER_VOWEL.get(c, c) for c in folded[1:])
    return re.sub(r"(.)\1+", r"\1", key)


def same_name(a: str, b: str) -> bool:
    """One name in two spellings: equal, Jaro-Winkler ≥ ``NAME_MATCH`` after folding, or
    the same vowel key when long enough (``VOWEL_KEY_MIN``)."""
    if a == b:
        return True
    folded_a, folded_b = fold(a), fold(b)
    if JaroWinkler.similarity(folded_a, folded_b) >= NAME_MATCH:
        return True
    return (min(len(folded_a), len(folded_b)) >= VOWEL_KEY_MIN
            and vowel_key(a) == vowel_key(b))


def same_given_name(a: str, b: str) -> bool:
    """Two given names of one person: the same name (``same_name``), one an initial of the
    other ("j" / "james"), or one a nickname of the other (Jim/James, Bill/William)."""
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    if same_name(a, b):
        return True
    nicknames = _nicknames()
    return b in nicknames.nicknames_of(a) or a in nicknames.nicknames_of(b)


@cache
def _nicknames():
    from nicknames import NickNamer  # Carlton Northern's hand-curated table, Apache-2.0

    return NickNamer()


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


def _mistyped_surname(group: _Group, surnames: _Blocks,
                      titles: dict[tuple[str, int], str]) -> bool:
    """A one-word name that is the surname of exactly one full-named person ("Prighozin"
    typed as a place, "Arsenault" as an organisation): the NER's label loses the vote when
    that person is mentioned more often, or, against an organisation label, when the full
    name came first in every article that uses the surname (a mention written "Mr.
    Hutchinson" is a person's whoever was named before)."""
    if len(group.tokens) != 1 or _acronym(group):  # "U.N." is not Kim Jong Un's "Un"
        return False
    owners = surnames.matching(group.surname)
    if not owners or not all(same_given_name(o.tokens[0], owners[0].tokens[0])
                             for o in owners):
        return False  # nobody, or two different people, carry that surname
    if group.majority == "ORG":
        return _introduced_first(group, owners, titles)
    return sum(len(o.mentions) for o in owners) >= len(group.mentions)


def _introduced_first(group: _Group, owners: list[_Group],
                      titles: dict[tuple[str, int], str]) -> bool:
    """Every mention of ``group`` without a courtesy title follows a mention of one of
    ``owners`` in its article."""
    first_seen = _first_named(m for owner in owners for m in owner.mentions)
    return all(first_seen.get(m.article_id, m.start) < m.start for m in group.mentions
               if (m.article_id, m.start) not in titles)


def _first_named(mentions: Iterable[Mention]) -> dict[str, int]:
    """Article id → where the first of ``mentions`` in it starts."""
    first: dict[str, int] = {}
    for mention in mentions:
        first[mention.article_id] = min(first.get(mention.article_id, mention.start),
                                        mention.start)
    return first


def _cluster_people(groups: list[_Group], titles: dict[tuple[str, int], str]
                    ) -> tuple[list[list[_Group]], list[_Group]]:
    """Person clusters, plus the one-word names no full name claims (maybe places). A full
    name joins the cluster whose given name agrees and one of whose surnames (last word, or a
    middle word of a longer name: Ana Ruiz Vega) is one of its own."""
    full = [g for g in groups if len(g.tokens) >= 2]
    single = [g for g in groups if len(g.tokens) == 1]
    clusters: list[list[_Group]] = []
    by_surname = _Blocks()  # last words: what a surname alone may join
    by_family = _Blocks()  # every later word of two letters or more
    for group in sorted(full, key=lambda g: (-len(g.mentions), -len(g.tokens))):
        given = group.tokens[0]
        family = _family_names(group)
        home = next((c for name in family for c in by_family.matching(name)
                     if same_given_name(c[0].tokens[0], given)
                     and not _generations_apart(c, group)), None)
        if home is None:
            home = [group]
            clusters.append(home)
            by_surname.add(group.surname, home)
        else:
            home.append(group)
        for name in family:
            by_family.add(name, home)
    unmatched = []
    for group in single:
        matches = by_surname.matching(group.surname)
        if len(matches) == 1:
            matches[0].append(group)
        elif matches:
            clusters.extend(_by_article(group, matches, titles))
        else:
            unmatched.append(group)
    return clusters, unmatched


def _by_article(group: _Group, owners: list[list[_Group]],
                titles: dict[tuple[str, int], str]) -> list[list[_Group]]:
    """A surname several people of the batch carry, resolved mention by mention within its
    article: to the one of them named in full before it ("Jesse Jackson Jr. … Jackson said",
    before his wife Sandra Jackson is named); where several were, to the story's protagonist
    (the one named first in every article naming any of them, two articles or more),
    provided the mention's courtesy title, if any, is one already seen on the protagonist's
    mentions there ("Mr. Jackson" after "Mr. Jackson" went to him; "Mrs. Jackson", or "Mr.
    Clinton" with Hillary Clinton the protagonist, stay apart). Unresolved mentions stay a
    person of their own.
    Returns the new clusters; resolved mentions join their owners' clusters in place."""
    named = [_first_named(m for g in owner for m in g.mentions) for owner in owners]
    first = _protagonist(named)
    resolved: dict[int, list[Mention]] = defaultdict(list)
    alone: list[Mention] = []
    seen_titles: dict[str, set[str]] = defaultdict(set)  # article → titles on the protagonist
    for mention in sorted(group.mentions, key=lambda m: (m.article_id, m.start)):
        title = titles.get((mention.article_id, mention.start), "")
        named_before = [k for k, starts in enumerate(named)
                        if starts.get(mention.article_id, mention.start) < mention.start]
        if len(named_before) == 1:
            owner = named_before[0]
        elif first in named_before and (not title or title in seen_titles[mention.article_id]):
            owner = first
        else:
            alone.append(mention)
            continue
        resolved[owner].append(mention)
        if owner == first and title:
            seen_titles[mention.article_id].add(title)
    for k, mentions in resolved.items():
        owners[k].append(_Group(group.key, mentions))
    return [[_Group(group.key, alone)]] if alone else []


def _protagonist(named: list[dict[str, int]]) -> int | None:
    """The index of the owner named first in every article that names any of them, if there
    are two such articles or more (in one article alone, being named first says little).
    ``named``: per owner, article id → where it is first named."""
    articles = {a for starts in named for a in starts}
    firsts = {min((starts[a], k) for k, starts in enumerate(named) if a in starts)[1]
              for a in articles}
    return firsts.pop() if len(firsts) == 1 and len(articles) >= 2 else None


def _generations_apart(cluster: list[_Group], group: _Group) -> bool:
    """Two suffixes ("Jr" / "III"), or a suffix and none written in one article: a writer
    who names "Jesse Jackson Jr." and "Jesse Jackson" means the son and the father. Another
    outlet's "Theodore Boutrous" for "Theodore J. Boutrous Jr." is one man."""
    articles = {m.article_id for m in group.mentions}
    for other in cluster:
        if other.suffix == group.suffix:
            continue
        if other.suffix and group.suffix:
            return True
        if articles & {m.article_id for m in other.mentions}:
            return True
    return False


def _family_names(group: _Group) -> list[str]:
    """The words after the given name that may be a family name: the last one first, then
    the middle ones that are not initials ("marta j keller" → keller)."""
    later = group.tokens[1:]
    return [later[-1]] + [t for t in later[:-1] if len(t) > 1]


def _cluster_others(groups: list[_Group]) -> list[list[_Group]]:
    """Organisations and places: identical keys already met; a one-word name joins the unique
    longer name that starts with it (Rostov → Rostov-on-Don) of a compatible type, and an
    acronym of three letters or more the unique name its initials spell."""
    words = {g.key: re.split(r"[ -]", g.key) for g in groups}
    longer = [g for g in groups if len(words[g.key]) > 1]
    clusters: dict[str, list[_Group]] = {g.key: [g] for g in longer}
    by_first_word = defaultdict(list)
    for group in longer:
        by_first_word[words[group.key][0]].append(group)
    by_initials = defaultdict(list)
    for group in longer:
        for initials in _initials(words[group.key]):
            by_initials[initials].append(group)
    for group in groups:
        if len(words[group.key]) > 1:
            continue
        if _acronym(group):  # NRA, N.R.A. → National Rifle Association, never "U.S." →
            # "U.S. Embassy"; the tagger types a bare acronym at random (NRA as a place), so
            # the full name's type stands; two letters spell too many names (UN, US)
            heads = [g for g in by_initials[group.key]
                     if g.majority != "PERSON"] if len(group.key) >= 3 else []
        else:
            heads = [g for g in by_first_word[group.key]
                     if _compatible(g.majority, group.majority)]
        if len(heads) == 1:
            clusters[heads[0].key].append(group)
        else:
            clusters[group.key] = [group]
    return list(clusters.values())


def _acronym(group: _Group) -> bool:
    """Written as an acronym: two to six capitals, with or without stops (NRA, N.R.A.)."""
    return all(re.fullmatch(r"(?:[A-Z]\.?){2,6}(?:['’]s)?", m.text) for m in group.mentions)


def _initials(words: list[str]) -> set[str]:
    """The initials of a name's words, with and without the little ones, as acronyms are
    written both ways: department of homeland security → dhs, dohs; department of justice →
    dj, doj."""
    return {"".join(w[0] for w in words if w and w not in MINOR_WORDS),
            "".join(w[0] for w in words if w)}


def _compatible(a: str, b: str) -> bool:
    """Same type, or both places; a place the NER once typed as a person also counts."""
    places = {"GPE", "LOC", "FAC"}
    kinds = {a, b}
    return a == b or kinds <= places or ("PERSON" in kinds and bool(kinds & places))


def strip_person_prefix(name: str) -> str:
    """"Security Council Dmitry Medvedev" (an NER over-reach) → "Dmitry Medvedev"; a
    generational suffix is no word of the run ("Samuel A. Alito Jr." stays whole)."""
    words = name.split()
    suffix = [] if len(words) < 2 or words[-1].lower().rstrip(".") not in GENERATIONAL else (
        words[-1:])
    words = words[:len(words) - len(suffix)]
    while len(words) > 2 and (words[0].lower().rstrip(".") in TITLES or len(words) > 3):
        words = words[1:]
    return " ".join(words + suffix)


def preference(label: str) -> int:
    return LABEL_PREFERENCE.index(label) if label in LABEL_PREFERENCE else len(LABEL_PREFERENCE)
