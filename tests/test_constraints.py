"""What a claim commits to: its numbers, the places it names (in English, found in Arabic) and its words."""
from __future__ import annotations

from retrieval.constraints import of_claim, numbers
from retrieval.gazetteer import found_in, named_places


def test_numbers_are_read_from_digits_and_from_number_words_in_both_languages():
    assert numbers("Who said 45 fighters and five founders were executed in 2015?") == {45.0, 5.0, 2015.0}
    assert numbers("وصل مصاباً بثلاث رصاصات بعد خمسة أيام من مقتل 1,800 شخص") == {3.0, 5.0, 1800.0}
    assert numbers("Who said one of the ministers resigned?") == frozenset()  # "one of" names no number


def test_an_english_place_and_its_adjective_are_found_in_arabic():
    assert named_places("Who said Egyptian forces entered Saudi Arabia from Baghdad?") == [
        ("egypt",), ("saudi", "arabia"), ("baghdad",)]
    assert found_in(("egypt",), "أكدت الخارجية المصرية") and found_in(("saudi", "arabia"), "قالت السعودية")
    assert found_in(("libya",), "في الأراضي الليبية") and found_in(("libya",), "ليبيا")
    assert not found_in(("iran",), "قالت الخارجية المصرية")
    assert found_in(("italy",), "Italian troops are in Misrata")  # an English text by its English name


def test_a_statement_meets_a_claim_only_with_its_numbers_places_and_enough_of_its_words():
    english = of_claim("Iran could absorb 500 billion dollars of Egyptian investment")
    assert english.met_by("قال سيف إن إيران يمكنها استيعاب 500 مليار دولار من الاستثمارات المصرية")
    assert not english.met_by("قال سيف إن إيران يمكنها استيعاب 200 مليار دولار من الاستثمارات المصرية")
    assert not english.met_by("قال سيف إن إيران يمكنها استيعاب 500 مليار دولار من الاستثمارات التركية")
    arabic = of_claim("الحوثيين يخفون صواريخ الكاتيوشا بين الأشجار في دار سعد")
    assert arabic.met_by("وقال المصدر إن الحوثيين يخبئون صواريخ كاتيوشا بين أشجار منطقة دار سعد")
    assert not arabic.met_by("وقال المصدر إن الحوثيين قصفوا مستشفى المدينة")
