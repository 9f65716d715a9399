"""Answers rendered as Telegram HTML: escaped, direction-isolated, split into messages Telegram accepts."""
import re

from bot.telegram_html import (
    FSI, MESSAGE_LIMIT, PDI, Block, answer_messages, article_html, pack, passage_blocks, plain_text, utf16_len,
)
from index.article import Article
from index.store_rows import StoredArticle
from retrieval.answer import Passage, Speaker
from bench.standin import html_problems, shown_text

QUOTE = "وكشف أن القيادة العامة رصدت تحليق طيران أجنبي في أجواء ليبيا، ينطلق من مطار الكلية الجوية بمدينة مصراتة."
MARASH = Speaker("كمال المرعاش", "الناشط السياسي الليبي", "قال")
MISMARI = Speaker("أحمد المسماري", "المتحدث باسم الجيش الوطني الليبي", "نفى")
MARASH_HEADING = f"<b>{FSI}كمال المرعاش (الناشط السياسي الليبي){PDI}</b>"


def passage(quote: str = QUOTE, **fields) -> Passage:
    values = dict(article_id="6c0e22f7dc8a", quote=quote, start=0, end=len(quote), context=quote, score=0.8,
                  title="في معركة طرابلس", source="العرب", author="الجمعي قاسمي", url="https://t.me/alarabonline/4242",
                  published="2019-04-14T00:00:00+00:00",
                  speaker=Speaker("كمال المرعاش", "الناشط السياسي الليبي", "قال"))
    values.update(fields)
    return Passage(**values)


def quotes_of(messages: list[str]) -> list[str]:
    """The text of every blockquote, without the isolate around it."""
    return [shown_text(q).removeprefix(FSI).removesuffix(PDI)
            for m in messages for q in re.findall(r"<blockquote[^>]*>([^<]*)</blockquote>", m)]


def test_a_passage_shows_its_quote_speaker_and_source_with_a_link():
    (message,) = answer_messages([passage()])
    assert message.startswith(f"<blockquote>{FSI}{QUOTE}{PDI}</blockquote>\n")
    assert f"<i>— {FSI}كمال المرعاش (الناشط السياسي الليبي){PDI}</i>" in message
    assert f"<b>1.</b> {FSI}العرب{PDI} · {FSI}الجمعي قاسمي{PDI} · {FSI}2019-04-14{PDI} · " in message
    assert '<a href="https://t.me/alarabonline/4242">t.me/alarabonline/4242</a> · <code>6c0e22f7dc8a</code>' in message
    assert html_problems(message) == []


def test_markup_in_articles_is_shown_as_text_never_run():
    hostile = passage('قال: <script>alert("x")</script> & <b>غير مغلق', source="<i>Outlet", author='"quoted"',
                      url='https://example.org/?a=1&b="2"', speaker=None)
    (message,) = answer_messages([hostile])
    assert "<script>" not in message and "&lt;script&gt;" in message
    assert html_problems(message) == []
    assert 'قال: <script>alert("x")</script> & <b>غير مغلق' in shown_text(message)
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in message


def test_latin_labels_next_to_arabic_are_isolated_so_the_line_keeps_its_order():
    (message,) = answer_messages([passage(source="Al-Arab", author="الجمعي قاسمي")])
    source_line = message.splitlines()[-1]
    assert f"{FSI}Al-Arab{PDI} · {FSI}الجمعي قاسمي{PDI}" in source_line
    assert source_line.count(FSI) == source_line.count(PDI) == 3


def test_length_is_counted_in_utf16_units_as_telegram_does():
    assert utf16_len("abc") == 3 and utf16_len("مصراتة") == 6 and utf16_len("😀") == 2
    emoji_quote = ("🔴 عاجل " * 520).strip()
    whole = answer_messages([passage(emoji_quote)], budget=10_000)[0]
    assert len(whole) < 4000 < utf16_len(whole)  # it would fit if characters were counted
    messages = answer_messages([passage(emoji_quote)])
    assert len(messages) == 2
    assert all(utf16_len(m) < MESSAGE_LIMIT and html_problems(m) == [] for m in messages)


def test_a_20000_character_passage_is_cut_at_sentence_ends_into_closed_blockquotes():
    sentence = "الجملة رقم {} تقول إن الوفد وصل إلى القاهرة لبحث تطورات معركة طرابلس مع المسؤولين."
    sentences = [sentence.format(n) for n in range(260)]
    long_quote = " ".join(sentences)
    assert len(long_quote) > 20_000
    messages = answer_messages([passage(long_quote)])
    assert len(messages) >= 5
    for message in messages:
        assert utf16_len(message) < MESSAGE_LIMIT and html_problems(message) == []
        assert message.startswith("<blockquote expandable>")
    pieces = quotes_of(messages)
    assert all(piece.endswith("طرابلس مع المسؤولين.") for piece in pieces)
    assert " ".join(pieces) == long_quote
    assert [i for i, m in enumerate(messages) if "t.me/alarabonline/4242" in m] == [len(messages) - 1]


def test_a_run_on_text_without_sentence_ends_is_cut_between_words():
    words = ["كلمة"] * 3000
    messages = answer_messages([passage(" ".join(words), speaker=None)])
    pieces = quotes_of(messages)
    assert len(pieces) >= 3 and all(set(piece.split()) == {"كلمة"} for piece in pieces)
    assert sum(len(piece.split()) for piece in pieces) == 3000
    unbroken = "ا" * 9000
    assert "".join(quotes_of(answer_messages([passage(unbroken)]))) == unbroken


def test_passages_are_packed_whole_and_numbered_in_order():
    passages = [passage(QUOTE * 8, article_id=f"{n:012x}", speaker=None) for n in range(12)]
    messages = answer_messages(passages, first_number=6)
    assert len(messages) > 1
    numbers = [int(n) for m in messages for n in re.findall(r"<b>(\d+)\.</b>", m)]
    assert numbers == list(range(6, 18))
    for message in messages:
        assert message.count("<blockquote") == message.count("<b>")  # no passage is cut between messages
        assert "<blockquote expandable>" in message  # long quotes start folded


def test_pack_never_splits_a_block_and_keeps_order():
    blocks = [Block("a" * 1500), Block("b" * 1500, 1), Block("c" * 1500, 2), Block("d" * 10, 3)]
    assert pack(blocks, budget=3100) == ["a" * 1500 + "\n\n" + "b" * 1500, "c" * 1500 + "\n\n" + "d" * 10]


def test_a_speaker_with_several_quotes_is_named_once_in_bold_above_them_with_each_cue():
    first, second = passage(QUOTE), passage("وقال إن 1800 ضابط وعسكري إيطالي موجودون في مصراتة.", start=500)
    denial = passage("نفى وجود أي قاعدة إيطالية في مصراتة.", speaker=MISMARI)
    (message,) = answer_messages([first, second, denial], first_number=4, runs=[[first, second], [denial]])
    assert html_problems(message) == []
    assert message.startswith(f"{MARASH_HEADING}\n<i>{FSI}قال{PDI}:</i>\n<blockquote>{FSI}{QUOTE}{PDI}</blockquote>\n<b>4.</b> ")
    assert message.count(MARASH_HEADING) == 1 and "— " not in message  # no per-quote speaker line in a group
    assert f"<b>{FSI}أحمد المسماري (المتحدث باسم الجيش الوطني الليبي){PDI}</b>\n<i>{FSI}نفى{PDI}:</i>\n<blockquote>" in message
    assert re.findall(r"<b>(\d+)\.</b>", message) == ["4", "5", "6"]


def test_without_a_speaker_quoted_twice_in_a_row_each_quote_keeps_its_speaker_line():
    (message,) = answer_messages([passage(), passage("نفى وجود أي قاعدة إيطالية.", speaker=MISMARI)])
    assert message.startswith("<blockquote>") and "<i>— " in message and f"<i>{FSI}نفى{PDI}:</i>" not in message


def test_a_speaker_heading_is_kept_with_a_quote_and_repeated_where_the_quotes_go_on():
    marash = [passage(QUOTE * 6, start=n) for n in range(5)]
    mismari = [passage(QUOTE * 6, start=n, speaker=MISMARI) for n in range(5)]
    messages = answer_messages(marash + mismari, first_number=11, budget=2500, runs=[marash, mismari])
    assert len(messages) >= 4
    for message in messages:
        assert html_problems(message) == [] and utf16_len(message) <= 2500
        assert message.startswith("<b>\u2068")  # every message opens with the speaker it goes on with
        assert not message.rstrip().endswith("</b>")  # a heading never closes a message alone
        for heading in re.findall(r"<b>\u2068[^<]*</b>\n(.*)", message):
            assert heading.startswith("<i>")  # each heading is followed by a quote's cue, in the same message
    numbers = [int(n) for m in messages for n in re.findall(r"<b>(\d+)\.</b>", m)]
    assert numbers == list(range(11, 21))
    said_by = {int(number): name for m in messages
               for name, quotes in re.findall(r"<b>\u2068([^(<]*) \([^<]*</b>\n((?:(?!<b>\u2068).)*)", m, re.S)
               for number in re.findall(r"<b>(\d+)\.</b>", quotes)}
    assert said_by == {n: "كمال المرعاش" if n < 16 else "أحمد المسماري" for n in range(11, 21)}
    assert sum(m.count(MARASH_HEADING) for m in messages) >= 2  # Kamal's quotes take more than one message


def test_the_next_page_of_a_speaker_by_speaker_answer_keeps_that_layout():
    said = passage(speaker=MISMARI)
    (message,) = answer_messages([said], first_number=6, runs=[[said]])
    assert message.startswith(f"<b>{FSI}أحمد المسماري") and "<b>6.</b>" in message


def test_plain_text_keeps_quotes_and_spells_out_links():
    (message,) = answer_messages([passage('قال "نعم" & <لا>')])
    text = plain_text(message)
    assert text.startswith(f'«{FSI}قال "نعم" & <لا>{PDI}»\n')
    assert "https://t.me/alarabonline/4242 · 6c0e22f7dc8a" in text
    assert "<b>" not in text and "&amp;" not in text


def test_a_long_passage_block_list_ends_with_the_source():
    blocks = passage_blocks(passage("كلام. " * 2000), 3)
    assert len(blocks) > 1 and all("<b>3.</b>" not in b for b in blocks[:-1]) and "<b>3.</b>" in blocks[-1]


def test_an_article_preview_for_show():
    stored = StoredArticle("6c0e22f7dc8a", Article(text="سطر أول\n" + "كلام كثير " * 200, title="عنوان <مهم>",
                                                    source="العرب", url="https://t.me/alarabonline/4242",
                                                    published="2019-04-14"), "2024-05-01T10:00:00+00:00", 12)
    page = article_html(stored)
    assert html_problems(page) == [] and utf16_len(page) < MESSAGE_LIMIT
    assert page.startswith(f"<b>{FSI}عنوان &lt;مهم&gt;{PDI}</b>\n")
    assert "<code>6c0e22f7dc8a</code> · added 2024-05-01 · 12 passages" in page
    assert shown_text(page).rstrip().endswith(f"…{PDI}")


def test_a_speaker_citing_someone_else_says_whom():
    citing = Speaker("كمال المرعاش", "الناشط السياسي الليبي", "وكشف", "القيادة العامة للجيش الليبي")
    (single,) = answer_messages([passage(speaker=citing)])
    assert f"<i>— {FSI}كمال المرعاش (الناشط السياسي الليبي), citing القيادة العامة للجيش الليبي{PDI}</i>" in single
    run = [passage(speaker=citing), passage("وأكد أن إيطاليا زودت الميليشيات برادارات حديثة.")]
    (grouped,) = answer_messages(run, runs=[run])
    assert grouped.startswith(f"{MARASH_HEADING}\n<i>{FSI}وكشف, citing القيادة العامة للجيش الليبي{PDI}:</i>")


def test_a_source_line_longer_than_a_message_still_renders_the_whole_quote():
    messages = answer_messages([passage(author="ق" * 5000)])
    assert "".join(quotes_of(messages)).replace(" ", "") == QUOTE.replace(" ", "")
