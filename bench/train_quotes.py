"""Learn which sentence of a passage to quote from AAQAD's answer positions; write retrieval/quote_choice.json.

    python bench/train_quotes.py --library /tmp/qawl-aaqad-eval --aaqad ../shared/data/aaqad \
        --xquad ../shared/data/xquad

The library is one `qawl eval --aaqad` built (it holds every AAQAD and XQuAD paragraph, chunked and
embedded as the bot does). For each answerable question of AAQAD's dev split, every stored passage
of its paragraph that holds the answer inside one of its sentences is a choice among that
passage's sentences: the one with the answer is right. A conditional logit over the features of
retrieval/quote_choice.py (softmax over the passage's sentences, L2-regularised) is fitted on
those choices. Printed: how often the answer's sentence is picked inside such passages, by the
best score alone (the bot's choice) and by the ranker, on the dev split, the report split and
XQuAD's Arabic and English questions (the last three never trained on), in all and by the kind
of answer the question asks for.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import analyze  # noqa: E402
from index.embed import Embedder, EmbeddingSettings  # noqa: E402
from index.library import Library  # noqa: E402
from retrieval import qa_sets, quote_choice  # noqa: E402
from retrieval.answer_types import KINDS, question_kind  # noqa: E402
from retrieval.quotes import sentence_scores  # noqa: E402

L2 = 0.01  # on the sum of squared weights, against the summed log-likelihood of thousands of choices


@dataclass(frozen=True)
class Choice:
    """A passage's sentences as the ranker sees them for one question, and which holds the answer."""

    kind: str
    sentences: list[str]
    scores: np.ndarray
    right: int

    def rows(self) -> np.ndarray:
        return quote_choice.features(self.kind, self.sentences, self.scores)


def choices(library: Library, asked: list[tuple[str, str, int, str]]) -> list[Choice]:
    """For each (context, question, answer start, answer), each stored passage of that context holding the answer
    within one of its sentences, as a choice among them."""
    store = library.store
    by_article: dict[int, list[int]] = {}
    for chunk_id, row in store.chunks(store.chunk_ids().tolist()).items():
        by_article.setdefault(row.article_rowid, []).append(chunk_id)
    wanted: dict[str, list[int]] = {}
    for context, _, _, _ in asked:
        if context not in wanted:
            stored = store.by_hash(hashlib.sha256(analyze.normalize(context).encode()).hexdigest())
            wanted[context] = by_article.get(store.rowid(stored.id), []) if stored else []
    records = library.passages(sorted({i for ids in wanted.values() for i in ids}))
    asked = [item for item in asked if wanted[item[0]]]
    vectors = library.embedder.queries([question for _, question, _, _ in asked])
    out = []
    for (context, question, start, answer), vector in zip(asked, vectors):
        terms = dict.fromkeys(analyze.terms(question), frozenset())
        for chunk_id in wanted[context]:
            record = records[chunk_id]
            text, sentences = record.article.text, record.sentences
            if text != context:
                continue
            right = [i for i, (span, _) in enumerate(sentences) if span.start <= start and start + len(answer) <= span.end]
            scores = sentence_scores(text, sentences, vector, terms)
            if not right or (scores > -0.5).sum() < 2 or scores[right[0]] <= -0.5:
                continue
            out.append(Choice(question_kind(question), [text[s.start:s.end] for s, _ in sentences], scores, right[0]))
    return out


def fit(groups: list[Choice]) -> np.ndarray:
    """The weights maximising the likelihood of the right sentence of each choice, softmax over its sentences."""
    features = np.vstack([g.rows() for g in groups]).astype(np.float64)
    sizes = np.array([len(g.sentences) for g in groups])
    starts = np.cumsum(sizes) - sizes
    right = starts + np.array([g.right for g in groups])
    usable = np.concatenate([g.scores > -0.5 for g in groups])

    def loss(w):
        z = np.where(usable, features @ w, -np.inf)
        top = np.maximum.reduceat(z, starts)
        e = np.exp(z - np.repeat(top, sizes))
        total = np.add.reduceat(e, starts)
        p = e / np.repeat(total, sizes)
        target = np.zeros(len(z))
        target[right] = 1.0
        value = -(z[right] - top - np.log(total)).sum() + L2 * w @ w
        return value, features.T @ (p - target) + 2 * L2 * w

    return minimize(loss, np.zeros(features.shape[1]), jac=True, method="L-BFGS-B").x


def accuracy(groups: list[Choice], w: np.ndarray | None) -> float:
    """How often the right sentence is the one picked: by the best score alone (no w), or by the ranker."""
    picked = [int(np.argmax(g.scores)) if w is None else
              int(np.argmax(np.where(g.scores > -0.5, g.rows() @ w, -np.inf))) for g in groups]
    return round(sum(p == g.right for p, g in zip(picked, groups)) / max(len(groups), 1), 3)


def aaqad_asked(folder: Path, split: str) -> list[tuple[str, str, int, str]]:
    return [(p.context, q.text, start, answer) for p in qa_sets.aaqad(folder, split)
            for q, starts in p.answerable for answer, start in list(zip(q.answers, starts))[:1]]


def xquad_asked(folder: Path) -> dict[str, list[tuple[str, str, int, str]]]:
    out = {}
    contexts = {}
    for language in ("ar", "en"):
        data = json.loads((folder / f"xquad.{language}.json").read_text(encoding="utf-8"))
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                for qa in paragraph["qas"]:
                    if language == "ar":
                        contexts[qa["id"]] = (paragraph["context"], qa["answers"][0])
                    context, answer = contexts[qa["id"]]
                    out.setdefault(language, []).append((context, qa["question"], answer["answer_start"], answer["text"]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library", required=True, help="a library built by qawl eval --aaqad")
    parser.add_argument("--aaqad", required=True)
    parser.add_argument("--xquad", required=True)
    parser.add_argument("--out", default=str(quote_choice.WEIGHTS))
    args = parser.parse_args()
    library = Library(Path(args.library), Embedder(EmbeddingSettings()))
    sets = {"aaqad dev": aaqad_asked(Path(args.aaqad), "dev"), "aaqad report": aaqad_asked(Path(args.aaqad), "report"),
            **{f"xquad {lang}→ar": asked for lang, asked in xquad_asked(Path(args.xquad)).items()}}
    groups = {name: choices(library, asked) for name, asked in sets.items()}
    w = fit(groups["aaqad dev"])
    print("| set | question kind | passages with a choice | best score alone | ranker |\n|---|---|---|---|---|")
    for name, chosen in groups.items():
        print(f"| {name} | all | {len(chosen)} | {accuracy(chosen, None)} | {accuracy(chosen, w)} |")
        for kind in KINDS:
            of_kind = [c for c in chosen if c.kind == kind]
            print(f"| {name} | {kind} | {len(of_kind)} | {accuracy(of_kind, None)} | {accuracy(of_kind, w)} |")
    weights = {name: round(float(value), 4) for name, value in zip(quote_choice.FEATURES, w)}
    Path(args.out).write_text(json.dumps({"trained_on": f"AAQAD dev split, {len(groups['aaqad dev'])} passages",
                                          "weights": weights}, indent=1, ensure_ascii=False) + "\n")
    print(f"weights written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
