"""Every way a user brings articles: a file, a folder, a zip archive or a web address.

Each input yields Articles and Rejected items, never stopping the batch on a bad one. Items
are labelled by where they came from: the path, `archive.zip:inner.json`, `file.json#3`.
Articles over the length limit are cut with a note (see index.reading).
"""
from __future__ import annotations

import io
import logging
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath

from index.article import Article, Rejected
from index.read_json import json_items, jsonl_items
from index.read_pdf import pdf_article
from index.read_text import markdown_article, text_article
from index.read_web import fetch_page, html_article
from index.reading import ReadLimits, Unreadable, checked, over_limit

__all__ = ["ReadLimits", "read", "read_document", "SUPPORTED"]

log = logging.getLogger(__name__)

SINGLE_ARTICLE: dict[str, Callable[[bytes, str], Article]] = {
    ".txt": text_article,
    ".md": markdown_article,
    ".html": html_article,
    ".htm": html_article,
    ".pdf": pdf_article,
}
MANY_ARTICLES: dict[str, Callable[[bytes, str], Iterable[Article | Rejected]]] = {
    ".json": json_items,
    ".jsonl": jsonl_items,
}
SUPPORTED = (*SINGLE_ARTICLE, *MANY_ARTICLES, ".zip")
MAX_ZIP_DEPTH = 1
ZIP_UTF8_NAMES = 0x800
ZIP_ENCRYPTED = 0x1


def read(source: str, limits: ReadLimits = ReadLimits()) -> Iterator[Article | Rejected]:
    """The articles of a file, folder or http(s) URL, each bad item as a Rejected."""
    if source.lower().startswith(("http://", "https://")):
        yield from _read_url(source, limits)
        return
    path = Path(source)
    if path.is_dir():
        for file in _files_in(path):
            yield from _read_file(file, limits)
    elif path.is_file():
        yield from _read_file(path, limits)
    else:
        yield Rejected(source, "no such file or folder")


def read_document(
    name: str, data: bytes, limits: ReadLimits = ReadLimits()
) -> Iterator[Article | Rejected]:
    """The articles of a file received as bytes (e.g. a sent document), by its name's extension."""
    yield from _read_bytes(name, data, name, limits, depth=0)


def _files_in(folder: Path) -> Iterator[Path]:
    """Every file under the folder: a folder's files by name, then its subfolders by name; no hidden ones."""
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


def _read_file(path: Path, limits: ReadLimits) -> Iterator[Article | Rejected]:
    """The articles of one file on disk, refusing oversize files before reading them."""
    label = str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            yield Rejected(label, over_limit("file", size, limits.max_file_bytes))
            return
        data = path.read_bytes()
    except OSError as error:
        yield Rejected(label, f"cannot open the file ({error.strerror})")
        return
    yield from _read_bytes(path.name, data, label, limits, depth=0)


def _read_url(url: str, limits: ReadLimits) -> Iterator[Article | Rejected]:
    """The article of a web page: HTML through the page reader, plain text as a text file."""
    try:
        page = fetch_page(url, limits)
        if page.is_html:
            article = html_article(page.body, url, page.url)
        else:
            article = replace(text_article(page.body, url), url=page.url)
    except Unreadable as error:
        yield Rejected(url, str(error))
        return
    yield checked(article, limits)


def _read_bytes(
    name: str, data: bytes, label: str, limits: ReadLimits, depth: int
) -> Iterator[Article | Rejected]:
    """The articles of one file's bytes, chosen by the extension of `name`."""
    suffix = PurePosixPath(name).suffix.lower()
    if len(data) > limits.max_file_bytes:
        yield Rejected(label, over_limit("file", len(data), limits.max_file_bytes))
    elif suffix == ".zip":
        yield from _read_zip(data, label, limits, depth)
    elif suffix not in SUPPORTED:
        kind = f"unsupported file type {suffix}" if suffix else "a file without an extension"
        yield Rejected(label, f"{kind} (supported: {', '.join(SUPPORTED)})")
    else:
        try:
            if suffix in SINGLE_ARTICLE:
                items: Iterable[Article | Rejected] = [SINGLE_ARTICLE[suffix](data, label)]
            else:
                items = MANY_ARTICLES[suffix](data, label)
            for item in items:
                yield item if isinstance(item, Rejected) else checked(item, limits)
        except Unreadable as error:
            yield Rejected(label, str(error))
        except Exception as error:  # a parser's own failure must not stop the batch
            log.exception("reading %s failed", label)
            yield Rejected(label, f"could not be read ({type(error).__name__})")


def _read_zip(data: bytes, label: str, limits: ReadLimits, depth: int) -> Iterator[Article | Rejected]:
    """The articles of every file in a zip archive, read in memory, one nested zip level at most."""
    if depth > MAX_ZIP_DEPTH:
        yield Rejected(label, "zip inside a zip inside a zip (only one level of nesting is read)")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        yield Rejected(label, "not a zip archive")
        return
    with archive:
        members = [info for info in archive.infolist() if not _skipped(info)]
        total = sum(info.file_size for info in members)
        if total > limits.max_archive_bytes:
            yield Rejected(label, over_limit("unpacked archive", total, limits.max_archive_bytes))
            return
        for info in members:
            name = _member_name(info)
            member_label = f"{label}:{name}"
            if info.flag_bits & ZIP_ENCRYPTED:
                yield Rejected(member_label, "file is password-protected")
            elif info.file_size > limits.max_file_bytes:
                yield Rejected(member_label, over_limit("file", info.file_size, limits.max_file_bytes))
            else:
                try:
                    member = archive.read(info)
                except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error) as error:
                    yield Rejected(member_label, f"cannot unpack ({error})")
                    continue
                yield from _read_bytes(name, member, member_label, limits, depth + 1)


def _skipped(info: zipfile.ZipInfo) -> bool:
    """Whether an archive entry is a folder, hidden, or macOS metadata."""
    parts = PurePosixPath(info.filename).parts
    return info.is_dir() or any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's file name, with UTF-8 names stored without the UTF-8 flag decoded right."""
    if info.flag_bits & ZIP_UTF8_NAMES:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
