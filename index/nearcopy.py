"""Recognising near-copies (the same wire story lightly edited) by MinHash over word shingles."""
from __future__ import annotations

import hashlib

import numpy as np

PERMUTATIONS = 64
BANDS = 16
SHINGLE_WORDS = 5
THRESHOLD = 0.9
_random = np.random.default_rng(20190414)
_A = _random.integers(1, 2**32 - 1, PERMUTATIONS, dtype=np.uint64)
_B = _random.integers(0, 2**32 - 1, PERMUTATIONS, dtype=np.uint64)


def signature(tokens: list[str]) -> np.ndarray:
    """A MinHash signature of the text's word shingles (tokens already normalised)."""
    width = min(SHINGLE_WORDS, max(len(tokens), 1))
    shingles = {" ".join(tokens[i : i + width]) for i in range(max(len(tokens) - width + 1, 1))}
    hashes = np.array(
        [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") for s in shingles],
        dtype=np.uint64,
    )
    permuted = (hashes[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(16)
    return permuted.min(axis=0).astype(np.uint32)


def bands(sig: np.ndarray) -> list[int]:
    """Locality-sensitive keys: articles sharing one are candidates for a near-copy check."""
    rows = PERMUTATIONS // BANDS
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * rows : (band + 1) * rows].tobytes(), digest_size=7).digest()
        keys.append(band << 56 | int.from_bytes(digest, "little"))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))
