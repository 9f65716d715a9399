"""What adding articles reports: one input's outcome (the per-article line of `qawl ingest --json`) and the
running totals of an ingest."""
from __future__ import annotations

from dataclasses import dataclass

from index.store_rows import StoredArticle


@dataclass
class AddResult:
    """What happened to one input: the per-article line of `qawl ingest --json`."""

    input: str
    status: str
    article_id: str | None = None
    reason: str | None = None
    chunks: int = 0
    title: str = ""
    existing: StoredArticle | None = None

    def to_json(self) -> dict:
        return {"input": self.input, "article_id": self.article_id, "status": self.status,
                "reason": self.reason, "chunks": self.chunks}


@dataclass
class Progress:
    """Running totals of an ingest, for progress lines."""

    articles: int = 0
    added: int = 0
    duplicates: int = 0
    rejected: int = 0
    passages: int = 0
    embed_seconds: float = 0.0
    texts_embedded: int = 0
    started: float = 0.0
