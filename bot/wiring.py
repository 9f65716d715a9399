"""Building the core objects from the configuration, the same way for the CLI and the bot."""
from __future__ import annotations

import logging
import sys

from bot.config import Config
from index.embed import Embedder, EmbeddingSettings
from index.library import Library
from index.readers import ReadLimits
from retrieval.search import SearchSettings, Searcher


def announce(message: str) -> None:
    """Progress for people, on stderr so that --json output stays clean."""
    print(message, file=sys.stderr, flush=True)


def embedder(config: Config) -> Embedder:
    e = config.embedding
    return Embedder(EmbeddingSettings(e.model, e.query_prefix, e.passage_prefix, e.batch_size, e.threads,
                                      e.ingest_passages),
                    announce=announce)


def library(config: Config) -> Library:
    v = config.vectors
    return Library(config.data_dir, embedder(config), config.chunking.max_tokens, v.kind, v.hnsw_neighbors,
                   v.hnsw_search_depth)


def searcher(config: Config, lib: Library) -> Searcher:
    s = config.search
    return Searcher(lib, SearchSettings(passages=s.passages, candidates=s.candidates, per_article=s.per_article,
                                        min_score_ar=s.min_score_ar, min_score_en=s.min_score_en,
                                        max_question_chars=config.limits.max_question_chars))


def read_limits(config: Config) -> ReadLimits:
    limits = config.limits
    return ReadLimits(max_file_bytes=int(limits.max_file_mb * 2**20), max_article_chars=limits.max_article_chars,
                      url_timeout_s=limits.url_timeout_s, fetch_private_addresses=limits.fetch_private_addresses)


def setup_logging(config: Config) -> None:
    """One format, the configured level, and no request lines that would carry the token."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=config.logging.level)
    for noisy in ("httpx", "httpcore", "telegram.ext.ExtBot", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
