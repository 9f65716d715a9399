"""Asking: exact quotes of whole sentences, no repeats, honest refusals, and the JSON contracts."""
import json
import os
import subprocess
import sys

import pytest

from bot import texts
from index import segment
from index.article import Article
from index.errors import BadQuestion
from index.library import Library
from retrieval.search import SearchSettings, Searcher
from tests.conftest import BACKENDS, REPO, search_index

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(tmp_path_factory, embedder, request):
    from tests.conftest import shared_file

    text = shared_file("seed/al-arab-tripoli-haftar.txt").read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("seeded")
    library = Library(folder, embedder, search_index=search_index(request.param, folder))
    library.add(Article(text, title="حفتر يطلب الدعم", source="العرب", author="الجمعي قاسمي", input="seed"))
    yield library, text, folder, request.param
    library.close()


def test_quotes_are_whole_sentences_of_the_article_and_never_overlap(seeded):
    library, text, _, _ = seeded
    sentences = segment.split_sentences(text)
    starts, ends = {s.start for s in sentences}, {s.end for s in sentences}
    searcher = Searcher(library, library.embed_question, SearchSettings(per_article=10))
    answer = searcher.ask("ما هو موقف مصر من معركة طرابلس؟", k=10)
    assert answer.found and len(answer.passages) >= 5
    for passage in answer.passages:
        assert text[passage.start:passage.end] == passage.quote
        assert passage.start in starts and passage.end in ends
        assert passage.quote in passage.context
        assert passage.source == "العرب" and passage.author == "الجمعي قاسمي"
    spans = sorted((p.start, p.end) for p in answer.passages)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def test_the_arabic_paraphrase_finds_both_claims_in_the_top_three(seeded):
    library, _, _, _ = seeded
    answer = Searcher(library, library.embed_question).ask("من قال إن هناك قاعدة إيطالية في مصراتة؟", k=3)
    quotes = " ".join(p.quote for p in answer.passages)
    assert "قاعدة إيطالية كاملة" in quotes and "1800 ضابط وعسكري إيطالي" in quotes


@pytest.mark.parametrize("question", ["🙂", "ب", "   ", "?!", "x" * 1001])
def test_a_question_without_words_or_too_long_gets_a_clear_message(seeded, question):
    library, _, _, _ = seeded
    with pytest.raises(BadQuestion) as refused:
        Searcher(library, library.embed_question).ask(question)
    worded = texts.bad_question(refused.value, texts.EN)
    if len(question) > 1000:
        assert refused.value.problem == BadQuestion.TOO_LONG and "1001 characters long; the limit is 1000" in worded
    else:
        assert refused.value.problem == BadQuestion.NO_WORDS and worded.startswith("Please ask a question in words")


def test_ask_jsonl_answers_every_line_in_order_with_the_public_shape(seeded, tmp_path):
    library, _, folder, backend = seeded
    library.close()  # Milvus Lite serves one process: `qawl ask` opens it next
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "q1", "question": "who claimed Italian troops are in Misrata?"}) + "\n"
                         + json.dumps({"id": "q2", "question": "🙂"}) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "--data-dir", str(folder), "ask", "--jsonl", str(questions),
                           "-k", "3"], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QAWL_INDEX__BACKEND": backend})
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2"]
    first = lines[0]["answer"]
    assert set(first) == {"question", "found", "took_ms", "passages"} and first["found"]
    assert set(first["passages"][0]) == {"article_id", "quote", "start", "end", "context", "score", "speaker",
                                         "title", "source", "author", "url", "published"}
    assert any("1800 ضابط وعسكري إيطالي" in p["quote"] for p in first["passages"])
    assert lines[1]["answer"]["found"] is False and lines[1]["answer"]["passages"] == []


def test_an_empty_library_says_so(library):
    answer = Searcher(library, library.embed_question).ask("who claimed Italian troops are in Misrata?")
    assert not answer.found and answer.empty_library and "empty" in texts.unanswered(answer, texts.EN)
