"""Abstention metrics: did the assistant refuse exactly when the golden item is unanswerable?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class AbstentionCase:
    """What the golden item expects and what the assistant did."""

    answerable: bool
    abstained: bool
    out_of_scope: bool = False


def abstention_correct(case: AbstentionCase) -> bool:
    """True when the assistant abstained iff the item is unanswerable."""
    return case.abstained == (not case.answerable)


def _rate(flags: Sequence[bool]) -> float | None:
    """Mean of booleans; None for an empty list."""
    return sum(flags) / len(flags) if flags else None


def abstention_accuracy(cases: Sequence[AbstentionCase]) -> float | None:
    """Share of items where abstained == not answerable; None for no items."""
    return _rate([abstention_correct(c) for c in cases])


def false_refusal_rate(cases: Sequence[AbstentionCase]) -> float | None:
    """Share of answerable items the assistant refused; None if no answerable items."""
    return _rate([c.abstained for c in cases if c.answerable])


def false_answer_rate(cases: Sequence[AbstentionCase]) -> float | None:
    """Share of unanswerable items the assistant answered anyway; None if there are none."""
    return _rate([not c.abstained for c in cases if not c.answerable])


def out_of_scope_handled(cases: Sequence[AbstentionCase]) -> float | None:
    """Share of out-of-scope items that were declined; None if there are none."""
    return _rate([c.abstained for c in cases if c.out_of_scope])
