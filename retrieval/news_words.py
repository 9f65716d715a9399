"""English words of news found in Arabic: what an English claim says, as the words an Arabic article would say it
with, from a lexicon written for Qawl (news_words.tsv: an English word, a tab, then the Arabic words news text
writes it with, separated by " | "; its verbs in the perfect, the imperfect and the verbal noun, its nouns
singular and plural, and their common synonyms). Both sides are read as matching reads them (index/analyze.py
`terms`): `recalled` and `recall` are one key, the Arabic forms their light stems."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from index import analyze

LEXICON = "news_words.tsv"
MIN_LETTERS = 3  # a shorter light stem (بن of بنت, مر of مرة) is stemming's debris and meets names and particles


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The English stems to the light stems, of MIN_LETTERS or more, of the Arabic words they are written with."""
    found: dict[str, set[str]] = {}
    text = resources.files("retrieval").joinpath(LEXICON).read_text(encoding="utf-8")
    for line in text.splitlines():
        english, _, arabic = line.partition("\t")
        keys = analyze.terms(english)
        if len(keys) != 1 or not arabic:
            continue
        found.setdefault(keys[0], set()).update(t for form in arabic.split("|") for t in analyze.terms(form)
                                                if len(t) >= MIN_LETTERS)
    return {key: frozenset(forms) for key, forms in found.items() if forms}


def in_arabic(english: str) -> tuple[frozenset[str], ...]:
    """For each word of an English text that the lexicon knows, once, the Arabic terms it may be written with;
    words sharing a term are one (`protest` and `demonstration` are both مظاهرة)."""
    known = lexicon()
    merged: list[set[str]] = []
    for forms in (known[key] for key in dict.fromkeys(analyze.terms(english)) if key in known):
        joined = set(forms)
        for other in [group for group in merged if not group.isdisjoint(forms)]:
            joined |= other
            merged.remove(other)
        merged.append(joined)
    return tuple(frozenset(group) for group in merged)


def written(term: str) -> frozenset[str]:
    """The Arabic terms an English term (as `analyze.terms` gives it) may be written with; none for a term the
    lexicon does not know."""
    return lexicon().get(term, frozenset())
