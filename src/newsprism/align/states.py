"""State opposition: two statements about one subject and one object whose predicates are
opposite outcomes ("the measures were lifted" / "the measures were still in place", "signed the
bill" / "vetoed the bill", "raised its rate" / "did not raise its rate").

Found from the parse (each claim's subject head, predicate, object and negation, see
``annotate/clauses.py``) on pairs blocked by subject, not by similarity: such statements are
often far apart as sentence vectors, and an NLI model reads "restrictive measures" and
"security measures" as maybe different things. Predicates only, never a clause's other words:
those too often tell a sequence of events ("arrested … released on bail") rather than two
opposite states.
"""

from __future__ import annotations

from newsprism.align.conflicts import different_moments, make_conflict, published_close
from newsprism.models import AnnotatedArticle, Claim, Conflict

STATE_METHOD = "state opposition: same subject, opposite predicate (parse + lexicon)"
STATE_BASE, STATE_WEIGHT = 0.55, 0.3  # score = base + weight × similarity: 0.55–0.85
# Verbs too empty for "X is" / "X is not" to oppose: what follows them differs.
LIGHT_VERBS = {"be", "have", "do", "get", "make", "take", "go", "come", "say", "seem"}
PRONOUN_SUBJECTS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "who", "which",
                    "there", "one", "some", "all", "both", "many", "most", "others"}

# Predicates (verb lemma with particles, or a copula's complement) that assert opposite
# outcomes of one matter for one subject. General news vocabulary, not tuned to any story.
OPPOSITE_PREDICATES = (
    ({"lift", "remove", "end", "cancel", "call off", "scrap", "revoke", "rescind", "ease"},
     {"impose", "extend", "maintain", "keep", "in place", "in force", "in effect", "tighten",
      "remain"}),
    ({"open", "reopen"}, {"close", "shut", "closed", "shut down", "shutter"}),
    ({"confirm", "admit", "acknowledge"}, {"deny", "dispute", "reject"}),
    ({"accept", "approve", "agree", "endorse", "sign", "ratify", "pass", "back", "adopt"},
     {"reject", "refuse", "veto", "block", "vote down", "turn down", "oppose", "decline",
      "strike down"}),
    ({"win", "beat", "defeat"}, {"lose", "concede"}),
    ({"convict"}, {"acquit", "clear", "exonerate"}),  # not arrest / release: a sequence
    ({"resign", "quit", "step down", "leave", "retire"}, {"remain", "stay", "continue"}),
    ({"survive", "escape", "alive"}, {"die", "dead", "perish", "kill"}),
    ({"rise", "increase", "climb", "grow", "jump", "surge", "go up"},
     {"fall", "drop", "decline", "decrease", "shrink", "plunge", "go down"}),
    ({"resume", "restart"}, {"suspend", "halt", "pause", "stop"}),
    ({"guilty"}, {"innocent", "not guilty"}),
)


def opposite_predicates(first: str | None, second: str | None) -> str | None:
    """"sign / veto" when the two predicates fall on opposite sides of one pair."""
    if not first or not second:
        return None
    for left, right in OPPOSITE_PREDICATES:
        if (first in left and second in right) or (first in right and second in left):
            return f"{first} / {second}"
    return None


def find_state_conflicts(claims: list[Claim], pairs: list[tuple[int, int, float]],
                         annotated: list[AnnotatedArticle]) -> list[Conflict]:
    """Semantic conflicts from the parse: two statements about one subject (and one object)
    asserting opposite states. Pairs come from blocking on the subject, not from similarity:
    "all the restrictive measures were lifted" and "security measures were still in place in
    Moscow on Sunday" are far apart as sentence vectors, and an NLI model reads the two
    "measures" as possibly different things."""
    published = {a.article.id: a.article.published for a in annotated}
    dates = {d.id: d for a in annotated for d in a.dates}
    found = []
    for i, j, sim in pairs:
        a, b = claims[i], claims[j]
        if not published_close(published.get(a.article_id), published.get(b.article_id)):
            continue
        if different_moments(a, b, dates):
            continue  # "rose in July" / "fell in August": both true
        opposed = state_opposition(a, b)
        if opposed is not None:
            score = STATE_BASE + STATE_WEIGHT * max(sim, 0.0)
            found.append(make_conflict("semantic", a, b, score, opposed, STATE_METHOD))
    return found


def state_opposition(a: Claim, b: Claim) -> str | None:
    """Why two statements about the same subject assert opposite states ("the measures were
    lifted" / "the measures were still in place"; "X was arrested" / "X was not arrested"),
    or None. Needs the parse: both subjects named by the same head word, not a pronoun."""
    if not a.subject or a.subject != b.subject or a.subject in PRONOUN_SUBJECTS:
        return None
    if a.argument != b.argument or a.article_id == b.article_id:
        return None  # "agreed to leave" vs "rejected the label": two different matters
    if (a.predicate and a.predicate == b.predicate and a.negated != b.negated
            and a.predicate not in LIGHT_VERBS):
        return f"subject “{a.subject}”: “{a.predicate}” negated on one side only"
    if a.negated or b.negated:
        return None  # "was not lifted" vs "remained in place" agree
    words = opposite_predicates(a.predicate, b.predicate)
    return f"subject “{a.subject}”: {words}" if words else None
