"""Learning-point coverage: share of golden points with any phrase present in the answer text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from evals.golden import LearningPoint
from evals.metrics.text import normalise, strip_markers


@dataclass
class CoverageResult:
    """Coverage score plus which points were hit and missed (by reference text)."""

    score: float | None
    covered: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def phrase_in(phrase: str, text: str) -> bool:
    """Case-insensitive containment after whitespace, quote and [n]-marker normalisation."""
    needle = normalise(strip_markers(phrase))
    return bool(needle) and needle in normalise(strip_markers(text))


def point_covered(point: LearningPoint, text: str) -> bool:
    """True when any of the point's phrases occurs in text."""
    return any(phrase_in(p, text) for p in point.phrases)


def learning_point_coverage(
    points: Sequence[LearningPoint], answer_text: str, abstained: bool = False
) -> CoverageResult:
    """Fraction of points covered; None when the item has no learning points.

    An abstention on an item with learning points scores 0.0 (nothing was covered).
    """
    if not points:
        return CoverageResult(None)
    text = "" if abstained else answer_text
    res = CoverageResult(0.0)
    for i, point in enumerate(points):
        label = point.reference or f"point {i + 1}: {point.phrases[0]}"
        (res.covered if point_covered(point, text) else res.missed).append(label)
    res.score = len(res.covered) / len(points)
    return res
