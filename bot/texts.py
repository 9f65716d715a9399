"""What the bot says in chats, in English or in Arabic as the reader speaks, and how an addition's outcome is
worded. Quotes, names and titles are shown as stored, in whatever language they are; the reasons readers give
for refusing an input (index/readers.py) are English."""
from __future__ import annotations

from dataclasses import dataclass

from telegram import User

from bot.ingest_workers import Overdue
from bot.telegram_html import BUDGET, Words, utf16_len
from index.analyze import detect_language
from index.errors import BadQuestion
from index.additions import AddResult
from index.readers import SUPPORTED
from index.reading import human_size, shortened
from retrieval.answer import Answer

NAME_CHARS = 200  # longest name or reason in a summary line: a zip member's name can be 65,535 characters
AR, EN = "ar", "en"


@dataclass(frozen=True)
class Text:
    """A piece of the interface in English and in Arabic."""

    en: str
    ar: str

    def of(self, lang: str) -> str:
        return self.ar if lang == AR else self.en


def language(user: User | None, text: str = "") -> str:
    """AR for someone whose Telegram language is Arabic (ar, ar-SA, …), EN for any other; when Telegram does not
    say (channels, some clients), the language of what they wrote (a question: Arabic, or Arabic mixed with
    Latin letters, is AR), else EN."""
    code = user.language_code if user else None
    if code:
        return AR if code.lower().startswith("ar") else EN
    return AR if text.strip() and detect_language(text) in ("ar", "mixed") else EN


NOTHING_FOUND = Text("Nothing in the library answers that question.", "لم أجد في المكتبة ما يجيب عن هذا السؤال.")
EMPTY_LIBRARY = Text("The library is empty: add articles first (forward posts, send files or links).",
                     "المكتبة فارغة: أضف مقالات أولًا (أعد توجيه منشورات، أو أرسل ملفات أو روابط).")
READING = Text("reading…", "جارٍ القراءة…")  # the status of a file or link being added, until it is edited
HINT = Text("I answer text questions and index forwarded posts or documents.",
            "أجيب عن الأسئلة النصية، وأضيف إلى المكتبة المنشورات المُعاد توجيهها والملفات.")
APOLOGY = Text("Sorry, something went wrong on my side. Please try again.", "عذرًا، حدث خطأ من جهتي. حاول مرة أخرى.")
HELP = Text(
    "I answer questions by quoting the news articles in my library, with their sources. Nothing is made up.\n"
    "• Ask a question, e.g.: who claimed Italian troops are in Misrata?\n"
    f"• Forward a channel post, or send a document ({' '.join(SUPPORTED)}), to add it.\n"
    "• /who NAME lists what one person said, newest first, e.g. /who al-Mismari\n"
    "• /add URL adds a web page · /sources recent articles · /show ID · /stats · /delete ID (admins)\n"
    "• In groups: mention me, reply to me, or use /ask QUESTION.\n"
    "• In a channel where I am an administrator: /follow adds its new posts, /unfollow stops.",
    "أجيب عن الأسئلة باقتباس نصوص المقالات التي في مكتبتي مع مصادرها، دون تأليف.\n"
    "• اسأل سؤالًا، مثل: من قال إن قوات إيطالية موجودة في مصراتة؟\n"
    f"• أعد توجيه منشور من قناة، أو أرسل ملفًا ({' '.join(SUPPORTED)})، لإضافته.\n"
    "• ‎/who الاسم لتصريحات شخص واحد، الأحدث أولًا، مثل: ‎/who المسماري\n"
    "• ‎/add رابط لإضافة صفحة · ‎/sources أحدث المقالات · ‎/show المعرّف · ‎/stats · ‎/delete المعرّف (للمشرفين)\n"
    "• في المجموعات: اذكرني أو رُدّ على رسالتي أو استخدم ‎/ask السؤال.\n"
    "• في قناة أنا من مشرفيها: ‎/follow لإضافة منشوراتها الجديدة، و‎/unfollow لإيقاف ذلك.",
)
COMMANDS = {  # the command menu, in both languages (bot/app.py)
    "start": Text("What this bot does", "ما الذي يفعله هذا البوت"),
    "help": Text("How to ask and how to add articles", "كيف تسأل وكيف تضيف مقالات"),
    "ask": Text("Ask a question (in groups)", "اطرح سؤالًا (في المجموعات)"),
    "who": Text("What one person said: /who NAME", "ما قاله شخص: /who الاسم"),
    "add": Text("Add a web page: /add URL", "أضف صفحة ويب: /add رابط"),
    "sources": Text("Recently added articles", "أحدث المقالات المضافة"),
    "show": Text("Show an article: /show ID", "اعرض مقالًا: /show المعرّف"),
    "delete": Text("Delete an article (admins)", "احذف مقالًا (للمشرفين)"),
    "stats": Text("Library statistics", "إحصاءات المكتبة"),
}
ASK_USAGE = Text("Usage: /ask QUESTION, e.g. /ask who claimed Italian troops are in Misrata?",
                 "الاستخدام: ‎/ask السؤال، مثل: ‎/ask من قال إن قوات إيطالية موجودة في مصراتة؟")
ADD_USAGE = Text("Usage: /add https://… (a web page), or /add in reply to a message to add it.",
                 "الاستخدام: ‎/add https://… (صفحة ويب)، أو ‎/add ردًّا على رسالة لإضافتها.")
EMPTY_SOURCES = Text("The library is empty. Forward a post or send a document to add articles.",
                     "المكتبة فارغة. أعد توجيه منشور أو أرسل ملفًا لإضافة مقالات.")
RESTARTING = Text("The bot is restarting and did not read this; please send it again in a minute.",
                  "البوت يعيد التشغيل ولم يقرأ هذا؛ أرسله مرة أخرى بعد دقيقة.")
FORGOTTEN_ANSWER = Text("That answer is no longer in memory; please ask again.",
                        "لم يعد هذا الجواب في الذاكرة؛ اسأل مرة أخرى.")
MORE = Text("More", "المزيد")
NEWER, OLDER = Text("‹ Newer", "‹ الأحدث"), Text("Older ›", "الأقدم ›")
YES_DELETE, NO = Text("Yes, delete", "نعم، احذف"), Text("No", "لا")
_ACTIONS = {"ask": (Text("ask questions", "طرح الأسئلة"), "askers"),
            "add": (Text("add articles", "إضافة المقالات"), "contributors"),
            "delete": (Text("delete articles", "حذف المقالات"), "admins")}


def words(lang: str) -> Words:
    """The interface words inside answers and articles (bot/telegram_html.py)."""
    return Words(denied=DENIED.of(lang), edited=Text("edited {date}", "عُدّل {date}").of(lang),
                 added=Text("added {date} · {passages} passages", "أضيف {date} · مقاطع: {passages}").of(lang))


def start(user_id: int | None, lang: str) -> str:
    """/start: the help, and the user's id (for access lists)."""
    return f"{HELP.of(lang)}\n\n{Text('Your user id', 'رقم حسابك').of(lang)}: {user_id if user_id else '?'}"


def refusal(permission: str, user_id: int | None, lang: str) -> str:
    """A refusal that tells the user their id, so that an admin can let them in."""
    action, setting = _ACTIONS[permission]
    return Text(f"Sorry, you are not allowed to {action.en}. Your user id is {user_id}: "
                f"an admin can add it to access.{setting}.",
                f"عذرًا، لا يُسمح لك ب{action.ar}. رقم حسابك {user_id}، ويمكن للمشرف إضافته إلى access.{setting}."
                ).of(lang)


def unanswered(answer: Answer, lang: str) -> str:
    """What an answer that found nothing says: that the library is empty, else that nothing answers."""
    return (EMPTY_LIBRARY if answer.empty_library else NOTHING_FOUND).of(lang)


def bad_question(error: BadQuestion, lang: str) -> str:
    """What is wrong with a question the search refused, and how to ask it."""
    if error.problem == BadQuestion.TOO_LONG:
        return Text(f"That question is {error.length} characters long; the limit is {error.limit}. "
                    "Please ask it more briefly.",
                    f"طول هذا السؤال {error.length} حرفًا، والحد {error.limit}. اختصره من فضلك.").of(lang)
    return Text("Please ask a question in words (Arabic or English), e.g. “who claimed Italian troops are in Misrata?”",
                "اكتب سؤالًا بالكلمات (بالعربية أو الإنجليزية)، مثل: «من قال إن قوات إيطالية موجودة في مصراتة؟»"
                ).of(lang)


def queued(position: int, lang: str) -> str:
    """The status of an addition waiting for its turn."""
    return Text(f"queued, position {position}", f"في الانتظار، الدور {position}").of(lang)


def queue_full(waiting: int, own: bool, lang: str) -> str:
    """Why an addition was refused when too many wait."""
    if own:
        return Text(f"You already have {waiting} files or links waiting; send this one again when they are done.",
                    f"لديك {waiting} ملفات أو روابط في الانتظار؛ أرسل هذا بعد انتهائها.").of(lang)
    return Text(f"The bot is busy: {waiting} files or links are waiting. Please send this one again in a few minutes.",
                f"البوت مشغول: {waiting} ملفات أو روابط في الانتظار. أعد الإرسال بعد دقائق.").of(lang)


def unsupported(suffix: str, lang: str) -> str:
    kind = _short(suffix)
    return Text(f"I cannot read {kind or 'files without an extension'} files. Supported: {' '.join(SUPPORTED)}",
                f"لا أقرأ ملفات {kind or 'بلا امتداد'}. المدعوم: {' '.join(SUPPORTED)}").of(lang)


def too_big(name: str, size: int, limit: int, lang: str) -> str:
    return Text(f"{_short(name)} is {human_size(size)}, over the {human_size(limit)} limit for files sent to the bot.",
                f"حجم {_short(name)} ‏{human_size(size)}، فوق حد {human_size(limit)} للملفات المرسلة إلى البوت."
                ).of(lang)


def not_downloaded(name: str, lang: str) -> str:
    return Text(f"Could not download {_short(name)} from Telegram; nothing was added. Please send it again.",
                f"تعذّر تنزيل {_short(name)} من تيليجرام؛ لم يُضف شيء. أرسله مرة أخرى.").of(lang)


def not_added(reason: str | None, lang: str) -> str:
    return Text(f"Not added: {_short(reason)}.", f"لم يُضف: {_short(reason)}.").of(lang)


def added_line(result: AddResult, lang: str) -> str:
    """What adding one article did, for the person who sent it."""
    if result.status == "added":
        note = f" ({_short(result.reason)})" if result.reason else ""
        return Text(f"added: {_short(result.title)} — {_passages(result.chunks)} · id {result.article_id}{note}",
                    f"أضيف: {_short(result.title)} — مقاطع: {result.chunks} · المعرّف {result.article_id}{note}"
                    ).of(lang)
    if result.status == "duplicate" and result.existing is not None:
        existing = result.existing
        where = (_short(existing.article.source or existing.article.input)
                 or Text("an earlier input", "إدخال سابق").of(lang))
        return Text(f"already have it (added {existing.added_at[:10]} from {where}) · id {existing.id}",
                    f"موجود من قبل (أضيف {existing.added_at[:10]} من {where}) · المعرّف {existing.id}").of(lang)
    if result.status == "duplicate":
        return Text("already have it: the same text appears earlier in this batch",
                    "موجود من قبل: النص نفسه ورد قبله في هذه الدفعة").of(lang)
    return not_added(result.reason, lang)


def progress(results: list[AddResult], lang: str) -> str:
    """The status of an addition under way."""
    if not results:
        return READING.of(lang)
    return Text(f"{_count(results, 'added')} articles added…", f"أضيفت {_count(results, 'added')} مقالات…").of(lang)


def summary(results: list[AddResult], lang: str) -> str:
    """What adding a file or link did: one line for one article, else the counts and the first rejections."""
    if len(results) == 1:
        return one_message([added_line(results[0], lang)])
    passages = sum(result.chunks for result in results if result.status == "added")
    added, there, rejected = _count(results, "added"), _count(results, "duplicate"), _count(results, "rejected")
    lines = [Text(f"{added} articles added ({passages} passages), {there} already there, {rejected} not added.",
                  f"أضيفت {added} مقالات (مقاطع: {passages})، و{there} موجودة من قبل، و{rejected} لم تُضف.").of(lang)]
    lines += [f"• {_short(result.input)}: {_short(result.reason)}" for result in results if result.status == "rejected"][:5]
    return one_message(lines)


def _nothing_or(results: list[AddResult], lang: str) -> str:
    return summary(results, lang) if results else Text("Nothing was added.", "لم يُضف شيء.").of(lang)


def stopped(results: list[AddResult], lang: str) -> str:
    """The status of an addition that an error ended."""
    return Text("Stopped by an error.", "توقفت بسبب خطأ.").of(lang) + " " + _nothing_or(results, lang)


def interrupted(results: list[AddResult], lang: str) -> str:
    """The status of an addition cut short because the bot is restarting."""
    done = _nothing_or(results, lang)
    return Text(f"Stopped: the bot is restarting. {done}\n"
                "If anything is missing, send it again in a minute: what was added is kept, and not added twice.",
                f"توقفت: البوت يعيد التشغيل. {done}\n"
                "إن نقص شيء فأرسله بعد دقيقة: ما أضيف محفوظ، ولا يضاف مرتين.").of(lang)


def worker_ended(ended: Exception, results: list[AddResult], lang: str) -> str:
    """The status of an addition whose worker process ended before it did, or was killed at the deadline."""
    if isinstance(ended, Overdue):
        why = Text(f"Stopped: reading this took longer than {ended.seconds / 60:g} minutes.",
                   f"توقفت: استغرقت القراءة أكثر من {ended.seconds / 60:g} دقيقة.").of(lang)
    else:
        why = Text("Stopped: the reader ended unexpectedly.", "توقفت: انتهت القراءة على غير المتوقع.").of(lang)
    return Text(f"{why} {_nothing_or(results, lang)}\nWhat was added is kept; send the rest on its own to add it.",
                f"{why} {_nothing_or(results, lang)}\nما أضيف محفوظ؛ أرسل الباقي وحده لإضافته.").of(lang)


def one_message(lines: list[str]) -> str:
    """As many of the lines as fit one Telegram message, with … when some are left out."""
    kept: list[str] = []
    for line in lines:
        if utf16_len("\n".join([*kept, line, "…"])) > BUDGET:
            kept.append("…")
            break
        kept.append(line)
    return "\n".join(kept)


def _passages(count: int) -> str:
    return "1 passage" if count == 1 else f"{count} passages"


def _short(text: str | None) -> str:
    return shortened(text or "", NAME_CHARS)


def _count(results: list[AddResult], status: str) -> int:
    return sum(result.status == status for result in results)


# Managing the library (/sources, /show, /delete, /stats)
def usage_with_id(command: str, lang: str) -> str:
    return Text(f"Usage: {command} ID (ids are listed by /sources)",
                f"الاستخدام: ‎{command} المعرّف (تجد المعرّفات في ‎/sources)").of(lang)


def no_article(article_id: str, lang: str) -> str:
    return Text(f"no article with id {_short(article_id)}", f"لا مقال بالمعرّف {_short(article_id)}").of(lang)


def delete_question(article_id: str, title: str, lang: str) -> str:
    return Text(f"Delete {article_id}: {_short(title)}?", f"أأحذف {article_id}: {_short(title)}؟").of(lang)


def kept(article_id: str, lang: str) -> str:
    return Text(f"Kept {article_id}.", f"أبقيت {article_id}.").of(lang)


def deleted(article_id: str, title: str, lang: str) -> str:
    return Text(f"Deleted {article_id}: {_short(title)}", f"حُذف {article_id}: {_short(title)}").of(lang)


def stats(counts: dict, lang: str) -> str:
    """/stats: counts, the model and the size of the indexes."""
    last = (counts["last_added"] or "")[:16].replace("T", " ") or Text("never", "لم يُضف شيء").of(lang)
    size = human_size(counts["store_bytes"] + counts["index_bytes"])
    return Text(f"Articles: {counts['articles']}\nPassages: {counts['chunks']}\n"
                f"Model: {counts['model']} ({counts['dim']} dimensions)\nIndex size: {size}\nLast added: {last}",
                f"المقالات: {counts['articles']}\nالمقاطع: {counts['chunks']}\n"
                f"النموذج: {counts['model']} ({counts['dim']} بُعدًا)\nحجم الفهرس: {size}\nآخر إضافة: {last}").of(lang)


# Inline mode (`@bot question` in any chat)
INLINE_HINT = Text("Type a question, e.g. who said…?", "اكتب سؤالًا، مثل: من قال…؟")
INLINE_NOTHING_TITLE = Text("Nothing found", "لم أجد جوابًا")


def inline_refusal(user_id: int | None, lang: str) -> str:
    """The button shown instead of results to someone who may not ask: it opens the bot, which tells their id."""
    return Text(f"Not allowed to ask · your user id: {user_id}", f"لا يُسمح لك بالسؤال · رقم حسابك: {user_id}").of(lang)


# Following channels (said in the channel)
FOLLOWING = Text("Following this channel: its new posts are added to the library, and edited posts replace theirs. "
                 "/unfollow stops it.",
                 "أتابع هذه القناة: تُضاف منشوراتها الجديدة إلى المكتبة، ويحلّ المنشور المعدَّل محلّ سابقه. "
                 "‎/unfollow لإيقاف ذلك.")
FOLLOWING_DISCUSSION = Text("Following the channel posts forwarded into this group: they are added to the library. "
                            "/unfollow stops it.",
                            "أتابع منشورات القناة التي تصل إلى هذه المجموعة: تُضاف إلى المكتبة. ‎/unfollow لإيقاف ذلك.")
FOLLOWING_ALREADY = Text("Already following the posts here.", "أتابع المنشورات هنا من قبل.")
FOLLOW_REFUSED = Text("Not followed: none of this channel's administrators may add articles to the library.",
                      "لن أتابعها: لا يحق لأي من مشرفي هذه القناة إضافة مقالات إلى المكتبة.")
FOLLOWED_BY_CONFIG = Text("The posts here are followed by the bot's settings (follow.channels); it can be stopped "
                          "only there.", "المنشورات هنا متابَعة في إعدادات البوت (follow.channels)، ولا تُوقف إلا هناك.")
UNFOLLOWED = Text("No longer following the posts here; what was added stays in the library.",
                  "توقفت عن متابعة المنشورات هنا؛ ما أضيف منها باقٍ في المكتبة.")
NOT_FOLLOWED = Text("The posts here were not followed.", "لم تكن المنشورات هنا متابَعة.")


# Speakers' profiles (/who NAME, "what did X say about Y?")
WHO_USAGE = Text("Usage: /who NAME, e.g. /who al-Mismari or /who المسماري",
                 "الاستخدام: ‎/who الاسم، مثل: ‎/who المسماري")
DENIED = Text("denied", "نفي")
WHICH_SPEAKER = Text("Several people in the library go by that name; which one?",
                     "في المكتبة أكثر من شخص بهذا الاسم؛ أيهم تقصد؟")
FORGOTTEN_CHOICE = Text("That list is no longer in memory; please ask again.",
                        "لم تعد هذه القائمة في الذاكرة؛ اسأل مرة أخرى.")


def no_profile(name: str, lang: str) -> str:
    """What /who says when nobody of that name is quoted in the library."""
    return Text(f"Nobody called {_short(name)} is quoted in the library.",
                f"لا أحد باسم {_short(name)} في تصريحات المكتبة.").of(lang)


def profile_heading(name: str, statements: int, lang: str, topic: str = "", named: bool = True) -> str:
    """The line above a profile's pages: whose statements, how many, about what, in which order (`named`:
    the statements name the topic; else they are all, the closest to it first)."""
    name, topic = _short(name), _short(topic)
    english, arabic = _statements(statements)
    if topic and named:
        return Text(f"{name}: {english} about {topic}, the closest first.",
                    f"{name}: {arabic} عن {topic}، الأقرب أولًا.").of(lang)
    if topic:
        return Text(f"{name}: none of {english} names {topic}; the closest to it first.",
                    f"{name}: لا يذكر أيٌّ من {arabic} {topic}؛ الأقرب إليه أولًا.").of(lang)
    return Text(f"{name}: {english}, newest first.",
                f"{name}: {arabic}، الأحدث أولًا.").of(lang)


def _statements(count: int) -> tuple[str, str]:
    """A number of statements in English and in Arabic, the noun agreeing with it."""
    english = f"{count} statement" if count == 1 else f"{count} statements"
    arabic = {1: "تصريح واحد", 2: "تصريحان"}.get(count) or (
        f"{count} تصريحات" if 3 <= count <= 10 else f"{count} تصريحًا")
    return english, arabic


def speaker_choice(name: str, statements: int) -> str:
    """A button naming one of several people of a name."""
    return f"{shortened(name, 40)} · {statements}"
