"""The `qawl` command line: ingest, ask, manage the library, build models, serve the bot."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bot import config as configuration
from bot import render, texts, wiring
from index.article import Article
from index.errors import BadQuestion, QawlError


def main(argv: list[str] | None = None) -> int:
    """Run one command; user errors become a one-line message and a non-zero exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        config = configuration.load(args.config, args.data_dir)
        wiring.setup_logging(config)
        return args.run(config, args) or 0
    except QawlError as error:
        print(f"qawl: {error}", file=sys.stderr)
        return 2 if isinstance(error, configuration.ConfigError) else 1
    except KeyboardInterrupt:
        print("qawl: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qawl", description="Qawl: answers questions over news articles "
                                     "with exact quotes and their sources.")
    parser.add_argument("--config", help="settings file (default ./config.yaml)")
    parser.add_argument("--data-dir", help="library folder (default storage.path; env QAWL_DATA_DIR)")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run, summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.set_defaults(run=run)
        return sub

    ingest_cmd = command("ingest", ingest, "add articles from files, folders, .zip archives or http(s) URLs")
    ingest_cmd.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    ingest_cmd.add_argument("--source", help="outlet name for articles that do not say")
    ingest_cmd.add_argument("--json", action="store_true", help="one JSON line per article")

    ask_cmd = command("ask", ask, "answer a question with quoted passages and their sources")
    ask_cmd.add_argument("question", nargs="?")
    ask_cmd.add_argument("-k", type=int, help="how many passages (default search.passages)")
    ask_cmd.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask_cmd.add_argument("--jsonl", metavar="FILE", help='answer {"id", "question"} lines of FILE, in order')

    list_cmd = command("list", list_articles, "list the articles in the library, newest first")
    list_cmd.add_argument("--json", action="store_true", help="one JSON line per article")
    show_cmd = command("show", show, "show one article with its text")
    show_cmd.add_argument("article_id", metavar="ID")
    show_cmd.add_argument("--json", action="store_true", help="print as JSON")
    delete_cmd = command("delete", delete, "delete articles from the library and its indexes")
    delete_cmd.add_argument("article_ids", nargs="+", metavar="ID")
    stats_cmd = command("stats", stats, "counts, model and index size")
    stats_cmd.add_argument("--json", action="store_true", help="print as JSON")
    reindex_cmd = command("reindex", reindex, "re-embed every article with the configured model")
    reindex_cmd.add_argument("--index", action="store_true",
                             help="only rebuild the search index (FAISS, or the Milvus collection) from the library")
    models_cmd = command("models", models, "manage embedding models")
    models_cmd.add_argument("action", choices=["build"], help="build: build the configured model (and its OpenVINO export) into the cache now")
    command("serve", serve, "run the Telegram bot")
    eval_cmd = command("eval", evaluate, "measure answer quality on XQuAD and AAQAD with distractors, beside a plain pipeline (benchmark)")
    from retrieval.evaluation import add_arguments

    add_arguments(eval_cmd)
    return parser


def expected_size(inputs: list[str], limits) -> render.InputSize | None:
    """How many items and characters of text the inputs hold, counted by reading them once (about 2 s
    for 31,000 articles); None when a link is among them, which is not fetched twice."""
    from index.readers import read

    if any(source.lower().startswith(("http://", "https://")) for source in inputs):
        return None
    size = render.InputSize()
    for source in inputs:
        for item in read(source, limits):
            size.count(item)
    return size


def ingest(config, args) -> int:
    """Read every input and store its articles, one result per article."""
    from index.readers import read

    library = wiring.library(config)
    limits = wiring.read_limits(config)

    so_far = render.InputSize()

    def items():
        for source in args.inputs:
            for item in read(source, limits):
                if args.source and isinstance(item, Article) and not item.source:
                    item.source = args.source
                so_far.count(item)
                yield item

    expected = None if args.json else expected_size(args.inputs, limits)

    def progress(totals) -> None:
        elapsed = max(time.perf_counter() - totals.started, 1e-9)
        wiring.announce(render.ingest_progress(totals, elapsed, expected, so_far))

    counts = {"added": 0, "duplicate": 0, "rejected": 0}
    for result in library.add_many(items(), progress=None if args.json else progress):
        counts[result.status] += 1
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
        else:
            print(render.ingest_line(result), flush=True)
    if counts["added"]:
        library.embedder.unload()  # the vector index is brought in step without the model's memory beside it
        library.open()  # now rather than at the first question
    library.close()
    if not args.json:
        print(f"{counts['added']} added, {counts['duplicate']} already there, {counts['rejected']} rejected")
    return 0


def ask(config, args) -> int:
    """Answer one question, or every line of a JSONL file with the model loaded once."""
    if bool(args.question) == bool(args.jsonl):
        raise QawlError("give either a QUESTION or --jsonl FILE")
    started = time.perf_counter()
    library = wiring.library(config)
    searcher = wiring.searcher(config, library)
    searcher.warm()
    wiring.announce(f"model ({library.embedder.runtime}) and library loaded in {time.perf_counter() - started:.1f} s")
    if args.jsonl:
        return _ask_jsonl(searcher, Path(args.jsonl), args.k)
    try:
        answer = searcher.ask(args.question, args.k)
    except BadQuestion as error:
        raise QawlError(texts.bad_question(error, texts.EN)) from error
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render.answer_text(answer) if answer.found else texts.unanswered(answer, texts.EN))
    return 0


def _ask_jsonl(searcher, path: Path, k: int | None) -> int:
    from retrieval.answer import Answer

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question_id, question = str(item["id"]), item["question"]
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise QawlError(f'{path}:{number}: expected {{"id": ..., "question": ...}} ({error})')
        try:
            answer = searcher.ask(question, k).to_json()
        except QawlError:
            answer = Answer(question, False, 0.0).to_json()
        print(json.dumps({"id": question_id, "answer": answer}, ensure_ascii=False), flush=True)
    return 0


def list_articles(config, args) -> int:
    """Every article, newest first."""
    library = wiring.library(config)
    for stored in library.recent(limit=-1):
        print(json.dumps(render.article_json(stored), ensure_ascii=False) if args.json
              else render.article_line(stored))
    return 0


def show(config, args) -> int:
    """One article with its text (and, with --json, its statements)."""
    library = wiring.library(config)
    stored = library.get(args.article_id)
    if args.json:
        data = render.article_json(stored)
        data["text"] = stored.article.text
        data["statements"] = [render.statement_json(s) for s in library.statements(stored.id)]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render.article_line(stored))
        print()
        print(stored.article.text)
    return 0


def delete(config, args) -> int:
    """Remove articles from SQLite, FAISS and the lexical index."""
    library = wiring.library(config)
    library.open()  # so that closing writes vectors.faiss without the deleted passages
    for article_id in args.article_ids:
        stored = library.delete(article_id)
        print(f"deleted {stored.id}: {stored.article.title}")
    library.close()
    return 0


def stats(config, args) -> int:
    """Counts, the model and the size of the indexes."""
    library = wiring.library(config)
    data = library.stats()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0


def reindex(config, args) -> int:
    """Re-embed everything with the configured model, with progress; or only rebuild the search index."""
    library = wiring.library(config)
    if args.index:
        passages = library.rebuild_index()
        library.close()
        print(f"rebuilt the {config.index.backend} search index: {passages} passages")
        return 0
    count = library.reindex(lambda done, total: wiring.announce(f"… reindexed {done}/{total} articles"))
    library.close()
    print(f"reindexed {count} articles with {config.embedding.model}")
    return 0


def models(config, args) -> int:
    """Build the configured builtin model and its OpenVINO export into the cache now."""
    embedder = wiring.embedder(config)
    started = time.perf_counter()
    print(f"{embedder.path}: ready on {embedder.runtime} ({time.perf_counter() - started:.1f} s)")
    return 0


def serve(config, args) -> int:
    """Run the Telegram bot until stopped."""
    from bot.app import run

    return run(config)


def evaluate(config, args) -> int:
    """The quality benchmark."""
    from retrieval.evaluation import run

    library = wiring.library(config)
    return run(library, wiring.searcher(config, library), args, config.data_dir, wiring.announce)
