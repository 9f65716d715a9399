"""The quality benchmark: XQuAD questions over XQuAD paragraphs among news distractors.

The haystack is the 240 Arabic XQuAD paragraphs plus a fixed-seed sample of SaudiNewsNet
articles, chunked and indexed by the project's own pipeline into the --data-dir library. The
1,190 questions are asked in Arabic (ar→ar) and in English (en→ar). A question is a hit at k
when a gold answer (normalised as for matching) occurs in the quote (or the context) of one of
the top-k passages.
"""
from __future__ import annotations

import json
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from index import analyze
from index.article import Article
from index.readers import read
from retrieval.search import Methods, Searcher

KS = (1, 5, 20)
METHODS = {
    "bm25": Methods(dense=False, lexical=True, rerank=False),
    "dense": Methods(dense=True, lexical=False, rerank=False),
    "fused": Methods(),
}


@dataclass(frozen=True)
class Question:
    id: str
    language: str
    text: str
    answers: tuple[str, ...]


def add_arguments(parser) -> None:
    parser.add_argument("--xquad", required=True, help="folder with xquad.ar.json and xquad.en.json")
    parser.add_argument("--distractors", required=True, help="folder of SaudiNewsNet .zip files")
    parser.add_argument("--sample", type=int, default=5000, help="distractor articles (default 5000)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the distractor sample")
    parser.add_argument("--methods", default="bm25,dense,fused", help="comma-separated: bm25, dense, fused")
    parser.add_argument("--limit", type=int, help="ask only the first N questions of each language")
    parser.add_argument("--out", help="write per-method figures as JSON here")


def distractor_sample(folder: Path, size: int, seed: int) -> list:
    """A fixed-seed sample of the articles in a folder of SaudiNewsNet zips, in reading order."""
    articles = [item for item in read(str(folder)) if isinstance(item, Article)]
    chosen = sorted(random.Random(seed).sample(range(len(articles)), min(size, len(articles))))
    return [articles[i] for i in chosen]


def questions(xquad: Path) -> list[Question]:
    """The Arabic and the English questions, both with the Arabic gold answers."""
    arabic = json.loads((xquad / "xquad.ar.json").read_text(encoding="utf-8"))
    english = json.loads((xquad / "xquad.en.json").read_text(encoding="utf-8"))
    gold = {qa["id"]: tuple(a["text"] for a in qa["answers"])
            for article in arabic["data"] for p in article["paragraphs"] for qa in p["qas"]}
    out = []
    for language, data in (("ar", arabic), ("en", english)):
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                for qa in paragraph["qas"]:
                    out.append(Question(qa["id"], language, qa["question"], gold[qa["id"]]))
    return out


def run(library, base: Searcher, args, data_dir: Path, announce) -> int:
    """The benchmark over `library` (empty at first), asked through searchers set like `base`."""
    started = time.perf_counter()
    added = sum(r.status == "added" for r in library.add_many(
        [*read(str(Path(args.xquad) / "xquad.ar.json")),
         *distractor_sample(Path(args.distractors), args.sample, args.seed)]))
    announce(f"haystack ready: {added} articles added in {time.perf_counter() - started:.0f} s; "
                    f"{library.stats()['chunks']} passages")
    asked = questions(Path(args.xquad))
    if args.limit:
        asked = [q for language in ("ar", "en") for q in [q for q in asked if q.language == language][: args.limit]]
    base.warm()
    unfiltered = replace(base.settings, min_score_ar=float("-inf"), min_score_en=float("-inf"))
    results, top_scores = {}, {}
    for method in args.methods.split(","):
        searcher = Searcher(library, base.embed_question, unfiltered, methods=METHODS[method])
        for language in ("ar", "en"):
            subset = [q for q in asked if q.language == language]
            figures, top_scores[(method, language)] = measure(searcher, subset)
            results[f"{method} {language}→ar"] = figures
            announce(f"{method} {language}→ar: {figures}")
    print(table(results))
    if "fused" in args.methods.split(","):
        absent = absent_scores(library, unfiltered, asked, data_dir)
        report = abstention({lang: top_scores[("fused", lang)] for lang in ("ar", "en")}, absent)
        print(abstention_table(report))
        results["abstention"] = report
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


def absent_scores(library, settings, asked: list[Question], data_dir: Path) -> dict[str, list[float]]:
    """Top scores of the fused system for the same questions over a copy of the library without the XQuAD
    paragraphs."""
    import shutil
    import tempfile

    from index.library import Library

    library.save()
    with tempfile.TemporaryDirectory() as folder:
        copy_dir = Path(folder) / "library"
        shutil.copytree(data_dir, copy_dir)
        stripped = Library(copy_dir, library.embedder, library.chunk_tokens)
        for kept in list(stripped.all_articles()):
            if kept.article.source == "xquad.ar":
                stripped.delete(kept.id)
        searcher = Searcher(stripped, stripped.embed_question, settings)
        scores = {language: [_top(searcher, q) for q in asked if q.language == language] for language in ("ar", "en")}
        stripped.close()
    return scores


def _top(searcher: Searcher, question: Question) -> float:
    answer = searcher.ask(question.text, k=1)
    return answer.passages[0].score if answer.passages else float("-inf")


def abstention(present: dict[str, list[float]], absent: dict[str, list[float]]) -> dict:
    """Per question language, two thresholds chosen on even-numbered questions and reported on
    odd-numbered ones: the best balanced accuracy, and the one that still answers 99% of answerable
    questions."""
    report = {}
    for lang in present:
        keeping = sorted(s for s in present[lang][::2] if s > float("-inf"))
        for name, threshold in (("balanced", best_threshold(present[lang][::2], absent[lang][::2])),
                                ("answering 99%", round(keeping[int(0.01 * len(keeping))], 3) if keeping else 0.0)):
            report[f"{lang} {name}: threshold"] = threshold
            report[f"{lang} {name}: answerable still answered"] = round(
                sum(s >= threshold for s in present[lang][1::2]) / max(len(present[lang][1::2]), 1), 3)
            report[f"{lang} {name}: absent abstained"] = round(
                sum(s < threshold for s in absent[lang][1::2]) / max(len(absent[lang][1::2]), 1), 3)
    return report


def best_threshold(present: list[float], absent: list[float]) -> float:
    """The score threshold with the best mean of answered-when-present and abstained-when-absent."""
    best, threshold = -1.0, 0.0
    for candidate in sorted({round(s, 3) for s in present + absent if s > float("-inf")}):
        answered = sum(s >= candidate for s in present) / max(len(present), 1)
        abstained = sum(s < candidate for s in absent) / max(len(absent), 1)
        if (answered + abstained) / 2 > best:
            best, threshold = (answered + abstained) / 2, candidate
    return threshold


def abstention_table(report: dict) -> str:
    lines = ["| abstention (held-out half) | value |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in report.items()]
    return "\n".join(lines)


def measure(searcher: Searcher, subset: list[Question]) -> tuple[dict, list[float]]:
    """hit@k and MRR@20 on quotes and contexts, latency, top-1 concentration; and each top score."""
    hits = {f"{where}@{k}": 0 for where in ("quote", "context") for k in KS}
    reciprocal = {"quote": 0.0, "context": 0.0}
    latencies, top1, top_scores = [], Counter(), []
    for question in subset:
        answer = searcher.ask(question.text, k=max(KS))
        latencies.append(answer.took_ms)
        top_scores.append(answer.passages[0].score if answer.passages else float("-inf"))
        gold = [analyze.normalize(a) for a in question.answers]
        if answer.passages:
            top1[(answer.passages[0].article_id, answer.passages[0].start)] += 1
        for where in ("quote", "context"):
            rank = next((i + 1 for i, p in enumerate(answer.passages)
                         if any(g in analyze.normalize(getattr(p, where)) for g in gold)), None)
            if rank:
                reciprocal[where] += 1 / rank
                for k in KS:
                    hits[f"{where}@{k}"] += rank <= k
    n = max(len(subset), 1)
    figures = {key: round(value / n, 3) for key, value in hits.items()}
    figures.update({f"mrr_{where}": round(value / n, 3) for where, value in reciprocal.items()})
    figures["questions"] = len(subset)
    figures["p50_ms"] = round(statistics.median(latencies), 1) if latencies else 0.0
    figures["p95_ms"] = round(sorted(latencies)[int(0.95 * (len(latencies) - 1))], 1) if latencies else 0.0
    figures["top1_share_of_commonest"] = round(top1.most_common(1)[0][1] / n, 3) if top1 else 0.0
    return figures, top_scores


def table(results: dict) -> str:
    """The figures as a Markdown table."""
    columns = ["quote@1", "quote@5", "quote@20", "mrr_quote", "context@1", "context@5", "context@20",
               "mrr_context", "p50_ms", "p95_ms", "top1_share_of_commonest"]
    lines = ["| method | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, figures in results.items():
        lines.append(f"| {name} | " + " | ".join(str(figures[c]) for c in columns) + " |")
    return "\n".join(lines)
