"""Building the core objects from the configuration, the same way for the CLI and the bot."""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from dataclasses import replace
from functools import partial

from bot.config import Config
from bot.ingest_queue import IngestQueue
from bot.ingest_workers import IngestWorkers
from index.embed import Embedder
from index.library import Library
from index.local_index import LocalIndex
from index.milvus_index import MilvusIndex
from index.search_index import IndexFactory
from index.readers import ReadLimits
from retrieval.search import Searcher


@dataclass
class Core:
    """What the bot's handlers call: the settings, the library, the searcher, the reading limits, the
    queue of additions and the worker processes that add them."""

    config: Config
    library: Library
    searcher: Searcher
    limits: ReadLimits
    ingests: IngestQueue
    workers: IngestWorkers


def announce(message: str) -> None:
    """Progress for people, on stderr so that --json output stays clean."""
    print(message, file=sys.stderr, flush=True)


def embedder(config: Config) -> Embedder:
    return Embedder(config.embedding, announce=announce)


def library(config: Config) -> Library:
    return Library(config.data_dir, embedder(config), config.chunking.max_tokens, search_index(config))


def search_index(config: Config) -> IndexFactory:
    """The one place the search index is chosen (index.backend): FAISS and FTS5 beside the store, or Milvus."""
    if config.index.backend == "milvus":
        return partial(MilvusIndex, settings=replace(config.milvus, uri=config.milvus_uri), vectors=config.vectors)
    return partial(LocalIndex, settings=config.vectors)


def searcher(config: Config, lib: Library) -> Searcher:
    return Searcher(lib, lib.embed_question, config.search, config.limits.max_question_chars)


def worker_library(config: Config) -> Library:
    """The library as an ingest worker process opens it, logging as the bot does."""
    setup_logging(config)
    return library(config)


def core(config: Config) -> Core:
    lib = library(config)
    return Core(config, lib, searcher(config, lib), read_limits(config), ingest_queue(config),
                ingest_workers(config, lib))


def ingest_queue(config: Config) -> IngestQueue:
    limits = config.limits
    return IngestQueue(limits.ingest_workers, limits.ingests_per_user, limits.ingests_waiting_per_user,
                       limits.ingests_waiting)


def ingest_workers(config: Config, lib: Library) -> IngestWorkers:
    return IngestWorkers(partial(worker_library, config), config.limits.ingest_workers,
                         config.limits.ingest_deadline_s, lib.refresh)


def read_limits(config: Config) -> ReadLimits:
    limits = config.limits
    return ReadLimits(max_file_bytes=int(limits.max_file_mb * 2**20), max_article_chars=limits.max_article_chars,
                      url_timeout_s=limits.url_timeout_s, fetch_private_addresses=limits.fetch_private_addresses,
                      max_archive_bytes=int(limits.max_archive_mb * 2**20), max_archive_files=limits.max_archive_files,
                      max_file_items=limits.max_file_items, max_pdf_pages=limits.max_pdf_pages,
                      max_pdf_seconds=limits.max_pdf_seconds, max_html_bytes=int(limits.max_html_mb * 2**20))


def setup_logging(config: Config) -> None:
    """One format, the configured level, and no request lines that would carry the token."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=config.logging.level)
    for noisy in ("httpx", "httpcore", "telegram.ext.ExtBot", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
