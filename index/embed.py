"""Turning passages and questions into normalised vectors with a sentence-transformers model.

The model runs on OpenVINO (bfloat16 where the CPU has it) or, as sentence-transformers runs it,
on torch in float32. Both give the same vectors to within rounding (cosine > 0.9999), so a library
built on one runtime is searched with the other without a reindex.
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import os
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from index.builtin_model import BUILTIN_NAME, BUILTIN_PREFIX, cache_dir, ensure_built
from index.errors import ConfigError

RUNTIMES = ("auto", "openvino", "torch")
EXPORT_FORMAT = "fp16"  # how OpenVINO exports are written; a new format is exported anew


@dataclass(frozen=True)
class EmbeddingSettings:
    """Which model, with which prefixes, on which runtime, in what batches; how many passages an
    ingest embeds at once."""

    model: str = BUILTIN_PREFIX + BUILTIN_NAME
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    runtime: str = "auto"
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
        """The model spec plus its prefixes: changing any of them needs a reindex (the runtime does not)."""
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
    def encoder(self):
        """The model loaded on its runtime: OpenVINO unless torch is asked for; `auto` falls back to
        torch, saying so once, when OpenVINO cannot load the model."""
        runtime = self.settings.runtime
        if runtime not in RUNTIMES:
            raise ConfigError(f"embedding.runtime: '{runtime}' is not one of {', '.join(RUNTIMES)}")
        if runtime != "torch":
            try:
                return self._openvino()
            except Exception as error:  # any failure to export, load or compile: torch still works
                if runtime == "openvino":
                    raise ConfigError(f"embedding.runtime: OpenVINO cannot run '{self.settings.model}' ({error})") from error
                self.announce(f"OpenVINO cannot run the embedding model ({type(error).__name__}: {error}); using torch")
        return TorchEncoder(self.path, self.settings)

    def _openvino(self):
        from index.openvino_encoder import OpenVinoEncoder, export

        folder = export(self.path, openvino_folder(self.path), announce=self.announce)
        return OpenVinoEncoder(folder, self.settings.batch_size, self.settings.threads)

    @property
    def runtime(self) -> str:
        """The runtime the model runs on, e.g. 'OpenVINO bf16' or 'torch fp32'."""
        return self.encoder.name

    @cached_property
    def dim(self) -> int:
        """Length of every vector."""
        return int(self.encoder.dim)

    def unload(self) -> None:
        """Let go of the loaded model and its memory (at the end of an ingest); the next use loads it again."""
        for loaded in ("encoder", "_tokenizer"):
            self.__dict__.pop(loaded, None)
        gc.collect()
        release_freed_memory()

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

        tokenizer = Tokenizer.from_str(self.encoder.tokenizer.to_str())
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return tokenizer

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.encoder.encode([prefix + text for text in texts])
        return np.ascontiguousarray(vectors, dtype=np.float32)


class TorchEncoder:
    """The model as sentence-transformers runs it: torch, float32."""

    name = "torch fp32"

    def __init__(self, path: str, settings: EmbeddingSettings):
        import torch
        from sentence_transformers import SentenceTransformer
        from tokenizers import Tokenizer

        if settings.threads:
            torch.set_num_threads(settings.threads)
        try:
            self.model = SentenceTransformer(path, device="cpu")
        except (OSError, ValueError) as error:
            raise ConfigError(f"embedding.model: cannot load '{settings.model}' ({error})") from error
        self.dim = self.model.get_embedding_dimension()
        self.tokenizer = Tokenizer.from_str(self.model.tokenizer.backend_tokenizer.to_str())
        self.batch_size = settings.batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)


def openvino_folder(model_path: str) -> Path:
    """Where the OpenVINO export of a model is cached: named by the model, and by the time its folder
    was written, so that a rebuilt or replaced model is exported anew."""
    path = Path(model_path)
    written = max((p.stat().st_mtime_ns for p in path.iterdir()), default=0) if path.is_dir() else 0
    key = hashlib.sha1(f"{path.resolve() if path.exists() else model_path}|{written}".encode()).hexdigest()[:12]
    return cache_dir() / "openvino" / f"{path.name}-{EXPORT_FORMAT}-{key}"


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
