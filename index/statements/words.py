"""The words after a cue and what they begin: its subject, the setting of the statement, adverbials, أن."""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from index.analyze import normalize
from index.statements import lexicon as lex
from index.statements.keys import key, light, strip_al
from index.statements.text import QUOTE_OPENERS, REACH, closing_quote, more_words

MAX_WORDS = 64  # words read after a cue
_POSSESSIVE = ("ه", "ها", "هم", "هما")  # pronoun endings of `في حديثه`, `في كلمتها`, `في هتافاتهم`
_TOKEN = re.compile(r"[^\s:\"“”«»]+|[:\"“”«»]")
_V = "[\u064b-\u0652]*"  # short vowels and shadda a word may carry between its letters
UNNAMED = re.compile(  # a source's wish to stay unnamed: `فضل عدم الكشف عن اسمه`, `رافضاً كشف هويته`, `طلبوا`
    rf"(?<!\w)(?:ف{_V}ض{_V}ل|ر{_V}ف{_V}ض|ط{_V}ل{_V}ب|رافض\w*|مفض{_V}ل\w*|طالب\w*)(?:{_V}ت|{_V}وا)?{_V}\s+"
    rf"(?:عدم{_V}\s+)?(?:الكشف|كشف|ذكر|نشر|الإفصاح|الافصاح){_V}\s+(?:عن\s+)?"
    rf"(?:اسم|هوي{_V}ت|أسمائ)(?:ه|ها|هم|هما|هن){_V}(?!\w)[\s،,]*")
RECIPIENT = re.compile(r"لـ?\s*[\"“”«][^\"“”«»\n]{1,40}[\"“”»]|ل(?:وكالة|صحيفة|قناة|موقع|تلفزيون|إذاعة)(?!\w)")


@dataclass
class Words:
    """The whitespace-separated words of a stretch of text, with their offsets."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Words":
        """The first MAX_WORDS words of text[start:end], read no further than REACH characters."""
        found = list(islice(_TOKEN.finditer(text, start, min(end, start + REACH)), MAX_WORDS))
        return cls(text, [m.start() for m in found], [m.end() for m in found])

    def __len__(self) -> int:
        return len(self.starts)

    def word(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def bare(self, i: int) -> str:
        return light(self.word(i))


def opens_subject(words: Words, i: int, feminine: bool) -> bool:
    """Whether word i can begin the subject of a verb: not a preposition, and agreeing with a feminine verb."""
    if words.word(i) in QUOTE_OPENERS:
        return short_quote_end(words, i) >= 0
    bare = words.bare(i)
    if not bare or words.word(i) == ":" or is_complementizer(words, i):
        return False
    plain = bare[1:] if bare.startswith("و") and len(bare) >= 3 else bare
    if (plain in lex.PREPOSITIONS_LIGHT or plain in lex.PRONOMINAL_PREPOSITIONS_LIGHT
            or plain in lex.FUNCTION_WORDS_LIGHT or plain.startswith(("لل", "بال", "كال"))):
        return False
    if feminine:
        j = i
        while j < len(words) - 1 and words.bare(j) in lex.TITLES_LIGHT:
            j += 1
        head = words.bare(j)
        return (head.startswith("ال") or head.endswith(("ة", "ه", "ات"))
                or key(head) in lex.ORGANISATION_KEYS | lex.ANONYMOUS_KEYS or _speaks_next(words, j))
    return True


def _speaks_next(words: Words, j: int) -> bool:
    """Whether the one or two words at j are followed by what is said (`:`, a quotation, أن): a name such as
    `قالت كلينتون:` or `أكدت ميركل أن`, where an object of the verb (`نفت وجود`) would run on."""
    for k in range(j + 1, min(j + 3, len(words))):
        if words.word(k) == ":" or words.word(k) in QUOTE_OPENERS or is_complementizer(words, k):
            return True
        if not words.bare(k) or words.bare(k) in lex.FUNCTION_WORDS_LIGHT | lex.PREPOSITIONS_LIGHT:
            return False
    return False


def subject_end(words: Words, i: int) -> int:
    """Index of the first word after the subject that begins at word i."""
    j = i
    while j < min(len(words), i + 16):
        word, bare = words.word(j), words.bare(j)
        if word in QUOTE_OPENERS:
            closer = short_quote_end(words, j)
            if closer < 0:
                return j
            while j < len(words) and words.starts[j] <= closer:
                j += 1
            continue
        if word == ":" or (j > i and word.startswith("''") and not _short_doubled_quote(words, j)) or (
                j > i and UNNAMED.match(words.text, words.starts[j])):
            return j  # what was said, between doubled apostrophes; a name between them (''فرنسا ـ الجزائر'') goes on
        if j > i and (is_complementizer(words, j) or bare in lex.STOPS_LIGHT or bare in lex.ADVERBIALS_LIGHT
                      or RECIPIENT.match(words.text, words.starts[j]) or _is_outlet(word) or opens_setting(words, j)):
            return j
        j += 1
    return j


def _short_doubled_quote(words: Words, j: int) -> bool:
    """Whether the doubled apostrophes opening word j close again within three words."""
    closing = words.text.find("''", words.starts[j] + 2, words.starts[j] + 2 + REACH)
    return closing >= 0 and not more_words(words.text, words.starts[j] + 2, closing, 3)


def object_begins(words: Words, k: int) -> bool:
    """Whether word k starts the object rather than continuing the subject: `وزارة الدفاع الإيطالية | وجود جنود`."""
    previous, current = words.bare(k - 1), words.bare(k)
    if (not current or current in lex.FUNCTION_WORDS_LIGHT or current in lex.PREPOSITIONS_LIGHT
            or current in lex.JOINERS_LIGHT or current[0] in "بلك"):
        return False
    if is_verbal_noun(current):
        return True  # `وأكد الوزير | استمرار الحملة`: a name never begins so
    if previous.startswith("ال") and not current.startswith("ال"):
        return key(previous) not in lex.ROLE_KEYS and previous not in lex.TITLES_LIGHT
    return words.bare(k - 2) in ("في", "من") and current.startswith("ال")


def is_verbal_noun(bare: str) -> bool:
    """Whether a light word has the shape of the verbal noun استفعال (استمرار, استقرار), which no name has."""
    return bare.startswith("است") and len(bare) >= 6


def short_quote_end(words: Words, j: int) -> int:
    """Where a quotation of at most three words opened at word j closes (an outlet, a name), or -1."""
    if words.word(j) not in QUOTE_OPENERS:
        return -1
    closer = closing_quote(words.text, words.starts[j], len(words.text))
    if closer < 0 or more_words(words.text, words.starts[j] + 1, closer, 3):
        return -1
    return closer


def opens_setting(words: Words, i: int) -> bool:
    """Whether word i begins the setting of a statement: `في تصريح`, `لوكالة`, `خلال`, `مع`, or when it was said:
    `حين سأله الصحافيون`, `لدى وصوله`, `عقب لقائه`."""
    bare = words.bare(i)
    if bare == "في" and i + 1 < len(words):  # `في تصريح`, or a setting of the speaker's own: `في كلمته`
        following = words.bare(i + 1)
        return strip_al(following) in lex.SETTINGS_BARE or (len(following) >= 5 and following.endswith(_POSSESSIVE))
    return (bare in ("خلال", "عبر", "امام", "مع", "بعد", "قبل", "يوم", "عندما", "حين", "حينما", "لدى", "اثناء", "اثر",
                     "عقب")
            or bool(RECIPIENT.match(words.text, words.starts[i])) or _is_outlet(words.word(i)))


def _is_outlet(word: str) -> bool:
    """Whether a word names the outlet a statement was given to: `للصحيفة`, `لوكالة`."""
    bare = normalize(word)
    return bare.startswith("ل") and key("ا" + bare[1:] if bare.startswith("لل") else bare[1:]) in lex.OUTLET_KEYS


def skip_adverbials(words: Words, i: int) -> int:
    """Past adverbs, adverbial phrases (`أمس`, `في هذا السياق`) and a source's wish to stay unnamed at word i."""
    while i < len(words):
        unnamed = UNNAMED.match(words.text, words.starts[i])
        if unnamed:
            while i < len(words) and words.starts[i] < unnamed.end():
                i += 1
            continue
        if (words.bare(i) in lex.ADVERBIALS_LIGHT or words.bare(i) == "قد"
                or (not words.bare(i) and words.word(i) not in (":",) + tuple(QUOTE_OPENERS))):
            i += 1
            continue
        rest = normalize(" ".join(words.word(j) for j in range(i, min(len(words), i + 4))))
        phrase = next((p for p in lex.ADVERBIAL_PHRASES_NORMAL if rest.startswith(p)), None)
        if phrase is None:
            return i
        i += len(phrase.split())
    return i


def is_complementizer(words: Words, i: int) -> bool:
    """Whether word i is أن or one of its forms, alone or after a preposition (`إلى أن`)."""
    bare = words.bare(i)
    return bare in lex.COMPLEMENTIZERS_LIGHT or (
        i + 1 < len(words) and bare in ("الى", "إلى", "على", "من") and words.bare(i + 1) in lex.COMPLEMENTIZERS_LIGHT
    )
