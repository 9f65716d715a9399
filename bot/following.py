"""Following channels: a followed channel's new posts become articles, and an edited post replaces its article.

A bot receives a channel's posts only as one of its administrators. A channel is followed when it is named in
`follow.channels` (by id or @username), or once `/follow` is posted in it: only its administrators can post
there, and unless everyone may add articles one of those administrators must be an admin or contributor of
the bot (else anyone could pour a channel of their own into the library). `/unfollow` posted in it stops it.
Nothing is said in the channel but the answer to those two commands; what happened to each post is logged.
Posts of channels nobody approved are ignored, and logged once per channel. A discussion group linked to a
channel is a group like any other, its copies of the channel's posts not added, unless someone who may add
articles says `/follow` in it: then the copies Telegram forwards into it are added as the channel's posts (the
way to follow a channel whose administrator the bot is not); `/unfollow` there stops it.
"""
from __future__ import annotations

import asyncio
import logging

from telegram import Chat, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.access import ADD, ANYONE, may_contribute, requires
from bot.adding import in_albums
from bot.chat import core
from bot.config import EVERYONE, Config
from bot.ingest_queue import QueueFull, Stopping
from bot.ingest_workers import Addition, Overdue, WorkerLost, given
from bot.posts_adapter import post_from_message
from index.article import Rejected
from index.additions import AddResult
from index.library import Library
from index.posts import article_from_post, from_json, recorded

log = logging.getLogger(__name__)

IGNORED_SHELF = "ignored_channels"  # the channels whose ignored posts were logged


def listed(config: Config, chat: Chat) -> bool:
    """Whether `follow.channels` names the channel, by id or by @username."""
    username = f"@{chat.username}".lower() if chat.username else None
    return any(name == chat.id or isinstance(name, str) and name.lower() == username for name in config.follow.channels)


async def is_followed(context: ContextTypes.DEFAULT_TYPE, chat: Chat) -> bool:
    """Whether the channel's posts are added: named in the configuration, or approved by /follow."""
    if listed(core(context).config, chat) or await asyncio.to_thread(core(context).library.follows, chat.id):
        return True
    ignored: set = context.bot_data.setdefault(IGNORED_SHELF, set())
    if chat.id not in ignored:
        ignored.add(chat.id)
        log.info("ignoring the posts of channel %s (%s): nobody approved it (/follow there, or follow.channels)",
                 chat.id, chat.username or chat.title)
    return False


@requires(ANYONE)
async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/follow posted in a channel: its new posts are added from now on, if one of its administrators may add
    articles."""
    message = update.channel_post
    chat = message.chat
    if not await may_follow(context, chat.id):
        log.info("refused to follow channel %s: none of its administrators may add articles", chat.id)
        await message.reply_text(texts.FOLLOW_REFUSED.of(channel_language(chat)), do_quote=True)
        return
    new = await asyncio.to_thread(core(context).library.follow, chat.id, chat.title or "", chat.username or "")
    context.bot_data.get(IGNORED_SHELF, set()).discard(chat.id)
    log.info("following channel %s (%s)%s", chat.id, chat.username or chat.title, "" if new else " already")
    await message.reply_text((texts.FOLLOWING if new else texts.FOLLOWING_ALREADY).of(channel_language(chat)),
                             do_quote=True)


async def may_follow(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> bool:
    """Whether someone who may add articles is an administrator of the channel (anyone may when everyone may
    add articles)."""
    access = core(context).config.access
    if access.contributors == EVERYONE:
        return True
    try:
        administrators = await context.bot.get_chat_administrators(chat_id)
    except TelegramError as error:
        log.warning("could not read the administrators of channel %s: %r", chat_id, error)
        return False
    return any(may_contribute(access, member.user.id) for member in administrators)


@requires(ADD)
async def follow_discussion(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/follow said in a group: the channel posts Telegram forwards into it (a discussion group's) are added."""
    chat, language = update.message.chat, texts.language(update.effective_user)
    new = await asyncio.to_thread(core(context).library.follow, chat.id, chat.title or "", chat.username or "")
    log.info("following the channel posts forwarded into group %s%s", chat.id, "" if new else " already")
    await update.message.reply_text((texts.FOLLOWING_DISCUSSION if new else texts.FOLLOWING_ALREADY).of(language),
                                    do_quote=True)


@requires(ADD)
async def unfollow_discussion(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unfollow said in a followed group: the channel posts forwarded into it are no longer added."""
    await stop_following(context, update.message, texts.language(update.effective_user))


@requires(ANYONE)
async def discussion_copy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A channel's post forwarded into its discussion group: added, as that channel's post, when the group is
    followed."""
    if await is_followed(context, update.message.chat):
        await in_albums(update, context, lambda messages: add_posts(context, messages))


@requires(ANYONE)
async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unfollow posted in a channel: its posts are no longer added (those added stay in the library)."""
    await stop_following(context, update.channel_post, channel_language(update.channel_post.chat))


async def stop_following(context: ContextTypes.DEFAULT_TYPE, message: Message, language: str) -> None:
    """Stop adding the posts of the message's chat, unless `follow.channels` names it."""
    if listed(core(context).config, message.chat):
        await message.reply_text(texts.FOLLOWED_BY_CONFIG.of(language), do_quote=True)
        return
    stopped = await asyncio.to_thread(core(context).library.unfollow, message.chat_id)
    if stopped:
        log.info("stopped following chat %s", message.chat_id)
    await message.reply_text((texts.UNFOLLOWED if stopped else texts.NOT_FOLLOWED).of(language), do_quote=True)


@requires(ANYONE)
async def channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A new post of a channel: added when the channel is followed (an album's posts as one article)."""
    message = update.channel_post
    if await is_followed(context, message.chat):
        await in_albums(update, context, lambda messages: add_posts(context, messages))
    else:
        log.debug("post %s of channel %s ignored", message.message_id, message.chat_id)


async def add_posts(context: ContextTypes.DEFAULT_TYPE, messages: list[Message]) -> None:
    """Store the article made of a followed channel's posts, with the posts kept beside it for their edits."""
    posts = [post_from_message(message) for message in messages]
    item = article_from_post(posts)
    if not isinstance(item, Rejected):
        item.posts = recorded(posts)
    await store(context, messages[0], Addition(given, (item,), channel_contributor(messages[0].chat)))


@requires(ANYONE)
async def edited_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited post of a followed channel: its article remade, with the post's new text, in place of the old
    one. Edits of posts the library does not hold (older than the following, or not added) are left alone."""
    message = update.edited_channel_post
    if not await is_followed(context, message.chat):
        return
    kept = await asyncio.to_thread(core(context).library.posts_of, message.chat_id, message.message_id)
    if kept is None:
        log.info("post %s of channel %s was edited but is not in the library", message.message_id, message.chat_id)
        return
    edited = post_from_message(message)
    posts = [edited if post.message_id == edited.message_id else post for post in map(from_json, kept)]
    item = article_from_post(posts)
    if not isinstance(item, Rejected):
        item.posts, item.edited = recorded(posts), (message.edit_date or message.date).isoformat()
    await store(context, message, Addition(given, (item,), channel_contributor(message.chat),
                                             store=Library.replace_posts))


def channel_language(chat: Chat) -> str:
    """The language said in a channel (its posts come from no user): that of its title."""
    return texts.language(None, chat.title or "")


def channel_contributor(chat: Chat) -> str:
    """Who added a followed channel's articles, as recorded with them."""
    return f"telegram:{chat.id}"


async def store(context: ContextTypes.DEFAULT_TYPE, message: Message, addition: Addition) -> None:
    """Run the addition in a worker at the channel's turn, and log what became of the post."""
    results: list[AddResult] = []

    async def queued(position: int) -> None:
        log.info("post %s of channel %s waits, position %s", message.message_id, message.chat_id, position)

    try:
        async with core(context).ingests.turn(addition.added_by, queued):
            await core(context).workers.run(addition, results.append)
    except (QueueFull, Stopping, WorkerLost, Overdue) as ended:
        log.warning("post %s of channel %s not stored: %r", message.message_id, message.chat_id, ended)
        return
    for result in results:
        log.info("post %s of channel %s: %s %s", message.message_id, message.chat_id, result.status,
                 result.article_id if result.status in ("added", "edited") else result.reason)
