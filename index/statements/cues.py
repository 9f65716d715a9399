"""The cues of reported speech, found by one pattern: a reporting verb or participle, a prepositional
attribution (`بحسب`, `according to`), someone's saying (`عن X قوله`), or an English reporting verb."""
from __future__ import annotations

import re

from index.statements import lexicon as lex


def _alternation(words: list[str]) -> str:
    """A regex alternation of words, longest first, tolerating short vowels and tatweel inside them."""
    def tolerant(word: str) -> str:
        return "".join(re.escape(c) + "[\u064b-\u0652\u0640]*" for c in word[:-1]) + re.escape(word[-1])

    return "|".join(tolerant(w) for w in sorted(set(words), key=len, reverse=True))


CUE = re.compile(
    r"(?<![\w\u0640\u064b-\u0652])(?P<neg>[وف]?(?:لم|لا|لن)\s+)?(?P<pro>[وف])?"
    rf"(?:(?P<according>{'|'.join(lex.ARABIC_ACCORDING)})"
    rf"|(?P<described>(?P<describing>{_alternation(lex.DESCRIBING_FORMS)})"
    rf"(?:{_alternation(list(lex.OBJECT_PRONOUNS))}))"
    rf"|(?P<verb>{_alternation(list(lex.VERB_FORMS))})"
    rf"|(?P<part>(?:{_alternation(lex.PARTICIPLES)})(?:اً|ًا|ا|ة|ه))"
    r"|(?P<saying>قول(?:هما|هم|ها|ه)))(?![\w\u0640])"
    rf"|(?<![\w'])(?P<en_according>[Aa]ccording to|citing)(?!\w)"
    rf"|(?<![\w'])(?P<en_verb>{_alternation(list(lex.ENGLISH_VERBS))})(?!\w)"
)
