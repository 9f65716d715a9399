"""Attribution benchmark over bench/attribution_set: who said it, the quote, and "nothing found".

The library holds the set's 105 articles plus a fixed-seed sample of SaudiNewsNet distractors, indexed by
the project's own pipeline with the real model; every question is asked once. Reported per split and
language:
- who-questions: top-1 / top-3 (an expected speaker is the first / among the first three speakers), and top-1
  also counting a one-word speaker that is an expected name's last word (articles name a person in full once);
- quote@3 (who and fact questions): one of the first three quotes is from the question's article and holds
  the answer: for a who-question it overlaps an expected speaker's annotated statement, for a fact question it
  contains the annotated answer span;
- refused-absent: questions about a claim the article does not make answered "nothing found";
- kept-answerable: who and fact questions that got an answer at all.
The `test` split is locked: tune on `dev` (the default); `--split test` is for the one report at the end.
Statement precision, recall and span exactness come from `bench/statements_eval.py --set
bench/attribution_set/statements.jsonl`.

    .venv/bin/python bench/attribution_eval.py --data-dir /tmp/qawl-attribution
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.statements_eval import same_speaker, set_articles  # noqa: E402
from bench.who_eval import add_library_arguments, benchmark_library, is_surname, print_header, speakers  # noqa: E402
from index.article import Article  # noqa: E402
from index.library import Library  # noqa: E402
from retrieval.answer import Answer  # noqa: E402
from retrieval.evaluation import distractor_sample  # noqa: E402
from retrieval.search import Searcher  # noqa: E402

SET = REPO / "bench" / "attribution_set"


@dataclass
class Outcome:
    """One question asked and how its answer measured up."""

    id: str
    split: str
    language: str
    kind: str  # who | fact | absent
    question: str
    answered: bool
    top1: bool = False
    top1_surname: bool = False
    top3: bool = False
    quote3: bool = False
    got: str = ""


def gold_spans(line: dict) -> dict[str, list[tuple[int, int, str]]]:
    """Each speaker's annotated statements in one article: (content start, content end, speaker)."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for s in line["statements"]:
        spans.setdefault(s["speaker"], []).append((s["content_start"], s["content_end"], s["speaker"]))
    return spans


def from_article(article: Article, passage) -> bool:
    """Whether an answer's passage quotes this article (the quote is its text at the quote's offsets)."""
    return article.text[passage.start:passage.end] == passage.quote


def judge(line: dict, answer: Answer, article: Article, statements: dict[str, list]) -> Outcome:
    outcome = Outcome(line["id"], line["split"], line["lang"], line["kind"], line["question"], answer.found)
    first3 = answer.passages[:3]
    if line["kind"] == "who":
        names = speakers(answer)
        outcome.got = " / ".join(names[:3])
        outcome.top1 = bool(names) and same_speaker(names[0], line["expected_speakers"])
        outcome.top1_surname = outcome.top1 or (bool(names) and is_surname(names[0], line["expected_speakers"]))
        outcome.top3 = any(same_speaker(name, line["expected_speakers"]) for name in names[:3])
        spans = [span for name in line["expected_speakers"] for span in statements.get(name, [])]
        outcome.quote3 = any(from_article(article, p) and p.start < end and start < p.end
                             for p in first3 for start, end, _ in spans)
    elif line["kind"] == "fact":
        start = line["answer_start"]
        end = start + len(line["answer"])
        outcome.quote3 = any(from_article(article, p) and p.start <= start and end <= p.end for p in first3)
    if first3 and not outcome.got:
        outcome.got = first3[0].quote[:80]
    return outcome


def build(library: Library, articles: list[Article], data: Path, distractors: int, seed: int) -> None:
    started = time.perf_counter()
    urls = {a.url for a in articles if a.url}
    sample = [a for a in distractor_sample(data / "saudinewsnet", distractors, seed) if a.url not in urls]
    added = sum(r.status == "added" for r in library.add_many(articles + sample))
    print(f"built: {added} articles added ({len(articles)} of the set) in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)


def share(outcomes: list[Outcome], hit) -> str:
    return f"{sum(hit(o) for o in outcomes) / len(outcomes):.2f} ({sum(hit(o) for o in outcomes)}/{len(outcomes)})" \
        if outcomes else "–"


def table(outcomes: list[Outcome]) -> str:
    rows = ["| split | questions | who n | who top-1 | top-1 (surname) | who top-3 | quote@3 (who+fact) | fact quote@3 "
            "| refused-absent | kept-answerable |", "|---|---|---|---|---|---|---|---|---|---|"]
    for split in sorted({o.split for o in outcomes}):
        for label, language in (("English", "en"), ("Arabic", "ar"), ("all", None)):
            chosen = [o for o in outcomes if o.split == split and (language is None or o.language == language)]
            who = [o for o in chosen if o.kind == "who"]
            fact = [o for o in chosen if o.kind == "fact"]
            absent = [o for o in chosen if o.kind == "absent"]
            rows.append(f"| {split} | {label} | {len(who)} | {share(who, lambda o: o.top1)}"
                        f" | {share(who, lambda o: o.top1_surname)} | {share(who, lambda o: o.top3)}"
                        f" | {share(who + fact, lambda o: o.quote3)} | {share(fact, lambda o: o.quote3)}"
                        f" | {share(absent, lambda o: not o.answered)} | {share(who + fact, lambda o: o.answered)} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_library_arguments(parser, "/tmp/qawl-attribution")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="dev",
                        help="which questions to ask; test is locked: report it once, never tune on it")
    parser.add_argument("--errors", action="store_true", help="list the questions answered wrongly")
    args = parser.parse_args()

    lines = [json.loads(line) for line in (SET / "statements.jsonl").read_text(encoding="utf-8").splitlines()]
    questions = [json.loads(line) for line in (SET / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    questions = [q for q in questions if args.split in ("both", q["split"])]
    articles = set_articles(args.data, lines)
    statements = {(line["file"], line["url"]): gold_spans(line) for line in lines}
    library, reuse = benchmark_library(args)
    try:
        if not reuse:
            build(library, list(articles.values()), args.data, args.distractors, args.seed)
        searcher = Searcher(library, library.embed_question)
        searcher.warm()
        answers = [searcher.ask(q["question"]) for q in questions]
        outcomes = [judge(q, answer, articles[q["file"], q["url"]], statements[q["file"], q["url"]])
                    for q, answer in zip(questions, answers)]
    finally:
        library.close()
    print_header("bench/attribution_eval.py",
                 f"the set's {len(articles)} articles + {args.distractors} distractors (seed {args.seed})")
    print(table(outcomes))
    took = sorted(answer.took_ms for answer in answers)
    print(f"\nanswer time over the {len(took)} questions, model warm: p50 {took[len(took) // 2]:.1f} ms, "
          f"p95 {took[int(0.95 * len(took))]:.1f} ms")
    if args.errors:
        print()
        for o in outcomes:
            wrong = (o.kind == "absent" and o.answered) or (o.kind == "who" and not o.top1) or \
                (o.kind == "fact" and not o.quote3)
            if wrong:
                print(f"- {o.id} [{o.kind} {o.language}] {o.question} — got: {o.got}")


if __name__ == "__main__":
    main()
