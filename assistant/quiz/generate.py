"""Make a validated quiz: pick points round-robin across reviews, build, validate, retry or drop.

Deterministic for a seed: the seed orders equally relevant points, rotates the item types,
draws distractors and shuffles options; nothing else is random and no model is needed.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.quiz.build import BuildContext, build
from assistant.quiz.items import ITEM_TYPES, Difficulty, Dropped, Quiz, QuizItem
from assistant.quiz.lexical import content_tokens
from assistant.quiz.points import LearningPoint
from assistant.quiz.scope import (
    ScopeError,
    Scored,
    all_scope,
    library_points,
    review_scope,
    theme_scope,
    topic_scope,
)
from assistant.quiz.stems import theme_topic
from assistant.quiz.validate import coverage_problems, item_problems, near_duplicate
from caselearn.types import Document
from ingest.catalog import Catalog
from ingest.themes import Theme, load_taxonomy, resolve_theme, term_pattern

logger = logging.getLogger(__name__)

Rephrase = Callable[[QuizItem], str | None]


@dataclass
class QuizRequest:
    """What to quiz on (at most one of theme, review, topic) and how."""

    theme: str | None = None
    review: str | None = None
    topic: str | None = None
    n: int = 10
    types: Sequence[str] = ("mcq",)
    difficulty: Difficulty = "medium"
    seed: int = 1

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.theme, self.review, self.topic)) > 1:
            raise ScopeError("give at most one of --theme, --review and --topic")
        bad = [t for t in self.types if t not in ITEM_TYPES]
        if bad or not self.types:
            raise ScopeError(f"item types must be among {', '.join(ITEM_TYPES)}; got {bad}")
        if self.n < 1:
            raise ScopeError("ask for at least one item")


class QuizGenerator:
    """Holds the library's learning points; one instance makes many quizzes."""

    def __init__(self, catalog: Catalog, themes: Sequence[Theme] | None = None) -> None:
        self.catalog = catalog
        self.themes = list(themes) if themes is not None else load_taxonomy()
        self.points = library_points(catalog, self.themes)
        self.df = Counter(w for p in self.points for w in set(content_tokens(p.text)))
        self._docs: dict[str, Document | None] = {}

    def document(self, source: str) -> Document | None:
        if source not in self._docs:
            self._docs[source] = self.catalog.document(source)
        return self._docs[source]

    def scope(self, req: QuizRequest) -> tuple[str, list[Scored], Theme | None]:
        """The quiz title, the scored points in scope and the theme (if any)."""
        if req.theme:
            theme = resolve_theme(req.theme, self.themes)
            return theme.label, theme_scope(self.points, theme, self.catalog), theme
        if req.review:
            scored = review_scope(self.points, req.review, self.catalog)
            return scored[0].point.label if scored else req.review, scored, None
        if req.topic:
            return req.topic, topic_scope(self.points, req.topic, self.themes), None
        return "Learning from the reviews", all_scope(self.points), None

    def problems(self, item: QuizItem, kept: Sequence[QuizItem]) -> list[str]:
        own = [p for p in self.points if p.source == item.source]
        names = own[0].names if own else ()
        problems = item_problems(item, self.document(item.source), [p.text for p in own], names)
        problems += [w for k in kept if (w := near_duplicate(item, k))]
        return problems

    def generate(self, req: QuizRequest, rephrase: Rephrase | None = None) -> Quiz:
        title, scored, theme = self.scope(req)
        rng = random.Random(req.seed)
        quiz = Quiz(
            title=f"Quiz: {title}",
            scope={"theme": theme.id if theme else None, "review": req.review, "topic": req.topic},
            seed=req.seed, difficulty=req.difficulty, types=list(req.types), requested=req.n,
        )  # fmt: skip
        if not scored:
            raise ScopeError(f"no learning point in the library is on {title!r}")
        pool = [p for p in self.points if p.kind != "background"]
        ctx = BuildContext(pool, req.difficulty, rng, theme_topic(theme.label) if theme else None,
                           theme.id if theme else None, dict(self.df),
                           terms=term_pattern(theme.strong_terms) if theme else None,
                           theme_topics={t.id: theme_topic(t.label) for t in self.themes})  # fmt: skip
        queues, order = _queues(scored, rng)
        quiz.reviews = [s for s in order if queues[1].get(s)]
        types = list(req.types)
        offset = rng.randrange(len(types))
        for tier in (1, 2):
            while len(quiz.items) < req.n and any(queues[tier].values()):
                for source in order:
                    queue = queues[tier].get(source)
                    if len(quiz.items) >= req.n or not queue:
                        continue
                    point = queue.pop(0)
                    start = types[(offset + len(quiz.items)) % len(types)]
                    self._attempt(point, start, types, ctx, quiz)
        if rephrase is not None:
            self._rephrase(quiz, rephrase)
        if len(quiz.items) < req.n:
            quiz.notes.append(
                f"only {len(quiz.items)} valid items could be made (asked for {req.n})"
            )
        quiz.notes += coverage_problems(quiz.items, quiz.reviews, req.n)
        return quiz

    def _attempt(
        self, point: LearningPoint, first: str, types: list[str], ctx: BuildContext, quiz: Quiz
    ) -> None:
        """Build, validate and keep one item for the point; retry once, then another type."""
        tries = [first, first] + [t for t in types if t != first][:1]
        reasons: list[str] = []
        item_id = f"q{len(quiz.items) + 1}"
        for n, item_type in enumerate(tries):
            if n == 1 and (not reasons or reasons[-1].endswith("not possible")):
                continue  # a retry of the same type only helps when validation failed
            variant = sum(1 for k in quiz.items if k.source == point.source) + (n == 1)
            item = build(item_type, point, ctx, item_id, variant)  # type: ignore[arg-type]
            if item is None:
                reasons.append(f"{item_type}: not possible")
                continue
            problems = self.problems(item, quiz.items)
            if not problems:
                quiz.items.append(item)
                quiz.regenerated += 1 if reasons else 0
                return
            reasons.extend(f"{item_type}: {p}" for p in problems)
        logger.info("dropped %s:%d: %s", point.source, point.start, "; ".join(reasons))
        quiz.dropped.append(Dropped(point.source, point.text, first, list(dict.fromkeys(reasons))))

    def _rephrase(self, quiz: Quiz, rephrase: Rephrase) -> None:
        done = rejected = 0
        for i, item in enumerate(quiz.items):
            if item.type not in ("mcq", "short"):
                continue
            stem = rephrase(item)
            if not stem or stem == item.stem:
                continue
            new = replace(item, stem=stem, rephrased=True)
            others = quiz.items[:i] + quiz.items[i + 1 :]
            if self.problems(new, others):
                rejected += 1
                continue
            quiz.items[i] = new
            done += 1
        quiz.notes.append(f"LLM rephrased {done} stems ({rejected} rephrasings failed validation)")


def _queues(scored: Sequence[Scored], rng: random.Random):
    """tier -> source -> points (most relevant first), and the reviews in round-robin order."""
    ties = {id(s): rng.random() for s in scored}
    ranked = sorted(scored, key=lambda s: (-s.relevance, ties[id(s)]))
    queues: dict[int, dict[str, list[LearningPoint]]] = {1: {}, 2: {}}
    best: dict[str, tuple[int, float, float]] = {}
    for s in ranked:
        queues[s.tier].setdefault(s.point.source, []).append(s.point)
        best.setdefault(s.point.source, (s.tier, -s.relevance, ties[id(s)]))
    order = sorted(best, key=lambda src: best[src])
    return queues, order
