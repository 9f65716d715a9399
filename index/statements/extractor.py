"""Runs the cue handlers over one article, in the order of the cues, and clips each statement at the next."""
from __future__ import annotations

import bisect
from dataclasses import replace

from index.article import Span, Statement
from index.statements.according import according
from index.statements.arabic_verb import arabic_verb
from index.statements.english_verb import english_verb
from index.statements import lexicon as lex
from index.statements.keys import key, light, nisba_free
from index.statements.reading import Draft, Reading
from index.statements.saying import saying
from index.statements.text import QUOTE_OPENERS, trim


def extract_statements(text: str, sentences: list[Span]) -> list[Statement]:
    """Attributed statements of an article: speaker, role, cue, content span, polarity and cited party.

    Verbs and sayings (`عن X قوله`) come first, in order, each statement clipped where the next of its sentence
    begins; then the prepositional attributions, each a statement of its own where no statement holds it; last,
    one-word speakers take the full name the article gives them (`_full_names`)."""
    reading = Reading(text, sentences)
    prepositional = []
    for m in reading.cues:
        if m.group("according") or m.group("en_according"):
            prepositional.append(m)
            continue
        if m.group("saying"):
            _add(reading, saying(reading, m))
        else:
            _add(reading, english_verb(reading, m) if m.group("en_verb") else arabic_verb(reading, m))
    _clip(text, reading.drafts)
    reading.open = sorted(reading.drafts, key=lambda d: -d.cue_start)
    for m in prepositional:
        _add(reading, according(reading, m))
    return _full_names(sorted((d.statement for d in reading.drafts), key=lambda s: (s.start, s.end)))


def _full_names(statements: list[Statement]) -> list[Statement]:
    """A one-word speaker under the full name another statement of the article gives it (`السبسي` for `الباجي
    قائد السبسي`): the nearest before it, else, when the article gives only one such name, the one after it (the
    article names the person in full once, not always first)."""
    full: dict[str, list[tuple[int, str]]] = {}
    for st in statements:
        if _person_name(st.speaker):
            full.setdefault(nisba_free(key(st.speaker.split()[-1])), []).append((st.start, st.speaker))
    named = []
    for st in statements:
        words = st.speaker.split()
        matching = full.get(nisba_free(key(words[0])), []) if len(words) == 1 else []
        if matching:
            at = bisect.bisect_left(matching, (st.start, ""))
            if at:
                st = replace(st, speaker=matching[at - 1][1])
            elif len({name for _, name in matching}) == 1:
                st = replace(st, speaker=matching[0][1])
        named.append(st)
    return named


def _person_name(speaker: str) -> bool:
    """Whether a speaker of two or more words reads as a person's name: no body, role or preposition in it."""
    words = speaker.split()
    return len(words) >= 2 and key(words[0]) not in lex.ORGANISATION_KEYS | lex.ROLE_KEYS | lex.ANONYMOUS_KEYS \
        and not any(light(w) in lex.PREPOSITIONS_LIGHT for w in words)


def _add(reading: Reading, draft: Draft | None) -> None:
    if draft is not None:
        reading.add(draft)


def _clip(text: str, drafts: list[Draft]) -> None:
    """End each statement where the next statement of its sentence begins."""
    for draft, following in zip(drafts, drafts[1:]):
        st = draft.statement
        if st.start < following.opening < st.end and text[st.start - 1:st.start] not in QUOTE_OPENERS:
            start, end = trim(text, st.start, following.opening)
            if end - start >= 2:
                draft.statement = replace(st, start=start, end=end)
