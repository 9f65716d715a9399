"""Answers as Telegram HTML: escaped, direction-isolated, split into messages Telegram accepts.

Telegram counts a message's length in UTF-16 code units (an emoji counts two) and rejects more
than 4096. Messages are cut between passages; a passage too long for one message has its quote
cut at a sentence (else word) boundary, each piece in its own closed blockquote. When one speaker
has several quotes in a row, the answer reads speaker by speaker: a bold heading per speaker, kept
with the first quote under it and repeated when that speaker's quotes go on in the next message.

Every piece of stored text (quotes, titles, outlets, authors, speakers) is shortened to a bounded
length where it is a label, and isolated line by line with its own direction controls balanced
inside, so that nothing it holds can reorder the text around it. Only http(s) addresses are links.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from bot.render import citing, shown_quote, source_parts, speaker_label
from index.reading import shortened
from index.store_rows import StoredArticle
from retrieval.answer import Passage

MESSAGE_LIMIT = 4096
BUDGET = 4000  # kept under the limit so that a caption or header never tips a message over
EXPANDABLE_FROM = 300  # quotes longer than this (in characters) start folded
PREVIEW_CHARS = 600
LINK_CHARS = 48
MAX_URL_CHARS = 2048  # a longer address is not made a link
LABEL_CHARS = 300  # longest title, outlet, author or speaker piece shown; longer ones end in …
LIST_TITLE_CHARS, LIST_SOURCE_CHARS = 120, 50  # in /sources, so that ten lines always fit one message
MIN_PIECE = 40  # fewest characters of a quote per piece, however little room the rest leaves
FSI, PDI, PDF = "\u2068", "\u2069", "\u202c"
ISOLATE_OPENERS = "\u2066\u2067\u2068"  # LRI RLI FSI, closed by PDI
EMBEDDING_OPENERS = "\u202a\u202b\u202d\u202e"  # LRE RLE LRO RLO, closed by PDF
SEPARATOR = "\n\n"

_SENTENCE_END = re.compile(r"[.!?؟؛…]+[\"'”’»)\]]*\s+|\n+")
_SPACE = re.compile(r"\s+")
_PARAGRAPH_END = re.compile(r"(\r\n|[\n\r\x1c-\x1e\x85\u2029])")  # direction controls end at each of these
_DIRECTION_CONTROL = re.compile(f"[{ISOLATE_OPENERS}{EMBEDDING_OPENERS}{PDI}{PDF}]")
_WEB_ADDRESS = re.compile(r"https?://[^/?#\s]+.*", re.IGNORECASE | re.DOTALL)


def utf16_len(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def isolate(text: str) -> str:
    """Each line of the text between FSI and PDI, balanced: an Arabic run and a Latin one never reorder each
    other, and no direction control inside reaches the text around it."""
    return _line_by_line(text, lambda line: f"{FSI}{_balanced_line(line)}{PDI}" if line else "")


def balanced(text: str) -> str:
    """The text with its direction controls closed within each of its lines."""
    return _line_by_line(text, _balanced_line)


def label(text: str, limit: int = LABEL_CHARS) -> str:
    """A stored piece of a label (outlet, name, role…): shortened to `limit` characters, then balanced."""
    return balanced(shortened(text.strip(), limit))


def _line_by_line(text: str, change) -> str:
    parts = _PARAGRAPH_END.split(text)
    return "".join(part if index % 2 else change(part) for index, part in enumerate(parts))


def _balanced_line(line: str) -> str:
    # Stored characters are all kept: a PDI that closes nothing gets an FSI added in front of the line, and each
    # opener left open gets its closer added at the end. A PDF that closes nothing is inert inside an isolate.
    if not _DIRECTION_CONTROL.search(line):
        return line
    still_open, isolates, unopened = [], 0, 0
    for char in line:
        if char in ISOLATE_OPENERS or char in EMBEDDING_OPENERS:
            still_open.append(char)
            isolates += char in ISOLATE_OPENERS
        elif char == PDI and isolates:
            while still_open.pop() not in ISOLATE_OPENERS:
                pass  # a PDI also closes the embeddings opened inside its isolate
            isolates -= 1
        elif char == PDI:
            unopened += 1
            still_open.clear()  # it closes the added FSI, and the embeddings opened after it
        elif char == PDF and still_open and still_open[-1] in EMBEDDING_OPENERS:
            still_open.pop()
    closers = "".join(PDI if char in ISOLATE_OPENERS else PDF for char in reversed(still_open))
    return FSI * unopened + line + closers


@dataclass(frozen=True)
class Words:
    """The interface words inside answers and articles, in the reader's language (bot/texts.py `words`): the
    mark of a denial (none by default), of an edited article, and an article's line of when it was added."""

    denied: str = ""
    edited: str = "edited {date}"
    added: str = "added {date} · {passages} passages"


@dataclass(frozen=True)
class Block:
    """A piece of an answer that is never cut, with the heading line of the speaker run it belongs to."""

    text: str
    run: int = 0
    heading: str = ""


def answer_messages(passages: list[Passage], first_number: int = 1, budget: int = BUDGET,
                    runs: list[list[Passage]] | None = None, words: Words = Words()) -> list[str]:
    """The passages as HTML messages, each within the budget, numbered from `first_number`; speaker by
    speaker when given them in `runs` of one speaker (`Answer.speaker_runs`); marks worded by `words`."""
    by_speaker = runs is not None
    runs = runs if by_speaker else [[passage] for passage in passages]
    blocks, number = [], first_number
    for run_index, run in enumerate(runs):
        heading = _heading(run[0]) if by_speaker else ""
        for passage in run:
            blocks += [Block(text, run_index, heading) for text in
                       passage_blocks(passage, number, budget - utf16_len(heading), not by_speaker, words)]
            number += 1
    return pack(blocks, budget)


def passage_blocks(passage: Passage, number: int | None, budget: int = BUDGET, with_speaker: bool = True,
                   words: Words = Words()) -> list[str]:
    """One passage: its quote in blockquotes (several if it is long), the speaker, the source line (numbered
    unless `number` is None); without the speaker line, the cue as written ("نفى:") goes before the quote
    instead; a denial's mark before both."""
    mark = f"<b>{escape(words.denied)}</b>" if passage.denied and words.denied else ""
    cue = " ".join(line for line in (mark, "" if with_speaker else _cue_line(passage)) if line)
    speaker = _speaker_line(passage) if with_speaker else ""
    tail = "\n".join(line for line in (speaker, _source_line(passage, number, words)) if line)
    pieces = split_text(shown_quote(passage), budget - utf16_len(cue) - utf16_len(tail) - len(SEPARATOR),
                        lambda piece: _blockquote(piece, folded=True))
    folded = len(pieces) > 1 or len(passage.quote) > EXPANDABLE_FROM
    blocks = [_blockquote(piece, folded) for piece in pieces]
    blocks[0] = "\n".join(line for line in (cue, blocks[0]) if line)
    blocks[-1] += "\n" + tail
    return blocks


def passage_message(passage: Passage, words: Words = Words()) -> str:
    """One passage as a message of its own (an inline result): quote, speaker, unnumbered source line. A quote
    too long for one message (search.max_quote_chars set over ~3,500) keeps only its first piece."""
    blocks = passage_blocks(passage, None, words=words)
    return blocks[0] if len(blocks) == 1 else blocks[0] + "\n" + blocks[-1].split("</blockquote>\n", 1)[1]


def _blockquote(text: str, folded: bool) -> str:
    tag = "<blockquote expandable>" if folded else "<blockquote>"
    return f"{tag}{escape(isolate(text))}</blockquote>"


def _heading(passage: Passage) -> str:
    speaker = speaker_label(passage, label)
    return f"<b>{escape(isolate(speaker))}</b>\n" if speaker else ""


def _cue_line(passage: Passage) -> str:
    if not (passage.speaker and passage.speaker.cue):
        return ""
    return f"<i>{escape(isolate(label(passage.speaker.cue) + citing(passage, label)))}:</i>"


def _speaker_line(passage: Passage) -> str:
    speaker = speaker_label(passage, label)
    return f"<i>— {escape(isolate(speaker + citing(passage, label)))}</i>" if speaker else ""


def _source_line(passage: Passage, number: int | None, words: Words) -> str:
    parts = [_shown(part) for part in source_parts(passage, words.edited) if part != passage.url]
    parts += [link(passage.url)] if is_web_address(passage.url) else []
    parts.append(f"<code>{escape(passage.article_id)}</code>")
    return (f"<b>{number}.</b> " if number is not None else "") + " · ".join(parts)


def _shown(text: str, limit: int = LABEL_CHARS) -> str:
    """A stored label as HTML: shortened, isolated, escaped."""
    return escape(isolate(label(text, limit)))


def is_web_address(url: str) -> bool:
    """Whether an address may be a link: http(s) with a host, of a bounded length, without spaces or
    invisible characters. Others (javascript:, tg:, file:, data:, ftp:…) are never links."""
    return (len(url) <= MAX_URL_CHARS and bool(_WEB_ADDRESS.fullmatch(url))
            and not any(unicodedata.category(char)[0] in "CZ" for char in url))


def link(url: str) -> str:
    """An <a href> to a web address (see is_web_address), whose text is the address without its scheme,
    shortened."""
    shown = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    shown = shown if len(shown) <= LINK_CHARS else shown[: LINK_CHARS - 1] + "…"
    return f'<a href="{escape(url)}">{escape(shown)}</a>'  # a web address holds no direction controls


def article_html(stored: StoredArticle, preview_chars: int = PREVIEW_CHARS, words: Words = Words()) -> str:
    """One stored article for /show: title, source line, id, and its first lines."""
    a = stored.article
    edited = words.edited.format(date=a.edited[:10]) if a.edited else ""
    parts = [_shown(part) for part in (a.source, a.author, a.published[:10], edited) if part]
    parts += [link(a.url)] if is_web_address(a.url) else []
    preview = a.text[:preview_chars]
    preview = preview[: preview.rfind(" ")] + " …" if len(a.text) > preview_chars and " " in preview else preview
    return "\n".join([
        f"<b>{_shown(a.title)}</b>",
        " · ".join(parts) or _shown(a.input),
        f"<code>{escape(stored.id)}</code> · "
        + escape(words.added.format(date=stored.added_at[:10], passages=stored.chunks)),
        f"<blockquote expandable>{escape(isolate(preview.strip()))}</blockquote>",
    ])


def sources_html(articles: list[StoredArticle], first_number: int) -> str:
    """A page of /sources: one numbered line per article with its id."""
    lines = []
    for number, stored in enumerate(articles, first_number):
        a = stored.article
        where = " · ".join(_shown(part, LIST_SOURCE_CHARS) for part in (a.source, a.published[:10]) if part)
        lines.append(f"{number}. <code>{escape(stored.id)}</code> {_shown(a.title, LIST_TITLE_CHARS)}"
                     + (f" — {where}" if where else ""))
    return "\n".join(lines)


def split_text(text: str, budget: int, render) -> list[str]:
    """The text in pieces whose rendering fits the budget, cut at sentence ends, else spaces.

    A budget too small for the rendering of any text at all still gets pieces of a few characters
    (the message comes out longer than planned) rather than none: an empty piece never shrinks.
    """
    budget = max(budget, utf16_len(render("")) + MIN_PIECE)
    pieces = []
    while utf16_len(render(text)) > budget:
        cut = _cut(text, budget, render)
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*pieces, text]


def _cut(text: str, budget: int, render) -> int:
    low, high = 1, len(text)  # the longest prefix that fits: text[:low] fits, text[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_len(render(text[:middle])) <= budget:
            low = middle
        else:
            high = middle - 1
    window = text[:low]
    for boundary in (_SENTENCE_END, _SPACE):
        ends = [match.end() for match in boundary.finditer(window)]
        if ends and ends[-1] > low // 2:
            return ends[-1]
    return low


def pack(blocks: list[Block], budget: int = BUDGET) -> list[str]:
    """Whole blocks joined into as few messages as fit the budget, in order; a run's heading goes with the
    block that opens the run, and again with the first block of each message the run goes on in."""
    messages: list[str] = []
    run = None
    for block in blocks:
        headed = block.heading + block.text
        following = block.text if block.run == run else headed
        if messages and utf16_len(messages[-1] + SEPARATOR + following) <= budget:
            messages[-1] += SEPARATOR + following
        else:
            messages.append(headed)
        run = block.run
    return messages


def plain_text(markup: str) -> str:
    """The same message without markup: quotes in «», links spelled out."""
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


class _PlainText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href = ""

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote":
            self.parts.append("«")
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self.parts.append("»")
        elif tag == "a":
            self.parts.append(self.href)  # the address itself, not its shortened text
            self.href = ""

    def handle_data(self, data):
        if not self.href:
            self.parts.append(data)
