"""How answers and articles look to people: in the terminal and as JSON lines."""
from __future__ import annotations

from index.article import Statement
from index.library import AddResult
from index.store import StoredArticle
from retrieval.answer import Answer, Passage

NOTHING_FOUND = "Nothing in the library answers that question."


def source_parts(passage: Passage) -> list[str]:
    """Outlet, author, date and link of a passage, those that are known."""
    return [part for part in (passage.source or passage.title, passage.author, passage.published[:10], passage.url)
            if part]


def speaker_label(passage: Passage) -> str:
    """'name (role)' of who said the quote, or '' when not attributed."""
    if passage.speaker is None:
        return ""
    role = f" ({passage.speaker.role})" if passage.speaker.role else ""
    return f"{passage.speaker.name}{role}"


def answer_text(answer: Answer) -> str:
    """An answer for the terminal: numbered quotes, speaker, source line."""
    if not answer.found:
        return answer.message or NOTHING_FOUND
    blocks = []
    for number, passage in enumerate(answer.passages, 1):
        lines = [f"{number}. «{passage.quote}»"]
        if passage.speaker:
            lines.append(f"   — {speaker_label(passage)}")
        lines.append("   " + " · ".join(source_parts(passage)) + f"  [{passage.article_id}]")
        if passage.also_in:
            lines.append("   also in: " + ", ".join(passage.also_in))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def ingest_line(result: AddResult) -> str:
    """One line per input for `qawl ingest`."""
    if result.status == "added":
        note = f" ({result.reason})" if result.reason else ""
        return f"added {result.article_id}: {result.title} — {result.chunks} passages{note}"
    if result.status == "duplicate":
        return f"duplicate {result.article_id}: {result.input} — {result.reason}"
    return f"rejected: {result.input} — {result.reason}"


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
