"""The library as people manage it in a chat: recent articles, one article, statistics, deleting."""
from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from bot.access import ASK, DELETE, requires
from bot.chat import NO_PREVIEW, core, edited, scope, send_html
from bot.telegram_html import article_html, sources_html
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
    lang = texts.language(update.effective_user)
    if not articles:
        return texts.EMPTY_SOURCES.of(lang), None
    row = []
    if offset > 0:
        row.append(InlineKeyboardButton(texts.NEWER.of(lang), callback_data=f"sources:{max(offset - SOURCES_PAGE, 0)}"))
    if len(articles) > SOURCES_PAGE:
        row.append(InlineKeyboardButton(texts.OLDER.of(lang), callback_data=f"sources:{offset + SOURCES_PAGE}"))
    return sources_html(articles[:SOURCES_PAGE], offset + 1), InlineKeyboardMarkup([row]) if row else None


async def named_article(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str):
    """The stored article a command names by id, or None after telling the user what is wrong."""
    lang = texts.language(update.effective_user)
    if len(context.args) != 1:
        await update.message.reply_text(texts.usage_with_id(command, lang))
        return None
    try:
        return await asyncio.to_thread(core(context).library.get, context.args[0], scope(update, context))
    except QawlError:  # no such article in the chat's library
        await update.message.reply_text(texts.no_article(context.args[0], lang))
        return None


@requires(ASK)
async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/show ID: one article's title, source, link and first lines."""
    stored = await named_article(update, context, "/show")
    if stored:
        await send_html(update.message, article_html(stored, words=texts.words(texts.language(update.effective_user))))


@requires(DELETE)
async def delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete ID (admins): asks to confirm with Yes/No buttons."""
    stored = await named_article(update, context, "/delete")
    if not stored:
        return
    lang = texts.language(update.effective_user)
    buttons = InlineKeyboardMarkup([[
        InlineKeyboardButton(texts.YES_DELETE.of(lang), callback_data=f"delete:yes:{stored.id}"),
        InlineKeyboardButton(texts.NO.of(lang), callback_data=f"delete:no:{stored.id}")]])
    await update.message.reply_text(texts.delete_question(stored.id, stored.article.title, lang), reply_markup=buttons)


@requires(DELETE)
async def delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Yes/No answer to /delete; only an admin's Yes deletes."""
    query = update.callback_query
    _, choice, article_id = query.data.split(":")
    lang = texts.language(update.effective_user)
    await query.answer()
    if choice != "yes":
        await query.edit_message_text(texts.kept(article_id, lang))
        return
    try:
        stored = await asyncio.to_thread(core(context).library.delete, article_id, scope(update, context))
    except QawlError:  # deleted meanwhile
        await query.edit_message_text(texts.no_article(article_id, lang))
        return
    await query.edit_message_text(texts.deleted(stored.id, stored.article.title, lang))


@requires(ASK)
async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: articles, passages, model, index size, last added."""
    counts = await asyncio.to_thread(core(context).library.stats, scope(update, context))
    await update.message.reply_text(texts.stats(counts, texts.language(update.effective_user)))
