"""Web pages: the main text and metadata of HTML, and fetching a page by its URL."""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx
from trafilatura import bare_extraction

from index.article import Article
from index.read_text import normalise_line_ends
from index.reading import ReadLimits, Unreadable, human_size, over_limit, shortened_name

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = HTML_TYPES + ("text/plain",)
USER_AGENT = "Mozilla/5.0 (compatible; Qawl article reader)"
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
MAX_HTML_TAGS = 40_000


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


def html_article(data: bytes, label: str, limits: ReadLimits, url: str = "") -> Article:
    """The main text of an HTML page with its title, author, date, site name and URL.

    The extractor's work grows faster than the page, so it is given at most `max_html_bytes`
    and MAX_HTML_TAGS tags of a page; the rest is left out with a note.
    """
    html, notes = _bounded_html(data, limits.max_html_bytes)
    document = bare_extraction(html, url=url or None, with_metadata=True, include_comments=False)
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
        notes=notes,
    )


def _bounded_html(data: bytes, max_bytes: int) -> tuple[bytes, list[str]]:
    """The page up to `max_bytes` and MAX_HTML_TAGS tags, and a note if that is not all of it."""
    end = min(len(data), max_bytes)
    tag = -1
    for _ in range(MAX_HTML_TAGS + 1):
        tag = data.find(b"<", tag + 1, end)
        if tag < 0:
            break
    else:
        end = tag
    if end == len(data):
        return data, []
    return data[:end], [f"only the first {human_size(end)} of the {human_size(len(data))} page were read "
                        f"(limits: {human_size(max_bytes)}, {MAX_HTML_TAGS:,} tags)"]


def fetch_page(url: str, limits: ReadLimits) -> Page:
    """The page at an http(s) URL, within the limits; Unreadable with the reason otherwise.

    `url_timeout_s` is the time for the whole fetch, redirects included. Every connection,
    also after a redirect, goes to an address that was checked: the host is resolved once,
    and unless `fetch_private_addresses` all its addresses must be public.
    """
    timeout = limits.url_timeout_s
    network = CheckedNetwork(time.monotonic() + timeout, limits.fetch_private_addresses)
    try:
        with httpx.Client(
            transport=CheckedTransport(network),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
        ) as client, client.stream("GET", url) as response:
            _check_response(response, limits)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limits.max_url_bytes:
                    raise Unreadable(f"page is over the {human_size(limits.max_url_bytes)} limit")
            return Page(bytes(body), _media_type(response), str(response.url))
    except httpx.TimeoutException:
        raise Unreadable(f"URL timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise Unreadable("too many redirects") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise Unreadable("not a valid http(s) URL") from None
    except httpx.ConnectError:
        raise Unreadable(f"cannot connect to {shortened_name(urlsplit(url).hostname or url)}") from None
    except httpx.HTTPError as error:
        raise Unreadable(f"download failed ({type(error).__name__})") from None


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet, not this machine or a private network.

    An IPv6 address that carries an IPv4 address (IPv4-mapped or -compatible, 6to4, NAT64)
    is judged by that IPv4 address; the local-use NAT64 prefix is never public.
    """
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in LOCAL_NAT64:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and (ip in NAT64 or ip in IPV4_COMPATIBLE):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
        if embedded is not None:
            return is_public_address(str(embedded))
    return ip.is_global and not ip.is_multicast


class CheckedNetwork(httpcore.NetworkBackend):
    """Connections made only to checked addresses, every read and write within one deadline."""

    def __init__(self, deadline: float, private_allowed: bool) -> None:
        self.deadline = deadline
        self.private_allowed = private_allowed
        self.sockets = httpcore.SyncBackend()

    def time_left(self, timeout: float | None) -> float:
        """The time an operation may take: its own timeout, but never past the deadline."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the time for the whole fetch is over")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        """A connection to one of the host's addresses, each of them checked first."""
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in self.addresses(host, port):
            try:
                stream = self.sockets.connect_tcp(address, port, self.time_left(timeout), local_address,
                                                  socket_options)
            except httpcore.ConnectError as failed:
                error = failed
                continue
            return DeadlineStream(stream, self)
        raise error

    def addresses(self, host: str, port: int) -> list[str]:
        """The host's addresses, resolved once; Unreadable if any of them is not public (unless allowed)."""
        try:
            found = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
        except (socket.gaierror, UnicodeError):
            raise Unreadable(f"cannot find the host {shortened_name(host)}") from None
        if not self.private_allowed and not all(map(is_public_address, found)):
            raise Unreadable(f"refusing to fetch {shortened_name(host)}: it is a local or private network address")
        return list(dict.fromkeys(found))


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads and writes end at the network's deadline, however slowly bytes come."""

    def __init__(self, stream: httpcore.NetworkStream, network: CheckedNetwork) -> None:
        self.stream = stream
        self.network = network

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.network.time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.network.time_left(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        """TLS for the URL's host name (SNI and certificate), over the checked connection."""
        secured = self.stream.start_tls(ssl_context, server_hostname, self.network.time_left(timeout))
        return DeadlineStream(secured, self.network)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


class CheckedTransport(httpx.HTTPTransport):
    """httpx's own transport, its connections made through a CheckedNetwork and no proxy."""

    def __init__(self, network: CheckedNetwork) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=network)


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

