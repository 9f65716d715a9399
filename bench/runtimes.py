"""Embedding runtimes side by side: the same articles ingested on torch fp32, OpenVINO bf16 and
OpenVINO f32, in interleaved slices so that a noisy machine slows all three alike.

Reports, per runtime: texts and passages embedded per second, the ratio to torch, model load time,
the question embedding time (p50 / p95 over real questions), and how close the stored vectors are
to torch's (cosine mean / min, and whether each passage's nearest neighbour is the same).

    .venv/bin/python bench/runtimes.py --sample 300 --work /tmp/qawl-runtimes
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index import openvino_encoder  # noqa: E402
from index.embed import Embedder, EmbeddingSettings  # noqa: E402
from index.library import DATABASE, Library  # noqa: E402
from retrieval.evaluation import distractor_sample  # noqa: E402
from retrieval.qa_sets import xquad  # noqa: E402

RUNTIMES = ("torch", "openvino-bf16", "openvino-f32")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distractors", default=str(REPO.parent / "shared" / "data" / "saudinewsnet"))
    parser.add_argument("--xquad", default=str(REPO.parent / "shared" / "data" / "xquad"))
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--slices", type=int, default=6)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--work", default="/tmp/qawl-runtimes")
    args = parser.parse_args()

    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    libraries, loads = {}, {}
    for runtime in RUNTIMES:
        started = time.perf_counter()
        libraries[runtime] = Library(work / runtime, embedder(runtime))
        _ = libraries[runtime].embedder.encoder
        loads[runtime] = time.perf_counter() - started
    articles = distractor_sample(Path(args.distractors), args.sample, args.seed)
    totals = {runtime: {"wall": 0.0, "embed": 0.0, "texts": 0, "passages": 0} for runtime in RUNTIMES}
    for part in range(args.slices):
        chunk = articles[part::args.slices]
        for runtime in RUNTIMES if part % 2 == 0 else reversed(RUNTIMES):
            ingest(libraries[runtime], chunk, totals[runtime])
    asked = xquad(Path(args.xquad))
    questions = [q.text for q in asked if q.language == "ar"][: args.questions // 2]
    questions += [q.text for q in asked if q.language == "en"][: args.questions // 2]
    query_ms = {runtime: question_times(libraries[runtime].embedder, questions) for runtime in RUNTIMES}
    vectors = {runtime: stored_vectors(work / runtime) for runtime in RUNTIMES}
    for library in libraries.values():
        library.close()
    report(articles, totals, loads, query_ms, vectors)


def embedder(runtime: str) -> Embedder:
    """An embedder on one runtime; OpenVINO f32 is what a CPU without bfloat16 gets."""
    if runtime == "torch":
        return Embedder(EmbeddingSettings(runtime="torch"))
    precision = runtime.split("-")[1]
    model = Embedder(EmbeddingSettings(runtime="openvino"))
    real = openvino_encoder.precision
    openvino_encoder.precision = lambda core: precision
    try:
        _ = model.encoder
    finally:
        openvino_encoder.precision = real
    return model


def ingest(library: Library, articles: list, total: dict) -> None:
    progress = {}
    started = time.perf_counter()
    results = list(library.add_many(articles, progress=lambda p: progress.update(vars(p))))
    total["wall"] += time.perf_counter() - started
    total["embed"] += progress.get("embed_seconds", 0.0)
    total["texts"] += progress.get("texts_embedded", 0)
    total["passages"] += sum(r.chunks for r in results if r.status == "added")


def question_times(model: Embedder, questions: list[str]) -> list[float]:
    times = []
    for question in questions:
        started = time.perf_counter()
        model.queries([question])
        times.append((time.perf_counter() - started) * 1000)
    return times


def stored_vectors(folder: Path) -> np.ndarray:
    db = sqlite3.connect(folder / DATABASE)
    rows = db.execute("SELECT vector FROM chunks ORDER BY rowid").fetchall()
    db.close()
    return np.vstack([np.frombuffer(blob, dtype=np.float32) for (blob,) in rows])


def report(articles, totals, loads, query_ms, vectors) -> None:
    base = totals["torch"]
    reference = vectors["torch"]
    nearest = (reference @ reference.T - 2 * np.eye(len(reference))).argmax(axis=1)
    print(f"{len(articles)} articles, {base['passages']} passages, {base['texts']} texts embedded per runtime\n")
    print("| runtime | load s | texts/s | passages/s | × torch | question p50 ms | p95 ms | cosine to torch mean / min"
          " | same nearest passage |")
    print("|---|---|---|---|---|---|---|---|---|")
    for runtime in RUNTIMES:
        t, v = totals[runtime], vectors[runtime]
        cosines = (v * reference).sum(axis=1)
        same = ((v @ v.T - 2 * np.eye(len(v))).argmax(axis=1) == nearest).mean()
        p95 = statistics.quantiles(query_ms[runtime], n=20)[18]
        print(f"| {runtime} | {loads[runtime]:.1f} | {t['texts'] / t['embed']:.1f} | {t['passages'] / t['wall']:.2f} "
              f"| {base['wall'] / t['wall']:.2f} | {statistics.median(query_ms[runtime]):.1f} | {p95:.1f} "
              f"| {cosines.mean():.6f} / {cosines.min():.6f} | {same:.3f} |")
    print("\n" + json.dumps({r: {k: round(x, 2) for k, x in totals[r].items()} for r in RUNTIMES}))


if __name__ == "__main__":
    main()
