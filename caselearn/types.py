"""Small typed records passed between the stages (load -> clean -> chunk -> store -> retrieve -> answer)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["review", "guidance"]


@dataclass(frozen=True)
class PageSpan:
    """Where one PDF page sits in the cleaned document text (1-based page number)."""

    page: int
    start: int
    end: int


@dataclass
class DocMeta:
    """What the document itself states about the review; unknown stays None, never guessed."""

    subject: str | None = None
    publisher: str | None = None
    date: str | None = None
    year: int | None = None
    review_type: str | None = None
    child_age: str | None = None


@dataclass
class Document:
    """One cleaned source document."""

    doc_id: str
    source: str  # path relative to the corpus root, posix style
    title: str
    kind: Kind
    text: str
    content_hash: str
    pages: list[PageSpan] = field(default_factory=list)
    meta: DocMeta = field(default_factory=DocMeta)

    def page_at(self, offset: int) -> int | None:
        """The PDF page holding a character offset, or None for unpaged text."""
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.page
        return self.pages[-1].page if self.pages and offset >= self.pages[-1].end else None


@dataclass
class Chunk:
    """A retrievable slice of a document with everything a citation needs."""

    chunk_id: str
    doc_id: str
    source: str
    title: str
    kind: Kind
    section: str | None
    page: int | None
    start: int
    end: int
    text: str
    ordinal: int
    n_tokens: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Passage:
    """A chunk returned by retrieval, with its fused score and per-retriever ranks."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_score: float | None = None


@dataclass
class Citation:
    """A verbatim quote from the cleaned document text, with where to find it."""

    n: int
    source: str
    title: str
    kind: Kind
    page: int | None
    section: str | None
    quote: str
    start: int
    end: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    """What `ask` returns; `to_dict` is the stable --json shape."""

    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"
    standalone_question: str | None = None
    notes: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "timings_ms": self.timings_ms,
            "mode": self.mode,
            "standalone_question": self.standalone_question,
            "notes": self.notes,
            "retrieved_sources": list(dict.fromkeys(p.chunk.source for p in self.passages)),
        }
