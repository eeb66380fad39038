"""Sentences added around an answer's picks while the word budget allows: the rest of the best
one's paragraph, the sentence after each pick that explains it, one that leans on it."""

from __future__ import annotations

from collections.abc import Callable

from assistant.candidates import Candidate
from assistant.overlap import overlaps
from assistant.scoring import continues
from caselearn.settings import AnswerSettings


def add_neighbours(
    chosen: list[Candidate], pool: list[Candidate], words: int, settings: AnswerSettings
) -> int:
    """Add the sentence that follows each chosen one: findings are often explained next."""
    if not chosen:
        return words
    floor = chosen[0].score - settings.neighbour_margin
    return _add_next(chosen, pool, words, settings, lambda c: c.score >= floor, 200)


def add_continuations(
    chosen: list[Candidate], pool: list[Candidate], words: int, settings: AnswerSettings
) -> int:
    """Add the sentence right after a picked one when it leans on it ("This should include…",
    "However, …", "Examples of such behaviour…"): quoted alone, the pick is half a point."""
    picks = settings.continuations
    return _add_next(chosen, pool, words, settings, lambda c: continues(c.text), 6, picks)


def add_followers(
    picked: Candidate,
    chosen: list[Candidate],
    pool: list[Candidate],
    words: int,
    settings: AnswerSettings,
) -> int:
    """Quote into `chosen` the sentences that run on from `picked` in its paragraph, or open
    the next one leaning on it ("Examples of such behaviour could include:"), up to
    `definition_followers` of them."""
    last = picked
    for _ in range(settings.definition_followers):
        before = len(chosen)
        end = last.end

        def runs_on(c: Candidate, end: int = end) -> bool:
            return c.start - end <= 1 or continues(c.text)

        words = _add_next([last], pool, words, settings, runs_on, 6, into=chosen)
        if len(chosen) == before:
            break
        last = chosen[-1]
    return words


def _add_next(
    chosen: list[Candidate],
    pool: list[Candidate],
    words: int,
    settings: AnswerSettings,
    wanted: Callable[[Candidate], bool],
    max_gap: int,
    picks: int | None = None,
    into: list[Candidate] | None = None,
) -> int:
    """Quote the sentence after each of the best `picks` chosen ones (all when None) when it
    starts within `max_gap` characters, is `wanted` and fits the word budget."""
    if not chosen:
        return words
    source = chosen[0].passage.chunk.source
    ordered = sorted((c for c in pool if c.passage.chunk.source == source), key=lambda c: c.start)
    for picked in sorted(chosen, key=lambda c: -c.score)[:picks]:
        nxt = next((c for c in ordered if c.start >= picked.end), None)
        if nxt is None or nxt.start - picked.end > max_gap or not wanted(nxt):
            continue
        target = chosen if into is None else into
        if any(overlaps(nxt, c) for c in target):
            continue
        taken = _take(nxt, target, words, settings)
        words = words if taken is None else taken
    return words


def _take(
    cand: Candidate, chosen: list[Candidate], words: int, settings: AnswerSettings
) -> int | None:
    """Quote `cand` into `chosen` if it fits the word budget: the new word count, else None."""
    n = len(cand.text.split())
    if words + n > settings.max_words:
        return None
    chosen.append(cand)
    return words + n


def add_paragraph(
    chosen: list[Candidate], pool: list[Candidate], words: int, settings: AnswerSettings
) -> int:
    """Add the sentences around the best one in its paragraph: a point often spans several."""
    if not chosen:
        return words
    best = chosen[0]
    text, base = best.passage.chunk.text, best.passage.chunk.start
    para_start = text.rfind("\n\n", 0, best.start - base)
    para_end = text.find("\n\n", best.end - base)
    lo = base + (para_start + 2 if para_start >= 0 else 0)
    hi = base + (para_end if para_end >= 0 else len(text))
    for cand in sorted(pool, key=lambda c: c.start):
        if cand.passage.chunk.chunk_id != best.passage.chunk.chunk_id:
            continue
        if cand.score < best.score - settings.paragraph_margin:
            continue
        if lo <= cand.start and cand.end <= hi and not any(overlaps(cand, c) for c in chosen):
            taken = _take(cand, chosen, words, settings)
            if taken is None:
                break
            words = taken
    return words
