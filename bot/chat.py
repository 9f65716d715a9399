"""Replying in a chat: the core a handler works with, HTML with a plain-text fallback, and edits."""
from __future__ import annotations

import logging

from telegram import LinkPreviewOptions, Message
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.telegram_html import plain_text
from bot.wiring import Core

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def core(context: ContextTypes.DEFAULT_TYPE) -> Core:
    return context.bot_data["core"]


async def send_html(message: Message, text: str, quote: bool = False, markup=None) -> Message:
    """Reply in the message's chat with HTML, or with the same content as plain text if Telegram refuses it."""
    try:
        return await message.reply_html(text, do_quote=quote, reply_markup=markup, link_preview_options=NO_PREVIEW)
    except BadRequest as error:
        if "parse entities" not in error.message.lower():
            raise
        log.warning("Telegram could not parse a reply's HTML (%s); sending it as plain text", error.message)
        return await message.reply_text(plain_text(text), do_quote=quote, reply_markup=markup,
                                        link_preview_options=NO_PREVIEW)


async def edited(edit) -> bool:
    """Make an edit; False when Telegram says the message already looks so (a button tapped twice)."""
    try:
        await edit
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
        return False
    return True
