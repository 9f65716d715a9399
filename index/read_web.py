"""Web pages: the main text and metadata of HTML, and fetching a page by its URL."""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from trafilatura import bare_extraction

from index.article import Article
from index.read_text import normalise_line_ends
from index.reading import ReadLimits, Unreadable, human_size, over_limit

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = HTML_TYPES + ("text/plain",)
USER_AGENT = "Mozilla/5.0 (compatible; Qawl article reader)"


@dataclass(frozen=True)
class Page:
    """A fetched web page: its body, media type (e.g. 'text/html') and final URL."""

    body: bytes
    media_type: str
    url: str

    @property
    def is_html(self) -> bool:
        """Whether the page is HTML (else plain text)."""
        return self.media_type in HTML_TYPES


def html_article(data: bytes | str, label: str, url: str = "") -> Article:
    """The main text of an HTML page with its title, author, date, site name and URL."""
    document = bare_extraction(data, url=url or None, with_metadata=True, include_comments=False)
    if document is None or not (document.text or "").strip():
        raise Unreadable("no article text found in the page")
    return Article(
        text=normalise_line_ends(document.text).strip(),
        title=document.title or "",
        source=document.sitename or document.hostname or "",
        author=document.author or "",
        url=url or document.url or "",
        published=document.date or "",
        input=label,
    )


def fetch_page(url: str, limits: ReadLimits) -> Page:
    """The page at an http(s) URL, within the limits; Unreadable with the reason otherwise."""
    timeout = limits.url_timeout_s
    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
            event_hooks={"request": [] if limits.fetch_private_addresses else [_refuse_private_address]},
        ) as client, client.stream("GET", url) as response:
            _check_response(response, limits)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limits.max_url_bytes:
                    raise Unreadable(f"page is over the {human_size(limits.max_url_bytes)} limit")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("total time exceeded")
            return Page(bytes(body), _media_type(response), str(response.url))
    except httpx.TimeoutException:
        raise Unreadable(f"URL timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise Unreadable("too many redirects") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise Unreadable("not a valid http(s) URL") from None
    except httpx.ConnectError:
        raise Unreadable(f"cannot connect to {urlsplit(url).hostname}") from None
    except httpx.HTTPError as error:
        raise Unreadable(f"download failed ({type(error).__name__})") from None


def _refuse_private_address(request: httpx.Request) -> None:
    """Refuse hosts on this machine or a private network (also after a redirect)."""
    host = request.url.host
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, request.url.port or 80)}
    except socket.gaierror:
        raise Unreadable(f"cannot find the host {host}") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise Unreadable(f"refusing to fetch {host}: it is a local or private network address")


def _check_response(response: httpx.Response, limits: ReadLimits) -> None:
    """Refuse error statuses, unsupported content types and announced oversize bodies."""
    if response.status_code >= 400:
        raise Unreadable(f"HTTP {response.status_code}")
    media_type = _media_type(response)
    if media_type not in TEXT_TYPES:
        raise Unreadable(f"not an HTML page ({media_type or 'no content type'})")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limits.max_url_bytes:
        raise Unreadable(over_limit("page", int(length), limits.max_url_bytes))


def _media_type(response: httpx.Response) -> str:
    """The response's media type without parameters, lower-case."""
    return response.headers.get("content-type", "").split(";")[0].strip().lower()

