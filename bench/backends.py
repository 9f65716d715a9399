"""Search index benchmark: the local index (FAISS and FTS5) against Milvus Lite, side by side in one run.

Over copies of one library: the time to write each search index from SQLite (what opening a library with a
missing index, or `qawl reindex --index`, does), then p50 and p95 of a whole answer (question embedding,
candidates, quote selection; model warm) for the first N Arabic and N English XQuAD questions, asked of
each backend in turn, question by question (after two warm-up questions: Milvus Lite builds each field's
index at its first search), and how often both give the same first passage. Then the ingest
rate of the same SaudiNewsNet articles into a new library on each backend, the index open while adding (as
in the bot: each article written to the index right after its transaction commits).

    .venv/bin/python bench/backends.py --library /tmp/qawl-aaqad-eval --questions 100 --ingest 60
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot import config as configuration, wiring  # noqa: E402
from index.library import DATABASE  # noqa: E402
from retrieval.evaluation import distractor_sample  # noqa: E402
from retrieval.qa_sets import xquad as xquad_questions  # noqa: E402

BACKENDS = ("local", "milvus")
WARM_UP = ("ما هو موقف مصر من معركة طرابلس؟", "Who claimed Italian troops are in Misrata?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="a library folder to copy for the latency run")
    parser.add_argument("--questions", type=int, default=200, help="questions asked per language")
    parser.add_argument("--ingest", type=int, default=100, help="SaudiNewsNet articles ingested per backend (0: none)")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, default=Path("/tmp/qawl-backends"), help="where the copies go")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    row = latency(args.library, args.work / "latency", args.data / "xquad", args.questions)
    if args.ingest:
        row.update(ingest_rate(distractor_sample(args.data / "saudinewsnet", args.ingest, 13), args.work / "ingest"))
    print(json.dumps(row, indent=2))


def config_for(backend: str, folder: Path):
    config = configuration.load(REPO / "config.yaml", data_dir=str(folder))
    return replace(config, index=replace(config.index, backend=backend))


def latency(source: Path, work: Path, xquad: Path, per_language: int) -> dict:
    libraries, searchers, row = {}, {}, {}
    for backend in BACKENDS:
        folder = work / backend
        folder.mkdir(parents=True)
        with sqlite3.connect(source / DATABASE) as src, sqlite3.connect(folder / DATABASE) as dst:
            src.backup(dst)
        config = config_for(backend, folder)
        libraries[backend] = wiring.library(config)
        libraries[backend].embedder.dim  # the model loaded first: not part of the index's time
        started = time.perf_counter()
        libraries[backend].open()
        took = time.perf_counter() - started
        passages = libraries[backend].passage_count()
        row[f"{backend}_index_from_sqlite_s"] = round(took, 1)
        row[f"{backend}_index_passages_per_s"] = round(passages / took)
        searchers[backend] = wiring.searcher(config, libraries[backend])
        searchers[backend].warm()
        for question in WARM_UP:  # Milvus Lite builds each field's index at its first search
            searchers[backend].ask(question)
        print(f"{backend}: index written from SQLite in {took:.1f} s", file=sys.stderr, flush=True)
    row["passages"] = passages
    asked = [q for language in ("ar", "en")
             for q in [q for q in xquad_questions(xquad) if q.language == language][:per_language]]
    took, same = {backend: [] for backend in BACKENDS}, 0
    for question in asked:
        firsts = set()
        for backend in BACKENDS:
            answer = searchers[backend].ask(question.text)
            took[backend].append(answer.took_ms)
            firsts.add((answer.passages[0].article_id, answer.passages[0].start) if answer.passages else None)
        same += len(firsts) == 1
    for backend in BACKENDS:
        ordered = sorted(took[backend])
        row[f"{backend}_p50_ms"] = round(statistics.median(ordered), 1)
        row[f"{backend}_p95_ms"] = round(ordered[int(0.95 * (len(ordered) - 1))], 1)
        libraries[backend].close()
    row["questions"] = len(asked)
    row["same_first_passage"] = round(same / len(asked), 3)
    print(f"latency {json.dumps(row)}", file=sys.stderr, flush=True)
    return row


def ingest_rate(articles: list, work: Path) -> dict:
    row = {}
    for backend in BACKENDS:
        library = wiring.library(config_for(backend, work / backend))
        library.open()
        started = time.perf_counter()
        results = list(library.add_many(articles))
        took = time.perf_counter() - started
        added = [r for r in results if r.status == "added"]
        row[f"{backend}_ingest_articles"] = len(added)
        row[f"{backend}_ingest_passages"] = sum(r.chunks for r in added)
        row[f"{backend}_ingest_s"] = round(took, 1)
        row[f"{backend}_ingest_articles_per_s"] = round(len(added) / took, 2)
        library.close()
        print(f"{backend}: ingest {json.dumps(row)}", file=sys.stderr, flush=True)
    return row


if __name__ == "__main__":
    main()
