"""Statements introduced by an Arabic reporting verb or participle: `وقال X إن ...`, `وكان X قد أكد أن ...`,
`، مشيرا إلى أن ...`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from index.analyze import normalize
from index.article import Span
from index.statements import lexicon as lex
from index.statements.cues import unmarked_adjective
from index.statements.keys import key
from index.statements.mentions import Mention, mention_from, pre_verbal
from index.statements.reading import Draft, Reading
from index.statements.text import QUOTE_OPENERS, REACH, closing_quote, more_words
from index.statements.voices import Voice, Voices
from index.statements.words import (
    RECIPIENT, UNNAMED, Words, is_complementizer, is_verbal_noun, object_begins, opens_setting, opens_subject,
    short_quote_end, skip_adverbials, subject_end,
)

_COORDINATING = re.compile(r"(?<!\w)و?(?:حيث|إذ|كما|ثم|لكنه|لكنها|بينما|فيما|في حين)\s*$")
_SENTENCE_OPENING = " .…\n\t"  # what may stand before a participle that opens its sentence
_OPENING_REACH = 8
_AFTER_PREPOSITION = re.compile(r"(?:^|\s)(?:من|في|بعد|قبل|عن|على|إلى|الى|تم|ما|الذي|التي)\s+$")


@dataclass(frozen=True)
class _Verb:
    """The verb of a cue, normalised, and how it is written: a participle, with و/ف before it, negated."""

    form: str
    participle: bool
    proclitic: bool
    negated: bool

    @classmethod
    def of(cls, m: re.Match) -> "_Verb":
        return cls(normalize(m.group("verb") or m.group("part") or m.group("describing")),
                   bool(m.group("part")), bool(m.group("pro")), bool(m.group("neg")))

    @property
    def feminine(self) -> bool:
        return self.form in lex.FEMININE_NORMAL or (self.participle and self.form.endswith("ه"))

    @property
    def directive(self) -> bool:
        """A call or demand (دعا, طالب): what it reports is the call."""
        return self.form in lex.DIRECTIVE_NORMAL

    @property
    def marked_only(self) -> bool:
        """A verb that reports only before a marked content (بيّن, أقر)."""
        return self.form in lex.MARKED_ONLY_NORMAL

    @property
    def plural(self) -> bool:
        return self.form.endswith(("وا", "ون"))

    @property
    def denies(self) -> bool:
        if self.participle:
            return self.form.startswith(lex.DENYING_PARTICIPLES_NORMAL)
        return lex.VERBS_NORMAL.get(self.form, False)


class _Subject(NamedTuple):
    """The subject of a verb, where its statement opens, and the word after the subject with its length."""

    mention: Mention | None
    opening: int
    end: int
    words: int


def arabic_verb(reading: Reading, m: re.Match) -> Draft | None:
    """The statement an Arabic reporting verb or participle introduces, or None when it introduces none here."""
    text = reading.text
    sentence = reading.sentences.around(m.start())
    verb = _Verb.of(m)
    same_sentence = reading.in_sentence(sentence) is not None
    window = max(sentence.start, m.start() - REACH)
    before = text[window:m.start()]
    continuing = same_sentence or (verb.participle and _continues_previous(reading, sentence, m))
    if not _may_report(text, m, verb, before, continuing):
        return None
    near = UNNAMED.finditer(text, max(0, m.start() - 12), min(len(text), m.end() + 30))
    if any(u.start() <= m.start() < u.end() for u in near):
        return None  # `فضّل عدم ذكر اسمه`: no report
    linking = _COORDINATING.search(before)
    enclosing = reading.enclosing(sentence, m.start())
    if enclosing and (m.start() < enclosing.statement.start or text[enclosing.statement.start - 1] in QUOTE_OPENERS):
        return None
    nested = enclosing is not None and not (verb.proclitic or verb.participle or linking is not None)
    words = Words.of(text, m.end(), sentence.end)
    limit = reading.next_cue_start(m.end(), sentence.end)
    subject = _subject(m, verb, sentence, words, window + linking.start() if linking else m.start())
    mention = subject.mention
    start, marked = _content_start(words, skip_adverbials(words, subject.end), limit)
    if nested and (mention is None or not marked):
        return None
    if not marked and (verb.form in lex.DESCRIBING_NORMAL or verb.marked_only
                       or (mention is not None and key(mention.name.split()[0]) in lex.HEARSAY_KEYS)):
        return None
    if mention is None and verb.proclitic and re.search(r"\w\s+\S*$", before) and not same_sentence:
        return None  # `وأدان X الحادثة ووصفها`: the bare verb continues a subject no statement has named
    voice = None
    if mention is not None and (not marked or verb.directive) and subject.words > 1:
        voice, start = _shorter_subject(reading.voices, words, subject.end - subject.words, subject.end, start, verb,
                                        objects=not verb.directive)
    if voice is None:
        voice = _speaker(reading, mention, verb, sentence)
    return reading.draft(m, subject.opening, voice, start, limit, verb.denies) if voice is not None else None


def _continues_previous(reading: Reading, sentence: Span, m: re.Match) -> bool:
    """Whether a participle opens its sentence right after a sentence that holds a statement (`... وأمنها.
    مشيرا إلى أن`): the segmenter split what the writer ran on."""
    if m.start() - sentence.start > _OPENING_REACH or reading.text[sentence.start:m.start()].strip(_SENTENCE_OPENING):
        return False
    previous = reading.sentences.before(sentence)
    return previous is not None and reading.in_sentence(previous) is not None


def _may_report(text: str, m: re.Match, verb: _Verb, before: str, continuing: bool) -> bool:
    """Whether the verb can introduce a statement where it stands: negated only when the negation asserts
    (`لم يستبعد أن`); a verb that reports only when marked (بيّن) only after و/ف, a participle that is also an
    adjective (مشددة) only before على/أن/a colon; a participle only after a comma
    or where a statement goes on (`continuing`: its sentence, or the one before it, has one); a verb without و/ف
    not after a preposition or a relative, nor in the present unless it begins the sentence or a clause."""
    if verb.negated != (verb.form in lex.NEGATED_ASSERTING_NORMAL):
        return False
    if verb.marked_only and not verb.proclitic:
        return False
    if verb.directive and not (verb.proclitic or not before.strip() or _COORDINATING.search(before)):
        return False
    if unmarked_adjective(text, m):
        return False
    if verb.participle and not (continuing or re.search(r"[،,]\s*$", text[max(0, m.start() - 3):m.start()])):
        return False
    if not verb.participle and not verb.proclitic and not verb.negated:
        if verb.form in lex.PRESENT_NORMAL and before.strip() and not _COORDINATING.search(before):
            return False  # the present reports at the start of a sentence or of a clause (`في حين يرى X أن`)
        if _AFTER_PREPOSITION.search(before[-10:]):
            return False
    return True


def _subject(m: re.Match, verb: _Verb, sentence: Span, words: Words, opening: int) -> _Subject:
    """The subject written before the verb, or else the one after it past adverbials and a recipient."""
    text = words.text
    mention = None
    if not verb.proclitic and not verb.participle:
        mention = pre_verbal(text, sentence, m.start())
        if mention is not None:
            opening = mention.start
    i = skip_adverbials(words, 0)
    recipient = RECIPIENT.match(text, words.starts[i]) if i < len(words) else None
    if recipient:
        while i < len(words) and words.starts[i] < recipient.end():
            i += 1
    if (mention is None and not verb.participle and i < len(words) and opens_subject(words, i, verb.feminine)
            and not (verb.directive and (_calls_for(words, i) or words.bare(i).startswith("ل")))):
        end = subject_end(words, i)
        if verb.directive:  # the subject ends where the call begins: `دعت حركة حماس | إلى`
            end = next((k for k in range(i + 1, end) if _calls_for(words, k)), end)
        if end > i:
            return _Subject(mention_from(text, words.starts[i], words.ends[end - 1]), opening, end, end - i)
    return _Subject(mention, opening, i, 0)


def _calls_for(words: Words, k: int) -> bool:
    """Whether word k opens what a call or demand is for: `إلى`, or a word with ب (`بتحرك`, `بالإفراج`)."""
    bare = words.bare(k)
    return bare in ("إلى", "الى") or (bare.startswith("ب") and len(bare) > 3 and bare not in lex.JOINERS_LIGHT)


def _shorter_subject(voices: Voices, words: Words, first: int, end: int, start: int, verb: _Verb,
                     objects: bool = True) -> tuple[Voice | None, int]:
    """When a verb has no أن, the subject may be a known speaker followed by the object: `ونفى المسؤول صحة ...`;
    or, with `objects`, a new speaker where an object looks to begin (a call's subject already ends at its call)."""
    text = words.text
    known = None  # the longest start of the subject that names a known speaker: `وحث الاتحاد الأوروبي | كافة`
    for k in range(first + 1, end):
        mention = mention_from(text, words.starts[first], words.ends[k - 1])
        earlier = voices.earlier(mention) if mention is not None else None
        if earlier is not None and (known is None or earlier is known[0]):
            known = earlier, mention, k
        elif known is not None:
            break
    if known is not None:
        earlier, mention, k = known
        return voices.referred(earlier, mention), words.starts[k]
    whole = mention_from(text, words.starts[first], words.ends[end - 1])
    cut = next((k for k in range(first + 1, end) if object_begins(words, k) and (
        k > first + 1 or is_verbal_noun(words.bare(k)))), None) if objects else None
    if cut is None or whole is None or whole.role:
        return None, start
    mention = mention_from(text, words.starts[first], words.ends[cut - 1])
    for k in range(cut + 1, end):  # a role with its name before a definite object: `حذرت وزيرة الخارجية
        named = mention_from(text, words.starts[first], words.ends[k - 1])  # هيلاري كلينتون | الحكومة السورية`
        if named is not None and named.role and words.bare(k).startswith("ال"):
            cut, mention = k, named
            break
    return (voices.voice_for(mention, verb.feminine, verb.plural) if mention else None), words.starts[cut]


def _speaker(reading: Reading, mention: Mention | None, verb: _Verb, sentence: Span) -> Voice | None:
    """Resolve a mention, or a bare verb to the speaker it continues."""
    previous = reading.in_sentence(sentence)
    if verb.participle and previous is not None:
        return reading.voices.use(previous.voice)
    if mention is None:
        return reading.voices.last_voice(verb.feminine, verb.plural)
    return reading.voices.voice_for(mention, verb.feminine, verb.plural)


def _content_start(words: Words, i: int, limit: int) -> tuple[int, bool]:
    """Where the reported content begins, and whether a marker begins it: right here, or after the setting."""
    if i >= len(words) or words.starts[i] >= limit:
        return limit, False
    at = _marker(words, i, immediate=True)
    if at >= 0:
        return at, True
    if opens_setting(words, i):
        j = i + 1
        while j < min(len(words), i + 16) and words.starts[j] < limit:
            short = short_quote_end(words, j)
            if short >= 0:
                while j < len(words) and words.starts[j] <= short:
                    j += 1
                continue
            at = _marker(words, j, immediate=False)
            if at >= 0:
                return at, True
            j += 1
        return _after_setting(words, i, limit), False
    return words.starts[i], False


def _marker(words: Words, j: int, immediate: bool) -> int:
    """Where content begins if word j introduces it (أن/إن, a colon, a quotation), else -1."""
    if is_complementizer(words, j):
        k = j + 1 if words.bare(j) in lex.COMPLEMENTIZERS_LIGHT else j + 2
        return words.ends[k - 1]
    word = words.word(j)
    if word == ":":
        return words.ends[j]
    if word in QUOTE_OPENERS:
        closer = closing_quote(words.text, words.starts[j], len(words.text))
        if immediate or closer < 0 or more_words(words.text, words.starts[j] + 1, closer, 3):
            return words.starts[j]
    return -1


def _after_setting(words: Words, i: int, limit: int) -> int:
    """Past a setting such as `في تصريح لـ"العرب"،` to where the object of the verb begins."""
    for j in range(i, min(len(words), i + 10)):
        if words.starts[j] >= limit:
            break
        if words.word(j) in QUOTE_OPENERS:
            closer = closing_quote(words.text, words.starts[j], limit)
            if closer > 0:
                return closer + 1
        if words.word(j).endswith(("،", ",")):
            return words.ends[j]
    return words.starts[i]
