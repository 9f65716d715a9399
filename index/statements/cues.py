"""The cues of reported speech, found by one pattern: a reporting verb or participle, a prepositional
attribution (`بحسب`, `according to`), someone's saying (`عن X قوله`), or an English reporting verb."""
from __future__ import annotations

import re

from index.analyze import normalize
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
    rf"|(?P<saying>{_alternation(['قولهما', 'قولهم', 'قولها', 'قوله'])}))(?![\u064b-\u0652\u0640]*\w)"
    rf"|(?<![\w'])(?P<en_according>[Aa]ccording to|citing)(?!\w)"
    rf"|(?<![\w'])(?P<en_verb>{_alternation(list(lex.ENGLISH_VERBS))})(?!\w)"
)


_MARKED_AFTER = re.compile(r"\s*(?:على|أن|إن|ان|بأن|:)(?!\w)")


def unmarked_adjective(text: str, m: re.Match) -> bool:
    """Whether a participle cue that is also an adjective (`إجراءات مشددة`) stands without what it would report
    after it (على, أن or a colon): then it is the adjective."""
    part = m.group("part")
    return bool(part) and normalize(part).startswith(lex.MARKED_PARTICIPLES_NORMAL) and not _MARKED_AFTER.match(
        text, m.end())
