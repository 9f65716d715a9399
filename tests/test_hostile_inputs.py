"""Inputs made to tie up the reader: zip bombs, heavy PDFs, huge HTML, pipes and floods of items.

Each must be rejected, or read as far as its limits allow with a note, in bounded time.
"""
from __future__ import annotations

import io
import os
import struct
import threading
import time

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from bench.hostile_files import SAID, nested_bomb, shared_stream_pdf, zip_of
from index.article import Article, Rejected
from index.readers import ReadLimits, read, read_document
from index.reading import NAME_CHARS


def finished_within(seconds: float, work) -> list:
    """The items `work` gives, asserting it finished within a generous bound."""
    started = time.monotonic()
    items = list(work())
    assert time.monotonic() - started < seconds
    return items


def test_a_zip_of_eighteen_thousand_inner_zips_is_refused_at_once():
    bomb = nested_bomb(18_000, 2**20)
    assert len(bomb) < 10 * 2**20
    items = finished_within(30, lambda: read_document("bomb.zip", bomb))
    assert items == [Rejected("bomb.zip", "archive holds 18,000 files in all, over the 10,000 limit")]


@pytest.mark.slow
def test_a_zip_bomb_under_the_file_count_stops_at_the_unpacked_limit_for_the_whole_input():
    # 9,000 inner zips of 4 MB each: each level alone is under the 500 MB limit.
    items = finished_within(60, lambda: read_document("bomb.zip", nested_bomb(9_000, 4 * 2**20)))
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == 500 // 4 - 1  # the inner zips count against the limit too
    assert items[-1] == Rejected("bomb.zip", "unpacking stopped at the 500 MB limit for one input; "
                                             "the files after that point were not read")


def test_files_and_bytes_of_nested_zips_count_against_one_limit_for_the_input():
    inner = zip_of({f"{number}.txt": SAID * 10 for number in range(4)})
    archive = zip_of({"a.zip": inner, "b.zip": inner, "c.zip": inner})
    by_files = list(read_document("batch.zip", archive, ReadLimits(max_archive_files=10)))
    assert [item.input for item in by_files if isinstance(item, Article)] == [
        f"batch.zip:a.zip:{number}.txt" for number in range(4)]
    assert by_files[4:] == [
        Rejected(f"batch.zip:{name}.zip", "archive holds 11 files in all, over the 10 limit") for name in "bc"]

    limit = 2 * len(inner) + 4 * len(SAID * 10) + 10  # a.zip and its texts, then b.zip
    by_bytes = list(read_document("batch.zip", archive, ReadLimits(max_archive_bytes=limit)))
    assert sum(isinstance(item, Article) for item in by_bytes) == 4
    assert by_bytes[-1].input == "batch.zip" and "unpacking stopped" in by_bytes[-1].reason


def test_a_zip_member_that_unpacks_to_more_than_it_declares_is_cut_off_and_rejected():
    archive = bytearray(zip_of({"small.txt": SAID * 10_000, "ok.txt": SAID}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local and central headers
        at = archive.find(signature) + offset
        archive[at:at + 4] = struct.pack("<I", 100)
    items = list(read_document("liar.zip", bytes(archive)))
    assert isinstance(items[0], Rejected) and items[0].input == "liar.zip:small.txt"
    assert items[0].reason.startswith("cannot unpack")
    assert isinstance(items[1], Article) and items[1].text == SAID.decode().strip()


def test_very_long_file_names_are_shortened_in_every_label():
    long_name = "تقرير-" * 2000 + ".txt"
    items = list(read_document("a" * 5000 + ".zip", zip_of({long_name: SAID, "x" * 5000 + ".exe": b"MZ"})))
    assert len(items) == 2
    for item in items:
        top, member = item.input.split(".zip:")
        assert len(top) < NAME_CHARS and len(member) <= NAME_CHARS + 1
    assert items[0].input.endswith("تقرير-.txt") and isinstance(items[0], Article)
    assert len(items[1].reason) < 200


def test_a_small_pdf_whose_pages_share_one_huge_stream_stops_at_the_article_length():
    pdf = shared_stream_pdf(50, b"BT /F1 12 Tf 72 700 Td (Haftar met Sisi in Cairo on Sunday) Tj ET\n")
    assert len(pdf) < 20_000
    [article] = finished_within(30, lambda: read_document("report.pdf", pdf))
    assert article.text.startswith("Haftar met Sisi in Cairo on Sunday")
    assert len(article.text) <= ReadLimits().max_article_chars
    assert article.notes[-1].startswith("text cut to its first")


def test_a_pdf_whose_drawing_gives_no_text_is_given_up_at_its_time_limit():
    pdf = shared_stream_pdf(50, b"BT /F1 12 Tf () Tj ET\n", stream_bytes=2**19)
    [rejected] = finished_within(20, lambda: read_document("blank.pdf", pdf, ReadLimits(max_pdf_seconds=2)))
    assert rejected.input == "blank.pdf"
    assert rejected.reason.startswith("PDF gave no text (reading stopped at page ")
    assert rejected.reason.endswith(" of 50: the PDF takes over 2 s to read)")


def test_only_the_first_pages_of_a_long_pdf_are_read_with_a_note():
    writer = PdfWriter()
    for number in range(5):
        page = writer.add_blank_page(width=612, height=792)
        page.replace_contents(DecodedStreamObject())
        page[NameObject("/Contents")].get_object().set_data(
            f"BT /F1 12 Tf 72 700 Td (Page {number + 1} of the report) Tj ET".encode())
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({
            NameObject("/F1"): DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                 NameObject("/Subtype"): NameObject("/Type1"),
                                                 NameObject("/BaseFont"): NameObject("/Helvetica")})})})
    buffer = io.BytesIO()
    writer.write(buffer)
    [article] = read_document("report.pdf", buffer.getvalue(), ReadLimits(max_pdf_pages=2))
    assert article.text == "Page 1 of the report\n\nPage 2 of the report"
    assert article.notes == ["only the first 2 of 5 pages were read"]


@pytest.mark.slow
def test_a_huge_html_page_is_read_from_its_start_in_bounded_time():
    links = '<a href="/news">خبر عاجل</a> ' * 200_000
    page = f"<html><head><title>الأخبار</title></head><body><p>{links}</p></body></html>".encode()
    assert len(page) > 6 * 2**20
    [article] = finished_within(30, lambda: read_document("page.html", page))
    assert article.text.startswith("خبر عاجل")
    assert article.notes[0].startswith("only the first ") and "of the 6.9 MB page were read" in article.notes[0]


def test_a_deeply_nested_html_page_is_bounded():
    page = ("<html><body>" + "<div>" * 100_000 + "<p>" + SAID.decode() * 10 + "</p>"
            + "</div>" * 100_000 + "</body></html>").encode()
    items = finished_within(30, lambda: read_document("deep.html", page))
    assert len(items) == 1 and items[0].input == "deep.html"


def test_binary_junk_and_one_huge_line_named_txt_are_handled_in_bounded_time():
    junk = os.urandom(5 * 2**20).replace(b"\x00", b"\x01")
    [rejected] = finished_within(30, lambda: read_document("junk.txt", junk))
    assert isinstance(rejected, Rejected)
    line = SAID.rstrip() * (19 * 2**20 // len(SAID))
    [article] = finished_within(30, lambda: read_document("line.txt", line))
    assert len(article.text) <= ReadLimits().max_article_chars and article.notes


def test_a_file_of_too_many_items_is_read_up_to_the_item_limit():
    lines = b"\n".join(b'{"text": "item %d of the flood"}' % number for number in range(10))
    items = list(read_document("flood.jsonl", lines, ReadLimits(max_file_items=4)))
    assert [item.input for item in items] == [f"flood.jsonl#{number}" for number in range(1, 5)] + ["flood.jsonl"]
    assert items[-1].reason == "file holds more than 4 articles; the rest were not read"


def test_a_named_pipe_in_a_folder_is_rejected_not_waited_on(tmp_path):
    (tmp_path / "a.txt").write_bytes(SAID)
    os.mkfifo(tmp_path / "b.txt")
    (tmp_path / "c.txt").symlink_to("/dev/zero")
    items: list = []
    reader = threading.Thread(target=lambda: items.extend(read(str(tmp_path))), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "reading the folder hung on a pipe or device"
    assert [(item.input, getattr(item, "reason", "")) for item in items] == [
        (str(tmp_path / "a.txt"), ""),
        (str(tmp_path / "b.txt"), "not a regular file"),
        (str(tmp_path / "c.txt"), "not a regular file"),
    ]
