"""The SQLite connection of a store: a damaged or foreign file reported as what to do, and transactions."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from index.errors import QawlError

UNREADABLE = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


class UnreadableStore(QawlError):
    """library.sqlite3 is not a SQLite database, or a damaged one."""


def _unreadable(database: Path, error: sqlite3.DatabaseError) -> Exception:
    """A file SQLite cannot read as a database, as an UnreadableStore saying what to do; any other error as it is."""
    if getattr(error, "sqlite_errorcode", 0) & 0xFF not in UNREADABLE:
        return error
    return UnreadableStore(
        f"{database.name} in {database.parent} is not a readable SQLite database ({error}): restore it from "
        "a backup, or move it away to start a new library")


class _Cursor(sqlite3.Cursor):
    """A cursor whose every step reports an unreadable database as an UnreadableStore."""


def _reporting(step):
    def guarded(cursor, *args):
        try:
            return step(cursor, *args)
        except sqlite3.DatabaseError as error:
            reported = _unreadable(cursor.connection.database, error)
            if reported is error:
                raise
            raise reported from error
    return guarded


for _step in ("execute", "executemany", "executescript", "fetchone", "fetchmany", "fetchall", "__next__"):
    setattr(_Cursor, _step, _reporting(getattr(sqlite3.Cursor, _step)))


class Connection(sqlite3.Connection):
    """A connection whose statements run on _Cursor."""

    database: Path

    def cursor(self, factory=_Cursor):
        return super().cursor(factory)

    def execute(self, *args):
        return self.cursor().execute(*args)

    def executemany(self, *args):
        return self.cursor().executemany(*args)

    def executescript(self, *args):
        return self.cursor().executescript(*args)


class Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback):
        self.db.execute("ROLLBACK" if kind else "COMMIT")
        return False
