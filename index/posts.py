"""Telegram posts as plain data, and the article a post (or an album of posts) makes.

The text is kept as posted. Links hidden behind words (`text_link` entities) are recorded
in the article's notes, not appended to the text, so a bare link never becomes a passage.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from index.article import Article, Rejected
from index.reading import ReadLimits, checked, link_note

ORIGIN_KINDS = {"channel", "user", "hidden_user", "chat"}


@dataclass
class Post:
    """One Telegram message as plain data; entity offsets and lengths are in UTF-16 code units.

    `origin_*` describe where a forwarded post comes from (`origin_kind` is "channel", "user",
    "hidden_user", "chat", or "" when not forwarded; a followed channel's own post is of "channel" too); `date` is
    the original post's ISO date. `chat_id` and `message_id` say where the bot received it.
    """

    text: str
    entities: list[tuple[str, int, int, str]] = field(default_factory=list)
    origin_kind: str = ""
    origin_title: str = ""
    origin_username: str = ""
    origin_message_id: int | None = None
    date: str = ""
    signature: str = ""
    sender: str = ""
    chat_id: int | None = None
    message_id: int | None = None


def article_from_post(posts: list[Post]) -> Article | Rejected:
    """One article from a post, or from the posts of an album joined in order."""
    first = posts[0] if posts else Post(text="")
    url = post_url(first)
    source = first.origin_title if first.origin_kind in ORIGIN_KINDS else first.sender
    label = url or f"telegram post from {source or 'an unknown sender'}"
    text = "\n\n".join(post.text.strip() for post in posts if post.text.strip())
    if not text:
        return Rejected(label, "the post has no text to index")
    return checked(
        Article(
            text=text,
            source=source,
            author=first.signature,
            url=url,
            published=first.date,
            input=label,
            notes=[link_note(anchor, link) for post in posts for anchor, link in _hidden_links(post)],
        ),
        ReadLimits(),
    )


def recorded(posts: list[Post]) -> list[tuple[int, int, str]]:
    """The posts as an article keeps them (index/article.py `posts`): where each was received, and its JSON."""
    return [(post.chat_id, post.message_id, json.dumps(asdict(post), ensure_ascii=False)) for post in posts]


def from_json(text: str) -> Post:
    """A post kept by `recorded`."""
    fields = json.loads(text)
    fields["entities"] = [tuple(entity) for entity in fields["entities"]]
    return Post(**fields)


def post_url(post: Post) -> str:
    """The public link of a post forwarded from a channel with a username, else ""."""
    if post.origin_kind == "channel" and post.origin_username and post.origin_message_id is not None:
        return f"https://t.me/{post.origin_username.removeprefix('@')}/{post.origin_message_id}"
    return ""


def _hidden_links(post: Post) -> list[tuple[str, str]]:
    """The (anchor text, url) of each text link of the post."""
    utf16 = post.text.encode("utf-16-le")
    return [
        (utf16[2 * offset : 2 * (offset + length)].decode("utf-16-le", errors="replace"), url)
        for kind, offset, length, url in post.entities
        if kind == "text_link" and url
    ]
