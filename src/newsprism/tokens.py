"""Word tokens shared by the stages that compare texts (ingest's near-duplicate index,
alignment's text reuse, same-fact overlap and value slots, names' suffixes): one definition,
so all see the same words, and one lemmatiser (lemminflect's lookup tables, no parse
needed) so "held" meets "hold" and "primaries" meets "primary"; and one synonym table
(WordNet's first senses) so "remain" meets "stay"."""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

_WORD = re.compile(r"\w+")
SYNONYMS = Path(__file__).resolve().parent / "weights" / "wordnet-synonyms" / "synonyms.json.gz"


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, underscore), punctuation dropped."""
    return [w.lower() for w in _WORD.findall(text)]


# Generational suffixes of personal names ("Jesse Jackson Jr."): no surname, and part of who
# is meant; annotate keeps them on a name, resolve tells son from father by them.
GENERATIONAL_SUFFIXES = ("Jr", "Sr", "II", "III", "IV")

# Reporting verbs and titles carry no proposition of their own (nor do function words:
# spaCy's English list, added in ``stop_words``).
REPORTING_AND_TITLES = frozenset({"said", "says", "say", "told", "according", "asked", "added",
                                  "s", "t", "mr", "ms", "mrs", "dr"})


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that carry no proposition: spaCy's English stop words, reporting verbs, titles."""
    # Imported on first use, not with the module: importing spaCy costs seconds, and the
    # CLI imports the aligner for commands (ingest, serve) that never need it.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | REPORTING_AND_TITLES


LEMMA_ORDER = ("VERB", "NOUN", "ADJ", "ADV", "AUX")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of one lower-cased word without its context: the first lemma that
    differs from the word, verbs first ("left" → "leave", "primaries" → "primary", "held" →
    "hold"); a word with no entry (most names) is its own lemma. Source: lemminflect's
    English lemma tables (MIT)."""
    from lemminflect import getAllLemmas  # loads its tables on first use

    found = getAllLemmas(word)
    for pos in LEMMA_ORDER:
        for candidate in found.get(pos, ()):
            if candidate != word:
                return candidate
    return word


@lru_cache(maxsize=1)
def _synonym_table() -> dict[str, frozenset[str]]:
    with gzip.open(SYNONYMS, "rt", encoding="utf-8") as handle:
        lemmas = json.load(handle)["lemmas"]
    return {word: frozenset(ids) for word, ids in lemmas.items()}


def senses(word: str) -> frozenset[str]:
    """The WordNet synset (an id such as ``"v00117985"``) that is the first, most frequent
    sense of the lemma ``word`` in its dominant part of speech and so for another lemma too:
    two words sharing one are synonyms ("remain" / "stay", "buy" / "purchase"). Empty for a
    word WordNet pairs with none (most names, words under three letters). Source: Princeton
    WordNet 3.0, tabled by ``training/build_synonyms.py``."""
    return _synonym_table().get(word, frozenset())
