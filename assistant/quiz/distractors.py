"""Distractors: other reviews' learning points that are plausible but wrong for this stem.

A distractor comes from another review, is the same kind of point as the key (a recommendation
for a recommendation, a finding for a finding), is on none of the key's themes, shares no
distinctive word with the stem's topic, is not supported by the key's quote and is of a
comparable length, so the longest option is not a give-away. Difficulty picks how close to the
key the distractors are (word overlap): hard the closest, easy the furthest.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.quiz.lexical import (
    UNSUPPORTED,
    similarity,
    supported,
    topic_words,
)
from assistant.quiz.points import LearningPoint
from assistant.quiz.stems import action_span, option_text, point_slice

# Options within about 1.5x of the key's length, unless too few are: no give-away by length.
CLOSE_LENGTH = 0.55


@dataclass(frozen=True)
class Distractor:
    point: LearningPoint
    text: str  # as shown in the options


def _text(point: LearningPoint, action: bool) -> str:
    if not action:
        return option_text(point.text)
    start, end = action_span(point)
    return option_text(point_slice(point, start, end))


def _length_fit(a: str, b: str) -> float:
    """1 for equal word counts, falling towards 0 as one gets twice (or more) the other."""
    ratio = max(1, len(a.split())) / max(1, len(b.split()))
    return max(0.0, 1.0 - abs(math.log(ratio)) / math.log(2.5))


def candidates(
    key: LearningPoint,
    key_text: str,
    quote: str,
    pool: Sequence[LearningPoint],
    *,
    topic: str | None = None,
    avoid_themes: frozenset[str] = frozenset(),
    action: bool = False,
) -> list[Distractor]:
    """Every admissible distractor for a key, closest first."""
    avoid = set(avoid_themes) | set(key.themes) | set(key.heading_themes)
    kind = "recommendation" if key.kind == "recommendation" else "finding"
    topic_set = topic_words(topic or "")
    scored: list[tuple[float, str, Distractor]] = []
    seen: set[str] = set()
    for p in pool:
        if p.source == key.source or p.kind != kind:
            continue
        if avoid & (set(p.themes) | set(p.heading_themes)):
            continue
        text = _text(p, action)
        if text.lower() in seen or topic_set & topic_words(text):
            continue
        if supported(text, quote) >= UNSUPPORTED or similarity(text, key_text) >= UNSUPPORTED:
            continue
        fit = _length_fit(text, key_text)
        if fit <= 0.0:
            continue
        seen.add(text.lower())
        score = similarity(text, key_text) + 0.3 * fit
        scored.append((score, f"{p.source}:{p.start}", Distractor(p, text)))
    scored.sort(key=lambda t: (-t[0], t[1]))
    close = [d for _, _, d in scored if _length_fit(d.text, key_text) >= CLOSE_LENGTH]
    return close if len(close) >= 4 else [d for _, _, d in scored]


def pick(
    ranked: Sequence[Distractor],
    n: int,
    difficulty: str,
    rng: random.Random,
    used: Counter[str] | None = None,
) -> list[Distractor]:
    """n distractors from different reviews where possible, as close as the difficulty asks,
    preferring those the quiz has used least (`used` counts option texts and is updated)."""
    if len(ranked) < n:
        return []
    third = max(n + 1, len(ranked) // 3)
    if difficulty == "hard":
        window = list(ranked[: n + 2])
    elif difficulty == "easy":
        window = list(ranked[-third:])
    else:
        mid = len(ranked) // 3
        window = list(ranked[mid : mid + third])
    rng.shuffle(window)
    rest = [d for d in ranked if d not in window]
    if used is not None:
        window.sort(key=lambda d: used[d.text])
        rest.sort(key=lambda d: used[d.text])
    chosen: list[Distractor] = []

    def fits(d: Distractor) -> bool:
        return len(chosen) < n and all(similarity(c.text, d.text) < UNSUPPORTED for c in chosen)

    for d in window + rest:  # distinct reviews first
        if fits(d) and all(c.point.source != d.point.source for c in chosen):
            chosen.append(d)
    for d in window + rest:
        if d not in chosen and fits(d):
            chosen.append(d)
    if len(chosen) < n:
        return []
    if used is not None:
        used.update(d.text for d in chosen)
    return chosen
