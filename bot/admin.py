"""The library as people manage it in a chat: recent articles, one article, statistics, deleting."""
from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from bot.access import ASK, DELETE, requires
from bot.chat import NO_PREVIEW, core, edited, scope, send_html
from bot.telegram_html import article_html, sources_html, stats_text
from index.errors import QawlError

SOURCES_PAGE = 10


@requires(ASK)
async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the latest articles with their ids."""
    text, buttons = await sources_page(update, context, 0)
    await send_html(update.message, text, markup=buttons)


@requires(ASK)
async def sources_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Newer/Older buttons of /sources."""
    query = update.callback_query
    await query.answer()
    text, buttons = await sources_page(update, context, int(query.data.split(":")[1]))
    await edited(query.edit_message_text(text, parse_mode="HTML", reply_markup=buttons,
                                         link_preview_options=NO_PREVIEW))


async def sources_page(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       offset: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of recent articles (of the chat's library) and the buttons to the pages around it."""
    articles = await asyncio.to_thread(core(context).library.recent, SOURCES_PAGE + 1, offset, scope(update, context))
    if not articles:
        return texts.EMPTY_SOURCES, None
    row = []
    if offset > 0:
        row.append(InlineKeyboardButton("‹ Newer", callback_data=f"sources:{max(offset - SOURCES_PAGE, 0)}"))
    if len(articles) > SOURCES_PAGE:
        row.append(InlineKeyboardButton("Older ›", callback_data=f"sources:{offset + SOURCES_PAGE}"))
    return sources_html(articles[:SOURCES_PAGE], offset + 1), InlineKeyboardMarkup([row]) if row else None


async def named_article(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str):
    """The stored article a command names by id, or None after telling the user what is wrong."""
    if len(context.args) != 1:
        await update.message.reply_text(f"Usage: {command} ID (ids are listed by /sources)")
        return None
    try:
        return await asyncio.to_thread(core(context).library.get, context.args[0], scope(update, context))
    except QawlError as error:
        await update.message.reply_text(str(error))
        return None


@requires(ASK)
async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/show ID: one article's title, source, link and first lines."""
    stored = await named_article(update, context, "/show")
    if stored:
        await send_html(update.message, article_html(stored))


@requires(DELETE)
async def delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete ID (admins): asks to confirm with Yes/No buttons."""
    stored = await named_article(update, context, "/delete")
    if not stored:
        return
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("Yes, delete", callback_data=f"delete:yes:{stored.id}"),
                                     InlineKeyboardButton("No", callback_data=f"delete:no:{stored.id}")]])
    await update.message.reply_text(f"Delete {stored.id}: {stored.article.title}?", reply_markup=buttons)


@requires(DELETE)
async def delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Yes/No answer to /delete; only an admin's Yes deletes."""
    query = update.callback_query
    _, choice, article_id = query.data.split(":")
    await query.answer()
    if choice != "yes":
        await query.edit_message_text(f"Kept {article_id}.")
        return
    try:
        stored = await asyncio.to_thread(core(context).library.delete, article_id, scope(update, context))
    except QawlError as error:
        await query.edit_message_text(str(error))
        return
    await query.edit_message_text(f"Deleted {stored.id}: {stored.article.title}")


@requires(ASK)
async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: articles, passages, model, index size, last added."""
    await update.message.reply_text(stats_text(await asyncio.to_thread(core(context).library.stats,
                                                                       scope(update, context))))
