"""Text analysis: one normalisation for matching, terms for the lexical index, language of a question."""
from __future__ import annotations

import pytest

from index.analyze import detect_language, has_words, letter_count, normalize, terms, tokens, word_count
from conftest import shared_file


def seed_text() -> str:
    return shared_file("seed/al-arab-tripoli-haftar.txt").read_text(encoding="utf-8")


def test_a_word_with_a_shadda_matches_the_same_word_without_it():
    assert normalize("أكّد") == normalize("اكد") == "اكد"


def test_teh_marbuta_and_heh_spellings_of_misrata_match():
    assert normalize("مصراتة") == normalize("مصراته")


def test_alef_variants_and_alef_maksura_fold_to_one_letter():
    assert normalize("أحمد إلى آخر ٱلكتاب") == normalize("احمد الي اخر الكتاب")


def test_tatweel_diacritics_and_invisible_marks_are_gone():
    assert normalize("مـــصرُ\u200f الـعـربـيـةُ\u200c\ufeff") == "مصر العربيه"


def test_arabic_indic_and_persian_digits_become_ascii():
    assert normalize("١٨٠٠ ضابط و۱۲ طائرة") == "1800 ضابط و12 طائره"


def test_presentation_forms_become_base_letters():
    assert normalize("\ufefb\ufe8e") == normalize("لا") + normalize("ا")


def test_latin_is_casefolded_and_white_space_collapsed():
    assert normalize("  Haftar\tIN\n\nCAIRO ") == "haftar in cairo"


def test_normalising_the_seed_article_leaves_its_text_as_written():
    text = seed_text()
    before = str(text)
    folded = normalize(text)
    assert text == before and "التدخّل" in text
    assert "التدخل" in folded and "ّ" not in folded and "ـ" not in folded


def test_tokens_split_off_punctuation_and_keep_decimals_whole():
    assert tokens("بلغ النمو 67.3%، وقال: «نعم»!") == ["بلغ", "النمو", "67.3", "وقال", "نعم"]
    assert tokens("عام 2019.") == ["عام", "2019"]


def test_terms_drop_stop_words_and_light_stem_arabic():
    assert terms("في من على إلى عن أن التي هذا") == []
    assert terms("الإيطالية") == terms("إيطالي") == terms("والإيطالي")
    assert terms("بمدينة مصراتة") == terms("المدينة مصراته")


def test_terms_stem_english_and_keep_numbers():
    assert terms("Who claimed Italian troops are in Misrata?") == ["claim", "italian", "troop", "misrata"]
    assert terms("نحو 1800 ضابط") == ["نحو", "1800", "ضابط"]


def test_an_arabic_question_shares_its_key_terms_with_the_seed_passage():
    passage = next(line for line in seed_text().splitlines() if "1800" in line)
    question = terms("كم عدد العسكريين الإيطاليين في مطار الكلية الجوية بمصراتة؟")
    assert set(terms("إيطالي مصراتة الكلية الجوية")) <= set(question) & set(terms(passage))


@pytest.mark.parametrize(
    "question, language",
    [
        ("Who claimed Italian troops are in Misrata?", "en"),
        ("من قال إن قوات إيطالية موجودة في مصراتة؟", "ar"),
        ("What did Haftar discuss with السيسي?", "en"),
        ("ماذا قال Ahmed al-Mismari عن Italian base في مصراتة؟", "mixed"),
        ("😀", "other"),
        ("Что сказал Хафтар?", "other"),
    ],
)
def test_the_language_of_a_question(question, language):
    assert detect_language(question) == language


def test_the_seed_article_is_arabic():
    assert detect_language(seed_text()) == "ar"


def test_an_emoji_or_a_single_letter_has_no_words():
    assert not has_words("😀")
    assert not has_words("x ؟")
    assert has_words("من هو حفتر؟", 2)
    assert letter_count("حفتر 1800!") == 4


def test_links_addresses_and_handles_are_not_words():
    assert word_count("لمراسلة الكاتب: aaltayer@alriyadh.net https://t.me/x/1 #وسم @name") == 2
