"""What the bot says in chats, in English and Arabic, and how an addition's outcome is worded."""
from __future__ import annotations

from bot.ingest_workers import Overdue
from bot.telegram_html import BUDGET, utf16_len
from index.errors import BadQuestion
from index.library import AddResult
from index.readers import SUPPORTED
from index.reading import human_size, shortened
from retrieval.answer import Answer

NAME_CHARS = 200  # longest name or reason in a summary line: a zip member's name can be 65,535 characters

NOTHING_FOUND = "Nothing in the library answers that question."
NOTHING_FOUND_TEXT = f"{NOTHING_FOUND}\nلم أجد في المكتبة ما يجيب عن هذا السؤال."
EMPTY_LIBRARY = ("The library is empty: add articles first (forward posts, send files or links).\n"
                 "المكتبة فارغة: أضف مقالات أولًا (أعد توجيه منشورات، أو أرسل ملفات أو روابط).")
READING = "reading…"  # the status message of a file or link being added, until it is edited
HINT = ("I answer text questions and index forwarded posts or documents.\n"
        "أجيب عن الأسئلة النصية، وأضيف إلى المكتبة المنشورات المُعاد توجيهها والملفات.")
APOLOGY = "Sorry, something went wrong on my side. Please try again.\nعذرًا، حدث خطأ من جهتي. حاول مرة أخرى."
HELP = (
    "I answer questions by quoting the news articles in my library, with their sources. Nothing is made up.\n"
    "• Ask a question, e.g.: who claimed Italian troops are in Misrata?\n"
    f"• Forward a channel post, or send a document ({' '.join(SUPPORTED)}), to add it.\n"
    "• /who NAME lists what one person said, newest first, e.g. /who al-Mismari\n"
    "• /add URL adds a web page · /sources recent articles · /show ID · /stats · /delete ID (admins)\n"
    "• In groups: mention me, reply to me, or use /ask QUESTION.\n\n"
    "أجيب عن الأسئلة باقتباس نصوص المقالات التي في مكتبتي مع مصادرها، دون تأليف.\n"
    "• اسأل سؤالًا، مثل: من قال إن قوات إيطالية موجودة في مصراتة؟\n"
    "• أعد توجيه منشور من قناة، أو أرسل ملفًا، لإضافته.\n"
    "• /who الاسم لتصريحات شخص واحد، الأحدث أولًا، مثل: /who المسماري\n"
    "• /add رابط لإضافة صفحة · /sources أحدث المقالات · /show · /stats\n"
    "• في المجموعات: اذكرني أو رُدّ على رسالتي أو استخدم /ask."
)
COMMANDS = {  # name: (English, Arabic)
    "start": ("What this bot does", "ما الذي يفعله هذا البوت"),
    "help": ("How to ask and how to add articles", "كيف تسأل وكيف تضيف مقالات"),
    "ask": ("Ask a question (in groups)", "اطرح سؤالًا (في المجموعات)"),
    "who": ("What one person said: /who NAME", "ما قاله شخص: /who الاسم"),
    "add": ("Add a web page: /add URL", "أضف صفحة ويب: /add رابط"),
    "sources": ("Recently added articles", "أحدث المقالات المضافة"),
    "show": ("Show an article: /show ID", "اعرض مقالًا: /show المعرّف"),
    "delete": ("Delete an article (admins)", "احذف مقالًا (للمشرفين)"),
    "stats": ("Library statistics", "إحصاءات المكتبة"),
}
ASK_USAGE = "Usage: /ask QUESTION, e.g. /ask who claimed Italian troops are in Misrata?"
ADD_USAGE = "Usage: /add https://… (a web page), or /add in reply to a message to add it."
EMPTY_SOURCES = "The library is empty. Forward a post or send a document to add articles."
RESTARTING = ("The bot is restarting and did not read this; please send it again in a minute.\n"
              "البوت يعيد التشغيل ولم يقرأ هذا؛ أرسله مرة أخرى بعد دقيقة.")
FORGOTTEN_ANSWER = "That answer is no longer in memory; please ask again."


def unanswered(answer: Answer, nothing_found: str = NOTHING_FOUND_TEXT) -> str:
    """What an answer that found nothing says: that the library is empty, else `nothing_found`."""
    return EMPTY_LIBRARY if answer.empty_library else nothing_found


def bad_question(error: BadQuestion) -> str:
    """What is wrong with a question the search refused, and how to ask it."""
    if error.problem == BadQuestion.TOO_LONG:
        return (f"That question is {error.length} characters long; the limit is {error.limit}. "
                "Please ask it more briefly.")
    return "Please ask a question in words (Arabic or English), e.g. “who claimed Italian troops are in Misrata?”"


def queued(position: int) -> str:
    """The status of an addition waiting for its turn."""
    return f"queued, position {position} · في الانتظار، الدور {position}"


def queue_full(waiting: int, own: bool) -> str:
    """Why an addition was refused when too many wait."""
    if own:
        return (f"You already have {waiting} files or links waiting; send this one again when they are done.\n"
                f"لديك {waiting} ملفات أو روابط في الانتظار؛ أرسل هذا بعد انتهائها.")
    return (f"The bot is busy: {waiting} files or links are waiting. Please send this one again in a few minutes.\n"
            "البوت مشغول بملفات وروابط أخرى؛ أعد الإرسال بعد دقائق.")


def unsupported(suffix: str) -> str:
    return f"I cannot read {_short(suffix) or 'files without an extension'} files. Supported: {' '.join(SUPPORTED)}"


def too_big(name: str, size: int, limit: int) -> str:
    return f"{_short(name)} is {human_size(size)}, over the {human_size(limit)} limit for files sent to the bot."


def not_downloaded(name: str) -> str:
    return f"Could not download {_short(name)} from Telegram; nothing was added. Please send it again."


def added_line(result: AddResult) -> str:
    """What adding one article did, for the person who sent it."""
    if result.status == "added":
        note = f" ({_short(result.reason)})" if result.reason else ""
        passages = "1 passage" if result.chunks == 1 else f"{result.chunks} passages"
        return f"added: {_short(result.title)} — {passages} · id {result.article_id}{note}"
    if result.status == "duplicate":
        return _short(result.reason) or "already have it"
    return f"Not added: {_short(result.reason)}."


def progress(results: list[AddResult]) -> str:
    """The status of an addition under way."""
    return f"{_count(results, 'added')} articles added…" if results else READING


def summary(results: list[AddResult]) -> str:
    """What adding a file or link did: one line for one article, else the counts and the first rejections."""
    if len(results) == 1:
        return one_message([added_line(results[0])])
    passages = sum(result.chunks for result in results if result.status == "added")
    lines = [f"{_count(results, 'added')} articles added ({passages} passages), "
             f"{_count(results, 'duplicate')} already there, {_count(results, 'rejected')} not added."]
    lines += [f"• {_short(result.input)}: {_short(result.reason)}" for result in results if result.status == "rejected"][:5]
    return one_message(lines)


def stopped(results: list[AddResult]) -> str:
    """The status of an addition that an error ended."""
    return "Stopped by an error. " + (summary(results) if results else "Nothing was added.")


def interrupted(results: list[AddResult]) -> str:
    """The status of an addition cut short because the bot is restarting."""
    done = summary(results) if results else "Nothing was added."
    return (f"Stopped: the bot is restarting. {done}\n"
            "If anything is missing, send it again in a minute: what was added is kept, and not added twice.")


def worker_ended(ended: Exception, results: list[AddResult]) -> str:
    """The status of an addition whose worker process ended before it did, or was killed at the deadline."""
    if isinstance(ended, Overdue):
        why = f"Stopped: reading this took longer than {ended.seconds / 60:g} minutes."
    else:
        why = "Stopped: the reader ended unexpectedly."
    done = summary(results) if results else "Nothing was added."
    return (f"{why} {done}\nWhat was added is kept; send the rest on its own to add it.\n"
            "توقفت القراءة قبل نهايتها؛ ما أضيف محفوظ، وأرسل الباقي وحده لإضافته.")


def one_message(lines: list[str]) -> str:
    """As many of the lines as fit one Telegram message, with … when some are left out."""
    kept: list[str] = []
    for line in lines:
        if utf16_len("\n".join([*kept, line, "…"])) > BUDGET:
            kept.append("…")
            break
        kept.append(line)
    return "\n".join(kept)


def _short(text: str | None) -> str:
    return shortened(text or "", NAME_CHARS)


def _count(results: list[AddResult], status: str) -> int:
    return sum(result.status == status for result in results)


# Inline mode (`@bot question` in any chat)
INLINE_HINT = "Type a question, e.g. who said…? · اكتب سؤالًا"
INLINE_NOTHING_TITLE = "Nothing found · لم أجد جوابًا"


def inline_refusal(user_id: int | None) -> str:
    """The button shown instead of results to someone who may not ask: it opens the bot, which tells their id."""
    return f"Not allowed to ask · your user id: {user_id}"


# Following channels (said in the channel)
FOLLOWING = ("Following this channel: its new posts are added to the library, and edited posts replace theirs. "
             "/unfollow stops it.\nأتابع هذه القناة: تُضاف منشوراتها الجديدة إلى المكتبة، ويحلّ المنشور المعدَّل "
             "محلّ سابقه. ‎/unfollow لإيقاف ذلك.")
FOLLOWING_ALREADY = "Already following this channel.\nأتابع هذه القناة من قبل."
FOLLOW_REFUSED = ("Not followed: none of this channel's administrators may add articles to the library.\n"
                  "لن أتابعها: لا يحق لأي من مشرفي هذه القناة إضافة مقالات إلى المكتبة.")
FOLLOWED_BY_CONFIG = ("This channel is followed by the bot's settings (follow.channels); it can be stopped only there.\n"
                      "هذه القناة متابَعة في إعدادات البوت (follow.channels)، ولا تُوقف إلا هناك.")
UNFOLLOWED = ("No longer following this channel; what was added stays in the library.\n"
              "توقفت عن متابعة هذه القناة؛ ما أضيف منها باقٍ في المكتبة.")
NOT_FOLLOWED = "This channel was not followed.\nلم تكن هذه القناة متابَعة."


# Speakers' profiles (/who NAME, "what did X say about Y?")
WHO_USAGE = "Usage: /who NAME, e.g. /who al-Mismari or /who المسماري"
DENIED = "denied · نفي"
WHICH_SPEAKER = ("Several people in the library go by that name; which one?\n"
                 "في المكتبة أكثر من شخص بهذا الاسم؛ أيهم تقصد؟")
FORGOTTEN_CHOICE = "That list is no longer in memory; please ask again."


def no_profile(name: str) -> str:
    """What /who says when nobody of that name is quoted in the library."""
    return f"Nobody called {_short(name)} is quoted in the library.\nلا أحد باسم {_short(name)} في تصريحات المكتبة."


def profile_heading(name: str, statements: int, topic: str = "", named: bool = True) -> str:
    """The line above a profile's pages: whose statements, how many, about what, in which order (`named`:
    the statements name the topic; else they are all, the closest to it first)."""
    if topic and named:
        return (f"{_short(name)}: {statements} statements about {_short(topic)}, the closest first.\n"
                f"{_short(name)}: {statements} تصريحًا عن {_short(topic)}، الأقرب أولًا.")
    if topic:
        return (f"{_short(name)}: none of {statements} statements names {_short(topic)}; the closest to it first.\n"
                f"{_short(name)}: لا يذكر أيٌّ من {statements} تصريحًا {_short(topic)}؛ الأقرب إليه أولًا.")
    return (f"{_short(name)}: {statements} statements, newest first.\n"
            f"{_short(name)}: {statements} تصريحًا، الأحدث أولًا.")


def speaker_choice(name: str, statements: int) -> str:
    """A button naming one of several people of a name."""
    return f"{shortened(name, 40)} · {statements}"
