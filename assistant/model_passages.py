"""Which passages a chat model is given: it has a small context, the extractive answer does not."""

from __future__ import annotations

from caselearn.types import Answer, Passage


def passages_for_model(extractive: Answer, passages: list[Passage], top_k: int) -> list[Passage]:
    """At most top_k passages for the prompt, those the extractive answer quotes first: an
    overview holds a whole document, far more than a small model's context."""
    quoted = {(c.source, c.start) for c in extractive.citations}
    first = [
        p
        for p in passages
        if any(s == p.chunk.source and p.chunk.start <= a < p.chunk.end for s, a in quoted)
    ]
    rest = [p for p in passages if p not in first]
    return (first + rest)[:top_k]
