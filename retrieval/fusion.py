"""Combining ranked candidate lists: plain data in, a ranked list of (id, score) out."""
from __future__ import annotations

RRF_K = 60


def reciprocal_rank(lists: list[list[tuple[int, float]]], weights: list[float], limit: int) -> list[tuple[int, float]]:
    """Weighted reciprocal-rank fusion of several (id, score) lists, each best first."""
    fused: dict[int, float] = {}
    for ranked, weight in zip(lists, weights):
        for rank, (item, _) in enumerate(ranked):
            fused[item] = fused.get(item, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(fused.items(), key=lambda pair: -pair[1])[:limit]
