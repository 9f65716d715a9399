"""What a claim commits to, so that a statement can be checked against it: its numbers, its names, its words.

A who-question about a claim the library does not hold mostly shares its topic and actors with one it does
hold and differs in a number ("500 to 600 billion" for "200 to 300 billion"), a name or place (Ceyhan,
Beijing), or what was said ("because of unpaid bills"). The nearest statement then scores well on
similarity, so similarity alone cannot say "nothing found"; these checks can:
- every number of the claim but two is a number of the statement (digits, or number words in Arabic or English,
  with their thousands and millions; two is as often a noun's dual, شرطيان);
- every place the claim names (a country, territory or city of retrieval/gazetteer.py, named in English or
  in Arabic) is named where the statement stands: its passage, or its article's title and first sentence,
  whose dateline and lede name the place reported from (names of people are not checked: a Latin spelling's
  Arabic skeleton finds the topic, but misses too many of the right statements to be a condition);
- enough of the claim's words are the statement's words, or begin them, or begin with them, in three letters at
  least (light stems leave plurals and suffixes apart: مستشفي and مستشفيات, تحقيق and تحقيقات): an Arabic
  claim's own words (of three letters at least: a shorter light stem, له of الله, is stemming's debris), an
  English claim's words through the Arabic words of news that write them (retrieval/news_words.py; a word it
  does not know is not counted, and a claim with fewer than MIN_KNOWN_WORDS known is not held to its words);
  a verb also meets its other persons and its future by its verb stem (`_verb_stem`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from index import analyze
from retrieval import gazetteer, news_words
from retrieval.quotes import SENTENCES_CACHED, sentence_terms

_MIN_ROOT = 3  # letters a term must share with the beginning of another to be the same word in another form
MIN_SHARED_TERMS = 0.4  # share of a claim's words that its statement must hold (dev split of bench/attribution_set)
MIN_KNOWN_WORDS = 4  # an English claim with fewer words the lexicon knows is not held to its words (the same split)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ENGLISH_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
# ("one" and واحد are left out: "one of", "في آن واحد" name no number.)
# Normalised Arabic number words (analyze.normalize folds ة to ه and أ/إ to ا), masculine and feminine,
# nominative and oblique, with or without the article.
_ARABIC_UNITS = {
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثه": 3,
    "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8,
    "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10, "عشرين": 20, "عشرون": 20,
    "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40, "اربعون": 40, "خمسين": 50, "خمسون": 50, "ستين": 60,
    "ستون": 60, "سبعين": 70, "سبعون": 70, "ثمانين": 80, "ثمانون": 80, "تسعين": 90, "تسعون": 90,
    "مائه": 100, "مئه": 100, "مائتي": 200, "مئتي": 200, "مائتان": 200, "مئتان": 200, "مائتين": 200, "مئتين": 200,
}
_ARABIC_NUMBERS = _ARABIC_UNITS | {"ال" + word: value for word, value in _ARABIC_UNITS.items()}
# Words that multiply the number before them (normalised; آلاف is الاف), alone a number of their own (ألف جندي,
# مليون دولار); and the Arabic words that are two thousand (the dual).
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "الف": 1e3, "الاف": 1e3,
           "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9, "بليون": 1e9, "تريليون": 1e12}
_THOUSANDS = {"الفا": 1e3, "الفي": 2e3, "الفين": 2e3, "الفان": 2e3}
# Two is written in Arabic by a noun's dual ending (شرطيان, two policemen) as often as by a number, so a claim's
# two is never required of a statement.
_DUAL = 2.0
_PARTICLES = ("وب", "ول", "و", "ب", "ل", "ك")
_PERSONS = "يتن"  # the letters an imperfect verb begins with, for its person (أ, the first person, begins nouns too)


def _without_particle(token: str) -> list[str]:
    """A word as written and without a joined و, ب, ل or ك (بثلاث رصاصات, وخمسة, و500)."""
    return [token] + [token[len(p):] for p in _PARTICLES
                      if token.startswith(p) and (len(token) - len(p) >= 3 or token[len(p):].isdigit())]


@dataclass(frozen=True)
class Constraints:
    """A claim's numbers, the places it names, and its words, each as the Arabic terms that may write it."""

    numbers: frozenset[float]
    places: tuple[tuple[str, ...], ...]  # places as their English names (retrieval/gazetteer.py)
    words: tuple[frozenset[str], ...]

    def met_by(self, text: str, passage: str) -> bool:
        """Whether a statement (its sentence, speaker and content) holds the claim's numbers and words, and it or
        where it stands (`attribution.surroundings`) names the claim's places: a statement seldom repeats its
        place."""
        if self.numbers and not self.numbers <= numbers(text):
            return False
        if not all(gazetteer.found_in(place, text) or gazetteer.found_in(place, passage) for place in self.places):
            return False
        return not self.words or shared_words(self.words, text) >= MIN_SHARED_TERMS


def shared_words(words: tuple[frozenset[str], ...], text: str) -> float:
    """The share of the words any of whose terms is a text's word, or begins one, or begins with one, in three
    letters at least, or is a verb stem that one of the text's verb stems is (0 for no words)."""
    said, known, stems = _said(text)
    shared = sum(1 for terms in words if not known.isdisjoint(terms) or not said.isdisjoint(_prefixes(terms))
                 or not stems.isdisjoint(_verb_stems(terms)))
    return shared / len(words) if words else 0.0


@lru_cache(maxsize=SENTENCES_CACHED)
def _said(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A text's terms; them with every beginning of three letters or more; the verb stems of those that have one."""
    said = sentence_terms(text)
    return said, said | _beginnings(said), _stripped(said)


@lru_cache(maxsize=4096)
def _prefixes(terms: frozenset[str]) -> frozenset[str]:
    """A claim's word's terms' beginnings (`_beginnings`), read once per question's word."""
    return _beginnings(terms)


@lru_cache(maxsize=4096)
def _verb_stems(terms: frozenset[str]) -> frozenset[str]:
    """A claim's word's terms' verb stems (`_stripped`), read once per question's word."""
    return _stripped(terms)


def _beginnings(terms: frozenset[str]) -> frozenset[str]:
    """The beginnings of three letters or more of the terms, short of their whole length."""
    return frozenset(term[:k] for term in terms for k in range(_MIN_ROOT, len(term)))


def _stripped(terms: frozenset[str]) -> frozenset[str]:
    """The verb stems of the terms that have one (a term `_verb_stem` leaves as it is has none)."""
    return frozenset(stem for term in terms if (stem := _verb_stem(term)) != term)


def _verb_stem(term: str) -> str:
    """A verb without the future's س and the imperfect's person (ستستضيف, تستضيف and يستضيف → ستضيف), so that
    its forms meet; a word too short for it stays as it is. A noun may lose its first letter too (تقاليد →
    قاليد), so a verb stem only meets another verb stem, whole."""
    if term[:1] == "س" and term[1:2] in _PERSONS and len(term) >= _MIN_ROOT + 2:
        term = term[1:]
    return term[1:] if term[:1] in _PERSONS and len(term) >= _MIN_ROOT + 2 else term


def of_claim(claim: str) -> Constraints:
    """The constraints of a claim: what a who-question asks to have been said."""
    arabic = analyze.detect_language(claim) in ("ar", "mixed")
    required = numbers(claim) - {_DUAL}
    if arabic:
        terms = dict.fromkeys(t for t in analyze.terms(claim) if not _NUMBER.fullmatch(t) and len(t) >= _MIN_ROOT)
        return Constraints(required, tuple(gazetteer.arabic_places(claim)), tuple(frozenset({t}) for t in terms))
    words = news_words.in_arabic(claim)
    return Constraints(required, tuple(gazetteer.named_places(claim)), words if len(words) >= MIN_KNOWN_WORDS else ())


def numbers(text: str) -> frozenset[float]:
    """The numbers a text names: in digits (1,800 and 1.5 as one number; 100.000 also as a hundred thousand; a year
    as itself) or number words, a number followed by thousand, million or billion as their product (`two thousand`,
    `ثلاثة آلاف`, `2.9 مليون`), a thousand or a million alone as itself, and the dual two thousand (ألفي)."""
    found = set()
    words = [_number_word(token) for token in analyze.tokens(text)]
    for at, (values, multiplier, alone) in enumerate(words):
        following = words[at + 1][1] if at + 1 < len(words) else None
        if values and following:
            values = frozenset(round(value * following, 6) for value in values)
        elif multiplier and at > 0 and words[at - 1][0]:
            continue  # the thousand of `ثلاثة آلاف`, read with its number
        found |= values or alone
    return frozenset(found)


@lru_cache(maxsize=200_000)
def _number_word(token: str) -> tuple[frozenset[float], float | None, frozenset[float]]:
    """What a word is as a number: the values it names, what it multiplies the number before it by, and what it
    names when no number is before it (ألف, ألفي, million); read once per distinct word."""
    forms = _without_particle(token)
    multiplier = next((_SCALES[w] for w in forms if w in _SCALES), None)
    alone = frozenset(_THOUSANDS[w] for w in forms if w in _THOUSANDS) | (
        frozenset({multiplier}) if multiplier else frozenset())
    return _values(forms), multiplier, alone


def _values(forms: list[str]) -> frozenset[float]:
    """The number a word is, in digits or as a number word (`و500` too); both readings of `100.000`."""
    digits = next((w for w in forms if _NUMBER.fullmatch(w)), None)
    if digits is not None:
        values = {float(digits.replace(",", ""))}
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
            values.add(float(digits.replace(".", "")))
        return frozenset(values)
    if forms[0] in _ENGLISH_NUMBERS:
        return frozenset({float(_ENGLISH_NUMBERS[forms[0]])})
    word = next((w for w in forms if w in _ARABIC_NUMBERS), None)
    return frozenset({float(_ARABIC_NUMBERS[word])}) if word is not None else frozenset()
