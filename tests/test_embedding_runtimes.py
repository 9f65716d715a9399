"""The model runs on OpenVINO by default, gives torch's vectors, and falls back to torch when it must."""
import numpy as np
import pytest

from index import embed, openvino_encoder
from index.embed import Embedder, EmbeddingSettings
from index.errors import ConfigError

TEXTS = [
    "who claimed Italian troops are in Misrata?",
    "نعم",
    "وقال بسام راضي، الناطق الرسمي بإسم الرئاسة المصرية، إن الرئيس السيسي بحث مستجدات الأوضاع في ليبيا.",
    "مدينة مصراتة، التي يتواجد فيها نحو 1800 ضابط وعسكري إيطالي " * 12,
    "The Egyptian presidency said the two leaders discussed the situation in Libya.",
]


@pytest.fixture(scope="module")
def torch_embedder():
    embedder = Embedder(EmbeddingSettings(runtime="torch"))
    _ = embedder.encoder
    return embedder


@pytest.mark.slow
def test_the_default_runtime_is_openvino_in_the_cpus_best_precision(embedder):
    import openvino

    best = "bf16" if "BF16" in openvino.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES") else "f32"
    assert embedder.runtime == f"OpenVINO {best}"


@pytest.mark.slow
def test_openvino_vectors_are_interchangeable_with_torch_ones(embedder, torch_embedder):
    """Texts of very different lengths share a batch: padding must not change a vector."""
    for ours, theirs in ((embedder.passages(TEXTS), torch_embedder.passages(TEXTS)),
                         (embedder.queries(TEXTS), torch_embedder.queries(TEXTS))):
        cosines = (ours * theirs).sum(axis=1)
        assert cosines.mean() >= 0.9995 and cosines.min() >= 0.999, cosines
    alone = np.vstack([embedder.passages([text]) for text in TEXTS])
    assert ((alone * embedder.passages(TEXTS)).sum(axis=1) >= 0.9999).all()


@pytest.mark.slow
def test_many_texts_in_flight_at_once_get_each_its_own_vector(embedder, torch_embedder):
    """Seventy texts make three batches, each padded to its own shape."""
    many = [f"{number}. {text}" for number in range(14) for text in TEXTS]
    ours, theirs = embedder.passages(many), torch_embedder.passages(many)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.mean() >= 0.9995 and cosines.min() >= 0.999, cosines
    alone = np.vstack([embedder.passages([text]) for text in many])
    assert ((alone * ours).sum(axis=1) >= 0.9999).all()


@pytest.mark.slow
def test_both_runtimes_count_the_same_tokens(embedder, torch_embedder):
    for text in TEXTS + ["x " * 600]:
        assert embedder.count_tokens(text) == torch_embedder.count_tokens(text)


@pytest.mark.slow
def test_a_library_built_on_one_runtime_is_searched_on_the_other(tmp_path, embedder, torch_embedder):
    from index.article import Article
    from index.library import Library
    from retrieval.search import Searcher

    library = Library(tmp_path / "lib", torch_embedder)
    library.add(Article(TEXTS[2] + "\n\n" + TEXTS[3], title="ليبيا", input="a.txt"))
    library.close()
    library = Library(tmp_path / "lib", embedder)
    answer = Searcher(library, library.embed_question).ask("من بحث مستجدات الأوضاع في ليبيا؟")
    assert answer.found and "بسام راضي" in answer.passages[0].quote
    library.close()


def test_a_cpu_without_bf16_gets_the_f32_hint():
    class Core:
        def __init__(self, capabilities):
            self.capabilities = capabilities

        def get_property(self, device, name):
            assert (device, name) == ("CPU", "OPTIMIZATION_CAPABILITIES")
            return self.capabilities

    assert openvino_encoder.precision(Core(["FP32", "INT8", "BIN", "EXPORT_IMPORT"])) == "f32"
    assert openvino_encoder.precision(Core(["BF16", "FP32", "INT8"])) == "bf16"


def _broken_export(tmp_path, monkeypatch, embedder):
    """An export whose model file is damaged, as a failed disk or a half-copied cache leaves it."""
    real = openvino_encoder.export(embedder.path, embed.openvino_folder(embedder.path))
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in (openvino_encoder.TOKENIZER, openvino_encoder.SETTINGS):
        (broken / name).write_bytes((real / name).read_bytes())
    (broken / openvino_encoder.MODEL).write_text("<net>not a model</net>")
    monkeypatch.setattr(embed, "openvino_folder", lambda path: broken)


@pytest.mark.slow
def test_auto_falls_back_to_torch_saying_so_once(tmp_path, monkeypatch, embedder):
    _broken_export(tmp_path, monkeypatch, embedder)
    said = []
    fallback = Embedder(EmbeddingSettings(runtime="auto"), announce=said.append)
    assert fallback.runtime == "torch fp32"
    assert fallback.queries(["نعم"]).shape == (1, 384)
    assert len(said) == 1 and "using torch" in said[0]


@pytest.mark.slow
def test_asking_for_openvino_when_it_cannot_run_is_a_clear_error(tmp_path, monkeypatch, embedder):
    _broken_export(tmp_path, monkeypatch, embedder)
    with pytest.raises(ConfigError, match="embedding.runtime: OpenVINO cannot run"):
        _ = Embedder(EmbeddingSettings(runtime="openvino")).encoder


def test_an_unknown_runtime_is_refused_naming_the_key(tmp_path):
    from bot import config

    path = tmp_path / "config.yaml"
    path.write_text("embedding:\n  runtime: cuda\n")
    with pytest.raises(ConfigError, match="embedding.runtime"):
        config.load(path)


def test_batches_are_padded_to_a_few_shapes_that_leave_the_vectors_as_they_are(embedder):
    shapes = {openvino_encoder.padded_shape(texts, tokens, 32) for texts in range(1, 33) for tokens in range(1, 513)}
    assert len(shapes) <= 6 * 32  # 1, 2, 4, 8, 16 or 32 texts of 16, 32, … 512 tokens
    assert all(rows >= 1 and width % openvino_encoder.WIDTH_STEP == 0 for rows, width in shapes)
    assert openvino_encoder.padded_shape(5, 17, 32) == (8, 32)
    alone = np.vstack([embedder.passages([text]) for text in TEXTS])
    together = embedder.passages(TEXTS)  # five texts of different lengths: one batch of eight rows
    assert np.all(np.isfinite(together))
    assert float((alone * together).sum(axis=1).min()) > 0.99999


def test_an_unloaded_model_is_loaded_again_when_next_used(embedder):
    fresh = Embedder(embedder.settings)
    before = fresh.passages(TEXTS[:2])
    fresh.unload()
    assert "encoder" not in vars(fresh) and fresh.dim == embedder.dim
    assert float((fresh.passages(TEXTS[:2]) * before).sum(axis=1).min()) > 0.99999
