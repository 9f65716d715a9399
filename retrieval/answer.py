"""What a question gets back: quoted passages with their sources, as plain data."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Speaker:
    """Who said a quoted statement, as written in the article."""

    name: str
    role: str
    cue: str
    cites: str = ""


@dataclass
class Passage:
    """One quote: `quote == article.text[start:end]`, with the passage around it; cut_before and cut_after say
    that the sentence(s) quoted go on before or after it (a quote longer than search.max_quote_chars is cut)."""

    article_id: str
    quote: str
    start: int
    end: int
    context: str
    score: float
    title: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    speaker: Speaker | None = None
    also_in: list[str] = field(default_factory=list)
    cut_before: bool = False
    cut_after: bool = False


@dataclass
class Answer:
    """The passages that answer a question, best first; `found` is False when none do."""

    question: str
    found: bool
    took_ms: float
    passages: list[Passage] = field(default_factory=list)
    message: str = ""

    def to_json(self) -> dict:
        """The public ANSWER shape of the command line and benchmarks."""
        return {
            "question": self.question,
            "found": self.found,
            "took_ms": round(self.took_ms, 2),
            "passages": [_passage_json(p) for p in self.passages],
        }


def _passage_json(passage: Passage) -> dict:
    data = asdict(passage)
    for shown_only in ("also_in", "cut_before", "cut_after"):
        data.pop(shown_only)
    return data
