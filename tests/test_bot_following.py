"""Following channels: the real bot, an administrator of channels of the local Bot API stand-in, adds their posts,
replaces the article of an edited post, and leaves alone the channels nobody approved."""
from __future__ import annotations

import re

import pytest

from bench.standin import channel, channel_origin, channel_post, command, edited, message
from tests.conftest import shared_file
from tests.test_bot_inline import wait_for_log
from tests.test_bot_end_to_end import CONTRIBUTOR, ITALIAN_OFFICERS, QUESTION, STRANGER, answer_html, serving, start_bot

pytestmark = pytest.mark.slow

NEWS = channel(-1009002, "أخبار ليبيا", "libyanews")  # one of its administrators is a contributor; an Arabic title:
# the bot answers there in Arabic
STRANGERS = channel(-1009001, "Someone else's", "somebodys")  # administered by someone who may not add articles
LISTED = channel(-1009003, "العرب", "listedchannel")  # in follow.channels
LISTED_GROUP = {"id": -1009011, "type": "supergroup", "title": "Libya desk"}  # in follow.channels by id
TURKISH_EXPERTS = "300 خبير عسكري تركي"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    for running in serving(tmp_path_factory.mktemp("following"), settings="follow: {channels: ['@ListedChannel', -1009011]}\n"):
        running.standin.administrators.update({NEWS["id"]: [STRANGER, CONTRIBUTOR], STRANGERS["id"]: [STRANGER]})
        yield running


@pytest.fixture(scope="module")
def seed_post() -> str:
    """The end of the seed article, as long as a channel post may be, holding the Italian officers' sentence."""
    text = shared_file("seed/al-arab-tripoli-haftar.txt").read_text(encoding="utf-8")[-3900:]
    return text[text.index("\n") + 1:]


def post(bot, chat: dict, text: str, **fields) -> dict:
    sent = channel_post(chat, text, **fields)
    bot.standin.push(channel_post=sent)
    return sent


def stored(bot, chat: dict, message_id: int, status: str = "added") -> str:
    """The id of the article a channel's post became, once the bot logs it."""
    return wait_for_log(bot, rf"post {message_id} of channel {chat['id']}: {status} ([0-9a-f]{{12}})", 120).group(1)


def said_in(bot, chat: dict, after: dict) -> str:
    """What the bot posted in the channel in reply to a post."""
    return bot.standin.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == chat["id"]
                                and c.replied_to == after["message_id"]).text


@pytest.fixture(scope="module")
def followed(bot, seed_post) -> str:
    """The news channel followed, and the seed post's article id."""
    assert said_in(bot, NEWS, post(bot, NEWS, "/follow")).startswith("أتابع هذه القناة:")
    post(bot, NEWS, seed_post, message_id=77, signature="مراسل ليبيا")
    return stored(bot, NEWS, 77)


def test_a_followed_channels_post_is_answered_with_its_link_and_signature(bot, followed):
    page = answer_html(bot.ask(QUESTION))
    assert ITALIAN_OFFICERS in page
    assert '<a href="https://t.me/libyanews/77">t.me/libyanews/77</a>' in page and "مراسل ليبيا" in page


def test_an_edited_post_replaces_its_article_and_the_old_quote_is_gone(bot, followed, seed_post):
    before = bot.articles()
    bot.standin.push(edited_channel_post=edited(channel_post(NEWS, seed_post.replace("1800 ضابط وعسكري إيطالي",
                                                                                     TURKISH_EXPERTS), 77)))
    new_id = stored(bot, NEWS, 77, "edited")
    assert new_id != followed and bot.articles() == before
    page = answer_html(bot.ask("من قال إن خبير عسكري تركي يتواجد في مصراتة؟"))
    assert TURKISH_EXPERTS in page and re.search(r"edited \d{4}-\d\d-\d\d", page)
    for question in (QUESTION, "كم ضابط وعسكري إيطالي في مصراتة؟"):
        assert ITALIAN_OFFICERS not in answer_html(bot.ask(question)), "the old text is out of search"


def test_an_album_is_one_article(bot, followed):
    before = bot.articles()
    album = [post(bot, NEWS, text, media_group_id="album-1") for text in (
        "المجلس الرئاسي يعلن حالة الطوارئ في العاصمة الليبية بعد اشتباكات عنيفة جنوب المدينة.",
        "وقال المتحدث باسم المجلس إن الحكومة تعمل على إعادة الهدوء وحماية المدنيين في الأحياء الجنوبية.")]
    stored(bot, NEWS, album[0]["message_id"])
    assert bot.articles() == before + 1


def test_posts_of_a_channel_nobody_approved_are_ignored_and_logged_once(bot, followed):
    before = bot.articles()
    refused = post(bot, STRANGERS, "/follow")
    assert said_in(bot, STRANGERS, refused).startswith("Not followed: none of this channel's administrators")
    for number in range(2):
        sent = post(bot, STRANGERS, f"خبر رقم {number} عن اجتماع وزراء الخارجية العرب في القاهرة لبحث الأزمة الليبية.")
        wait_for_log(bot, rf"post {sent['message_id']} of channel {STRANGERS['id']} ignored")
    assert len(re.findall(rf"ignoring the posts of channel {STRANGERS['id']}", bot.log())) == 1
    assert bot.articles() == before


def test_a_channel_named_in_the_settings_is_followed_without_a_command(bot):
    sent = post(bot, LISTED, "أعلن الهلال الأحمر الليبي وصول قافلة مساعدات طبية إلى مدينة ترهونة صباح اليوم.")
    assert stored(bot, LISTED, sent["message_id"])
    assert said_in(bot, LISTED, post(bot, LISTED, "/unfollow")).startswith("المنشورات هنا متابَعة في إعدادات البوت")


def test_after_unfollow_new_posts_are_ignored(bot, followed):
    assert said_in(bot, NEWS, post(bot, NEWS, "/unfollow")).startswith("توقفت عن متابعة المنشورات هنا")
    before = bot.articles()
    post(bot, NEWS, "خبر جديد بعد إيقاف المتابعة عن زيارة وفد أممي إلى بنغازي للقاء القيادة العامة.")
    wait_for_log(bot, rf"ignoring the posts of channel {NEWS['id']}")
    assert bot.articles() == before
    assert said_in(bot, NEWS, post(bot, NEWS, "/unfollow")).startswith("لم تكن المنشورات هنا متابَعة")


DISCUSSION = {"id": -1009010, "type": "supergroup", "title": "نقاش أخبار ليبيا"}
TELEGRAM = 777000  # the sender of the copies Telegram forwards from a channel into its discussion group
VOLUNTEERS = "أعلن مصدر عسكري في طرابلس أن 40 متطوعا من الهلال الأحمر وصلوا إلى مدينة سرت لإجلاء الجرحى من الأحياء الشرقية."


def discussion_copy(bot, text: str, message_id: int) -> dict:
    """A post of the news channel as Telegram forwards it into the channel's discussion group."""
    sent = message(TELEGRAM, DISCUSSION, text=text, sender_chat=NEWS, is_automatic_forward=True,
                   forward_origin=channel_origin(NEWS["title"], NEWS["username"], message_id))
    bot.standin.push(message=sent)
    return sent


def test_a_discussion_group_is_followed_only_when_asked_and_its_copies_are_the_channels_posts(bot):
    bot.standin.push(message=command(  # the channel's own /follow, copied into the group by Telegram
        TELEGRAM, "/follow", DISCUSSION, sender_chat=NEWS, is_automatic_forward=True,
        forward_origin=channel_origin(NEWS["title"], NEWS["username"], 90)))
    ignored = discussion_copy(bot, VOLUNTEERS, 91)
    wait_for_log(bot, rf"ignoring the posts of channel {DISCUSSION['id']}", 60)
    asked = bot.send(command(CONTRIBUTOR, "/follow", DISCUSSION))
    said = [call.text for call in bot.replies(asked)]
    assert said[-1].startswith("Following the channel posts forwarded into this group")
    assert not any(str(TELEGRAM) in text for text in said), "the channel's copied /follow is not refused in the group"
    copy = discussion_copy(bot, VOLUNTEERS, 92)
    stored(bot, DISCUSSION, copy["message_id"])
    assert ignored["message_id"] != copy["message_id"]
    page = answer_html(bot.ask("كم متطوعا من الهلال الأحمر وصلوا إلى سرت؟"))
    assert "40 متطوعا من الهلال الأحمر" in page and 'href="https://t.me/libyanews/92"' in page
    stopped = bot.send(command(CONTRIBUTOR, "/unfollow", DISCUSSION))
    assert bot.replies(stopped)[-1].text.startswith("No longer following")


def test_a_group_named_in_follow_channels_is_unfollowed_only_there(bot):
    refused = bot.send(command(CONTRIBUTOR, "/unfollow", LISTED_GROUP))
    assert bot.replies(refused)[-1].text.startswith("The posts here are followed by the bot's settings")


def test_the_channels_followed_are_kept_across_a_restart(bot, followed, tmp_path_factory):
    assert said_in(bot, NEWS, post(bot, NEWS, "/follow")).startswith("أتابع هذه القناة:")
    folder = bot.log_path.parent
    bot.stop()
    bot.standin.stop()
    again = start_bot(folder)
    try:
        sent = post(again, NEWS, "وصل المبعوث الأممي إلى طرابلس في زيارة لبحث وقف إطلاق النار مع الأطراف الليبية.")
        assert stored(again, NEWS, sent["message_id"])
    finally:
        again.stop()
        again.standin.stop()

