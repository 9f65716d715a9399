"""Can "nothing found" tell AAQAD's unanswerable questions (their paragraph is in the library, their answer is
not) from its answerable ones, with more evidence than the first quote's score?

Over a library built by `qawl eval --aaqad`, N answerable and N unanswerable questions of each AAQAD split are
asked (answers unfiltered by the thresholds), and each answer is described by: the first quote's score, its
lead over the second, the share of the question's terms in the first quote, in its passage and in the best
of the five quotes (retrieval/constraints.py `shared_words`, each term a word of its own), the question's length, and "a how-many question
whose quote has no number". A logistic regression over them, and each alone, is fitted on the dev split and
its thresholds chosen there (keeping 90 % of the answerable questions; and the best balanced one); the report
split is only measured.

    .venv/bin/python bench/refusal_features.py --library /tmp/qawl-aaqad-eval --aaqad-questions 500
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot import config as configuration, wiring  # noqa: E402
from index import analyze  # noqa: E402
from retrieval import qa_sets  # noqa: E402
from retrieval.constraints import numbers, shared_words  # noqa: E402
from retrieval.search import Searcher  # noqa: E402

FEATURES = ("score", "lead over the second", "terms in the quote", "terms in the passage", "terms in the best quote",
            "question length", "how many, no number")
KEPT = 0.90  # share of the dev split's answerable questions the first threshold keeps


def shared_terms(terms: list[str], text: str) -> float:
    """The share of the question's terms a text holds, as a claim's words are held (each term a word)."""
    return shared_words(tuple(frozenset({term}) for term in terms), text)


def described(searcher: Searcher, question: str) -> list[float]:
    passages = searcher.ask(question, k=5).passages
    if not passages:
        return [-1.0] + [0.0] * (len(FEATURES) - 1)  # no answer: the lowest score, no evidence
    terms = analyze.terms(question)
    how_many = "كم" in analyze.normalize(question).split()[:3]
    return [passages[0].score, passages[0].score - (passages[1].score if len(passages) > 1 else -1.0),
            shared_terms(terms, passages[0].quote), shared_terms(terms, passages[0].context),
            max(shared_terms(terms, p.quote) for p in passages), min(len(terms), 12) / 12,
            float(how_many and not numbers(passages[0].quote))]


def split_features(searcher: Searcher, folder: Path, split: str, count: int) -> tuple[np.ndarray, np.ndarray]:
    paragraphs = qa_sets.aaqad(folder, split)
    answerable = qa_sets.evenly([q for p in paragraphs for q, _ in p.answerable], count)
    unanswerable = qa_sets.evenly([q for p in paragraphs for q in p.unanswerable], count)
    rows = [described(searcher, q.text) for q in answerable + unanswerable]
    return np.array(rows), np.array([1] * len(answerable) + [0] * len(unanswerable))


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    """Weights (the last one the bias) by gradient descent on the log loss."""
    x = np.c_[x, np.ones(len(x))]
    weights = np.zeros(x.shape[1])
    for _ in range(steps):
        predicted = 1 / (1 + np.exp(-x @ weights))
        weights -= rate * (x.T @ (predicted - y) / len(y) + l2 * np.r_[weights[:-1], 0])
    return weights


def thresholds(scores: np.ndarray, y: np.ndarray) -> dict[str, float]:
    kept = np.sort(scores[y == 1])[int((1 - KEPT) * (y == 1).sum())]
    balanced = max(np.unique(scores), key=lambda t: (scores[y == 1] >= t).mean() + (scores[y == 0] < t).mean())
    return {f"keeps {KEPT:.0%}": kept, "balanced": balanced}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library", required=True, help="a library built by `qawl eval --aaqad`")
    parser.add_argument("--aaqad", default=str(REPO.parent / "shared/data/aaqad"))
    parser.add_argument("--aaqad-questions", type=int, default=500, metavar="N")
    args = parser.parse_args()
    config = configuration.load(None, args.library)
    library = wiring.library(config)
    library.open()
    unfiltered = replace(config.search, min_score_ar=float("-inf"), min_score_en=float("-inf"))
    searcher = Searcher(library, library.embed_question, unfiltered)
    searcher.warm()
    (x_dev, y_dev), (x_report, y_report) = (split_features(searcher, Path(args.aaqad), split, args.aaqad_questions)
                                            for split in qa_sets.SPLITS)
    library.close()
    mean, spread = x_dev.mean(0), x_dev.std(0) + 1e-9
    models = {name: [i] for i, name in enumerate(FEATURES)} | {"all, logistic": list(range(len(FEATURES)))}
    print(f"{'evidence':24} {'threshold':10} {'dev kept':>9} {'refused':>8} {'report kept':>12} {'refused':>8}")
    for name, columns in models.items():
        weights = logistic((x_dev[:, columns] - mean[columns]) / spread[columns], y_dev)
        dev, report = (np.c_[(x[:, columns] - mean[columns]) / spread[columns], np.ones(len(x))] @ weights
                       for x in (x_dev, x_report))
        for rule, cut in thresholds(dev, y_dev).items():
            print(f"{name:24} {rule:10} {np.mean(dev[y_dev == 1] >= cut):9.3f} {np.mean(dev[y_dev == 0] < cut):8.3f}"
                  f" {np.mean(report[y_report == 1] >= cut):12.3f} {np.mean(report[y_report == 0] < cut):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
