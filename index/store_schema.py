"""The tables of the SQLite store (index/store.py), the columns added since the first stores, its
bookkeeping rows, and the condition that keeps a chat's library apart."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    text_hash TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, source TEXT NOT NULL, author TEXT NOT NULL, url TEXT NOT NULL,
    published TEXT NOT NULL, input TEXT NOT NULL, added_by TEXT NOT NULL, added_at TEXT NOT NULL,
    notes TEXT NOT NULL, text TEXT NOT NULL,
    copy_of INTEGER REFERENCES articles(rowid) ON DELETE SET NULL,
    signature BLOB NOT NULL,
    edited TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_copy_of ON articles(copy_of);
CREATE TABLE IF NOT EXISTS signature_bands (
    band INTEGER NOT NULL, article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS signature_bands_band ON signature_bands(band);
CREATE INDEX IF NOT EXISTS signature_bands_article ON signature_bands(article);
CREATE TABLE IF NOT EXISTS sentences (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (article, ordinal)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    first_sentence INTEGER NOT NULL, last_sentence INTEGER NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_names USING fts5(skeletons, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS statements (
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    speaker TEXT NOT NULL, role TEXT NOT NULL, cue TEXT NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, polarity TEXT NOT NULL, cites TEXT NOT NULL,
    speaker_start INTEGER NOT NULL, speaker_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_article ON statements(article);
CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker);
CREATE TABLE IF NOT EXISTS posts (
    chat INTEGER NOT NULL, message_id INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    post TEXT NOT NULL,
    PRIMARY KEY (chat, message_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS posts_article ON posts(article);
CREATE TABLE IF NOT EXISTS article_scopes (
    chat INTEGER NOT NULL, article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    PRIMARY KEY (chat, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_scopes_article ON article_scopes(article);
CREATE TABLE IF NOT EXISTS followed (
    chat INTEGER PRIMARY KEY, title TEXT NOT NULL, username TEXT NOT NULL, since TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunk_changes (generation INTEGER NOT NULL, chunk INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS chunk_changes_generation ON chunk_changes(generation);
"""
# Columns added since the first stores were made: (table, column, definition), added to a store without them.
COLUMNS = [("articles", "edited", "TEXT NOT NULL DEFAULT ''")]
# The store's identity, its change counter, and the highest chunk id it ever gave (a store from before these
# were kept counts from its highest chunk now); articles stored before libraries were kept apart are everyone's.
BOOKKEEPING = """
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO article_scopes (chat, article)
    SELECT 0, rowid FROM articles WHERE rowid NOT IN (SELECT article FROM article_scopes);
INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', lower(hex(randomblob(16))));
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');
INSERT OR IGNORE INTO meta (key, value) SELECT 'last_chunk', coalesce(max(id), 0) FROM chunks;
COMMIT;
"""

EVERYONES = 0  # the scope of an article in every chat's library (no chat has id 0)
# The articles of one chat's library: those added in it, everyone's, and the originals of its near-copies (a
# near-copy is not indexed: its original's passages answer for it). Formatted with the column holding article
# rowids; its parameters are the chat twice.
_IN_LIBRARY = ("{column} IN (SELECT article FROM article_scopes WHERE chat IN (0, ?) UNION"
               " SELECT copy.copy_of FROM articles copy JOIN article_scopes held ON held.article = copy.rowid"
               " WHERE held.chat IN (0, ?) AND copy.copy_of IS NOT NULL)")


def in_library(column: str, scope: int | None) -> tuple[str, tuple]:
    """An SQL condition (and its parameters) that the article rowids in `column` are in the library of the chat
    `scope`; true of every article for None."""
    return ("1", ()) if scope is None else (_IN_LIBRARY.format(column=column), (scope, scope))
