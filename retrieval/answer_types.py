"""What kind of answer a question asks for, and which kinds a sentence holds, by plain word rules.

A question asks "when" (a date or time), "count" (a number or amount), "who" (a person or body),
"where" (a place), or "other" (what / which: a noun phrase), by its Arabic or English question
words. A sentence holds a number, a date, or a place word by regular expressions over its text
normalised as for matching (index/analyze.py): so "١٩٨٥" is a year as "1985" is.
"""
from __future__ import annotations

import re

from index import analyze

KINDS = ("when", "count", "who", "where", "other")


def _words(*alternatives: str) -> str:
    return "|".join(analyze.normalize(a) for a in alternatives)


def _whole(alternatives: str) -> str:
    """Any of the alternatives as a whole word, perhaps after a joined و ف ب ل or an article."""
    return rf"(?<!\w)(?:و|ف|ب|ل)?(?:ال)?(?:{alternatives})(?!\w)"


# Arabic question words are matched on the normalised question (one alef, ى → ي, ة → ه).
_QUESTION_RULES = [
    ("when", re.compile(rf"(?<!\w)(?:و|ف)?(?:{_words('متى', 'متي')})(?!\w)|(?:في|فى|بأي|باي)\s+(?:{_words('أي', 'اي')})\s+"
                        rf"(?:{_words('عام', 'سنة', 'سنه', 'يوم', 'شهر', 'قرن', 'تاريخ', 'وقت', 'فترة', 'عقد')})"
                        rf"|(?:{_words('أي', 'اي', 'ما')})\s+(?:{_words('عام', 'سنة', 'تاريخ', 'قرن')})"
                        r"|\bwhen\b|\bwhat (?:year|date|time|century|decade)\b|\bwhich (?:year|century|decade)\b")),
    ("count", re.compile(rf"(?<!\w)(?:و|ف)?(?:{_words('كم', 'بكم')})(?!\w)|{_words('ما عدد', 'ما هو عدد', 'ما نسبة', 'ما هي نسبة', 'ما مقدار', 'ما حجم', 'ما مساحة', 'ما عمر')}"
                         r"|\bhow (?:many|much|long|old|far|large|big|high|tall)\b|\bwhat (?:percentage|percent|number|proportion|amount)\b")),
    ("where", re.compile(rf"(?<!\w)(?:و|ف)?(?:{_words('أين', 'اين', 'أينَ')})(?!\w)|(?:{_words('في أي', 'في اي', 'الى اي', 'من اي')})\s+"
                         rf"(?:{_words('مكان', 'مدينة', 'بلد', 'دولة', 'منطقة', 'ولاية', 'جزء', 'قارة')})"
                         r"|\bwhere\b|\b(?:which|what) (?:city|country|place|region|state|continent)\b")),
    ("who", re.compile(rf"^(?:و|ف)?من\s|(?<!\w)من\s+(?:{_words('هو', 'هي', 'هم', 'الذي', 'التي', 'الذين', 'كان', 'كانت')})(?!\w)"
                       r"|\bwho\b|\bwhom\b|\bwhose\b")),
]

_ARABIC_NUMBER_WORDS = _words(
    "واحد", "اثنان", "اثنين", "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ست", "ستة", "سبع", "سبعة", "ثمان",
    "ثمانية", "تسع", "تسعة", "عشر", "عشرة", "عشرون", "عشرين", "ثلاثون", "ثلاثين", "أربعون", "أربعين", "خمسون",
    "خمسين", "مئة", "مائة", "مئات", "ألف", "آلاف", "مليون", "ملايين", "مليار", "نصف", "ربع", "ثلث", "بالمئة",
    "بالمائة", "المئة", "المائة")
_NUMBER = re.compile(rf"\d|%|{_whole(_ARABIC_NUMBER_WORDS)}"
                     r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\b")
_MONTHS = _words(
    "يناير", "فبراير", "مارس", "أبريل", "ابريل", "إبريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه", "أغسطس",
    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر", "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
    "أيلول", "تشرين", "محرم", "صفر", "ربيع", "جمادى", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
_DATE = re.compile(rf"(?<!\d)(?:1\d{{3}}|20\d{{2}})(?!\d)|\d+\s*(?:م|هـ|ه)(?!\w)|{_whole(_MONTHS)}"
                   rf"|{_whole(_words('قرن', 'عام', 'سنة', 'يوم', 'صباح', 'مساء', 'ساعة'))}"
                   r"|\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
                   r"|century|bc|ad)\b")
_PLACE = re.compile(rf"{_whole(_words('مدينة', 'مدينه', 'دولة', 'ولاية', 'منطقة', 'جزيرة', 'عاصمة', 'شمال', 'جنوب', 'شرق', 'غرب', 'قرية', 'محافظة', 'إقليم', 'بلدة', 'قارة', 'نهر', 'جبل'))}"
                    r"|\b(?:city|country|state|region|island|capital|north|south|east|west|province|river)\b")


def question_kind(question: str) -> str:
    """The kind of answer the question asks for: one of KINDS."""
    text = analyze.normalize(question)
    return next((kind for kind, rule in _QUESTION_RULES if rule.search(text)), "other")


def sentence_kinds(sentence: str) -> frozenset[str]:
    """The kinds of answer a sentence holds: "number", "date", "place" (any of them, or none)."""
    text = analyze.normalize(sentence)
    return frozenset(kind for kind, rule in (("number", _NUMBER), ("date", _DATE), ("place", _PLACE))
                     if rule.search(text))
