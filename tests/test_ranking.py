"""The ranking rules over plain data: fusion, the rerank, spreading over articles, abstention, and speaker
groups; with the deterministic fake embedder over a read side held in memory (no SQLite, FAISS or model)."""
from __future__ import annotations

import numpy as np
import pytest

from index import analyze
from index.article import Span, Statement
from index.read_side import ArticleRecord, PassageRecord, Provenance
from retrieval import attribution
from index.fusion import RRF_K, reciprocal_rank
from retrieval.quotes import Quote
from retrieval.search import (NAMES_WEIGHT, RANK_WEIGHT, Candidate, Methods, SearchSettings, Searcher,
                              fill_similarity, fused_candidates, min_score, rerank_score, spread)
from retrieval.who_question import WhoQuestion
from tests.fake_embedder import WordsEmbedder

EMBEDDER = WordsEmbedder()


class MemoryReadSide:
    """A read side over articles held in memory: each paragraph a passage, each line a sentence; dense by the
    fake embedder's vectors, lexical by how many of the terms a passage holds. Statements are given."""

    def __init__(self, articles: dict[str, tuple[str, list[Statement]]]):
        self.opened = False
        self.records: dict[int, PassageRecord] = {}
        for article_id, (text, statements) in articles.items():
            spans = [Span(m.start(), m.start() + len(m.group())) for m in _lines(text)]
            vectors = EMBEDDER.passages([text[s.start:s.end] for s in spans])
            article = ArticleRecord(article_id, text, tuple(zip(spans, vectors)), tuple(statements),
                                    Provenance(title=f"title of {article_id}", source="outlet"), ("copy outlet",))
            at = 0
            for paragraph in text.split("\n\n"):
                start = text.index(paragraph, at)
                first = next(i for i, s in enumerate(spans) if s.start >= start)
                last = first + len(paragraph.split("\n"))
                self.records[len(self.records) + 1] = PassageRecord(
                    len(self.records) + 1, article, start, start + len(paragraph), first, last,
                    EMBEDDER.passages([paragraph])[0])
                at = start + len(paragraph)

    def open(self) -> None:
        self.opened = True

    def passage_count(self, scope=None) -> int:
        return len(self.records)

    def dense(self, vector, depth, scope=None):
        scored = sorted(((float(r.vector @ vector), i) for i, r in self.records.items()), reverse=True)
        return [(i, score) for score, i in scored[:depth]]

    def lexical(self, terms, depth, scope=None):
        terms = set(terms)
        counts = [(len(terms & set(analyze.terms(r.article.text[r.start:r.end]))), i) for i, r in self.records.items()]
        return [(i, float(n)) for n, i in sorted(counts, key=lambda c: (-c[0], c[1])) if n][:depth]

    def hybrid(self, vector, terms, depth, scope=None):
        return reciprocal_rank([self.dense(vector, depth, scope), self.lexical(terms, depth, scope)], [1.0, 1.0],
                               depth)

    def by_names(self, skeletons, depth, scope=None):
        return []

    def passages(self, ids, scope=None):
        return {i: self.records[i] for i in ids if i in self.records}


def _lines(text: str):
    import re

    return re.finditer(r"[^\n]+", text)


def _searcher(articles, **settings) -> Searcher:
    return Searcher(MemoryReadSide(articles), lambda q: EMBEDDER.queries([q])[0], SearchSettings(**settings))


HARBOUR = ("The harbour of Misrata reopened to cargo ships on Monday.\nDockworkers returned to the cranes.\n\n"
           "The weather in Tripoli stayed warm all week.")
FOOTBALL = "Al Hilal beat Al Nassr by two goals in Riyadh.\nThe crowd filled the stadium."


def test_a_passage_both_lists_found_is_fused_first_and_keeps_its_dense_similarity():
    fused = fused_candidates(dense=[(1, 0.9), (2, 0.8)], lexical=[(2, 7.0), (3, 5.0)], by_names=None)
    assert [c.passage_id for c in fused] == [2, 1, 3]
    assert fused[0].fused == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert (fused[0].dense, fused[1].dense, fused[2].dense) == (0.8, 0.9, None)


def test_names_weigh_less_than_a_list_of_their_own_and_lists_not_asked_take_no_part():
    fused = fused_candidates(dense=None, lexical=[(1, 3.0)], by_names=[(2, 9.0)])
    assert [(c.passage_id, c.fused) for c in fused] == [(1, pytest.approx(1 / (RRF_K + 1))),
                                                         (2, pytest.approx(NAMES_WEIGHT / (RRF_K + 1)))]
    assert fused_candidates(None, None, None) == []


def test_the_rerank_adds_similarity_and_the_best_sentence_and_the_rank_only_where_bm25_took_part():
    candidate = Candidate(7, fused=0.01, dense=0.6)
    assert rerank_score(candidate, 0.02, 0.9, with_rank=True, rerank=False) == pytest.approx(0.5)
    assert rerank_score(candidate, 0.02, 0.9, with_rank=False, rerank=True) == pytest.approx(1.5)
    assert rerank_score(candidate, 0.02, 0.9, with_rank=True, rerank=True) == pytest.approx(1.5 + RANK_WEIGHT * 0.5)


def test_a_candidate_only_bm25_found_gets_its_similarity_from_its_own_vector():
    side = MemoryReadSide({"a": (HARBOUR, [])})
    vector = EMBEDDER.queries(["Misrata harbour cargo ships"])[0]
    candidates = [Candidate(1, 0.02, dense=0.5), Candidate(2, 0.01)]
    fill_similarity(candidates, side.passages([1, 2]), vector)
    assert candidates[0].dense == 0.5 and candidates[1].dense == pytest.approx(float(side.records[2].vector @ vector))


def _ranked(*items: tuple[str, int, int]) -> list:
    """(record, quote) pairs for quotes start..end of articles by id."""
    articles = {}
    ranked = []
    for article_id, start, end in items:
        article = articles.setdefault(article_id, ArticleRecord(article_id, "x" * 100, (), (), Provenance()))
        ranked.append((PassageRecord(len(ranked), article, 0, 100, 0, 0, np.zeros(2)), Quote(start, end, 0.9)))
    return ranked


def test_spread_drops_overlapping_quotes_and_puts_an_articles_third_quote_after_other_articles():
    ranked = _ranked(("a", 0, 10), ("a", 5, 15), ("a", 20, 30), ("a", 40, 50), ("b", 0, 10))
    chosen = spread(ranked, k=4, per_article=2)
    assert [(r.article.id, q.start) for r, q in chosen] == [("a", 0), ("a", 20), ("b", 0), ("a", 40)]
    assert len(spread(ranked, k=2, per_article=1)) == 2


@pytest.mark.parametrize("language, threshold", [("ar", 0.9), ("en", 0.7), ("mixed", 0.7), ("other", 0.7)])
def test_the_threshold_of_abstention_is_the_arabic_one_only_for_arabic_questions(language, threshold):
    assert min_score(SearchSettings(min_score_ar=0.9, min_score_en=0.7), language) == threshold


def test_an_answer_below_the_threshold_is_nothing_found_and_above_it_the_best_sentence_is_quoted_in_its_passage():
    articles = {"harbour": (HARBOUR, []), "football": (FOOTBALL, [])}
    question = "When did the harbour of Misrata reopen to cargo ships?"
    answer = _searcher(articles, min_score_en=0.0).ask(question)
    assert answer.found and answer.passages[0].article_id == "harbour"
    assert answer.passages[0].quote == "The harbour of Misrata reopened to cargo ships on Monday.\nDockworkers returned to the cranes."
    assert answer.passages[0].also_in == ["copy outlet"] and answer.passages[0].title == "title of harbour"
    assert answer.speaker_groups == [[i] for i in range(len(answer.passages))] and not answer.who_question
    refused = _searcher(articles, min_score_en=5.0).ask(question)
    assert not refused.found and refused.passages == [] and not refused.empty_library


def test_an_empty_read_side_is_opened_and_says_it_is_empty():
    searcher = _searcher({})
    assert searcher.read_side.opened
    answer = searcher.ask("Who won the match in Riyadh?")
    assert not answer.found and answer.empty_library


def test_without_the_rerank_the_fused_order_decides():
    articles = {"harbour": (HARBOUR, []), "football": (FOOTBALL, [])}
    searcher = Searcher(MemoryReadSide(articles), lambda q: EMBEDDER.queries([q])[0],
                        SearchSettings(min_score_en=-1.0), methods=Methods(dense=True, lexical=False, rerank=False))
    answer = searcher.ask("Al Hilal Al Nassr goals Riyadh", k=1)
    assert answer.passages[0].article_id == "football"


SAID = ("Kamal Marash said Italian troops are in Misrata.\nMarash added that Italian officers run the airport.\n\n"
        "A source denied that Italian troops are in Misrata.")
MARASH = "Kamal Marash said Italian troops are in Misrata."
SOURCE = "A source said Italian troops are in Misrata."


def _statements(text: str, *said: tuple[str, str, str]) -> list[Statement]:
    """Statements of a speaker whose content is the given words of the text."""
    return [Statement(speaker, "", cue, text.index(words), text.index(words) + len(words),
                      "denies" if cue == "denied" else "asserts") for speaker, cue, words in said]


def test_a_who_question_is_answered_claimant_first_in_the_groups_the_search_made():
    articles = {"a": (SAID, _statements(SAID, ("Kamal Marash", "said", "Italian troops are in Misrata"),
                                        ("Marash", "added", "Italian officers run the airport"),
                                        ("source", "denied", "that Italian troops are in Misrata")))}
    answer = _searcher(articles, min_score_en=-1.0).ask("Who claimed that Italian troops are in Misrata?", k=5)
    assert answer.who_question and answer.found and answer.passages[0].speaker.cue != "denied"
    assert [p for run in answer.speaker_runs() for p in run] == answer.passages
    assert [len(run) for run in answer.speaker_runs()] == [len(group) for group in answer.speaker_groups]
    assert answer.speaker_runs(1, 2) == [[answer.passages[1]]]


def _claims(k: int) -> list[list[attribution.Claim]]:
    """The claims of two articles that both hold a named speaker's and an unnamed source's same words."""
    text = f"{MARASH}\n{SOURCE}"
    statements = _statements(text, ("Kamal Marash", "said", "Italian troops are in Misrata."),
                             ("source", "said", "Italian troops are in Misrata."))
    side = MemoryReadSide({"a": (text, statements), "b": (text, statements)})
    vector = EMBEDDER.queries(["Italian troops are in Misrata"])[0]
    retrieved = [(record, 1.0) for record in side.passages([1, 2]).values()]
    return attribution.claims(WhoQuestion("Italian troops are in Misrata"), vector, retrieved, k)


def test_a_named_speaker_is_one_group_across_articles_and_an_unnamed_source_one_per_article():
    groups = _claims(k=5)
    assert [[(c.statement.speaker, c.article.id) for c in group] for group in groups] == [
        [("Kamal Marash", "a"), ("Kamal Marash", "b")], [("source", "a")], [("source", "b")]]


def test_claims_are_cut_at_k_inside_a_speakers_group():
    assert [len(group) for group in _claims(k=1)] == [1]
    assert [len(group) for group in _claims(k=3)] == [2, 1]


def test_a_who_question_about_a_claim_no_statement_holds_is_nothing_found():
    articles = {"a": (SAID, _statements(SAID, ("Kamal Marash", "said", "Italian troops are in Misrata"),
                                        ("Marash", "added", "Italian officers run the airport")))}
    searcher = _searcher(articles, min_score_en=-1.0)
    assert searcher.ask("Who claimed that Italian troops are in Misrata?").found
    assert not searcher.ask("Who claimed that 500 Italian troops are in Misrata?").found  # no number said
    assert not searcher.ask("Who claimed that Turkish troops are in Misrata?").found  # another country


def test_an_english_questions_words_are_found_in_an_arabic_sentence_by_the_arabic_words_that_write_them():
    from retrieval.quotes import term_share

    terms = dict.fromkeys(analyze.terms("When was the ambassador recalled?"), frozenset())
    assert term_share(terms, "استدعت الحكومة سفيرها في واشنطن") == 1.0  # ambassador, recall ("when" is no term)
    assert term_share(terms, "زار الوزير واشنطن أمس") == 0.0
