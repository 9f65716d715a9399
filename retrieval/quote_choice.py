"""Which sentence of a passage to quote: a linear ranker over each sentence's score and the kind of answer it holds.

The similarity of a sentence to the question finds the sentence that repeats the question's words;
the answer may be in another one. So each sentence is described by how far its score is below the
passage's best (in units of the spread of its sentences' scores), whether it is the best, and which
kinds of answer it holds (a number, a date, a place: retrieval/answer_types.py) for the kind the
question asks for. A linear function of these, learnt from AAQAD's answer positions by
`bench/train_quotes.py` (a conditional logit: which sentence of the passage holds the answer), picks
the sentence; its weights are `quote_choice.json` beside this module. The question's terms in the
sentence, the new terms it brings, its neighbours' scores, its place and its length were measured
as features too and left out: each lowered the choice on XQuAD's questions.

Measured, not adopted: it picks the answer's sentence more often on AAQAD and less often on XQuAD
(docs/BENCHMARKS.md), so the bot quotes the best-scoring sentence; `qawl eval --methods
fused-learnt` measures this choice beside it.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

from retrieval.answer_types import KINDS, sentence_kinds

WEIGHTS = Path(__file__).with_name("quote_choice.json")
SENTENCE_KINDS = ("number", "date", "place")
SPREAD_FLOOR = 0.01  # added to the spread of a passage's scores, so that equal scores do not divide by zero
FRAGMENT_GAP = -3.0  # the scaled gap given to a fragment (never chosen while there is a sentence)
FEATURES = ("gap", "is_best", *(f"{kind}&{held}" for kind in KINDS for held in SENTENCE_KINDS))


def features(kind: str, sentences: list[str], scores: np.ndarray) -> np.ndarray:
    """One row of FEATURES per sentence of a passage: `scores` as `quotes.sentence_scores` gives them (a
    fragment at -1), `kind` the kind of answer the question asks for."""
    usable = scores > -0.5
    rows = np.zeros((len(sentences), len(FEATURES)), dtype=np.float32)
    if not usable.any():
        return rows
    spread = float(scores[usable].std()) + SPREAD_FLOOR
    rows[:, 0] = np.where(usable, (scores - scores[usable].max()) / spread, FRAGMENT_GAP)
    rows[int(np.argmax(scores)), 1] = 1.0
    for i, sentence in enumerate(sentences):
        for held in sentence_kinds(sentence):
            rows[i, FEATURES.index(f"{kind}&{held}")] = 1.0
    return rows


@cache
def weights() -> np.ndarray:
    """The learnt weights, in the order of FEATURES."""
    stored = json.loads(WEIGHTS.read_text(encoding="utf-8"))["weights"]
    return np.array([stored.get(name, 0.0) for name in FEATURES], dtype=np.float32)


def choose(kind: str, sentences: list[str], scores: np.ndarray) -> int:
    """The index of the sentence to quote; never a fragment while the passage has another sentence."""
    ranked = features(kind, sentences, scores) @ weights()
    ranked[scores <= -0.5] = -np.inf
    return int(np.argmax(ranked))
