"""Aggregate per-question records into per-split metrics, counting how many items were scorable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evals.golden import OUT_OF_SCOPE_TAG
from evals.metrics.abstention import (
    AbstentionCase,
    abstention_accuracy,
    false_answer_rate,
    false_refusal_rate,
    out_of_scope_handled,
)
from evals.metrics.latency import percentile
from evals.metrics.length import mean_words

# Per-question metrics whose split value is the mean over the items that could be scored.
MEAN_METRICS = (
    "hit@1",
    "hit@5",
    "hit@10",
    "recall@1",
    "recall@5",
    "recall@10",
    "mrr",
    "ndcg@10",
    "coverage",
    "citation_precision",
    "citation_validity",
    "support",
    "judge_faithfulness",
)
ALL_SPLIT = "all"

Record = Mapping[str, Any]


def _mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean; None for no values."""
    return sum(values) / len(values) if values else None


def aggregate(records: Sequence[Record]) -> tuple[dict[str, float | None], dict[str, int]]:
    """Metric values and scorable-item counts for one group of records."""
    values: dict[str, float | None] = {}
    counts: dict[str, int] = {}

    def put(name: str, value: float | None, n: int) -> None:
        values[name], counts[name] = value, n

    put("n_items", float(len(records)), len(records))
    put("pass_rate", _mean([1.0 if r["passed"] else 0.0 for r in records]), len(records))
    for name in MEAN_METRICS:
        vals = [r["metrics"][name] for r in records if r["metrics"].get(name) is not None]
        if name.startswith("judge_") and not vals:
            continue  # judge tier not run: leave it out rather than report an empty metric
        put(name, _mean(vals), len(vals))
    cases = [
        AbstentionCase(r["answerable"], r["abstained"], OUT_OF_SCOPE_TAG in r["tags"])
        for r in records
    ]
    put("abstention_accuracy", abstention_accuracy(cases), len(cases))
    put("false_refusal_rate", false_refusal_rate(cases), sum(c.answerable for c in cases))
    put("false_answer_rate", false_answer_rate(cases), sum(not c.answerable for c in cases))
    put("out_of_scope_handled", out_of_scope_handled(cases), sum(c.out_of_scope for c in cases))
    words = [r["metrics"].get("answer_words") for r in records]
    put("answer_words_mean", mean_words(words), sum(w is not None for w in words))
    lat = [r["metrics"].get("latency_ms") for r in records]
    n_lat = sum(v is not None for v in lat)
    put("latency_p50_ms", percentile(lat, 50), n_lat)
    put("latency_p95_ms", percentile(lat, 95), n_lat)
    return values, counts


def aggregate_splits(
    records: Sequence[Record],
) -> tuple[dict[str, dict[str, float | None]], dict[str, dict[str, int]]]:
    """Aggregates for each split present plus "all" (every record)."""
    splits = sorted({r["split"] for r in records})
    groups = {s: [r for r in records if r["split"] == s] for s in splits}
    groups[ALL_SPLIT] = list(records)
    metrics: dict[str, dict[str, float | None]] = {}
    counts: dict[str, dict[str, int]] = {}
    for name, group in groups.items():
        metrics[name], counts[name] = aggregate(group)
    return metrics, counts
