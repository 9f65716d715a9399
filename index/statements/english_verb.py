"""Statements introduced by an English reporting verb: `X, the minister, said ...`, `"...," X said`."""
from __future__ import annotations

import re

from index.statements import lexicon as lex
from index.statements.mentions import Mention
from index.statements.reading import Draft, Reading
from index.statements.text import REACH, TRIM

_ENGLISH_NAME = re.compile(r"(?:(?:[A-Z][\w'’.-]*|of|the|al|bin)\s+){0,4}(?:[A-Z]|al-|el-)[\w'’.-]*$")
_ENGLISH_THE_NOUN = re.compile(r"[Tt]he\s+(?:[a-z]+\s+){0,2}[a-z]+$")
_ENGLISH_AFTER_VERB = re.compile(
    r"\s*(?:(?:on|last|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|"
    r"on\s+\w+day|in a statement|in an interview)?[\s,]*(?:that\s+)?"
)
_QUOTED_BEFORE = re.compile(r"\s*[\"“](.+?)[,.]?[\"”]\s*,?\s*$")
_APPOSITIVE = re.compile(r"([^,]+),\s*([^,]+),\s*$")
_NAME_AFTER = re.compile(r"\s*((?:(?:[A-Z]|al-|el-)[\w'’.-]*\s*)+)")
_TOLD_WHOM = re.compile(r"(?:[A-Z][\w'’.-]*\s*)+(?:that\s+)?")


def english_verb(reading: Reading, m: re.Match) -> Draft | None:
    """The statement of an English verb: a quotation before it by the name after it, or what follows it by the
    name before it (or the speaker met last)."""
    text = reading.text
    sentence = reading.sentences.around(m.start())
    denies = lex.ENGLISH_VERBS[m.group("en_verb")]
    window = max(sentence.start, m.start() - REACH)
    before = text[window:m.start()]
    mention, opening = None, m.start()
    quoted = _QUOTED_BEFORE.match(before) if window == sentence.start else None
    if quoted:
        after = _NAME_AFTER.match(text, m.end(), sentence.end)
        if after:
            s = after.start(1)
            e = s + len(after.group(1).rstrip(TRIM))
            mention = Mention(text[s:e], s, e)
        start, end = window + quoted.start(1), window + quoted.end(1)
    else:
        appositive = _appositive(before)
        zone = appositive.group(1) if appositive else before.rstrip()
        found = _ENGLISH_NAME.search(zone) or _ENGLISH_THE_NOUN.search(zone)
        if found and found.group().lower() not in lex.PRONOUN_SUBJECTS_EN:
            offset = window + (appositive.start(1) if appositive else 0)
            s, e = offset + found.start(), offset + found.end()
            mention = Mention(text[s:e], s, e, role=appositive.group(2).strip() if appositive else "")
            opening = s
        start, end = _ENGLISH_AFTER_VERB.match(text, m.end(), sentence.end).end(), sentence.end
        if m.group("en_verb") == "told":
            told = _TOLD_WHOM.match(text, start, end)
            if told:
                start = told.end()
    voices = reading.voices
    voice = voices.voice_for(mention, False, False) if mention else voices.last_voice(False, False)
    return reading.draft(m, opening, voice, start, end, denies) if voice is not None else None


def _appositive(before: str) -> re.Match | None:
    """`X, the minister, said`: a match of _APPOSITIVE, which can only begin after the third comma from the end."""
    last = before.rfind(",")
    middle = before.rfind(",", 0, last) if last > 0 else -1
    if middle < 0:
        return None
    return _APPOSITIVE.match(before, before.rfind(",", 0, middle) + 1)
