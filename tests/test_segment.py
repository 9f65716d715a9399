"""Sentences and passages keep exact offsets into the article as written, and never stand on a fragment."""
from __future__ import annotations

import json
import zipfile

import pytest

from index.article import Span
from index.segment import chunk, is_fragment, split_sentences
from conftest import shared_file


def words(text: str) -> int:
    return len(text.split())


def sentences_of(text: str) -> list[str]:
    return [text[span.start:span.end] for span in split_sentences(text)]


def seed_text() -> str:
    return shared_file("seed/al-arab-tripoli-haftar.txt").read_text(encoding="utf-8")


def saudinewsnet_articles(count: int) -> list[str]:
    path = shared_file("saudinewsnet/2015-07-21.zip")
    with zipfile.ZipFile(path) as archive:
        articles = json.loads(archive.read(archive.namelist()[0]))
    return [article["content"] for article in articles[:count]]


def test_the_sentence_about_1800_italian_soldiers_is_one_whole_sentence():
    text = seed_text()
    found = [span for span in split_sentences(text) if "1800 ضابط وعسكري إيطالي" in text[span.start:span.end]]
    assert len(found) == 1
    sentence = text[found[0].start:found[0].end]
    assert sentence.startswith("وكشف في هذا السياق")
    assert sentence.endswith("1800 ضابط وعسكري إيطالي”.")


def test_seed_sentences_are_stripped_and_keep_the_text_as_written():
    text = seed_text()
    spans = split_sentences(text)
    assert len(spans) == 28
    assert all(text[s.start:s.end] == text[s.start:s.end].strip() for s in spans)
    assert any("التدخّل" in text[s.start:s.end] for s in spans)


def test_two_sentences_on_one_line_are_two():
    assert sentences_of("ولم يؤكد المسؤولون خبر الزيارة إلى موسكو. إلا أن مصادر أكدت لـ”العرب” الزيارة.") == [
        "ولم يؤكد المسؤولون خبر الزيارة إلى موسكو.",
        "إلا أن مصادر أكدت لـ”العرب” الزيارة.",
    ]


def test_numbers_do_not_split_a_sentence():
    text = "بلغ النمو 67.3 في المئة وحضر 1.800 شخص عام 2019. ثم انتهى الحفل."
    assert sentences_of(text) == ["بلغ النمو 67.3 في المئة وحضر 1.800 شخص عام 2019.", "ثم انتهى الحفل."]


def test_abbreviations_and_initials_do_not_split_a_sentence():
    assert sentences_of("قال د. محمد إن م.عماد وصل. ثم غادر.") == ["قال د. محمد إن م.عماد وصل.", "ثم غادر."]
    assert sentences_of("Dr. Smith met J. K. Rowling in the U.S. on Monday, e.g. at noon. It rained!") == [
        "Dr. Smith met J. K. Rowling in the U.S. on Monday, e.g. at noon.",
        "It rained!",
    ]


def test_links_and_addresses_do_not_split_a_sentence():
    assert sentences_of("زوروا www.alriyadh.com أو راسلوا a.khojah@asharqalawsat.com اليوم. شكرا لكم جميعا") == [
        "زوروا www.alriyadh.com أو راسلوا a.khojah@asharqalawsat.com اليوم.",
        "شكرا لكم جميعا",
    ]


def test_a_quotation_holds_its_sentences_together():
    text = "وأضاف: «إننا نرى التهديد. سيتم تعزيز نظامنا الأمني». ثم غادر القاعة."
    assert sentences_of(text) == ["وأضاف: «إننا نرى التهديد. سيتم تعزيز نظامنا الأمني».", "ثم غادر القاعة."]


def test_a_closing_quote_after_the_end_mark_belongs_to_the_sentence():
    assert sentences_of('قال: "انتهى." وأضاف أن الأمر صعب.') == ['قال: "انتهى."', "وأضاف أن الأمر صعب."]
    assert sentences_of("سأل «هل انتهى؟» ثم غادر. فعلا!؟ نعم") == ["سأل «هل انتهى؟»", "ثم غادر.", "فعلا!؟", "نعم"]


def test_an_unclosed_quote_does_not_swallow_the_rest():
    line = 'قال "بداية بلا نهاية. ثم جملة أخرى.'
    assert sentences_of(line) == ['قال "بداية بلا نهاية.', "ثم جملة أخرى."]
    long_quote = "ذكر «" + "كلام طويل جدا " * 40 + ". ثم جملة» أخرى."
    assert len(sentences_of(long_quote)) == 2


def test_a_line_break_always_ends_a_sentence():
    assert sentences_of("عنوان بلا نقطة\r\nثم نص الخبر.\n\n\nوآخر") == ["عنوان بلا نقطة", "ثم نص الخبر.", "وآخر"]


def test_marks_without_letters_before_them_do_not_make_a_sentence():
    assert sentences_of("3. تطبيق فيسبوك الجديد. ...المزيد") == ["3. تطبيق فيسبوك الجديد.", "...المزيد"]


@pytest.mark.parametrize(
    "line",
    [".", ". . .", "(1) . .", "***", "www.alehaidib.com", "aaljamili@yahoo.com", "...المزيد", "Next Previous",
     "عين اليوم – متابعات", "غزة - دنيا الوطن", "الجمعي قاسمي", "😀", "3601116987", "\u200f"],
)
def test_sign_offs_links_and_dots_are_fragments(line):
    assert is_fragment(line)


@pytest.mark.parametrize(
    "line",
    ["في معركة طرابلس..", "لا غرابة فيه.", "Haftar flew to Cairo.", "وقال المرعاش إن الزيارة مهمة."],
)
def test_short_real_sentences_are_not_fragments(line):
    assert not is_fragment(line)


def assert_chunks_are_sound(text: str, spans: list[Span], chunks, budget: int, count=words):
    """Chunks lie on sentences, share at most one, never stand on fragments alone, and cover every real sentence."""
    real = {i for i, s in enumerate(spans) if not is_fragment(text[s.start:s.end])}
    covered = set()
    for index, c in enumerate(chunks):
        assert (c.start, c.end) == (spans[c.first_sentence].start, spans[c.last_sentence - 1].end)
        inside = set(range(c.first_sentence, c.last_sentence))
        assert inside & real, text[c.start:c.end]
        assert count(text[c.start:c.end]) <= budget or len(inside & real) == 1
        covered |= inside
        if index:
            shared = chunks[index - 1].last_sentence - c.first_sentence
            assert shared in (0, 1)
            assert c.last_sentence > chunks[index - 1].last_sentence
    assert real <= covered


def test_seed_passages_share_exactly_one_sentence():
    text = seed_text()
    spans = split_sentences(text)
    chunks = chunk(text, spans, words, budget=200)
    assert len(chunks) == 5
    assert all(b.first_sentence == a.last_sentence - 1 for a, b in zip(chunks, chunks[1:]))
    assert_chunks_are_sound(text, spans, chunks, 200)
    assert any("1800 ضابط وعسكري إيطالي" in text[c.start:c.end] for c in chunks)


def test_a_byline_joins_the_passage_after_it():
    text = seed_text()
    spans = split_sentences(text)
    byline = next(i for i, s in enumerate(spans) if text[s.start:s.end] == "الجمعي قاسمي")
    chunks = chunk(text, spans, words, budget=20)
    holder = next(c for c in chunks if c.first_sentence <= byline < c.last_sentence)
    assert holder.last_sentence - 1 > byline
    assert_chunks_are_sound(text, spans, chunks, 20)


def test_a_sentence_longer_than_the_budget_is_a_passage_of_its_own():
    text = "جملة قصيرة هنا الآن. " + "كلمة " * 50 + "طويلة. وجملة أخيرة بعدها."
    spans = split_sentences(text)
    chunks = chunk(text, spans, words, budget=10)
    assert [(c.first_sentence, c.last_sentence) for c in chunks] == [(0, 1), (1, 2), (2, 3)]


def test_a_one_sentence_article_is_one_passage_and_an_article_of_fragments_has_none():
    text = "عين اليوم – متابعات\nوصل المشير حفتر إلى القاهرة أمس.\n..."
    assert [(c.start, c.end) for c in chunk(text, split_sentences(text), words)] == [(0, len(text))]
    fragments = "...\nwww.example.com\nعين اليوم – الرياض\n😀"
    assert chunk(fragments, split_sentences(fragments), words) == []


def test_the_token_counter_decides_the_budget():
    text = seed_text()
    spans = split_sentences(text)

    def with_special_tokens(passage: str) -> int:
        return len(passage.split()) + 2

    chunks = chunk(text, spans, with_special_tokens, budget=120)
    assert len(chunks) > 5
    assert_chunks_are_sound(text, spans, chunks, 120, with_special_tokens)


def test_real_saudinewsnet_articles_segment_soundly():
    articles = saudinewsnet_articles(300)
    sentences = 0
    for text in articles:
        spans = split_sentences(text)
        sentences += len(spans)
        ends = [0] + [s.end for s in spans]
        for previous_end, span in zip(ends, spans):
            assert previous_end <= span.start < span.end <= len(text)
            assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        outside = "".join(text[a:b] for a, b in zip(ends, [s.start for s in spans] + [len(text)]))
        assert outside.strip() == "", "every non-space character belongs to a sentence"
        assert_chunks_are_sound(text, spans, chunk(text, spans, words, budget=120), 120)
    assert sentences > 2000


def test_windows_1256_newspaper_articles_segment_soundly():
    folder = shared_file("arabic-newspapers/سياسيه")
    files = sorted(folder.glob("*.txt"))[:60]
    assert files
    for path in files:
        text = path.read_bytes().decode("cp1256", errors="replace")
        spans = split_sentences(text)
        assert_chunks_are_sound(text, spans, chunk(text, spans, words, budget=120), 120)
