"""Ingest benchmark: a fixed-seed sample of SaudiNewsNet articles into a fresh library.

Reports articles/s, passages/s, the share of wall time spent embedding, peak RSS, the size on
disk, the time of a second all-duplicate run, and sentence-transformers' own throughput on the
same texts (passages and sentences) with the same model, measured in the same run in a fresh
process that imports nothing of the project.

    .venv/bin/python bench/ingest.py --sample 5000 --data-dir /tmp/qawl-bench
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot import config as configuration, wiring  # noqa: E402
from index.library import DATABASE, Library  # noqa: E402
from retrieval.evaluation import distractor_sample  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distractors", default=str(REPO.parent / "shared" / "data" / "saudinewsnet"))
    parser.add_argument("--sample", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--data-dir", default="/tmp/qawl-bench-ingest")
    parser.add_argument("--keep", action="store_true", help="reuse an existing library instead of starting afresh")
    parser.add_argument("--baseline", type=int, default=100, help="articles for the sentence-transformers baseline")
    args = parser.parse_args()

    data_dir = Path(args.data_dir)
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    config = configuration.load(REPO / "config.yaml", data_dir=str(data_dir))
    library = wiring.library(config)
    _ = library.embedder.encoder

    started = time.perf_counter()
    articles = distractor_sample(Path(args.distractors), args.sample, args.seed)
    read_seconds = time.perf_counter() - started
    first = ingest(library, articles)
    second = ingest(library, articles)
    library.close()

    baseline = sentence_transformers_baseline(library, data_dir, args.baseline)
    figures = {
        "articles": len(articles), "read_s": round(read_seconds, 1), **{f"first_{k}": v for k, v in first.items()},
        **{f"rerun_{k}": v for k, v in second.items()}, **baseline,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "store_mb": round(sum(p.stat().st_size for p in data_dir.iterdir()) / 2**20, 1),
    }
    print(json.dumps(figures, indent=2))


def ingest(library: Library, articles: list) -> dict:
    """Add every article; time the whole run and the embedding inside it."""
    totals = {}
    started = time.perf_counter()
    results = list(library.add_many(articles, progress=lambda p: totals.update(vars(p))))
    wall = time.perf_counter() - started
    added = sum(r.status == "added" for r in results)
    passages = sum(r.chunks for r in results if r.status == "added")
    embed = totals.get("embed_seconds", 0.0)
    return {
        "wall_s": round(wall, 1), "added": added, "passages": passages,
        "articles_per_s": round(len(articles) / wall, 2), "passages_per_s": round(passages / wall, 2),
        "embed_s": round(embed, 1), "embed_share": round(embed / wall, 3) if wall else 0.0,
        "embedded_texts_per_s": round(totals.get("texts_embedded", 0) / embed, 1) if embed else 0.0,
    }


def sentence_transformers_baseline(library: Library, data_dir: Path, count: int) -> dict:
    """sentence-transformers alone on the passages and sentences of the first `count` articles."""
    import sqlite3

    db = sqlite3.connect(data_dir / DATABASE)
    texts = {}
    for table in ("chunks", "sentences"):
        texts[table] = [t[s:e] for t, s, e in db.execute(
            f"SELECT a.text, x.start, x.end FROM {table} x JOIN articles a ON a.rowid = x.article"
            " WHERE a.rowid <= ?", (count,))]
    settings = library.embedder.settings
    job = {"model": library.embedder.path, "batch_size": settings.batch_size, "threads": settings.threads,
           "batches": [[settings.passage_prefix + t for t in batch] for batch in texts.values()]}
    with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
        json.dump(job, file)
        file.flush()
        seconds = float(subprocess.run([sys.executable, __file__, "--sentence-transformers-alone", file.name],
                                       check=True, capture_output=True, text=True).stdout)
    total = sum(len(batch) for batch in texts.values())
    return {"st_alone_articles": count, "st_alone_texts": total, "st_alone_texts_per_s": round(total / seconds, 1)}


def sentence_transformers_alone(job_file: str) -> None:
    """Encode the job's batches with sentence-transformers as it comes; print the seconds it took."""
    import torch
    from sentence_transformers import SentenceTransformer

    job = json.loads(Path(job_file).read_text())
    if job["threads"]:
        torch.set_num_threads(job["threads"])
    model = SentenceTransformer(job["model"], device="cpu")
    started = time.perf_counter()
    for batch in job["batches"]:
        model.encode(batch, batch_size=job["batch_size"], normalize_embeddings=True)
    print(time.perf_counter() - started)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--sentence-transformers-alone"]:
        sentence_transformers_alone(sys.argv[2])
    else:
        main()
