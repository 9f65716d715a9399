"""Every way a user brings articles: a file, a folder, a zip archive or a web address.

Each input yields Articles and Rejected items, never stopping the batch on a bad one. Items
are labelled by where they came from: the path, `archive.zip:inner.json`, `file.json#3`.
Articles over the length limit are cut with a note (see index.reading).
"""
from __future__ import annotations

import io
import logging
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from index.article import Article, Rejected
from index.read_json import json_items, jsonl_items
from index.read_pdf import pdf_article
from index.read_text import markdown_article, text_article
from index.read_web import fetch_page, html_article
from index.reading import ReadLimits, Unreadable, checked, human_size, over_limit, shortened_name

__all__ = ["ReadLimits", "read", "read_document", "SUPPORTED"]

log = logging.getLogger(__name__)

SINGLE_ARTICLE: dict[str, Callable[[bytes, str, ReadLimits], Article]] = {
    ".txt": text_article,
    ".md": markdown_article,
    ".html": html_article,
    ".htm": html_article,
    ".pdf": pdf_article,
}
MANY_ARTICLES: dict[str, Callable[[bytes, str, ReadLimits], Iterable[Article | Rejected]]] = {
    ".json": json_items,
    ".jsonl": jsonl_items,
}
SUPPORTED = (*SINGLE_ARTICLE, *MANY_ARTICLES, ".zip")
MAX_ZIP_DEPTH = 1
ZIP_UTF8_NAMES = 0x800
ZIP_ENCRYPTED = 0x1
READ_CHUNK = 2**20


@dataclass
class Unpacking:
    """What one input may still unpack, across all the archives nested in it."""

    bytes_left: int
    files_left: int


class UnpackingStopped(Exception):
    """The input unpacked to more than its limit; the message says so, for the user."""


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
        yield Rejected(shortened_name(source), "no such file or folder")


def read_document(
    name: str, data: bytes, limits: ReadLimits = ReadLimits()
) -> Iterator[Article | Rejected]:
    """The articles of a file received as bytes (e.g. a sent document), by its name's extension."""
    yield from _read_input(name, data, shortened_name(name), limits)


def _files_in(folder: Path) -> Iterator[Path]:
    """Every file under the folder: a folder's files by name, then its subfolders by name; no hidden ones."""
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


def _read_file(path: Path, limits: ReadLimits) -> Iterator[Article | Rejected]:
    """The articles of one regular file on disk, never reading more than the size limit."""
    label = shortened_name(str(path))
    try:
        with open(path, "rb", opener=_open_without_waiting) as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                yield Rejected(label, "not a regular file")
                return
            data = file.read(limits.max_file_bytes + 1)
            size = max(len(data), os.fstat(file.fileno()).st_size)
    except OSError as error:
        yield Rejected(label, f"cannot open the file ({error.strerror})")
        return
    if size > limits.max_file_bytes:
        yield Rejected(label, over_limit("file", size, limits.max_file_bytes))
        return
    yield from _read_input(path.name, data, label, limits)


def _open_without_waiting(path: str, flags: int) -> int:
    """Open for reading without blocking on a named pipe or device that has no writer."""
    return os.open(path, flags | os.O_NONBLOCK)


def _read_url(url: str, limits: ReadLimits) -> Iterator[Article | Rejected]:
    """The article of a web page: HTML through the page reader, plain text as a text file."""
    label = shortened_name(url)
    try:
        page = fetch_page(url, limits)
        if page.is_html:
            article = html_article(page.body, label, limits, page.url)
        else:
            article = replace(text_article(page.body, label, limits), url=page.url)
    except Unreadable as error:
        yield Rejected(label, str(error))
        return
    yield checked(article, limits)


def _read_input(name: str, data: bytes, label: str, limits: ReadLimits) -> Iterator[Article | Rejected]:
    """The articles of one input's bytes, all its nested archives sharing one unpacking limit."""
    unpacking = Unpacking(limits.max_archive_bytes, limits.max_archive_files)
    try:
        yield from _read_bytes(name, data, label, limits, 0, unpacking)
    except UnpackingStopped as stop:
        yield Rejected(label, str(stop))


def _read_bytes(
    name: str, data: bytes, label: str, limits: ReadLimits, depth: int, unpacking: Unpacking
) -> Iterator[Article | Rejected]:
    """The articles of one file's bytes, chosen by the extension of `name`."""
    suffix = PurePosixPath(name).suffix.lower()
    if len(data) > limits.max_file_bytes:
        yield Rejected(label, over_limit("file", len(data), limits.max_file_bytes))
    elif suffix == ".zip":
        yield from _read_zip(data, label, limits, depth, unpacking)
    elif suffix not in SUPPORTED:
        kind = f"unsupported file type {shortened_name(suffix)}" if suffix else "a file without an extension"
        yield Rejected(label, f"{kind} (supported: {', '.join(SUPPORTED)})")
    else:
        try:
            if suffix in SINGLE_ARTICLE:
                items: Iterable[Article | Rejected] = [SINGLE_ARTICLE[suffix](data, label, limits)]
            else:
                items = MANY_ARTICLES[suffix](data, label, limits)
            for number, item in enumerate(items, start=1):
                if number > limits.max_file_items:
                    yield Rejected(label, f"file holds more than {limits.max_file_items:,} articles; "
                                          "the rest were not read")
                    break
                yield item if isinstance(item, Rejected) else checked(item, limits)
        except Unreadable as error:
            yield Rejected(label, str(error))
        except Exception as error:  # a parser's own failure must not stop the batch
            log.exception("reading %s failed", label)
            yield Rejected(label, f"could not be read ({type(error).__name__})")


def _read_zip(
    data: bytes, label: str, limits: ReadLimits, depth: int, unpacking: Unpacking
) -> Iterator[Article | Rejected]:
    """The articles of every file in a zip archive, read in memory, one nested zip level at most.

    The files and unpacked bytes of every level count against the input's one `unpacking`
    limit: the sizes the archive declares are checked before anything is unpacked, and the
    bytes actually unpacked are counted as they come, since declared sizes can lie.
    """
    if depth > MAX_ZIP_DEPTH:
        yield Rejected(label, "zip inside a zip inside a zip (only one level of nesting is read)")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        yield Rejected(label, "not a zip archive")
        return
    with archive:
        members = [info for info in archive.infolist() if not _skipped(info)]
        files = limits.max_archive_files - unpacking.files_left + len(members)
        if files > limits.max_archive_files:
            yield Rejected(label, f"archive holds {files:,} files in all, over the {limits.max_archive_files:,} limit")
            return
        unpacked = limits.max_archive_bytes - unpacking.bytes_left + sum(info.file_size for info in members)
        if unpacked > limits.max_archive_bytes:
            yield Rejected(label, over_limit("unpacked archive", unpacked, limits.max_archive_bytes))
            return
        unpacking.files_left -= len(members)
        for info in members:
            name = shortened_name(_member_name(info))
            member_label = f"{label}:{name}"
            if info.flag_bits & ZIP_ENCRYPTED:
                yield Rejected(member_label, "file is password-protected")
            elif info.file_size > limits.max_file_bytes:
                yield Rejected(member_label, over_limit("file", info.file_size, limits.max_file_bytes))
            else:
                try:
                    member = _unpacked(archive, info, limits, unpacking)
                except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error) as error:
                    yield Rejected(member_label, f"cannot unpack ({error})")
                    continue
                if member is None:
                    yield Rejected(member_label, f"unpacks to more than the {human_size(limits.max_file_bytes)} "
                                                 f"file limit (it declares {human_size(info.file_size)})")
                    continue
                yield from _read_bytes(name, member, member_label, limits, depth + 1, unpacking)


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ReadLimits,
              unpacking: Unpacking) -> bytes | None:
    """A member's bytes, or None when it unpacks to more than the file limit.

    Raises UnpackingStopped when the input as a whole would unpack more than its limit.
    """
    cap = min(limits.max_file_bytes, unpacking.bytes_left)
    data = bytearray()
    with archive.open(info) as stream:
        while len(data) <= cap and (chunk := stream.read(min(READ_CHUNK, cap + 1 - len(data)))):
            data += chunk
    unpacking.bytes_left -= min(len(data), cap)
    if len(data) <= cap:
        return bytes(data)
    if cap < limits.max_file_bytes:
        raise UnpackingStopped(f"unpacking stopped at the {human_size(limits.max_archive_bytes)} limit for one "
                               "input; the files after that point were not read")
    return None


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
