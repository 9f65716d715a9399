"""Speakers' profiles: /who NAME, "what did X say about Y?", and the choice among people of one name.

A profile is sent as the pages of an answer of one speaker (bot/asking.py pages it, "More" and all).
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes, filters

from bot import asking, texts
from bot.access import ASK, requires
from bot.chat import core, edited, scope
from index.read_side import Scope
from retrieval.profiles import Profile, about, profile_answer, profiles
from retrieval.said_question import SaidQuestion, said_question

NEWEST = 100  # statements of a profile shown, newest first
READ_FOR_TOPIC = 1000  # newest statements of a profile searched for those about a topic
CHOICES = 8  # people of one name offered at most
CHOICE_SHELF = "speaker_choices"


@dataclass(frozen=True)
class Choice:
    """People of one name to pick from, and what was asked of the one picked."""

    asked: SaidQuestion
    people: list[Profile]


class SaidQuestionFilter(filters.MessageFilter):
    """A text asking what someone said ("what did al-Mismari say about Turkey?")."""

    def filter(self, message: Message) -> bool:
        return bool(message.text) and said_question(asking.question_text(message)) is not None


@requires(ASK)
async def who_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/who NAME: what that person said, newest first."""
    name = " ".join(context.args)
    lang = texts.language(update.effective_user, name)
    if not name.strip():
        await update.message.reply_text(texts.WHO_USAGE.of(lang))
        return
    if not await show(update.message, context, SaidQuestion(name), scope(update, context), lang):
        await update.message.reply_text(texts.no_profile(name, lang), do_quote=True)


@requires(ASK)
async def said_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question about what someone said: their profile (about its topic), or, when nobody of that name is
    quoted, the answer to the question as any other."""
    text = asking.question_text(update.message)
    lang = texts.language(update.effective_user, text)
    if not await show(update.message, context, said_question(text), scope(update, context), lang):
        await asking.answer(update, context, text)


async def show(message: Message, context: ContextTypes.DEFAULT_TYPE, asked: SaidQuestion, within: Scope,
               lang: str) -> bool:
    """The profile of the person asked for, or buttons to pick one of several; False when nobody of the
    name is quoted in the library (the chat's, `within`)."""
    await message.reply_chat_action(ChatAction.TYPING)
    library = core(context).library
    found = await asyncio.to_thread(lambda: profiles(asked.name, library.speakers(within)))
    if len(found) == 1:
        await send_profile(message, context, asked, found[0], within, lang, quote=True)
    elif found:
        key = asking.remember(context.chat_data, Choice(asked, found[:CHOICES]), CHOICE_SHELF)
        buttons = [[InlineKeyboardButton(texts.speaker_choice(person.name, person.statements),
                                         callback_data=f"who:{key}:{number}")]
                   for number, person in enumerate(found[:CHOICES])]
        await message.reply_text(texts.WHICH_SPEAKER.of(lang), do_quote=True,
                                 reply_markup=InlineKeyboardMarkup(buttons))
    return bool(found)


@requires(ASK)
async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of one of several people of a name: that person's profile."""
    query = update.callback_query
    lang = texts.language(update.effective_user)
    _, key, number = query.data.split(":")
    choice = context.chat_data.get(CHOICE_SHELF, {}).get(int(key))
    if choice is None or int(number) >= len(choice.people) or not isinstance(query.message, Message):
        await query.answer(texts.FORGOTTEN_CHOICE.of(lang), show_alert=True)
        return
    await query.answer()
    if await edited(query.edit_message_reply_markup(None)):
        await send_profile(query.message, context, choice.asked, choice.people[int(number)], scope(update, context),
                           lang, quote=False)


async def send_profile(message: Message, context: ContextTypes.DEFAULT_TYPE, asked: SaidQuestion,
                       person: Profile, within: Scope, lang: str, quote: bool) -> None:
    """A line saying whose statements follow (in the chat's library, `within`), then their first page, in
    `lang`."""
    library, searcher = core(context).library, core(context).searcher
    said = await asyncio.to_thread(library.said_by, person.names, READ_FOR_TOPIC if asked.topic else NEWEST,
                                   within)
    heading = texts.profile_heading(person.name, person.statements, lang)
    if asked.topic:
        vector = await asyncio.to_thread(searcher.embed_question, asked.topic)
        said, named = about(said, asked.topic, vector)
        said = said[:NEWEST]
        heading = texts.profile_heading(person.name, len(said), lang, asked.topic, named)
    await message.reply_text(heading, do_quote=quote)
    answer = profile_answer(person.name, said, searcher.settings.max_quote_chars, asked.topic)
    await asking.send_page(message, context, asking.remember(context.chat_data, answer), 0, lang, quote=False)
