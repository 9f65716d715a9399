"""A quote has a bounded length: a very long sentence is cut at a clause or word boundary around the words of the
question, shown with … where it goes on, and stays the article's exact text."""
from __future__ import annotations

import numpy as np
import pytest

from bot import render
from bot.telegram_html import FSI, PDI, answer_messages
from index import analyze
from index.article import Article, Span
from retrieval.answer import Answer, Passage
from retrieval.quotes import MAX_QUOTE_CHARS, best_quote, capped
from retrieval.search import Searcher, SearchSettings

FILLER = "المدينة الساحلية تشهد حركة تجارية واسعة في موسم الصيف مع وصول السفن من الموانئ البعيدة "
CLAIM = "ويوجد في المطار قاعدة إيطالية كاملة في مصراتة منذ سنوات"
QUESTION = "هل توجد قاعدة إيطالية في مصراتة؟"


def one_sentence(chars: int, middle: str = CLAIM) -> str:
    """A single sentence of about `chars` characters, without a full stop until its end, `middle` in its middle."""
    half = FILLER * (chars // len(FILLER) // 2)
    return f"{half}{middle} {half}".strip() + "."


def question_terms(question: str = QUESTION) -> frozenset[str]:
    return frozenset(analyze.terms(question))


def sentences_of(parts: list[str]) -> tuple[str, list]:
    text, spans = "", []
    for part in parts:
        spans.append((Span(len(text), len(text) + len(part)), None))
        text += part + " "
    return text, spans


def test_the_best_sentence_is_quoted_with_its_neighbours_while_they_fit():
    text, spans = sentences_of(["الأولى قبلها.", "الثانية تكرر كلمات السؤال.", "والثالثة فيها الجواب عام 1974.",
                                "والرابعة بعيدة."])
    quote = best_quote(text, spans, np.array([0.2, 0.9, 0.7, 0.5]))
    assert text[quote.start:quote.end] == "الأولى قبلها. الثانية تكرر كلمات السؤال. والثالثة فيها الجواب عام 1974."
    assert quote.score == pytest.approx(0.9)
    short = best_quote(text, spans, np.array([0.2, 0.9, 0.7, 0.5]), max_chars=len("الثانية تكرر كلمات السؤال. والثالثة فيها الجواب عام 1974."))
    assert text[short.start:short.end] == "الثانية تكرر كلمات السؤال. والثالثة فيها الجواب عام 1974."


def test_a_fragment_beside_the_best_sentence_is_not_joined_to_it():
    text, spans = sentences_of(["…", "الثانية تكرر كلمات السؤال.", "والثالثة فيها الجواب."])
    quote = best_quote(text, spans, np.array([-1.0, 0.9, 0.7]))
    assert text[quote.start:quote.end] == "الثانية تكرر كلمات السؤال. والثالثة فيها الجواب."
    assert best_quote(text, spans, np.array([-1.0, -1.0, -1.0])) is None


def test_a_200000_character_sentence_is_quoted_by_its_part_that_holds_the_question_words():
    text = one_sentence(200_000)
    whole = Span(0, len(text))
    part = capped(text, whole, 600, question_terms())
    quote = text[part.start:part.end]
    assert len(quote) <= 600 and CLAIM in quote
    assert text[part.start - 1] == " " and text[part.end] == " "  # whole words
    assert quote == quote.strip()


def test_a_cut_prefers_the_end_of_a_clause_near_the_cap():
    clauses = "، ".join(f"وأضاف البيان في الفقرة رقم {n} أن الاجتماع سيعقد قريبا" for n in range(40)) + "."
    part = capped(clauses, Span(0, len(clauses)), 300)
    quote = clauses[part.start:part.end]
    assert part.start == 0 and quote.endswith("سيعقد قريبا،") and clauses[part.end] == " "
    assert 200 <= len(quote) <= 300  # near the cap, not at the first comma


def test_without_the_question_words_the_quote_is_the_sentences_start():
    text = one_sentence(5000)
    part = capped(text, Span(0, len(text)), 600, frozenset({"غواصة"}))
    assert part.start == 0 and 400 <= part.end <= 600 and text[part.end] == " "


def test_a_quote_within_the_cap_is_left_whole():
    text = "قبل. " + one_sentence(500) + " بعد."
    whole = Span(5, 5 + len(one_sentence(500)))
    assert capped(text, whole, 600, question_terms()) == whole


def test_a_sentence_without_spaces_is_cut_at_the_cap_itself():
    text = "ا" * 10_000
    part = capped(text, Span(0, len(text)), 600, question_terms())
    assert part == Span(0, 600)


def test_the_part_chosen_never_leaves_the_quoted_sentences():
    text = "مقدمة لا تقتبس. " + one_sentence(3000, middle=CLAIM + "،") + " خاتمة لا تقتبس."
    whole = Span(text.index("المدينة"), text.index(" خاتمة"))
    for width in (50, 120, 600, 2999):
        part = capped(text, whole, width, question_terms())
        assert whole.start <= part.start < part.end <= whole.end and part.end - part.start <= width


def passage(quote: str, cut_before: bool, cut_after: bool) -> Passage:
    return Passage(article_id="0123456789ab", quote=quote, start=10, end=10 + len(quote), context=quote, score=0.9,
                   source="العرب", cut_before=cut_before, cut_after=cut_after)


@pytest.mark.parametrize("before, after, shown", [
    (True, True, "…قاعدة إيطالية كاملة…"), (True, False, "…قاعدة إيطالية كاملة"),
    (False, True, "قاعدة إيطالية كاملة…"), (False, False, "قاعدة إيطالية كاملة"),
])
def test_a_cut_quote_is_shown_with_an_ellipsis_where_it_goes_on(before, after, shown):
    cut = passage("قاعدة إيطالية كاملة", before, after)
    (message,) = answer_messages([cut])
    assert message.startswith(f"<blockquote>{FSI}{shown}{PDI}</blockquote>")
    assert f"«{shown}»" in render.answer_text(Answer("?", True, 1.0, [cut]))


def test_the_json_answer_keeps_its_shape_and_an_exact_quote():
    data = Answer("?", True, 1.0, [passage("قاعدة إيطالية كاملة", True, True)]).to_json()
    (shown,) = data["passages"]
    assert set(shown) == {"article_id", "quote", "start", "end", "context", "score", "speaker", "title", "source",
                          "author", "url", "published"}
    assert shown["quote"] == "قاعدة إيطالية كاملة" and shown["end"] - shown["start"] == len(shown["quote"])


@pytest.mark.slow
def test_a_20000_character_sentence_is_answered_by_one_short_exact_quote_in_one_message(library):
    text = one_sentence(20_000)
    library.add(Article(text, title="ميناء مصراتة", source="العرب", input="long-sentence"))
    answer = Searcher(library, library.embed_question, SearchSettings(max_quote_chars=600)).ask(QUESTION)
    assert answer.found
    (best, *_) = answer.passages
    assert text[best.start:best.end] == best.quote and len(best.quote) <= 600 and CLAIM in best.quote
    assert best.cut_before and best.cut_after
    assert len(answer_messages(answer.passages)) == 1
    assert all(len(p.quote) <= MAX_QUOTE_CHARS for p in answer.passages)


def test_a_quote_cap_below_one_is_refused_naming_the_key(tmp_path):
    from bot import config as configuration
    from index.errors import ConfigError

    path = tmp_path / "config.yaml"
    path.write_text("search: {max_quote_chars: 0}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"search\.max_quote_chars"):
        configuration.load(path, environ={})
    path.write_text("search: {max_quote_chars: 250}\n", encoding="utf-8")
    assert configuration.load(path, environ={}).search.max_quote_chars == 250
