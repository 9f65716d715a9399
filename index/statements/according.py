"""Statements attributed by a preposition: `بحسب X`, `وفقا لـ X`, `according to X`."""
from __future__ import annotations

import re

from index.statements import lexicon as lex
from index.statements.keys import key
from index.statements.mentions import mention_from
from index.statements.reading import Draft, Reading
from index.statements.text import REACH
from index.statements.words import Words


def according(reading: Reading, m: re.Match) -> Draft | None:
    """A statement of its own when not inside another one: the sentence before the cue, or after its party
    when the cue opens the sentence."""
    text = reading.text
    if reading.covered(m.start()):
        return None
    sentence = reading.sentences.around(m.start())
    boundary = reading.np_boundaries.search(m.end(), sentence.end)
    np_end = boundary.start() if boundary else sentence.end
    words = Words.of(text, m.end(), np_end)
    cut = next((i for i in range(len(words)) if words.bare(i) in lex.STOPS_LIGHT), min(len(words), 10))
    if cut == 0:
        return None
    np_start, np_stop = words.starts[0], words.ends[cut - 1]
    if text.startswith("ل", np_start) and m.group("according") and m.group("according").rstrip().endswith(
            ("وفقا", "وفقاً", "وفقًا", "طبقا", "طبقاً")):
        np_start += 1
    mention = mention_from(text, np_start, np_stop)
    if mention is None:
        return None
    if mention.name.startswith("ل"):
        mention.name = "ا" + mention.name
    explicit = bool(re.search(r"\s(?:ما|لما)\s", m.group()))
    head = key(mention.name.split()[0])
    if not (explicit or m.group("en_according") or head in lex.ORGANISATION_KEYS or head in lex.ROLE_KEYS
            or mention.role):
        return None
    voice = reading.voices.voice_for(mention, True, False)
    if m.start() - sentence.start <= REACH and len(text[sentence.start:m.start()].split()) <= 1:
        start, end = (boundary.end() if boundary else np_stop), sentence.end
    else:
        start, end = sentence.start, m.start()
    return reading.draft(m, m.start(), voice, start, end, False)
