"""Words reduced for comparing them with the lexicon and with each other.

The light form keeps ى and ة apart from ي and ه (a feminine subject is told by its ة), so it is not
`analyze.normalize`; the key is `analyze.normalize` without و/ال and case endings.
"""
from __future__ import annotations

import re

from index.analyze import normalize
from index.statements.text import QUOTE_OPENERS, TRIM

_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_ALEFS = str.maketrans("أإآ", "ااا")


def light(word: str) -> str:
    """A word with diacritics removed and hamzated alefs folded, keeping ى and ة apart from ي and ه."""
    word = _DIACRITICS.sub("", word).strip(TRIM + QUOTE_OPENERS + "()")
    return word.translate(_ALEFS)


def key(word: str) -> str:
    """A word reduced for looking it up in the lexicon: normalised, without و/ال or case endings."""
    word = normalize(word).strip(TRIM + QUOTE_OPENERS + "()")
    if word.startswith("وال") and len(word) > 5:
        word = word[1:]
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    if word.endswith("ا") and len(word) > 3:
        word = word[:-1]
    return word


def strip_al(word: str) -> str:
    """A normalised word without its article ال."""
    return word[2:] if word.startswith("ال") else word


def nisba_free(word_key: str) -> str:
    """A word key without a relative-adjective ending, so `البحرينية` meets `البحرين` and `العوضي` `العوض`."""
    for ending in ("يه", "ي"):
        if word_key.endswith(ending) and len(word_key) - len(ending) >= 3:
            return word_key[: -len(ending)]
    return word_key
