"""From a question to quoted passages: dense and lexical candidates, fused, then quoted."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from index import analyze, skeleton
from index.article import Span
from index.errors import BadQuestion
from index.library import Library
from index.store import StoredArticle
from retrieval import attribution
from retrieval.who_question import WhoQuestion, who_question
from retrieval.answer import Answer, Passage, Speaker
from retrieval.fusion import reciprocal_rank
from retrieval.quotes import MAX_QUOTE_CHARS, best_quote, capped, sentence_scores

RERANK_DEPTH = 30
NAMES_WEIGHT = 0.1  # weight in the fusion of passages found by the Arabic spelling of a question's Latin names
SENTENCE_WEIGHT = 1.0  # the best sentence's score beside the passage's own similarity, in the rerank
RANK_WEIGHT = 0.2  # the fused rank beside them, when BM25 took part (the rank is where its evidence is)
MIN_QUESTION_LETTERS = 2
MAX_QUESTION_CHARS = 1000
EMPTY_LIBRARY = ("The library is empty: add articles first (forward posts, send files or links).\n"
                 "المكتبة فارغة: أضف مقالات أولًا (أعد توجيه منشورات، أو أرسل ملفات أو روابط).")


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
    """A chunk on its way to becoming a passage: its fused rank score and its similarity to the question."""

    chunk_id: int
    fused: float
    dense: float | None = None


class Searcher:
    """Answers questions over one library; loads nothing per question."""

    def __init__(self, library: Library, settings: SearchSettings = SearchSettings(),
                 max_question_chars: int = MAX_QUESTION_CHARS, methods: Methods = Methods()):
        library.open()  # the vector index loaded and in step with SQLite before the first question
        self.library = library
        self.settings = settings
        self.max_question_chars = max_question_chars
        self.methods = methods

    def warm(self) -> None:
        """Load the model before the first question."""
        self.library.embedder.queries(["warm"])

    def check(self, question: str) -> str:
        """The question stripped, or a BadQuestion saying what is wrong with it."""
        question = question.strip()
        if len(question) > self.max_question_chars:
            raise BadQuestion(f"That question is {len(question)} characters long; the limit is "
                              f"{self.max_question_chars}. Please ask it more briefly.")
        if analyze.letter_count(question) < MIN_QUESTION_LETTERS:
            raise BadQuestion("Please ask a question in words (Arabic or English), e.g. "
                              "“who claimed Italian troops are in Misrata?”")
        return question

    def ask(self, question: str, k: int | None = None) -> Answer:
        """The passages that answer the question best, quoted exactly, or found=False."""
        started = time.perf_counter()
        question = self.check(question)
        k = k or self.settings.passages
        language = analyze.detect_language(question)
        vector = self.library.embedder.queries([question])[0]
        candidates = self.candidates(question, vector, language)
        who = who_question(question)
        passages = self._claims(who, vector, candidates, k, frozenset(analyze.terms(question))) if who else []
        passages = passages or self._passages(question, vector, candidates, k, language)
        found = bool(passages) and passages[0].score >= self.min_score(language)
        took = (time.perf_counter() - started) * 1000
        message = "" if found or len(self.library.vectors) else EMPTY_LIBRARY
        return Answer(question, found, took, passages if found else [], message)

    def min_score(self, language: str) -> float:
        """The quote score below which nothing is found: Arabic questions score higher than others."""
        if language == "ar":
            return self.settings.min_score_ar
        if language == "mixed":
            return min(self.settings.min_score_ar, self.settings.min_score_en)
        return self.settings.min_score_en

    def candidates(self, question: str, vector: np.ndarray, language: str) -> list[Candidate]:
        """Fused dense and lexical candidates: lexical terms where the question has Arabic words, and the
        Arabic spellings of its names written in Latin letters (at a lower weight: they find the topic)."""
        depth, lists, weights, dense = self.settings.candidates, [], [], []
        if self.methods.dense:
            scores, ids = self.library.vectors.search(vector[None, :], depth)
            dense = [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
            lists.append(dense)
            weights.append(1.0)
        if self.uses_terms(language):
            lists.append(self.library.store.lexical(lexical_query(question), depth))
            weights.append(1.0)
        names = skeleton.names(question, starts_sentence=True)
        if self.methods.lexical and names:
            lists.append(self.library.store.by_names(_any_of(set().union(*names.values())), depth))
            weights.append(NAMES_WEIGHT)
        dense_score = dict(dense)
        return [Candidate(chunk_id, fused, dense_score.get(chunk_id))
                for chunk_id, fused in reciprocal_rank(lists, weights, RERANK_DEPTH)]

    def uses_terms(self, language: str) -> bool:
        """Whether BM25 over the question's terms takes part: for questions with Arabic words, or alone."""
        return self.methods.lexical and (not self.methods.dense or language in ("ar", "mixed"))

    def _rerank_score(self, candidate: Candidate, top_fused: float, quote_score: float, with_rank: bool) -> float:
        """How a candidate is ranked among the others: its fused rank alone without the rerank; else its own
        similarity to the question plus its best sentence's score, plus its fused rank when BM25 took part
        (for an English question the rank only repeats the similarity, coarsely; docs/BENCHMARKS.md)."""
        rank = candidate.fused / top_fused
        if not self.methods.rerank:
            return rank
        return candidate.dense + SENTENCE_WEIGHT * quote_score + (RANK_WEIGHT * rank if with_rank else 0.0)

    def _passages(self, question: str, vector: np.ndarray, candidates: list[Candidate], k: int,
                  language: str) -> list[Passage]:
        store = self.library.store
        if not candidates:
            return []
        chunks = store.chunks([c.chunk_id for c in candidates])
        articles = store.by_rowids(sorted({row.article_rowid for row in chunks.values()}))
        question_terms = dict.fromkeys(analyze.terms(question), frozenset())
        top_fused = candidates[0].fused
        if self.methods.rerank:
            self._fill_similarity(candidates, vector)
        with_rank = self.uses_terms(language)
        scored = []
        for candidate in candidates:
            row = chunks.get(candidate.chunk_id)
            if row is None:
                continue
            text = articles[row.article_rowid].article.text
            sentences = store.sentences(row.article_rowid, row.first_sentence, row.last_sentence)
            quote = best_quote(text, sentences, sentence_scores(text, sentences, vector, question_terms),
                               self.settings.max_quote_chars)
            if quote is None:
                continue
            score = self._rerank_score(candidate, top_fused, quote.score, with_rank)
            scored.append((score, row, quote))
        scored.sort(key=lambda item: -item[0])
        chosen = _spread(scored, k, self.settings.per_article)
        return [self._passage(articles[row.article_rowid], row.article_rowid, Span(quote.start, quote.end),
                              Span(row.start, row.end), quote.score,
                              self._speaker(row.article_rowid, quote.start, quote.end), frozenset(question_terms))
                for _, row, quote in chosen]

    def _fill_similarity(self, candidates: list[Candidate], vector: np.ndarray) -> None:
        """The question's similarity to candidates that only BM25 or names found, from their stored vectors."""
        missing = {c.chunk_id: c for c in candidates if c.dense is None}
        for ids, vectors in self.library.store.chunk_vectors(list(missing)) if missing else ():
            for chunk_id, similarity in zip(ids.tolist(), vectors @ vector):
                missing[chunk_id].dense = float(similarity)

    def _claims(self, who: WhoQuestion, vector: np.ndarray, candidates: list[Candidate],
                k: int, terms: frozenset[str]) -> list[Passage]:
        """A who-question answered claimant-first: the matching statements, grouped by speaker."""
        store = self.library.store
        top = candidates[0].fused if candidates else 1.0
        found = attribution.claims(store, who, vector, [(c.chunk_id, c.fused / top) for c in candidates], k)
        articles = store.by_rowids(sorted({claim.article_rowid for claim in found})) if found else {}
        return [self._passage(articles[c.article_rowid], c.article_rowid, c.quote, c.context, c.match,
                              Speaker(c.statement.speaker, c.statement.role, c.statement.cue, c.statement.cites), terms)
                for c in found]

    def _passage(self, stored: StoredArticle, rowid: int, whole: Span, context: Span, score: float,
                 speaker: Speaker | None, terms: frozenset[str]) -> Passage:
        """A quote of a stored article, at most search.max_quote_chars around the question's terms, with its
        source, its speaker and the outlets that carried it too."""
        article = stored.article
        quote = capped(article.text, whole, self.settings.max_quote_chars, terms)
        return Passage(
            article_id=stored.id, quote=article.text[quote.start:quote.end], start=quote.start, end=quote.end,
            context=article.text[context.start:context.end], score=round(score, 4), title=article.title,
            source=article.source, author=article.author, url=article.url, published=article.published,
            speaker=speaker,
            also_in=[copy.article.source or copy.article.input for copy in self.library.store.copies_of(rowid)],
            cut_before=quote.start > whole.start, cut_after=quote.end < whole.end,
        )

    def _speaker(self, article_rowid: int, start: int, end: int) -> Speaker | None:
        """Who said the quoted words, when a statement's content overlaps the quote."""
        best, best_overlap = None, 0
        for statement in self.library.store.statements(article_rowid):
            overlap = min(end, statement.end) - max(start, statement.start)
            if overlap > best_overlap:
                best, best_overlap = statement, overlap
        return Speaker(best.speaker, best.role, best.cue, best.cites) if best else None


def _spread(scored: list, k: int, per_article: int) -> list:
    """The best k without overlapping quotes, at most `per_article` from one article while others answer."""
    first, rest, counts, taken = [], [], {}, {}
    for item in scored:
        _, row, quote = item
        spans = taken.setdefault(row.article_rowid, [])
        if any(quote.start < end and start < quote.end for start, end in spans):
            continue
        spans.append((quote.start, quote.end))
        counts[row.article_rowid] = counts.get(row.article_rowid, 0) + 1
        (first if counts[row.article_rowid] <= per_article else rest).append(item)
    return (first + rest)[:k]


def lexical_query(question: str) -> str:
    """An FTS5 query that matches any of the question's terms, each quoted."""
    return _any_of(dict.fromkeys(analyze.terms(question)))


def _any_of(words) -> str:
    """An FTS5 query matching any of the words, each quoted."""
    return " OR ".join('"' + word.replace('"', "") + '"' for word in words if word.replace('"', ""))
