"""Quotes: direct (“…”, "…", ‘…’) and reported ("Peskov said that…", "according to Peskov").

Speakers come from the dependency parse: the subject of a speech verb (or of the clause a
subject-less "…, saying" hangs off), or the object of "according to". Pronoun subjects resolve
to the latest person in subject position before the quote, names inside quotation marks never
speak; role nouns ("the spokesman") to the latest person the article introduced with that role
("Kremlin spokesman Dmitry Peskov", "Peskov, the Kremlin's spokesman"). A quote split by its
attribution ("A," X said. "B.") or running on into the next paragraph keeps its speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from newsprism.annotate.spans import doc_text
from newsprism.models import Mention, Quote, content_id

SPEECH_VERBS = {
    "say", "tell", "declare", "assure", "add", "tweet", "vow", "counter", "announce", "state",
    "claim", "insist", "warn", "note", "accuse", "deny", "confirm", "write", "explain", "argue",
    "stress", "describe", "ask", "urge", "allege", "admit", "reply", "respond", "promise",
    "threaten", "suggest", "post", "quote", "report", "comment", "acknowledge", "emphasize",
    "emphasise", "predict", "reveal", "recall", "complain", "dub", "call", "point",
    "continue", "retort", "decry", "concede", "contend", "assert", "remark", "quip", "caution",
    "lament", "testify", "charge", "scoff", "boast", "observe", "conclude",
}
# A speech verb without a subject of its own ("…, saying", "went on to say", "leaned in and
# said") speaks for the clause it hangs off: follow these links up to the subject.
BORROWED_SUBJECT = {"advcl", "xcomp", "conj", "acl", "relcl", "dobj", "ccomp", "pcomp", "pobj",
                    "prep"}
CONTINUATION_WORDS = 15  # an unattributed quote this close after another continues it
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
DOUBLE_MARKS = "\"“”«»"
SINGLE_MARKS = "'‘’"
MIN_QUOTE_WORDS = 4  # shorter quoted strings are scare quotes unless a speaker is named


# A dateline opening a paragraph: a place in capitals ("WASHINGTON —", "KYIV, Ukraine —"), or
# any place with an agency credit ("Moscow (Reuters) -"), then a dash. A paragraph opening
# with a name and a dash ("Jane Porter — the director — said") is not one.
_DASH = r"[ \t]*(?:[—–]|--?)[ \t]"
_CREDIT = r"[ \t]*\([^)\n]{1,40}\)"
_REGION = r"(?:,[ \t]*[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){0,3})?"
DATELINE = re.compile(
    rf"^[ \t]*(?:[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){{0,3}}{_REGION}(?:{_CREDIT})?"
    rf"|[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){{0,3}}{_REGION}{_CREDIT}){_DASH}", re.MULTILINE)


def find_quotes(article, doc, mentions: Sequence[Mention]) -> Iterable[Quote]:
    sentences = list(doc.sents)
    mentions = _outside_datelines(article.text, mentions)
    direct = list(_direct_quotes(article, doc, sentences, mentions))
    yield from direct
    covered = [(q.start, q.end) for q in direct]
    yield from _reported_quotes(article, sentences, mentions, covered)


def _direct_quotes(article, doc, sentences, mentions) -> Iterable[Quote]:
    text = article.text
    spans = quoted_spans(text)
    speakable = [m for m in mentions if not _inside(m, spans)]
    previous = None
    for start, end in spans:
        sent_idx = _sentence_index(sentences, start)
        last_idx = _sentence_index(sentences, end - 1)
        cue, speaker = _attribute(sentences, sent_idx, last_idx, start, end, speakable)
        if speaker is None and previous is not None and _continues(text, previous, start):
            cue = previous.cue
            speaker = previous.speaker, previous.speaker_start, previous.speaker_end
        if len(text[start:end].split()) < MIN_QUOTE_WORDS and speaker is None:
            continue  # a scare-quoted term ("traitors"), not a quotation
        previous = _quote(article, start, end, True, cue, speaker,
                          sentences[sent_idx].start_char, sentences[last_idx].end_char)
        yield previous


def _inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    """Names inside quotation marks are what the speaker talks about, never the speaker."""
    return any(s <= mention.start and mention.end <= e for s, e in spans)


def _continues(text: str, previous: Quote, start: int) -> bool:
    """A quote carries on the previous one: split by its attribution ("A," X said. "B.") or
    running on into the next paragraph (news style leaves the paragraph's quote unclosed)."""
    if previous.speaker is None:
        return False
    gap = text[previous.end:start]
    if previous.end < len(text) and text[previous.end] not in DOUBLE_MARKS + SINGLE_MARKS:
        return not gap.strip(" \n" + DOUBLE_MARKS + SINGLE_MARKS)  # ran on unclosed
    return "\n\n" not in gap and len(gap.split()) <= CONTINUATION_WORDS



def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, pairing marks by direction so that mixed straight and
    curly marks ("…” typed by different hands) and apostrophes don't derail the pairing."""
    spans = _pair_marks(text, DOUBLE_MARKS)
    inside = [(s, e) for s, e in spans]
    for s, e in _pair_marks(text, SINGLE_MARKS):
        if not any(a <= s and e <= b for a, b in inside):
            spans.append((s, e))
    return sorted(spans)


def _pair_marks(text: str, marks: str) -> list[tuple[int, int]]:
    spans, open_at = [], None
    for i, ch in enumerate(text):
        if ch not in marks:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens = (before.isspace() or before in "([{—–-/:") and not after.isspace()
        closes = not before.isspace() and not after.isalnum()
        if ch in "‘'’" and before.isalnum() and after.isalnum():
            continue  # an apostrophe: don't, Russia's
        if open_at is not None and "\n\n" in text[open_at:i]:
            # A quote never runs across a paragraph break unclosed; news style opens the next
            # paragraph of a continuing quote again, so the first part ends with its paragraph.
            if opens and text[:i].rstrip(" \t").endswith("\n"):
                spans.append((open_at + 1, text.index("\n\n", open_at)))
            open_at = None
        if open_at is not None and closes and i - open_at > 2:
            spans.append((open_at + 1, i))
            open_at = None
        elif opens:
            open_at = i
    return spans


def _reported_quotes(article, sentences, mentions, covered) -> Iterable[Quote]:
    for sent_idx, sent in enumerate(sentences):
        if any(s < sent.end_char and sent.start_char < e for s, e in covered):
            continue
        for token in sent:
            content = _reported_content(token, sent)
            if content is None:
                continue
            found = _cue_speaker(token, sentences, sent_idx, mentions, content[0])
            if found is None or _subject(token).dep_ == "nsubjpass":
                continue
            cue, speaker = found
            yield _quote(article, content[0], content[1], False, cue, speaker,
                         sent.start_char, sent.end_char)
            break


def _reported_content(token, sent) -> tuple[int, int] | None:
    """The character span a speech verb or "according to" reports, if the token is one."""
    if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
        phrase = list(token.subtree)
        rest = [t for t in sent if t.i < phrase[0].i or t.i > phrase[-1].i]
        rest = [t for t in rest if not t.is_punct] or None
        return (rest[0].idx, rest[-1].idx + len(rest[-1].text)) if rest else None
    if token.pos_ != "VERB" or token.lemma_.lower() not in SPEECH_VERBS:
        return None
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    if not clauses:
        return None
    span = list(clauses[0].subtree)
    span = [t for t in span if not t.is_punct] or span
    return span[0].idx, span[-1].idx + len(span[-1].text)


def _attribute(sentences, first_idx, last_idx, start, end, mentions):
    """The cue and speaker of a direct quote: a speech verb whose content holds the quote in
    the quote's own sentences, else a bare attribution ("he said.", "X said:") next to it."""
    for idx in range(first_idx, last_idx + 1):
        for token in sentences[idx]:
            if start <= token.idx < end or not _is_cue(token):
                continue
            if token.lower_ != "according" and not _governs(token, start, end):
                continue
            found = _cue_speaker(token, sentences, idx, mentions, start)
            if found:
                return found
    for idx in (last_idx + 1, first_idx - 1):
        if not 0 <= idx < len(sentences):
            continue
        sent = sentences[idx]
        for token in sent:
            if _is_cue(token) and token.lower_ != "according" and not _has_content(token):
                found = _cue_speaker(token, sentences, idx, mentions, start)
                if found:
                    return found
    return None, None


def _is_cue(token) -> bool:
    return (token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_VERBS) or (
        token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)
    )


def _governs(verb, start, end) -> bool:
    """The quote lies in what the verb says, not in its subject or a circumstance phrase."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "prep", "advcl", "npadvmod", "advmod"):
            continue
        sub = list(child.subtree)
        if sub[0].idx <= end and start <= sub[-1].idx + len(sub[-1].text):
            return True
    return False


def _has_content(verb) -> bool:
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)


def _cue_speaker(token, sentences, idx, mentions, before):
    subject = _subject(token)
    if subject is None or subject.dep_ == "expl":
        return None
    speaker = _resolve_speaker(subject, sentences, idx, mentions, before=before)
    if speaker is None:
        return None
    return ("according to" if token.lower_ == "according" else token.text), speaker


def _subject(token):
    if token.lower_ == "according":
        for child in token.children:
            if child.lower_ == "to":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None
    for _ in range(4):
        # The nearest of several (a parse error: "MOSCOW (Reuters) — '…,' it said" gives
        # "said" two subjects, the dateline and "it").
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        subject = min(subjects, key=lambda c: abs(c.i - token.i)) if subjects else None
        if subject is not None or token.dep_ not in BORROWED_SUBJECT:
            return subject
        token = token.head
    return None


def _resolve_speaker(subject, sentences, sent_idx, mentions, before=None):
    """(name, start, end) for a subject token: a named mention, a pronoun or a role noun."""
    limit = subject.idx if before is None else min(before, subject.idx)
    subtree = list(subject.subtree)
    lo, hi = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
    if is_dateline(doc_text(subject.doc), lo, subject.idx + len(subject.text)):
        return None  # a parse that made the dateline the subject of "said"
    inside = [m for m in mentions if lo <= m.start and m.end <= hi]
    people = [m for m in inside if m.label == "PERSON"]
    if people:  # "Kremlin spokesman Dmitry Peskov said"; "X, an aide to Y, said" is X
        own = [m for m in people if m.start <= subject.idx < m.end]
        return _as_speaker((own or people)[0])
    if subject.lower_ in PRONOUNS:
        return _antecedent(subject, mentions, limit)
    if subject.pos_ == "NOUN":  # "the Kremlin spokesman said": who was introduced so?
        role = _resolve_role(subject, mentions, limit)
        if role:
            return role
    own = next((m for m in inside if m.start <= subject.idx < m.end), None)
    if own is not None:  # "the Kremlin said"
        return _as_speaker(own)
    if subject.pos_ in ("NOUN", "PROPN"):  # unresolved: keep the phrase as written
        # The noun with what completes it ("the head of the Security Council"), up to a
        # comma or clause that only describes it.
        tokens = [t for t in subtree if t.i <= subject.i]
        for token in subtree[len(tokens):]:
            if token.is_punct or token.dep_ in ("relcl", "acl", "appos") or len(tokens) >= 10:
                break
            tokens.append(token)
        tokens = tokens[-10:]
        begin, finish = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return doc_text(subject.doc)[begin:finish], begin, finish
    return None


def _antecedent(pronoun, mentions, limit):
    """The referent of a speaking pronoun: the latest subject of a recent sentence of the
    right kind (writers keep the speaker in subject position: "Ryan hammered Obama for what
    he called…" is Ryan), else the latest mention of that kind. "it", "they", "we" may refer
    to a group named by a common noun ("The ministry issued a statement. … it said"); a
    dateline ("WASHINGTON —") never speaks."""
    group = pronoun.lower_ in ("it", "they", "we")
    wanted = ("ORG", "GPE") if group else ("PERSON",)
    text = doc_text(pronoun.doc)
    earlier = [m for m in mentions if m.end <= limit and m.label in wanted]
    doc = pronoun.doc
    recent = doc[max(0, pronoun.sent.start - 80):pronoun.i]
    subjects = [t for t in recent if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON"
                and t.idx < limit]
    if group and subjects and _names_a_group(subjects[-1], pronoun, earlier):
        noun = subjects[-1]
        begin, finish = noun.left_edge.idx, noun.idx + len(noun.text)
        return text[begin:finish], begin, finish
    if not earlier:
        return None
    positions = {t.idx for t in subjects}
    for mention in reversed(earlier[-6:]):
        if any(mention.start <= idx < mention.end for idx in positions):
            return _as_speaker(mention)
    return _as_speaker(earlier[-1])


def _names_a_group(noun, pronoun, mentions) -> bool:
    """A common noun subject a group pronoun can stand for: singular for "it", plural for
    "they"/"we", and not part of a name the tagger found."""
    if noun.pos_ != "NOUN" or any(m.start <= noun.idx < m.end for m in mentions):
        return False
    plural = noun.tag_ == "NNS"
    return plural if pronoun.lower_ in ("they", "we") else not plural


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies in a dateline (``DATELINE``): its place, or the agency
    credited in it. A dateline never speaks."""
    return any(a <= start and end <= b for a, b in _dateline_regions(text, start))


def _dateline_regions(text: str, near: int | None = None) -> list[tuple[int, int]]:
    """The datelines of ``text``, or only the one on the line of character ``near``."""
    if near is not None:
        line_start = text.rfind("\n", 0, near) + 1
        found = DATELINE.match(text, line_start)
        return [found.span()] if found else []
    return [m.span() for m in DATELINE.finditer(text)]


def _outside_datelines(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions that are not part of a dateline (its place, nor the agency credited in
    it: "MOSCOW (Reuters) —")."""
    regions = _dateline_regions(text)
    return [m for m in mentions if not any(a <= m.start < b for a, b in regions)]


def _as_speaker(mention: Mention) -> tuple[str, int, int]:
    return mention.text, mention.start, mention.end


def _resolve_role(subject, mentions, limit):
    """"the spokesman" → the latest person earlier introduced as "… spokesman NAME"."""
    role = re.escape(subject.lower_)
    text = doc_text(subject.doc)
    before = re.compile(rf"\b(?i:{role})(?:\s+[A-Z][\w.'’-]*){{0,4}}\s*$")
    after = re.compile(rf"^,\s+(?:the|a|an|his|her|its|their)\s+(?:[\w.'’-]+\s+){{0,5}}{role}\b",
                       re.IGNORECASE)
    for mention in reversed([m for m in mentions if m.end <= limit and m.label == "PERSON"]):
        preceding = text[max(0, mention.start - 60):mention.start]
        following = text[mention.end:mention.end + 80]
        if before.search(preceding) or after.search(following):
            return _as_speaker(mention)
    return None


def _sentence_index(sentences, char: int) -> int:
    for i, sent in enumerate(sentences):
        if sent.start_char <= char < sent.end_char:
            return i
    return len(sentences) - 1


def _quote(article, start, end, direct, cue, speaker, sent_start, sent_end) -> Quote:
    name, s_start, s_end = speaker if speaker else (None, None, None)
    return Quote(
        id=content_id("quo", article.id, start, end),
        article_id=article.id, start=start, end=end, text=article.text[start:end],
        direct=direct, cue=cue, speaker=name, speaker_start=s_start, speaker_end=s_end,
        sentence_start=sent_start, sentence_end=sent_end,
    )
