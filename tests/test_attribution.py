"""Who said it: who-questions are recognised in both languages and answered speaker first."""
from __future__ import annotations

import pytest

from bot.render import answer_text
from index.article import Article
from retrieval.answer import Answer, Passage, Speaker
from retrieval.who_question import who_question
from retrieval.search import Searcher
from tests.conftest import shared_file

MARASH, MISMARI = "كمال المرعاش", "أحمد المسماري"
OFFICERS, BASE = "1800 ضابط وعسكري إيطالي", "قاعدة إيطالية كاملة"
DENIAL_ARTICLE = (
    "روما تنفي وجود قوات لها في مصراتة\n\n"
    "نفى المتحدث باسم وزارة الدفاع الإيطالية ماركو روسي، في بيان أمس، وجود أي قوات إيطالية في مدينة مصراتة "
    "الليبية، مؤكدا أن بلاده لا تشارك في القتال.\n\n"
    "وقال النائب الليبي سالم جحا إن مئات الجنود الإيطاليين يتمركزون في مصراتة منذ أشهر لحماية المستشفى الميداني.\n\n"
    "وأعلنت الحكومة الإيطالية أنها سترسل مساعدات طبية إلى ليبيا الأسبوع المقبل.\n"
)


@pytest.mark.parametrize("question, content", [
    ("who claimed Italian troops are in Misrata?", "Italian troops are in Misrata"),
    ("Who said that the airport had become an Italian base?", "the airport had become an Italian base"),
    ("Who is claiming that Italy has a base in Misrata?", "Italy has a base in Misrata"),
    ("Which witness described seeing a man stabbing marchers?", "seeing a man stabbing marchers"),
    ("Italy has troops in Misrata, according to whom?", "Italy has troops in Misrata"),
    ("من قال إن هناك قاعدة إيطالية في مصراتة؟", "هناك قاعدة إيطالية في مصراتة"),
    ("من زعم وجود قوات إيطالية في مصراتة؟", "وجود قوات إيطالية في مصراتة"),
    ("مَن الذي حذّر من عواقب التدخل في ليبيا؟", "عواقب التدخل في ليبيا"),
    ("من الذي قال إن السيسي التقى حفتر؟", "السيسي التقى حفتر"),
    ("بحسب من زار حفتر موسكو؟", "زار حفتر موسكو"),
    ("Which State Department official said Iran lied?", "Iran lied"),
    ("Who admitted that the base was Italian?", "the base was Italian"),
])
def test_a_who_question_is_recognised_and_its_content_is_what_was_said(question, content):
    asked = who_question(question)
    assert asked is not None and asked.content == content and not asked.denial


@pytest.mark.parametrize("question", ["Who was accused of corruption in the oil ministry?",
                                      "Which minister was criticized for the budget?"])
def test_a_passive_question_asks_who_was_spoken_of_not_a_claimant(question):
    assert who_question(question) is None


@pytest.mark.parametrize("question", ["who denied that Italy sent troops to Misrata?", "من نفى وجود قوات إيطالية؟",
                                      "مَن الذي نفت وجود قوات إيطالية؟"])
def test_a_question_about_who_denied_something_asks_for_denials(question):
    asked = who_question(question)
    assert asked is not None and asked.denial


@pytest.mark.parametrize("question", ["what is the capital of Libya?", "Who is Haftar?", "who won the election?",
                                      "من هو خليفة حفتر؟", "من الذي يقف وراء الهجوم؟", "who said that?",
                                      "ما هي قاعدة مصراتة؟"])
def test_other_questions_are_not_who_questions(question):
    assert who_question(question) is None


def _said(name: str, cue: str, quote: str, article_id: str = "a1") -> Passage:
    return Passage(article_id, quote, 0, len(quote), quote, 0.9, source="العرب",
                   speaker=Speaker(name, "الناشط السياسي الليبي", cue))


def test_the_terminal_answer_names_each_speaker_once_above_their_quotes():
    answer = Answer("who claimed Italian troops are in Misrata?", True, 1.0, [
        _said(MARASH, "وكشف", "نحو 1800 ضابط وعسكري إيطالي."), _said(MARASH, "وأكد", "زودت الميليشيات برادارات."),
        _said(MISMARI, "اعتبر", "تحول إلى قاعدة إيطالية كاملة."), _said("مصدر", "نفى", "لا قوات هناك.", "a2"),
    ], speaker_groups=[[0, 1], [2], [3]], who_question=True)
    text = answer_text(answer)
    assert text.count(MARASH) == 1 and text.count(MISMARI) == 1
    assert text.index(MARASH) < text.index("1800") < text.index("برادارات") < text.index(MISMARI)
    assert "4. نفى: «لا قوات هناك.»" in text
    assert text.count("العرب  [a1]") == 3


def _library_with_seed(library, *more: Article):
    text = shared_file("seed/al-arab-tripoli-haftar.txt").read_text(encoding="utf-8")
    seed = Article(text, title="حفتر يطلب الدعم لمنع التدخّل التركي القطري", source="العرب", author="الجمعي قاسمي")
    for article in (seed, *more):
        assert library.add(article).status == "added"
    return Searcher(library, library.embed_question)


def _first(passages, speaker: str, words: str) -> int:
    """Position of the first passage by the speaker whose quote holds the words, or -1."""
    return next((i for i, p in enumerate(passages) if p.speaker and p.speaker.name == speaker and words in p.quote), -1)


def _quoted_exactly_from_the_seed(library, passages) -> bool:
    text = library.store.by_rowids([1])[1].article.text
    return all(p.quote == text[p.start:p.end] and p.source == "العرب" and text[p.start - 1] in "\n "
               and text[p.end - 1] in ".”\"" for p in passages)


@pytest.mark.slow
def test_who_claimed_italian_troops_in_misrata_names_the_two_claimants(library):
    searcher = _library_with_seed(library)
    answer = searcher.ask("who claimed Italian troops are in Misrata?")
    passages = answer.passages
    assert answer.found and _first(passages, MARASH, OFFICERS) == 0
    assert 0 < _first(passages, MISMARI, BASE) < 3
    assert {p.speaker.name for p in passages[:3]} == {MARASH, MISMARI}
    assert _quoted_exactly_from_the_seed(library, passages)
    rendered = answer_text(answer)
    assert rendered.index(MARASH) < rendered.index(OFFICERS) < rendered.index(MISMARI)


@pytest.mark.slow
def test_arabic_paraphrases_find_both_claims_in_the_first_three_passages(library):
    searcher = _library_with_seed(library)
    for question in ("من قال إن هناك قاعدة إيطالية في مصراتة؟", "من زعم وجود قوات إيطالية في مصراتة؟"):
        passages = searcher.ask(question).passages
        assert 0 <= _first(passages, MARASH, OFFICERS) < 3, question
        assert 0 <= _first(passages, MISMARI, BASE) < 3, question
        assert _quoted_exactly_from_the_seed(library, passages)


@pytest.mark.slow
def test_who_denied_finds_the_denial_and_who_claimed_does_not_put_it_first(library):
    searcher = _library_with_seed(library, Article(DENIAL_ARTICLE, title="روما تنفي", source="وكالة"))
    for question in ("من نفى وجود قوات إيطالية في مصراتة؟", "who denied that Italy has troops in Misrata?"):
        denied = searcher.ask(question).passages[0]
        assert denied.speaker.name == "ماركو روسي" and denied.speaker.cue == "نفى", question
        assert "وجود أي قوات إيطالية" in denied.quote
    for question in ("من زعم وجود قوات إيطالية في مصراتة؟", "who claimed Italian troops are in Misrata?"):
        first = searcher.ask(question).passages[0]
        assert first.speaker.name != "ماركو روسي" and first.speaker.cue != "نفى", question


@pytest.mark.slow
def test_a_question_that_is_not_about_a_speaker_is_answered_as_before(library):
    searcher = _library_with_seed(library)
    answer = searcher.ask("ما هي قاعدة مصراتة الجوية؟")
    assert answer.found and "مصراتة" in answer.passages[0].quote


@pytest.mark.slow
def test_who_said_it_is_the_one_quoted_not_the_outlet_that_reported_them(library):
    report = Article("وكشفت صحيفة «واشنطن بوست» الأميركية أمس أن المدير العام في وزارة العدل مايكل هيروفتس قال: "
                     "«يجب أن يسمح لكل مفتش عام بأن يجري كل تحقيقاته في كل المواضيع دون قيود».",
                     title="المفتشون العامون يطالبون بصلاحيات أوسع", source="الشرق الأوسط")
    searcher = _library_with_seed(library, report)
    answer = searcher.ask("من طالب بأن يتاح لكل مفتش عام إجراء تحقيقاته في جميع القضايا بلا قيود؟")
    assert answer.found and answer.passages[0].speaker.name == "مايكل هيروفتس"
    assert "صحيفة «واشنطن بوست» الأميركية" not in [p.speaker.name for p in answer.passages if p.speaker]
