"""Consonant skeletons: a name written in Latin letters matched with its Arabic spelling.

Misrata and مصراتة, Haftar and حفتر, Mohammed and محمد share a skeleton: their consonants mapped to a
few coarse classes (ص س ش ز ظ and s, z, sh, ch are all "s"), vowels, long vowels, hamza and ain
dropped, doubled letters written once. An English question has no word in common with Arabic
text, but its names do have skeletons in common with it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from index import analyze

MIN_CONSONANTS = 2

# Arabic letters after analyze.normalize (alef, yeh and teh marbuta already folded).
_ARABIC = str.maketrans({
    "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "t", "د": "d", "ض": "d", "ذ": "d",
    "س": "s", "ش": "s", "ص": "s", "ز": "s", "ظ": "s", "ك": "k", "ق": "k", "خ": "k",
    "ج": "g", "غ": "g", "چ": "g", "گ": "g", "ح": "h", "ه": "h", "ف": "f", "ڤ": "f",
    "ر": "r", "ل": "l", "م": "m", "ن": "n",
    "ا": "", "و": "", "ي": "", "ى": "", "ء": "", "ئ": "", "ؤ": "", "ع": "",
})
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل")
_LATIN_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("kh", "k"), ("gh", "g"), ("ph", "f"),
                   ("ck", "k"), ("ce", "se"), ("ci", "si"), ("cy", "sy"))
_LATIN = str.maketrans({"z": "s", "x": "ks", "q": "k", "c": "k", "j": "g", "v": "f", "p": "b",
                        "a": "", "e": "", "i": "", "o": "", "u": "", "y": "", "w": ""})
_LATIN_ADJECTIVE = re.compile(r"(?<=..)(?:ian|an|i)s?$")  # Italian → Ital, Libyans → Liby, Iraqi → Iraq
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u067e\u0686\u06a4\u06af]+")
_LATIN_WORD = re.compile(r"[a-z]+")


def _squeeze(consonants: str) -> str:
    """Doubled consonants written once (Mohammed → mhmd, as Arabic writes محمد without its shadda)."""
    return re.sub(r"(.)\1+", r"\1", consonants)


@lru_cache(maxsize=200_000)
def arabic(word: str) -> frozenset[str]:
    """The skeletons of a normalised Arabic word: as written and without a joined article or particle.

    A final ه is dropped: after normalisation it is mostly a teh marbuta (مصراتة → msrt).
    """
    if not _ARABIC_WORD.fullmatch(word):
        return frozenset()
    forms = {word} | {word[len(p):] for p in _ARABIC_PREFIXES if word.startswith(p) and len(word) - len(p) >= 3}
    found = set()
    for form in forms:
        skeleton = _squeeze((form[:-1] if form.endswith("ه") else form).translate(_ARABIC))
        if len(skeleton) >= MIN_CONSONANTS:
            found.add(skeleton)
    return frozenset(found)


@lru_cache(maxsize=50_000)
def latin(word: str) -> frozenset[str]:
    """The skeletons of a lower-case Latin word: as written and, for an adjective of a place, the place."""
    if not _LATIN_WORD.fullmatch(word):
        return frozenset()
    forms = {word[:-2] if word.endswith("'s") else word}
    forms |= {_LATIN_ADJECTIVE.sub("", form) for form in forms}
    found = set()
    for form in forms:
        for digraph, single in _LATIN_DIGRAPHS:
            form = form.replace(digraph, single)
        skeleton = _squeeze(form.translate(_LATIN))
        if len(skeleton) >= MIN_CONSONANTS:
            found.add(skeleton)
    return frozenset(found)


_ARABIC_SPELT = {**_ARABIC, **str.maketrans({"ا": "a", "و": "u", "ي": "i", "ى": "i"})}
_LATIN_SPELT = {**_LATIN, **str.maketrans("aeiouyw", "aiiuuiu")}


def spelt(word: str) -> str:
    """A normalised word (Arabic, or Latin in lower case) as its consonant classes with its vowels as a, i or u
    (Arabic writes only the long ones): names of one skeleton told apart, Jubeir (gubir) nearer to جبير (gbir)
    than to جبوري (gburi)."""
    if _ARABIC_WORD.fullmatch(word):
        return _squeeze((word[:-1] if word.endswith("ه") else word).translate(_ARABIC_SPELT))
    for digraph, single in _LATIN_DIGRAPHS:
        word = word.replace(digraph, single)
    return _squeeze(word.translate(_LATIN_SPELT))


def of_text(text: str) -> set[str]:
    """All skeletons of the Arabic words of a text."""
    return {s for token in analyze.tokens(text) for s in arabic(token)}


_NAME = re.compile(r"(?<![\w'])[A-Z][A-Za-z'-]*")


def names(text: str, starts_sentence: bool = False) -> dict[str, frozenset[str]]:
    """The capitalised Latin words of a text that are not stop words, as their matching term and their
    skeletons: `Italian troops in Misrata` → {"italian": {"tln", "tl"}, "misrata": {"msrt"}}. When the text
    starts a sentence (a question), its first word is not taken for a name."""
    found = {}
    for match in _NAME.finditer(text):
        word = match.group().lower()
        skeletons = frozenset().union(*(latin(part) for part in word.split("-")))
        if (match.start() > 0 or not starts_sentence) and word not in analyze.STOP_WORDS and skeletons:
            for term in analyze.terms(word):
                found[term] = found.get(term, frozenset()) | skeletons
    return found
