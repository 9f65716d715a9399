"""The channels whose new posts are added to the library, kept in the store so that a restart keeps following."""
from __future__ import annotations

from datetime import datetime, timezone

from index.store import Store


def follow(store: Store, chat: int, title: str, username: str) -> bool:
    """Follow a channel (its title and @username as they were then); False when it was followed already."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    cursor = store.db.execute("INSERT OR IGNORE INTO followed (chat, title, username, since) VALUES (?, ?, ?, ?)",
                              (chat, title, username, now))
    return cursor.rowcount == 1


def unfollow(store: Store, chat: int) -> bool:
    """Stop following a channel; False when it was not followed."""
    return store.db.execute("DELETE FROM followed WHERE chat = ?", (chat,)).rowcount == 1


def is_followed(store: Store, chat: int) -> bool:
    return store.db.execute("SELECT 1 FROM followed WHERE chat = ?", (chat,)).fetchone() is not None
