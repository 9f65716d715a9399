"""Replies in the reader's language: the real bot words its interface in Arabic for an Arabic Telegram user, in
English for any other, by the question's language when Telegram gives none, and publishes its menu in both."""
from __future__ import annotations

import re

import pytest

from bench.standin import command, message
from tests.test_bot_end_to_end import ITALIAN_OFFICERS, QUESTION, TOPIC, answer_html, serving

pytestmark = pytest.mark.slow

ARABIC_USER, ENGLISH_USER, UNSAID = 8001, 8002, 8003  # language_code ar-SA, en, none
UNANSWERABLE = "ما سعر أوقية الذهب في بورصة لندن اليوم؟"
LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("language"))


def speaking(sent: dict, code: str | None) -> dict:
    """The message as sent by a user whose Telegram language is `code` (None: Telegram does not say)."""
    sent["from"].pop("language_code")
    if code:
        sent["from"]["language_code"] = code
    return sent


def said(bot, sender: int, code: str | None, text: str) -> list:
    """The bot's messages in reply to a text (or command) of a user speaking `code`."""
    sent = command(sender, text) if text.startswith("/") else message(sender, text=text)
    earlier = len(bot.standin.sent_to(sender))
    reply = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == sender, 120)
    bot.send(speaking(sent, code))
    reply()
    return bot.standin.quiet(sender)[earlier:]


def test_the_command_menu_is_published_in_english_by_default_and_in_both_languages(bot):
    menus = {call.params.get("language_code"): {c["command"]: c["description"] for c in call.params["commands"]}
             for call in bot.standin.calls if call.method == "setMyCommands"}
    assert set(menus) == {None, "en", "ar"} and menus[None] == menus["en"]
    assert menus["en"]["who"] == "What one person said: /who NAME" and menus["ar"]["who"] == "ما قاله شخص: /who الاسم"
    assert set(menus["ar"]) == set(menus["en"])
    assert not any(LATIN.search(re.sub(r"/\w+", "", description)) for description in menus["ar"].values())


def test_help_is_in_the_users_language_only(bot):
    (arabic,) = said(bot, ARABIC_USER, "ar-SA", "/help")
    (english,) = said(bot, ENGLISH_USER, "en", "/help")
    assert arabic.text.startswith("أجيب عن الأسئلة باقتباس") and "I answer" not in arabic.text
    assert english.text.startswith("I answer questions by quoting") and "أجيب" not in english.text


def test_an_empty_library_is_said_to_be_empty_in_the_askers_language(bot):
    (arabic,) = said(bot, ARABIC_USER, "ar", QUESTION)
    (english,) = said(bot, ENGLISH_USER, "en", QUESTION)
    assert arabic.text.startswith("المكتبة فارغة") and english.text.startswith("The library is empty")


def test_the_same_question_gets_the_same_quotes_with_the_interface_in_each_askers_language(bot):
    assert bot.forward_seed()[0].text.startswith("added: ")
    arabic, english = said(bot, ARABIC_USER, "ar", TOPIC), said(bot, ENGLISH_USER, "en", TOPIC)
    assert ITALIAN_OFFICERS in answer_html(arabic) and ITALIAN_OFFICERS in answer_html(english)
    assert re.findall(r"<blockquote[^>]*>.*?</blockquote>", answer_html(arabic), re.S) == re.findall(
        r"<blockquote[^>]*>.*?</blockquote>", answer_html(english), re.S), "quotes as stored, whoever asks"
    assert arabic[-1].buttons[0]["text"] == "المزيد" and english[-1].buttons[0]["text"] == "More"
    (nothing_ar,) = said(bot, ARABIC_USER, "ar", UNANSWERABLE)
    (nothing_en,) = said(bot, ENGLISH_USER, "en", UNANSWERABLE)
    assert nothing_ar.text == "لم أجد في المكتبة ما يجيب عن هذا السؤال."
    assert nothing_en.text == "Nothing in the library answers that question."


def test_without_a_telegram_language_the_questions_language_is_used(bot):
    (arabic,) = said(bot, UNSAID, None, UNANSWERABLE)
    assert arabic.text == "لم أجد في المكتبة ما يجيب عن هذا السؤال."
    (english,) = said(bot, UNSAID, None, "What is the price of an ounce of gold in London today?")
    assert english.text == "Nothing in the library answers that question."
    (usage,) = said(bot, UNSAID, None, "/ask")
    assert usage.text.startswith("Usage: /ask QUESTION")
