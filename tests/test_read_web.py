"""Reading web pages: HTML files and http(s) URLs served from a local server."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.hostile_files import trickling_headers
from index.article import Article, Rejected
from index.read_web import is_public_address
from index.readers import ReadLimits, read
from index.reading import NAME_CHARS

LOCAL = ReadLimits(fetch_private_addresses=True)

PARAGRAPHS = [
    "قال المتحدث باسم الجيش الوطني الليبي أحمد المسماري إن القوات تتقدم نحو طرابلس في عملية واسعة.",
    "وأضاف المسماري في مؤتمر صحافي عقده في بنغازي أن الوضع تحت السيطرة وأن العمليات ستستمر حتى تحقيق أهدافها.",
    "وكان المشير خليفة حفتر قد التقى الرئيس المصري في القاهرة يوم الأحد لبحث تطورات المعركة.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>حفتر في القاهرة | صحيفة العرب</title>
<meta name="author" content="الجمعي قاسمي">
<meta property="og:site_name" content="صحيفة العرب">
<meta property="article:published_time" content="2019-04-15T10:00:00Z">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a> <a href="/sport">رياضة</a></nav>
<article><h1>حفتر في القاهرة</h1>{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"""
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


class Site(BaseHTTPRequestHandler):
    """A tiny web site with the cases a reader meets: pages, errors, loops, slowness, images."""

    def do_GET(self):
        """Answer each path with its case."""
        if self.path == "/article":
            self.answer(200, "text/html; charset=utf-8", PAGE.encode())
        elif self.path == "/moved":
            self.redirect("/article")
        elif self.path == "/loop":
            self.redirect("/loop")
        elif self.path == "/plain":
            self.answer(200, "text/plain; charset=windows-1256", "\r\n".join(PARAGRAPHS).encode("cp1256"))
        elif self.path == "/photo.png":
            self.answer(200, "image/png", PNG)
        elif self.path == "/slow":
            time.sleep(1.0)
            try:
                self.answer(200, "text/html", PAGE.encode())
            except ConnectionError:
                pass  # the reader gave up waiting, as it should
        elif self.path == "/huge":
            self.answer(200, "text/html", PAGE.encode() * 50)
        elif self.path == "/unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(PAGE.encode() * 50)
        else:
            self.answer(404, "text/html", b"<h1>Not found</h1>")

    def answer(self, status: int, content_type: str, body: bytes) -> None:
        """Send a complete response."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        """Send a redirect."""
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        """Stay quiet."""


@pytest.fixture(scope="module")
def site():
    """The base URL of the local site, running for this module's tests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def only(source: str, limits: ReadLimits = LOCAL) -> Article | Rejected:
    """The single item a source makes."""
    [item] = read(source, limits)
    return item


def test_an_html_file_gives_the_main_text_and_its_metadata_without_the_page_furniture(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    article = only(str(tmp_path / "page.html"))
    assert isinstance(article, Article)
    assert all(paragraph in article.text for paragraph in PARAGRAPHS)
    assert "الرئيسية" not in article.text and "جميع الحقوق" not in article.text
    assert (article.title, article.author, article.source, article.published) == (
        "حفتر في القاهرة", "الجمعي قاسمي", "صحيفة العرب", "2019-04-15")


def test_an_html_file_without_article_text_is_rejected(tmp_path):
    path = str(tmp_path / "empty.htm")
    (tmp_path / "empty.htm").write_text("<html><body><img src='a.png'></body></html>", encoding="utf-8")
    assert only(path) == Rejected(path, "no article text found in the page")


def test_a_web_page_is_read_with_its_address(site):
    article = only(f"{site}/article")
    assert isinstance(article, Article)
    assert article.url == article.input == f"{site}/article"
    assert all(paragraph in article.text for paragraph in PARAGRAPHS)
    assert article.title == "حفتر في القاهرة"


def test_a_redirect_is_followed_and_the_final_address_kept(site):
    article = only(f"{site}/moved")
    assert (article.input, article.url) == (f"{site}/moved", f"{site}/article")


def test_a_plain_text_page_reads_like_a_text_file(site):
    article = only(f"{site}/plain")
    assert article.text == "\n".join(PARAGRAPHS)
    assert article.url == f"{site}/plain" and article.title == PARAGRAPHS[0]


def test_unreachable_or_unsuitable_pages_are_rejected_with_the_reason(site):
    cases = {
        f"{site}/missing": ("HTTP 404", LOCAL),
        f"{site}/loop": ("too many redirects", LOCAL),
        f"{site}/photo.png": ("not an HTML page (image/png)", LOCAL),
        f"{site}/slow": ("URL timed out after 0.3 s", ReadLimits(url_timeout_s=0.3, fetch_private_addresses=True)),
        f"{site}/huge": (f"page is {len(PAGE.encode()) * 50 / 1024:.1f} KB, over the 10 KB limit",
                         ReadLimits(max_url_bytes=10 * 1024, fetch_private_addresses=True)),
        f"{site}/unannounced": ("page is over the 10 KB limit", ReadLimits(max_url_bytes=10 * 1024, fetch_private_addresses=True)),
        "http://127.0.0.1:9/": ("cannot connect to 127.0.0.1", LOCAL),
    }
    for url, (reason, limits) in cases.items():
        assert only(url, limits) == Rejected(url, reason), url


def test_links_to_this_machine_or_a_private_network_are_refused_by_default(site):
    for url in (f"{site}/article", "http://10.0.0.1/page", "http://192.168.1.1/", "http://[::1]/x"):
        rejected = only(url, ReadLimits(url_timeout_s=1))
        assert isinstance(rejected, Rejected), url
        assert "local or private network" in rejected.reason


@pytest.fixture
def trickling_server():
    """The URL of a local server that sends its response headers one byte every 0.1 s."""
    url, close = trickling_headers()
    yield url
    close()


def test_a_server_that_trickles_its_headers_is_cut_off_at_the_timeout(trickling_server):
    started = time.monotonic()
    rejected = only(trickling_server, ReadLimits(url_timeout_s=1, fetch_private_addresses=True))
    assert rejected == Rejected(trickling_server, "URL timed out after 1 s")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "240.0.0.1", "255.255.255.255", "224.0.0.1", "::1", "::", "fe80::1", "fc00::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "::10.0.0.1",  # IPv4-mapped and -compatible
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808",  # NAT64 of private, local-use NAT64
    "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:101::",  # 6to4 of 127.0.0.1, 10.0.0.1, 192.168.1.1
    "fe80::1%eth0",
])
def test_addresses_of_this_machine_or_a_private_network_are_not_public_in_any_form(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8",
                                     "64:ff9b::808:808", "2002:808:808::"])
def test_public_addresses_are_public_also_through_nat64_and_6to4(address):
    assert is_public_address(address)


@pytest.fixture
def rebinding_dns(monkeypatch, site):
    """A name that resolves to a public address once and to 127.0.0.1 after, and a machine without internet.

    Connections to public addresses are refused here rather than sent; the addresses tried are recorded.
    """
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    answers = {"rebind.example": ["93.184.216.34", "127.0.0.1"]}
    tried: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            address = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        host, port = address
        ip = getaddrinfo(host, port)[0][4][0]
        tried.append(ip)
        if not ip.startswith("127."):
            raise ConnectionRefusedError("no internet here")
        return real_connect((ip, port), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return tried


def test_the_connection_goes_to_the_address_that_was_checked_not_a_rebound_one(site, rebinding_dns):
    url = f"http://rebind.example:{site.rsplit(':', 1)[1]}/article"
    assert only(url, ReadLimits(url_timeout_s=2)) == Rejected(url, "cannot connect to rebind.example")
    assert rebinding_dns == ["93.184.216.34"]


def test_a_very_long_link_is_shortened_in_its_label_but_fetched_whole(site):
    url = f"{site}/article?" + "q=" + "x" * 5000
    rejected = only(url)
    assert rejected.reason == "HTTP 404"
    assert len(rejected.input) <= NAME_CHARS + 1 and rejected.input.startswith(site)
