"""The vector index: exact or approximate, saved atomically, and never trusted over SQLite."""
import numpy as np
import pytest

from index.vectors import VectorIndex, VectorSettings


def unit_vectors(count: int, dim: int = 32, seed: int = 7) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", ["exact", "hnsw"])
def test_each_kind_finds_a_stored_vector_by_its_chunk_id(tmp_path, kind):
    vectors = unit_vectors(500)
    index = VectorIndex(tmp_path / "vectors.faiss", 32, VectorSettings(kind))
    index.add(np.arange(1000, 1500), vectors)
    scores, ids = index.search(vectors[[3, 42]], 5)
    assert ids[:, 0].tolist() == [1003, 1042]
    assert scores[0, 0] == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("kind", ["exact", "hnsw"])
def test_a_saved_index_reloads_with_the_same_ids(tmp_path, kind):
    path = tmp_path / "vectors.faiss"
    index = VectorIndex(path, 32, VectorSettings(kind))
    index.add(np.arange(10, 110), unit_vectors(100))
    index.save()
    assert not path.with_suffix(".tmp").exists()
    assert sorted(VectorIndex(path, 32, VectorSettings(kind)).ids().tolist()) == list(range(10, 110))


def test_the_exact_index_forgets_removed_chunks(tmp_path):
    index = VectorIndex(tmp_path / "vectors.faiss", 32)
    vectors = unit_vectors(50)
    index.add(np.arange(50), vectors)
    index.remove([7])
    _, ids = index.search(vectors[[7]], 3)
    assert 7 not in ids[0].tolist() and len(index) == 49


@pytest.mark.parametrize("content", [b"not a faiss file", None])
def test_a_corrupt_file_or_another_kind_of_index_is_started_afresh(tmp_path, content):
    path = tmp_path / "vectors.faiss"
    if content is None:
        other = VectorIndex(path, 32, VectorSettings("hnsw"))
        other.add(np.arange(5), unit_vectors(5))
        other.save()
    else:
        path.write_bytes(content)
    assert len(VectorIndex(path, 32, VectorSettings("exact"))) == 0
