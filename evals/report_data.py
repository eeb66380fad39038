"""Shared helpers for the report writers: value formatting, question status and ordering."""

from __future__ import annotations

from typing import Any

from evals.gate import GateResult
from evals.runner import EvalRun, Record

# Metrics shown in tables, in this order; others are left to results.json.
SUMMARY_METRICS = (
    "n_items",
    "pass_rate",
    "hit@1",
    "hit@5",
    "recall@5",
    "recall@10",
    "mrr",
    "ndcg@10",
    "coverage",
    "citation_precision",
    "citation_validity",
    "support",
    "abstention_accuracy",
    "false_refusal_rate",
    "false_answer_rate",
    "out_of_scope_handled",
    "answer_words_mean",
    "latency_p50_ms",
    "latency_p95_ms",
    "judge_faithfulness",
    "quiz_validity",
    "quiz_items",
)
STATUS_ORDER = {"regressed": 0, "failing": 1, "fixed": 2, "passing": 3}


WHOLE_NUMBER_METRICS = ("n_items", "answer_words", "answer_words_mean", "quiz_items")


def fmt(value: float | None, metric: str = "") -> str:
    """Table cell for a metric value: counts, words and ms whole, rates to 3 places; n/a if None."""
    if value is None:
        return "n/a"
    if metric in WHOLE_NUMBER_METRICS or metric.endswith("_ms"):
        return f"{value:.0f}"
    return f"{value:.3f}"


def gate_label(gate: GateResult) -> str:
    """PASS, FAIL or NO BASELINE."""
    if not gate.has_baseline:
        return "NO BASELINE"
    return "PASS" if gate.ok else "FAIL"


def question_status(rec: Record, baseline: dict[str, Any] | None) -> str:
    """regressed (passed in baseline, fails now), failing, fixed or passing."""
    base = (baseline or {}).get("questions", {}).get(rec["id"])
    was = base.get("passed") if base else None
    if rec["passed"]:
        return "fixed" if was is False else "passing"
    return "regressed" if was else "failing"


def ordered_records(run: EvalRun, baseline: dict[str, Any] | None) -> list[tuple[str, Record]]:
    """(status, record) pairs with regressions first, then other failures, then passes."""
    pairs = [(question_status(r, baseline), r) for r in run.records]
    return sorted(pairs, key=lambda p: (STATUS_ORDER[p[0]], p[1]["split"], p[1]["id"]))


def baseline_value(baseline: dict[str, Any] | None, split: str, metric: str) -> float | None:
    """A baseline aggregate, or None."""
    return (baseline or {}).get("metrics", {}).get(split, {}).get(metric)


def failed_metrics(gate: GateResult) -> set[tuple[str, str]]:
    """(split, metric) pairs the gate failed on."""
    return {(c.split, c.metric) for c in gate.comparisons if not c.ok}


def metric_names(run: EvalRun) -> list[str]:
    """Summary metrics present in any split."""
    present = {m for values in run.aggregates.values() for m in values}
    return [m for m in SUMMARY_METRICS if m in present]
