"""Who may do what: admins, contributors and askers from config.access."""
from __future__ import annotations

import functools
import logging
from collections import OrderedDict

from telegram import InlineQueryResultsButton, Update
from telegram.ext import ContextTypes

from bot import texts
from bot.config import EVERYONE, Access

log = logging.getLogger(__name__)
ALERT_CHARS = 200  # Telegram shows at most this much of a button's alert
REFUSED_ALBUMS = 100  # albums remembered as refused, so that each is refused once and not once per post


def _listed(allowed, *ids: int | None) -> bool:
    return allowed == EVERYONE or any(i is not None and i in allowed for i in ids)


def is_admin(access: Access, user_id: int | None) -> bool:
    """Admins may delete articles, and do everything else."""
    return user_id is not None and user_id in access.admins


def may_contribute(access: Access, user_id: int | None) -> bool:
    """Contributors (and admins) may add articles."""
    return is_admin(access, user_id) or (user_id is not None and _listed(access.contributors, user_id))


def may_ask(access: Access, user_id: int | None, chat_id: int | None) -> bool:
    """Askers are listed by user or by chat; admins and contributors may ask too."""
    return _listed(access.askers, user_id, chat_id) or may_contribute(access, user_id)


ANYONE, ASK, ADD, DELETE = "anyone", "ask", "add", "delete"  # bot/texts.py `refusal` words all but ANYONE


def allows(access: Access, permission: str, user_id: int | None, chat_id: int | None = None) -> bool:
    """Whether the user (in that chat) has the permission: ANYONE, ASK, ADD or DELETE."""
    if permission == ANYONE:
        return True
    if permission == ASK:
        return may_ask(access, user_id, chat_id)
    if permission == ADD:
        return may_contribute(access, user_id)
    return is_admin(access, user_id)


def requires(permission: str):
    """A handler run only for those with the permission; anyone else is told why, once per update (a
    button press gets an alert, an inline query no results but a button to the bot that tells their id,
    a message a reply, an album one reply for all its posts)."""

    def wrap(handler):
        @functools.wraps(handler)
        async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            user = update.effective_user.id if update.effective_user else None
            chat = update.effective_chat.id if update.effective_chat else None
            if allows(context.bot_data["core"].config.access, permission, user, chat):
                await handler(update, context)
                return
            log.info("refused %s to user %s in chat %s", permission, user, chat)
            lang = texts.language(update.effective_user)
            if update.callback_query:
                await update.callback_query.answer(texts.refusal(permission, user, lang)[:ALERT_CHARS], show_alert=True)
            elif update.inline_query:
                await update.inline_query.answer([], cache_time=0, is_personal=True, button=InlineQueryResultsButton(
                    texts.inline_refusal(user, lang), start_parameter="start"))
            elif update.effective_message and _first_refusal_of_album(update, context.bot_data):
                await update.effective_message.reply_text(texts.refusal(permission, user, lang), do_quote=True)

        checked.permission = permission
        return checked

    return wrap


def _first_refusal_of_album(update: Update, bot_data: dict) -> bool:
    """False for the second and later posts of an album already refused."""
    message = update.effective_message
    if message.media_group_id is None:
        return True
    refused: OrderedDict = bot_data.setdefault("refused_albums", OrderedDict())
    key = (message.chat_id, message.media_group_id)
    if key in refused:
        return False
    refused[key] = True
    while len(refused) > REFUSED_ALBUMS:
        refused.popitem(last=False)
    return True
