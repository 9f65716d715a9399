"""Measures statement extraction against the annotated development set: precision, recall, continuations, speed."""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index.analyze import normalize, tokens  # noqa: E402
from index.article import Article  # noqa: E402
from index.readers import read  # noqa: E402
from index.statements import extract_statements  # noqa: E402

DEVSET = REPO / "bench" / "statements_devset.jsonl"
DEFAULT_DATA = REPO.parent / "shared" / "data"


@dataclass
class Gold:
    """One annotated statement."""

    names: list[str]
    start: int
    end: int
    prefix: str
    polarity: str
    as_written: str = ""


@dataclass
class ArticleResult:
    """Counts for one article of the set."""

    file: str
    url: str
    heldout: bool
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    continuation_gold: int = 0
    continuation_right: int = 0
    spans_exact: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def set_articles(data: Path, lines: list[dict]) -> dict[tuple[str, str], Article]:
    """The articles annotation lines refer to, read by the project's own readers, keyed by (file, url): a file
    of one article (its url is its file), or single articles of SaudiNewsNet zips."""
    wanted: dict[str, set[str]] = {}
    for line in lines:
        wanted.setdefault(line["file"], set()).add(line["url"])
    found = {}
    for file, urls in sorted(wanted.items()):
        articles = [item for item in read(str(data / file)) if isinstance(item, Article)]
        if (data / file).suffix != ".zip":
            found[file, file] = articles[0]
            continue
        found.update(((file, a.url), a) for a in articles if a.url in urls)
        missing = urls - {a.url for a in articles}
        if missing:
            raise SystemExit(f"{file}: articles not found: {sorted(missing)}")
    return found


def split(text: str):
    """Sentence spans from the project's segmenter."""
    from index.segment import split_sentences

    return split_sentences(text)


def same_speaker(predicted: str, names: list[str]) -> bool:
    """Whether a predicted speaker is the annotated one: equal, or one contains the other as two or more whole words
    (words as the matching reads them: quotation marks and punctuation aside)."""
    said = tokens(predicted)
    for name in names:
        gold = tokens(name)
        if said == gold:
            return True
        shorter, longer = (said, gold) if len(said) <= len(gold) else (gold, said)
        if len(shorter) >= 2 and any(longer[i:i + len(shorter)] == shorter for i in range(len(longer))):
            return True
    return False


_BARE_VERB = re.compile(
    r"(?:^|[\s.،,])(?:[وف]|[وف]?لم\s+)(?:قال|أضاف|اضاف|تابع|أكد|اكد|أوضح|أشار|كشف|لفت|اعتبر|شدد|أردف|أفاد|نفى|نفت"
    r"|تستبعد|يستبعد|ألمح|حذر|أعلن|ذكر)[^\s]{0,3}"
    r"\s*(?:(?:في هذا السياق|أيضا|بقوله|قائلا)\s*)?[،,]?\s*(?:(?:إلى|على)\s+)?(?:أن|إن|أنه|انه|بأن|:)?\s*[\"“”«]?\s*$"
)


def is_bare_continuation(text: str, gold: Gold) -> bool:
    """Whether a gold statement is introduced by a verb with no subject after it: `وأضاف أن`, `وتابع:`."""
    return bool(_BARE_VERB.search(text, max(0, gold.start - 30), gold.start))


def speaker_as_written(text: str, statement) -> str:
    """The speaker of a found statement as the article writes it (its noun phrase, or the mention it refers to)."""
    return text[statement.speaker_start:statement.speaker_end] if statement.speaker_start >= 0 else statement.speaker


def evaluate(data: Path, lines: list[dict]) -> tuple[list[ArticleResult], float]:
    """Runs extraction over every article and matches predictions to annotations one to one; a matched statement's
    speaker span is exact when it is the annotated noun phrase, as written (up to the matching normalisation)."""
    texts = {key: article.text for key, article in set_articles(data, lines).items()}
    results, took = [], 0.0
    for line in lines:
        text = texts[line["file"], line["url"]]
        golds = [Gold([s["speaker"], *s["aliases"], *filter(None, [s.get("speaker_as_written")])], s["content_start"], s["content_end"], s["content_prefix"], s["polarity"],
                      s.get("speaker_as_written", "")) for s in line["statements"]]
        for gold in golds:
            if text[gold.start:gold.start + len(gold.prefix)] != gold.prefix:
                raise SystemExit(f"annotation drift in {line['file']} {line['url']}: {gold.prefix!r}")
        began = time.perf_counter()
        predicted = extract_statements(text, split(text))
        took += time.perf_counter() - began
        heldout = line.get("heldout", line.get("split") == "test")
        result = ArticleResult(line["file"], line["url"], heldout, len(golds), len(predicted))
        used = set()
        for gold in golds:
            hit = next((i for i, p in enumerate(predicted) if i not in used and p.start < gold.end and gold.start < p.end
                        and same_speaker(p.speaker, gold.names)), None)
            bare = is_bare_continuation(text, gold)
            result.continuation_gold += bare
            if hit is None:
                result.misses.append(f"{gold.names[0]} | {text[gold.start:gold.end][:70]}")
                continue
            used.add(hit)
            result.matched += 1
            result.continuation_right += bare
            result.spans_exact += normalize(speaker_as_written(text, predicted[hit])) == normalize(gold.as_written)
        for i, p in enumerate(predicted):
            if i not in used:
                result.wrong.append(f"{p.speaker} [{p.cue}] | {text[p.start:p.end][:70]}")
        results.append(result)
    return results, took


def summary(results: list[ArticleResult]) -> dict:
    """Precision, recall and continuation accuracy over a group of articles."""
    gold = sum(r.gold for r in results)
    predicted = sum(r.predicted for r in results)
    matched = sum(r.matched for r in results)
    matched_predictions = sum(r.predicted - len(r.wrong) for r in results)
    cont = sum(r.continuation_gold for r in results)
    return {
        "articles": len(results), "gold": gold, "predicted": predicted,
        "precision": round(matched_predictions / predicted, 3) if predicted else 0.0,
        "recall": round(matched / gold, 3) if gold else 0.0,
        "continuations": cont,
        "continuation_accuracy": round(sum(r.continuation_right for r in results) / cont, 3) if cont else 0.0,
        "span_exact": round(sum(r.spans_exact for r in results) / matched, 3) if matched else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--errors", action="store_true", help="list missed and wrong statements")
    parser.add_argument("--set", type=Path, default=DEVSET,
                        help="the annotated statements (bench/attribution_set/statements.jsonl: its test split is held out)")
    args = parser.parse_args()
    articles = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    results, took = evaluate(args.data, articles)
    report = {
        "development": summary([r for r in results if not r.heldout]),
        "heldout": summary([r for r in results if r.heldout]),
        "all": summary(results),
        "articles_per_second": round(len(results) / took, 1) if took else 0.0,
        "per_article": [{"file": r.file, "url": r.url, "heldout": r.heldout, "gold": r.gold, "predicted": r.predicted,
                         "matched": r.matched} for r in results],
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    for r in results:
        flag = " (held out)" if r.heldout else ""
        print(f"{r.gold:3d} gold {r.predicted:3d} predicted {r.matched:3d} matched  {r.file} {r.url[-50:]}{flag}")
        if args.errors:
            for miss in r.misses:
                print(f"      missed: {miss}")
            for wrong in r.wrong:
                print(f"      wrong:  {wrong}")
    for group in ("development", "heldout", "all"):
        s = report[group]
        print(f"{group:12s} P={s['precision']:.3f} R={s['recall']:.3f} continuation={s['continuation_accuracy']:.3f} "
              f"({s['continuations']}) span-exact={s['span_exact']:.3f} gold={s['gold']} predicted={s['predicted']} articles={s['articles']}")
    print(f"speed: {report['articles_per_second']} articles/s (extraction only)")


if __name__ == "__main__":
    main()
