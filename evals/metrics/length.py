"""Answer length in words (citation markers excluded)."""

from __future__ import annotations

from collections.abc import Sequence

from caselearn.types import Answer
from evals.metrics.text import word_count


def answer_words(answer: Answer) -> int | None:
    """Words in the answer text; None for abstentions, whose wording is boilerplate."""
    if answer.abstained:
        return None
    return word_count(answer.answer)


def mean_words(counts: Sequence[int | None]) -> float | None:
    """Mean length over the answers that have one; None if none do."""
    vals = [c for c in counts if c is not None]
    return sum(vals) / len(vals) if vals else None
