"""Names asked in Latin letters are found in their Arabic spelling, and only names are."""
from index import analyze, skeleton


def _arabic(text: str) -> set[str]:
    return skeleton.of_text(text)


def test_places_and_people_share_a_skeleton_with_their_arabic_spelling():
    for latin, arabic in (("Misrata", "مصراتة"), ("Haftar", "حفتر"), ("Mohammed", "محمد"), ("Qatar", "قطر"),
                          ("Turkey", "تركيا"), ("Moscow", "موسكو"), ("Mismari", "المسماري"),
                          ("Italian", "إيطالية"), ("Libyan", "الليبي"), ("Denver", "دنفر")):
        assert skeleton.latin(latin.lower()) & _arabic(arabic), (latin, arabic)


def test_a_joined_article_or_particle_does_not_hide_the_name():
    assert skeleton.latin("misrata") <= _arabic("بمصراتة") and skeleton.latin("misrata") <= _arabic("ومصراتة")


def test_different_names_do_not_match():
    for latin, arabic in (("Misrata", "طرابلس"), ("Haftar", "السراج"), ("Moscow", "القاهرة")):
        assert not skeleton.latin(latin.lower()) & _arabic(arabic), (latin, arabic)


def test_names_are_the_capitalised_words_that_are_not_stop_words():
    names = skeleton.names("Italian troops are in Misrata, The Guardian said")
    assert set(names) == set(analyze.terms("Italian Misrata Guardian"))
    assert names[analyze.terms("Misrata")[0]] == {"msrt"}


def test_arabic_text_and_words_of_one_consonant_have_no_latin_skeleton():
    assert skeleton.names("من قال إن هناك قاعدة إيطالية؟") == {}
    assert skeleton.latin("ali") == frozenset() and skeleton.arabic("علي") == frozenset()


def test_the_first_word_of_a_question_is_not_taken_for_a_name():
    assert set(skeleton.names("Name the general in Misrata", starts_sentence=True)) == set(analyze.terms("Misrata"))
    assert set(skeleton.names("Haftar visited Cairo", starts_sentence=False)) == set(analyze.terms("Haftar Cairo"))
