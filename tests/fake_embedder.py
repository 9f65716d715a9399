"""A deterministic stand-in for the embedding model, for tests about storing rather than about meaning."""
from __future__ import annotations

import hashlib

import numpy as np

from index import analyze
from index.embed import EmbeddingSettings

DIM = 64


class WordsEmbedder:
    """Each word a fixed pseudo-random direction, a text the normalised sum of its words': texts that share
    words are near, the same text always gets the same vector, in any process. No model is loaded."""

    dim = DIM
    identity = f"test:words|{DIM}"
    settings = EmbeddingSettings("test:words", ingest_passages=64)

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.array([_vector(text) for text in texts], dtype=np.float32).reshape(len(texts), DIM)

    queries = passages


def _vector(text: str) -> np.ndarray:
    total = np.zeros(DIM, dtype=np.float32)
    for word in analyze.tokens(text) or [""]:
        seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
        total += np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return total / np.linalg.norm(total)
