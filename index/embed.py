"""Turning passages and questions into normalised vectors with a sentence-transformers model."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from index.builtin_model import BUILTIN_PREFIX, ensure_built
from index.errors import ConfigError


@dataclass(frozen=True)
class EmbeddingSettings:
    """Which model, with which prefixes, in what batches."""

    model: str
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    batch_size: int = 32
    threads: int = 0


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
    def model(self):
        """The sentence-transformers model, loaded (and for builtin models built) on first use."""
        spec = self.settings.model
        if spec.startswith(BUILTIN_PREFIX):
            path = str(ensure_built(spec[len(BUILTIN_PREFIX):], announce=self.announce))
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        else:
            path = spec
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
        return self._encode(texts, self.settings.passage_prefix)

    def queries(self, texts: list[str]) -> np.ndarray:
        """Vectors for questions, prefixed as the model expects."""
        return self._encode(texts, self.settings.query_prefix)

    def passages_with_parts(self, texts: list[str], parts: list[list[tuple[int, int]]]
                            ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors, plus a vector per part (a character span of its passage) from the same pass.

        A part's vector is the normalised mean of the passage's contextual token vectors that fall
        inside it ("late chunking"): the sentences of a passage cost no second run of the model.
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), []
        prefix = self.settings.passage_prefix
        prefixed = [prefix + text for text in texts]
        tokens = self.model.encode(prefixed, batch_size=self.settings.batch_size, output_value="token_embeddings",
                                   convert_to_numpy=False, show_progress_bar=False)
        offsets = self.model.tokenizer(prefixed, return_offsets_mapping=True, truncation=True,
                                       max_length=self.model.max_seq_length)["offset_mapping"]
        passages, pooled = [], []
        for token_vectors, token_offsets, spans in zip(tokens, offsets, parts):
            matrix = token_vectors.float().numpy()
            passages.append(_unit(matrix.mean(axis=0)))
            starts = np.array([start for start, end in token_offsets]) - len(prefix)
            ends = np.array([end for start, end in token_offsets]) - len(prefix)
            real = ends > starts
            rows = []
            for start, end in spans:
                inside = real & (starts < end) & (ends > start)
                rows.append(_unit(matrix[inside].mean(axis=0)) if inside.any() else passages[-1])
            pooled.append(np.array(rows, dtype=np.float32).reshape(len(spans), -1))
        return np.array(passages, dtype=np.float32), pooled

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


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)
