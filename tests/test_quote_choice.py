"""The kind of answer a question asks for, the kinds a sentence holds, and the learnt choice of the quote."""
from __future__ import annotations

import numpy as np
import pytest

from index.article import Span
from retrieval import quote_choice
from retrieval.answer_types import question_kind, sentence_kinds
from retrieval.quotes import best_quote


@pytest.mark.parametrize("question, kind", [
    ("متى تم إرسال تيتو إلى فيينا؟", "when"),
    ("في أي عام حدثت ثورة القرنفل؟", "when"),
    ("When did the war end?", "when"),
    ("In what year was it built?", "when"),
    ("What year was it built?", "when"),
    ("كم دولة تبنت أهداف التنمية المستدامة؟", "count"),
    ("ما هي نسبة اليهود المقيمين في إسرائيل؟", "count"),
    ("How many people live there?", "count"),
    ("من هو السلطان الذي لم يثق بأمرائه؟", "who"),
    ("من علق على طبيعة الوقت؟", "who"),
    ("Who designed the bridge?", "who"),
    ("أين ينتهي السباق؟", "where"),
    ("من أين أتت فكرة المجموعة؟", "where"),
    ("في أي ولاية حصل على اللقب؟", "where"),
    ("Where was he born?", "where"),
    ("ما المنتج الذي مكن المستخدمين من عرض الصور؟", "other"),
    ("What is the capital of Libya?", "other"),
])
def test_question_kinds(question, kind):
    assert question_kind(question) == kind


def test_sentence_kinds():
    assert sentence_kinds("ولد في عام ١٩٨٥ في القاهرة.") == {"date", "number"}
    assert sentence_kinds("بلغ عدد السكان خمسة ملايين نسمة.") == {"number"}
    assert sentence_kinds("تقع المدينة في شمال البلاد.") == {"place"}
    assert sentence_kinds("It opened in March.") == {"date"}
    assert sentence_kinds("وقال الوزير إن المفاوضات مستمرة.") == frozenset()


def _passage(sentences: list[str]) -> tuple[str, list[tuple[Span, np.ndarray]]]:
    text, spans, at = "", [], 0
    for sentence in sentences:
        spans.append((Span(at, at + len(sentence)), np.zeros(2, dtype=np.float32)))
        text += sentence + " "
        at = len(text)
    return text, spans


def test_a_when_question_is_quoted_where_the_date_is_beside_the_words_it_repeats():
    sentences = ["وقعت ثورة القرنفل في البرتغال وأنهت حكم الديكتاتورية.",
                 "وكان ذلك في 25 أبريل 1974 بعد انقلاب عسكري.",
                 "وتحتفل البلاد بذكراها بالورود."]
    scores = np.array([0.88, 0.86, 0.80], dtype=np.float32)
    assert quote_choice.choose("when", sentences, scores) == 1
    assert quote_choice.choose("other", sentences, scores) == 0
    undated = [sentences[0], "وقاد الانقلاب ضباط شبان من الجيش.", sentences[2]]
    assert quote_choice.choose("when", undated, np.array([0.88, 0.86, 0.80], dtype=np.float32)) == 0


def test_a_fragment_is_never_chosen_while_a_sentence_is_there():
    scores = np.array([-1.0, 0.7], dtype=np.float32)
    assert quote_choice.choose("when", ["1974.", "وانتهت الحرب بعد ذلك بسنوات."], scores) == 1


def test_features_are_one_row_per_sentence_in_the_trained_order():
    rows = quote_choice.features("count", ["بلغ عددهم خمسة آلاف.", "وقال إنهم وصلوا.", "..."],
                                 np.array([0.8, 0.9, -1.0], dtype=np.float32))
    assert rows.shape == (3, len(quote_choice.FEATURES)) == (3, len(quote_choice.weights()))
    first, second, fragment = (dict(zip(quote_choice.FEATURES, row)) for row in rows)
    assert first["count&number"] == 1.0 and first["is_best"] == 0.0 and second["is_best"] == 1.0
    assert first["gap"] == pytest.approx(-0.1 / (0.05 + 0.01)) and second["gap"] == 0.0
    assert fragment["gap"] == quote_choice.FRAGMENT_GAP


def test_the_chosen_sentence_is_quoted_alone_unless_a_neighbour_scores_as_well():
    text, sentences = _passage(["الجملة الأولى تكرر كلمات السؤال.", "والثانية فيها الجواب عام 1974.",
                                "والثالثة بعيدة عن الموضوع تماما."])
    alone = best_quote(text, sentences, np.array([0.9, 0.7, 0.5]), chosen=1)
    assert text[alone.start:alone.end] == "والثانية فيها الجواب عام 1974."
    assert alone.score == pytest.approx(0.9)
    joined = best_quote(text, sentences, np.array([0.9, 0.895, 0.5]), chosen=1)
    assert text[joined.start:joined.end] == "الجملة الأولى تكرر كلمات السؤال. والثانية فيها الجواب عام 1974."
    assert best_quote(text, sentences, np.array([0.5, 0.9, 0.895])) == best_quote(
        text, sentences, np.array([0.5, 0.9, 0.895]), chosen=1)
