"""Who-questions benchmark: is the first speaker of the answer the one who said it?

The library holds the articles that bench/who_questions.jsonl refers to plus a fixed-seed sample
of SaudiNewsNet distractors, indexed by the project's own pipeline with the real model. Each
question is asked once; the answer's speakers are its passages' speakers in order, without
repeats. Reported per language: top-1 (the first speaker is an expected one), top-1 by surname
(also counting a one-word speaker that is the last word of an expected name, as articles name a
person in full once and by surname afterwards), top-3 (an expected speaker is among the first
three) and the median time to answer.

    .venv/bin/python bench/who_eval.py --data-dir /tmp/qawl-who-bench
"""
from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.statements_eval import same_speaker  # noqa: E402
from index.analyze import normalize  # noqa: E402
from index.article import Article  # noqa: E402
from index.embed import Embedder, EmbeddingSettings  # noqa: E402
from index.library import Library  # noqa: E402
from index.readers import read  # noqa: E402
from retrieval.answer import Answer  # noqa: E402
from retrieval.evaluation import distractor_sample  # noqa: E402
from retrieval.search import Searcher  # noqa: E402

QUESTIONS = REPO / "bench" / "who_questions.jsonl"
DEFAULT_DATA = REPO.parent / "shared" / "data"
SEED_SOURCE = ("العرب", "الجمعي قاسمي")


@dataclass
class Outcome:
    """One question asked: the speakers answered, in order, and whether they were right."""

    id: str
    language: str
    question: str
    expected: list[str]
    speakers: list[str]
    took_ms: float

    @property
    def top1(self) -> bool:
        return bool(self.speakers) and same_speaker(self.speakers[0], self.expected)

    @property
    def top1_surname(self) -> bool:
        return bool(self.speakers) and (self.top1 or is_surname(self.speakers[0], self.expected))

    @property
    def top3(self) -> bool:
        return any(same_speaker(name, self.expected) for name in self.speakers[:3])


def is_surname(name: str, expected: list[str]) -> bool:
    """Whether a one-word speaker is the last word of an expected full name (`ديسلفا` for `خورخي ديسلفا`)."""
    words = normalize(name).split()
    return len(words) == 1 and any(normalize(full).split()[-1] == words[0] for full in expected)


def referenced_articles(data: Path, lines: list[dict]) -> list[Article]:
    """The articles the questions are about: the seed file and single articles of SaudiNewsNet zips."""
    wanted: dict[str, set[str]] = {}
    for line in lines:
        wanted.setdefault(line["file"], set()).add(line["url"])
    articles = []
    for file, urls in sorted(wanted.items()):
        path = data / file
        if path.suffix != ".zip":
            text = path.read_text(encoding="utf-8")
            title = next(line for line in text.splitlines()[1:] if line.strip())
            articles.append(Article(text, title=title, source=SEED_SOURCE[0], author=SEED_SOURCE[1], input=file))
            continue
        found = [item for item in read(str(path)) if isinstance(item, Article) and item.url in urls]
        if len(found) != len(urls):
            missing = urls - {a.url for a in found}
            raise SystemExit(f"{file}: articles not found: {sorted(missing)}")
        articles.extend(found)
    return articles


def build(library: Library, data: Path, lines: list[dict], distractors: int, seed: int) -> None:
    """Ingest the referenced articles and the distractor sample."""
    started = time.perf_counter()
    articles = referenced_articles(data, lines)
    urls = {a.url for a in articles}
    sample = [a for a in distractor_sample(data / "saudinewsnet", distractors, seed) if a.url not in urls]
    results = list(library.add_many(articles + sample))
    added = sum(r.status == "added" for r in results)
    print(f"built: {added} articles added ({len(articles)} referenced) in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)


def speakers(answer: Answer) -> list[str]:
    """The distinct speakers of an answer's passages, in order."""
    names = []
    for passage in answer.passages:
        if passage.speaker and passage.speaker.name not in names:
            names.append(passage.speaker.name)
    return names


def evaluate(searcher: Searcher, lines: list[dict]) -> list[Outcome]:
    searcher.warm()
    outcomes = []
    for line in lines:
        answer = searcher.ask(line["question"])
        outcomes.append(Outcome(line["id"], line["lang"], line["question"], line["expected_speakers"],
                                speakers(answer), answer.took_ms))
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    rows = ["| questions | n | top-1 | top-1 (surname) | top-3 speakers | p50 ms |", "|---|---|---|---|---|---|"]
    for label, group in (("English", "en"), ("Arabic", "ar"), ("all", None)):
        chosen = [o for o in outcomes if group is None or o.language == group]
        if not chosen:
            continue
        share = lambda hit: sum(hit(o) for o in chosen) / len(chosen)  # noqa: E731
        p50 = statistics.median(o.took_ms for o in chosen)
        rows.append(f"| {label} | {len(chosen)} | {share(lambda o: o.top1):.2f} | {share(lambda o: o.top1_surname):.2f}"
                    f" | {share(lambda o: o.top3):.2f} | {p50:.0f} |")
    return "\n".join(rows)


def add_library_arguments(parser: argparse.ArgumentParser, data_dir: str) -> None:
    """The options of a benchmark over annotated articles among SaudiNewsNet distractors."""
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--data-dir", type=Path, default=Path(data_dir), help="the library folder")
    parser.add_argument("--keep", action="store_true", help="reuse a library built by an earlier run")
    parser.add_argument("--distractors", type=int, default=300, help="SaudiNewsNet distractor articles")
    parser.add_argument("--seed", type=int, default=13, help="seed of the distractor sample")


def print_header(script: str, library: str) -> None:
    """The command that gave a report, and the library it was asked of."""
    print(f"command: .venv/bin/python {shlex.join([script, *sys.argv[1:]])}")
    print(f"library: {library}\n")


def benchmark_library(args: argparse.Namespace) -> tuple[Library, bool]:
    """The benchmark's library with the builtin model, and whether it is reused (`--keep`) rather than emptied
    to be built anew."""
    reuse = args.keep and (args.data_dir / "library.sqlite3").exists()
    if not reuse:
        shutil.rmtree(args.data_dir, ignore_errors=True)
    return Library(args.data_dir, Embedder(EmbeddingSettings("builtin:multilingual-e5-small"))), reuse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_library_arguments(parser, "/tmp/qawl-who-bench")
    parser.add_argument("--errors", action="store_true", help="list the questions missed at top-1")
    args = parser.parse_args()

    lines = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    library, reuse = benchmark_library(args)
    try:
        if not reuse:
            build(library, args.data, lines, args.distractors, args.seed)
        outcomes = evaluate(Searcher(library, library.embed_question), lines)
    finally:
        library.close()
    print_header("bench/who_eval.py", f"{args.distractors} distractors (seed {args.seed}) + the referenced articles")
    print(table(outcomes))
    if args.errors:
        print()
        for o in outcomes:
            if not o.top1:
                mark = "top-3" if o.top3 else "miss"
                print(f"- {o.id} [{mark}] {o.question} — expected {o.expected[0]}; got {o.speakers[:3]}")


if __name__ == "__main__":
    main()
