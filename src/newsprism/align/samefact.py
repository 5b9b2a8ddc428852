"""Same fact: the probability that two claims of two articles state one proposition.

Embedding similarity proposes candidates (each claim's nearest claims in other articles); it
never decides alone. The decision is a logistic model over evidence a reader would weigh:

- ``cosine``: the sentence vectors' cosine (topic and wording);
- ``mutual_rank``: whether each claim is the other's best match *in that article* (1 / the
  worse of the two ranks): outlets state one fact once, so the best counterpart is telling;
- ``margin``: how far this match stands above the next-best claim of the same article;
- ``shared_entities``: resolved participants in common (share of the smaller set; broad
  nationality or party adjectives left out);
- ``content_overlap``: rarity-weighted share of content words in common (a story's common
  words — its main actor's name — weigh little); two words count as common when they are
  one word's lemmas or WordNet synonyms ("remain" / "stay": ``tokens.senses``);
- ``same_predicate`` / ``same_subject``: from the parse (``annotate/clauses.py``);
- ``values_agree`` / ``values_clash``: a quantity of one measure with compatible / different
  values on the two sides (a clash lowers "same fact" but is exactly what a conflict is, so
  the conflict checks score pairs with both value features masked);
- ``short``: either statement has fewer than six words (its vector is mostly its names).

The weights ship in ``weights/same-fact.json``, fitted by ``training/train_same_fact.py`` on
hand-labelled pairs of real three-outlet stories (the tuning half of the development set; the
other half is kept for checking). The probability is therefore calibrated on those stories:
0.5 means half such pairs were judged one fact.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsprism.models import Claim, Quantity
from newsprism.tokens import lemma, senses, stop_words, words

FEATURES = ("cosine", "mutual_rank", "margin", "shared_entities", "content_overlap",
            "same_predicate", "same_subject", "values_agree", "values_clash", "short")
VALUE_FEATURES = ("values_agree", "values_clash")
BINARY_FEATURES = ("same_predicate", "same_subject", "values_agree", "values_clash", "short")
SHORT_WORDS = 6
WEIGHTS = Path(__file__).resolve().parent.parent / "weights" / "same-fact.json"


@dataclass(frozen=True)
class SameFactModel:
    """A fitted logistic model: ``p = sigmoid(bias + Σ weight_f · (x_f − mean_f) / scale_f)``."""

    weights: dict[str, float]
    bias: float
    means: dict[str, float]
    scales: dict[str, float]
    about: dict

    def probability(self, rows: np.ndarray, masked: bool = False) -> np.ndarray:
        """Probabilities for an ``(n, len(FEATURES))`` array; ``masked``: the value features
        held at their mean (the pair judged as if its values were hidden)."""
        rows = np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))
        logits = np.full(len(rows), self.bias)
        for k, name in enumerate(FEATURES):
            if masked and name in VALUE_FEATURES:
                continue
            logits += self.weights[name] * (rows[:, k] - self.means[name]) / self.scales[name]
        return 1.0 / (1.0 + np.exp(-logits))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> SameFactModel:
    """The shipped weights, or a JSON file written by ``training/train_same_fact.py``.
    Raises ``FileNotFoundError`` / ``KeyError`` for a missing file or a missing feature."""
    data = json.loads(Path(path or WEIGHTS).read_text(encoding="utf-8"))
    return SameFactModel({f: float(data["weights"][f]) for f in FEATURES}, float(data["bias"]),
                         {f: float(data["means"][f]) for f in FEATURES},
                         {f: float(data["scales"][f]) or 1.0 for f in FEATURES},
                         data.get("about", {}))


class PairEvidence:
    """The features of any pair of one story's claims. Built once per story: the nearest
    neighbours give each claim's best matches per article, so rank and margin cost O(k)."""

    def __init__(self, claims: list[Claim], vectors: np.ndarray,
                 neighbours: dict[int, list[tuple[int, float]]],
                 quantities: dict[str, Quantity], weak_entities: frozenset = frozenset(),
                 synonyms: frozenset = frozenset()):
        self.claims, self.vectors, self.quantities = claims, vectors, quantities
        self.weak, self.synonyms = weak_entities, synonyms
        self.per_article = _per_article(claims, neighbours)
        self.tokens = [_content(c.text) for c in claims]
        self.senses = [frozenset().union(*(senses(t) for t in tokens)) for tokens in self.tokens]
        counts = Counter(t for tokens in self.tokens for t in tokens)
        total = max(len(claims), 1)
        self.idf = {t: math.log((1 + total) / (1 + n)) + 1.0 for t, n in counts.items()}
        # each claim's rarity-weighted content words in all: every overlap divides by it
        self.weight = [sum(self.idf[t] for t in tokens) for tokens in self.tokens]
        # Grouping, fact scores, reasons and conflict rescoring ask for the same pairs again.
        self._computed: dict[tuple[int, int], np.ndarray] = {}
        self._postings: dict[str, list[int]] | None = None  # word -> claims, built on demand
        # A word no more frequent than one claim per article is rare enough that sharing it
        # alone ("watershed", "Turnpike", a minor figure's name) means an outlet touches it.
        self._rare = max(2, len({c.article_id for c in claims}))

    def features(self, i: int, j: int) -> np.ndarray:
        """The ``FEATURES`` of one pair, computed once."""
        if (i, j) not in self._computed:
            self._computed[(i, j)] = self._features(i, j)
        return self._computed[(i, j)]

    def _features(self, i: int, j: int) -> np.ndarray:
        a, b = self.claims[i], self.claims[j]
        cosine = float(self.vectors[i] @ self.vectors[j])
        rank_ij, second_ij = self._rank(i, j, cosine)
        rank_ji, second_ji = self._rank(j, i, cosine)
        agree, clash = self._values(a, b)
        return np.array([
            cosine, 1.0 / max(rank_ij, rank_ji), cosine - max(second_ij, second_ji),
            self._shared_entities(a, b), self._overlap(i, j),
            float(bool(a.predicate) and a.predicate == b.predicate),
            float(bool(a.subject) and a.subject == b.subject), agree, clash,
            float(min(len(a.text.split()), len(b.text.split())) < SHORT_WORDS),
        ])

    def matrix(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(FEATURES)))
        return np.stack([self.features(i, j) for i, j in pairs])

    def reason(self, i: int, j: int) -> str:
        """The evidence for one pair, in words."""
        x = dict(zip(FEATURES, self.features(i, j), strict=True))
        parts = [f"similarity {x['cosine']:.2f}"]
        if x["mutual_rank"] == 1.0:
            parts.append("each the other's closest statement in its article")
        if x["shared_entities"] > 0:
            parts.append(f"{x['shared_entities']:.0%} of participants shared")
        # the same words alone give the larger of the two claims' covered shares
        exact = max(self._covered(i, j), self._covered(j, i))
        synonyms = x["content_overlap"] > exact + 1e-9
        parts.append(f"{x['content_overlap']:.0%} of content words shared"
                     + (" (synonyms counted)" if synonyms else ""))
        if x["same_predicate"]:
            parts.append(f"same predicate “{self.claims[i].predicate}”")
        if x["values_agree"]:
            parts.append("a value agrees")
        if x["values_clash"]:
            parts.append("a value differs")
        return ", ".join(parts)

    def sharing_articles(self, group: list[int], share: float) -> set[str]:
        """Articles with a claim that has at least ``share`` of the rarity-weighted content
        words of a claim of ``group``, or that shares a rare word with one ("I'm getting
        whipsawed here" / "he felt 'whipsawed'"). Found through an index of the story's
        words, so the cost follows the words' postings."""
        if self._postings is None:
            self._postings = {}
            for index, tokens in enumerate(self.tokens):
                for token in tokens:
                    self._postings.setdefault(token, []).append(index)
        own = {self.claims[i].article_id for i in group}
        found: set[str] = set()
        for i in group:
            for token in self.tokens[i]:
                postings = self._postings.get(token, ())
                if len(postings) <= self._rare:
                    found |= {self.claims[j].article_id for j in postings}
            settled = own | found
            near = {j for t in self.tokens[i] for j in self._postings.get(t, ())
                    if self.claims[j].article_id not in settled}
            found |= {self.claims[j].article_id for j in near if self._covered(i, j) >= share}
        return found - own

    def _covered(self, i: int, j: int) -> float:
        """The share of claim i's rarity-weighted content words that claim j also has."""
        weight = self.idf.get
        shared = sum(weight(t, 1.0) for t in self.tokens[i] & self.tokens[j])
        return shared / self.weight[i] if self.weight[i] else 0.0

    def _rank(self, i: int, j: int, cosine: float) -> tuple[int, float]:
        """j's rank among i's matches in j's article, and the best other match's cosine
        (when i has no other listed match there, the weakest listed neighbour bounds it)."""
        listed = self.per_article.get(i, {}).get(self.claims[j].article_id, [])
        better = sum(1 for k, s in listed if k != j and s > cosine)
        others = [s for k, s in listed if k != j]
        floor = self.per_article.get(i, {}).get(None, [(None, 0.0)])[0][1]
        return better + 1, max(others) if others else floor

    def _shared_entities(self, a: Claim, b: Claim) -> float:
        ea, eb = set(a.entity_ids) - self.weak, set(b.entity_ids) - self.weak
        if not ea or not eb:
            return 0.0
        return len(ea & eb) / min(len(ea), len(eb))

    def _overlap(self, i: int, j: int) -> float:
        """The larger of the two claims' rarity-weighted shares of content words that the
        other claim has, itself or as a synonym (for exact words alone this is the shared
        weight over the smaller claim's)."""
        if not self.tokens[i] or not self.tokens[j]:
            return 0.0
        return max(self._matched_share(i, j), self._matched_share(j, i))

    def _matched_share(self, i: int, j: int) -> float:
        weight = self.idf.get
        mine, theirs, their_senses = self.tokens[i], self.tokens[j], self.senses[j]
        matched = sum(weight(t, 1.0) for t in mine
                      if t in theirs or not senses(t).isdisjoint(their_senses))
        return matched / self.weight[i]

    def _values(self, a: Claim, b: Claim) -> tuple[float, float]:
        # conflicts imports this module (through slots), so it is imported here, not on top
        from newsprism.align.conflicts import compatible, same_measure

        agree = clash = 0.0
        for qa in (self.quantities[q] for q in a.quantity_ids if q in self.quantities):
            for qb in (self.quantities[q] for q in b.quantity_ids if q in self.quantities):
                if not same_measure(qa, qb, self.synonyms):
                    continue
                if compatible(qa, qb):
                    agree = 1.0
                else:
                    clash = 1.0
        return agree, clash


def _per_article(claims: list[Claim], neighbours: dict[int, list[tuple[int, float]]]):
    """claim index -> article id -> [(neighbour, cosine)], plus under key None the weakest
    listed neighbour (an upper bound for every claim not listed)."""
    found: dict[int, dict] = {}
    for i, listed in neighbours.items():
        by_article: dict = {}
        for j, s in listed:
            by_article.setdefault(claims[j].article_id, []).append((j, s))
        if listed:
            by_article[None] = [min(listed, key=lambda p: p[1])]
        found[i] = by_article
    return found


def _content(text: str) -> frozenset[str]:
    stop = stop_words()
    return frozenset(lemma(w) for w in words(text) if w not in stop and not w.isdigit())
