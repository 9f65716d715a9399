"""Scale benchmark: answer latency as the library grows, exact against approximate (HNSW) vector search.

From a library built by bench/ingest.py (or `qawl eval`), copies holding its first articles up to each
size in passages. Each copy is measured in a fresh process, so that process's peak RSS is that of a
server with the model and that library loaded: p50 and p95 of a whole answer (question embedding,
retrieval and quote selection, model warm) over the first N Arabic and N English XQuAD questions with
the exact index, then again with an HNSW index built from the same vectors, and the recall@10 of the
HNSW search against the exact one. Prints a Markdown table and draws the plot.

    .venv/bin/python bench/scale.py --library /tmp/qawl-eval --sizes 2500,5000,10000,0 --plot docs/latency.png
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot import config as configuration, wiring  # noqa: E402
from index.library import DATABASE, Library  # noqa: E402
from index.local_index import LocalIndex  # noqa: E402
from retrieval.qa_sets import xquad as xquad_questions  # noqa: E402
from retrieval.search import Searcher  # noqa: E402

RECALL_AT = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="a library folder to take the articles from")
    parser.add_argument("--sizes", default="10000,25000,50000,100000,0",
                        help="passages in each copy, comma-separated; 0 is the whole library")
    parser.add_argument("--questions", type=int, default=200, help="questions asked per language")
    parser.add_argument("--xquad", type=Path, default=REPO.parent / "shared" / "data" / "xquad")
    parser.add_argument("--work", type=Path, default=Path("/tmp/qawl-scale"), help="where the copies go")
    parser.add_argument("--plot", type=Path, help="write the latency plot here (PNG)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.xquad, args.questions)))
        return
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        copy = copy_first_passages(args.library, args.work / f"passages-{size or 'all'}", size)
        run = subprocess.run([sys.executable, __file__, "--library", str(args.library), "--measure", str(copy),
                              "--questions", str(args.questions), "--xquad", str(args.xquad)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(run.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(table(rows))
    if args.plot:
        plot(rows, args.plot)


def copy_first_passages(source: Path, target: Path, passages: int) -> Path:
    """A new copy of the library holding its first articles up to `passages` passages (all when 0)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with sqlite3.connect(source / DATABASE) as src, sqlite3.connect(target / DATABASE) as dst:
        src.backup(dst)
    with sqlite3.connect(target / DATABASE) as db:
        total, last = 0, None
        for article, count in db.execute("SELECT article, count(*) FROM chunks GROUP BY article ORDER BY article"):
            if passages and total + count > passages:
                break
            total, last = total + count, article
        if passages and last is not None:
            beyond = "(SELECT id FROM chunks WHERE article > ?)"
            for table in ("chunk_terms", "chunk_names"):
                db.execute(f"DELETE FROM {table} WHERE rowid IN {beyond}", (last,))
            for table in ("chunks", "sentences", "statements", "signature_bands"):
                db.execute(f"DELETE FROM {table} WHERE article > ?", (last,))
            db.execute("UPDATE articles SET copy_of = NULL WHERE copy_of > ?", (last,))
            db.execute("DELETE FROM articles WHERE rowid > ?", (last,))
    return target


def measure(folder: Path, xquad: Path, per_language: int) -> dict:
    """Latency with the exact index, the peak RSS so far, then latency and recall with HNSW."""
    config = configuration.load(REPO / "config.yaml", data_dir=str(folder))
    exact = wiring.library(config)
    searcher = wiring.searcher(config, exact)
    searcher.warm()
    asked = [q for language in ("ar", "en")
             for q in [q for q in xquad_questions(xquad) if q.language == language][:per_language]]
    row = {"passages": exact.passage_count(), "articles": exact.stats()["articles"]}
    row.update(_latencies("exact", searcher, asked))
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    started = time.perf_counter()
    approximate = Library(folder, exact.embedder, exact.chunk_tokens,
                          partial(LocalIndex, settings=replace(config.vectors, kind="hnsw")))
    approximate.open()
    row["hnsw_build_s"] = round(time.perf_counter() - started, 1)
    hnsw = Searcher(approximate, approximate.embed_question, searcher.settings, searcher.max_question_chars)
    row.update(_latencies("hnsw", hnsw, asked))
    query_vectors = exact.embedder.queries([q.text for q in asked])
    _, truth = exact.index.vectors.search(query_vectors, RECALL_AT)
    _, found = approximate.index.vectors.search(query_vectors, RECALL_AT)
    row[f"hnsw_recall@{RECALL_AT}"] = round(
        sum(len(set(t) & set(f)) for t, f in zip(truth.tolist(), found.tolist())) / truth.size, 4)
    return row


def _latencies(name: str, searcher: Searcher, asked: list) -> dict:
    took = [searcher.ask(q.text).took_ms for q in asked]
    ordered = sorted(took)
    return {f"{name}_p50_ms": round(statistics.median(took), 1), f"{name}_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}


def table(rows: list[dict]) -> str:
    columns = ["passages", "articles", "exact_p50_ms", "exact_p95_ms", "hnsw_p50_ms", "hnsw_p95_ms",
               f"hnsw_recall@{RECALL_AT}", "hnsw_build_s", "peak_rss_mb"]
    lines = ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    lines += ["| " + " | ".join(str(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    """Latency (p50 and p95) against passages, exact and HNSW."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4))
    sizes = [row["passages"] for row in rows]
    for name, style in (("exact", "-"), ("hnsw", "--")):
        for quantile, marker in (("p50", "o"), ("p95", "^")):
            axes.plot(sizes, [row[f"{name}_{quantile}_ms"] for row in rows], style, marker=marker,
                      label=f"{name} {quantile}")
    axes.set_xlabel("passages in the library")
    axes.set_ylabel("answer latency, ms (model warm)")
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
