"""Quiz item validity (for future quiz generation): one correct option, key backed by its quote."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.metrics.text import containment, normalise


@dataclass
class QuizReport:
    """Per-item problems; an item is valid when it has none."""

    n_items: int = 0
    problems: dict[int, list[str]] = field(default_factory=dict)

    @property
    def n_valid(self) -> int:
        return self.n_items - len(self.problems)

    @property
    def score(self) -> float | None:
        """Share of valid items; None for an empty quiz."""
        return self.n_valid / self.n_items if self.n_items else None


def _key(item: Mapping[str, Any], options: list[str]) -> tuple[str | None, str | None]:
    """The correct option text, or a problem describing why there is not exactly one."""
    if "answer_index" in item:
        idx = item["answer_index"]
        if not isinstance(idx, int) or isinstance(idx, bool) or not 0 <= idx < len(options):
            return None, f"answer_index {idx!r} is not an option index"
        return options[idx], None
    if isinstance(item.get("answer"), str):
        hits = [o for o in options if normalise(o) == normalise(item["answer"])]
        if len(hits) != 1:
            return None, f"answer matches {len(hits)} options, expected exactly 1"
        return hits[0], None
    return None, "no answer_index or answer"


def check_quiz_item(item: Mapping[str, Any], lexical_threshold: float = 0.6) -> list[str]:
    """Problems with one quiz item (empty list when valid)."""
    stem, options = item.get("stem"), item.get("options")
    if not isinstance(stem, str) or not stem.strip():
        return ["missing stem"]
    if (
        not isinstance(options, list)
        or len(options) < 2
        or not all(isinstance(o, str) and o.strip() for o in options)
    ):
        return ["options must be at least two non-empty strings"]
    problems = []
    if len({normalise(o) for o in options}) != len(options):
        problems.append("duplicate options, so more than one may be correct")
    key, problem = _key(item, options)
    if problem:
        problems.append(problem)
    citation = item.get("citation")
    quote = citation.get("quote") if isinstance(citation, Mapping) else None
    if not isinstance(quote, str) or not quote.strip():
        problems.append("no citation quote")
    elif key is not None:
        score = containment(key, quote)
        if score is None:  # key like "Yes": judge the stem and key together
            score = containment(f"{stem} {key}", quote) or 0.0
        if score < lexical_threshold:
            problems.append(f"key {key!r} not supported by quote (containment {score:.2f})")
    return problems


def check_quiz(items: Sequence[Mapping[str, Any]], lexical_threshold: float = 0.6) -> QuizReport:
    """Check every item and flag repeated stems as duplicates."""
    report = QuizReport(n_items=len(items))
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        problems = check_quiz_item(item, lexical_threshold)
        stem = normalise(str(item.get("stem", "")))
        if stem and stem in seen:
            problems.append(f"duplicate of item {seen[stem]}")
        seen.setdefault(stem, i)
        if problems:
            report.problems[i] = problems
    return report
