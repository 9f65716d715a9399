"""Who said it: ranking the attributed statements that match a who-question.

A who-question ("who claimed Italian troops are in Misrata?", "من قال إن هناك قاعدة إيطالية
في مصراتة؟") is answered claimant-first: the statements whose content matches what was said,
grouped by speaker, the speaker with the best-matching statement first.

A statement is ranked by how well retrieval ranked the chunk around it (its fused rank; ranking by
the chunk's own similarity instead, as the search does for passages, was measured no better on
who-questions) plus how well its best sentence matches the question (the sentences' vectors and
the share of the content's terms, a name asked in Latin letters also found in its Arabic spelling:
in a claim a name is content, while in a factoid question it mostly names the topic, and matching
it there was measured to pick worse quotes). A named speaker (two or more words) is grouped across
articles, because the same person quoted by two outlets is one claimant; an unnamed source
("مصدر", "مصادر مطلعة") or a one-word reference is grouped only within its article, because two
articles' sources are not known to be the same.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

import numpy as np

from index import analyze, skeleton
from index.statements import lexicon as lex
from index.article import Span, Statement
from index.read_side import ArticleRecord, PassageRecord
from retrieval.answer import Passage
from retrieval.quotes import MAX_QUOTE_CHARS, sentence_scores, sentence_terms
from retrieval.who_question import WhoQuestion

PER_SPEAKER = 2  # quotes shown per speaker
SPEAKER_MARGIN = 0.03  # a speaker's further quote must score this close to their best
CHUNK_WEIGHT = 1.0  # weight of the passage's retrieval score (0..1) beside the sentence's match
POLARITY_PENALTY = 0.05  # a denial for "who claimed", an assertion for "who denied"
_ANONYMOUS = frozenset(analyze.normalize(w) for w in lex.ANONYMOUS_HEADS) | {"the", "a", "an"}


@dataclass(frozen=True)
class Claim:
    """A statement that answers a who-question: the whole sentence(s) to quote, how well they match the
    question (as a passage's quote score), and the score it is ranked by."""

    article: ArticleRecord
    statement: Statement
    quote: Span
    context: Span
    match: float
    score: float


def claims(who: WhoQuestion, vector: np.ndarray, candidates: list[tuple[PassageRecord, float]],
           k: int) -> list[list[Claim]]:
    """The best statements for a who-question among candidate passages — (passage, retrieval score from 0
    to 1), best first — grouped by speaker, best first, up to k in all; only statements that meet the
    claim's constraints (its numbers, names and words: retrieval/constraints.py)."""
    retrieved = {record.id: score for record, score in candidates}
    passages_of: dict[str, list[PassageRecord]] = {}
    for record, _ in candidates:
        passages_of.setdefault(record.article.id, []).append(record)
    terms = dict.fromkeys(analyze.terms(who.content), frozenset()) | skeleton.names(who.content)
    found = []
    for passages in passages_of.values():
        article = passages[0].article
        statements = [s for s in article.statements if any(s.start < p.end and p.start < s.end for p in passages)]
        found.extend(_claim(article, passages, retrieved, s, vector, terms) for s in statements)
    met = [claim for claim in found if claim is not None and who.claim.met_by(said(claim), _where(claim))]
    chosen = _one_per_quote(_innermost(met), terms)
    return _by_speaker([_weighed(claim, who) for claim in chosen], who, k)


def _claim(article: ArticleRecord, passages: list[PassageRecord], retrieved: dict[int, float],
           statement: Statement, vector: np.ndarray, terms: dict[str, frozenset[str]]) -> Claim | None:
    """A statement scored, like any passage, by how well retrieval ranked its passage plus how well its best
    sentence matches; quoted as the whole sentence(s) holding its content."""
    covered = [(span, v) for span, v in article.sentences if span.start < statement.end and statement.start < span.end]
    if not covered:
        return None
    scores = sentence_scores(article.text, covered, vector, terms)
    if scores.max() < 0:
        return None
    best = int(np.argmax(scores))
    quote = Span(covered[0][0].start, covered[-1][0].end)
    if quote.end - quote.start > MAX_QUOTE_CHARS:
        quote = covered[best][0]
    overlap = {p.id: min(p.end, quote.end) - max(p.start, quote.start) for p in passages}
    passage = max(passages, key=lambda p: overlap[p.id])
    context = Span(min(passage.start, quote.start), max(passage.end, quote.end))
    rank = max(retrieved[p.id] for p in passages if overlap[p.id] > 0) if overlap[passage.id] > 0 else 0.0
    return Claim(article, statement, quote, context, float(scores[best]), float(scores[best]) + CHUNK_WEIGHT * rank)


def _where(claim: Claim) -> str:
    return surroundings(claim.article, claim.article.text[claim.context.start:claim.context.end])


def surroundings(article: ArticleRecord, context: str) -> str:
    """Where a quote stands, for the places a claim names: the passage around it with the article's title and
    first sentence, whose dateline and lede name the place it reports from."""
    lede = article.text[article.sentences[0][0].start:article.sentences[0][0].end] if article.sentences else ""
    return " ".join((article.provenance.title, lede, context))


def said(claim: Claim) -> str:
    """The quoted sentence(s) of a claim with its speaker, to check the claim's constraints against."""
    return f"{claim.statement.speaker} {claim.article.text[claim.quote.start:claim.quote.end]}"


def _innermost(found: list[Claim]) -> list[Claim]:
    """Without the statements that report another found one (`كشفت الصحيفة أن المفتش قال: …` holds the inspector's
    own statement): who said it is the one quoted, not the outlet that reported them."""
    speakers: dict[str, list[int]] = {}
    for claim in found:
        if claim.statement.speaker_start >= 0:
            speakers.setdefault(claim.article.id, []).append(claim.statement.speaker_start)
    for starts in speakers.values():
        starts.sort()

    def reports(claim: Claim) -> bool:  # another found statement's speaker is written inside this one's content
        st, starts = claim.statement, speakers.get(claim.article.id, [])
        inside = bisect.bisect_left(starts, st.end) - bisect.bisect_left(starts, st.start)
        return inside > (1 if st.start <= st.speaker_start < st.end else 0)

    return [claim for claim in found if not reports(claim)]


def _one_per_quote(found: list[Claim], terms: dict[str, frozenset[str]]) -> list[Claim]:
    """One statement per quoted sentence and speaker: the one whose own words share most of the question's
    terms, else the first (`نفى X …، مؤكدا أن …` is a denial before it is an assertion)."""
    chosen: dict[tuple, tuple[tuple, Claim]] = {}
    for claim in found:
        s = claim.statement
        key = (claim.article.id, claim.quote, speaker_key(s.speaker, claim.article.id))
        shared = len(terms.keys() & sentence_terms(claim.article.text[s.start:s.end]))
        rank = (shared, -s.start)
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, claim)
    return [claim for _, claim in chosen.values()]


def _weighed(claim: Claim, who: WhoQuestion) -> Claim:
    """A claim marked down when its polarity is not the one asked about (a denial for `who claimed`)."""
    if (claim.statement.polarity == "denies") == who.denial:
        return claim
    return replace(claim, score=claim.score - POLARITY_PENALTY)


def speaker_key(name: str, article_id: str) -> tuple[str, str]:
    """Who a speaker is for grouping: a name of two or more words is one person across articles;
    an unnamed source ("مصدر", "مصادر مطلعة") or a one-word reference is only itself within its article."""
    words = analyze.normalize(name).split()
    named = len(words) >= 2 and not is_unnamed(name)
    return " ".join(words), ("" if named else article_id)


def is_unnamed(name: str) -> bool:
    """Whether a speaker is an unnamed source ("مصدر", "مصادر مطلعة", "the official"), not a person's name."""
    words = analyze.normalize(name).split()
    return not words or words[0] in _ANONYMOUS


def _by_speaker(found: list[Claim], who: WhoQuestion, k: int) -> list[list[Claim]]:
    """Up to k claims in groups of one speaker, speakers ordered by their best claim, at most PER_SPEAKER each
    and only those nearly as good as the speaker's best. A question about who claimed something never starts
    with a denial while someone asserted it."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in sorted(found, key=lambda c: -c.score):
        group = groups.setdefault(speaker_key(claim.statement.speaker, claim.article.id), [])
        if not group or (len(group) < PER_SPEAKER and claim.score >= group[0].score - SPEAKER_MARGIN):
            group.append(claim)
    ordered = list(groups.values())
    if not who.denial:
        asserting = next((g for g in ordered if g[0].statement.polarity != "denies"), None)
        if asserting is not None:
            ordered.remove(asserting)
            ordered.insert(0, asserting)
    kept, left = [], k
    for group in ordered:
        if left <= 0:
            break
        kept.append(group[:left])
        left -= len(kept[-1])
    return kept


def speaker_runs(passages: list[Passage]) -> list[list[Passage]]:
    """Consecutive passages grouped by who said them (the same person, or the same unnamed source of one
    article); a passage without a speaker is a run of its own."""
    runs: list[list[Passage]] = []
    previous = None
    for passage in passages:
        key = speaker_key(passage.speaker.name, passage.article_id) if passage.speaker else None
        if key is not None and key == previous:
            runs[-1].append(passage)
        else:
            runs.append([passage])
        previous = key
    return runs
