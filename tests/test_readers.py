"""Reading files, folders and zip archives into articles, on real corpora and made-up files."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from conftest import shared_file, zip_of
from pypdf import PdfWriter

from index.article import Article, Rejected
from index.read_text import arabic_share
from index.readers import ReadLimits, read, read_document
from index.reading import title_from

SUPPORTED = "(supported: .txt, .md, .html, .htm, .pdf, .json, .jsonl, .zip)"
ARABIC = "قال المتحدث باسم الجيش إن القوات تتقدم نحو طرابلس.\nوأضاف أن الوضع تحت السيطرة."


def read_all(source: Path | str, limits: ReadLimits = ReadLimits()) -> list[Article | Rejected]:
    """Everything read from a source."""
    return list(read(str(source), limits))


def only_article(source: Path | str, limits: ReadLimits = ReadLimits()) -> Article:
    """The single article a source must make."""
    [item] = read_all(source, limits)
    assert isinstance(item, Article), item
    return item


def only_rejection(source: Path | str, limits: ReadLimits = ReadLimits()) -> str:
    """The reason the single item a source makes was rejected."""
    [item] = read_all(source, limits)
    assert isinstance(item, Rejected), item
    assert item.input == str(source)
    return item.reason


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose text layer says `text` (Latin letters, Helvetica)."""
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)



def test_the_seed_article_reads_as_written_titled_by_its_first_line():
    path = shared_file("seed/al-arab-tripoli-haftar.txt")
    article = only_article(path)
    assert article.text == path.read_text(encoding="utf-8").strip()
    assert article.title == "في معركة طرابلس.."
    assert "1800 ضابط وعسكري إيطالي" in article.text
    assert article.input == str(path)


def test_every_windows_1256_newspaper_file_reads_as_clean_arabic():
    folder = shared_file("arabic-newspapers")
    items = read_all(folder)
    articles = [item for item in items if isinstance(item, Article)]
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert len(items) == 2910
    assert [item.input for item in items] == sorted(item.input for item in items)
    for article in articles:
        assert "\ufffd" not in article.text and "\r" not in article.text, article.input
        assert "Ø" not in article.text and "Ù" not in article.text, article.input
        assert arabic_share(article.text) > 0.5, article.input
        assert article.title and article.text.startswith(article.title.removesuffix("…"))
    assert arabic_share("".join(article.text for article in articles)) >= 0.95
    # 22 files of one newspaper lost their Arabic letters to '?' before they were published.
    assert len(rejected) == 22
    assert all("/سياسيه/DZP" in item.input and "lost" in item.reason for item in rejected)


def test_common_encodings_and_line_ends_read_as_the_same_text(tmp_path):
    as_crlf = ARABIC.replace("\n", "\r\n")
    variants = {
        "utf8.txt": ARABIC.encode("utf-8"),
        "utf8-bom.txt": ARABIC.encode("utf-8-sig"),
        "utf16.txt": ARABIC.encode("utf-16"),
        "utf16-be.txt": b"\xfe\xff" + as_crlf.encode("utf-16-be"),
        "cp1256-crlf.txt": as_crlf.encode("cp1256"),
        "old-mac.txt": ARABIC.replace("\n", "\r").encode("cp1256"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        article = only_article(tmp_path / name)
        assert article.text == ARABIC, name
        assert article.title == "قال المتحدث باسم الجيش إن القوات تتقدم نحو طرابلس.", name


def test_a_latin_text_in_an_old_western_code_page_is_not_taken_for_arabic(tmp_path):
    text = "Le général a déclaré à la presse que l'armée avançait vers la capitale. " * 5
    (tmp_path / "note.txt").write_bytes(text.encode("cp1252"))
    assert only_article(tmp_path / "note.txt").text == text.strip()


def test_a_utf8_file_cut_in_the_middle_of_a_letter_still_reads_as_utf8(tmp_path):
    data = (ARABIC * 20).encode("utf-8")[:-2]  # the final "." and half of the last letter
    (tmp_path / "cut.txt").write_bytes(data)
    text = only_article(tmp_path / "cut.txt").text
    assert text.startswith(ARABIC) and text.endswith("\ufffd")


def test_files_that_are_not_text_are_rejected_with_the_reason(tmp_path):
    cases = {
        "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        "setup.exe": (b"MZ\x90\x00", f"unsupported file type .exe {SUPPORTED}"),
        "README": (b"hello", f"a file without an extension {SUPPORTED}"),
        "empty.txt": (b"", "empty text"),
        "blank.md": (b" \r\n\t\n", "empty text"),
        "numbers.txt": ("١٢٣ 456 — 7.8 %".encode(), "no letters in text"),
    }
    for name, (data, reason) in cases.items():
        (tmp_path / name).write_bytes(data)
        assert only_rejection(tmp_path / name) == reason, name


def test_trailing_nul_padding_does_not_make_a_text_binary(tmp_path):
    (tmp_path / "padded.txt").write_bytes(ARABIC.encode("cp1256") + b"\r\n\x00")
    assert only_article(tmp_path / "padded.txt").text == ARABIC


def test_a_file_over_the_size_limit_is_rejected_before_it_is_read(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"word " * 600)
    assert only_rejection(tmp_path / "big.txt", ReadLimits(max_file_bytes=1024)) == (
        "file is 2.9 KB, over the 1 KB limit"
    )
    assert read_all(tmp_path / "big.txt", ReadLimits(max_file_bytes=4096))[0].text.startswith("word")


def test_an_article_over_the_length_limit_is_cut_at_a_line_break_with_a_note(tmp_path):
    paragraphs = [f"الفقرة رقم {number} من المقال الطويل." for number in range(100)]
    text = "\n".join(paragraphs)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    article = only_article(tmp_path / "long.txt", ReadLimits(max_article_chars=500))
    assert len(article.text) <= 500
    assert article.text == "\n".join(paragraphs[: article.text.count("\n") + 1])
    kept = len(article.text)
    assert article.notes == [f"text cut to its first {kept} of {len(text):,} characters (limit 500)"]


def test_a_markdown_heading_titles_the_article_and_stays_in_the_text(tmp_path):
    (tmp_path / "note.md").write_text("# حفتر في القاهرة\n\n" + ARABIC, encoding="utf-8")
    article = only_article(tmp_path / "note.md")
    assert article.title == "حفتر في القاهرة"
    assert article.text == "# حفتر في القاهرة\n\n" + ARABIC


def test_a_pdf_reads_its_text_layer_and_a_scan_is_rejected(tmp_path):
    (tmp_path / "report.pdf").write_bytes(pdf_with_text("Haftar met Sisi in Cairo on Sunday."))
    article = only_article(tmp_path / "report.pdf")
    assert article.text == "Haftar met Sisi in Cairo on Sunday."
    assert article.title == article.text

    scan = PdfWriter()
    scan.add_blank_page(width=612, height=792)
    scan.write(tmp_path / "scan.pdf")
    assert only_rejection(tmp_path / "scan.pdf") == "PDF has no text layer (scanned?)"

    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    assert only_rejection(tmp_path / "fake.pdf").startswith("not a readable PDF")


def test_a_folder_is_read_recursively_in_order_skipping_hidden_files(tmp_path):
    (tmp_path / "سياسة" / "ليبيا").mkdir(parents=True)
    (tmp_path / "سياسة" / "ليبيا" / "طرابلس.txt").write_text("طرابلس\n" + ARABIC, encoding="utf-8")
    (tmp_path / "سياسة" / "القاهرة.txt").write_bytes(("القاهرة\n" + ARABIC).encode("cp1256"))
    (tmp_path / "اقتصاد.md").write_text("# اقتصاد\n" + ARABIC, encoding="utf-8")
    (tmp_path / "app.exe").write_bytes(b"MZ")
    (tmp_path / ".hidden.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(ARABIC, encoding="utf-8")

    items = read_all(tmp_path)
    assert [(Path(item.input).relative_to(tmp_path).as_posix(), type(item).__name__) for item in items] == [
        ("app.exe", "Rejected"),
        ("اقتصاد.md", "Article"),
        ("سياسة/القاهرة.txt", "Article"),
        ("سياسة/ليبيا/طرابلس.txt", "Article"),
    ]
    assert [item.title for item in items[1:]] == ["اقتصاد", "القاهرة", "طرابلس"]


def test_a_missing_path_is_rejected_by_name():
    assert read_all("/no/such/place.txt") == [Rejected("/no/such/place.txt", "no such file or folder")]


def test_a_saudinewsnet_zip_maps_every_record_to_an_article_with_its_metadata():
    path = shared_file("saudinewsnet/2015-07-23.zip")
    with zipfile.ZipFile(path) as archive:
        records = json.loads(archive.read("2015-07-23.json"))
    items = read_all(path)
    assert len(items) == len(records) == 1318
    for number, (item, record) in enumerate(zip(items, records), start=1):
        assert item.input == f"{path}:2015-07-23.json#{number}"
        if not record["content"].strip():
            assert item == Rejected(item.input, "empty text")
            continue
        assert item.text == record["content"]
        assert item.title == (record["title"].strip() or title_from(record["content"]))
        assert (item.source, item.author, item.url, item.published) == (
            record["source"],
            record["author"],
            record["url"],
            record["date_extracted"],
        )
    first = items[0]
    assert first.title == "المالكي ونصيحة سعود الفيصل" and first.source == "aawsat"
    assert first.published == "2015-07-23 19:28:17"


def test_a_zip_is_read_in_memory_with_one_level_of_nested_zips(tmp_path):
    inner = zip_of({"داخلي.txt": ARABIC.encode("utf-8"), "deeper.zip": zip_of({"x.txt": b"too deep"})})
    archive = tmp_path / "batch.zip"
    archive.write_bytes(
        zip_of({"أخبار/خبر.txt": ARABIC.encode("cp1256"), "inner.zip": inner, "__MACOSX/._خبر.txt": b"x"})
    )
    items = read_all(archive)
    assert [(item.input.removeprefix(f"{archive}:"), type(item).__name__) for item in items] == [
        ("أخبار/خبر.txt", "Article"),
        ("inner.zip:داخلي.txt", "Article"),
        ("inner.zip:deeper.zip", "Rejected"),
    ]
    assert items[0].text == items[1].text == ARABIC
    assert "only one level" in items[2].reason


def test_malformed_and_oversize_zips_are_rejected(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    assert only_rejection(tmp_path / "broken.zip") == "not a zip archive"

    (tmp_path / "bomb.zip").write_bytes(zip_of({"zeros.txt": b"a" * 5000, "ok.txt": ARABIC.encode()}))
    items = read_all(tmp_path / "bomb.zip", ReadLimits(max_file_bytes=4096))
    assert items[0] == Rejected(f"{tmp_path / 'bomb.zip'}:zeros.txt", "file is 4.9 KB, over the 4 KB limit")
    assert isinstance(items[1], Article)

    limits = ReadLimits(max_archive_bytes=4096)
    assert only_rejection(tmp_path / "bomb.zip", limits) == "unpacked archive is 5 KB, over the 4 KB limit"


def test_a_document_received_as_bytes_reads_by_its_name():
    [article] = read_document("خبر.txt", ARABIC.encode("cp1256"))
    assert article.text == ARABIC and article.input == "خبر.txt"
    assert list(read_document("photo.jpg", b"\xff\xd8")) == [
        Rejected("photo.jpg", f"unsupported file type .jpg {SUPPORTED}")
    ]


def test_an_overlong_title_source_or_author_is_shortened_not_kept_whole(tmp_path):
    from index.article import Article
    from index.reading import FIELD_CHARS, ReadLimits, checked

    article = checked(Article("نص الخبر.", title="عنوان " * 1000, source="مصدر " * 1000, author="كاتب " * 1000),
                      ReadLimits())
    for field in (article.title, article.source, article.author):
        assert 0 < len(field) <= FIELD_CHARS + 1 and field.endswith("…")
    assert article.text == "نص الخبر."
