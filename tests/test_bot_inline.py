"""Inline mode: results as Telegram shows them, the message a chosen one sends, the answers kept for a while,
and the real bot answering inline queries through the local Bot API stand-in."""
from __future__ import annotations

import re
import time

import pytest

from bot.inline import DESCRIPTION_CHARS, RESULTS, RecentAnswers, article
from bot.telegram_html import FSI, MESSAGE_LIMIT, PDI, utf16_len
from retrieval.answer import Answer
from bench.standin import (
    command, group_chat, html_problems, inline_answer_problem, inline_query, private_chat, shown_text,
)
from tests.test_bot_end_to_end import ADMIN, CONTRIBUTOR, QUESTION, SEED_LINK, STRANGER, start_bot
from tests.test_bot_telegram_html import QUOTE, passage

ASKER = 6001  # listed in access.askers by user id
LISTED_GROUP = -100444  # listed in access.askers by chat: Telegram does not say in which chat an inline query is typed
SHARED_IN = group_chat(-100888)  # the chat a chosen result is sent into; the bot is not a member


def answer(question: str) -> Answer:
    return Answer(question, True, 1.0, [passage()])


# --- results and the answers kept -----------------------------------------------------------------
def test_a_result_is_titled_by_the_speaker_and_sends_the_whole_quote_with_the_speaker_and_the_linked_source():
    long_quote = " ".join([QUOTE] * 5)
    result = article(1, passage(long_quote), html=True).to_dict()
    assert result["title"] == f"{FSI}كمال المرعاش (الناشط السياسي الليبي){PDI}"
    description = result["description"].removeprefix(FSI).removesuffix(PDI)
    assert description.endswith("…") and len(description) <= DESCRIPTION_CHARS + 1
    assert long_quote.startswith(description.removesuffix("…"))
    content = result["input_message_content"]
    assert content["parse_mode"] == "HTML" and content["link_preview_options"] == {"is_disabled": True}
    markup = content["message_text"]
    assert html_problems(markup) == [] and utf16_len(shown_text(markup)) <= MESSAGE_LIMIT
    assert long_quote in shown_text(markup), "the message carries the quote as stored"
    assert "<i>— \u2068كمال المرعاش (الناشط السياسي الليبي)\u2069</i>" in markup
    assert '<a href="https://t.me/alarabonline/4242">t.me/alarabonline/4242</a> · <code>6c0e22f7dc8a</code>' in markup
    assert "<b>1.</b>" not in markup, "a message of its own is not numbered"


def test_without_a_speaker_the_outlet_titles_the_result_and_without_an_outlet_the_article_title():
    assert article(1, passage(speaker=None), html=True).title == f"{FSI}العرب{PDI}"
    assert article(1, passage(speaker=None, source=""), html=True).title == f"{FSI}في معركة طرابلس{PDI}"


def test_as_plain_text_the_result_spells_out_the_quote_and_the_link():
    content = article(2, passage(), html=False).input_message_content
    assert content.parse_mode is None and "<" not in content.message_text
    assert f"«{FSI}{QUOTE}{PDI}»" in content.message_text and "https://t.me/alarabonline/4242" in content.message_text


def test_a_quote_longer_than_one_message_keeps_its_first_piece_and_the_source_line():
    huge = " ".join([QUOTE] * 60)  # search.max_quote_chars set far over its default
    markup = article(1, passage(huge), html=True).input_message_content.message_text
    assert utf16_len(shown_text(markup)) <= MESSAGE_LIMIT and html_problems(markup) == []
    assert markup.count("<blockquote") == 1 and '<a href="https://t.me/alarabonline/4242">' in markup


def test_answers_are_kept_for_a_while_whatever_the_case_and_spacing_of_the_question():
    now = [0.0]
    recent = RecentAnswers(seconds=60, size=10, clock=lambda: now[0])
    recent.put("Who claimed Italian troops are in Misrata?", 7, answer("first"))
    assert recent.get("  who claimed italian   troops are in misrata? ", 7).question == "first"
    assert recent.get("who claimed Turkish troops are in Misrata?", 7) is None
    assert recent.get("Who claimed Italian troops are in Misrata?", 8) is None, "the library has changed since"
    now[0] = 60.0
    assert recent.get("Who claimed Italian troops are in Misrata?", 7) is None


def test_only_so_many_answers_are_kept_the_oldest_forgotten_first():
    now = [0.0]
    recent = RecentAnswers(seconds=60, size=3, clock=lambda: now[0])
    for number in range(5):
        recent.put(f"question {number}", 7, answer(str(number)))
    assert [recent.get(f"question {n}", 7) is not None for n in range(5)] == [False, False, True, True, True]
    now[0] = 61.0
    recent.put("question 5", 7, answer("5"))
    assert len(recent._answers) == 1, "expired answers are dropped, not only outnumbered ones"


def test_the_stand_in_refuses_answers_telegram_would_refuse():
    good = article(1, passage(), html=True).to_dict()
    bad_html = {**good, "id": "2", "input_message_content": {"message_text": "<b>open", "parse_mode": "HTML"}}
    answered = lambda *results, **fields: inline_answer_problem(  # noqa: E731
        {"inline_query_id": "q1", "results": list(results), **fields}, {"q1"})
    assert answered(good) == "" and answered() == ""
    assert answered(good, good) == "RESULT_ID_INVALID"
    assert answered(good, {**good, "id": "2", "title": " "}) == "RESULT_TITLE_EMPTY"
    assert answered(bad_html).startswith("can't parse entities")
    assert answered(button={"text": "Help", "start_parameter": "not allowed"}) == "START_PARAM_INVALID"
    assert "query is too old" in inline_answer_problem({"inline_query_id": "q2", "results": []}, {"q1"})


# --- the real bot ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    """The bot with a closed list of askers (one user, one group) and questions of at most 200 characters."""
    running = start_bot(tmp_path_factory.mktemp("inline"), askers=f"[{ASKER}, {LISTED_GROUP}]",
                        limits=", max_question_chars: 200")
    yield running
    running.stop()
    running.standin.stop()


@pytest.fixture(scope="module")
def seeded(bot):
    """The seed article's text, once the bot has added it."""
    reply, text = bot.forward_seed()
    assert reply.text.startswith("added: ")
    return text


def ask_inline(bot, sender: int, text: str):
    """The bot's answerInlineQuery to an inline query typed by `sender`."""
    query = inline_query(sender, text, chat_type="supergroup")
    bot.standin.push_inline_query(query)
    return bot.standin.wait_for(lambda c: c.method == "answerInlineQuery"
                                and c.params["inline_query_id"] == query["id"], 60)


def wait_for_log(bot, pattern: str, timeout: float = 30) -> re.Match:
    deadline = time.monotonic() + timeout
    while not (found := re.search(pattern, bot.log())):
        assert time.monotonic() < deadline, f"{pattern!r} not logged: {bot.log()[-2000:]}"
        time.sleep(0.2)
    return found


@pytest.mark.slow
def test_with_an_empty_library_one_result_says_so(bot):
    (result,) = ask_inline(bot, ASKER, QUESTION).results
    assert result["title"] == "Nothing found"
    assert result["description"].startswith("The library is empty: add articles first")


@pytest.mark.slow
def test_an_inline_question_offers_quotes_by_speaker_and_the_chosen_one_is_sent_with_its_source(bot, seeded):
    answered = ask_inline(bot, ASKER, QUESTION)  # asked before, of the empty library: not answered from the cache
    results = answered.results
    assert 2 <= len(results) <= RESULTS
    assert answered.params["cache_time"] == 30 and answered.params["is_personal"] is True
    titles = [result["title"] for result in results]
    assert f"{FSI}كمال المرعاش (الناشط السياسي الليبي){PDI}" in titles
    assert any(title.startswith(f"{FSI}أحمد المسماري") for title in titles)
    chosen = next(result for result in results if "كمال المرعاش" in result["title"])
    assert "1800 ضابط وعسكري إيطالي" in chosen["description"]

    sent = bot.standin.choose(answered, chosen["id"], SHARED_IN)
    (quote,) = re.findall(r"<blockquote[^>]*>([^<]*)</blockquote>", sent["markup"])
    assert shown_text(quote).strip("…\u2068\u2069") in seeded, "the quote exactly as the article has it"
    assert "كمال المرعاش" in sent["text"] and f'<a href="{SEED_LINK}">t.me/alarabonline/4242</a>' in sent["markup"]
    assert wait_for_log(bot, rf"user {ASKER} sent inline result {re.escape(chosen['id'])}")


@pytest.mark.slow
def test_a_quote_shared_in_the_private_chat_with_the_bot_is_not_taken_for_a_question(bot, seeded):
    answered = ask_inline(bot, ASKER, "من قال إن قوات إيطالية في مصراتة؟")
    before = len(bot.standin.sent_to(ASKER)), len(bot.standin.sent_to(ASKER, "sendChatAction"))
    bot.send(bot.standin.choose(answered, answered.results[0]["id"], private_chat(ASKER)))  # the bot sees it too
    helped = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == ASKER)
    bot.send(command(ASKER, "/help"))  # handled after the shared quote, so that was handled too
    assert helped().text.startswith("I answer questions")
    assert len(bot.standin.quiet(ASKER)) == before[0] + 1
    assert len(bot.standin.sent_to(ASKER, "sendChatAction")) == before[1], "no answer was begun"


@pytest.mark.slow
def test_the_same_question_again_is_answered_from_the_cache_with_the_same_results(bot, seeded):
    first = ask_inline(bot, ADMIN, "ومن قال إن قاعدة إيطالية كاملة في مصراتة؟")
    cached = len(re.findall("inline answer from the 60 s cache", bot.log()))
    again = ask_inline(bot, CONTRIBUTOR, "  ومن قال إن قاعدة   إيطالية كاملة في مصراتة؟ ")
    assert again.results == first.results and first.results[0]["id"] != "nothing"
    assert len(re.findall("inline answer from the 60 s cache", bot.log())) == cached + 1


@pytest.mark.slow
def test_an_empty_short_wordless_or_overlong_query_gets_a_hint_button_and_no_error(bot, seeded):
    for typed in ("", "ab", "١٢٣ 456 ؟؟"):
        answered = ask_inline(bot, ASKER, typed)
        assert answered.results == []
        assert answered.params["button"] == {"text": "Type a question, e.g. who said…?",
                                             "start_parameter": "help"}
    overlong = ask_inline(bot, ASKER, "لماذا زار حفتر القاهرة " * 11)
    assert overlong.results == [] and overlong.params["button"]["text"].startswith("That question is 252 characters")
    assert " failed: " not in bot.log()


@pytest.mark.slow
def test_someone_who_may_not_ask_gets_no_results_but_a_button_with_their_id(bot, seeded):
    for sender in (STRANGER, 6002):  # 6002 may ask only in the listed group, which an inline query does not name
        answered = ask_inline(bot, sender, QUESTION)
        assert answered.results == [] and answered.params["is_personal"] is True
        assert answered.params["button"] == {"text": f"Not allowed to ask · your user id: {sender}",
                                             "start_parameter": "start"}
    assert wait_for_log(bot, f"refused ask to user {STRANGER} in chat None")


@pytest.mark.slow
def test_html_telegram_cannot_parse_is_answered_again_as_plain_text(bot, seeded):
    bot.standin.fail_once("answerInlineQuery", "Bad Request: can't parse entities: unsupported start tag")
    query = inline_query(ADMIN, "why did Haftar visit Cairo?")
    bot.standin.push_inline_query(query)
    for_query = lambda c: c.method == "answerInlineQuery" and c.params["inline_query_id"] == query["id"]  # noqa: E731
    refused = bot.standin.wait_for(for_query)
    plain = bot.standin.wait_for(for_query, since=bot.standin.calls.index(refused) + 1)
    assert [r["id"] for r in plain.results] == [r["id"] for r in refused.results] and plain.results
    for html_result, plain_result in zip(refused.results, plain.results):
        content = plain_result["input_message_content"]
        assert "parse_mode" not in content and "<" not in content["message_text"]
        markup = html_result["input_message_content"]["message_text"]
        quote = re.search(r"<blockquote[^>]*>([^<]*)</blockquote>", markup).group(1)
        assert f"«{shown_text(quote)}»" in content["message_text"] and SEED_LINK in content["message_text"]
