"""`qawl eval`'s question sets, its fixed AAQAD split and the plain pipeline it measures Qawl against."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from index.segment import split_sentences
from retrieval import baseline, evaluation, qa_sets
from retrieval.qa_sets import Question
from retrieval.search import SearchSettings
from tests.conftest import REPO, shared_file


@pytest.fixture(scope="module")
def aaqad_folder():
    return shared_file("aaqad/AAQAD-v1.0 (0).json").parent


def test_aaqad_is_read_whole_and_split_by_paragraph(aaqad_folder):
    everything = qa_sets.aaqad(aaqad_folder)
    dev, report = qa_sets.aaqad(aaqad_folder, "dev"), qa_sets.aaqad(aaqad_folder, "report")
    # 3,381 paragraphs of which 3 have no text; 17,911 questions of which 11 are on those three.
    assert len(everything) == 3378 == len(dev) + len(report)
    assert sum(len(p.answerable) for p in everything) + sum(len(p.unanswerable) for p in everything) == 17900
    assert 0.67 < len(dev) / len(everything) < 0.73
    assert not {p.context for p in dev} & {p.context for p in report}
    assert all(qa_sets.split_of(p.context) == "dev" for p in dev)
    ids = [q.id for p in everything for q, _ in p.answerable] + [q.id for p in everything for q in p.unanswerable]
    assert len(ids) == len(set(ids))


def test_aaqad_answers_are_where_their_offsets_say(aaqad_folder):
    pairs = [(p.context, q, starts) for p in qa_sets.aaqad(aaqad_folder) for q, starts in p.answerable]
    placed = sum(context[start:start + len(answer)] == answer
                 for context, q, starts in pairs for answer, start in zip(q.answers, starts))
    assert placed / sum(len(q.answers) for _, q, _ in pairs) > 0.99
    assert all(not q.answers for p in qa_sets.aaqad(aaqad_folder) for q in p.unanswerable)


def test_missing_question_files_are_a_clear_message(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bot", "--data-dir", str(tmp_path / "lib"), "eval",
                           "--xquad", str(tmp_path), "--distractors", str(tmp_path)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == f"qawl: cannot read {tmp_path / 'xquad.ar.json'}: No such file or directory"
    (tmp_path / "xquad.ar.json").write_text('{"data": []}')
    (tmp_path / "xquad.en.json").write_text('{"data": []}')
    done = subprocess.run([sys.executable, "-m", "bot", "--data-dir", str(tmp_path / "lib"), "eval",
                           "--xquad", str(tmp_path), "--aaqad", str(tmp_path), "--distractors", str(tmp_path)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 1
    assert "no AAQAD files" in done.stderr and "Traceback" not in done.stderr


def test_evenly_spreads_over_the_whole_list():
    assert qa_sets.evenly(list(range(10)), 3) == [0, 3, 6]
    assert qa_sets.evenly(list(range(4)), None) == [0, 1, 2, 3]
    assert qa_sets.evenly(list(range(4)), 9) == [0, 1, 2, 3]


def test_a_hit_is_a_gold_answer_inside_the_text_as_normalised():
    assert evaluation.first_hit(("القاهرة",), ["ذهب إلى دمشق", "وصل إلى القاهِرَة أمس"]) == 2
    assert evaluation.first_hit(("1800 ضابط",), ["١٨٠٠ ضابط وعسكري"]) == 1
    assert evaluation.first_hit(("القاهرة",), ["ذهب إلى دمشق"]) is None
    assert evaluation.first_hit((), ["anything"]) is None


def test_windows_hold_at_most_three_sentences_and_600_characters():
    text = " ".join(f"هذه هي الجملة رقم {i} في النص." for i in range(10)) + " " + "كلمة " * 300 + "نهاية."
    spans = baseline.windows(text)
    sentences = split_sentences(text)
    for span in spans:
        inside = [s for s in sentences if span.start <= s.start and s.end <= span.end]
        assert span.end - span.start <= 600
        assert len(inside) <= 3
    assert [s.start for s in spans[:4]] == [sentences[0].start, sentences[3].start, sentences[6].start,
                                            sentences[9].start]
    # the 1,500-character sentence is cut between words, and nothing of the text is lost
    long_parts = [text[s.start:s.end] for s in spans if s.start >= sentences[10].start]
    assert len(long_parts) == 3 and all(part.startswith("كلمة") for part in long_parts)
    assert "".join(long_parts).replace(" ", "") == text[sentences[10].start:sentences[10].end].replace(" ", "")


def test_windows_leave_out_fragments():
    assert baseline.windows(". . .") == []
    assert baseline.windows("(1)") == []


def test_bm25_prefers_rare_terms_and_short_documents():
    documents = [["قمة", "عرب"], ["قمة", "عرب", "اقتصاد", "نفط", "سعر", "سوق"], ["نفط", "نفط"], ["عرب"]]
    index = baseline.BM25(documents)
    ranked = index.search(["قمة", "عرب"], 10)
    assert [doc for doc, _ in ranked] == [0, 1, 3]
    assert index.search(["نفط"], 10)[0][0] == 2
    assert index.search(["مفقود"], 10) == []
    assert len(index.search(["عرب"], 2)) == 2


def test_the_plain_pipeline_finds_and_caches_windows(tmp_path, embedder):
    texts = ["وصل الرئيس إلى القاهرة صباح اليوم في زيارة رسمية. والتقى وزير الخارجية. وبحث الجانبان العلاقات.",
             "ارتفعت أسعار النفط في الأسواق العالمية بنسبة خمسة في المئة. وقال محللون إن الطلب يزداد."]
    embedded = []

    def embed(batch):
        embedded.extend(batch)
        return embedder.passages(batch)

    cache = tmp_path / "plain" / "windows.npz"
    pipeline = baseline.PlainPipeline(texts, embed, cache, embedder.identity, announce=lambda _: None)
    assert len(pipeline.windows) == 2 and len(embedded) == 2
    question = "بكم ارتفعت أسعار النفط؟"
    vector = embedder.queries([question])[0]
    for method in baseline.METHODS:
        assert pipeline.windows[pipeline.ranked(method, question, vector, 5)[0]].startswith("ارتفعت"), method
    again = baseline.PlainPipeline(texts + ["نص جديد عن كرة القدم في الملعب الكبير."], embed, cache,
                                   embedder.identity, announce=lambda _: None)
    assert embedded == pipeline.windows + ["نص جديد عن كرة القدم في الملعب الكبير."]
    np.testing.assert_array_equal(again.vectors[:2], pipeline.vectors)
    other_model = baseline.PlainPipeline(texts, embed, cache, "another model", announce=lambda _: None)
    assert len(embedded) == 5 and other_model.vectors.shape == (2, embedder.dim)


def test_refusals_count_each_question_against_its_languages_threshold():
    settings = SearchSettings(min_score_ar=0.8, min_score_en=0.7)
    answerable = [Question(str(i), "ar", "ما عاصمة مصر؟", ("القاهرة",)) for i in range(4)]
    unanswerable = [Question("u1", "ar", "ما عاصمة ليبيا؟", ()), Question("u2", "ar", "What is it?", ())]
    report = evaluation.refusals(settings, answerable, [0.9, 0.85, 0.75, 0.81], unanswerable, [0.79, 0.75])
    assert report["configured thresholds: answerable still answered"] == 0.75
    assert report["configured thresholds: unanswerable refused"] == 0.5  # 0.75 passes the English threshold
    assert report["answerable questions"] == 4 and report["unanswerable questions"] == 2
    assert "ar balanced: unanswerable refused" in report


def test_side_by_side_sets_qawl_against_the_best_plain_method():
    fused = {"quote@1": 0.5, "quote@5": 0.7, "context@5": 0.9, "mrr_quote": 0.6}
    plain = {method: {"passage@1": 0.4, "passage@5": score, "mrr_passage": 0.5}
             for method, score in zip(baseline.METHODS, (0.6, 0.8, 0.85))}
    results = {"fused aaqad dev": fused, **{f"plain {m} aaqad dev": f for m, f in plain.items()}}
    row = evaluation.side_by_side(results, {"aaqad dev": [None] * 7}).splitlines()[2]
    assert row.startswith("| aaqad dev | 7 | 0.5 | 0.7 | 0.9 | 0.6 | 0.4 | 0.6 |")
    assert row.endswith("| -0.150 | +0.050 |")

