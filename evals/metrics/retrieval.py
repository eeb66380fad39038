"""Retrieval metrics (hit@k, recall@k, MRR, nDCG@k) over the ranked distinct retrieved sources."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from caselearn.types import Answer

DEFAULT_KS = (1, 5, 10)
NDCG_K = 10


def _clean(source: str) -> str:
    """Corpus-relative posix form used for comparing sources."""
    out = source.strip().replace("\\", "/")
    while out.startswith("./"):
        out = out[2:]
    return out


def ranked_sources(answer: Answer) -> list[str]:
    """Distinct chunk sources of answer.passages in rank order (first occurrence wins)."""
    return list(dict.fromkeys(_clean(p.chunk.source) for p in answer.passages))


def _expected(expected: Iterable[str]) -> set[str]:
    """Expected sources as a comparable set."""
    return {_clean(s) for s in expected}


def hit_at_k(ranked: Sequence[str], expected: Iterable[str], k: int) -> float | None:
    """1.0 if any expected source is among the top k; None when nothing is expected."""
    want = _expected(expected)
    if not want:
        return None
    return 1.0 if want.intersection(ranked[:k]) else 0.0


def recall_at_k(ranked: Sequence[str], expected: Iterable[str], k: int) -> float | None:
    """Share of expected sources found in the top k; None when nothing is expected."""
    want = _expected(expected)
    if not want:
        return None
    return len(want.intersection(ranked[:k])) / len(want)


def reciprocal_rank(ranked: Sequence[str], expected: Iterable[str]) -> float | None:
    """1/rank of the first expected source (0.0 if absent); None when nothing is expected."""
    want = _expected(expected)
    if not want:
        return None
    for i, src in enumerate(ranked, start=1):
        if src in want:
            return 1.0 / i
    return 0.0


def ndcg_at_k(ranked: Sequence[str], expected: Iterable[str], k: int = NDCG_K) -> float | None:
    """Binary-relevance nDCG over the top k; None when nothing is expected."""
    want = _expected(expected)
    if not want:
        return None
    dcg = sum(1.0 / math.log2(i + 2) for i, src in enumerate(ranked[:k]) if src in want)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(want), k)))
    return dcg / ideal


def retrieval_scores(
    answer: Answer, expected: Sequence[str], answerable: bool, ks: Sequence[int] = DEFAULT_KS
) -> dict[str, float | None]:
    """All retrieval metrics for one item; every value is None for unanswerable items.

    An answer with no passages scores 0 (nothing relevant was retrieved), not None.
    """
    names = [f"hit@{k}" for k in ks] + [f"recall@{k}" for k in ks] + ["mrr", f"ndcg@{NDCG_K}"]
    if not answerable or not expected:
        return dict.fromkeys(names)
    ranked = ranked_sources(answer)
    out: dict[str, float | None] = {}
    for k in ks:
        out[f"hit@{k}"] = hit_at_k(ranked, expected, k)
    for k in ks:
        out[f"recall@{k}"] = recall_at_k(ranked, expected, k)
    out["mrr"] = reciprocal_rank(ranked, expected)
    out[f"ndcg@{NDCG_K}"] = ndcg_at_k(ranked, expected, NDCG_K)
    return out
