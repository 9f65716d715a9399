"""library.scope: per_chat: the real bot keeps what two groups add apart, in answers, /sources, /stats, /show,
/who and inline results, while an admin's private chat sees everything."""
from __future__ import annotations

import re

import pytest

from bench.standin import channel_origin, command, group_chat, message
from tests.test_bot_end_to_end import (
    ADMIN, CONTRIBUTOR, ITALIAN_OFFICERS, QUESTION, SEED_LINK, answer_html, serving,
)
from tests.test_bot_following import seed_post  # noqa: F401 (a fixture)
from tests.test_bot_inline import ask_inline

pytestmark = pytest.mark.slow

GROUP_A, GROUP_B = group_chat(-100501), group_chat(-100502)
ASKER = 7001  # may ask, added nothing
SPORTS = ("فاز فريق الهلال على النصر بثلاثة أهداف مقابل هدف في مباراة الدوري السعودي مساء أمس.\n"
          "وقال مدرب الفريق سامي الجابر إن اللاعبين قدموا مباراة كبيرة أمام جماهير غفيرة ملأت الملعب.\n"
          "وبهذا الفوز يتصدر الهلال جدول الترتيب برصيد ثلاثين نقطة قبل أربع جولات من النهاية.")


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("scopes"), settings="library: {scope: per_chat}\n")


def add_in(bot, chat: dict, text: str, **fields) -> str:
    """The contributor's message in the chat, added with /add in reply to it: the article's id."""
    posted = message(CONTRIBUTOR, chat, text=text, **fields)
    bot.send(posted)
    added = bot.reply_to(bot.send(command(CONTRIBUTOR, "/add", chat, reply_to_message=posted)), 120).text
    return re.search(r"id ([0-9a-f]{12})", added).group(1)


@pytest.fixture(scope="module")
def libraries(bot, seed_post) -> tuple[str, str]:  # noqa: F811
    """The seed post added in group A and a sports report in group B: their article ids."""
    return (add_in(bot, GROUP_A, seed_post, forward_origin=channel_origin("العرب", "alarabonline", 4242)),
            add_in(bot, GROUP_B, SPORTS))


def said(bot, chat: dict, text: str, sender: int = ADMIN) -> str:
    """Everything the bot sent in the chat in answer to a command said there."""
    earlier = len(bot.standin.sent_to(chat["id"]))
    reply = bot.next_call(lambda c: c.method == "sendMessage" and c.chat_id == chat["id"])
    bot.send(command(sender, text, chat))
    reply()
    return "\n".join(call.text for call in bot.standin.quiet(chat["id"])[earlier:])


def test_a_groups_answers_quote_only_its_own_articles(bot, libraries):
    assert ITALIAN_OFFICERS in said(bot, GROUP_A, f"/ask {QUESTION}", ASKER)
    in_b = bot.reply_to(bot.send(command(ASKER, f"/ask {QUESTION}", GROUP_B))).text
    assert in_b.startswith("Nothing in the library answers") and ITALIAN_OFFICERS not in in_b


def test_sources_stats_show_and_who_keep_to_the_groups_library(bot, libraries):
    seed, sports = libraries
    for chat, own, other in ((GROUP_A, seed, sports), (GROUP_B, sports, seed)):
        listed = said(bot, chat, "/sources")
        assert own in listed and other not in listed
        assert said(bot, chat, "/stats").startswith("Articles: 1\n")
        assert said(bot, chat, f"/show {other}").startswith(f"no article with id {other}")
    assert re.match(r"[^\n]*المسماري: \d+ statements", said(bot, GROUP_A, "/who المسماري"))
    assert said(bot, GROUP_B, "/who المسماري").startswith("Nobody called المسماري")


def test_an_admins_private_chat_sees_every_library(bot, libraries):
    assert said(bot, {"id": ADMIN, "type": "private"}, "/stats").startswith("Articles: 2\n")
    assert ITALIAN_OFFICERS in answer_html(bot.ask(QUESTION, ADMIN))


def test_inline_answers_read_the_users_own_library(bot, libraries, seed_post):  # noqa: F811
    (nothing,) = ask_inline(bot, ASKER, QUESTION).results
    assert nothing["description"].startswith("The library is empty"), "the groups' articles are not the asker's"
    assert any(ITALIAN_OFFICERS in r["description"] for r in ask_inline(bot, ADMIN, QUESTION).results)
    before = ask_inline(bot, CONTRIBUTOR, QUESTION).results
    assert before[0]["id"] == "nothing"
    forwarded = message(CONTRIBUTOR, text=seed_post, forward_origin=channel_origin("العرب", "alarabonline", 4242))
    assert "already have it" in bot.replies(bot.send(forwarded))[-1].text  # one article, now in both libraries
    results = ask_inline(bot, CONTRIBUTOR, QUESTION).results
    assert any(ITALIAN_OFFICERS in r["description"] for r in results)
    assert SEED_LINK in results[0]["input_message_content"]["message_text"]
    assert said(bot, {"id": CONTRIBUTOR, "type": "private"}, "/stats", CONTRIBUTOR).startswith("Articles: 1\n")
