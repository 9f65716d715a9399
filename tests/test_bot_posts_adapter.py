"""Telegram messages become the plain posts the core turns into articles."""
from datetime import datetime, timezone

from telegram import Message

from bot.posts_adapter import post_from_message
from index.posts import article_from_post

FORWARDED_AT = int(datetime(2019, 4, 14, 10, tzinfo=timezone.utc).timestamp())
TEXT = "🔴 حفتر يصل إلى القاهرة لبحث معركة طرابلس والتفاصيل هنا"


def telegram_message(**fields) -> Message:
    data = {"message_id": 5, "date": FORWARDED_AT + 3600, "chat": {"id": 42, "type": "private"},
            "from": {"id": 42, "is_bot": False, "first_name": "سارة", "last_name": "علي"}, **fields}
    return Message.de_json(data, None)


def test_a_post_forwarded_from_a_channel_keeps_channel_message_id_signature_and_date():
    post = post_from_message(telegram_message(text=TEXT, forward_origin={
        "type": "channel", "date": FORWARDED_AT, "message_id": 4242, "author_signature": "الجمعي قاسمي",
        "chat": {"id": -1001, "type": "channel", "title": "العرب", "username": "alarabonline"}}))
    assert (post.origin_kind, post.origin_title, post.origin_username, post.origin_message_id, post.signature) == (
        "channel", "العرب", "alarabonline", 4242, "الجمعي قاسمي")
    assert post.date == "2019-04-14T10:00:00+00:00" and post.sender == "سارة علي"
    article = article_from_post([post])
    assert article.url == "https://t.me/alarabonline/4242" and article.text == TEXT


def test_hidden_links_of_a_caption_are_kept_with_telegram_offsets():
    here = len("🔴 حفتر يصل إلى القاهرة لبحث معركة طرابلس والتفاصيل ".encode("utf-16-le")) // 2
    post = post_from_message(telegram_message(
        caption=TEXT, photo=[{"file_id": "p", "file_unique_id": "u", "width": 9, "height": 9}],
        caption_entities=[{"type": "text_link", "offset": here, "length": 3, "url": "https://alarab.co.uk/x"}],
        forward_origin={"type": "hidden_user", "date": FORWARDED_AT, "sender_user_name": "مراسل"}))
    assert post.text == TEXT and post.entities == [("text_link", here, 3, "https://alarab.co.uk/x")]
    assert (post.origin_kind, post.origin_title) == ("hidden_user", "مراسل")
    assert article_from_post([post]).notes == ["link: هنا — https://alarab.co.uk/x"]


def test_posts_forwarded_from_a_user_or_a_group_name_their_origin():
    from_user = post_from_message(telegram_message(text=TEXT, forward_origin={
        "type": "user", "date": FORWARDED_AT, "sender_user": {"id": 7, "is_bot": False, "first_name": "Omar",
                                                             "username": "omar"}}))
    assert (from_user.origin_kind, from_user.origin_title, from_user.origin_username) == ("user", "Omar", "omar")
    from_chat = post_from_message(telegram_message(text=TEXT, forward_origin={
        "type": "chat", "date": FORWARDED_AT, "author_signature": "admin",
        "sender_chat": {"id": -100, "type": "supergroup", "title": "غرفة الأخبار"}}))
    assert (from_chat.origin_kind, from_chat.origin_title, from_chat.signature) == ("chat", "غرفة الأخبار", "admin")


def test_a_message_that_was_not_forwarded_has_no_origin():
    post = post_from_message(telegram_message(text=TEXT))
    assert post.origin_kind == "" and post.date == "2019-04-14T11:00:00+00:00" and post.sender == "سارة علي"
