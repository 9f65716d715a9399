"""A Telegram message as the plain `Post` the core turns into an article."""
from __future__ import annotations

from telegram import Message, MessageOriginChannel, MessageOriginChat, MessageOriginHiddenUser, MessageOriginUser
from telegram.constants import ChatType

from index.posts import Post


def post_from_message(message: Message) -> Post:
    """The message's text (or caption), its links, and where it was forwarded from; a channel's own post (of a
    followed channel) comes from that channel, as if forwarded from it."""
    entities = message.entities if message.text else message.caption_entities
    post = Post(
        text=message.text or message.caption or "",
        entities=[(str(entity.type), entity.offset, entity.length, entity.url or "") for entity in entities or ()],
        date=message.date.isoformat() if message.date else "",
        sender=message.from_user.full_name if message.from_user else "",
        chat_id=message.chat_id, message_id=message.message_id,
    )
    origin = message.forward_origin
    if origin is None and message.chat.type == ChatType.CHANNEL:
        post.origin_kind, post.origin_title = "channel", message.chat.title or ""
        post.origin_username, post.origin_message_id = message.chat.username or "", message.message_id
        post.signature = message.author_signature or ""
    if origin is not None:
        post.date = origin.date.isoformat()
    if isinstance(origin, MessageOriginChannel):
        post.origin_kind, post.origin_title = "channel", origin.chat.title or ""
        post.origin_username, post.origin_message_id = origin.chat.username or "", origin.message_id
        post.signature = origin.author_signature or ""
    elif isinstance(origin, MessageOriginChat):
        post.origin_kind, post.origin_title = "chat", origin.sender_chat.title or ""
        post.origin_username, post.signature = origin.sender_chat.username or "", origin.author_signature or ""
    elif isinstance(origin, MessageOriginUser):
        post.origin_kind, post.origin_title = "user", origin.sender_user.full_name
        post.origin_username = origin.sender_user.username or ""
    elif isinstance(origin, MessageOriginHiddenUser):
        post.origin_kind, post.origin_title = "hidden_user", origin.sender_user_name
    return post
