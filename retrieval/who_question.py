"""Recognising a who-question: what was said, and whether it asks who denied it.

"who claimed Italian troops are in Misrata?", "من قال إن هناك قاعدة إيطالية في مصراتة؟" and
"Italian troops are in Misrata, according to whom?" all ask for the speakers of one content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from index import analyze
from index.statements import lexicon as lex
from retrieval.constraints import Constraints, of_claim

MAX_FILLERS = 3  # words allowed between the question word and the verb


_ENGLISH_PASSIVE = frozenset("is are was were be been being".split())  # "who was accused of …" asks the accused
_ENGLISH_AUXILIARIES = frozenset("is are was were has have had did does do would will first also publicly "
                                 "recently ever actually officially".split())
_ENGLISH_WHO = frozenset({"who", "whom"})
_ENGLISH_LEAD = frozenset({"that", "about", "of", "out", "for", ":"})

_ARABIC_WHO = frozenset(analyze.normalize(w) for w in ("من", "ومن", "فمن", "مين"))
_ARABIC_FILLERS = frozenset(analyze.normalize(w) for w in ("هو", "هي", "هم", "الذي", "التي", "الذين", "اللذان",
                                                         "الجهة", "الشخص", "المسؤول"))
_ARABIC_LEAD = frozenset(analyze.normalize(w) for w in ("أن", "إن", "ان", "بأن", "بان", "إلى", "الى", "على", "عن",
                                                      "من", ":"))
_WHOM = r"(?:according to whom|(?:بحسب|حسب|وفق(?:ا|اً|ًا)?\s*ل|على لسان)\s*مَ?ن)"
_ACCORDING_TO_WHOM = re.compile(rf"^\s*{_WHOM}(?!\w)|[,،]?\s*{_WHOM}\s*[?؟.!]*\s*$", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_EDGE = " \t\n?؟!.,،;؛\"“”«»()"


@dataclass(frozen=True)
class WhoQuestion:
    """A question about who said something: what was said, and whether it asks who denied it."""

    content: str
    denial: bool = False

    @cached_property
    def claim(self) -> Constraints:
        """What was said, as a statement must meet it (retrieval/constraints.py); read once per question."""
        return of_claim(self.content)


def who_question(question: str) -> WhoQuestion | None:
    """The who-question in a question (English or Arabic), or None when it asks something else."""
    according = _ACCORDING_TO_WHOM.search(question)
    if according:
        content = (question[according.end():] if according.start() == 0 else question[:according.start()])
        content = content.strip(_EDGE)
        return WhoQuestion(content) if analyze.terms(content) else None
    words = [(m.start(), m.end(), analyze.normalize(m.group().strip(_EDGE)) or m.group())
             for m in _WORD.finditer(question)]
    if not words:
        return None
    first = words[0][2]
    if first in _ENGLISH_WHO:
        return _after_verb(question, words, _ENGLISH_AUXILIARIES, lex.ENGLISH_QUESTION_FORMS, _ENGLISH_LEAD)
    if first == "which":
        return _after_verb(question, words, None, lex.ENGLISH_QUESTION_FORMS, _ENGLISH_LEAD)
    if first in _ARABIC_WHO:
        return _after_verb(question, words, _ARABIC_FILLERS, lex.ARABIC_QUESTION_FORMS, _ARABIC_LEAD)
    return None


def _after_verb(question: str, words: list[tuple[int, int, str]], fillers: frozenset[str] | None,
                verbs: dict[str, bool], lead: frozenset[str]) -> WhoQuestion | None:
    """The content after a reporting verb that follows the question word within a few filler words
    (`who has publicly said`, `مَن الذي قال`); any words when fillers is None (`which Saudi official said`),
    where a capitalised word is part of a name, not the verb (`which State Department official said`). A
    passive verb (`who was accused of …`) asks who was spoken of, not who spoke: None."""
    at = next((i for i in range(1, min(len(words), 1 + MAX_FILLERS + 1)) if words[i][2] in verbs
               and (fillers is not None or not question[words[i][0]].isupper())), None)
    if at is None or (fillers is not None and any(words[i][2] not in fillers for i in range(1, at))):
        return None
    if words[at - 1][2] in _ENGLISH_PASSIVE and not words[at][2].endswith("ing"):
        return None
    denial = verbs[words[at][2]]
    at += 1
    while at < len(words) - 1 and words[at][2] in lead:
        at += 1
    if at >= len(words):
        return None
    content = question[words[at][0]:].strip(_EDGE)
    return WhoQuestion(content, denial) if analyze.terms(content) else None
