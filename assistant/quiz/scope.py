"""Which learning points a quiz or briefing draws on: a theme, one review, a free-text topic, or all.

Points come first (tier 1: recommendations and findings); background (case facts) only fills
in for a theme, only from reviews that have a tier-1 point on it, and only when it uses the
theme's specific vocabulary. A theme's reviews are the reviews with a tier-1 point on it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.quiz.lexical import content_tokens
from assistant.quiz.points import LearningPoint, extract_points
from assistant.retrieve import Filters
from assistant.scoring import stem, stems
from ingest.catalog import Catalog
from ingest.themes import Theme, matched_terms, theme_pattern

logger = logging.getLogger(__name__)


class ScopeError(ValueError):
    """The theme, review or topic matches nothing in the library."""


@dataclass(frozen=True)
class Scored:
    point: LearningPoint
    relevance: float
    tier: int  # 1: recommendation or finding; 2: background


def library_points(catalog: Catalog, themes: Sequence[Theme]) -> list[LearningPoint]:
    """Every review's learning points, by source then reading order."""
    out: list[LearningPoint] = []
    for info in catalog.documents():
        if info["kind"] != "review":
            continue
        doc = catalog.document(info["source"])
        if doc is not None:
            out.extend(extract_points(doc, info, themes))
    logger.info("%d learning points in %d reviews", len(out), len({p.source for p in out}))
    return out


def _tagged_spans(catalog: Catalog, theme_id: str) -> dict[str, list[tuple[int, int, float]]]:
    spans: dict[str, list[tuple[int, int, float]]] = {}
    for chunk, score in catalog.chunks_for_theme(theme_id):
        spans.setdefault(chunk.source, []).append((chunk.start, chunk.end, score))
    return spans


def theme_scope(points: Sequence[LearningPoint], theme: Theme, catalog: Catalog) -> list[Scored]:
    """Points on a theme: its specific vocabulary in the text (or the topic heading), plus the
    point's chunk tag score from the catalog; related vocabulary counts only in a tagged chunk."""
    tagged = _tagged_spans(catalog, theme.id)
    loose = _theme_stems(theme)
    out: list[Scored] = []
    for p in points:
        tag = max((s for a, b, s in tagged.get(p.source, []) if a <= p.start < b), default=0.0)
        if theme.id in p.themes:
            base = 2.0
        elif p.kind == "background":
            # Case facts need the theme's own words: specific terms, or (in a chunk tagged with
            # the theme) a word they are built on ("sleeping" for "safe sleep").
            if not (tag > 0 and loose & stems(p.text)):
                continue
            base = 1.0
        elif theme.id in p.heading_themes:
            base = 1.5
        elif theme.id in p.related and tag > 0:
            base = 0.8
        else:
            continue
        out.append(Scored(p, base + 0.5 * tag, 2 if p.kind == "background" else 1))
    with_lessons = {s.point.source for s in out if s.tier == 1}
    return [s for s in out if s.point.source in with_lessons]


def review_scope(points: Sequence[LearningPoint], name: str, catalog: Catalog) -> list[Scored]:
    """One review's points, named by subject ("Child H"), source path, file or title fragment."""
    docs = [d for d in catalog.documents() if d["kind"] == "review"]
    wanted = set(Filters(sources=[name]).allowed(docs) or [])
    low = " ".join(name.lower().split())
    wanted |= {p.source for p in points if low in p.review.lower() or low == p.label.lower()}
    if not wanted:
        names = ", ".join(dict.fromkeys(p.label for p in points))
        raise ScopeError(f"no review matches {name!r}; reviews: {names}")
    if len(wanted) > 1:
        raise ScopeError(f"{name!r} matches {len(wanted)} reviews: {', '.join(sorted(wanted))}")
    return [
        Scored(p, lesson_weight(p), 1) if p.kind != "background" else Scored(p, 0.3, 2)
        for p in points
        if p.source in wanted
    ]


def lesson_weight(point: LearningPoint) -> float:
    """Without a theme to rank by: recommendations before findings, situations ("when a new
    worker is picking up a case ...") first of all."""
    from assistant.quiz.stems import split_condition

    weight = 1.2 if point.kind == "recommendation" else 1.0
    return weight + (0.3 if split_condition(point) else 0.0)


# Words in theme terms that say too little on their own ("sudden unexpected death").
_VAGUE = frozenset(
    [
        "death",
        "died",
        "sudden",
        "unexpected",
        "infant",
        "baby",
        "child",
        "children",
        "parent",
        "parents",
        "mother",
        "family",
        "home",
        "house",
        "care",
        "arrangement",
        "environment",
        "use",
        "misuse",
        "health",
        "issue",
        "concern",
    ]
)


def _theme_stems(theme: Theme) -> set[str]:
    words = {w for t in theme.strong_terms for w in content_tokens(t)}
    return {stem(w) for w in words if len(w) > 3 and w not in _VAGUE and stem(w) not in _VAGUE}


def topic_scope(
    points: Sequence[LearningPoint], topic: str, themes: Sequence[Theme]
) -> list[Scored]:
    """Points sharing words with a free-text topic (and its themes' vocabulary), best first."""
    from assistant.query import content_words, expand, load_vocabulary

    words = {stem(w) for w in content_words(topic)}
    extra = {stem(w) for phrase in expand(topic, load_vocabulary()) for w in phrase.split()}
    named = {t.id for t in themes if matched_terms(theme_pattern(t), topic)[0]}
    if not words:
        raise ScopeError(f"the topic {topic!r} has no content words")
    out: list[Scored] = []
    for p in points:
        if p.kind == "background":
            continue
        have = stems(f"{p.text} {p.topic or ''}")
        score = len(words & have) / len(words) + 0.25 * min(2, len(extra & have))
        score += 0.5 if named & set(p.themes) else 0.0
        if words & have or named & set(p.themes):
            out.append(Scored(p, score, 1))
    if not out:
        raise ScopeError(f"no learning point in the library is about {topic!r}")
    best = max(s.relevance for s in out)
    return [s for s in out if s.relevance >= 0.5 * best]


def all_scope(points: Sequence[LearningPoint]) -> list[Scored]:
    return [Scored(p, lesson_weight(p), 1) for p in points if p.kind != "background"]
