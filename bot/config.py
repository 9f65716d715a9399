"""The one configuration object: config.yaml, then QAWL_SECTION__KEY variables, validated."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Union, get_args, get_origin, get_type_hints

import yaml

from index.embed import RUNTIMES, EmbeddingSettings
from index.errors import ConfigError
from index.library import CHUNK_TOKENS
from index.milvus_index import MilvusSettings
from index.reading import ReadLimits
from index.vectors import VectorSettings
from retrieval.search import MAX_QUESTION_CHARS, SearchSettings

EVERYONE = "everyone"
MILVUS_SCHEMES = ("http://", "https://")
MILVUS_LITE = "milvus.db"
IdList = Union[list[int], str]
ChatNames = list[Union[int, str]]  # chats by id, or by @username
USERNAME = re.compile(r"@[A-Za-z][A-Za-z0-9_]{4,31}")  # Telegram: 5-32 characters


@dataclass
class Storage:
    path: str = "data"


@dataclass
class Index:
    backend: str = "local"


@dataclass
class Chunking:
    max_tokens: int = CHUNK_TOKENS


@dataclass
class Webhook:
    listen: str = "0.0.0.0"
    port: int = 8443
    path: str = "telegram"
    url: str = ""
    secret_token: str = ""


@dataclass
class Telegram:
    token: str = ""
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    mode: str = "polling"
    webhook: Webhook = field(default_factory=Webhook)


@dataclass
class Access:
    admins: list[int] = field(default_factory=list)
    contributors: IdList = field(default_factory=list)
    askers: IdList = EVERYONE


@dataclass
class LibraryScope:
    scope: str = "shared"


@dataclass
class Follow:
    channels: ChatNames = field(default_factory=list)


@dataclass
class Limits:
    """What one input may cost: the reading limits (defaults from ReadLimits, the one place they are
    defined), how many additions run and wait at once, and how long one may take."""

    max_file_mb: float = ReadLimits.max_file_bytes / 2**20
    max_article_chars: int = ReadLimits.max_article_chars
    max_question_chars: int = MAX_QUESTION_CHARS
    url_timeout_s: float = ReadLimits.url_timeout_s
    fetch_private_addresses: bool = ReadLimits.fetch_private_addresses
    max_archive_mb: float = ReadLimits.max_archive_bytes / 2**20
    max_archive_files: int = ReadLimits.max_archive_files
    max_file_items: int = ReadLimits.max_file_items
    max_pdf_pages: int = ReadLimits.max_pdf_pages
    max_pdf_seconds: float = ReadLimits.max_pdf_seconds
    max_html_mb: float = ReadLimits.max_html_bytes / 2**20
    ingest_workers: int = 1
    ingests_per_user: int = 1
    ingests_waiting_per_user: int = 10
    ingests_waiting: int = 50
    ingest_deadline_s: float = 3600


@dataclass
class Logging:
    level: str = "INFO"


@dataclass
class Config:
    storage: Storage = field(default_factory=Storage)
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    chunking: Chunking = field(default_factory=Chunking)
    vectors: VectorSettings = field(default_factory=VectorSettings)
    index: Index = field(default_factory=Index)
    milvus: MilvusSettings = field(default_factory=MilvusSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    telegram: Telegram = field(default_factory=Telegram)
    access: Access = field(default_factory=Access)
    follow: Follow = field(default_factory=Follow)
    library: LibraryScope = field(default_factory=LibraryScope)
    limits: Limits = field(default_factory=Limits)
    logging: Logging = field(default_factory=Logging)
    base_dir: Path = field(default=Path("."), repr=False)

    @property
    def data_dir(self) -> Path:
        """The storage folder, relative paths taken from the config file's folder."""
        return (self.base_dir / Path(self.storage.path).expanduser()).resolve()

    @property
    def milvus_uri(self) -> str:
        """A Milvus server's URL as given; a Lite `.db` path relative to the storage folder (default in it)."""
        uri = self.milvus.uri
        return uri if uri.startswith(MILVUS_SCHEMES) else str(self.data_dir / Path(uri or MILVUS_LITE).expanduser())


CHOICES = {
    "embedding.runtime": RUNTIMES,
    "vectors.kind": ("exact", "hnsw"),
    "library.scope": ("shared", "per_chat"),
    "index.backend": ("local", "milvus"),
    "telegram.mode": ("polling", "webhook"),
    "logging.level": ("DEBUG", "INFO", "WARNING", "ERROR"),
}
POSITIVE = {"embedding.batch_size", "embedding.ingest_passages", "chunking.max_tokens", "search.passages",
            "search.candidates", "search.per_article", "search.max_quote_chars", "limits.max_file_mb",
            "limits.max_article_chars", "limits.max_question_chars", "limits.url_timeout_s", "limits.max_archive_mb", "limits.max_archive_files",
            "limits.max_file_items", "limits.max_pdf_pages", "limits.max_pdf_seconds", "limits.max_html_mb",
            "limits.ingest_workers",
            "limits.ingests_per_user", "limits.ingests_waiting_per_user", "limits.ingests_waiting",
            "limits.ingest_deadline_s"}
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a webhook's secret_token


def load(path: str | Path | None = None, data_dir: str | None = None, environ=os.environ) -> Config:
    """Read the config file (if any), apply environment overrides, and validate every key."""
    config_path = Path(path or "config.yaml")
    raw: dict = {}
    if config_path.exists():
        try:
            raw = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise ConfigError(f"{config_path}: not valid YAML ({error.problem} at line {error.problem_mark.line + 1})"
                              if getattr(error, "problem_mark", None) else f"{config_path}: not valid YAML")
        if not isinstance(raw, dict):
            raise ConfigError(f"{config_path}: expected sections of settings at the top level")
    elif path is not None:
        raise ConfigError(f"config file not found: {config_path}")
    _apply_environment(raw, environ)
    config = _build(Config, raw, "")
    config.base_dir = config_path.resolve().parent
    if data_dir or environ.get("QAWL_DATA_DIR"):
        config.storage.path = str(Path(data_dir or environ["QAWL_DATA_DIR"]).resolve())
    _check(config)
    return config


def _apply_environment(raw: dict, environ) -> None:
    for name, value in environ.items():
        if name == "TELEGRAM_BOT_TOKEN":
            raw.setdefault("telegram", {})["token"] = value
        elif name.startswith("QAWL_") and "__" in name:
            keys = [part.lower() for part in name[len("QAWL_"):].split("__")]
            section = raw
            for key in keys[:-1]:
                section = section.setdefault(key, {})
                if not isinstance(section, dict):
                    raise ConfigError(f"{name}: '{key}' is not a section")
            section[keys[-1]] = _parse_environment_value(value)


def _parse_environment_value(value: str):
    if value == EVERYONE:
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _build(cls, raw, prefix: str):
    if not isinstance(raw, dict):
        raise ConfigError(f"{prefix.rstrip('.') or 'config'}: expected a section of settings, got {raw!r}")
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls) if f.name != "base_dir"}
    for key in raw:
        if key not in known:
            raise ConfigError(f"unknown setting '{prefix}{key}' (known in this section: {', '.join(sorted(known))})")
    values = {}
    for name in known:
        if name in raw:
            values[name] = _convert(hints[name], raw[name], prefix + name)
    return cls(**values)


def _convert(kind, value, key: str):
    if is_dataclass(kind):
        return _build(kind, value, key + ".")
    if kind == ChatNames:
        return _chat_names(value, key)
    if get_origin(kind) is Union:
        if value == EVERYONE:
            return value
        return _convert(list[int], value, key) if isinstance(value, list) else _fail(key, "a list of ids or 'everyone'", value)
    if get_origin(kind) is list:
        (item,) = get_args(kind)
        if not isinstance(value, list):
            _fail(key, f"a list of {item.__name__}", value)
        return [_convert(item, element, key) for element in value]
    if kind is bool:
        return value if isinstance(value, bool) else _fail(key, "true or false", value)
    if kind is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else _fail(key, "a whole number", value)
    if kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return float(value) if ok else _fail(key, "a number", value)
    if kind is str:
        return value if isinstance(value, str) else _fail(key, "text", value)
    raise ConfigError(f"{key}: unsupported setting type")


def _chat_names(value, key: str) -> list[int | str]:
    """Chats named by id or by @username, each as given."""
    names = value if isinstance(value, list) else _fail(key, "a list of chat ids or @usernames", value)
    for name in names:
        if not (isinstance(name, int) and not isinstance(name, bool) or isinstance(name, str) and USERNAME.fullmatch(name)):
            _fail(key, "a list of chat ids or @usernames (5-32 letters, digits or _)", name)
    return names


def _fail(key: str, expected: str, value):
    raise ConfigError(f"setting '{key}' must be {expected}, got {value!r}")


def _check(config: Config) -> None:
    for key, allowed in CHOICES.items():
        value = _get(config, key)
        if value not in allowed:
            raise ConfigError(f"setting '{key}' must be one of {', '.join(allowed)}, got {value!r}")
    for key in POSITIVE:
        if _get(config, key) <= 0:
            raise ConfigError(f"setting '{key}' must be above zero, got {_get(config, key)!r}")
    if not config.embedding.model.strip():
        raise ConfigError("setting 'embedding.model' must name a model")
    uri = config.milvus.uri
    if uri and not uri.startswith(MILVUS_SCHEMES) and not uri.endswith(".db"):
        raise ConfigError("setting 'milvus.uri' must be a Milvus Lite folder ending in .db, or a server's "
                          f"http:// or https:// address, got {uri!r}")
    if not config.milvus.collection.strip():
        raise ConfigError("setting 'milvus.collection' must name a collection")
    _check_webhook(config.telegram)


def _check_webhook(telegram: Telegram) -> None:
    """A webhook needs its public address, and a secret so that only Telegram's posts are taken as updates."""
    hook = telegram.webhook
    if hook.secret_token and not SECRET_TOKEN.fullmatch(hook.secret_token):
        raise ConfigError("setting 'telegram.webhook.secret_token' must be 1 to 256 characters of A-Z, a-z, 0-9, "
                          "_ and - (Telegram refuses others)")
    if telegram.mode != "webhook":
        return
    if not hook.url:
        raise ConfigError("setting 'telegram.webhook.url' must be the public https address "
                          "when telegram.mode is webhook")
    if not hook.secret_token:
        raise ConfigError("setting 'telegram.webhook.secret_token' must be set when telegram.mode is webhook: "
                          "without it anyone who reaches the port can post updates as any user")


def _get(config: Config, key: str):
    value = config
    for part in key.split("."):
        value = getattr(value, part)
    return value
