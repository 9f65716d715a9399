"""The quality benchmark: XQuAD and AAQAD questions over their paragraphs among news distractors.

The haystack is the 240 Arabic XQuAD paragraphs, AAQAD's 3,378 paragraphs with text (with
--aaqad) and a fixed-seed sample of SaudiNewsNet articles, chunked and indexed by the project's
own pipeline into the --data-dir library. XQuAD's 1,190 questions are asked in Arabic (ar→ar) and
in English (en→ar); AAQAD's answerable questions of one split (retrieval/qa_sets.py), and its
unanswerable ones to see how often "nothing found" is said when the paragraph is there and the
answer is not. A question is a hit at k when a gold answer (normalised as for matching) occurs in
the quote (or the context) of one of the top-k passages. The plain pipeline of
retrieval/baseline.py is measured on the same articles and questions, a window being its passage.
"""
from __future__ import annotations

import json
import random
import statistics
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from index import analyze
from index.article import Article
from index.readers import read
from retrieval import baseline, qa_sets
from retrieval.qa_sets import Question
from retrieval.search import Methods, Searcher, min_score

KS = (1, 5, 20)
METHODS = {
    "bm25": Methods(dense=False, lexical=True, rerank=False),
    "dense": Methods(dense=True, lexical=False, rerank=False),
    "fused": Methods(),
}
PLAIN_CACHE = "plain-pipeline"  # folder in the data dir holding the plain pipeline's window vectors


def add_arguments(parser) -> None:
    parser.add_argument("--xquad", required=True, help="folder with xquad.ar.json and xquad.en.json")
    parser.add_argument("--aaqad", help="folder of AAQAD-v1.0 (N).json files: all its paragraphs join the "
                        "haystack, the questions of --split are asked")
    parser.add_argument("--split", choices=qa_sets.SPLITS, default="dev",
                        help="AAQAD paragraphs whose questions are asked: dev (70%%, for tuning) or report (30%%)")
    parser.add_argument("--aaqad-questions", type=int, metavar="N",
                        help="ask N answerable and N unanswerable AAQAD questions, evenly spread (default all)")
    parser.add_argument("--distractors", required=True, help="folder of SaudiNewsNet .zip files")
    parser.add_argument("--sample", type=int, default=5000, help="distractor articles (default 5000)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the distractor sample")
    parser.add_argument("--methods", default="bm25,dense,fused", help="comma-separated: bm25, dense, fused")
    parser.add_argument("--limit", type=int, help="ask only the first N XQuAD questions of each language")
    parser.add_argument("--out", help="write per-method figures as JSON here")


def distractor_sample(folder: Path, size: int, seed: int) -> list:
    """A fixed-seed sample of the articles in a folder of SaudiNewsNet zips, in reading order."""
    articles = [item for item in read(str(folder)) if isinstance(item, Article)]
    chosen = sorted(random.Random(seed).sample(range(len(articles)), min(size, len(articles))))
    return [articles[i] for i in chosen]


def question_sets(args) -> tuple[dict[str, list[Question]], list[Question]]:
    """The answerable questions by set name (XQuAD ar→ar and en→ar, AAQAD's split), and AAQAD's
    unanswerable ones."""
    asked = qa_sets.xquad(Path(args.xquad))
    sets = {f"{lang}→ar": [q for q in asked if q.language == lang][: args.limit] for lang in ("ar", "en")}
    unanswerable = []
    if args.aaqad:
        paragraphs = qa_sets.aaqad(Path(args.aaqad), args.split)
        sets[f"aaqad {args.split}"] = qa_sets.evenly([q for p in paragraphs for q, _ in p.answerable],
                                                     args.aaqad_questions)
        unanswerable = qa_sets.evenly([q for p in paragraphs for q in p.unanswerable], args.aaqad_questions)
    return sets, unanswerable


def run(library, base: Searcher, args, data_dir: Path, announce) -> int:
    """The benchmark over `library` (empty at first), asked through searchers set like `base`."""
    started = time.perf_counter()
    sets, unanswerable = question_sets(args)
    added = sum(r.status == "added" for r in library.add_many(
        [*read(str(Path(args.xquad) / "xquad.ar.json")),
         *(read(args.aaqad) if args.aaqad else []),
         *distractor_sample(Path(args.distractors), args.sample, args.seed)]))
    announce(f"haystack ready: {added} articles added in {time.perf_counter() - started:.0f} s; "
                    f"{library.stats()['chunks']} passages")
    base.warm()
    unfiltered = replace(base.settings, min_score_ar=float("-inf"), min_score_en=float("-inf"))
    methods = args.methods.split(",")
    results, top_scores = {}, {}
    for method in methods:
        searcher = Searcher(library, base.embed_question, unfiltered, methods=METHODS[method])
        for name, subset in sets.items():
            figures, top_scores[(method, name)] = measure(searcher, subset)
            results[f"{method} {name}"] = figures
            announce(f"{method} {name}: {figures}")
    print(table(results))
    plain = plain_results(library, sets, data_dir / PLAIN_CACHE / "windows.npz", announce)
    results.update(plain)
    print(side_by_side(results, sets))
    if "fused" in methods:
        absent = absent_scores(library, unfiltered, [q for name in ("ar→ar", "en→ar") for q in sets[name]], data_dir)
        report = abstention({lang: top_scores[("fused", f"{lang}→ar")] for lang in ("ar", "en")}, absent)
        print(abstention_table(report))
        results["abstention"] = report
        if args.aaqad:
            searcher = Searcher(library, base.embed_question, unfiltered)
            report = refusals(base.settings, sets[f"aaqad {args.split}"], top_scores[("fused", f"aaqad {args.split}")],
                              unanswerable, [_top(searcher, q) for q in unanswerable])
            print(abstention_table(report, "AAQAD: paragraph in the library, answer not"))
            results["aaqad unanswerable"] = report
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


def refusals(settings, answerable: list[Question], answerable_scores: list[float], unanswerable: list[Question],
             unanswerable_scores: list[float]) -> dict:
    """How often "nothing found" is said for questions whose paragraph is in the library but not their answer,
    against how many answerable ones are still answered: at the configured thresholds, and at the two
    thresholds of `abstention` chosen on these questions' even half."""
    def answered(question: Question, score: float) -> bool:
        return score >= min_score(settings, analyze.detect_language(question.text))

    report = {
        "configured thresholds: answerable still answered": _share(
            answered(q, s) for q, s in zip(answerable, answerable_scores)),
        "configured thresholds: unanswerable refused": _share(
            not answered(q, s) for q, s in zip(unanswerable, unanswerable_scores)),
        "answerable questions": len(answerable), "unanswerable questions": len(unanswerable),
    }
    report.update(abstention({"ar": answerable_scores}, {"ar": unanswerable_scores}, "unanswerable refused"))
    return report


def _share(flags) -> float:
    flags = list(flags)
    return round(sum(flags) / max(len(flags), 1), 3)


def plain_results(library, sets: dict[str, list[Question]], cache: Path, announce) -> dict:
    """The plain pipeline's figures on each set, by method, over the library's articles (not their near-copies)."""
    started = time.perf_counter()
    pipeline = baseline.PlainPipeline((s.article.text for s in library.all_articles() if s.copy_of is None),
                                      library.embedder.passages, cache, library.embedder.identity, announce)
    announce(f"plain pipeline ready: {len(pipeline.windows)} windows in {time.perf_counter() - started:.0f} s")
    results = {}
    for name, subset in sets.items():
        vectors = library.embedder.queries([q.text for q in subset])
        for method in baseline.METHODS:
            results[f"plain {method} {name}"] = figures = plain_measure(pipeline, method, subset, vectors)
            announce(f"plain {method} {name}: {figures}")
    return results


def plain_measure(pipeline: baseline.PlainPipeline, method: str, subset: list[Question], vectors) -> dict:
    """passage@k and MRR@20 of the plain pipeline: a hit is a gold answer inside one of the first k windows."""
    hits, reciprocal = dict.fromkeys(KS, 0), 0.0
    for question, vector in zip(subset, vectors):
        found = pipeline.ranked(method, question.text, vector, max(KS))
        rank = first_hit(question.answers, [pipeline.windows[i] for i in found])
        if rank:
            reciprocal += 1 / rank
            for k in KS:
                hits[k] += rank <= k
    n = max(len(subset), 1)
    figures = {f"passage@{k}": round(hits[k] / n, 3) for k in KS}
    figures.update({"mrr_passage": round(reciprocal / n, 3), "questions": len(subset)})
    return figures


def first_hit(answers: tuple[str, ...], texts: list[str]) -> int | None:
    """The rank (from 1) of the first text holding a gold answer, both normalised as for matching; None if none
    does."""
    gold = [analyze.normalize(a) for a in answers]
    return next((i + 1 for i, text in enumerate(texts) if any(g in analyze.normalize(text) for g in gold)), None)


def absent_scores(library, settings, asked: list[Question], data_dir: Path) -> dict[str, list[float]]:
    """Top scores of the fused system for the same questions over a copy of the library without the XQuAD
    paragraphs."""
    import shutil
    import tempfile

    from index.library import Library

    library.save()
    with tempfile.TemporaryDirectory() as folder:
        copy_dir = Path(folder) / "library"
        shutil.copytree(data_dir, copy_dir, ignore=shutil.ignore_patterns(PLAIN_CACHE))
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


def abstention(present: dict[str, list[float]], absent: dict[str, list[float]],
               refused: str = "absent abstained") -> dict:
    """Per question language, two thresholds chosen on even-numbered questions and reported on
    odd-numbered ones: the best balanced accuracy, and the one that still answers 99% of answerable
    questions; `refused` names the share of the other questions that gets "nothing found"."""
    report = {}
    for lang in present:
        keeping = sorted(s for s in present[lang][::2] if s > float("-inf"))
        for name, threshold in (("balanced", best_threshold(present[lang][::2], absent[lang][::2])),
                                ("answering 99%", round(keeping[int(0.01 * len(keeping))], 3) if keeping else 0.0)):
            report[f"{lang} {name}: threshold"] = threshold
            report[f"{lang} {name}: answerable still answered"] = round(
                sum(s >= threshold for s in present[lang][1::2]) / max(len(present[lang][1::2]), 1), 3)
            report[f"{lang} {name}: {refused}"] = round(
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


def abstention_table(report: dict, title: str = "abstention (held-out half)") -> str:
    lines = [f"| {title} | value |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in report.items()]
    return "\n".join(lines)


def measure(searcher: Searcher, subset: list[Question]) -> tuple[dict, list[float]]:
    """hit@k and MRR@20 on quotes and contexts, latency, top-1 concentration, the first quote's median length;
    and each top score."""
    hits = {f"{where}@{k}": 0 for where in ("quote", "context") for k in KS}
    reciprocal = {"quote": 0.0, "context": 0.0}
    latencies, top1, top_scores, lengths = [], Counter(), [], []
    for question in subset:
        answer = searcher.ask(question.text, k=max(KS))
        latencies.append(answer.took_ms)
        lengths += [len(p.quote) for p in answer.passages[:1]]
        top_scores.append(answer.passages[0].score if answer.passages else float("-inf"))
        if answer.passages:
            top1[(answer.passages[0].article_id, answer.passages[0].start)] += 1
        for where in ("quote", "context"):
            rank = first_hit(question.answers, [getattr(p, where) for p in answer.passages])
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
    figures["quote_chars_p50"] = statistics.median(lengths) if lengths else 0
    return figures, top_scores


def table(results: dict) -> str:
    """The figures as a Markdown table."""
    columns = ["quote@1", "quote@5", "quote@20", "mrr_quote", "context@1", "context@5", "context@20",
               "mrr_context", "p50_ms", "p95_ms", "top1_share_of_commonest", "quote_chars_p50"]
    lines = ["| method | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, figures in results.items():
        lines.append(f"| {name} | " + " | ".join(str(figures[c]) for c in columns) + " |")
    return "\n".join(lines)


def side_by_side(results: dict, sets: dict[str, list[Question]]) -> str:
    """Qawl (fused) beside the plain pipeline's three methods, one row per question set, as a Markdown table."""
    qawl = ["quote@1", "quote@5", "context@5", "mrr_quote"]
    plain = ["passage@1", "passage@5", "mrr_passage"]
    header = ([f"Qawl {c}" for c in qawl] + [f"plain {m} {c}" for m in baseline.METHODS for c in plain]
              + ["Qawl quote@5 − best plain passage@5", "Qawl context@5 − best plain passage@5"])
    lines = ["| set | questions | " + " | ".join(header) + " |", "|---" * (len(header) + 2) + "|"]
    for name, subset in sets.items():
        fused = results.get(f"fused {name}")
        row = [str(fused[c]) if fused else "–" for c in qawl]
        row += [str(results[f"plain {m} {name}"][c]) for m in baseline.METHODS for c in plain]
        best = max(results[f"plain {m} {name}"]["passage@5"] for m in baseline.METHODS)
        row += [f"{fused[c] - best:+.3f}" if fused else "–" for c in ("quote@5", "context@5")]
        lines.append(f"| {name} | {len(subset)} | " + " | ".join(row) + " |")
    return "\n".join(lines)
