"""Regression gate: compare an EvalRun with the baseline; write a new baseline on request."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.aggregate import ALL_SPLIT
from evals.runner import EvalRun

logger = logging.getLogger(__name__)

Tolerance = float | dict[str, float]
EPS = 1e-9

# Allowed change per metric. A number is the allowed absolute worsening (a drop for
# higher-is-better metrics, a rise for lower-is-better ones). Latency takes
# {"relative": r, "absolute": a}: the new value may be up to old * (1 + r) + a.
DEFAULT_TOLERANCES: dict[str, Tolerance] = {
    "pass_rate": 0.02,
    "hit@5": 0.02,
    "recall@5": 0.02,
    "recall@10": 0.02,
    "mrr": 0.02,
    "ndcg@10": 0.02,
    "coverage": 0.02,
    "citation_precision": 0.02,
    "citation_validity": 0.0,
    "quiz_validity": 0.0,
    "support": 0.02,
    "abstention_accuracy": 0.02,
    "false_refusal_rate": 0.02,
    "false_answer_rate": 0.02,
    "out_of_scope_handled": 0.02,
    "latency_p95_ms": {"relative": 0.5, "absolute": 50.0},
}
LOWER_IS_BETTER = frozenset({"false_refusal_rate", "false_answer_rate", "answer_words_mean"})
NEVER_GATED_PREFIX = "judge_"  # the LLM judge is advisory only


def direction(metric: str) -> str:
    """'lower' for error rates and latency, 'higher' otherwise."""
    return "lower" if metric in LOWER_IS_BETTER or metric.endswith("_ms") else "higher"


@dataclass
class Comparison:
    """One metric on one split, current against baseline."""

    split: str
    metric: str
    baseline: float | None
    current: float | None
    gated: bool
    ok: bool
    limit: float | None = None  # worst acceptable current value, when gated


@dataclass
class GateResult:
    """Gate outcome: ok is False when any reason is listed."""

    ok: bool
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    has_baseline: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_baseline(path: str | Path) -> dict[str, Any] | None:
    """The baseline JSON, or None when the file does not exist."""
    path = Path(path)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("metrics", "questions"):
        if not isinstance(data.get(key), dict):
            raise ValueError(f"{path}: baseline needs a {key!r} object")
    return data


def _fmt(value: float) -> str:
    """Compact number for messages."""
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.2f}"


def _limit(metric: str, base: float, tol: Tolerance) -> tuple[float, str]:
    """Worst acceptable current value and the tolerance as text."""
    if isinstance(tol, dict):
        rel, absolute = float(tol.get("relative", 0.0)), float(tol.get("absolute", 0.0))
        return base * (1 + rel) + absolute, f"+{rel:.0%} +{_fmt(absolute)}"
    tol = float(tol)
    return (base + tol if direction(metric) == "lower" else base - tol), _fmt(tol)


def compare_metric(
    split: str, metric: str, base: float | None, cur: float | None, tol: Tolerance | None
) -> tuple[Comparison, str | None]:
    """Compare one metric; the second value is a failure reason or None."""
    gated = tol is not None and not metric.startswith(NEVER_GATED_PREFIX) and base is not None
    comp = Comparison(split, metric, base, cur, gated, True)
    if not gated or base is None or tol is None:
        return comp, None
    if cur is None:
        comp.ok = False
        return comp, f"{metric} ({split}) could not be scored (baseline {_fmt(base)})"
    comp.limit, tol_text = _limit(metric, base, tol)
    lower = direction(metric) == "lower"
    comp.ok = cur <= comp.limit + EPS if lower else cur >= comp.limit - EPS
    if comp.ok:
        return comp, None
    verb = "rose" if lower else "fell"
    return comp, (
        f"{metric} ({split}) {verb} from {_fmt(base)} to {_fmt(cur)} (tolerance {tol_text})"
    )


def _baseline_splits(baseline: dict[str, Any]) -> set[str]:
    """Golden splits the baseline was computed on."""
    return {s for s in baseline["metrics"] if s != ALL_SPLIT}


def check_gate(
    run: EvalRun, baseline: dict[str, Any] | None, tolerances: dict[str, Tolerance] | None = None
) -> GateResult:
    """Fail on metric drops beyond tolerance or on any critical question that stopped passing."""
    if baseline is None:
        return GateResult(ok=True, warnings=["no baseline: nothing to compare"], has_baseline=False)
    tols = {**DEFAULT_TOLERANCES, **baseline.get("tolerances", {}), **(tolerances or {})}
    res = GateResult(ok=True)
    if baseline.get("version") and baseline["version"] != run.golden_version:
        res.warnings.append(
            f"golden version {run.golden_version} differs from baseline {baseline['version']}"
        )
    complete = _baseline_splits(baseline) <= set(run.splits)
    for split, current in run.aggregates.items():
        base_split = baseline["metrics"].get(split)
        if base_split is None:
            res.notes.append(f"split {split} has no baseline metrics")
            continue
        if split == ALL_SPLIT and not complete:
            res.notes.append(f"'all' not compared: this run covered only {', '.join(run.splits)}")
            continue
        if base_split.get("n_items") not in (None, current.get("n_items")):
            res.warnings.append(
                f"{split}: {current.get('n_items'):.0f} questions vs {base_split['n_items']:.0f} "
                "in the baseline"
            )
        for metric in list(current) + [m for m in base_split if m not in current]:
            comp, reason = compare_metric(
                split, metric, base_split.get(metric), current.get(metric), tols.get(metric)
            )
            res.comparisons.append(comp)
            if reason:
                res.reasons.append(reason)
    _check_questions(run, baseline, res)
    res.ok = not res.reasons
    return res


def _check_questions(run: EvalRun, baseline: dict[str, Any], res: GateResult) -> None:
    """Critical questions that passed in the baseline must still pass."""
    questions: dict[str, Any] = baseline["questions"]
    for rec in run.records:
        base = questions.get(rec["id"])
        if base is None:
            continue
        critical = rec["critical"] or "critical" in base.get("tags", [])
        if base.get("passed") and not rec["passed"]:
            why = "; ".join(rec["fail_reasons"]) or "failed"
            if critical:
                res.reasons.append(f"critical question {rec['id']} regressed: {why}")
            else:
                res.notes.append(f"question {rec['id']} regressed (not critical): {why}")
        elif not base.get("passed") and rec["passed"]:
            res.notes.append(f"question {rec['id']} now passes")
    run_ids = {r["id"] for r in run.records}
    for qid, base in questions.items():
        if base.get("split") in run.splits and qid not in run_ids and base.get("critical"):
            res.warnings.append(f"critical question {qid} is in the baseline but was not run")


def make_baseline(run: EvalRun, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """A baseline from this run, merged into the previous one (tolerances are kept)."""
    prev = previous or {}
    metrics = dict(prev.get("metrics", {}))
    complete = not previous or _baseline_splits(previous) <= set(run.splits)
    for split, values in run.aggregates.items():
        if split != ALL_SPLIT or complete:
            metrics[split] = dict(values)
    questions = dict(prev.get("questions", {}))
    for rec in run.records:
        questions[rec["id"]] = {
            "passed": rec["passed"],
            "split": rec["split"],
            "critical": rec["critical"],
            "tags": rec["tags"],
            "metrics": rec["metrics"],
        }
    return {
        "version": run.golden_version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "metrics": metrics,
        "questions": dict(sorted(questions.items())),
        "tolerances": prev.get("tolerances", DEFAULT_TOLERANCES),
    }


def write_baseline(run: EvalRun, path: str | Path) -> dict[str, Any]:
    """Write the merged baseline to path and return it."""
    path = Path(path)
    baseline = make_baseline(run, load_baseline(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote baseline %s (%d questions)", path, len(baseline["questions"]))
    return baseline
