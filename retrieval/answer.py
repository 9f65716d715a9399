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
    that the sentence(s) quoted go on before or after it (a quote longer than search.max_quote_chars is cut), and
    denied that it is a statement of denial, to be marked as one where it is shown."""

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
    edited: str = ""
    speaker: Speaker | None = None
    also_in: list[str] = field(default_factory=list)
    cut_before: bool = False
    cut_after: bool = False
    denied: bool = False


@dataclass
class Answer:
    """The passages that answer a question, best first; `found` is False when none do, and `empty_library`
    says that none could. `speaker_groups` holds the positions of the passages in runs of one speaker, as the
    search grouped them (all of them, in order; a passage without a speaker is a run of its own), and
    `who_question` that the question was answered as a who-question, claimant first."""

    question: str
    found: bool
    took_ms: float
    passages: list[Passage] = field(default_factory=list)
    empty_library: bool = False
    speaker_groups: list[list[int]] = field(default_factory=list)
    who_question: bool = False

    @property
    def claimant_first(self) -> bool:
        """Whether the answer reads best speaker by speaker: some speaker has several passages in a row."""
        return any(len(group) > 1 for group in self.speaker_groups)

    def speaker_runs(self, first: int = 0, last: int | None = None) -> list[list[Passage]]:
        """The passages from position `first` up to `last` in their runs of one speaker."""
        last = len(self.passages) if last is None else last
        groups = self.speaker_groups or [[at] for at in range(len(self.passages))]
        runs = [[self.passages[at] for at in group if first <= at < last] for group in groups]
        return [run for run in runs if run]

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
    for shown_only in ("also_in", "cut_before", "cut_after", "denied", "edited"):
        data.pop(shown_only)
    return data
