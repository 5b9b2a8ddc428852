"""Paraphrastic news NLI pairs from a lexicon of opposite states and outcomes.

Minimal edits (make_news_pairs.py) teach that one changed word can flip a claim, but also that
word overlap means entailment. Reports of one event by two outlets rarely share wording, so
this adds pairs whose sides are worded differently: for each situation a news story reports
(in office or not, in custody or free, open or closed, approved or rejected, up or down…),
several phrasings of each side. Same side, same subject: entailment (both directions). Opposite
sides, same subject: contradiction. Another situation, or the same one of another subject:
neutral. Subjects are people named in the AllSides articles and generic institutions.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

# (subject kind, one side's phrasings, the opposite side's phrasings)
SITUATIONS: list[tuple[str, list[str], list[str]]] = [
    ("person", ["resigned", "stepped down", "quit the post", "left office"],
     ["stayed in office", "refused to resign", "is keeping the job", "remains in post"]),
    ("person", ["was arrested", "was detained by police", "was taken into custody"],
     ["was not arrested", "has not been detained", "is still at large"]),
    ("person", ["was released", "was freed", "walked free"],
     ["remains in custody", "is still being held", "is still behind bars"]),
    ("person", ["died", "lost their life"], ["survived", "is still alive", "did not die"]),
    ("person", ["attended the meeting", "was present at the meeting", "took part in the meeting"],
     ["skipped the meeting", "did not attend the meeting", "was absent from the meeting",
      "stayed away from the meeting"]),
    ("person", ["was convicted", "was found guilty"],
     ["was acquitted", "was cleared of all charges", "was found not guilty"]),
    ("person", ["won the election", "was elected", "secured victory in the vote"],
     ["lost the election", "was defeated in the vote", "conceded defeat"]),
    ("person", ["admitted the mistake", "acknowledged the error", "accepted the blame"],
     ["denied making any mistake", "insisted there was no error", "rejected the blame"]),
    ("person", ["backed the plan", "supported the plan", "endorsed the plan",
                "voted for the plan"],
     ["opposed the plan", "voted against the plan", "spoke out against the plan"]),
    ("person", ["left the country", "went abroad"],
     ["remained in the country", "never left the country", "stayed in the country"]),
    ("person", ["signed the order", "put their name to the order"],
     ["refused to sign the order", "declined to sign the order", "vetoed the order"]),
    ("body", ["approved the proposal", "adopted the proposal", "passed the proposal",
              "gave the proposal the green light"],
     ["rejected the proposal", "voted down the proposal", "blocked the proposal",
      "threw out the proposal"]),
    ("body", ["reached an agreement", "struck a deal", "agreed on terms"],
     ["failed to reach an agreement", "walked away from the talks", "broke off negotiations"]),
    ("body", ["cut hundreds of jobs", "laid off hundreds of workers",
              "eliminated hundreds of positions"],
     ["did not cut any jobs", "kept all of its staff"]),
    ("body", ["reported a profit", "made money last quarter", "returned to profit"],
     ["reported a loss", "lost money last quarter", "slid into the red"]),
    ("body", ["lifted the restrictions", "ended the restrictions", "scrapped the restrictions",
              "removed the restrictions"],
     ["kept the restrictions in place", "maintained the restrictions",
      "left the restrictions in force"]),
    ("body", ["confirmed the report", "verified the report", "said the report was accurate"],
     ["denied the report", "dismissed the report as false", "said the report was untrue"]),
    ("body", ["opened an investigation", "launched a probe", "began investigating"],
     ["ruled out an investigation", "declined to investigate", "refused to open a probe"]),
    ("body", ["paid the fine", "settled the penalty"],
     ["refused to pay the fine", "has not paid the penalty"]),
    ("body", ["raised prices", "increased its prices", "made its products more expensive"],
     ["cut prices", "lowered its prices"]),
    ("place", ["reopened", "is open again", "resumed operations"],
     ["remained closed", "is still shut", "stayed closed"]),
    ("place", ["was destroyed", "was reduced to rubble", "was razed"],
     ["was left intact", "escaped damage", "was undamaged"]),
    ("place", ["was evacuated", "was cleared of people", "was emptied"],
     ["was not evacuated", "stayed open to the public", "was never evacuated"]),
    ("indicator", ["rose", "increased", "went up", "climbed", "jumped"],
     ["fell", "dropped", "declined", "went down"]),
    ("event", ["ended", "is over", "came to an end"],
     ["is continuing", "is still going on", "entered another day"]),
    ("event", ["went ahead as planned", "took place as scheduled"],
     ["was cancelled", "was called off", "did not take place"]),
    ("event", ["was peaceful", "passed without violence", "remained calm"],
     ["turned violent", "ended in clashes with police", "descended into rioting"]),
]
SUBJECTS = {
    "body": ["The government", "The city council", "The board", "The company", "Parliament",
             "The committee", "The union", "The regional authority", "The ministry",
             "The state legislature", "The federal agency", "The airline", "The bank"],
    "place": ["The airport", "The border crossing", "The main road", "The school", "The factory",
              "The hospital", "The stadium", "The bridge", "The port", "The power plant"],
    "indicator": ["Inflation", "Unemployment", "The price of oil", "Sales", "Violent crime",
                  "Turnout", "The number of applications", "Home prices", "Exports"],
    "event": ["The strike", "The protest", "The ceasefire", "The trial", "The summit",
              "The march", "The vote", "The festival", "The blockade"],
}
ADJUNCTS = ["", "", "", " on Monday", " last week", " on Friday", " this week",
            " earlier this month", " on Tuesday"]
SENTENCE_OPENERS = {"The", "This", "That", "These", "But", "And", "So", "In", "On", "At", "It",
                    "As", "If", "When", "While", "For", "What", "He", "She", "They", "We",
                    "Now", "Then", "Still", "Yet", "Also", "After", "Before", "Last", "Since"}
NAME = re.compile(r"^((?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+) (?:said|says|told|has|had|was|is)\b")


def harvest_names(sentences: list[str], limit: int = 2000) -> list[str]:
    names = {m.group(1) for s in sentences if (m := NAME.match(s))}
    return sorted(n for n in names if n.split()[0] not in SENTENCE_OPENERS)[:limit]


def state_pairs(names: list[str], count: int, seed: int) -> Iterator[dict]:
    """``count`` pairs, a third of each label."""
    rng = random.Random(seed)
    subjects = {**SUBJECTS, "person": names}
    makers = (_contradiction, _entailment, _neutral)
    for index in range(count):
        yield makers[index % 3](rng, subjects)


def _sentence(subject: str, phrase: str, adjunct: str) -> str:
    return f"{subject} {phrase}{adjunct}."


def _pick(rng: random.Random, subjects):
    kind, left, right = rng.choice(SITUATIONS)
    return kind, left, right, rng.choice(subjects[kind])


def _contradiction(rng, subjects) -> dict:
    kind, left, right, subject = _pick(rng, subjects)
    sides = [rng.choice(left), rng.choice(right)]
    rng.shuffle(sides)
    adjunct = rng.choice(ADJUNCTS)
    return _record(_sentence(subject, sides[0], adjunct),
                   _sentence(subject, sides[1], rng.choice(["", adjunct])), "contradiction")


def _entailment(rng, subjects) -> dict:
    kind, left, right, subject = _pick(rng, subjects)
    side = rng.choice([left, right])
    first, second = rng.sample(side, 2)
    adjunct = rng.choice(ADJUNCTS)  # the hypothesis may drop the time, never add one
    return _record(_sentence(subject, first, adjunct),
                   _sentence(subject, second, rng.choice(["", adjunct])), "entailment")


def _neutral(rng, subjects) -> dict:
    kind, left, right, subject = _pick(rng, subjects)
    phrase = rng.choice(left + right)
    others = [s for s in SITUATIONS if s[0] == kind and s[1] is not left]
    if rng.random() < 0.5 or not others:  # the same situation, someone or something else
        other = rng.choice([s for s in subjects[kind] if s != subject])
        second = _sentence(other, rng.choice(left + right), "")
    else:  # another situation of the same subject
        _, other_left, other_right = rng.choice(others)
        second = _sentence(subject, rng.choice(other_left + other_right), "")
    return _record(_sentence(subject, phrase, rng.choice(ADJUNCTS)), second, "neutral")


def _record(premise: str, hypothesis: str, label: str) -> dict:
    return {"premise": premise, "hypothesis": hypothesis, "label": label,
            "source": f"news_state:{label}"}
