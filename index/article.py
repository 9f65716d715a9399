"""The domain objects that travel through indexing: articles and their parts."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """One article as received, with where it came from. `text` is never altered."""

    text: str
    title: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    input: str = ""
    added_by: str = ""
    notes: list[str] = field(default_factory=list)
    scope: int = 0  # the chat in whose library it was added; 0: everyone's (the command line, a followed channel)
    edited: str = ""  # the ISO date of the last edit of the post it was made from, when it was edited
    # The posts of a followed channel it was made from, as (chat id, message id, the post as JSON): kept with it,
    # so that an edit of one of them remakes the article.
    posts: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Rejected:
    """An input that could not become an article, with a reason meant for the user."""

    input: str
    reason: str


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) of an article's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A passage of whole sentences: sentences[first:last] of its article."""

    start: int
    end: int
    first_sentence: int
    last_sentence: int


@dataclass(frozen=True)
class Statement:
    """Reported speech: who said what, where the content is, and how it was said."""

    speaker: str
    role: str
    cue: str
    start: int
    end: int
    polarity: str = "asserts"
    cites: str = ""
    # the speaker as this statement writes it (`الرئيس السوري بشار الأسد`, `الأسد`), or for a bare verb as the
    # latest mention it refers to wrote it; `speaker` is the name that mention resolves to (`بشار الأسد`)
    speaker_start: int = -1
    speaker_end: int = -1
