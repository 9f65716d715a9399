"""Rerank and quote weights, one at a time on both development sets: does a neighbour of today's value do better?

Over a library built by `qawl eval --aaqad` (XQuAD's paragraphs, all of AAQAD's and the distractors), each
constant of retrieval/search.py and retrieval/quotes.py below is set in turn to the values around it, the
others at their defaults, and the same questions are asked: every third XQuAD question in Arabic and in
English and N answerable questions of AAQAD's dev split (never its report split). Prints quote@1, quote@5,
context@5 and MRR on quotes per set and setting, answers unfiltered by the "nothing found" thresholds.

    .venv/bin/python bench/weights.py --library /tmp/qawl-aaqad-eval --aaqad-questions 500
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot import config as configuration, wiring  # noqa: E402
from retrieval import qa_sets, quotes, search  # noqa: E402
from retrieval.evaluation import measure  # noqa: E402
from retrieval.search import Searcher  # noqa: E402

TRIED = {  # (module, constant): the values tried beside the default
    (search, "RERANK_DEPTH"): (15, 60),
    (search, "SENTENCE_WEIGHT"): (0.5, 2.0),
    (search, "RANK_WEIGHT"): (0.0, 0.4),
    (quotes, "LEXICAL_WEIGHT"): (0.0, 0.3),
}
FIGURES = ("quote@1", "quote@5", "context@5", "mrr_quote")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="a library built by qawl eval --aaqad")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data", help="the shared data folder")
    parser.add_argument("--aaqad-questions", type=int, default=500, help="answerable AAQAD dev questions asked")
    args = parser.parse_args()

    config = configuration.load(REPO / "config.yaml", data_dir=str(args.library))
    library = wiring.library(config)
    searcher = wiring.searcher(config, library)
    searcher.warm()
    unfiltered = replace(searcher.settings, min_score_ar=float("-inf"), min_score_en=float("-inf"))
    asked = qa_sets.xquad(args.data / "xquad")
    sets = {f"XQuAD {lang}→ar": [q for q in asked if q.language == lang][::3] for lang in ("ar", "en")}
    sets["AAQAD dev"] = qa_sets.evenly([q for p in qa_sets.aaqad(args.data / "aaqad", "dev") for q, _ in p.answerable],
                                       args.aaqad_questions)
    defaults = {key: getattr(*key) for key in TRIED}
    print("| setting | " + " | ".join(f"{name} ({len(subset)}): {' / '.join(FIGURES)}" for name, subset in sets.items())
          + " |")
    print("|---" * (len(sets) + 1) + "|")
    today = ", ".join(f"{name} {value}" for (_, name), value in defaults.items())
    for label, setting in [(f"today: {today}", {})] + [(f"{key[1]} = {value}", {key: value})
                                                 for key, values in TRIED.items() for value in values]:
        for (module, name), value in {**defaults, **setting}.items():
            setattr(module, name, value)
        asking = Searcher(library, searcher.embed_question, unfiltered)
        cells = []
        for subset in sets.values():
            figures, _ = measure(asking, subset)
            cells.append(" / ".join(f"{figures[name]:.3f}" for name in FIGURES))
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    library.close()


if __name__ == "__main__":
    main()
