"""JSON and JSON Lines: article objects, lists of them, SQuAD datasets, Telegram Desktop exports.

An item inside a file is labelled `file.json#N`, N counting from 1 (the line number in a
.jsonl; the message's position in a Telegram export). An article object's own "id" is not
used: the store makes its own ids. A Telegram Desktop export does not name the channel's
public username, so its posts get a https://t.me/<username>/<id> link only when the export
carries a top-level "username"; otherwise their url stays empty.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import PurePath

from index.article import Article, Rejected
from index.read_text import decode_text
from index.reading import ReadLimits, Unreadable, link_note

TEXT_FIELDS = ("text", "content")
DATE_FIELDS = ("published", "date", "date_extracted")
NOT_ARTICLES = "JSON holds no article, list of articles, SQuAD dataset or Telegram export"


def json_items(data: bytes, label: str, limits: ReadLimits) -> Iterator[Article | Rejected]:
    """Every article of a .json file, whatever of the accepted shapes it has (`limits` apply when checked)."""
    document = _parse(decode_text(data))
    if isinstance(document, list):
        for number, item in enumerate(document, start=1):
            yield _article_or_rejected(item, f"{label}#{number}")
    elif isinstance(document, dict) and _is_squad(document):
        yield from _squad_articles(document, label)
    elif isinstance(document, dict) and isinstance(document.get("messages"), list):
        yield from _telegram_export_articles(document, label)
    elif isinstance(document, dict):
        yield _article(document, label)
    else:
        raise Unreadable(NOT_ARTICLES)


def jsonl_items(data: bytes, label: str, limits: ReadLimits) -> Iterator[Article | Rejected]:
    """One article per non-blank line of a .jsonl file; a bad line is rejected alone."""
    for number, line in enumerate(decode_text(data).split("\n"), start=1):
        if line.strip():
            yield _article_or_rejected(line, f"{label}#{number}", parse=True)


def _parse(text: str) -> object:
    """The JSON document, or Unreadable naming where it is malformed or nested too deeply to read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(f"malformed JSON: line {error.lineno} column {error.colno}") from None
    except RecursionError:
        raise Unreadable("JSON nested too deeply") from None


def _article_or_rejected(item: object, label: str, parse: bool = False) -> Article | Rejected:
    """One article object (parsed first when `parse`), or why it is not one."""
    try:
        return _article(_parse(item) if parse else item, label)
    except Unreadable as error:
        return Rejected(label, str(error))


def _article(item: object, label: str) -> Article:
    """An article from an object with "text" (or "content") and optional metadata."""
    if not isinstance(item, dict):
        raise Unreadable("not an article object (expected {\"text\": ...})")
    text = _field(item, *TEXT_FIELDS)
    if not text and not any(name in item for name in TEXT_FIELDS):
        raise Unreadable('no "text" or "content" field')
    return Article(
        text=text,
        title=_field(item, "title"),
        source=_field(item, "source"),
        author=_field(item, "author"),
        url=_field(item, "url"),
        published=_field(item, *DATE_FIELDS),
        input=label,
    )


def _field(item: dict, *names: str) -> str:
    """The first of the named fields that holds a string or number, as a string."""
    for name in names:
        value = item.get(name)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
    return ""


def _is_squad(document: dict) -> bool:
    """Whether the document is a SQuAD-format dataset."""
    data = document.get("data")
    return isinstance(data, list) and all(
        isinstance(entry, dict) and isinstance(entry.get("paragraphs"), list) for entry in data
    )


def _squad_articles(document: dict, label: str) -> Iterator[Article | Rejected]:
    """Each paragraph of a SQuAD dataset as an article titled by its Wikipedia article."""
    source = PurePath(label.split(":")[-1]).stem
    number = 0
    for entry in document["data"]:
        for paragraph in entry["paragraphs"]:
            number += 1
            context = paragraph.get("context") if isinstance(paragraph, dict) else None
            if not isinstance(context, str):
                yield Rejected(f"{label}#{number}", 'paragraph without a "context" text')
                continue
            title = _field(entry, "title").replace("_", " ")
            yield Article(text=context, title=title, source=source, input=f"{label}#{number}")


def _telegram_export_articles(export: dict, label: str) -> Iterator[Article | Rejected]:
    """Each message with text of a Telegram Desktop chat export; service messages are skipped."""
    channel = _field(export, "name")
    username = _field(export, "username").removeprefix("@")
    for number, message in enumerate(export["messages"], start=1):
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            continue
        text, links = _export_text(message.get("text", ""))
        if not text.strip():
            yield Rejected(f"{label}#{number}", "the post has no text to index")
            continue
        sender = _field(message, "from")
        message_id = _field(message, "id")
        yield Article(
            text=text,
            source=channel,
            author=_field(message, "author", "signature") or (sender if sender != channel else ""),
            url=f"https://t.me/{username}/{message_id}" if username and message_id else "",
            published=_field(message, "date"),
            input=f"{label}#{number}",
            notes=[link_note(anchor, href) for anchor, href in links],
        )


def _export_text(text: object) -> tuple[str, list[tuple[str, str]]]:
    """A message's text, given as a string or as pieces, and its (anchor, url) hidden links."""
    if isinstance(text, str):
        return text, []
    pieces: list[str] = []
    links: list[tuple[str, str]] = []
    for piece in text if isinstance(text, list) else []:
        if isinstance(piece, str):
            pieces.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            pieces.append(piece["text"])
            if piece.get("type") == "text_link" and isinstance(piece.get("href"), str):
                links.append((piece["text"], piece["href"]))
    return "".join(pieces), links
