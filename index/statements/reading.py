"""One article as the cue handlers read it: its text, sentences and speakers, and the statements found so far."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from index.analyze import normalize
from index.article import Span, Statement
from index.statements import lexicon as lex
from index.statements.cues import CUE, unmarked_adjective
from index.statements.keys import key
from index.statements.text import QUOTE_OPENERS, Finder, Sentences, closing_quote, strip_back, trim
from index.statements.voices import Voice, Voices

_CITING = re.compile(r"(?:نقل(?:ا|اً|ًا) عن|[Aa]ccording to|citing)\s+([^،,.\n“”\"«»]{2,80})")
_CITED_ORGANISATION = re.compile(r"([^،,.\n“”\"«»]{2,80})،\s*[“”\"«]")
_NP_BOUNDARY = re.compile(r"[،,.]|\s(?:فقد|فإن|فان)\s")


@dataclass
class Draft:
    """One statement before its content is clipped by the statement that follows it."""

    cue_start: int
    opening: int
    statement: Statement
    voice: Voice


class Reading:
    """The cues of one article, its speakers met so far and the drafts found so far, in the order of their cues."""

    def __init__(self, text: str, sentences: list[Span]):
        self.text = text
        self.sentences = Sentences(text, sentences)
        self.voices = Voices(text)
        self.drafts: list[Draft] = []
        self.open: list[Draft] = []  # drafts whose content may still hold the next cue, latest last
        self.covered_until = 0
        self.cues = list(CUE.finditer(text))
        self.coordinated = [  # where a statement may end: not at `وبين` ("and between") nor at `مشددة` ("tightened")
            m for m in self.cues if (m.group("pro") or m.group("part") or m.group("en_verb"))
            and normalize(m.group("verb") or "") not in lex.MARKED_ONLY_NORMAL and not unmarked_adjective(text, m)]
        self.coordinated_starts = [m.start() for m in self.coordinated]
        self.citing = Finder(text, _CITING)
        self.np_boundaries = Finder(text, _NP_BOUNDARY)

    def add(self, draft: Draft) -> None:
        self.drafts.append(draft)
        self.open.append(draft)

    def in_sentence(self, sentence: Span) -> Draft | None:
        """The latest draft, when its cue is in the sentence."""
        return self.drafts[-1] if self.drafts and self.drafts[-1].cue_start >= sentence.start else None

    def enclosing(self, sentence: Span, at: int) -> Draft | None:
        """The latest statement of the sentence whose content reaches past `at`; cues come in order, so a
        statement that ends before one never holds a later one."""
        while self.open and self.open[-1].statement.end <= at:
            self.open.pop()
        return self.open[-1] if self.open and self.open[-1].cue_start >= sentence.start else None

    def covered(self, at: int) -> bool:
        """Whether a statement whose cue comes before `at` holds it. Prepositional cues come in order, and `open`
        then holds the drafts latest cue first, so the statements are taken in the order of their cues, the
        furthest end kept."""
        while self.open and self.open[-1].cue_start <= at:
            self.covered_until = max(self.covered_until, self.open.pop().statement.end)
        return at < self.covered_until

    def next_cue_start(self, after: int, end: int) -> int:
        """Where the next coordinated statement of the sentence begins (`، وقال`), or the sentence end."""
        i = bisect.bisect_left(self.coordinated_starts, after)
        if i == len(self.coordinated) or self.coordinated[i].end() > end:
            return end
        return strip_back(self.text, after, self.coordinated[i].start(), " ،,")

    def draft(self, m: re.Match, opening: int, voice: Voice, start: int, end: int, denies: bool) -> Draft | None:
        """The statement of cue m by voice, its content text[start:end] trimmed (a quotation to its closing
        quote), or None when the content is less than two characters."""
        text = self.text
        if start < len(text) and text[start] in QUOTE_OPENERS:
            closer = closing_quote(text, start, len(text))
            if closer > 0:
                end = closer + 1
        start, end = trim(text, start, end)
        if end - start < 2:
            return None
        statement = Statement(
            speaker=voice.name, role=voice.role, cue=m.group().strip(), start=start, end=end,
            polarity="denies" if denies else "asserts", cites=self._cited(start, end),
            speaker_start=voice.said_start, speaker_end=voice.said_end,
        )
        return Draft(m.start(), opening, statement, voice)

    def _cited(self, start: int, end: int) -> str:
        """The party the content itself cites: `نقلا عن X`, `according to X`, or `X، “...”` for an organisation X."""
        m = self.citing.search(start, end)
        if m:
            return m.group(1).strip()
        m = _CITED_ORGANISATION.match(self.text, start, end)
        if m and key(m.group(1).split()[0]) in lex.ORGANISATION_KEYS:
            return m.group(1).strip()
        return ""
