"""Speakers as the text introduces them: a name, a role, a name with its role, or a group."""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.analyze import normalize
from index.article import Span
from index.statements import lexicon as lex
from index.statements.cues import CUE
from index.statements.keys import key, light
from index.statements.text import QUOTE_OPENERS, REACH, TRIM, trim
from index.statements.words import UNNAMED, Words, is_complementizer, is_verbal_noun, opens_subject

WORD = re.compile(r"\S+")
_PRE_ANCHOR = re.compile(
    r"(?:^|(?<!\w)و?(?:كان|كانت|إلا أن|الا أن|إلا ان|الا ان|لكن|غير أن|غير ان|بيد أن|بينما|فيما|ثم|حيث|إذ|كما"
    r"|في حين|أن|إن|ان|بأن)(?!\w))"
)

_PERFECT_AFTER_WA = re.compile(r"^[وف][أا][^\Wا]{3}$")  # `وأصدر X بيانا أكد فيه`: a sentence opening with a verb
_DATELINE = re.compile(r"\S\s*[-–—]\s*$")
_AFTER_INNA = re.compile(r"(?<!\w)(?:أن|إن|ان|لكن)\s*$")
_ACCUSATIVE = re.compile(r"(?:\u064b\u0627?|\u0627\u064b)[^\w]*$")  # a word ending in the accusative tanween


@dataclass
class Mention:
    """A speaker as introduced in the text: name span, description, and how it was referred to."""

    name: str
    start: int
    end: int
    role: str = ""
    kind: str = "name"  # name | role | group
    whole: str = ""  # the whole stretch the mention was read from
    written_start: int = -1  # the noun phrase as written here (a role and title with the name they precede)
    written_end: int = -1

    def __post_init__(self):
        if self.written_start < 0:
            self.written_start, self.written_end = self.start, self.end


def mention_from(text: str, start: int, end: int) -> Mention | None:
    """The speaker named in text[start:end], which may be `name، role،` or `role، name` or one phrase; None when
    the stretch is a clause rather than a noun phrase (it begins with a reporting verb or a quotation, or holds a
    negation or a question word)."""
    words = WORD.findall(text, start, end)
    if (not words or _reports(words[0]) or words[0].startswith("'")
            or any(light(w) in lex.CLAUSE_WORDS_LIGHT for w in words)):
        return None  # `'أقر مجلس الوزراء`: what was said, between the apostrophes some papers quote with
    accusative = _ACCUSATIVE.search(words[0]) and not _AFTER_INNA.search(text, max(0, start - 8), start)
    if len(words) == 1 and (accusative or light(words[0]).removeprefix("و") in lex.ADVERBIALS_LIGHT):
        return None  # `وتفصيلاً`, `دبلوماسيًا`, `وأمس`: an adverb, not who spoke (after أن a subject is
        # accusative: `إلا أن مصدراً أكد`)
    segments, cut = [], start
    for m in re.finditer(r"[،,؛]", text[start:end]):
        segments.append((cut, start + m.start()))
        cut = start + m.end()
    segments.append((cut, end))
    mentions = [m for m in (_parse_segment(text, s, e) for s, e in segments) if m is not None]
    if not mentions:
        return None
    named = [m for m in mentions if m.kind == "name" and not m.role]
    described = [m for m in mentions if m.kind == "role" or m.role]
    if named and described:
        chosen = named[0]
        chosen.role = described[0].whole
        return chosen
    return mentions[0]


def pre_verbal(text: str, sentence: Span, cue_start: int) -> Mention | None:
    """A subject written before its verb: `وكان X قد أكد`, `إلا أن مصادر ... أكدت`."""
    window = max(sentence.start, cue_start - REACH)
    start = window + list(_PRE_ANCHOR.finditer(text[window:cue_start]))[-1].end()
    end = cue_start
    tail = re.search(r"(?:\s|^)قد\s*$|\s*[«“\"]\s*$", text[start:cue_start])  # `X قد أكد`, `X «نفت بشدة»`
    if tail:
        end = start + tail.start()
    if _DATELINE.search(text, start, end):
        return None  # `مدريد - قال ...`: the place and date of the report, not who spoke
    unnamed = UNNAMED.search(text, start, end)
    if unnamed:
        end = unnamed.start()  # `إلا أن مسؤولاً محلياً، | طلب عدم ذكر اسمه، قال`
    words = Words.of(text, start, end)
    if (not 1 <= len(words) <= 14 or not opens_subject(words, 0, feminine=False)
            or _opens_with_verb(words.word(0))):
        return None
    for i in range(len(words)):
        if (words.word(i) in (":",) + tuple(QUOTE_OPENERS) or is_complementizer(words, i)
                or CUE.fullmatch(words.word(i))):
            return None
        if words.bare(i) in lex.STOPS_LIGHT:
            end = words.starts[i]
            break
    comma = re.search(r"[،,؛]", text[start:end])
    if len(Words.of(text, start, start + comma.start() if comma else end)) > 8:
        return None
    return mention_from(text, start, end)


def _reports(word: str) -> bool:
    """Whether a word is a reporting verb, not a noun spelt like one (طالب, "student", is the verb "demanded")."""
    return bool(CUE.fullmatch(word)) and normalize(word) not in lex.DIRECTIVE_NORMAL


def _opens_with_verb(word: str) -> bool:
    """Whether a word after و/ف has the shape of a perfect verb (وأصدر), not of a noun that may be a subject
    (وأسرة, وأمير, وأعضاء)."""
    return bool(_PERFECT_AFTER_WA.match(word)) and not word.endswith("ة") and key(word[1:]) not in (
        lex.ROLE_KEYS | lex.ORGANISATION_KEYS | lex.ANONYMOUS_KEYS)


def trailing_name(words: list[tuple[int, int, str]]) -> int:
    """How many words at the end of a description form a person's name (0 if they do not look like one)."""
    if len(words) < 2:
        return 0
    count = 2
    first = light(words[-2][2])
    if first in lex.SECOND_PARTS_LIGHT or first in lex.JOINERS_LIGHT:
        count = 3
    if len(words) > count and light(words[-count - 1][2]) in lex.JOINERS_LIGHT:
        count += 1
    if count > len(words) - 1:
        return 0
    name = words[-count:]
    if light(name[0][2]).startswith("ال") and light(name[0][2]) not in lex.SECOND_PARTS_LIGHT:
        return 0
    if not all(_looks_like_name_word(w) for _, _, w in name
               if light(w) not in lex.JOINERS_LIGHT | lex.SECOND_PARTS_LIGHT):
        return 0
    return count


def _looks_like_name_word(word: str) -> bool:
    """Whether a word can be part of a person's name: not a role, title, function word, ب/ل-prefixed noun or a
    verbal noun of the shape استفعال (`أكد حمد العمر | استمرار الحملة`)."""
    bare = light(word)
    return bool(bare) and not (
        key(word) in lex.ROLE_KEYS or bare in lex.TITLES_LIGHT or bare in lex.FUNCTION_WORDS_LIGHT
        or bare[0].isdigit() or bare.startswith(("بال", "لل", "وال", "كال", "فال"))
        or is_verbal_noun(bare)
        or any(q in word for q in QUOTE_OPENERS)
    )


def _parse_segment(text: str, start: int, end: int) -> Mention | None:
    """A speaker from one comma-delimited stretch of a subject: a name, a described role, or a group; the
    source's wish to stay unnamed (`فضل عدم الكشف عن اسمه`) is not part of it."""
    unnamed = UNNAMED.search(text, start, end)
    if unnamed:
        end = unnamed.start()  # `مسؤول في المنظمة | رافضاً كشف هويته`
        if not text[start:end].strip(TRIM):
            return None
    mention = _read_segment(text, start, end)
    if mention is not None:
        s, e = trim(text, start, end)
        mention.whole = text[s:e]
    return mention


def _read_segment(text: str, start: int, end: int) -> Mention | None:
    """The mention in one stretch, by its first word: an organisation, an unnamed source, a role, or a name."""
    words = [(m.start(), m.end(), m.group().strip(TRIM)) for m in WORD.finditer(text, start, end)]
    words = [w for w in words if w[2] and light(w[2]) not in lex.ADVERBIALS_LIGHT]
    while words and light(words[0][2]).lstrip("و") in ("هذا", "هذه"):
        words = words[1:]
    spoken, titled = words, False
    while words and light(words[0][2]) in lex.TITLES_LIGHT:
        words, titled = words[1:], True
    if not words:
        return None
    first = words[0][2]
    head = key(first)
    definite = normalize(first).startswith(("ال", "وال"))

    def span(part: list[tuple[int, int, str]]) -> tuple[str, int, int]:
        s, e = part[0][0], part[-1][1]
        s, e = trim(text, s, e)
        return text[s:e], s, e

    if head in lex.ORGANISATION_KEYS or (head in lex.ANONYMOUS_KEYS and not definite):
        name, s, e = span(words)
        return Mention(name, s, e, kind="group")
    if head in lex.ROLE_KEYS:
        count = trailing_name(words)
        if count:
            name, s, e = span(words[-count:])
            role = span(words[:-count])[0]
            _, ws, we = span(spoken)
            return Mention(name, s, e, role=role, written_start=ws, written_end=we)
        name, s, e = span(words)
        return Mention(name, s, e, kind="role")
    for i in range(1, len(words)):
        if key(words[i][2]) in lex.ROLE_KEYS and not definite:
            name, s, e = span(words[:i])
            return Mention(name, s, e, role=span(words[i:])[0])
    name, s, e = span(words)
    _, ws, we = span(spoken)
    return Mention(name, s, e, kind="name" if titled or not definite or len(words) == 1 else "group",
                   written_start=ws, written_end=we)
