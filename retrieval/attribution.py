"""Who said it: recognising who-questions and ranking the attributed statements that match them.

A who-question ("who claimed Italian troops are in Misrata?", "من قال إن هناك قاعدة إيطالية
في مصراتة؟") is answered claimant-first: the statements whose content matches what was said,
grouped by speaker, the speaker with the best-matching statement first.

A statement is ranked by how well retrieval ranked the chunk around it (its fused rank; ranking by
the chunk's own similarity instead, as the search does for passages, was measured no better on
who-questions) plus how well its best sentence matches the question (stored sentence vectors and
the share of the content's terms, a name asked in Latin letters also found in its Arabic spelling:
in a claim a name is content, while in a factoid question it mostly names the topic, and matching
it there was measured to pick worse quotes). A named speaker (two or more words) is grouped across
articles, because the same person quoted by two outlets is one claimant; an unnamed source
("مصدر", "مصادر مطلعة") or a one-word reference is grouped only within its article, because two
articles' sources are not known to be the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from index import analyze, skeleton
from index import reporting_lexicon as lex
from index.article import Span, Statement
from index.store import ChunkRow, Store
from retrieval.quotes import MAX_QUOTE_CHARS, sentence_scores

PER_SPEAKER = 2  # quotes shown per speaker
SPEAKER_MARGIN = 0.03  # a speaker's further quote must score this close to their best
CHUNK_WEIGHT = 1.0  # weight of the chunk's retrieval score (0..1) beside the sentence's match
POLARITY_PENALTY = 0.05  # a denial for "who claimed", an assertion for "who denied"
ALL_SENTENCES = 1 << 30
MAX_FILLERS = 3  # words allowed between the question word and the verb


def _english_forms(verbs: str, denies: bool) -> dict[str, bool]:
    """The written forms of regular verbs: claim → claim, claims, claimed, claiming; deny → denies, denied."""
    forms = {}
    for verb in verbs.split():
        stem = verb[:-1] if verb.endswith("e") else verb
        for form in (verb, verb + "s", stem + "ed", stem + "ing", verb[:-1] + "ies", verb[:-1] + "ied"):
            forms[form] = denies
    return forms


_ENGLISH_VERBS = {
    **_english_forms("say claim state tell announce warn accuse confirm report describe explain expect predict"
                     " argue insist reveal suggest allege assert declare blame call criticize criticise threaten"
                     " promise acknowledge admit estimate hint mention think believe urge demand disclose"
                     " add stress emphasize emphasise point note", False),
    **_english_forms("deny reject dismiss refute", True),
    "said": False, "told": False, "thought": False, "admitted": False, "admitting": False,
}
_ENGLISH_PASSIVE = frozenset("is are was were be been being".split())  # "who was accused of …" asks the accused
_ENGLISH_AUXILIARIES = frozenset("is are was were has have had did does do would will first also publicly "
                                 "recently ever actually officially".split())
_ENGLISH_WHO = frozenset({"who", "whom"})
_ENGLISH_LEAD = frozenset({"that", "about", "of", "out", "for", ":"})

_ARABIC_EXTRA_VERBS = [
    ("تحدث", "تحدثت", "يتحدث", False), ("وصف", "وصفت", "يصف", False), ("طالب", "طالبت", "يطالب", False),
    ("اتهم", "اتهمت", "يتهم", False), ("هدد", "هددت", "يهدد", False), ("انتقد", "انتقدت", "ينتقد", False),
    ("نقل", "نقلت", "ينقل", False), ("روى", "روت", "يروي", False), ("دعا", "دعت", "يدعو", False),
    ("لمح", "لمحت", "يلمح", False), ("أورد", "أوردت", "يورد", False), ("رفض", "رفضت", "يرفض", True),
]
_ARABIC_VERBS = {
    analyze.normalize(form): denies
    for past, feminine, present, denies in lex.ARABIC_VERBS + _ARABIC_EXTRA_VERBS
    for form in (past, feminine, present) if form
}
_ARABIC_WHO = frozenset(analyze.normalize(w) for w in ("من", "ومن", "فمن", "مين"))
_ARABIC_FILLERS = frozenset(analyze.normalize(w) for w in ("هو", "هي", "هم", "الذي", "التي", "الذين", "اللذان",
                                                         "الجهة", "الشخص", "المسؤول"))
_ARABIC_LEAD = frozenset(analyze.normalize(w) for w in ("أن", "إن", "ان", "بأن", "بان", "إلى", "الى", "على", "عن",
                                                      "من", ":"))
_WHOM = r"(?:according to whom|(?:بحسب|حسب|وفق(?:ا|اً|ًا)?\s*ل|على لسان)\s*مَ?ن)"
_ACCORDING_TO_WHOM = re.compile(rf"^\s*{_WHOM}(?!\w)|[,،]?\s*{_WHOM}\s*[?؟.!]*\s*$", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_EDGE = " \t\n?؟!.,،;؛\"“”«»()"
_ANONYMOUS = frozenset(analyze.normalize(w) for w in lex.ANONYMOUS_HEADS) | {"the", "a", "an"}


@dataclass(frozen=True)
class WhoQuestion:
    """A question about who said something: what was said, and whether it asks who denied it."""

    content: str
    denial: bool = False


@dataclass(frozen=True)
class Claim:
    """A statement that answers a who-question: the whole sentence(s) to quote, how well they match the
    question (as a passage's quote score), and the score it is ranked by."""

    article_rowid: int
    statement: Statement
    quote: Span
    context: Span
    match: float
    score: float


def who_question(question: str) -> WhoQuestion | None:
    """The who-question in a question (English or Arabic), or None when it asks something else."""
    according = _ACCORDING_TO_WHOM.search(question)
    if according:
        content = (question[according.end():] if according.start() == 0 else question[:according.start()])
        content = content.strip(_EDGE)
        return WhoQuestion(content) if analyze.terms(content) else None
    words = [(m.start(), m.end(), analyze.normalize(m.group().strip(_EDGE)) or m.group())
             for m in _WORD.finditer(question)]
    if not words:
        return None
    first = words[0][2]
    if first in _ENGLISH_WHO:
        return _after_verb(question, words, _ENGLISH_AUXILIARIES, _ENGLISH_VERBS, _ENGLISH_LEAD)
    if first == "which":
        return _after_verb(question, words, None, _ENGLISH_VERBS, _ENGLISH_LEAD)
    if first in _ARABIC_WHO:
        return _after_verb(question, words, _ARABIC_FILLERS, _ARABIC_VERBS, _ARABIC_LEAD)
    return None


def _after_verb(question: str, words: list[tuple[int, int, str]], fillers: frozenset[str] | None,
                verbs: dict[str, bool], lead: frozenset[str]) -> WhoQuestion | None:
    """The content after a reporting verb that follows the question word within a few filler words
    (`who has publicly said`, `مَن الذي قال`); any words when fillers is None (`which Saudi official said`),
    where a capitalised word is part of a name, not the verb (`which State Department official said`). A
    passive verb (`who was accused of …`) asks who was spoken of, not who spoke: None."""
    at = next((i for i in range(1, min(len(words), 1 + MAX_FILLERS + 1)) if words[i][2] in verbs
               and (fillers is not None or not question[words[i][0]].isupper())), None)
    if at is None or (fillers is not None and any(words[i][2] not in fillers for i in range(1, at))):
        return None
    if words[at - 1][2] in _ENGLISH_PASSIVE and not words[at][2].endswith("ing"):
        return None
    denial = verbs[words[at][2]]
    at += 1
    while at < len(words) - 1 and words[at][2] in lead:
        at += 1
    if at >= len(words):
        return None
    content = question[words[at][0]:].strip(_EDGE)
    return WhoQuestion(content, denial) if analyze.terms(content) else None


def claims(store: Store, who: WhoQuestion, vector: np.ndarray, candidates: list[tuple[int, float]],
           k: int) -> list[Claim]:
    """The best statements for a who-question among candidate chunks — (chunk id, retrieval score from 0
    to 1) — grouped by speaker, best first."""
    if not candidates:
        return []
    retrieved = dict(candidates)
    rows = store.chunks(list(retrieved))
    chunks_of: dict[int, list[ChunkRow]] = {}
    for chunk_id, _ in candidates:
        if chunk_id in rows:
            chunks_of.setdefault(rows[chunk_id].article_rowid, []).append(rows[chunk_id])
    terms = dict.fromkeys(analyze.terms(who.content), frozenset()) | skeleton.names(who.content)
    texts = {rowid: stored.article.text for rowid, stored in store.by_rowids(list(chunks_of)).items()}
    found = []
    for rowid, chunks in chunks_of.items():
        statements = [s for s in store.statements(rowid) if any(s.start < c.end and c.start < s.end for c in chunks)]
        if statements:
            sentences = store.sentences(rowid, 0, ALL_SENTENCES)
            found.extend(_claim(rowid, texts[rowid], sentences, chunks, retrieved, s, vector, terms)
                         for s in statements)
    chosen = _one_per_quote([claim for claim in found if claim is not None], texts, terms)
    return _by_speaker([_weighed(claim, who) for claim in chosen], who, k)


def _claim(rowid: int, text: str, sentences: list[tuple[Span, np.ndarray]], chunks: list[ChunkRow],
           retrieved: dict[int, float], statement: Statement, vector: np.ndarray,
           terms: dict[str, frozenset[str]]) -> Claim | None:
    """A statement scored, like any passage, by how well retrieval ranked its chunk plus how well its best
    sentence matches; quoted as the whole sentence(s) holding its content."""
    covered = [(span, v) for span, v in sentences if span.start < statement.end and statement.start < span.end]
    if not covered:
        return None
    scores = sentence_scores(text, covered, vector, terms)
    if scores.max() < 0:
        return None
    best = int(np.argmax(scores))
    quote = Span(covered[0][0].start, covered[-1][0].end)
    if quote.end - quote.start > MAX_QUOTE_CHARS:
        quote = covered[best][0]
    overlap = {c.id: min(c.end, quote.end) - max(c.start, quote.start) for c in chunks}
    chunk = max(chunks, key=lambda c: overlap[c.id])
    context = Span(min(chunk.start, quote.start), max(chunk.end, quote.end))
    rank = max(retrieved[c.id] for c in chunks if overlap[c.id] > 0) if overlap[chunk.id] > 0 else 0.0
    return Claim(rowid, statement, quote, context, float(scores[best]), float(scores[best]) + CHUNK_WEIGHT * rank)


def _one_per_quote(found: list[Claim], texts: dict[int, str], terms: dict[str, frozenset[str]]) -> list[Claim]:
    """One statement per quoted sentence and speaker: the one whose own words share most of the question's
    terms, else the first (`نفى X …، مؤكدا أن …` is a denial before it is an assertion)."""
    chosen: dict[tuple, tuple[tuple, Claim]] = {}
    for claim in found:
        s = claim.statement
        key = (claim.article_rowid, claim.quote, speaker_key(s.speaker, claim.article_rowid))
        shared = len(terms.keys() & set(analyze.terms(texts[claim.article_rowid][s.start:s.end])))
        rank = (shared, -s.start)
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, claim)
    return [claim for _, claim in chosen.values()]


def _weighed(claim: Claim, who: WhoQuestion) -> Claim:
    """A claim marked down when its polarity is not the one asked about (a denial for `who claimed`)."""
    if (claim.statement.polarity == "denies") == who.denial:
        return claim
    return replace(claim, score=claim.score - POLARITY_PENALTY)


def speaker_key(name: str, article: int | str) -> tuple[str, int | str]:
    """Who a speaker is for grouping: a name of two or more words is one person across articles;
    an unnamed source ("مصدر", "مصادر مطلعة") or a one-word reference is only itself within its article."""
    words = analyze.normalize(name).split()
    named = len(words) >= 2 and words[0] not in _ANONYMOUS
    return " ".join(words), ("" if named else article)


def _by_speaker(found: list[Claim], who: WhoQuestion, k: int) -> list[Claim]:
    """Up to k claims, speakers ordered by their best claim, at most PER_SPEAKER each and only those nearly as
    good as the speaker's best. A question about who claimed something never starts with a denial while
    someone asserted it."""
    groups: dict[tuple[str, int | str], list[Claim]] = {}
    for claim in sorted(found, key=lambda c: -c.score):
        group = groups.setdefault(speaker_key(claim.statement.speaker, claim.article_rowid), [])
        if not group or (len(group) < PER_SPEAKER and claim.score >= group[0].score - SPEAKER_MARGIN):
            group.append(claim)
    ordered = list(groups.values())
    if not who.denial:
        asserting = next((g for g in ordered if g[0].statement.polarity != "denies"), None)
        if asserting is not None:
            ordered.remove(asserting)
            ordered.insert(0, asserting)
    return [claim for group in ordered for claim in group][:k]
