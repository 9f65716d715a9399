"""From a question to quoted passages: dense and lexical candidates (one hybrid search), fused with the names
list, then quoted.

Everything the search reads comes from a read side (index/read_side.py) as plain data; the ranking
rules here (`fused_candidates`, `rerank_score`, `spread`, `min_score`) are pure functions over it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from index import analyze, skeleton
from index.article import Span, Statement
from index.errors import BadQuestion
from index.fusion import reciprocal_rank
from index.read_side import ArticleRecord, PassageRecord, Ranked, ReadSide, Scope
from retrieval import attribution, gazetteer, news_words
from retrieval.answer import Answer, Passage, Speaker
from retrieval.quotes import MAX_QUOTE_CHARS, Quote, best_quote, capped, sentence_scores
from retrieval.who_question import WhoQuestion, who_question

RERANK_DEPTH = 30
NAMES_WEIGHT = 0.1  # weight in the fusion of passages found by the Arabic spelling of a question's Latin names
SENTENCE_WEIGHT = 1.0  # the best sentence's score beside the passage's own similarity, in the rerank
RANK_WEIGHT = 0.2  # the fused rank beside them, when BM25 took part (the rank is where its evidence is)
MIN_QUESTION_LETTERS = 2
MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class SearchSettings:
    """How many passages, from how many candidates, how long a quote, and when to say nothing was found."""

    passages: int = 5
    candidates: int = 100
    per_article: int = 2
    max_quote_chars: int = MAX_QUOTE_CHARS
    min_score_ar: float = 0.843
    min_score_en: float = 0.758


@dataclass(frozen=True)
class Methods:
    """Which parts answer: all of them, or one alone to measure it (`qawl eval`)."""

    dense: bool = True
    lexical: bool = True
    rerank: bool = True


@dataclass
class Candidate:
    """A passage on its way to becoming an answer: its fused rank score and its similarity to the question."""

    passage_id: int
    fused: float
    dense: float | None = None


class Searcher:
    """Answers questions over one read side, the question embedded by `embed_question`; loads nothing per
    question."""

    def __init__(self, read_side: ReadSide, embed_question: Callable[[str], np.ndarray],
                 settings: SearchSettings = SearchSettings(), max_question_chars: int = MAX_QUESTION_CHARS,
                 methods: Methods = Methods()):
        read_side.open()  # the indexes loaded and in step before the first question
        self.read_side = read_side
        self.embed_question = embed_question
        self.settings = settings
        self.max_question_chars = max_question_chars
        self.methods = methods

    def warm(self) -> None:
        """Load the model, the place names a claim is checked against and the news words an English one is read
        through, before the first question."""
        self.embed_question("warm")
        gazetteer.places()
        news_words.lexicon()

    def check(self, question: str) -> str:
        """The question stripped, or a BadQuestion saying what is wrong with it."""
        question = question.strip()
        if len(question) > self.max_question_chars:
            raise BadQuestion(BadQuestion.TOO_LONG, len(question), self.max_question_chars)
        if analyze.letter_count(question) < MIN_QUESTION_LETTERS:
            raise BadQuestion(BadQuestion.NO_WORDS)
        return question

    def ask(self, question: str, k: int | None = None, scope: Scope = None) -> Answer:
        """The passages that answer the question best, quoted exactly, or found=False; only passages of the
        library of the chat `scope` (index/read_side.py) are candidates, when one is given."""
        started = time.perf_counter()
        question = self.check(question)
        k = k or self.settings.passages
        language = analyze.detect_language(question)
        vector = self.embed_question(question)
        candidates = self.candidates(question, vector, language, scope)
        records = self.read_side.passages([c.passage_id for c in candidates], scope) if candidates else {}
        who = who_question(question)
        groups = self._claims(who, vector, candidates, records, k, frozenset(analyze.terms(question))) if who else []
        claimant_first = bool(groups)
        passages = [passage for group in groups for passage in group]
        if not claimant_first:
            passages = self._passages(question, vector, candidates, records, k, language)
            if who:  # a who-question none of whose statements holds the claim: passages that do, if any
                articles = {record.article.id: record.article for record in records.values()}
                passages = [p for p in passages
                            if who.claim.met_by(p.quote, attribution.surroundings(articles[p.article_id], p.context))]
            groups = attribution.speaker_runs(passages)
        found = bool(passages) and passages[0].score >= min_score(self.settings, language)
        took = (time.perf_counter() - started) * 1000
        if not found:
            return Answer(question, False, took, empty_library=not self.read_side.passage_count(scope))
        return Answer(question, True, took, passages, speaker_groups=_numbered(groups), who_question=claimant_first)

    def candidates(self, question: str, vector: np.ndarray, language: str, scope: Scope = None) -> list[Candidate]:
        """Fused dense and lexical candidates (the read side's hybrid search when both take part): lexical terms
        where the question has Arabic words, and the Arabic spellings of its names written in Latin letters (at a
        lower weight: they find the topic)."""
        depth, dense, lexical, both, by_names = self.settings.candidates, None, None, None, None
        terms = dict.fromkeys(analyze.terms(question)) if uses_terms(self.methods, language) else None
        if self.methods.dense and terms is not None:
            both = self.read_side.hybrid(vector, terms, depth, scope)
        elif self.methods.dense:
            dense = self.read_side.dense(vector, depth, scope)
        elif terms is not None:
            lexical = self.read_side.lexical(terms, depth, scope)
        names = skeleton.names(question, starts_sentence=True)
        if self.methods.lexical and names:
            by_names = self.read_side.by_names(set().union(*names.values()), depth, scope)
        return fused_candidates(dense, lexical, by_names, both)

    def _passages(self, question: str, vector: np.ndarray, candidates: list[Candidate],
                  records: dict[int, PassageRecord], k: int, language: str) -> list[Passage]:
        if not candidates:
            return []
        question_terms = dict.fromkeys(analyze.terms(question), frozenset())
        top_fused = candidates[0].fused
        if self.methods.rerank:
            fill_similarity(candidates, records, vector)
        with_rank = uses_terms(self.methods, language)
        scored = []
        for candidate in candidates:
            record = records.get(candidate.passage_id)
            if record is None:
                continue
            text, sentences = record.article.text, record.sentences
            scores = sentence_scores(text, sentences, vector, question_terms)
            quote = best_quote(text, sentences, scores, self.settings.max_quote_chars)
            if quote is None:
                continue
            scored.append((rerank_score(candidate, top_fused, quote.score, with_rank, self.methods.rerank),
                           record, quote))
        scored.sort(key=lambda item: -item[0])
        chosen = spread([(record, quote) for _, record, quote in scored], k, self.settings.per_article)
        return [self._passage(record.article, Span(quote.start, quote.end), Span(record.start, record.end), quote.score,
                              _speaker(record.article.statements, quote.start, quote.end), frozenset(question_terms))
                for record, quote in chosen]

    def _claims(self, who: WhoQuestion, vector: np.ndarray, candidates: list[Candidate],
                records: dict[int, PassageRecord], k: int, terms: frozenset[str]) -> list[list[Passage]]:
        """A who-question answered claimant-first: the matching statements, grouped by speaker."""
        top = candidates[0].fused if candidates else 1.0
        retrieved = [(records[c.passage_id], c.fused / top) for c in candidates if c.passage_id in records]
        return [[self._passage(c.article, c.quote, c.context, c.match, _speaking(c.statement), terms)
                 for c in group] for group in attribution.claims(who, vector, retrieved, k)]

    def _passage(self, article: ArticleRecord, whole: Span, context: Span, score: float, speaker: Speaker | None,
                 terms: frozenset[str]) -> Passage:
        """A quote of an article, at most search.max_quote_chars around the question's terms, with its source,
        its speaker and the outlets that carried it too."""
        text, provenance = article.text, article.provenance
        quote = capped(text, whole, self.settings.max_quote_chars, terms)
        return Passage(
            article_id=article.id, quote=text[quote.start:quote.end], start=quote.start, end=quote.end,
            context=text[context.start:context.end], score=round(score, 4), title=provenance.title,
            source=provenance.source, author=provenance.author, url=provenance.url, published=provenance.published,
            edited=provenance.edited, speaker=speaker, also_in=list(article.also_in),
            cut_before=quote.start > whole.start, cut_after=quote.end < whole.end,
        )


def fused_candidates(dense: Ranked | None, lexical: Ranked | None, by_names: Ranked | None,
                     both: Ranked | None = None) -> list[Candidate]:
    """The candidates of the lists that took part (None: not asked), fused by reciprocal rank, names at a lower
    weight, added to `both` (dense and lexical already fused, by the read side's hybrid search); each keeps its
    dense similarity when the dense list found it (the rerank computes the others')."""
    taking_part = [(ranked, weight) for ranked, weight in ((dense, 1.0), (lexical, 1.0), (by_names, NAMES_WEIGHT))
                   if ranked is not None]
    dense_score = dict(dense or [])
    return [Candidate(passage_id, fused, dense_score.get(passage_id))
            for passage_id, fused in reciprocal_rank([r for r, _ in taking_part], [w for _, w in taking_part],
                                                     RERANK_DEPTH, both or [])]


def uses_terms(methods: Methods, language: str) -> bool:
    """Whether BM25 over the question's terms takes part: for questions with Arabic words, or alone."""
    return methods.lexical and (not methods.dense or language in ("ar", "mixed"))


def fill_similarity(candidates: list[Candidate], records: dict[int, PassageRecord], vector: np.ndarray) -> None:
    """The question's similarity to candidates that only BM25 or names found, from their own vectors."""
    missing = sorted(c.passage_id for c in candidates if c.dense is None and c.passage_id in records)
    if not missing:
        return
    by_id = {c.passage_id: c for c in candidates}
    for passage_id, similarity in zip(missing, np.vstack([records[i].vector for i in missing]) @ vector):
        by_id[passage_id].dense = float(similarity)


def rerank_score(candidate: Candidate, top_fused: float, quote_score: float, with_rank: bool, rerank: bool) -> float:
    """How a candidate is ranked among the others: its fused rank alone without the rerank; else its own
    similarity to the question plus its best sentence's score, plus its fused rank when BM25 took part
    (for an English question the rank only repeats the similarity, coarsely; docs/BENCHMARKS.md)."""
    rank = candidate.fused / top_fused
    if not rerank:
        return rank
    return candidate.dense + SENTENCE_WEIGHT * quote_score + (RANK_WEIGHT * rank if with_rank else 0.0)


def spread(ranked: list[tuple[PassageRecord, Quote]], k: int, per_article: int) -> list[tuple[PassageRecord, Quote]]:
    """The best k without overlapping quotes, at most `per_article` from one article while others answer."""
    first, rest, counts, taken = [], [], {}, {}
    for item in ranked:
        record, quote = item
        article = record.article.id
        spans = taken.setdefault(article, [])
        if any(quote.start < end and start < quote.end for start, end in spans):
            continue
        spans.append((quote.start, quote.end))
        counts[article] = counts.get(article, 0) + 1
        (first if counts[article] <= per_article else rest).append(item)
    return (first + rest)[:k]


def min_score(settings: SearchSettings, language: str) -> float:
    """The quote score below which nothing is found: Arabic questions score higher than others."""
    if language == "ar":
        return settings.min_score_ar
    if language == "mixed":
        return min(settings.min_score_ar, settings.min_score_en)
    return settings.min_score_en


def _speaker(statements: tuple[Statement, ...], start: int, end: int) -> Speaker | None:
    """Who said the quoted words, when a statement's content overlaps the quote."""
    best, best_overlap = None, 0
    for statement in statements:
        overlap = min(end, statement.end) - max(start, statement.start)
        if overlap > best_overlap:
            best, best_overlap = statement, overlap
    return _speaking(best) if best else None


def _speaking(statement: Statement) -> Speaker:
    return Speaker(statement.speaker, statement.role, statement.cue, statement.cites)


def _numbered(groups: list[list[Passage]]) -> list[list[int]]:
    """Groups of passages as groups of their positions in the answer."""
    positions, at = [], 0
    for group in groups:
        positions.append(list(range(at, at + len(group))))
        at += len(group)
    return positions
