"""Statements read from the SQLite store by who said them, as the records of index/read_side.py."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from index.article import Statement
from index.read_side import Provenance, SaidRecord
from index.store import Store
from index.store_schema import in_library

STATEMENT_FIELDS = "s.speaker, s.role, s.cue, s.start, s.end, s.polarity, s.cites, s.speaker_start, s.speaker_end"


def speakers(store: Store, scope: int | None = None) -> dict[str, int]:
    """Every speaker's name as stored (in a chat's library), with how many statements it has."""
    condition, chats = in_library("article", scope)
    return dict(store.db.execute(f"SELECT speaker, count(*) FROM statements WHERE {condition} GROUP BY speaker", chats))


def said_by(store: Store, names: Iterable[str], limit: int, scope: int | None = None) -> list[SaidRecord]:
    """Up to `limit` statements of speakers of these names (in a chat's library), newest article first."""
    names = list(dict.fromkeys(names))
    if not names:
        return []
    condition, chats = in_library("s.article", scope)
    rows = store.db.execute(
        f"SELECT a.id, {STATEMENT_FIELDS}, substr(a.text, s.start + 1, s.end - s.start),"
        " a.title, a.source, a.author, a.url, a.published, a.edited,"
        " (SELECT vector FROM sentences WHERE article = s.article AND start <= s.start ORDER BY ordinal DESC LIMIT 1)"
        " FROM statements s JOIN articles a ON a.rowid = s.article"
        f" WHERE s.speaker IN ({','.join('?' * len(names))}) AND {condition}"
        " ORDER BY a.published DESC, a.rowid DESC, s.start LIMIT ?", [*names, *chats, limit])
    return [SaidRecord(row[0], Statement(*row[1:10]), row[10], Provenance(*row[11:17]),
                       np.frombuffer(row[17], dtype=np.float16).astype(np.float32)) for row in rows]
