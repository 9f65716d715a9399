"""The SQLite connection of a store: a damaged or foreign file reported as what to do, and transactions."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from index.errors import QawlError

UNREADABLE = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


class UnreadableStore(QawlError):
    """library.sqlite3 is not a SQLite database, or a damaged one."""


@contextmanager
def _readable(database: Path):
    """Report a file SQLite cannot read as a database as an UnreadableStore saying what to do."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF not in UNREADABLE:
            raise
        raise UnreadableStore(
            f"{database.name} in {database.parent} is not a readable SQLite database ({error}): restore it from "
            "a backup, or move it away to start a new library") from error


class _Cursor(sqlite3.Cursor):
    """A cursor whose every step reports an unreadable database as an UnreadableStore."""

    def execute(self, *args):
        with _readable(self.connection.database):
            return super().execute(*args)

    def executemany(self, *args):
        with _readable(self.connection.database):
            return super().executemany(*args)

    def executescript(self, *args):
        with _readable(self.connection.database):
            return super().executescript(*args)

    def fetchone(self):
        with _readable(self.connection.database):
            return super().fetchone()

    def fetchmany(self, *args):
        with _readable(self.connection.database):
            return super().fetchmany(*args)

    def fetchall(self):
        with _readable(self.connection.database):
            return super().fetchall()

    def __next__(self):
        with _readable(self.connection.database):
            return super().__next__()


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
