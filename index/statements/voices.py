"""The speaker memory of an article: the speakers met so far, and which one a later mention refers to."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.analyze import normalize
from index.statements import lexicon as lex
from index.statements.cues import CUE
from index.statements.keys import key, light, nisba_free
from index.statements.mentions import WORD, Mention, trailing_name

MAX_VOICES = 48  # speakers an article remembers, the least recently met forgotten first


@dataclass
class Voice:
    """A speaker already met in the article, for resolving later references."""

    name: str
    role: str
    feminine: bool
    plural: bool
    keys: frozenset[str]
    name_keys: list[str]
    kind: str
    said_start: int = -1  # the latest mention of the speaker as written, which a bare verb refers to
    said_end: int = -1


class Voices:
    """The speakers of one article, the most recently met last."""

    def __init__(self, text: str):
        self.text = text
        self.voices: list[Voice] = []
        self.name_runs: dict[str, list[int]] | None = None
        self.full_names: dict[str, tuple[int, Mention | None]] = {}

    def earlier(self, mention: Mention) -> Voice | None:
        """The speaker met before that a surname, a definite description or a demonstrative refers to."""
        keys = [key(w) for w in WORD.findall(mention.name)]
        keys = [k for k in keys if k]
        if not keys:
            return None
        definite = normalize(mention.name).startswith("ال")
        content = {nisba_free(k) for k in keys if light(k) not in lex.FUNCTION_WORDS_LIGHT}
        for voice in reversed(self.voices):
            surname = mention.kind == "name" and not mention.role and len(keys) <= 2 and voice.kind == "name"
            if surname and [nisba_free(k) for k in voice.name_keys[-len(keys):]] == [nisba_free(k) for k in keys]:
                return voice
            if mention.kind != "name" and definite and set(keys) <= voice.keys:
                return voice
            if (keys == [keys[0]] and keys[0] not in lex.ANONYMOUS_KEYS and voice.kind == "group"
                    and voice.name_keys[0] == keys[0]):
                return voice  # `الائتلاف` after `الائتلاف السوري المعارض`; a bare `مصادر` is any sources
            if mention.kind == "group" and voice.kind == "group" and voice.name_keys[0] == keys[0] and (
                    keys == [keys[0]] and keys[0] in lex.SINGLE_ANONYMOUS_KEYS
                    or len(content) >= 2 and content <= {nisba_free(k) for k in voice.name_keys}):
                return voice  # `مسؤول` after `مسؤول في السفارة`; `وزارة الداخلية البحرينية` after `... في البحرين`
        return None

    def use(self, voice: Voice) -> Voice:
        """Mark a speaker as the most recent one."""
        self.voices.remove(voice)
        self.voices.append(voice)
        return voice

    def voice_for(self, mention: Mention, feminine: bool, plural: bool) -> Voice:
        """The speaker a mention refers to: an earlier one, or a new one."""
        voice = self.earlier(mention)
        if voice is None:
            voice = self._new_voice(mention, feminine, plural)
        return self.referred(voice, mention)

    def referred(self, voice: Voice, mention: Mention) -> Voice:
        """A speaker met again through a mention: the most recent one, written here as the mention is."""
        self.use(voice)
        voice.said_start, voice.said_end = mention.written_start, mention.written_end
        return voice

    def _new_voice(self, mention: Mention, feminine: bool, plural: bool) -> Voice:
        """A speaker met for the first time, under the full name the article gave before if it gave one."""
        if mention.kind == "name" and not mention.role and len(mention.name.split()) == 1:
            mention = self._full_name(mention)
        name_keys = [k for k in (key(w) for w in WORD.findall(mention.name)) if k]
        role_keys = [k for k in (key(w) for w in WORD.findall(mention.role)) if k]
        voice = Voice(mention.name, mention.role, feminine, plural,
                      frozenset(name_keys + role_keys), name_keys, mention.kind)
        self.voices = self.voices[-(MAX_VOICES - 1):] + [voice]
        return voice

    def last_voice(self, feminine: bool, plural: bool) -> Voice | None:
        """The most recent speaker that agrees with a bare verb's gender and number."""
        for voice in reversed(self.voices):
            if (plural and (voice.plural or voice.feminine)) or (not plural and voice.feminine == feminine):
                return self.use(voice)
        return self.use(self.voices[-1]) if self.voices else None

    def _full_name(self, mention: Mention) -> Mention:
        """A one-word name as given in full earlier in the article: `ديسلفا` after `خورخي ديسلفا`. The earlier
        occurrences of a name are looked at once per article, however often the name is met."""
        run = re.search(r"\w+", mention.name)
        if run is None:
            return mention
        if self.name_runs is None:
            self.name_runs = {}
            for m in re.finditer(r"\w+", self.text):
                self.name_runs.setdefault(m.group(), []).append(m.start())
        pattern = re.compile(rf"(?<!\w){re.escape(mention.name)}(?!\w)")
        runs = self.name_runs.get(run.group(), [])
        seen, found = self.full_names.get(mention.name, (0, None))
        while found is None and seen < len(runs) and runs[seen] - run.start() < mention.start:
            m = pattern.match(self.text, runs[seen] - run.start())
            if m is not None and m.end() > mention.start:
                break
            seen += 1
            found = self._given_in_full(m) if m is not None else None
        self.full_names[mention.name] = (seen, found)
        if found is None or found.end > mention.start:
            return mention
        return replace(found)

    def _given_in_full(self, m: re.Match) -> Mention | None:
        """The full name ending with the occurrence of a one-word name, if the words before it complete it."""
        before = [(w.start(), w.end(), w.group()) for w in WORD.finditer(self.text, max(0, m.start() - 60), m.start())]
        words = before[-3:] + [(m.start(), m.end(), m.group())]
        count = trailing_name(words)
        if count and not any(CUE.fullmatch(w) or light(w).lstrip("و") in lex.PREPOSITIONS_LIGHT
                             for _, _, w in words[-count:]):
            s, e = words[-count][0], m.end()
            if not re.search(r"[.،,؛:]", self.text[s:e]):
                return Mention(self.text[s:e], s, e)
        return None
