"""Word-level comparisons for quiz items, built on the eval suite's own containment measure.

Using evals.metrics.text keeps the generator's checks identical to what `caselearn eval`
scores: an item the generator keeps passes evals.metrics.quiz.check_quiz.
"""

from __future__ import annotations

from evals.metrics.text import containment, content_tokens, jaccard, normalise

# Words too common in safeguarding reviews to tell one lesson from another.
GENERIC = frozenset(
    [
        "child",
        "children",
        "family",
        "families",
        "agencies",
        "agency",
        "practitioners",
        "professionals",
        "case",
        "cases",
        "review",
        "reviews",
        "parents",
        "parent",
        "mother",
        "baby",
        "practice",
        "work",
        "working",
        "multi",
        "need",
        "needs",
        "consider",
        "ensure",
    ]
)
SUPPORTED = 0.6  # the key's containment in its quote must reach this (the eval's threshold)
UNSUPPORTED = 0.5  # a distractor's containment in the key's quote must stay below this
NEAR_DUPLICATE = 0.6


def supported(claim: str, quote: str) -> float:
    """Share of the claim's content words found in the quote (0 when it has none)."""
    return containment(claim, quote) or 0.0


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of content words (0 when both are empty)."""
    return jaccard(a, b) or 0.0


def topic_words(text: str) -> set[str]:
    """Distinctive content words: what a stem's topic shares with an option that is on it."""
    return {w for w in content_tokens(text) if w not in GENERIC and len(w) > 3}


def same_text(a: str, b: str) -> bool:
    return normalise(a) == normalise(b)


__all__ = [
    "GENERIC",
    "NEAR_DUPLICATE",
    "SUPPORTED",
    "UNSUPPORTED",
    "content_tokens",
    "normalise",
    "same_text",
    "similarity",
    "supported",
    "topic_words",
]
