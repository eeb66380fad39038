"""Run the golden set through an answerer and score every question; see README for the pass rule."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from caselearn.types import Answer
from evals.aggregate import aggregate_splits
from evals.golden import GoldenItem
from evals.metrics.citations import (
    CitationCheck,
    SourceLookup,
    check_citations,
    citation_precision,
    citation_validity,
)
from evals.metrics.coverage import learning_point_coverage
from evals.metrics.latency import answer_latency_ms
from evals.metrics.length import answer_words
from evals.metrics.llm_judge import LLMJudge
from evals.metrics.retrieval import ranked_sources, retrieval_scores
from evals.metrics.support import SupportConfig, answer_support
from ingest.embed import Embedder

logger = logging.getLogger(__name__)

Record = dict[str, Any]


class Answerer(Protocol):
    """Anything that answers a question with a caselearn Answer."""

    def ask(self, question: str) -> Answer: ...


@dataclass(frozen=True)
class PassRule:
    """Per-question pass rule.

    Answerable: not abstained, an expected source in the top ``hit_k`` retrieved sources,
    learning-point coverage >= ``min_coverage``, at least one citation and every citation valid
    (checks with nothing to score, e.g. no expected sources, are skipped).
    Unanswerable: abstained.
    """

    hit_k: int = 5
    min_coverage: float = 0.5


def fail_reasons(
    item: GoldenItem,
    answer: Answer,
    metrics: dict[str, float | None],
    checks: Sequence[CitationCheck],
    rule: PassRule,
) -> list[str]:
    """Why the question fails the pass rule; empty when it passes."""
    if not item.answerable:
        return [] if answer.abstained else ["answered a question that should be declined"]
    if answer.abstained:
        return ["abstained on an answerable question"]
    reasons = []
    hit = metrics.get(f"hit@{rule.hit_k}")
    if hit is not None and hit < 1.0:
        reasons.append(f"no expected source in the top {rule.hit_k} retrieved sources")
    cov = metrics.get("coverage")
    if cov is not None and cov < rule.min_coverage:
        reasons.append(f"learning-point coverage {cov:.2f} < {rule.min_coverage:.2f}")
    if not checks:
        reasons.append("no citations")
    reasons.extend(f"citation [{c.n}] invalid: {c.reason}" for c in checks if not c.valid)
    return reasons


def evaluate_item(
    item: GoldenItem,
    answer: Answer,
    lookup: SourceLookup,
    embedder: Embedder | None,
    *,
    support_config: SupportConfig | None = None,
    rule: PassRule | None = None,
    judge: LLMJudge | None = None,
) -> Record:
    """Score one answer against its golden item into a JSON-able record."""
    rule = rule or PassRule()
    metrics: dict[str, float | None] = dict(
        retrieval_scores(answer, item.expected_sources, item.answerable)
    )
    coverage = learning_point_coverage(item.learning_points, answer.answer, answer.abstained)
    checks = check_citations(answer.citations, lookup)
    support = answer_support(answer, embedder, support_config)
    metrics.update(
        coverage=coverage.score,
        citation_precision=citation_precision(answer.citations, item.expected_sources),
        citation_validity=citation_validity(checks),
        support=support.score,
        abstention_correct=1.0 if answer.abstained == (not item.answerable) else 0.0,
        answer_words=answer_words(answer),
        latency_ms=answer_latency_ms(answer),
    )
    if judge is not None and not answer.abstained:
        quotes = [c.quote for c in answer.citations]
        verdict = judge.faithfulness(item.question, answer.answer, quotes)
        metrics["judge_faithfulness"] = verdict.score if verdict else None
    reasons = fail_reasons(item, answer, metrics, checks, rule)
    return {
        "id": item.id,
        "split": item.split,
        "version": item.version,
        "tags": list(item.tags),
        "critical": item.critical,
        "answerable": item.answerable,
        "question": item.question,
        "answer": answer.answer,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "citations": [
            {
                "n": c.n,
                "source": c.source,
                "page": c.page,
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
                "valid": chk.valid,
                "reason": chk.reason,
            }
            for c, chk in zip(answer.citations, checks, strict=True)
        ],
        "expected_sources": list(item.expected_sources),
        "retrieved_sources": ranked_sources(answer)[:10],
        "metrics": metrics,
        "missed_points": coverage.missed,
        "unsupported_sentences": [
            {"text": s.text, "reason": s.reason} for s in support.unsupported
        ],
        "passed": not reasons,
        "fail_reasons": reasons,
        "error": None,
    }


@dataclass
class EvalRun:
    """Per-question records plus per-split aggregates and scorable counts."""

    records: list[Record]
    aggregates: dict[str, dict[str, float | None]]
    scorable: dict[str, dict[str, int]]
    golden_version: str
    started: str
    duration_s: float
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def splits(self) -> list[str]:
        """Golden splits that were run (not including "all")."""
        return sorted({r["split"] for r in self.records})

    def record(self, item_id: str) -> Record | None:
        """The record for one question id."""
        return next((r for r in self.records if r["id"] == item_id), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvalRun:
        return cls(**data)


def _ask(answerer: Answerer, item: GoldenItem) -> tuple[Answer, str | None]:
    """Ask one question; a crash becomes an empty, non-abstaining answer plus the error text."""
    try:
        return answerer.ask(item.question), None
    except Exception as exc:  # noqa: BLE001 - one bad question must not stop the run
        logger.exception("answerer failed on %s", item.id)
        return Answer(question=item.question, answer="", abstained=False), repr(exc)


def run_eval(
    items: Sequence[GoldenItem],
    answerer: Answerer,
    lookup: SourceLookup,
    embedder: Embedder | None,
    *,
    support_config: SupportConfig | None = None,
    rule: PassRule | None = None,
    judge: LLMJudge | None = None,
    progress: Callable[[int, int, Record], None] | None = None,
) -> EvalRun:
    """Ask every golden question, score the answers and aggregate per split (dev, holdout, all)."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    records: list[Record] = []
    for i, item in enumerate(items, start=1):
        answer, error = _ask(answerer, item)
        rec = evaluate_item(
            item, answer, lookup, embedder, support_config=support_config, rule=rule, judge=judge
        )
        if error:
            rec.update(error=error, passed=False, fail_reasons=[f"answerer raised {error}"])
        records.append(rec)
        logger.info("%d/%d %s %s", i, len(items), item.id, "pass" if rec["passed"] else "FAIL")
        if progress:
            progress(i, len(items), rec)
    aggregates, scorable = aggregate_splits(records)
    return EvalRun(
        records=records,
        aggregates=aggregates,
        scorable=scorable,
        golden_version=",".join(sorted({it.version for it in items})),
        started=started,
        duration_s=round(time.perf_counter() - t0, 3),
        config={
            "support": asdict(support_config or SupportConfig()),
            "pass_rule": asdict(rule or PassRule()),
            "embedder": getattr(embedder, "name", None),
            "judge": judge is not None,
        },
    )
