"""Statements given as someone's saying: `ونقلت الصحيفة عن مصدر مسؤول قوله: إن ...`, `ونسبت الرسالة إلى X قوله`."""
from __future__ import annotations

import re

from index.statements import lexicon as lex
from index.statements.keys import light
from index.statements.mentions import WORD, mention_from
from index.statements.reading import Draft, Reading
from index.statements.text import REACH

_SOURCE = re.compile(r"(?<!\w)(?:عن|إلى|الى)\s+")  # the party whose saying it is follows عن (نقل عن) or إلى (نسب إلى)
# what stands between the saying and what was said: its last vowel, a colon, إنّ
_OPENING = re.compile(r"[\u064b-\u0652]*[\s:]*(?:(?:إن|ان|أن)[\u064b-\u0652]*(?!\w)\s*)?")
_CITING_BEFORE = re.compile(r"(?<!\w)نقل(?:ا|اً|ًا)\s+(?:عن|إلى|الى)\s+$")
MAX_SOURCE_WORDS = 8


def saying(reading: Reading, m: re.Match) -> Draft | None:
    """The statement of `قوله` (`قولها`, `قولهم`): by the party after the sentence's last عن or إلى before it,
    of what follows it to the end of the sentence; None when no such party is named."""
    text = reading.text
    sentence = reading.sentences.around(m.start())
    window = max(sentence.start, m.start() - REACH)
    sources = list(_SOURCE.finditer(text, window, m.start()))
    if not sources or len(text[sources[-1].end():m.start()].split()) > MAX_SOURCE_WORDS:
        return None
    end = next((w.start() for w in WORD.finditer(text, sources[-1].end(), m.start())
                if light(w.group()) in lex.CLAUSE_WORDS_LIGHT), m.start())  # `عن مصدر | لم تكشف هويته قوله`
    mention = mention_from(text, sources[-1].end(), end)
    if mention is None:
        return None
    pronoun = light(m.group("saying"))[3:]  # قولها, whatever vowels it is written with (قَوْلَهَا)
    voice = reading.voices.voice_for(mention, pronoun == "ها", pronoun in ("هم", "هما"))
    start = _OPENING.match(text, m.end()).end()
    opening = _CITING_BEFORE.search(text, window, sources[-1].end())  # `نقلا عن`: the saying opens there
    return reading.draft(m, opening.start() if opening else sources[-1].start(), voice, start, sentence.end, False)
