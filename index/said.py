"""Statements read from the SQLite store by who said them, as the records of index/read_side.py."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from index.article import Statement
from index.read_side import Provenance, SaidRecord
from index.store import Store

STATEMENT_FIELDS = "s.speaker, s.role, s.cue, s.start, s.end, s.polarity, s.cites, s.speaker_start, s.speaker_end"


def speakers(store: Store) -> dict[str, int]:
    """Every speaker's name as stored, with how many statements it has."""
    return dict(store.db.execute("SELECT speaker, count(*) FROM statements GROUP BY speaker"))


def said_by(store: Store, names: Iterable[str], limit: int) -> list[SaidRecord]:
    """Up to `limit` statements of speakers of these names, newest article first."""
    names = list(dict.fromkeys(names))
    if not names:
        return []
    rows = store.db.execute(
        f"SELECT a.id, {STATEMENT_FIELDS}, substr(a.text, s.start + 1, s.end - s.start),"
        " a.title, a.source, a.author, a.url, a.published, a.edited,"
        " (SELECT vector FROM sentences WHERE article = s.article AND start <= s.start ORDER BY ordinal DESC LIMIT 1)"
        " FROM statements s JOIN articles a ON a.rowid = s.article"
        f" WHERE s.speaker IN ({','.join('?' * len(names))})"
        " ORDER BY a.published DESC, a.rowid DESC, s.start LIMIT ?", [*names, limit])
    return [SaidRecord(row[0], Statement(*row[1:10]), row[10], Provenance(*row[11:17]),
                       np.frombuffer(row[17], dtype=np.float16).astype(np.float32)) for row in rows]
