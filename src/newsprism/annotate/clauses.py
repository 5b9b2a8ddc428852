"""Clauses: the separate statements a sentence makes, from the dependency parse.

News sentences pack several statements: "Security measures were still in place in Moscow on
Sunday, and Prigozhin's whereabouts were unclear, but his troops had left the headquarters."
Each coordinated clause with a subject of its own is a statement of its own, and may agree or
conflict with a different report than its neighbours do; so is an asserted adverbial clause
("… after workers accepted the contract"), but not a condition ("if both sides withdraw"). A
speech verb's content ("it was announced that all measures were lifted") is the statement,
wherever the verb sits ("the senator, who said he was misled", "issued a statement saying
that …"); the verb makes it attributed, and a denial ("denied that a meeting took place")
negates it. A relative clause set off by a comma ("Edward Brooke, who served from 1967 to
1979, …") is a statement about its noun; so is an act named through a gerund ("pleaded
guilty to using campaign funds to buy a watch", "blamed Holder for failing to enforce the
ban"), about the doer named around it and reported under the word that names it. The sentence
around either stays whole.

Each clause records its subject's head lemma, its predicate and whether it is negated, so the
aligner can tell "the curfew was lifted" from "the curfew was not lifted" without re-parsing.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsprism.annotate.quotes import SPEECH_VERBS
from newsprism.models import Article, Clause

SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
MIN_CLAUSE_WORDS = 4  # shorter pieces ("he said", "it was not") are not statements
# A speech verb under these, or with these auxiliaries, has not spoken yet (``_prospective``).
PROSPECTIVE_GOVERNORS = {"expect", "plan", "intend", "want", "hope", "set", "prepare",
                         "schedule", "aim", "likely", "due", "poise"}
FUTURE_AUXILIARIES = {"will", "'ll", "shall"}
# Speech verbs whose content is no assertion ("asked whether X"): not split off.
NOT_ASSERTING = {"ask", "question", "wonder", "reject"}
# Speech verbs that assert the opposite of their content: "denied that a meeting took place"
# states that none did, so the content is split off with its negation flipped.
DENYING = {"deny", "dispute"}
# Adverbial clauses that assert their content ("after workers accepted the contract"); "if",
# "unless" and "so that" clauses do not.
ASSERTING_MARKERS = {"after", "before", "because", "since", "when", "as", "while", "although",
                     "though", "whereas", "once"}
QUANTITY_NOUNS = {"number", "amount", "share", "percentage", "proportion", "rate", "level",
                  "total", "majority", "minority", "rest", "part", "half", "third", "quarter",
                  "count", "tally", "price", "cost", "value"}
COPULA_COMPLEMENTS = {"acomp", "attr", "prep", "oprd", "advmod"}
# Links through which a coordinated clause still states something ("we believe the suit is
# without merit and we will defend it"); one inside a relative clause or a noun's modifier
# ("the man who came and who left") is not split off.
CLAUSAL_LINKS = {"ccomp", "xcomp", "conj", "advcl", "parataxis"}
# Adverbial clauses that state nothing: what follows "if" or "unless" is not asserted, and
# neither is what anyone says inside it.
CONDITION_MARKERS = {"if", "unless", "whether", "lest"}
FRAME_FUNCTION_WORDS = {"aux", "auxpass", "cc", "punct", "mark", "prt"}
# A verb inside a speech frame that states something of its own: how it hangs in the frame,
# and the arguments it needs to state anything ("promises to defend", "batting down
# allegations").
FRAME_CLAUSES = {"appos", "advcl", "acl", "conj", "relcl", "csubj"}
VERB_ARGUMENTS = {"dobj", "xcomp", "ccomp", "attr", "oprd"}
# Words that name an act through a gerund after a preposition ("pleaded guilty to using
# campaign funds", "blamed Holder for failing to enforce the ban", "credit the program for
# reducing poverty"): the act is a statement of its own, reported under the word. Attitudes
# ("opposed to cutting", "in favour of allowing", "committed to making") assert no act and are
# not listed; neither are words that deny it ("acquitted of").
ACT_GOVERNORS = {"guilty", "plead", "convict", "charge", "accuse", "indict", "arrest",
                 "sentence", "fine", "sue", "credit", "praise", "criticize", "criticise",
                 "blame", "thank", "apologize", "apologise", "admit", "confess", "punish",
                 "fault", "prosecute", "jail", "fire", "suspend"}
# Clauses split off as statements that also stay inside the clause around them: a relative
# clause (the sentence names its noun) and a gerund act (the sentence names its doer).
NESTED = {"relcl", "pcomp"}


def find_clauses(article: Article, doc) -> list[Clause]:
    """The clauses of every sentence, in text order; a sentence that makes one statement
    yields one clause covering it (without the speech verb that attributes it)."""
    clauses: list[Clause] = []
    for index, sent in enumerate(doc.sents):
        clauses.extend(_sentence_clauses(article, sent, index))
    return clauses


def _sentence_clauses(article: Article, sent, index: int) -> Iterable[Clause]:
    heads = _statement_heads(sent.root)
    tokens_of = _settle(heads)
    frames = {cue.i for _, cue in heads.values() if cue is not None and _speaks(cue)}
    found = []
    for i, (head, cue) in heads.items():
        tokens = tokens_of[i]
        if i in frames:  # "officials announced": the frame of its content, no statement
            head, tokens = _statement_in_frame(head, tokens)  # unless it states something
        if _words(tokens) >= MIN_CLAUSE_WORDS:
            found.append(_clause(article, sent, index, head, cue, tokens))
    yield from sorted(found, key=lambda c: (c.start, c.end))


def _statement_in_frame(verb, tokens: list) -> tuple:
    """(its verb, its words) for what a speech frame states besides who speaks: the frame's
    words without the speech verb; no words when it states nothing. It states something when
    a verb of its own takes an object or a complement: "Colorado's top law enforcement
    official promises to defend the law …, saying …" (a parse that makes "saying" the root);
    "Batting down allegations that …, the report said …". A speaker's description ("Peskov,
    speaking to reporters, said") does not."""
    stating = next((t for t in tokens if t.pos_ == "VERB" and t.i != verb.i
                    and t.dep_ in FRAME_CLAUSES
                    and any(c.dep_ in VERB_ARGUMENTS for c in t.children)), None)
    if stating is None:
        return verb, []
    kept = [t for t in tokens if t.i != verb.i and not (t.head.i == verb.i and t.dep_ in {
        "aux", "auxpass", "neg", "advmod", "punct"})]
    while kept and (kept[-1].is_punct or kept[-1].is_space or kept[-1].dep_ == "cc"):
        kept = kept[:-1]
    return stating, kept


def _clause(article: Article, sent, index: int, head, cue, tokens: list) -> Clause:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Clause(
        article_id=article.id, start=start, end=end, sentence_index=index,
        sentence_start=sent.start_char, sentence_end=sent.end_char,
        subject=_subject_lemma(head), predicate=_predicate(head),
        negated=_negated(head) != (cue is not None and cue.lemma_.lower() in DENYING),
        cue=cue.lemma_.lower() if cue is not None else None,
        argument=_argument(head), about=_antecedent(head),
    )


def _antecedent(head) -> tuple[int, int] | None:
    """The offsets of the name or noun a non-restrictive relative clause is about, or of a
    gerund act's doer: the object of the word naming the act ("blamed Holder for failing"),
    else its subject ("Jackson pleaded guilty to using")."""
    if head.dep_ == "pcomp":
        noun = _doer(head.head.head)
        if noun is None:
            return None
    elif head.dep_ == "relcl":
        noun = head.head
    else:
        return None
    words = [noun, *(c for c in noun.lefts if c.dep_ in {"compound", "flat"})]
    start = min(t.idx for t in words)
    return start, noun.idx + len(noun.text)


def _statement_heads(root) -> dict[int, tuple]:
    """token index -> (head, cue) for every clause that states something of its own: the
    root; a verb coordinated on a clausal path with a subject of its own ("…, and his troops
    had left"; "we believe the suit is without merit and we will defend it"); an asserted
    adverbial clause; and what any asserting speech verb reports, wherever that verb sits
    ("Scalia, who said he was whipsawed"; "issued a statement saying that …"); and a
    relative clause set off by a comma ("Jackson, who resigned in November, …"). ``cue`` is
    the speech (or attitude) verb a clause is reported under, inherited by its conjuncts."""
    heads = {root.i: (root, None)}
    stack = [(root, None, True)]  # token, cue, reached from its head through clausal links
    while stack:
        token, cue, clausal = stack.pop()
        for child in token.children:
            if _condition(child) or (child.dep_ == "ccomp" and _asks(token)):
                continue  # "if both sides withdraw", "asked whether": nothing asserted
            if _reports(token, child):
                heads[child.i] = (child, token)
                stack.append((child, token, True))
            elif _non_restrictive(child):  # "Jackson, who resigned in November, …"
                heads[child.i] = (child, cue)
                stack.append((child, cue, True))
            elif _gerund_act(child):  # "pleaded guilty to using campaign funds to buy …"
                named_by = _act_verb(child.head.head)
                heads[child.i] = (child, named_by)
                stack.append((child, named_by, True))
            elif clausal and _has_subject(child) and child.pos_ in {"VERB", "AUX"} and (
                    child.dep_ == "conj" or _asserting_adverbial(child)):
                heads[child.i] = (child, cue if cue is not None else _attitude(token, child))
                stack.append((child, heads[child.i][1], True))
            else:
                stack.append((child, cue, clausal and child.dep_ in CLAUSAL_LINKS))
    return heads


def _settle(heads: dict[int, tuple]) -> dict[int, list]:
    """Each head's tokens (its subtree without the clauses split off from it); a split-off
    clause too short to be a statement ("he said it would") goes back to its parent, and a
    speech verb inside a clause leaves it with its content ("Scalia, who said")."""
    while True:
        frames = {cue.i: cue for _, cue in heads.values()
                  if cue is not None and cue.i not in heads and _bare_frame(cue, heads)}
        tokens_of = {}
        for i, (head, _) in heads.items():
            others = [h for j, (h, _) in heads.items() if j != i and h.dep_ not in NESTED] + [
                f for f in frames.values() if f.i != i and _under(f, head)]
            tokens_of[i] = _clause_tokens(head, others)
        short = [i for i, (head, _) in heads.items() if head.dep_ != "ROOT"
                 and _words(tokens_of[i]) < MIN_CLAUSE_WORDS]
        if not short:
            return tokens_of
        for i in short:
            del heads[i]


def _reports(verb, child) -> bool:
    """``child`` is what the asserting speech verb ``verb`` reports ("X said A", or in a
    loose parse "A -- X said B"). Words not yet spoken report nothing: in "Lynch is expected
    to announce Thursday that he will run" the statement is the expectation, whole."""
    return _speaks(verb) and not _prospective(verb) and child.dep_ in {
        "ccomp", "parataxis"} and child.pos_ in {"VERB", "AUX"}


def _prospective(verb) -> bool:
    """A speech act still to come: "will announce", "is expected / plans / is set to say"."""
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and (verb.head.lemma_.lower() in PROSPECTIVE_GOVERNORS
                                     or verb.head.lower_ == "going")


def _bare_frame(verb, heads: dict) -> bool:
    """A speech verb inside a clause that says nothing but who speaks ("who said",
    "saying", "and claiming"): it leaves the clause with its content. One that says more
    ("announced on Thursday, after weeks of talks, that …") stays in it."""
    reported = {t.i for j, (h, cue) in heads.items() if cue is verb for t in h.subtree}
    return _speaks(verb) and all(
        t.i == verb.i or t.i in reported or t.dep_ in FRAME_FUNCTION_WORDS
        or (t.dep_ in SUBJECTS and t.tag_ in {"WP", "WDT"}) for t in verb.subtree)


def _speaks(verb) -> bool:
    return verb.lemma_.lower() in SPEECH_VERBS and verb.lemma_.lower() not in NOT_ASSERTING


def _attitude(parent, conjunct):
    """A conjunct found inside a non-speech verb's complement ("they hope the talks succeed
    and the war ends") is reported under that verb, not asserted by the outlet."""
    verb = parent
    while verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        verb = verb.head
    return verb.head if verb.dep_ == "ccomp" and verb.head is not verb else None


def _non_restrictive(token) -> bool:
    """A relative clause set off by a comma ("Asa Hutchinson, who led the review, …") states
    a fact about its noun; one without ("the man who came") only says which noun."""
    if token.dep_ != "relcl" or not _has_subject(token):
        return False
    first = min(t.i for t in token.subtree)
    return first > 0 and token.doc[first - 1].text == ","


def _act_verb(governor):
    """The verb of the word naming an act: "pleaded" of "pleaded guilty to"."""
    return governor.head if governor.pos_ == "ADJ" else governor


def _doer(governor):
    """Whom the act named by ``governor`` is about: its object, else its clause's subject."""
    verb = _act_verb(governor)
    for dep in ("dobj", *SUBJECTS):
        found = next((c for c in verb.children if c.dep_ == dep and c.pos_ in {
            "PROPN", "NOUN"}), None)
        if found is not None:
            return found
    return None


def _gerund_act(token) -> bool:
    """A gerund with an object after a preposition of a verb (or "guilty") in
    ``ACT_GOVERNORS``, asserted: not negated ("never admitted to using", "pleaded not guilty
    to", "was found not guilty of"), not denied ("denied being paid for writing") and not yet
    done ("is expected to plead guilty to filing false returns" admits nothing yet)."""
    if not (token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.dep_ == "prep"):
        return False
    governor = token.head.head
    if governor.lemma_.lower() not in ACT_GOVERNORS or governor.pos_ not in {"VERB", "ADJ"}:
        return False
    verb = _act_verb(governor)
    if _negated(governor) or _negated(verb) or _prospective(verb):
        return False
    if any(a.lemma_.lower() in DENYING for a in verb.ancestors):
        return False
    return any(c.dep_ in VERB_ARGUMENTS for c in token.children)


def _condition(token) -> bool:
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in token.children)


def _asks(verb) -> bool:
    return verb.lemma_.lower() in NOT_ASSERTING


def _asserting_adverbial(token) -> bool:
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ASSERTING_MARKERS for c in token.children)


def _has_subject(token) -> bool:
    return any(c.dep_ in SUBJECTS for c in token.children)


def _clause_tokens(head, others: list) -> list:
    """The head's subtree without the subtrees of the other clause heads, trimmed of the
    conjunctions, punctuation and complementisers at its edges."""
    excluded = {t.i for other in [*others, *_stray_participles(head)]
                if other.i != head.i and _under(other, head) for t in other.subtree}
    tokens = [t for t in head.subtree if t.i not in excluded]
    tokens = _without_trailing_coordinators(tokens, excluded)
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in {"cc", "mark"}
                      or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc" or tokens[-1].is_space):
        if _closes_quote(tokens):
            break
        tokens = tokens[:-1]
    return tokens


def _stray_participles(head) -> list:
    """Bare participles the parse coordinated with a finite verb reported under a participle:
    in "issued a statement saying that the position had not changed and refuting what he
    described as misleading reports", "refuting" goes with "saying" (the speaker's act), not
    with what was said, so it leaves the reported statement."""
    finite = head.tag_ in {"VBD", "VBZ", "VBP"} or any(
        c.dep_ in {"aux", "auxpass"} for c in head.children)
    if not (finite and head.dep_ == "ccomp" and head.head.tag_ == "VBG"):
        return []
    return [c for c in head.children if c.dep_ == "conj" and c.tag_ == "VBG"
            and not _has_subject(c) and not any(x.dep_ in {"aux", "auxpass"}
                                                for x in c.children)]


def _closes_quote(tokens: list) -> bool:
    """The last token closes a quote opened inside the clause, right after its words (the
    sentence's final mark after a split-off clause does not)."""
    last = tokens[-1]
    return (last.is_quote and len(tokens) > 1 and tokens[-2].i == last.i - 1
            and sum(t.is_quote for t in tokens) % 2 == 0)


def _under(token, ancestor) -> bool:
    return any(a.i == ancestor.i for a in token.ancestors)


def _without_trailing_coordinators(tokens: list, excluded: set[int]) -> list:
    """Drop the ", and" / ", but" that joined an excluded conjunct to this clause."""
    return [t for t in tokens
            if not (t.dep_ in {"cc", "punct"} and not t.is_quote and t.i + 1 in excluded)]


def _words(tokens: list) -> int:
    return sum(1 for t in tokens if t.is_alpha)


def _subject_lemma(head) -> str | None:
    if head.dep_ == "pcomp":  # a gerund act: its doer ("Holder" of "blamed Holder for failing")
        doer = _doer(head.head.head)
        return doer.lemma_.lower() if doer is not None else None
    for child in head.children:
        if child.dep_ in SUBJECTS:
            if child.tag_ in {"WP", "WDT"} and head.dep_ == "relcl":
                return _measured(head.head).lemma_.lower()  # "who": the noun it is about
            return _measured(child).lemma_.lower()
    if head.dep_ == "conj":  # "… and were lifted": the first conjunct's subject
        return _subject_lemma(head.head) if head.head is not head else None
    return None


def _measured(noun):
    """"the number of new cases" is about cases: a quantity noun's subject is what it counts."""
    if noun.lemma_.lower() not in QUANTITY_NOUNS:
        return noun
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return noun


def _predicate(head) -> str:
    """The verb's lemma; for a copula, the lemma(s) of its complement ("in place", "closed")."""
    if head.lemma_.lower() != "be":
        particles = [c.lemma_.lower() for c in head.children if c.dep_ == "prt"]
        return " ".join([head.lemma_.lower(), *particles])
    for child in head.children:
        if child.dep_ in COPULA_COMPLEMENTS and child.dep_ != "advmod":
            if child.dep_ == "prep":
                objects = [g.lemma_.lower() for g in child.children if g.dep_ == "pobj"]
                return " ".join([child.lower_, *objects])
            return child.lemma_.lower()
    return "be"


def _argument(head) -> str | None:
    """What the predicate acts on: the direct object's head lemma, or the verb of an open
    complement ("agreed to [leave]"); None for intransitive and copular statements."""
    for child in head.children:
        if child.dep_ in {"dobj", "xcomp"}:
            return child.lemma_.lower()
    return None


def _negated(head) -> bool:
    if any(c.dep_ == "neg" for c in head.children):
        return True
    subject = next((c for c in head.children if c.dep_ in SUBJECTS), None)
    return subject is not None and any(
        c.lower_ in {"no", "none"} for c in subject.children if c.dep_ == "det")
