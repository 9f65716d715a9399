"""Speakers' profiles: which stored names are one person, finding them by any spelling, and reading their
statements newest first from a real store."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from index.article import Article
from index.library import Library
from retrieval.profiles import about, person_of, profile_answer, profiles
from retrieval.said_question import SaidQuestion, said_question
from tests.fake_embedder import WordsEmbedder

SPEAKERS = {"أحمد المسماري": 6, "اللواء أحمد المسماري": 1, "عبدالله المسماري": 3, "كمال المرعاش": 5,
            "مصادر سياسية ليبية": 2, "المشير خليفة حفتر": 1, "حفتر": 3, "المرعاش": 1}


def names_of(found):
    return [(profile.name, set(profile.names), profile.statements) for profile in found]


@pytest.mark.parametrize("asked", ["Ahmed al-Mismari", "أحمد المسماري", "اللواء أحمد المسماري", "ahmed mismari"])
def test_a_full_name_in_either_script_and_with_a_title_is_one_person(asked):
    assert names_of(profiles(asked, SPEAKERS)) == [("أحمد المسماري", {"أحمد المسماري", "اللواء أحمد المسماري"}, 7)]


@pytest.mark.parametrize("asked", ["Mismari", "al-Mismari", "المسماري"])
def test_people_of_one_surname_with_different_first_names_are_not_merged(asked):
    assert names_of(profiles(asked, SPEAKERS)) == [
        ("أحمد المسماري", {"أحمد المسماري", "اللواء أحمد المسماري"}, 7), ("عبدالله المسماري", {"عبدالله المسماري"}, 3)]


def test_a_surname_alone_joins_the_one_person_of_that_surname_and_stays_apart_when_there_are_several():
    assert names_of(profiles("Haftar", SPEAKERS)) == [("المشير خليفة حفتر", {"حفتر", "المشير خليفة حفتر"}, 4)]
    assert names_of(profiles("كمال المرعاش", SPEAKERS)) == [("كمال المرعاش", {"كمال المرعاش", "المرعاش"}, 6)]
    found = profiles("المسماري", {**SPEAKERS, "المسماري": 2})
    assert [profile.name for profile in found] == ["أحمد المسماري", "عبدالله المسماري", "المسماري"]


def test_of_the_people_a_latin_name_may_be_the_nearest_in_spelling_comes_first_else_the_most_quoted():
    speakers = {"سليم الجبوري": 30, "عادل الجبير": 2, "سلطان الجابر": 12}
    assert [p.name for p in profiles("Jubeir", speakers)] == ["عادل الجبير", "سلطان الجابر", "سليم الجبوري"]
    assert [p.name for p in profiles("الجبير", {**speakers, "فهد الجبير": 5})] == ["فهد الجبير", "عادل الجبير"]


@pytest.mark.parametrize("names, person", [
    (["عبد الفتاح السيسي", "عبدالفتاح السيسي", "الرئيس عبد الفتاح السيسي"], ("عبدالفتاح", "سيسي")),
    (["محمد بن سلمان", "الأمير محمد بن سلمان بن عبد العزيز"], ("محمد", "بنسلمان")),
    (["عادل الجبير", "وزير الخارجية عادل الجبير", "عادل محمد الجبير"], ("عادل", "جبير")),
    (["الرئيس السيسي", "السيسي"], ("", "سيسي")),
    (["مصادر مطلعة", "إدارة أوباما", "الرئيس الفلسطيني في كلمته", "السيسي موجها حديثه للأمير محمد بن سلمان"], None),
])
def test_variants_of_a_name_are_one_person_and_descriptions_none(names, person):
    assert {person_of(name) for name in names} == {person}


@pytest.mark.parametrize("asked", ["مصادر", "Marwan", "عبدالله حفتر", "al", "ال"])
def test_unnamed_sources_and_names_nobody_has_find_no_profile(asked):
    assert profiles(asked, SPEAKERS) == []


@pytest.mark.parametrize("question, asked", [
    ("what did al-Mismari say about Turkey?", SaidQuestion("al-Mismari", "Turkey")),
    ("What has Khalifa Haftar said on the Tripoli battle", SaidQuestion("Khalifa Haftar", "the Tripoli battle")),
    ("what did Haftar say?", SaidQuestion("Haftar")),
    ("ماذا قال المسماري عن تركيا؟", SaidQuestion("المسماري", "تركيا")),
    ("ما الذي قاله أحمد المسماري عن قاعدة إيطالية؟", SaidQuestion("أحمد المسماري", "قاعدة إيطالية")),
    ("who claimed Italian troops are in Misrata?", None),
    ("what did the army do in Misrata?", None),
    ("ماذا حدث في طرابلس؟", None),
])
def test_a_question_about_what_someone_said_names_them_and_the_topic(question, asked):
    assert said_question(question) == asked


OLDER = ("أكد أحمد المسماري أن تركيا ترسل أسلحة إلى مصراتة عبر مالطا.\n\n"
         "وقال كمال المرعاش إن إيطاليا زودت الميليشيات برادارات حديثة.\n")
NEWER = ("نفى اللواء أحمد المسماري أن تكون قواته قد استهدفت المدنيين في جنوب طرابلس.\n\n"
         "وقال عبدالله المسماري إن المدينة تستعد لاستقبال مئات الأسر النازحة.\n")


@pytest.fixture
def quoted(tmp_path):
    """A real store of two articles, the newer one added first."""
    library = Library(tmp_path / "library", WordsEmbedder())
    library.add(Article(NEWER, title="الأحدث", source="قناة", published="2019-05-01T10:00:00+00:00"))
    library.add(Article(OLDER, title="الأقدم", source="العرب", published="2019-04-14T12:00:00+00:00"))
    yield library
    library.close()


def test_a_profile_reads_its_statements_newest_first_each_an_exact_substring_with_its_source(quoted):
    speakers = quoted.speakers()
    assert speakers["أحمد المسماري"] == 2 and "عبدالله المسماري" in speakers
    (ahmed,) = profiles("Ahmed Mismari", speakers)
    said = quoted.said_by(ahmed.names, 10)
    assert [record.provenance.title for record in said] == ["الأحدث", "الأقدم"]
    assert [record.statement.polarity for record in said] == ["denies", "asserts"]
    for record in said:
        text = quoted.get(record.article_id).article.text
        assert text[record.statement.start:record.statement.end] == record.content
    assert [record.statement for record in quoted.said_by(ahmed.names, 1)] == [said[0].statement]
    answer = profile_answer(ahmed.name, said, 30)
    first = answer.passages[0]
    assert first.denied and not answer.passages[1].denied and first.source == "قناة"
    assert first.quote == NEWER[first.start:first.end] and len(first.quote) <= 30 and first.cut_after
    assert answer.speaker_groups == [[0, 1]] and answer.claimant_first


def test_a_profile_about_a_topic_keeps_the_statements_naming_it_in_either_script(quoted):
    (ahmed,) = profiles("المسماري أحمد", quoted.speakers())
    said = quoted.said_by(ahmed.names, 10)
    for topic in ("Turkey", "تركيا", "weapons"):  # weapons: أسلحة, by the news words (retrieval/news_words.py)
        found, named = about(said, topic, WordsEmbedder().queries([topic])[0])
        assert [record.provenance.title for record in found] == ["الأقدم"] and named


def test_a_topic_no_statement_names_ranks_them_all_by_their_sentences_closeness_to_it(quoted):
    (ahmed,) = profiles("Ahmed al-Mismari", quoted.speakers())
    newer, older = quoted.said_by(ahmed.names, 10)
    topic = np.zeros_like(newer.vector)
    topic[:2] = 1.0
    near, far = replace(older, vector=topic / 2), replace(newer, vector=-topic)
    for topic_words in ("smugglers", "Japan"):
        found, named = about([far, near], topic_words, topic)
        assert [record.statement for record in found] == [older.statement, newer.statement] and not named
