"""Shared test fixtures: where the public corpora live, and skipping without them."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.hostile_files import zip_of  # noqa: F401 (the reader tests take it from here)

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("QAWL_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared_file(relative: str) -> Path:
    """A file of the public corpora beside the repository, or skip the test without it."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"needs the public corpora at {SHARED_DATA} ({relative} is absent)")
    return path


@pytest.fixture
def seed_article_path() -> Path:
    """The reference article: Al-Arab on Haftar in Cairo."""
    return shared_file("seed/al-arab-tripoli-haftar.txt")


@pytest.fixture(scope="session")
def embedder():
    """The real default model, built once into the user's cache and loaded once per test run."""
    from index.embed import Embedder, EmbeddingSettings

    model = Embedder(EmbeddingSettings("builtin:multilingual-e5-small"))
    _ = model.encoder
    return model


BACKENDS = ["local", "milvus"]


def search_index(backend: str, folder: Path):
    """The search index of a library in `folder`: FAISS and FTS5 beside the store, or Milvus Lite started in it."""
    from functools import partial

    from index.local_index import LocalIndex
    from index.milvus_index import MilvusIndex, MilvusSettings

    if backend == "local":
        return LocalIndex
    return partial(MilvusIndex, settings=MilvusSettings(uri=str(folder / "milvus.db")))


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Each search index in turn: a test taking it runs against both."""
    return request.param


@pytest.fixture
def library(tmp_path, embedder, backend):
    """An empty library in a temporary folder, with the real model, on each search index."""
    from index.library import Library

    lib = Library(tmp_path / "library", embedder, search_index=search_index(backend, tmp_path / "library"))
    yield lib
    lib.close()

