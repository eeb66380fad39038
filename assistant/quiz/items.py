"""The quiz records: QuizItem (one question with its key and citation) and Quiz (items + audit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from caselearn.types import Citation

ItemType = Literal["mcq", "tf", "short", "cloze"]
ITEM_TYPES: tuple[ItemType, ...] = ("mcq", "tf", "short", "cloze")
Difficulty = Literal["easy", "medium", "hard"]
BLANK = "_____"


@dataclass
class QuizItem:
    """One question. `citation.quote` is exactly the document's text[start:end].

    mcq: four options, `answer_index` the correct one. tf: options True/False; `claim` is the
    statement's asserted part (the key, or for a false statement another review's point).
    short: `answer` is the model answer, `accept` the phrases a marker looks for. cloze: the stem
    quotes the point with one BLANK, `answer` the missing words.
    """

    id: str
    type: ItemType
    stem: str
    answer: str
    explanation: str
    citation: Citation
    review: str  # the cited review's label
    point_kind: str  # recommendation, finding or background
    options: list[str] = field(default_factory=list)
    answer_index: int | None = None
    accept: list[str] = field(default_factory=list)
    claim: str | None = None
    key_start: int | None = None  # document offsets of the key inside the quote
    key_end: int | None = None
    option_reviews: list[str] = field(default_factory=list)  # mcq: the review behind each option
    rephrased: bool = False

    @property
    def source(self) -> str:
        return self.citation.source

    @property
    def where(self) -> str:
        """'p. 3' or the section, for a citation line."""
        c = self.citation
        return f"p. {c.page}" if c.page is not None else (c.section or "")

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape (also what evals.metrics.quiz.check_quiz reads)."""
        return {
            "id": self.id,
            "type": self.type,
            "stem": self.stem,
            "options": list(self.options),
            "answer_index": self.answer_index,
            "answer": self.answer,
            "accept": list(self.accept),
            "explanation": self.explanation,
            "review": self.review,
            "point_kind": self.point_kind,
            "citation": {
                "source": self.citation.source,
                "title": self.citation.title,
                "page": self.citation.page,
                "section": self.citation.section,
                "quote": self.citation.quote,
                "start": self.citation.start,
                "end": self.citation.end,
            },
            "option_reviews": list(self.option_reviews),
            "rephrased": self.rephrased,
        }


@dataclass
class Dropped:
    """A learning point whose items all failed validation."""

    source: str
    quote: str
    type: str
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "quote": self.quote, "type": self.type,
                "reasons": list(self.reasons)}  # fmt: skip


@dataclass
class Quiz:
    """A validated quiz plus its audit: what was asked, what was dropped and why."""

    title: str
    scope: dict[str, str | None]
    seed: int
    difficulty: Difficulty
    types: list[str]
    requested: int
    items: list[QuizItem] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    regenerated: int = 0
    reviews: list[str] = field(default_factory=list)  # sources the scope covers
    notes: list[str] = field(default_factory=list)

    @property
    def covered(self) -> list[str]:
        return list(dict.fromkeys(i.source for i in self.items))

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "scope": dict(self.scope),
            "seed": self.seed,
            "difficulty": self.difficulty,
            "types": list(self.types),
            "requested": self.requested,
            "n_items": len(self.items),
            "items": [i.to_dict() for i in self.items],
            "dropped": len(self.dropped),
            "dropped_items": [d.to_dict() for d in self.dropped],
            "regenerated": self.regenerated,
            "reviews": list(self.reviews),
            "covered_reviews": self.covered,
            "notes": list(self.notes),
        }
