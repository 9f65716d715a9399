"""A local stand-in for the Telegram Bot API: tests and bench scripts queue updates, the bot's calls are recorded.

It serves `/bot<token>/<method>` and file downloads at `/file/bot<token>/<path>` on 127.0.0.1,
answers the methods the bot uses the way Telegram does, and can be told to fail a call once. Inline
mode too: a test pushes an inline query, the bot's answerInlineQuery is checked as Telegram checks it,
and a user choosing one of its results gets that result's message sent into their chat. Channels: a
test pushes channel_post and edited_channel_post updates, and names each channel's administrators for
getChatAdministrators.
"""
from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, unquote

BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "Qawl", "username": "qawl_test_bot"}
# Parameters the client sends as plain strings; every other value is JSON.
MESSAGE_LIMIT = 4096  # UTF-16 code units of the text as shown, after parsing the markup
TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code",
        "pre", "blockquote"}
_TAG = re.compile(r'<(/?)([a-z-]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>')
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
STRING_PARAMS = {"text", "caption", "parse_mode", "action", "callback_query_id", "file_id", "url",
                 "language_code", "secret_token", "inline_query_id"}
INLINE_RESULTS_LIMIT = 50
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass
class Call:
    """One request the bot made: the method and its parameters, decoded."""

    method: str
    params: dict
    at: float = field(default_factory=time.monotonic)
    result: dict | None = None  # the message sent or edited, as the Bot API returned it

    @property
    def message_id(self) -> int | None:
        """The id of the message this call sent or edited."""
        return (self.result or {}).get("message_id")

    @property
    def chat_id(self):
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        return self.params.get("text", "")

    @property
    def replied_to(self) -> int | None:
        return (self.params.get("reply_parameters") or {}).get("message_id")

    @property
    def buttons(self) -> list[dict]:
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def results(self) -> list[dict]:
        """The results of an answerInlineQuery."""
        return self.params.get("results") or []


@dataclass
class Failure:
    method: str
    description: str
    status: int
    when: Callable[[dict], bool]


class BotApiStandin:
    """The Bot API on a local port, for one bot token."""

    def __init__(self, token: str):
        self.token = token
        self.calls: list[Call] = []
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id: (file_path, bytes)
        self.pages: dict[str, bytes] = {}  # web pages served at /pages/<name>, for links the bot reads
        self.administrators: dict[int, list[int]] = {}  # chat id: the user ids of its administrators, owner first
        self._updates: list[dict] = []
        self._failures: list[Failure] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100_000)
        self._inline_queries: dict[str, dict] = {}  # id: the inline query, for the answers to it
        self._answered: set[str] = set()  # the ids of inline queries answered: a query is answered once
        self._changed = threading.Condition()
        self._stopped = False
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # lifecycle --------------------------------------------------------------
    def start(self) -> BotApiStandin:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/file/bot"

    # what tests do ------------------------------------------------------------
    def push(self, **update) -> int:
        """Queue an update (message=…, callback_query=…, …) for the bot's next getUpdates."""
        with self._changed:
            update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._changed.notify_all()
        return update["update_id"]

    def push_inline_query(self, query: dict) -> int:
        """Queue an inline query (see `inline_query`); only such queries may be answered."""
        self._inline_queries[query["id"]] = query
        return self.push(inline_query=query)

    def choose(self, answered: Call, result_id: str, chat: dict) -> dict:
        """The user who sent the inline query chooses one result of the bot's answer to it: Telegram sends
        the result's message into the chat in the user's name "via" the bot, and tells the bot which result
        was chosen. Returns the message sent, with the markup it was written in beside the text readers see."""
        query = self._inline_queries[answered.params["inline_query_id"]]
        result = next(result for result in answered.results if result["id"] == result_id)
        content = result["input_message_content"]
        markup = content["message_text"]
        sent = {"message_id": next(self._message_ids), "date": int(time.time()), "from": query["from"],
                "chat": chat, "via_bot": BOT_USER, "markup": markup,
                "text": shown_text(markup) if content.get("parse_mode") == "HTML" else markup}
        self.push(chosen_inline_result={"result_id": result_id, "from": query["from"], "query": query["query"]})
        return sent

    def add_file(self, file_id: str, file_path: str, data: bytes) -> None:
        """A file the bot can fetch with getFile and then download."""
        self.files[file_id] = (file_path, data)

    def add_page(self, name: str, html_page: str) -> str:
        """A web page on the same server; returns its address."""
        self.pages[name] = html_page.encode("utf-8")
        return f"http://127.0.0.1:{self._server.server_port}/pages/{name}"

    def fail_once(self, method: str, description: str, status: int = 400,
                  when: Callable[[dict], bool] = lambda params: True) -> None:
        """Answer the next call of `method` whose parameters match `when` with an error."""
        with self._changed:
            self._failures.append(Failure(method, description, status, when))

    def wait_for(self, test: Callable[[Call], bool], timeout: float = 30.0, since: int = 0) -> Call:
        """The first call recorded (from number `since` on) that passes the test, waiting for it if need be."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((call for call in self.calls[since:] if test(call)), None)
                if found or time.monotonic() >= deadline:
                    break
                self._changed.wait(deadline - time.monotonic())
        if found is None:
            recent = [call for call in self.calls if call.method != "getUpdates"][-5:]
            raise AssertionError(f"no matching call within {timeout} s; last calls: {recent}")
        return found

    def sent_to(self, chat_id: int, method: str = "sendMessage") -> list[Call]:
        with self._changed:
            return [call for call in self.calls if call.method == method and call.chat_id == chat_id]

    def quiet(self, chat_id: int, seconds: float = 0.6, timeout: float = 30.0) -> list[Call]:
        """Every message sent to the chat, once nothing new has come for `seconds`."""
        deadline = time.monotonic() + timeout
        count = -1
        while time.monotonic() < deadline:
            calls = self.sent_to(chat_id)
            if len(calls) == count:
                return calls
            count = len(calls)
            time.sleep(seconds)
        raise AssertionError(f"chat {chat_id} did not go quiet within {timeout} s")

    # serving --------------------------------------------------------------------
    def answer(self, method: str, params: dict) -> tuple[int, dict]:
        """The Bot API's response to one call."""
        call = Call(method, params)
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
            failure = next((f for f in self._failures if f.method == method and f.when(params)), None)
            if failure:
                self._failures.remove(failure)
                return failure.status, {"ok": False, "error_code": failure.status, "description": failure.description}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._next_updates(params)}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method in ("sendMessage", "editMessageText"):
            refusal = message_problem(params)
            if refusal:
                return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {refusal}"}
            call.result = self._message(params)
            return 200, {"ok": True, "result": call.result}
        if method == "answerInlineQuery":
            refusal = inline_answer_problem(params, self._inline_queries.keys() - self._answered)
            if refusal:
                return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {refusal}"}
            self._answered.add(params["inline_query_id"])
            return 200, {"ok": True, "result": True}
        if method == "getChatAdministrators":
            if params.get("chat_id") not in self.administrators:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
            return 200, {"ok": True, "result": [chat_member(user_id, owner=at == 0) for at, user_id
                                                in enumerate(self.administrators[params["chat_id"]])]}
        if method == "getFile":
            if params.get("file_id") not in self.files:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            path, data = self.files[params["file_id"]]
            return 200, {"ok": True, "result": {"file_id": params["file_id"], "file_unique_id": params["file_id"],
                                                "file_size": len(data), "file_path": path}}
        return 200, {"ok": True, "result": True}

    def download(self, path: str) -> bytes | None:
        return next((data for file_path, data in self.files.values() if file_path == path), None)

    def _next_updates(self, params: dict) -> list[dict]:
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]  # earlier ones are confirmed
            while not self._updates and not self._stopped and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            return self._updates[:limit]

    def _message(self, params: dict) -> dict:
        chat_id = params["chat_id"]
        message_id = params.get("message_id") or next(self._message_ids)
        return {"message_id": message_id, "date": int(time.time()), "from": BOT_USER, "text": params.get("text", ""),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the bot opens many connections at once when it answers in parallel


def _handler_for(standin: BotApiStandin):
    bot_prefix, file_prefix = f"/bot{standin.token}/", f"/file/bot{standin.token}/"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real server

        def do_GET(self):
            self._serve()

        def do_POST(self):
            self._serve()

        def _serve(self):
            try:
                path = unquote(self.path)  # the client quotes the token's colon in file addresses
                if path.startswith(file_prefix):
                    data = standin.download(path[len(file_prefix):])
                    self._reply(200 if data is not None else 404, data or b"", "application/octet-stream")
                elif path.startswith("/pages/") and path[len("/pages/"):] in standin.pages:
                    self._reply(200, standin.pages[path[len("/pages/"):]], "text/html; charset=utf-8")
                elif path.startswith(bot_prefix):
                    status, body = standin.answer(path[len(bot_prefix):], self._params())
                    self._reply(status, json.dumps(body).encode(), "application/json")
                else:
                    self._reply(404, b'{"ok": false, "error_code": 404, "description": "Not Found"}',
                                "application/json")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the bot cut a long poll short while shutting down

        def _params(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            if self.headers.get("Content-Type", "").startswith("application/json"):
                return json.loads(body or "{}")
            return {key: values[0] if key in STRING_PARAMS else _decoded(values[0])
                    for key, values in parse_qs(body, keep_blank_values=True).items()}

        def _reply(self, status: int, body: bytes, kind: str):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    return Handler


def html_problems(markup: str) -> list[str]:
    """What Telegram's HTML parser would refuse: unknown or unbalanced tags, a bare < or &."""
    problems, open_tags, at = [], [], 0
    while at < len(markup):
        if markup[at] == "<":
            tag = _TAG.match(markup, at)
            if tag is None:
                problems.append(f"bare < at {at}")
                at += 1
                continue
            closing, name = tag.group(1), tag.group(2)
            if name not in TAGS:
                problems.append(f"unsupported tag {name}")
            elif closing and (not open_tags or open_tags.pop() != name):
                problems.append(f"</{name}> closes nothing open")
            elif not closing:
                open_tags.append(name)
            at = tag.end()
        elif markup[at] == "&" and not _ENTITY.match(markup, at):
            problems.append(f"bare & at {at}")
            at += 1
        else:
            at += 1
    return problems + [f"<{name}> never closed" for name in open_tags]


def shown_text(markup: str) -> str:
    """The text a reader sees: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", markup))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message_problem(params: dict) -> str:
    """Why Telegram would refuse to send this text, or ""."""
    text = params.get("text", "")
    if params.get("parse_mode") == "HTML":
        problems = html_problems(text)
        if problems:
            return f"can't parse entities: {problems[0]}"
        text = shown_text(text)
    if not text.strip():
        return "message text is empty"
    return "message is too long" if utf16_len(text) > MESSAGE_LIMIT else ""


def inline_answer_problem(params: dict, waiting: set[str]) -> str:
    """Why Telegram would refuse this answerInlineQuery, or "": a query not waiting for its answer (unknown, or
    answered already), too many results, ids not unique or longer than 64 bytes, an article without a title or
    with a message Telegram would not send, a button whose start parameter is not 1-64 of A-Z a-z 0-9 _ -."""
    if params.get("inline_query_id") not in waiting:
        return "query is too old and response timeout expired or query ID is invalid"
    results = params.get("results") or []
    ids = [result.get("id", "") for result in results]
    if len(results) > INLINE_RESULTS_LIMIT:
        return "RESULTS_TOO_MUCH"
    if len(set(ids)) < len(ids) or not all(0 < len(i.encode()) <= 64 for i in ids):
        return "RESULT_ID_INVALID" if all(ids) else "RESULT_ID_EMPTY"
    for result in results:
        if result.get("type") != "article" or not (result.get("title") or "").strip():
            return "RESULT_TITLE_EMPTY"
        problem = message_problem({"text": result["input_message_content"].get("message_text", ""),
                                   "parse_mode": result["input_message_content"].get("parse_mode")})
        if problem:
            return problem
    button = params.get("button")
    if button and not (button.get("text") and _START_PARAMETER.fullmatch(button.get("start_parameter", ""))):
        return "START_PARAM_INVALID"
    return ""


def _decoded(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


# Updates in Bot API shape ---------------------------------------------------------------
def user(user_id: int, name: str = "") -> dict:
    return {"id": user_id, "is_bot": False, "first_name": name or f"User {user_id}", "language_code": "en"}


def private_chat(user_id: int) -> dict:
    return {"id": user_id, "type": "private", "first_name": f"User {user_id}"}


def group_chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "supergroup", "title": "Newsroom"}


_sent_ids = itertools.count(1)


def message(sender: int, chat: dict | None = None, **fields) -> dict:
    """A message from a user (in their private chat unless another chat is given)."""
    return {"message_id": next(_sent_ids), "date": int(time.time()), "from": user(sender),
            "chat": chat or private_chat(sender), **fields}


def command(sender: int, text: str, chat: dict | None = None, **fields) -> dict:
    """A message starting with a /command, with its bot_command entity."""
    name = text.split()[0]
    return message(sender, chat, text=text, entities=[{"type": "bot_command", "offset": 0, "length": len(name)}],
                   **fields)


def channel_origin(title: str, username: str, message_id: int, signature: str = "", date: int = 1555243200) -> dict:
    return {"type": "channel", "chat": {"id": -1001234567890, "title": title, "username": username, "type": "channel"},
            "message_id": message_id, "date": date, "author_signature": signature}


def channel(chat_id: int, title: str, username: str = "") -> dict:
    return {"id": chat_id, "type": "channel", "title": title, **({"username": username} if username else {})}


def channel_post(chat: dict, text: str, message_id: int | None = None, signature: str = "", **fields) -> dict:
    """A post in a channel (a /command gets its bot_command entity), signed when the channel signs its posts."""
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []
    return {"message_id": message_id or next(_sent_ids), "date": int(time.time()), "chat": chat, "sender_chat": chat,
            "text": text, **({"entities": entities} if entities else {}),
            **({"author_signature": signature} if signature else {}), **fields}


def edited(post: dict, **changes) -> dict:
    """A post as edited later: the changes, and the date of the edit."""
    return {**post, "edit_date": int(time.time()), **changes}


def chat_member(user_id: int, owner: bool = False) -> dict:
    """An administrator of a chat as getChatAdministrators lists them."""
    if owner:
        return {"status": "creator", "user": user(user_id), "is_anonymous": False}
    rights = ("can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
              "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
              "can_delete_stories", "can_post_messages", "can_edit_messages")
    return {"status": "administrator", "user": user(user_id), "can_be_edited": False, "is_anonymous": False,
            **{right: True for right in rights}}


def callback(sender: int, data: str, on: dict) -> dict:
    """A press on an inline button of a message the bot sent (`on` is that message)."""
    return {"id": f"cb{next(_sent_ids)}", "from": user(sender), "chat_instance": "1", "data": data, "message": on}


_inline_ids = itertools.count(1)


def inline_query(sender: int, query: str, chat_type: str = "private") -> dict:
    """What a user types after the bot's @username, in a chat of that type."""
    return {"id": f"iq{next(_inline_ids)}", "from": user(sender), "query": query, "offset": "",
            "chat_type": chat_type}
