"""Quiz validity for `caselearn eval`: one quiz per theme from the library, with a fixed seed,
scored by evals.metrics.quiz.check_quiz (exactly one correct option, key supported by its quote,
no repeated stem) plus the citation check (the quote is the document's text at its offsets).

`quiz_validity` (share of valid items over every theme's quiz, gated with no tolerance) and
`quiz_items` (how many were scored) go into the run's "all" aggregates; per-theme detail goes
into run.config["quiz"].
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from evals.aggregate import ALL_SPLIT
from evals.metrics.quiz import check_quiz
from evals.runner import EvalRun

logger = logging.getLogger(__name__)

QUIZ_SEED = 7
QUIZ_ITEMS = 5  # per theme
QUIZ_TYPES = ("mcq",)  # what check_quiz can score: items with options and one key


@dataclass
class QuizEval:
    """Items scored per theme and the problems of the invalid ones."""

    themes: dict[str, dict[str, Any]] = field(default_factory=dict)
    n_items: int = 0
    n_valid: int = 0
    n_dropped: int = 0
    error: str | None = None

    @property
    def score(self) -> float | None:
        return self.n_valid / self.n_items if self.n_items and not self.error else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": QUIZ_SEED,
            "items_per_theme": QUIZ_ITEMS,
            "types": list(QUIZ_TYPES),
            "n_items": self.n_items,
            "n_valid": self.n_valid,
            "n_dropped_by_generator": self.n_dropped,
            "score": self.score,
            "error": self.error,
            "themes": self.themes,
        }


def evaluate_quizzes(catalog: Any, seed: int = QUIZ_SEED, n: int = QUIZ_ITEMS) -> QuizEval:
    """Generate and score a quiz for every theme that has learning points in the library."""
    from assistant.quiz.generate import QuizGenerator, QuizRequest
    from assistant.quiz.scope import ScopeError

    out = QuizEval()
    generator = QuizGenerator(catalog)
    for theme in generator.themes:
        try:
            quiz = generator.generate(QuizRequest(theme=theme.id, n=n, types=QUIZ_TYPES, seed=seed))
        except ScopeError:
            out.themes[theme.id] = {"items": 0, "valid": 0, "note": "no learning points"}
            continue
        items = [i.to_dict() for i in quiz.items]
        report = check_quiz(items)
        problems = {i: list(p) for i, p in report.problems.items()}
        for i, item in enumerate(quiz.items):
            doc = generator.document(item.source)
            c = item.citation
            if doc is None or doc.text[c.start : c.end] != c.quote:
                problems.setdefault(i, []).append("citation quote is not verbatim")
        valid = len(items) - len(problems)
        out.n_items += len(items)
        out.n_valid += valid
        out.n_dropped += len(quiz.dropped)
        out.themes[theme.id] = {
            "items": len(items),
            "valid": valid,
            "dropped_by_generator": len(quiz.dropped),
            "reviews": quiz.covered,
            "problems": {items[i]["id"]: p for i, p in problems.items()},
        }
    return out


def add_quiz_metrics(run: EvalRun, settings: Any) -> QuizEval:
    """Score quiz validity on the library in `settings` and add it to the run's "all" split.

    A failure is recorded (quiz_validity None, so the gate reports it could not be scored)
    rather than raised: the golden-set results still get written.
    """
    from ingest.catalog import Catalog

    path = getattr(settings, "catalog_path", None)
    if path is None or not path.exists():
        logger.warning("quiz validity not scored: no library at %s", path)
        result = QuizEval(error=f"no library at {path}")
    else:
        try:
            result = evaluate_quizzes(Catalog(path))
        except Exception as exc:  # noqa: BLE001 - report, do not crash the eval run
            logger.exception("quiz validity could not be scored")
            result = QuizEval(error=repr(exc))
    values = run.aggregates.setdefault(ALL_SPLIT, {})
    counts = run.scorable.setdefault(ALL_SPLIT, {})
    values["quiz_validity"], counts["quiz_validity"] = result.score, result.n_items
    values["quiz_items"], counts["quiz_items"] = float(result.n_items), result.n_items
    run.config["quiz"] = result.to_dict()
    return result
