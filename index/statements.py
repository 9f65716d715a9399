"""Who said what: reported speech in news articles, as speakers and character spans of what they said."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

from index.analyze import normalize
from index.article import Span, Statement
from index import reporting_lexicon as lex

_QUOTE_OPENERS = "\"“”«»"
_CLOSER_FOR = {"«": "»", "»": "«»", "“": "”“", "”": "”“", "\"": "\""}
_TRIM = " \t\n.,،;؛:!؟?…-–—"
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())

# Every look around a cue is bounded, so the work per cue does not grow with the sentence: the text before a
# cue read for its subject, the text after it read for its subject and setting (a subject, a setting or a
# short quotation is far shorter), and the words read after it.
REACH = 1000
MAX_WORDS = 64
MAX_VOICES = 48  # speakers an article remembers, the least recently met forgotten first


def _alternation(words: list[str]) -> str:
    """A regex alternation of words, longest first, tolerating short vowels and tatweel inside them."""
    def tolerant(word: str) -> str:
        return "".join(re.escape(c) + "[\u064b-\u0652\u0640]*" for c in word[:-1]) + re.escape(word[-1])

    return "|".join(tolerant(w) for w in sorted(set(words), key=len, reverse=True))


def _forms(past: str, feminine: str, present: str) -> list[str]:
    """Every written form of one reporting verb: third person, past and present."""
    plural = past[:-1] + "وا" if past.endswith(("ى", "ي")) else past + "وا"
    forms = [past, feminine, plural]
    return forms + [present, "ت" + present[1:], present + "ون"] if present else forms


_VERBS = {form: denies for past, feminine, present, denies in lex.ARABIC_VERBS for form in _forms(past, feminine, present)}
_DESCRIBING_FORMS = [form for past, feminine, present, _ in lex.ARABIC_VERBS if past in lex.DESCRIBING_VERBS
                     for form in _forms(past, feminine, present)]
_CUE = re.compile(
    r"(?<![\w\u0640])(?P<neg>[وف]?(?:لم|لا|لن)\s+)?(?P<pro>[وف])?"
    rf"(?:(?P<according>{'|'.join(lex.ARABIC_ACCORDING)})"
    rf"|(?P<described>(?P<describing>{_alternation(_DESCRIBING_FORMS)})(?:{_alternation(list(lex.OBJECT_PRONOUNS))}))"
    rf"|(?P<verb>{_alternation(list(_VERBS))})"
    rf"|(?P<part>(?:{_alternation(lex.PARTICIPLES)})(?:اً|ًا|ا|ة|ه)))(?![\w\u0640])"
    rf"|(?<![\w'])(?P<en_according>[Aa]ccording to|citing)(?!\w)"
    rf"|(?<![\w'])(?P<en_verb>{_alternation(list(lex.ENGLISH_VERBS))})(?!\w)"
)
_WORD = re.compile(r"\S+")
_TOKEN = re.compile(r"[^\s:\"“”«»]+|[:\"“”«»]")
_COMPLEMENTIZER_AFTER_PREPOSITION = re.compile(r"(?:إلى|الى|على|من|ب)\s+(?:أن|ان|أنه|انه|أنها|انها)(?!\w)")
_PRE_ANCHOR = re.compile(
    r"(?:^|(?<!\w)و?(?:كان|كانت|إلا أن|الا أن|إلا ان|الا ان|لكن|غير أن|غير ان|بيد أن|بينما|فيما|ثم|حيث|إذ|كما)(?!\w))"
)
_COORDINATING = re.compile(r"(?<!\w)و?(?:حيث|إذ|كما|ثم|لكنه|لكنها|بينما|فيما)\s*$")
_RECIPIENT = re.compile(r"لـ?\s*[\"“”«][^\"“”«»\n]{1,40}[\"“”»]|ل(?:وكالة|صحيفة|قناة|موقع|تلفزيون|إذاعة)(?!\w)")
_ENGLISH_NAME = re.compile(r"(?:(?:[A-Z][\w'’.-]*|of|the|al|bin)\s+){0,4}(?:[A-Z]|al-|el-)[\w'’.-]*$")
_ENGLISH_THE_NOUN = re.compile(r"[Tt]he\s+(?:[a-z]+\s+){0,2}[a-z]+$")
_ENGLISH_AFTER_VERB = re.compile(
    r"\s*(?:(?:on|last|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|"
    r"on\s+\w+day|in a statement|in an interview)?[\s,]*(?:that\s+)?"
)


def _key(word: str) -> str:
    """A word reduced for looking it up in the lexicon: normalised, without و/ال or case endings."""
    word = normalize(word).strip(_TRIM + _QUOTE_OPENERS + "()")
    if word.startswith("وال") and len(word) > 5:
        word = word[1:]
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    if word.endswith("ا") and len(word) > 3:
        word = word[:-1]
    return word


_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


def _light(word: str) -> str:
    """A word with diacritics removed and hamzated alefs folded, keeping ى and ة apart from ي and ه."""
    word = _DIACRITICS.sub("", word).strip(_TRIM + _QUOTE_OPENERS + "()")
    return word.translate(str.maketrans("أإآ", "ااا"))


def _strip_al(word: str) -> str:
    """A normalised word without its article ال."""
    return word[2:] if word.startswith("ال") else word


def _nisba_free(key: str) -> str:
    """A word key without a relative-adjective ending, so `البحرينية` meets `البحرين` and `العوضي` `العوض`."""
    for ending in ("يه", "ي"):
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            return key[: -len(ending)]
    return key


def _normal_set(words) -> frozenset[str]:
    return frozenset(_key(w) for w in words)


_ROLE = _normal_set(lex.ROLE_NOUNS)
_ANONYMOUS = _normal_set(lex.ANONYMOUS_HEADS)
_SINGLE_ANONYMOUS = _normal_set(lex.SINGLE_ANONYMOUS_HEADS)
_ORGANISATION = _normal_set(lex.ORGANISATION_HEADS)
_TITLES = frozenset(_light(w) for w in lex.TITLES)
_JOINERS = frozenset(_light(w) for w in lex.NAME_JOINERS)
_SECOND_PARTS = frozenset(_light(w) for w in lex.NAME_SECOND_PARTS)
_ADVERBIALS = frozenset(_light(w) for w in lex.ADVERBIALS)
_ADVERBIAL_PHRASES = tuple(normalize(p) for p in lex.ADVERBIAL_PHRASES)
_STOPS = frozenset(_light(w) for w in lex.SUBJECT_STOPS)
_COMPLEMENTIZERS = frozenset(_light(w) for w in lex.COMPLEMENTIZERS)
_SETTINGS_BARE = frozenset(_strip_al(_light(w)) for w in lex.SETTING_AFTER_FI)
_PREPOSITIONS = frozenset(_light(w) for w in lex.PREPOSITIONS)
_OUTLETS = _normal_set(lex.OUTLET_HEADS)
_NEGATED_ASSERTING = frozenset(normalize(w) for w in lex.NEGATED_ASSERTING)
_DENYING_PARTICIPLES = tuple(normalize(w) for w in lex.DENYING_PARTICIPLES)
_VERBS_NORMAL = {normalize(form): denies for form, denies in _VERBS.items()}
_DESCRIBING = frozenset(normalize(form) for form in _DESCRIBING_FORMS)
_HEARSAY = _normal_set(lex.HEARSAY_HEADS)
_FEMININE = frozenset(normalize(f) for _, f, _, _ in lex.ARABIC_VERBS) | frozenset(
    normalize("ت" + p[1:]) for _, _, p, _ in lex.ARABIC_VERBS if p)
_PRESENT = frozenset(normalize(p) for _, _, p, _ in lex.ARABIC_VERBS if p) | frozenset(
    normalize("ت" + p[1:]) for _, _, p, _ in lex.ARABIC_VERBS if p)
_FUNCTION_WORDS = frozenset(_light(w) for w in "في من على عن إلى الى باسم بإسم لدى و أو مع هذا هذه ذلك تلك".split())


@dataclass
class _Words:
    """The whitespace-separated words of a stretch of text, with their offsets."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "_Words":
        """The first MAX_WORDS words of text[start:end], read no further than REACH characters."""
        found = list(islice(_TOKEN.finditer(text, start, min(end, start + REACH)), MAX_WORDS))
        return cls(text, [m.start() for m in found], [m.end() for m in found])

    def __len__(self) -> int:
        return len(self.starts)

    def word(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def bare(self, i: int) -> str:
        return _light(self.word(i))


@dataclass
class _Mention:
    """A speaker as introduced in the text: name span, description, and how it was referred to."""

    name: str
    start: int
    end: int
    role: str = ""
    kind: str = "name"  # name | role | group
    whole: str = ""  # the whole stretch the mention was read from


@dataclass
class _Voice:
    """A speaker already met in the article, for resolving later references."""

    name: str
    role: str
    start: int
    end: int
    feminine: bool
    plural: bool
    keys: frozenset[str]
    name_keys: list[str]
    kind: str


@dataclass
class _Draft:
    """One statement before its content is clipped by the statement that follows it."""

    cue_start: int
    opening: int
    statement: Statement
    voice: "_Voice"


class _Sentences:
    """Finds the sentence around an offset, falling back to lines when no sentences are given; a piece ending in
    `؛` goes on in the next one (`وكان X؛ القائم بأعمال السفارة، قد كشف`)."""

    def __init__(self, text: str, sentences: list[Span]):
        spans = sorted(sentences, key=lambda s: s.start) or [
            Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)
        ]
        joined: list[Span] = []
        for span in spans:
            if joined and _last_char(text, joined[-1]) == "؛":
                joined[-1] = Span(joined[-1].start, span.end)
            else:
                joined.append(span)
        self.spans = joined
        self.starts = [s.start for s in joined]
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def around(self, offset: int) -> Span:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].start <= offset < self.spans[i].end:
            return self.spans[i]
        b = bisect.bisect_left(self.breaks, offset)
        line_start = self.breaks[b - 1] + 1 if b > 0 else 0
        return Span(line_start, self.breaks[b] if b < len(self.breaks) else len(self.text))


def _last_char(text: str, span: Span) -> str:
    """The last character of a span that is not a space, or "" when it has none."""
    end = _strip_back(text, span.start, span.end, _SPACES)
    return text[end - 1] if end > span.start else ""


def _strip_forward(text: str, start: int, end: int, chars: str) -> int:
    """Where text[start:end] begins without leading `chars`, read in pieces so a long run costs one pass."""
    while start < end:
        piece = text[start:min(end, start + 64)]
        kept = piece.lstrip(chars)
        start += len(piece) - len(kept)
        if kept:
            break
    return start


def _strip_back(text: str, start: int, end: int, chars: str) -> int:
    """Where text[start:end] ends without trailing `chars`, read in pieces so a long run costs one pass."""
    while end > start:
        piece = text[max(start, end - 64):end]
        kept = piece.rstrip(chars)
        end -= len(piece) - len(kept)
        if kept:
            break
    return end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without surrounding spaces and punctuation; an enclosing pair of quotes is dropped too."""
    while True:
        start = _strip_forward(text, start, end, _TRIM + _SPACES)
        end = _strip_back(text, start, end, _TRIM + _SPACES)
        if end - start <= 1 or text[start] not in _QUOTE_OPENERS:
            return start, end
        closer = _closing_quote(text, start, end)
        if closer < 0:
            start += 1
        elif closer == end - 1:
            start, end = start + 1, end - 1
        else:
            return start, end


def _closing_quote(text: str, opener: int, limit: int) -> int:
    """Where the quotation opened at `opener` closes (not past `limit` nor its line), or -1."""
    closers = _CLOSER_FOR.get(text[opener], "")
    if not closers:
        return -1
    stops = _quote_stops(text, closers)
    i = bisect.bisect_right(stops, opener)
    if i == len(stops) or stops[i] >= limit or text[stops[i]] == "\n":
        return -1
    return stops[i]


@lru_cache(maxsize=16)
def _quote_stops(text: str, closers: str) -> list[int]:
    """Offsets of the characters that end a quotation closed by one of `closers`: those and line breaks."""
    return [m.start() for m in re.finditer(f"[{re.escape(closers)}\n]", text)]


def _more_words(text: str, start: int, end: int, count: int) -> bool:
    """Whether text[start:end] holds more than `count` words; a stretch longer than REACH is taken to."""
    return end - start > REACH or len(text[start:end].split()) > count


def _opens_subject(words: "_Words", i: int, feminine: bool) -> bool:
    """Whether word i can begin the subject of a verb: not a preposition, and agreeing with a feminine verb."""
    if words.word(i) in _QUOTE_OPENERS:
        return _short_quote_end(words, i) >= 0
    bare = words.bare(i)
    if not bare or words.word(i) == ":" or _is_complementizer(words, i):
        return False
    plain = bare[1:] if bare.startswith("و") and len(bare) >= 3 else bare
    if plain in _PREPOSITIONS or plain.startswith(("لل", "بال", "كال")):
        return False
    if feminine:
        j = i
        while j < len(words) - 1 and words.bare(j) in _TITLES:
            j += 1
        head = words.bare(j)
        return head.startswith("ال") or head.endswith(("ه", "ات")) or _key(head) in _ORGANISATION | _ANONYMOUS
    return True


def _object_begins(words: "_Words", k: int) -> bool:
    """Whether word k starts the object rather than continuing the subject: `وزارة الدفاع الإيطالية | وجود جنود`."""
    previous, current = words.bare(k - 1), words.bare(k)
    if not current or current in _FUNCTION_WORDS or current in _PREPOSITIONS or current in _JOINERS or current[0] in "بلك":
        return False
    if previous.startswith("ال") and not current.startswith("ال"):
        return _key(previous) not in _ROLE and previous not in _TITLES
    return words.bare(k - 2) in ("في", "من") and current.startswith("ال")


def _short_quote_end(words: "_Words", j: int) -> int:
    """Where a quotation of at most three words opened at word j closes (an outlet, a name), or -1."""
    if words.word(j) not in _QUOTE_OPENERS:
        return -1
    closer = _closing_quote(words.text, words.starts[j], len(words.text))
    if closer < 0 or _more_words(words.text, words.starts[j] + 1, closer, 3):
        return -1
    return closer


def _opens_setting(words: "_Words", i: int) -> bool:
    """Whether word i begins the setting of a statement: `في تصريح`, `لوكالة`, `خلال`, `مع`."""
    bare = words.bare(i)
    if bare == "في" and i + 1 < len(words):
        return _strip_al(words.bare(i + 1)) in _SETTINGS_BARE
    return (bare in ("خلال", "عبر", "امام", "مع", "بعد", "قبل", "يوم")
            or bool(_RECIPIENT.match(words.text, words.starts[i])) or _is_outlet(words.word(i)))


def _is_outlet(word: str) -> bool:
    """Whether a word names the outlet a statement was given to: `للصحيفة`, `لوكالة`."""
    bare = normalize(word)
    return bare.startswith("ل") and _key("ا" + bare[1:] if bare.startswith("لل") else bare[1:]) in _OUTLETS


def _skip_adverbials(words: "_Words", i: int) -> int:
    """Past adverbs and adverbial phrases (`أمس`, `في هذا السياق`) at word i."""
    while i < len(words):
        if words.bare(i) in _ADVERBIALS or words.bare(i) == "قد" or (not words.bare(i) and words.word(i) not in (":",) + tuple(_QUOTE_OPENERS)):
            i += 1
            continue
        rest = normalize(" ".join(words.word(j) for j in range(i, min(len(words), i + 4))))
        phrase = next((p for p in _ADVERBIAL_PHRASES if rest.startswith(p)), None)
        if phrase is None:
            return i
        i += len(phrase.split())
    return i


def _is_complementizer(words: _Words, i: int) -> bool:
    bare = words.bare(i)
    return bare in _COMPLEMENTIZERS or (
        i + 1 < len(words) and bare in ("الى", "إلى", "على", "من") and words.bare(i + 1) in _COMPLEMENTIZERS
    )


def _looks_like_name_word(word: str) -> bool:
    """Whether a word can be part of a person's name: not a role, title, function word or ب/ل-prefixed noun."""
    bare = _light(word)
    return bool(bare) and not (
        _key(word) in _ROLE or bare in _TITLES or bare in _FUNCTION_WORDS or bare[0].isdigit()
        or bare.startswith(("بال", "لل", "وال", "كال", "فال")) or any(q in word for q in _QUOTE_OPENERS)
    )


def _trailing_name(words: list[tuple[int, int, str]]) -> int:
    """How many words at the end of a description form a person's name (0 if they do not look like one)."""
    if len(words) < 2:
        return 0
    count = 2
    first = _light(words[-2][2])
    if first in _SECOND_PARTS or first in _JOINERS:
        count = 3
    if len(words) > count and _light(words[-count - 1][2]) in _JOINERS:
        count += 1
    if count > len(words) - 1:
        return 0
    name = words[-count:]
    if _light(name[0][2]).startswith("ال") and _light(name[0][2]) not in _SECOND_PARTS:
        return 0
    if not all(_looks_like_name_word(w) for _, _, w in name if _light(w) not in _JOINERS | _SECOND_PARTS):
        return 0
    return count


def _parse_segment(text: str, start: int, end: int) -> _Mention | None:
    """A speaker from one comma-delimited stretch of a subject: a name, a described role, or a group."""
    mention = _read_segment(text, start, end)
    if mention is not None:
        s, e = _trim(text, start, end)
        mention.whole = text[s:e]
    return mention


def _read_segment(text: str, start: int, end: int) -> _Mention | None:
    """The mention in one stretch, by its first word: an organisation, an unnamed source, a role, or a name."""
    words = [(m.start(), m.end(), m.group().strip(_TRIM)) for m in _WORD.finditer(text, start, end)]
    words = [w for w in words if w[2] and _light(w[2]) not in _ADVERBIALS]
    while words and _light(words[0][2]).lstrip("و") in ("هذا", "هذه"):
        words = words[1:]
    titled = False
    while words and _light(words[0][2]) in _TITLES:
        words, titled = words[1:], True
    if not words:
        return None
    first = words[0][2]
    head = _key(first)
    definite = normalize(first).startswith(("ال", "وال"))

    def span(part: list[tuple[int, int, str]]) -> tuple[str, int, int]:
        s, e = part[0][0], part[-1][1]
        s, e = _trim(text, s, e)
        return text[s:e], s, e

    if head in _ORGANISATION or (head in _ANONYMOUS and not definite):
        name, s, e = span(words)
        return _Mention(name, s, e, kind="group")
    if head in _ROLE:
        count = _trailing_name(words)
        if count:
            name, s, e = span(words[-count:])
            role = span(words[:-count])[0]
            return _Mention(name, s, e, role=role)
        name, s, e = span(words)
        return _Mention(name, s, e, kind="role")
    for i in range(1, len(words)):
        if _key(words[i][2]) in _ROLE and not definite:
            name, s, e = span(words[:i])
            return _Mention(name, s, e, role=span(words[i:])[0])
    name, s, e = span(words)
    return _Mention(name, s, e, kind="name" if titled or not definite or len(words) == 1 else "group")


def _mention_from(text: str, start: int, end: int) -> _Mention | None:
    """The speaker named in text[start:end], which may be `name، role،` or `role، name` or one phrase."""
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


class _Finder:
    """Where a pattern first matches in a stretch of the text, without rescanning the text for every stretch:
    the offsets it can match at are found once. The pattern must not look behind or ahead of its match."""

    def __init__(self, text: str, pattern: re.Pattern):
        self.text = text
        self.pattern = pattern
        self.starts = [m.start() for m in re.finditer(f"(?=(?:{pattern.pattern}))", text)]

    def search(self, start: int, end: int) -> re.Match | None:
        """As pattern.search(text, start, end)."""
        for i in range(bisect.bisect_left(self.starts, start), len(self.starts)):
            if self.starts[i] >= end:
                break
            found = self.pattern.match(self.text, self.starts[i], end)
            if found:
                return found
        return None


_CITING = re.compile(r"(?:نقل(?:ا|اً|ًا) عن|[Aa]ccording to|citing)\s+([^،,.\n“”\"«»]{2,80})")
_CITED_ORGANISATION = re.compile(r"([^،,.\n“”\"«»]{2,80})،\s*[“”\"«]")
_NP_BOUNDARY = re.compile(r"[،,.]|\s(?:فقد|فإن|فان)\s")
_QUOTED_BEFORE = re.compile(r"\s*[\"“](.+?)[,.]?[\"”]\s*,?\s*$")
_APPOSITIVE = re.compile(r"([^,]+),\s*([^,]+),\s*$")
_NAME_AFTER = re.compile(r"\s*((?:(?:[A-Z]|al-|el-)[\w'’.-]*\s*)+)")
_TOLD_WHOM = re.compile(r"(?:[A-Z][\w'’.-]*\s*)+(?:that\s+)?")


def _appositive(before: str) -> re.Match | None:
    """`X, the minister, said`: a match of _APPOSITIVE, which can only begin after the third comma from the end."""
    last = before.rfind(",")
    middle = before.rfind(",", 0, last) if last > 0 else -1
    if middle < 0:
        return None
    return _APPOSITIVE.match(before, before.rfind(",", 0, middle) + 1)


class _Extractor:
    """Walks the cues of one article in order, keeping the speakers met so far."""

    def __init__(self, text: str, sentences: list[Span]):
        self.text = text
        self.sentences = _Sentences(text, sentences)
        self.voices: list[_Voice] = []
        self.drafts: list[_Draft] = []
        self.open: list[_Draft] = []  # drafts whose content may still hold the next cue, latest last
        self.cues = list(_CUE.finditer(text))
        self.coordinated = [m for m in self.cues if m.group("pro") or m.group("part") or m.group("en_verb")]
        self.coordinated_starts = [m.start() for m in self.coordinated]
        self.citing = _Finder(text, _CITING)
        self.np_boundaries = _Finder(text, _NP_BOUNDARY)
        self.name_runs: dict[str, list[int]] | None = None
        self.full_names: dict[str, tuple[int, _Mention | None]] = {}

    # --- speakers -------------------------------------------------------------------------------
    def _earlier(self, mention: _Mention) -> _Voice | None:
        """The speaker met before that a surname, a definite description or a demonstrative refers to."""
        keys = [_key(w) for w in _WORD.findall(mention.name)]
        keys = [k for k in keys if k]
        if not keys:
            return None
        definite = normalize(mention.name).startswith("ال")
        content = {_nisba_free(k) for k in keys if _light(k) not in _FUNCTION_WORDS}
        for voice in reversed(self.voices):
            surname = mention.kind == "name" and not mention.role and len(keys) <= 2 and voice.kind == "name"
            if surname and [_nisba_free(k) for k in voice.name_keys[-len(keys):]] == [_nisba_free(k) for k in keys]:
                return voice
            if mention.kind != "name" and definite and set(keys) <= voice.keys:
                return voice
            if mention.kind == "group" and voice.kind == "group" and voice.name_keys[0] == keys[0] and (
                    keys == [keys[0]] and keys[0] in _SINGLE_ANONYMOUS
                    or len(content) >= 2 and content <= {_nisba_free(k) for k in voice.name_keys}):
                return voice  # `مسؤول` after `مسؤول في السفارة`; `وزارة الداخلية البحرينية` after `... في البحرين`
        return None

    def _full_name(self, mention: _Mention) -> _Mention:
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

    def _given_in_full(self, m: re.Match) -> _Mention | None:
        """The full name ending with the occurrence of a one-word name, if the words before it complete it."""
        before = [(w.start(), w.end(), w.group()) for w in _WORD.finditer(self.text, max(0, m.start() - 60), m.start())]
        words = before[-3:] + [(m.start(), m.end(), m.group())]
        count = _trailing_name(words)
        if count and not any(_CUE.fullmatch(w) or _light(w).lstrip("و") in _PREPOSITIONS for _, _, w in words[-count:]):
            s, e = words[-count][0], m.end()
            if not re.search(r"[.،,؛:]", self.text[s:e]):
                return _Mention(self.text[s:e], s, e)
        return None

    def _use(self, voice: _Voice) -> _Voice:
        """Mark a speaker as the most recent one."""
        self.voices.remove(voice)
        self.voices.append(voice)
        return voice

    def _voice_for(self, mention: _Mention, feminine: bool, plural: bool) -> _Voice:
        """The speaker a mention refers to: an earlier one, or a new one."""
        earlier = self._earlier(mention)
        if earlier is not None:
            return self._use(earlier)
        if mention.kind == "name" and not mention.role and len(mention.name.split()) == 1:
            mention = self._full_name(mention)
        name_keys = [k for k in (_key(w) for w in _WORD.findall(mention.name)) if k]
        role_keys = [k for k in (_key(w) for w in _WORD.findall(mention.role)) if k]
        voice = _Voice(mention.name, mention.role, mention.start, mention.end, feminine, plural,
                       frozenset(name_keys + role_keys), name_keys, mention.kind)
        self.voices = self.voices[-(MAX_VOICES - 1):] + [voice]
        return voice

    def _last_voice(self, feminine: bool, plural: bool) -> _Voice | None:
        """The most recent speaker that agrees with a bare verb's gender and number."""
        for voice in reversed(self.voices):
            if (plural and (voice.plural or voice.feminine)) or (not plural and voice.feminine == feminine):
                return self._use(voice)
        return self._use(self.voices[-1]) if self.voices else None

    # --- Arabic verbs ---------------------------------------------------------------------------
    def _pre_verbal(self, sentence: Span, cue_start: int) -> _Mention | None:
        """A subject written before its verb: `وكان X قد أكد`, `إلا أن مصادر ... أكدت`."""
        window = max(sentence.start, cue_start - REACH)
        start = window + list(_PRE_ANCHOR.finditer(self.text[window:cue_start]))[-1].end()
        end = cue_start
        tail = re.search(r"(?:\s|^)قد\s*$|\s*[«“\"]\s*$", self.text[start:cue_start])  # `X قد أكد`, `X «نفت بشدة»`
        if tail:
            end = start + tail.start()
        words = _Words.of(self.text, start, end)
        if not 1 <= len(words) <= 14 or not _opens_subject(words, 0, feminine=False):
            return None
        for i in range(len(words)):
            if words.word(i) in (":",) + tuple(_QUOTE_OPENERS) or _is_complementizer(words, i) or _CUE.fullmatch(words.word(i)):
                return None
            if words.bare(i) in _STOPS:
                end = words.starts[i]
                break
        comma = re.search(r"[،,؛]", self.text[start:end])
        if len(_Words.of(self.text, start, start + comma.start() if comma else end)) > 6:
            return None
        return _mention_from(self.text, start, end)

    def _marker(self, words: _Words, j: int, immediate: bool) -> int:
        """Where content begins if word j introduces it (أن/إن, a colon, a quotation), else -1."""
        if _is_complementizer(words, j):
            k = j + 1 if words.bare(j) in _COMPLEMENTIZERS else j + 2
            return words.ends[k - 1]
        word = words.word(j)
        if word == ":":
            return words.ends[j]
        if word in _QUOTE_OPENERS:
            closer = _closing_quote(self.text, words.starts[j], len(self.text))
            if immediate or closer < 0 or _more_words(self.text, words.starts[j] + 1, closer, 3):
                return words.starts[j]
        return -1

    def _content_start(self, words: _Words, i: int, limit: int) -> tuple[int, bool]:
        """Where the reported content begins: right here, or after the setting of the statement."""
        if i >= len(words) or words.starts[i] >= limit:
            return limit, False
        at = self._marker(words, i, immediate=True)
        if at >= 0:
            return at, True
        if _opens_setting(words, i):
            j = i + 1
            while j < min(len(words), i + 16) and words.starts[j] < limit:
                short = _short_quote_end(words, j)
                if short >= 0:
                    while j < len(words) and words.starts[j] <= short:
                        j += 1
                    continue
                at = self._marker(words, j, immediate=False)
                if at >= 0:
                    return at, True
                j += 1
            return self._after_setting(words, i, limit), False
        return words.starts[i], False

    def _after_setting(self, words: _Words, i: int, limit: int) -> int:
        """Past a setting such as `في تصريح لـ"العرب"،` to where the object of the verb begins."""
        for j in range(i, min(len(words), i + 10)):
            if words.starts[j] >= limit:
                break
            if words.word(j) in _QUOTE_OPENERS:
                closer = _closing_quote(self.text, words.starts[j], limit)
                if closer > 0:
                    return closer + 1
            if words.word(j).endswith(("،", ",")):
                return words.ends[j]
        return words.starts[i]

    def _subject_end(self, words: _Words, i: int) -> int:
        """Index of the first word after the subject that begins at word i."""
        j = i
        while j < min(len(words), i + 16):
            word, bare = words.word(j), words.bare(j)
            if word in _QUOTE_OPENERS:
                closer = _short_quote_end(words, j)
                if closer < 0:
                    return j
                while j < len(words) and words.starts[j] <= closer:
                    j += 1
                continue
            if word == ":":
                return j
            if j > i and (_is_complementizer(words, j) or bare in _STOPS or bare in _ADVERBIALS
                          or _RECIPIENT.match(self.text, words.starts[j]) or _is_outlet(word) or _opens_setting(words, j)):
                return j
            j += 1
        return j

    def _arabic_verb(self, m: re.Match) -> None:
        text = self.text
        sentence = self.sentences.around(m.start())
        verb = normalize(m.group("verb") or m.group("part") or m.group("describing"))
        participle, proclitic, negated = bool(m.group("part")), bool(m.group("pro")), bool(m.group("neg"))
        if negated != (verb in _NEGATED_ASSERTING):
            return
        same_sentence = bool(self.drafts) and self.drafts[-1].cue_start >= sentence.start
        if participle and not (same_sentence or re.search(r"[،,]\s*$", text[max(0, m.start() - 3):m.start()])):
            return
        window = max(sentence.start, m.start() - REACH)
        before = text[window:m.start()]
        if not participle and not proclitic and not negated:
            if verb in _PRESENT and before.strip():
                return
            if re.search(r"(?:^|\s)(?:من|في|بعد|قبل|عن|على|إلى|الى|تم|ما|الذي|التي)\s+$", before[-10:]):
                return
        linking = _COORDINATING.search(before)
        coordinated = proclitic or participle or linking is not None
        enclosing = self._enclosing(sentence, m.start())
        if enclosing and (m.start() < enclosing.statement.start or text[enclosing.statement.start - 1] in _QUOTE_OPENERS):
            return
        nested = enclosing is not None and not coordinated
        feminine = verb in _FEMININE or (participle and verb.endswith("ه"))
        plural = verb.endswith(("وا", "ون"))
        denies = verb.startswith(_DENYING_PARTICIPLES) if participle else _VERBS_NORMAL.get(verb, False)
        words = _Words.of(text, m.end(), sentence.end)
        limit = self._next_cue_start(m.end(), sentence.end)
        mention, opening = None, window + linking.start() if linking else m.start()
        if not proclitic and not participle:
            mention = self._pre_verbal(sentence, m.start())
            if mention is not None:
                opening = mention.start
        i = _skip_adverbials(words, 0)
        recipient = _RECIPIENT.match(text, words.starts[i]) if i < len(words) else None
        if recipient:
            while i < len(words) and words.starts[i] < recipient.end():
                i += 1
        subject_words = 0
        if mention is None and not participle and i < len(words) and _opens_subject(words, i, feminine):
            end = self._subject_end(words, i)
            if end > i:
                mention = _mention_from(text, words.starts[i], words.ends[end - 1])
                subject_words, i = end - i, end
        start, marked = self._content_start(words, _skip_adverbials(words, i), limit)
        if nested and (mention is None or not marked):
            return
        if not marked and (verb in _DESCRIBING or (mention is not None and _key(mention.name.split()[0]) in _HEARSAY)):
            return
        if mention is None and proclitic and re.search(r"\w\s+\S*$", before) and not same_sentence:
            return  # `وأدان X الحادثة ووصفها`: the bare verb continues a subject no statement has named
        voice = None
        if mention is not None and not marked and subject_words > 1:
            voice, start = self._shorter_subject(words, i - subject_words, i, start, feminine, plural)
        if voice is None:
            voice = self._speaker(mention, feminine, plural, participle, sentence)
        if voice is not None:
            self._add(m, opening, voice, start, limit, denies)

    def _shorter_subject(self, words: _Words, first: int, end: int, start: int, feminine: bool,
                         plural: bool) -> tuple[_Voice | None, int]:
        """When a verb has no أن, the subject may be a known speaker followed by the object: `ونفى المسؤول صحة ...`."""
        for k in range(first + 1, end):
            mention = _mention_from(self.text, words.starts[first], words.ends[k - 1])
            if mention is not None and self._earlier(mention) is not None:
                return self._use(self._earlier(mention)), words.starts[k]
        whole = _mention_from(self.text, words.starts[first], words.ends[end - 1])
        cut = next((k for k in range(first + 2, end) if _object_begins(words, k)), None)
        if cut is None or whole is None or whole.role:
            return None, start
        mention = _mention_from(self.text, words.starts[first], words.ends[cut - 1])
        return (self._voice_for(mention, feminine, plural) if mention else None), words.starts[cut]

    def _enclosing(self, sentence: Span, at: int) -> _Draft | None:
        """The latest statement of the sentence whose content reaches past `at`; cues come in order, so a
        statement that ends before one never holds a later one."""
        while self.open and self.open[-1].statement.end <= at:
            self.open.pop()
        return self.open[-1] if self.open and self.open[-1].cue_start >= sentence.start else None

    def _speaker(self, mention, feminine, plural, participle, sentence) -> _Voice | None:
        """Resolve a mention, or a bare verb to the speaker it continues."""
        if participle and self.drafts and self.drafts[-1].cue_start >= sentence.start:
            return self._use(self.drafts[-1].voice)
        if mention is None:
            return self._last_voice(feminine, plural)
        return self._voice_for(mention, feminine, plural)

    def _next_cue_start(self, after: int, end: int) -> int:
        """Where the next coordinated statement of the sentence begins (`، وقال`), or the sentence end."""
        i = bisect.bisect_left(self.coordinated_starts, after)
        if i == len(self.coordinated) or self.coordinated[i].end() > end:
            return end
        return _strip_back(self.text, after, self.coordinated[i].start(), " ،,")

    def _add(self, m, opening, voice: _Voice, start, end, denies) -> None:
        text = self.text
        if start < len(text) and text[start] in _QUOTE_OPENERS:
            closer = _closing_quote(text, start, len(text))
            if closer > 0:
                end = closer + 1
        start, end = _trim(text, start, end)
        if end - start < 2:
            return
        statement = Statement(
            speaker=voice.name, role=voice.role, cue=m.group().strip(), start=start, end=end,
            polarity="denies" if denies else "asserts", cites=self._cited(start, end),
            speaker_start=voice.start, speaker_end=voice.end,
        )
        self.drafts.append(_Draft(m.start(), opening, statement, voice))
        self.open.append(self.drafts[-1])

    def _cited(self, start: int, end: int) -> str:
        """The party the content itself cites: `نقلا عن X`, `according to X`, or `X، “...”` for an organisation X."""
        m = self.citing.search(start, end)
        if m:
            return m.group(1).strip()
        m = _CITED_ORGANISATION.match(self.text, start, end)
        if m and _key(m.group(1).split()[0]) in _ORGANISATION:
            return m.group(1).strip()
        return ""

    # --- prepositional attributions ------------------------------------------------------------
    def _according(self, m: re.Match) -> None:
        """`بحسب X`, `وفقا لـ X`, `according to X`: a statement of its own when not inside another one."""
        text = self.text
        if self._covered(m.start()):
            return
        sentence = self.sentences.around(m.start())
        boundary = self.np_boundaries.search(m.end(), sentence.end)
        np_end = boundary.start() if boundary else sentence.end
        words = _Words.of(text, m.end(), np_end)
        cut = next((i for i in range(len(words)) if words.bare(i) in _STOPS), min(len(words), 10))
        if cut == 0:
            return
        np_start, np_stop = words.starts[0], words.ends[cut - 1]
        if text.startswith("ل", np_start) and m.group("according") and m.group("according").rstrip().endswith(("وفقا", "وفقاً", "وفقًا", "طبقا", "طبقاً")):
            np_start += 1
        mention = _mention_from(text, np_start, np_stop)
        if mention is None:
            return
        if mention.name.startswith("ل"):
            mention.name = "ا" + mention.name
        explicit = bool(re.search(r"\s(?:ما|لما)\s", m.group()))
        head = _key(mention.name.split()[0])
        if not (explicit or m.group("en_according") or head in _ORGANISATION or head in _ROLE or mention.role):
            return
        voice = self._voice_for(mention, True, False)
        if m.start() - sentence.start <= REACH and len(text[sentence.start:m.start()].split()) <= 1:
            start, end = (boundary.end() if boundary else np_stop), sentence.end
        else:
            start, end = sentence.start, m.start()
        self._add(m, m.start(), voice, start, end, False)

    # --- English ---------------------------------------------------------------------------------
    def _english_verb(self, m: re.Match) -> None:
        text = self.text
        sentence = self.sentences.around(m.start())
        denies = lex.ENGLISH_VERBS[m.group("en_verb")]
        window = max(sentence.start, m.start() - REACH)
        before = text[window:m.start()]
        mention, opening = None, m.start()
        quoted = _QUOTED_BEFORE.match(before) if window == sentence.start else None
        if quoted:
            after = _NAME_AFTER.match(text, m.end(), sentence.end)
            if after:
                s = after.start(1)
                e = s + len(after.group(1).rstrip(_TRIM))
                mention = _Mention(text[s:e], s, e)
            start, end = window + quoted.start(1), window + quoted.end(1)
        else:
            appositive = _appositive(before)
            zone = appositive.group(1) if appositive else before.rstrip()
            found = _ENGLISH_NAME.search(zone) or _ENGLISH_THE_NOUN.search(zone)
            if found and found.group().lower() not in lex.PRONOUN_SUBJECTS_EN:
                offset = window + (appositive.start(1) if appositive else 0)
                s, e = offset + found.start(), offset + found.end()
                mention = _Mention(text[s:e], s, e, role=appositive.group(2).strip() if appositive else "")
                opening = s
            start, end = _ENGLISH_AFTER_VERB.match(text, m.end(), sentence.end).end(), sentence.end
            if m.group("en_verb") == "told":
                told = _TOLD_WHOM.match(text, start, end)
                if told:
                    start = told.end()
        voice = self._voice_for(mention, False, False) if mention else self._last_voice(False, False)
        if voice is not None:
            self._add(m, opening, voice, start, end, denies)

    def run(self) -> list[Statement]:
        prepositional = []
        for m in self.cues:
            if m.group("according") or m.group("en_according"):
                prepositional.append(m)
            elif m.group("en_verb"):
                self._english_verb(m)
            else:
                self._arabic_verb(m)
        self._clip()
        self.open = sorted(self.drafts, key=lambda d: -d.cue_start)
        self.covered_until = 0
        for m in prepositional:
            self._according(m)
        return sorted((d.statement for d in self.drafts), key=lambda s: (s.start, s.end))

    def _covered(self, at: int) -> bool:
        """Whether a statement whose cue comes before `at` holds it. Prepositional cues come in order, so the
        statements are taken in the order of their cues, the furthest end kept."""
        while self.open and self.open[-1].cue_start <= at:
            self.covered_until = max(self.covered_until, self.open.pop().statement.end)
        return at < self.covered_until

    def _clip(self) -> None:
        """End each statement where the next statement of its sentence begins."""
        for draft, following in zip(self.drafts, self.drafts[1:]):
            st = draft.statement
            if st.start < following.opening < st.end and self.text[st.start - 1:st.start] not in _QUOTE_OPENERS:
                start, end = _trim(self.text, st.start, following.opening)
                if end - start >= 2:
                    draft.statement = replace(st, start=start, end=end)


def extract_statements(text: str, sentences: list[Span]) -> list[Statement]:
    """Attributed statements of an article: speaker, role, cue, content span, polarity and cited party."""
    return _Extractor(text, sentences).run()
