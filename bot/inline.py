"""Inline mode: `@bot question` in any chat offers the best quotes; the one chosen is sent into that chat."""
from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Callable, Hashable

from telegram import InlineQuery, InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import texts
from bot.access import ANYONE, ASK, requires
from bot.chat import NO_PREVIEW, core, scope
from bot.config import EVERYONE
from bot.render import shown_quote, speaker_label
from bot.telegram_html import Words, isolate, label, passage_message, plain_text
from index.analyze import letter_count
from index.errors import BadQuestion, QawlError
from index.read_side import Scope
from index.reading import shortened
from retrieval.answer import Answer, Passage

log = logging.getLogger(__name__)

RESULTS = 5  # quotes offered for one question
MIN_QUERY_LETTERS = 3  # fewer letters are a question still being typed: a hint, no search
CACHE_TIME_S = 30  # how long Telegram may show an answer again without asking the bot
KEEP_S = 60  # how long the bot keeps the answer to a question
KEEP_ANSWERS = 256  # questions whose answers are kept at most
TITLE_CHARS, DESCRIPTION_CHARS, BUTTON_CHARS = 64, 200, 64
HELP_START = "help"  # the button opens a private chat with the bot sending "/start help"


class RecentAnswers:
    """Answers to the questions of the last `seconds`, at most `size` of them, the oldest forgotten first; a
    question is known again whatever its case and spacing, as long as the library it was answered from (the
    state of the store the searcher reflects) has not changed."""

    def __init__(self, seconds: float = KEEP_S, size: int = KEEP_ANSWERS, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.size, self.clock = seconds, size, clock
        self._answers: OrderedDict[tuple, tuple[float, Answer]] = OrderedDict()

    @staticmethod
    def key(question: str, library_state: Hashable) -> tuple:
        return library_state, " ".join(question.casefold().split())

    def get(self, question: str, library_state: Hashable) -> Answer | None:
        kept = self._answers.get(self.key(question, library_state))
        if kept is None or kept[0] <= self.clock():
            return None
        return kept[1]

    def put(self, question: str, library_state: Hashable, answer: Answer) -> None:
        key = self.key(question, library_state)
        self._answers.pop(key, None)
        self._answers[key] = (self.clock() + self.seconds, answer)
        while len(self._answers) > self.size or self._oldest_expired():
            self._answers.popitem(last=False)

    def _oldest_expired(self) -> bool:
        return bool(self._answers) and next(iter(self._answers.values()))[0] <= self.clock()


@requires(ASK)
async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline query: up to RESULTS quotes, one result saying that nothing answers, or a hint button for a
    question still being typed or one the search refuses."""
    query = update.inline_query
    text = query.query.strip()
    lang = texts.language(update.effective_user, text)
    if letter_count(text) < MIN_QUERY_LETTERS:
        await answer(query, context, lang, hint=texts.INLINE_HINT.of(lang))
        return
    try:
        found = await recent_or_asked(context, text, scope(update, context))
    except BadQuestion as error:  # too long for search.max_question_chars, or no words
        await answer(query, context, lang, hint=texts.bad_question(error, lang))
        return
    except QawlError as error:  # another refusal of the search
        await answer(query, context, lang, hint=str(error))
        return
    await answer(query, context, lang, found)


async def recent_or_asked(context: ContextTypes.DEFAULT_TYPE, text: str, within: Scope) -> Answer:
    """The answer kept for the question in this state of the library (the chat's, `within`), else the searcher's,
    found off the event loop."""
    recent: RecentAnswers = context.bot_data.setdefault("inline_answers", RecentAnswers())
    searcher = core(context).searcher
    library_state = core(context).library.state, within  # the state changes with every article added,
    # deleted or added to another chat's library
    kept = recent.get(text, library_state)
    if kept is not None:
        log.debug("inline answer from the %s s cache", KEEP_S)
        return kept
    found = await asyncio.to_thread(searcher.ask, text, RESULTS, within)
    recent.put(text, library_state, found)
    return found


async def answer(query: InlineQuery, context: ContextTypes.DEFAULT_TYPE, lang: str, found: Answer | None = None,
                 hint: str = "") -> None:
    """Answer the query, personal when not everyone may ask or each chat has a library of its own (else Telegram's
    cache could show one user's answer to another); once more as plain text if Telegram cannot parse the HTML."""
    button = InlineQueryResultsButton(shortened(hint, BUTTON_CHARS), start_parameter=HELP_START) if hint else None
    config = core(context).config
    personal = config.access.askers != EVERYONE or config.library.scope != "shared"
    try:
        await query.answer(results(found, True, lang), cache_time=CACHE_TIME_S, is_personal=personal, button=button)
    except BadRequest as error:
        reason = error.message.lower()
        if "query is too old" in reason:
            log.info("inline query answered too late for Telegram (%s)", error.message)
        elif "parse entities" in reason:
            log.warning("Telegram could not parse an inline answer's HTML (%s); answering as plain text", error.message)
            await query.answer(results(found, False, lang), cache_time=CACHE_TIME_S, is_personal=personal,
                               button=button)
        else:
            raise


def results(found: Answer | None, html: bool, lang: str) -> list[InlineQueryResultArticle]:
    """The quotes of the answer, or one result saying that nothing answers; none without an answer."""
    if found is None:
        return []
    if not found.found:
        said = texts.unanswered(found, lang)
        return [InlineQueryResultArticle("nothing", texts.INLINE_NOTHING_TITLE.of(lang), InputTextMessageContent(said),
                                         description=said)]
    words = texts.words(lang)
    return [article(number, passage, html, words) for number, passage in enumerate(found.passages[:RESULTS], 1)]


def article(number: int, passage: Passage, html: bool, words: Words = Words()) -> InlineQueryResultArticle:
    """A quote to choose: titled by its speaker (else its outlet), described by the quote, sending the quote,
    the speaker and the source line with its link, as the bot writes them in a chat (its marks in `words`)."""
    message = passage_message(passage, words)
    content = InputTextMessageContent(message if html else plain_text(message),
                                      parse_mode=ParseMode.HTML if html else None, link_preview_options=NO_PREVIEW)
    title = speaker_label(passage) or passage.source or passage.title or passage.article_id
    return InlineQueryResultArticle(f"{number}:{passage.article_id}:{passage.start}",
                                    isolate(label(title, TITLE_CHARS)), content,
                                    description=isolate(label(shown_quote(passage), DESCRIPTION_CHARS)))


@requires(ANYONE)
async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Which result someone sent (Telegram tells it when inline feedback is on, BotFather's /setinlinefeedback)."""
    result = update.chosen_inline_result
    log.info("user %s sent inline result %s", result.from_user.id, result.result_id)
