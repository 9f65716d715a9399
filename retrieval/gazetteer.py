"""Places named in English or Arabic, found in Arabic: countries, territories and cities from the Unicode CLDR.

Babel ships the CLDR's names of countries and territories and of the cities that name time zones, in
English and in Arabic (CLDR, Unicode License v3). An English claim's "Egypt", "Egyptian", "Baghdad" or
"Saudi Arabia" is then matched by the Arabic article's مصر, المصرية, بغداد or السعودية: a place is found in
a text when a word that is its name's own (السعودية of المملكة العربية السعودية) is a word of the text, up to a joined article or particle and the
endings of an adjective (ليبيا, الليبية and الليبيين are one key). English adjectives of a place ("Egyptian",
"Iraqi", "Turkish") are read as the place. An Arabic claim's places are read from it the other way
(`arabic_places`): a place whose own words are all in the text, in their forms as names.
"""
from __future__ import annotations

import re
import unicodedata
import zoneinfo
from functools import lru_cache

from babel import Locale
from babel.dates import get_timezone_location

from index import analyze

_ENGLISH_ADJECTIVE = re.compile(r"(?:ians?|ans?|is|i|ish|ese|s)$")
_MIN_STEM = 4  # letters of an adjective's stem that must begin a place's name
_COMMON_WORDS_IN_ARABIC = {("mali",)}  # مالي is also "financial" (المالية): not a place an Arabic text names
_MIN_NAME_STEM = 4  # letters an Arabic place name keeps without its ending (مالي is not the مال of المالية)
_WORD = re.compile(r"[a-z]+")
_ARABIC_PREFIXES = ("وبال", "وال", "بال", "لل", "ال", "وب", "ول", "و", "ب", "ل")
_ARABIC_ENDINGS = ("يين", "يون", "يه", "يا", "ي", "ه", "ا")


@lru_cache(maxsize=1)
def places() -> dict[tuple[str, ...], tuple[tuple[frozenset[str], ...], bool, tuple[frozenset[str], ...]]]:
    """English names of places, as lower-case word tuples, to the keys of the words of their Arabic names that
    no other place's name has, any of which names it (السعودية, فلسطينية), with True; or, when every word is
    shared with other names (المملكة المتحدة), to the keys of all of them, all needed, with False; and the
    forms of the own words as names (`name_forms`; a city's only as written, for the time zones' cities include
    small ones whose names are also words, فيفاي), which an Arabic text must all hold to name the place."""
    english, arabic = Locale("en"), Locale("ar")
    pairs = [(english.territories[code], arabic.territories[code], False)
             for code in english.territories if code in arabic.territories and not code.isdigit()]
    for zone in sorted(zoneinfo.available_timezones()):
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            pairs.append((get_timezone_location(zone, locale="en", return_city=True),
                          get_timezone_location(zone, locale="ar", return_city=True), True))
    named: dict[tuple[str, ...], list[str]] = {}
    cities = set()
    for name, arabic_name, city in pairs:
        words = english_words(name)
        if words and words not in named:
            named[words] = [t for t in analyze.tokens(arabic_name) if t not in analyze.STOP_WORDS]
            if city:
                cities.add(words)
    counts: dict[str, int] = {}
    for tokens in named.values():
        for token in set(tokens):
            counts[token] = counts.get(token, 0) + 1
    found = {}
    for words, tokens in named.items():
        own = [t for t in tokens if counts[t] == 1]
        if tokens:
            forms = tuple(frozenset({t}) if words in cities else _name_forms(t) for t in own)
            found[words] = (tuple(arabic_keys(t) for t in own or tokens), bool(own), forms)
    return found


def english_words(text: str) -> tuple[str, ...]:
    """Lower-case words without accents, a possessive or apostrophes inside: Türkiye → turkiye, Iran's → iran,
    Ma'aden → maaden."""
    plain = re.sub(r"['’]s\b", "", text.lower())
    plain = re.sub(r"(?<=\w)['’](?=\w)", "", plain)
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    return tuple(_WORD.findall(plain))


@lru_cache(maxsize=200_000)
def arabic_keys(token: str) -> frozenset[str]:
    """The forms a normalised Arabic word may be a place's name in: without a joined article or particle and
    without the endings of an adjective or of a name in ـيا (ليبيا, الليبية, بالليبيين → ليب)."""
    stems = {token} | {token[len(p):] for p in _ARABIC_PREFIXES if token.startswith(p) and len(token) - len(p) >= 3}
    return frozenset(stems | {stem[:-len(e)] for stem in stems for e in _ARABIC_ENDINGS
                              if stem.endswith(e) and len(stem) - len(e) >= 2})


def _name_forms(token: str) -> frozenset[str]:
    """A place's own word as it names the place: itself, or without an adjective's ending (السعودية → السعود)
    when four letters stay, never without a letter it begins with (ألبانيا is not بان, مالي not مال)."""
    endings = (e for e in _ARABIC_ENDINGS if token.endswith(e) and len(token) - len(e) >= _MIN_NAME_STEM)
    return frozenset({token} | {token[:-len(e)] for e in endings})


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(places(), key=len, reverse=True):
        index.setdefault(words[0], []).append(words)
    return index


def named_places(english: str) -> list[tuple[str, ...]]:
    """The places an English text names, as their English names (keys of `places()`); longest names first
    ("Saudi Arabia" before "Saudi"), an adjective as its place ("Iraqi" → Iraq)."""
    words = english_words(english)
    found, at = [], 0
    while at < len(words):
        name = next((n for n in _by_first_word().get(words[at], []) if tuple(words[at:at + len(n)]) == n), None)
        if name is None and english_cased(english, words[at]):
            name = _place_of_adjective(words[at])
        if name is not None:
            found.append(name)
            at += len(name) if name[0] == words[at] else 1
        else:
            at += 1
    return found


def english_cased(text: str, word: str) -> bool:
    """Whether a word is written with a capital in the text (an adjective of a place is: Egyptian, Iraqi)."""
    return re.search(rf"\b{word[0].upper()}{re.escape(word[1:])}\b", text) is not None


def _place_of_adjective(word: str) -> tuple[str, ...] | None:
    """The one-word place an English adjective names: Egyptian → Egypt, Syrian → Syria, Turkish → Turkey."""
    stem = _ENGLISH_ADJECTIVE.sub("", word)
    if len(stem) < _MIN_STEM or stem == word:
        return None
    return next((n for n in places() if len(n) == 1 and n[0].startswith(stem) and len(n[0]) - len(stem) <= 3), None)


def arabic_places(text: str) -> list[tuple[str, ...]]:
    """The places an Arabic text names (as the English names keyed in `places()`), in the order of `places()`:
    those whose own Arabic words are all words of the text, in one of their forms as names (المصرية, بمصر →
    Egypt; both words of الدار البيضاء, so that `دار سعد` names no place)."""
    keys = set().union(*(arabic_keys(token) for token in analyze.tokens(text) if token not in analyze.STOP_WORDS))
    return [place for place, (_, distinct, forms) in places().items()
            if distinct and place not in _COMMON_WORDS_IN_ARABIC and all(form & keys for form in forms)]


@lru_cache(maxsize=1024)
def _text_keys(text: str) -> frozenset[str]:
    """The forms of every word of a text as a place's name; a passage is read once for all the places asked."""
    return frozenset().union(*(arabic_keys(token) for token in analyze.tokens(text)))


def found_in(place: tuple[str, ...], text: str) -> bool:
    """Whether a text names the place: in Arabic, each word of its Arabic name in one of its forms; in English,
    by its name or its adjective."""
    keys = _text_keys(text)
    words, distinct, _ = places()[place]
    arabic = any(word & keys for word in words) if distinct else all(word & keys for word in words)
    return arabic or place in named_places(text)
