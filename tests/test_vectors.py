"""The vector index: exact or approximate, saved atomically with the store state it reflects, never written
over a newer one, and never trusted over SQLite."""
import faiss
import numpy as np
import pytest

from index.vectors import StoreState, VectorIndex, VectorSettings, read_state


def unit_vectors(count: int, dim: int = 32, seed: int = 7) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def saved(path, ids, generation: int, kind: str = "exact", store: str = "store-a") -> VectorIndex:
    index = VectorIndex(path, 32, VectorSettings(kind))
    index.add(np.asarray(ids), unit_vectors(len(ids)))
    index.state = StoreState(store, generation)
    index.save(latest=generation)
    return index


@pytest.mark.parametrize("kind", ["exact", "hnsw"])
def test_each_kind_finds_a_stored_vector_by_its_chunk_id(tmp_path, kind):
    vectors = unit_vectors(500)
    index = VectorIndex(tmp_path / "vectors.faiss", 32, VectorSettings(kind))
    index.add(np.arange(1000, 1500), vectors)
    scores, ids = index.search(vectors[[3, 42]], 5)
    assert ids[:, 0].tolist() == [1003, 1042]
    assert scores[0, 0] == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("kind", ["exact", "hnsw"])
def test_a_saved_index_reloads_with_the_same_ids_and_the_state_it_reflects(tmp_path, kind):
    path = tmp_path / "vectors.faiss"
    saved(path, np.arange(10, 110), generation=7, kind=kind)
    again = VectorIndex(path, 32, VectorSettings(kind))
    assert sorted(again.ids().tolist()) == list(range(10, 110))
    assert again.state == StoreState("store-a", 7)
    assert np.allclose(again.vectors(np.array([10, 109])), unit_vectors(100)[[0, 99]])
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_save_leaves_the_temporary_file_of_another_saver_alone(tmp_path):
    path = tmp_path / "vectors.faiss"
    for name in ("vectors.tmp", "vectors.faiss.tmp"):  # where another process may be writing its copy
        (tmp_path / name).write_bytes(b"another process is writing this")
    saved(path, np.arange(5), generation=1)
    for name in ("vectors.tmp", "vectors.faiss.tmp"):
        assert (tmp_path / name).read_bytes() == b"another process is writing this"
    assert len(VectorIndex(path, 32)) == 5


def test_a_temporary_file_left_by_a_saver_that_died_is_cleared_at_the_next_save(tmp_path):
    path = tmp_path / "vectors.faiss"
    (tmp_path / "vectors.faiss.k3j9x.tmp").write_bytes(b"half an index")
    saved(path, np.arange(5), generation=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vectors.faiss", "vectors.faiss.lock"]


def test_a_save_never_overwrites_a_file_of_a_newer_state_of_the_same_store(tmp_path):
    path = tmp_path / "vectors.faiss"
    older = VectorIndex(path, 32)
    saved(path, np.arange(20), generation=5)  # another process, further along
    older.add(np.arange(3), unit_vectors(3))
    older.state = StoreState("store-a", 4)
    older.save(latest=5)
    assert read_state(path) == StoreState("store-a", 5) and len(VectorIndex(path, 32)) == 20


@pytest.mark.parametrize("on_disk", [StoreState("store-a", 9), StoreState("store-b", 5), None])
def test_a_file_of_another_store_or_history_or_without_a_state_is_replaced(tmp_path, on_disk):
    path = tmp_path / "vectors.faiss"
    mine = VectorIndex(path, 32)
    if on_disk is None:  # as saved before the state was kept
        legacy = faiss.IndexIDMap2(faiss.IndexFlatIP(32))
        legacy.add_with_ids(unit_vectors(20), np.arange(20))
        faiss.write_index(legacy, str(path))
        assert VectorIndex(path, 32).state is None and len(VectorIndex(path, 32)) == 20
    else:
        saved(path, np.arange(20), on_disk.generation, store=on_disk.store)
    mine.add(np.arange(3), unit_vectors(3))
    mine.state = StoreState("store-a", 5)
    mine.save(latest=5)  # the store is at 5: a file at 9 is not of its history
    assert read_state(path) == StoreState("store-a", 5) and len(VectorIndex(path, 32)) == 3


def test_the_exact_index_forgets_removed_chunks(tmp_path):
    index = VectorIndex(tmp_path / "vectors.faiss", 32)
    vectors = unit_vectors(50)
    index.add(np.arange(50), vectors)
    index.remove(np.array([7]))
    _, ids = index.search(vectors[[7]], 3)
    assert 7 not in ids[0].tolist() and len(index) == 49


def test_a_rebuilt_index_holds_only_the_new_vectors(tmp_path):
    index = VectorIndex(tmp_path / "vectors.faiss", 32, VectorSettings("hnsw"))
    index.add(np.arange(50), unit_vectors(50))
    index.rebuild([(np.arange(100, 110), unit_vectors(10, seed=3))])
    assert sorted(index.ids().tolist()) == list(range(100, 110))


@pytest.mark.parametrize("content", [b"not a faiss file", b"qawl-vectors broken", None])
def test_a_corrupt_file_or_another_kind_of_index_is_started_afresh(tmp_path, content):
    path = tmp_path / "vectors.faiss"
    if content is None:
        saved(path, np.arange(5), generation=1, kind="hnsw")
    else:
        path.write_bytes(content)
    fresh = VectorIndex(path, 32, VectorSettings("exact"))
    assert len(fresh) == 0 and fresh.state is None
