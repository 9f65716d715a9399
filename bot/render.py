"""How answers and articles look to people: in the terminal and as JSON lines."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from index.article import Article, Rejected, Statement
from index.additions import AddResult, Progress
from index.store_rows import StoredArticle
from retrieval.answer import Answer, Passage

CUT = "…"


def shown_quote(passage: Passage) -> str:
    """The quote as stored, with … where the sentence it was cut from goes on."""
    return f"{CUT if passage.cut_before else ''}{passage.quote.strip()}{CUT if passage.cut_after else ''}"


def source_parts(passage: Passage, edited_mark: str = "edited {date}") -> list[str]:
    """Outlet, author, date, when it was edited (worded by `edited_mark`) and link of a passage, those that are
    known."""
    edited = edited_mark.format(date=passage.edited[:10]) if passage.edited else ""
    return [part for part in (passage.source or passage.title, passage.author, passage.published[:10], edited,
                              passage.url) if part]


def speaker_label(passage: Passage, stored: Callable[[str], str] = str) -> str:
    """'name (role)' of who said the quote, or '' when not attributed; `stored` prepares each stored piece."""
    if passage.speaker is None:
        return ""
    role = f" ({stored(passage.speaker.role)})" if passage.speaker.role else ""
    return f"{stored(passage.speaker.name)}{role}"


def citing(passage: Passage, stored: Callable[[str], str] = str) -> str:
    """', citing X' when the speaker attributes the quoted words to someone else."""
    return f", citing {stored(passage.speaker.cites)}" if passage.speaker and passage.speaker.cites else ""


def answer_text(answer: Answer) -> str:
    """A found answer for the terminal: numbered quotes, speaker, source line; speaker first when one speaker
    has several quotes in a row."""
    if answer.claimant_first:
        return _by_speaker_text(answer.speaker_runs())
    blocks = []
    for number, passage in enumerate(answer.passages, 1):
        lines = [f"{number}. «{shown_quote(passage)}»"]
        if passage.speaker:
            lines.append(f"   — {speaker_label(passage)}{citing(passage)}")
        lines.extend(_source_lines(passage, "   "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _by_speaker_text(runs: list[list[Passage]]) -> str:
    """One heading per speaker (name (role)), then each of their quotes with its cue and source line."""
    blocks, number = [], 0
    for run in runs:
        lines = [speaker_label(run[0]) + ":"] if run[0].speaker else []
        for passage in run:
            number += 1
            cue = f"{passage.speaker.cue}{citing(passage)}: " if passage.speaker and passage.speaker.cue else ""
            lines.append(f"  {number}. {cue}«{shown_quote(passage)}»")
            lines.extend(_source_lines(passage, "     "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _source_lines(passage: Passage, indent: str) -> list[str]:
    lines = [indent + " · ".join(source_parts(passage)) + f"  [{passage.article_id}]"]
    if passage.also_in:
        lines.append(indent + "also in: " + ", ".join(passage.also_in))
    return lines


def ingest_line(result: AddResult) -> str:
    """One line per input for `qawl ingest`."""
    if result.status == "added":
        note = f" ({result.reason})" if result.reason else ""
        return f"added {result.article_id}: {result.title} — {result.chunks} passages{note}"
    if result.status == "duplicate":
        return f"duplicate {result.article_id}: {result.input} — {result.reason}"
    return f"rejected: {result.input} — {result.reason}"


@dataclass
class InputSize:
    """Items and characters of text read from an ingest's inputs."""

    items: int = 0
    characters: int = 0

    def count(self, item: Article | Rejected) -> None:
        self.items += 1
        self.characters += len(item.text) if isinstance(item, Article) else 0


def ingest_progress(totals: Progress, elapsed: float, expected: InputSize | None, read: InputSize) -> str:
    """A progress line of a long ingest: counts, rate and, when the total is known, time left. The time
    left goes by characters of text: articles differ in length by a factor of a hundred."""
    articles = f"{totals.articles}/{expected.items}" if expected else f"{totals.articles}"
    line = (f"… {articles} articles read, {totals.added} added, {totals.duplicates} duplicates, "
            f"{totals.rejected} rejected, {totals.passages} passages, "
            f"{totals.passages / elapsed:.1f} passages/s, {totals.articles / elapsed:.1f} articles/s")
    if expected and read.characters:
        left = elapsed * max(expected.characters - read.characters, 0) / read.characters
        line += ", about " + duration(left) + " left"
    return line


def duration(seconds: float) -> str:
    """A rough length of time: "40 s", "12 min", "1 h 05 min"."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def article_json(stored: StoredArticle) -> dict:
    """The public shape of `qawl list --json`."""
    a = stored.article
    return {"article_id": stored.id, "title": a.title, "source": a.source, "url": a.url,
            "published": a.published, "added_at": stored.added_at, "chunks": stored.chunks}


def article_line(stored: StoredArticle) -> str:
    a = stored.article
    parts = [part for part in (a.source, a.published[:10], a.url) if part]
    return f"{stored.id}  {a.title}  ({' · '.join(parts) or a.input}; {stored.chunks} passages)"


def statement_json(statement: Statement) -> dict:
    """A statement as `qawl show --json` prints it."""
    return {"speaker": statement.speaker, "role": statement.role, "cue": statement.cue, "start": statement.start,
            "end": statement.end, "polarity": statement.polarity, "cites": statement.cites}
