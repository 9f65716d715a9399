"""Adding articles: forwarded posts and albums, documents, and web pages named by /add.

Every addition waits its turn in the queue of additions and runs in a worker process, never in the
one that answers questions; whoever sent it is told its place while it waits.
"""
from __future__ import annotations

import asyncio
import logging
import re
from pathlib import PurePosixPath
from typing import Awaitable, Callable

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.access import ADD, requires
from bot.chat import core
from bot.ingest_queue import QueueFull, Stopping
from bot.ingest_workers import Addition, Overdue, WorkerLost, given
from bot.posts_adapter import post_from_message
from index.article import Rejected
from index.additions import AddResult
from index.posts import article_from_post
from index.readers import SUPPORTED, read, read_document

log = logging.getLogger(__name__)

ALBUM_WAIT_S = 1.0  # the posts of an album arrive as separate updates within about a second
PROGRESS_EVERY_S = 2.0
PUBLIC_API_FILE_BYTES = 20 * 2**20  # the public Bot API lets bots download files up to 20 MB
URL = re.compile(r"https?://\S+")


@requires(ADD)
async def forwarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A forwarded post becomes an article; the posts of an album are gathered into one."""
    await in_albums(update, context, lambda messages: add_posts(context, messages))


async def in_albums(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    add: Callable[[list[Message]], Awaitable[None]]) -> None:
    """`add` a post (a forward, or a followed channel's own) at once, or the posts of an album together once they
    have all arrived, in order."""
    message = update.effective_message
    if message.media_group_id is None:
        await add([message])
        return
    key = (message.chat_id, message.media_group_id)
    album = context.bot_data.setdefault("albums", {}).setdefault(key, [])
    album.append(message)
    if len(album) == 1:
        context.application.create_task(add_album_later(context, key, add), update=update)


async def add_album_later(context: ContextTypes.DEFAULT_TYPE, key: tuple[int, str],
                          add: Callable[[list[Message]], Awaitable[None]]) -> None:
    """Once an album's posts have arrived, add them as one article."""
    await asyncio.sleep(ALBUM_WAIT_S)
    await add(sorted(context.bot_data["albums"].pop(key), key=lambda m: m.message_id))


async def add_posts(context: ContextTypes.DEFAULT_TYPE, messages: list[Message], sender: Message | None = None) -> None:
    """Store the article made of these posts and say what happened, in reply to whoever sent them (the
    posts themselves, or the /add command that names them)."""
    sender = sender or messages[0]
    lang = texts.language(sender.from_user)
    item = article_from_post([post_from_message(m) for m in messages])
    if isinstance(item, Rejected):
        await sender.reply_text(texts.not_added(item.reason, lang), do_quote=True)
        return
    addition = Addition(given, (item,), contributor(sender), sender.chat_id)

    async def store(status: Message | None) -> None:
        results: list[AddResult] = []
        try:
            await core(context).workers.run(addition, results.append)
            line = texts.added_line(results[0], lang)
        except (WorkerLost, Overdue) as ended:
            line = texts.worker_ended(ended, results, lang)
        await (status.edit_text(line) if status else sender.reply_text(line, do_quote=True))

    await in_turn(sender, context, store, status_at_start=False)


@requires(ADD)
async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sent document is read like a file given to `qawl ingest`."""
    message, sent = update.message, update.message.document
    lang = texts.language(message.from_user)
    name = sent.file_name or ""
    suffix = PurePosixPath(name).suffix.lower()
    limit = document_limit(context)
    if suffix not in SUPPORTED:
        await message.reply_text(texts.unsupported(suffix, lang), do_quote=True)
        return
    if sent.file_size and sent.file_size > limit:
        await message.reply_text(texts.too_big(name, sent.file_size, limit, lang), do_quote=True)
        return

    async def read_sent(status: Message) -> None:
        try:
            data = bytes(await (await sent.get_file()).download_as_bytearray())
        except TelegramError as error:
            log.warning("could not download %s from chat %s: %r", name, message.chat_id, error)
            await status.edit_text(texts.not_downloaded(name, lang))
            return
        await ingest(status, context, Addition(read_document, (name, data, core(context).limits), contributor(message),
                                               message.chat_id), lang)

    await in_turn(message, context, read_sent)


@requires(ADD)
async def add_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/add URL reads a web page; /add in reply to a message adds its link, else its text."""
    message, replied = update.message, update.message.reply_to_message
    target = " ".join(context.args)
    if not target and replied:
        target = (replied.text or replied.caption or "").strip()
        if not URL.fullmatch(target):
            await add_posts(context, [replied], sender=message)
            return
    if not URL.fullmatch(target):
        await message.reply_text(texts.ADD_USAGE.of(texts.language(message.from_user)))
        return
    addition = Addition(read, (target, core(context).limits), contributor(message), message.chat_id)
    await in_turn(message, context, lambda status: ingest(status, context, addition, texts.language(message.from_user)))


async def in_turn(message: Message, context: ContextTypes.DEFAULT_TYPE,
                  work: Callable[[Message | None], Awaitable[None]], status_at_start: bool = True) -> None:
    """Do `work(status)` at the sender's turn to add. The status message, replying to `message`, says the
    place in the queue while the work waits and "reading…" once it starts; one that starts at once gets
    it only with `status_at_start`. When too much waits already, the sender is told so and nothing runs."""
    status: Message | None = None
    lang = texts.language(message.from_user)

    async def queued(position: int) -> None:
        nonlocal status
        status = await message.reply_text(texts.queued(position, lang), do_quote=True)

    try:
        async with core(context).ingests.turn(contributor(message), queued):
            if status is not None:
                status = await status.edit_text(texts.READING.of(lang))
            elif status_at_start:
                status = await message.reply_text(texts.READING.of(lang), do_quote=True)
            await work(status)
    except QueueFull as full:
        await message.reply_text(texts.queue_full(full.waiting, full.own, lang), do_quote=True)
    except Stopping:
        restarting = texts.RESTARTING.of(lang)
        await (status.edit_text(restarting) if status else message.reply_text(restarting, do_quote=True))


async def ingest(status: Message, context: ContextTypes.DEFAULT_TYPE, addition: Addition, lang: str) -> None:
    """Add in a worker process, editing the status message with progress and then a summary, in `lang`."""
    results: list[AddResult] = []
    work = asyncio.ensure_future(core(context).workers.run(addition, results.append))
    shown = status.text
    while not work.done():
        await asyncio.wait({work}, timeout=PROGRESS_EVERY_S)
        if not work.done() and texts.progress(results, lang) != shown:
            shown = texts.progress(results, lang)
            await status.edit_text(shown)
    try:
        work.result()
    except (WorkerLost, Overdue) as ended:
        log.warning("adding for chat %s ended early: %r", status.chat_id, ended)
        if not core(context).ingests.stopping:  # else the worker was killed at the end of the grace
            await status.edit_text(texts.worker_ended(ended, results, lang))
            return
    except Exception:
        await status.edit_text(texts.stopped(results, lang))
        raise
    stopping = core(context).ingests.stopping
    await status.edit_text(texts.interrupted(results, lang) if stopping else texts.summary(results, lang))


def document_limit(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The largest file accepted, in bytes; the public Bot API adds its own 20 MB cap."""
    limit = core(context).limits.max_file_bytes
    if "api.telegram.org" in core(context).config.telegram.base_file_url:
        limit = min(limit, PUBLIC_API_FILE_BYTES)
    return limit


def contributor(message: Message) -> str:
    """Who added an article, as recorded with it."""
    user = message.from_user
    return f"telegram:{user.id}" if user else "telegram"
