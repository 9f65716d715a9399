"""Combining ranked candidate lists by reciprocal rank: plain data in, a ranked list of (id, score) out.

A read side's `hybrid` list is fused by this rule (Milvus's RRFRanker with the same constant computes it too),
and the search adds its further lists to it."""
from __future__ import annotations

RRF_K = 60


def reciprocal_rank(lists: list[list[tuple[int, float]]], weights: list[float], limit: int,
                    fused: list[tuple[int, float]] = ()) -> list[tuple[int, float]]:
    """Weighted reciprocal-rank fusion of several (id, score) lists, each best first: an id scores the sum of
    weight / (RRF_K + its rank), ranks from 1, added to its score in `fused` (a list already fused so)."""
    scores: dict[int, float] = dict(fused)
    for ranked, weight in zip(lists, weights):
        for rank, (item, _) in enumerate(ranked):
            scores[item] = scores.get(item, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(scores.items(), key=lambda pair: -pair[1])[:limit]
