"""Text analysis for matching: one normalisation, tokens, terms and language, shared by indexing and questions."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

_ARABIC_BLOCKS = [range(0x0600, 0x0700), range(0x0750, 0x0780), range(0x08A0, 0x0900)]
# Soft hyphen, Arabic letter mark, zero-width space/joiners, bidi marks, embeddings and isolates, word joiner, BOM.
_INVISIBLE = (
    "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)
_TATWEEL = "\u0640"


def _matching_table() -> dict[int, str]:
    """One character table for everything normalize() does after NFKC, built from camel-tools' own rules."""
    table: dict[int, str] = {}
    for block in _ARABIC_BLOCKS:
        for code in block:
            char = chr(code)
            folded = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(char))))
            if folded != char:
                table[code] = folded
            elif unicodedata.category(char) == "Mn":
                table[code] = ""
    for char in _INVISIBLE + _TATWEEL:
        table[ord(char)] = ""
    for offset in range(10):
        table[0x0660 + offset] = str(offset)
        table[0x06F0 + offset] = str(offset)
    # Arabic decimal and thousands separators; Persian yeh and keheh are the Arabic yeh and kaf.
    table.update({0x066B: ".", 0x066C: ",", 0x06CC: "\u064a", 0x06A9: "\u0643"})
    return table


_TABLE = _matching_table()


def normalize(text: str) -> str:
    """Text folded for matching, never shown: NFKC, no marks, one alef/yeh/heh, ASCII digits, casefold."""
    folded = unicodedata.normalize("NFKC", text).translate(_TABLE).casefold()
    return " ".join(folded.split())


# A token is a run of letters and digits; a decimal number like 67.3 or 1,800 stays one token.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
_LATIN_WORD = re.compile(r"[a-z]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")


def tokens(text: str) -> list[str]:
    """Normalised word tokens: runs of letters/digits, punctuation split off."""
    return _TOKEN.findall(normalize(text))


_ARABIC_STOP_WORDS = """
في من على الى عن ان إن أن التي الذي الذين اللذين اللتين اللاتي هذا هذه هذان هاتان هؤلاء ذلك تلك اولئك
كان كانت كانوا يكون تكون قد لا ما لم لن مع عند او ام ثم حتى اذا اذ كل بعض غير بين لدى منذ الا الي عليه
عليها عليهم فيه فيها فيهم منه منها منهم به بها بهم له لها لهم هو هي هم هن انا نحن انت انتم كما لكن بل قبل
بعد خلال حول ضد دون ايضا كذلك حيث ومن وفي وعلى والى وعن وان وقد ولا وما ولم ولن وهو وهي وهم وكان وكانت
فان فقد فلا فما وذلك وهذا وهذه اي انه انها لان لانه هناك هنا اما ليس ليست يا سوف
""".split()
_ENGLISH_STOP_WORDS = """
a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
those there here he she they them his her their we our you your i me my not no do does did have has had will
would can could should may might shall into over about than then so such also which who whom whose what when
where why how all any each both more most other some only own same very just up down out off again further
""".split()
STOP_WORDS = frozenset(normalize(word) for word in _ARABIC_STOP_WORDS + _ENGLISH_STOP_WORDS)

_ENGLISH = snowballstemmer.stemmer("english")
_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_PREPOSITIONS = "بلك"
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def stem_arabic(word: str) -> str:
    """Light10 stem of a normalised Arabic word, also without a joined ب ل ك (بمصراتة matches مصراتة)."""
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    article = next((prefix for prefix in _ARTICLE_PREFIXES if word.startswith(prefix)), "")
    if article:
        if len(word) - len(article) >= 2:
            word = word[len(article):]
    elif word[:1] in _PREPOSITIONS and len(word) >= 5:
        word = word[1:]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


@lru_cache(maxsize=500_000)
def _term(token: str) -> str:
    """The matching form of one token: Arabic and English words stemmed, numbers and others as they are."""
    if _ARABIC_WORD.fullmatch(token):
        return stem_arabic(token)
    if _LATIN_WORD.fullmatch(token):
        return _ENGLISH.stemWord(token)
    return token


def terms(text: str) -> list[str]:
    """Tokens for lexical matching: stop words dropped, Arabic light-stemmed, English snowball-stemmed."""
    return [_term(token) for token in tokens(text) if token not in STOP_WORDS]


_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_NOT_WORDS = re.compile(r"(?:https?://|www\.)\S+|[^\s@]*@\S+|#\S+")
_NOT_WORDS_HINT = re.compile(r"[@#]|://|www\.")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_SCRIPT = re.compile(r"[A-Za-z\u00c0-\u024f]")


def letter_count(text: str) -> int:
    """How many letters (of any script) the text holds."""
    return len(_LETTER.findall(text))


def word_count(text: str) -> int:
    """Words of two or more letters, not counting links, e-mail addresses, @handles and #hashtags."""
    if _NOT_WORDS_HINT.search(text):
        text = _NOT_WORDS.sub(" ", text)
    return len(_WORD.findall(text))


def has_words(text: str, minimum: int = 1) -> bool:
    """Whether the text holds at least `minimum` real words (see word_count)."""
    return word_count(text) >= minimum


def detect_language(text: str) -> str:
    """"ar", "en", "mixed" or "other", by the letters of the words in each script.

    The script with most letters decides; the text is "mixed" when the other of Arabic/Latin has
    at least 20% of the letters and two words of its own, so an English question naming one Arabic
    place stays "en". No words, or mostly words of another script, is "other".
    """
    words = _WORD.findall(text)
    arabic = [word for word in words if _ARABIC_SCRIPT.match(word)]
    latin = [word for word in words if _LATIN_SCRIPT.match(word)]
    arabic_letters, latin_letters = sum(map(len, arabic)), sum(map(len, latin))
    if arabic_letters + latin_letters <= sum(map(len, words)) / 2:
        return "other"
    minority = latin if arabic_letters >= latin_letters else arabic
    if sum(map(len, minority)) >= 0.2 * (arabic_letters + latin_letters) and len(minority) >= 2:
        return "mixed"
    return "ar" if arabic_letters >= latin_letters else "en"
