"""Speakers' profiles: the people a name stands for among the library's speakers, and what each of them said.

A name asked for matches a stored speaker when each of its words is one of the speaker's words: Arabic
words normalised, with or without ال; a word in Latin letters by its consonant skeleton (index/skeleton.py),
so that "Mismari" finds المسماري. Titles and a leading role are left out, so المشير خليفة حفتر and الرئيس
خليفة حفتر are خليفة حفتر. Stored names are one person when their first and last name agree (أحمد المسماري,
أحمد محمد المسماري; a compound name is one name: عبد الفتاح, بن سلمان); a surname alone (المسماري) is the one
person of that surname in the library, and a profile of its own when the library holds several: two people
of one surname are not merged. The people a name may be come most quoted first; for a name in Latin letters,
whose skeleton is shared by many (Jubeir: الجبير, الجبوري, الجابر), the nearest in spelling first. Unnamed sources ("مصادر مطلعة"), organisations and speakers that read as a
description rather than a name (long, or with a stop word or a preposition among them) have no profile.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from index import analyze, skeleton
from index.article import Span
from index.read_side import SaidRecord
from index.statements import lexicon as lex
from index.statements.keys import key, strip_al
from retrieval.answer import Answer, Passage, Speaker
from retrieval.attribution import is_unnamed
from retrieval.quotes import LEXICAL_WEIGHT, capped, term_share

NAMES_CACHED = 200_000  # stored names whose analysis is kept between questions
MAX_NAME_WORDS = 6  # a longer speaker is a description (السيسي موجها حديثه للأمير …), not a name
_TITLES = frozenset(analyze.normalize(w) for w in lex.TITLES | lex.ENGLISH_TITLES)
_JOINERS = frozenset(analyze.normalize(w) for w in lex.NAME_JOINERS)  # joined to the next word: عبد الفتاح
_SECOND_PARTS = frozenset(analyze.normalize(w) for w in lex.NAME_SECOND_PARTS)  # joined to the one before
_PATRONYMIC = frozenset(analyze.normalize(w) for w in ("بن", "ابن", "bin", "ibn"))
_NOT_IN_NAMES = analyze.STOP_WORDS | {analyze.normalize(w) for w in lex.PREPOSITIONS}
_WORD_PARTS = re.compile(r"[-‐]")
_LATIN_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Profile:
    """One person as the library quotes them: the name they are shown by (their most quoted full name), every
    stored name that is them, and how many statements those have."""

    name: str
    names: tuple[str, ...]
    statements: int


@lru_cache(maxsize=NAMES_CACHED)
def name_words(name: str) -> tuple[str, ...]:
    """A name's words, normalised and split at hyphens (al-Mismari), without titles or a leading role."""
    words = [part for word in analyze.normalize(name).split() for part in _WORD_PARTS.split(word) if part]
    words = [word for word in words if word.strip(".") not in _TITLES and word not in _TITLES]
    if len(words) > 1 and key(words[0]) in lex.ROLE_KEYS:
        words.pop(0)
        while len(words) > 1 and words[0].startswith("ال"):  # the role's own words: وزير الخارجية عادل الجبير
            words.pop(0)
    return tuple(words)


@lru_cache(maxsize=NAMES_CACHED)
def person_of(name: str) -> tuple[str, str] | None:
    """Who a stored name is: (first name, last name), or ("", surname) for a surname alone; compound names are
    one name, and of a chain of fathers' names (محمد بن سلمان بن عبد العزيز) only the first counts. None for an
    unnamed source, an organisation (إدارة أوباما) or a description."""
    words = name_words(name)
    if (not words or len(words) > MAX_NAME_WORDS or is_unnamed(name) or key(words[0]) in lex.ORGANISATION_KEYS
            or any(len(word) < 2 or word in _NOT_IN_NAMES for word in words)):
        return None
    parts: list[str] = []
    for at, word in enumerate(words):
        if word in _PATRONYMIC and not _PATRONYMIC.isdisjoint(words[1:at]):
            break  # the father's father's name (محمد بن سلمان بن عبد العزيز) names no one else
        if parts and (words[at - 1] in _JOINERS or word in _SECOND_PARTS):
            parts[-1] += word
        else:
            parts.append(word)
    parts = [strip_al(part) for part in parts]
    return (parts[0], parts[-1]) if len(parts) > 1 else ("", parts[0])


@lru_cache(maxsize=NAMES_CACHED)
def _spelling(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """A name's words without ال, and their skeletons, for matching a name asked for."""
    words = name_words(name)
    return (frozenset(strip_al(word) for word in words),
            frozenset().union(*(skeleton.arabic(word) | skeleton.latin(word) for word in words)))


def profiles(asked: str, speakers: dict[str, int]) -> list[Profile]:
    """The people among the library's speakers (name: statements) that the name asked for may be, the most
    quoted first."""
    wanted = [(strip_al(word), skeleton.latin(word)) for word in name_words(asked)
              if skeleton.latin(word) or not _LATIN_WORD.fullmatch(word)]  # "al" of al-Mismari is no name
    if not wanted:
        return []
    found = [_profile(names) for names in people(speakers).values() if any(_is_named(wanted, name) for name in names)]
    latin = [word for word, skeletons in wanted if skeletons]
    return sorted(found, key=lambda p: (-_closeness(latin, p.names), -p.statements, p.name))


def _closeness(latin: list[str], names: tuple[str, ...]) -> float:
    """How near the words asked in Latin letters are to the nearest of a person's names, vowels and all
    (index/skeleton.py `spelt`): 1 when spelt alike, 0 when none were asked."""
    if not latin:
        return 0.0
    return max(sum(max(SequenceMatcher(None, skeleton.spelt(word), skeleton.spelt(strip_al(own))).ratio()
                       for own in name_words(name)) for word in latin) / len(latin) for name in names)


def people(speakers: dict[str, int]) -> dict[tuple[str, str], dict[str, int]]:
    """The named speakers as people (`person_of`), each with their stored names and statements; a surname alone
    joins the one person of that surname, if there is one."""
    found: dict[tuple[str, str], dict[str, int]] = {}
    for name, count in speakers.items():
        person = person_of(name)
        if person is not None:
            found.setdefault(person, {})[name] = count
    of_surname: dict[str, list[tuple[str, str]]] = {}
    for person in found:
        if person[0]:
            of_surname.setdefault(person[1], []).append(person)
    for person in [p for p in found if not p[0] and len(of_surname.get(p[1], ())) == 1]:
        found[of_surname[person[1]][0]].update(found.pop(person))
    return found


def _is_named(wanted: list[tuple[str, frozenset[str]]], name: str) -> bool:
    """Whether each word asked for is one of the name's words: as written (without ال) or, in Latin letters,
    by a skeleton of the word's."""
    bare, spelt = _spelling(name)
    return all(word in bare or not skeletons.isdisjoint(spelt) for word, skeletons in wanted)


def _profile(names: dict[str, int]) -> Profile:
    full = {name: count for name, count in names.items() if person_of(name)[0]} or names
    shown = max(full, key=lambda name: (full[name], len(name)))
    return Profile(shown, tuple(sorted(names, key=lambda name: -names[name])), sum(names.values()))


def topic_terms(topic: str) -> dict[str, frozenset[str]]:
    """A topic's terms, each with its skeletons when written in Latin letters (Turkey finds تركيا)."""
    return {term: skeleton.latin(term) for term in analyze.terms(topic)}


def about(said: list[SaidRecord], topic: str, vector: np.ndarray) -> tuple[list[SaidRecord], bool]:
    """The statements about a topic, best first, and whether they name it: those whose content holds any of
    its terms, when some do; else all, the closest to the topic's vector first (an English topic over Arabic
    statements). Ranked as quotes are: the sentence's similarity plus the share of the terms it holds."""
    terms = topic_terms(topic)
    shares = [term_share(terms, record.content) if terms else 0.0 for record in said]
    named = any(share > 0 for share in shares)
    scored = [(float(record.vector @ vector) + LEXICAL_WEIGHT * share, record)
              for share, record in zip(shares, said) if share > 0 or not named]
    return [record for _, record in sorted(scored, key=lambda item: -item[0])], named


def profile_answer(asked: str, said: list[SaidRecord], max_quote_chars: int, topic: str = "") -> Answer:
    """A profile's statements as an answer of one speaker: each quote the statement's content as stored, capped
    at max_quote_chars around the topic's terms, marked when it is a denial."""
    terms = frozenset(topic_terms(topic))
    passages = [_passage(record, max_quote_chars, terms) for record in said]
    return Answer(asked, bool(passages), 0.0, passages, speaker_groups=[list(range(len(passages)))],
                  who_question=True)


def _passage(record: SaidRecord, max_chars: int, terms: frozenset[str]) -> Passage:
    s, provenance = record.statement, record.provenance
    quote = capped(record.content, Span(0, len(record.content)), max_chars, terms)
    return Passage(
        article_id=record.article_id, quote=record.content[quote.start:quote.end], start=s.start + quote.start,
        end=s.start + quote.end, context=record.content, score=0.0, title=provenance.title,
        source=provenance.source, author=provenance.author, url=provenance.url, published=provenance.published,
        edited=provenance.edited, speaker=Speaker(s.speaker, s.role, s.cue, s.cites), cut_before=quote.start > 0,
        cut_after=quote.end < len(record.content), denied=s.polarity == "denies")
