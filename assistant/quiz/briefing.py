"""A one-page team-meeting briefing on a theme: what each review found, quoted, and three
discussion questions drawn from those quotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.quiz.build import citation
from assistant.quiz.points import LearningPoint
from assistant.quiz.scope import ScopeError, Scored, library_points, theme_scope
from assistant.quiz.stems import option_text, theme_topic
from caselearn.types import Citation
from ingest.catalog import Catalog
from ingest.themes import Theme, load_taxonomy, resolve_theme

MAX_QUOTES = 8  # about a page with the questions
PER_REVIEW = 3
_KIND = {"recommendation": "Recommendation", "finding": "Finding", "background": "Case"}


@dataclass
class ReviewFindings:
    """What one review says on the theme."""

    label: str
    review: str  # "the Child H review"
    title: str
    source: str
    points: list[tuple[str, Citation]] = field(default_factory=list)  # (kind, citation)


@dataclass
class Briefing:
    theme_id: str
    theme_label: str
    reviews: list[ReviewFindings]
    questions: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme_id,
            "label": self.theme_label,
            "reviews": [
                {"label": r.label, "title": r.title, "source": r.source,
                 "points": [{"kind": k, **c.to_dict()} for k, c in r.points]}
                for r in self.reviews
            ],
            "questions": list(self.questions),
        }  # fmt: skip

    def to_markdown(self) -> str:
        n = len(self.reviews)
        out = [
            f"# Team briefing: {self.theme_label}",
            "",
            f"_What {n} review{'s' if n != 1 else ''} in the library found on this theme, quoted "
            "word for word from the documents. For a 15-minute team-meeting discussion._",
            "",
        ]
        for r in self.reviews:
            out += [f"## {r.label}", ""]
            for kind, c in r.points:
                where = f"p. {c.page}" if c.page is not None else (c.section or "")
                out.append(f"- **{_KIND[kind]}:** “{' '.join(c.quote.split())}” ({where})")
            out.append("")
        out += ["## Discussion questions", ""]
        out += [f"{i}. {q}" for i, q in enumerate(self.questions, start=1)] + [""]
        out += ["## Sources", ""]
        out += [f"- {r.label}: {' '.join(r.title.split())} — `{r.source}`" for r in self.reviews]
        return "\n".join(out) + "\n"


def _short(point: LearningPoint, words: int = 28) -> str:
    text = option_text(point.text).split()
    return " ".join(text[:words]) + ("…" if len(text) > words else "")


def _questions(chosen: dict[str, list[LearningPoint]], topic: str) -> list[str]:
    flat = [p for ps in chosen.values() for p in ps]
    recs = [p for p in flat if p.kind == "recommendation"]
    finds = [p for p in flat if p.kind != "recommendation"]
    first = recs[0] if recs else flat[0]
    q1 = (
        f"{first.review[:1].upper()}{first.review[1:]} says: “{_short(first)}”. How would we know "
        "this is happening in our own cases, and what gets in the way?"
    )
    other = next((p for p in finds if p.source != first.source), None) or next(
        (p for p in flat if p is not first), None
    )
    if other is not None:
        q2 = (
            f"{other.review[:1].upper()}{other.review[1:]} records: “{_short(other)}”. Could this "
            "happen in a case we hold now? What would alert us to it?"
        )
    else:
        q2 = f"Which of our current cases does this learning on {topic} remind us of, and why?"
    names = list(dict.fromkeys(p.review for p in flat))
    if len(names) > 1:
        both = " and ".join(names) if len(names) == 2 else f"these {len(names)} reviews"
        q3 = (
            f"What do {both} ask of practitioners on {topic}? What one change will we make "
            "after this meeting, and who will check it has happened?"
        )
    else:
        q3 = (
            f"What one change to our practice on {topic} will we make after reading "
            f"{names[0]}, and who will check it has happened?"
        )
    return [q1, q2, q3]


def build_briefing(
    catalog: Catalog,
    theme_name: str,
    themes: Sequence[Theme] | None = None,
    points: Sequence[LearningPoint] | None = None,
) -> Briefing:
    """The briefing for a theme: up to three points per review (lessons before case facts)."""
    themes = list(themes) if themes is not None else load_taxonomy()
    theme = resolve_theme(theme_name, themes)
    pts = list(points) if points is not None else library_points(catalog, themes)
    scored = theme_scope(pts, theme, catalog)
    if not scored:
        raise ScopeError(f"no review in the library has a learning point on {theme.label!r}")
    by_review: dict[str, list[Scored]] = {}
    for s in sorted(scored, key=lambda s: (s.tier, -s.relevance, s.point.start)):
        by_review.setdefault(s.point.source, []).append(s)
    order = sorted(
        by_review, key=lambda src: (by_review[src][0].tier, -by_review[src][0].relevance)
    )
    chosen: dict[str, list[LearningPoint]] = {src: [] for src in order}
    total = 0
    for round_no in range(PER_REVIEW):
        for src in order:
            cands = by_review[src]
            if total < MAX_QUOTES and round_no < len(cands):
                if cands[round_no].tier == 2 and round_no > 0:
                    continue  # case facts only when a review has nothing else
                chosen[src].append(cands[round_no].point)
                total += 1
    reviews = []
    for src in order:
        ps = sorted(chosen[src], key=lambda p: p.start)
        if not ps:
            continue
        first = ps[0]
        reviews.append(
            ReviewFindings(
                first.label, first.review, first.title, src, [(p.kind, citation(p)) for p in ps]
            )  # fmt: skip
        )
    return Briefing(theme.id, theme.label, reviews, _questions(chosen, theme_topic(theme.label)))
