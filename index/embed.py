"""Turning passages and questions into normalised vectors with a sentence-transformers model."""
from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

from index.builtin_model import BUILTIN_NAME, BUILTIN_PREFIX, ensure_built
from index.errors import ConfigError


@dataclass(frozen=True)
class EmbeddingSettings:
    """Which model, with which prefixes, in what batches; how many passages an ingest embeds at once."""

    model: str = BUILTIN_PREFIX + BUILTIN_NAME
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    batch_size: int = 32
    threads: int = 0
    ingest_passages: int = 1024


class Embedder:
    """A loaded model; `identity` names it in the store so that a mismatch is caught."""

    def __init__(self, settings: EmbeddingSettings, announce=print):
        self.settings = settings
        self.announce = announce

    @property
    def identity(self) -> str:
        """The model spec plus its prefixes: changing any of them needs a reindex."""
        s = self.settings
        return f"{s.model}|{s.passage_prefix!r}|{s.query_prefix!r}"

    @cached_property
    def path(self) -> str:
        """Where the model is: a builtin model is built on first use; any other spec is passed on."""
        spec = self.settings.model
        if not spec.startswith(BUILTIN_PREFIX):
            return spec
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        return str(ensure_built(spec[len(BUILTIN_PREFIX):], announce=self.announce))

    @cached_property
    def model(self):
        """The sentence-transformers model, loaded on first use."""
        spec, path = self.settings.model, self.path
        import torch
        from sentence_transformers import SentenceTransformer

        if self.settings.threads:
            torch.set_num_threads(self.settings.threads)
        try:
            return SentenceTransformer(path, device="cpu")
        except (OSError, ValueError) as error:
            raise ConfigError(f"embedding.model: cannot load '{spec}' ({error})") from error

    @property
    def dim(self) -> int:
        """Length of every vector."""
        return int(self.model.get_embedding_dimension())

    def passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for stored text, prefixed as the model expects."""
        vectors = self._encode(texts, self.settings.passage_prefix)
        release_freed_memory()
        return vectors

    def queries(self, texts: list[str]) -> np.ndarray:
        """Vectors for questions, prefixed as the model expects."""
        return self._encode(texts, self.settings.query_prefix)

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for a passage (without its special tokens)."""
        encoding = self._tokenizer.encode(self.settings.passage_prefix + text, add_special_tokens=False)
        return len(encoding.ids)

    @cached_property
    def _tokenizer(self):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_str(self.model.tokenizer.backend_tokenizer.to_str())
        tokenizer.no_truncation()
        return tokenizer

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            [prefix + text for text in texts],
            batch_size=self.settings.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def release_freed_memory() -> None:
    """Hand the memory that glibc keeps after a batch of passages back to the system.

    Tensors of a batch come from the heap and fragment it: left alone, resident memory grew by
    ~1 GB over 5,000 articles. Trimming once per batch keeps it flat; forcing every tensor onto
    fresh pages instead (a low mmap threshold) did too, but cost a quarter of the throughput in
    page faults (docs/BENCHMARKS.md).
    """
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@cache
def _glibc():
    """The C library when it is glibc (Linux); None elsewhere."""
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None
