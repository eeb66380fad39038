"""Fakes for the eval tests: a tiny corpus lookup, canned answers and golden-file writers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from caselearn.types import Answer, Chunk, Citation, Passage
from evals.golden import GoldenItem, parse_item

REVIEW = "reviews/001_aaaa.txt"
GUIDE = "guidance/kcsie.pdf"
OTHER = "reviews/002_bbbb.txt"

DOCS = {
    REVIEW: (
        "Professionals did not see the father as part of the household. "
        "Neglect was not recognised early enough by the health visitor. "
        "The child's voice was missing from assessments."
    ),
    GUIDE: (
        "Page one covers the designated safeguarding lead role. "
        "Page two explains that all staff should read Part one of the guidance."
    ),
    OTHER: "Housing and debt pressures were not explored with the family.",
}
# (page, start, end) spans for the PDF; text files are unpaged.
PAGE_ONE_END = DOCS[GUIDE].index("Page two")
PAGES = {GUIDE: [(1, 0, PAGE_ONE_END), (2, PAGE_ONE_END, len(DOCS[GUIDE]))]}


class FakeLookup:
    """SourceLookup over DOCS."""

    def document_text(self, source: str) -> str | None:
        return DOCS.get(source)

    def page_at(self, source: str, offset: int) -> int | None:
        for page, start, end in PAGES.get(source, []):
            if start <= offset < end:
                return page
        return None


def cite(n: int, source: str, quote: str, page: int | None = None, **over: Any) -> Citation:
    """A citation whose offsets point at the first occurrence of quote in DOCS[source]."""
    start = DOCS[source].index(quote) if quote in DOCS.get(source, "") else 0
    fields: dict[str, Any] = dict(
        n=n,
        source=source,
        title=source,
        kind="guidance" if source.startswith("guidance") else "review",
        page=page,
        section=None,
        quote=quote,
        start=start,
        end=start + len(quote),
        score=1.0,
    )
    fields.update(over)
    return Citation(**fields)


def passage(source: str, i: int = 0) -> Passage:
    """A retrieved passage from source."""
    chunk = Chunk(
        chunk_id=f"{source}#{i}",
        doc_id=source,
        source=source,
        title=source,
        kind="review",
        section=None,
        page=None,
        start=0,
        end=10,
        text=DOCS.get(source, "x")[:10],
        ordinal=i,
    )
    return Passage(chunk=chunk, score=1.0 / (i + 1))


def answer(
    text: str,
    citations: list[Citation] | None = None,
    sources: list[str] | None = None,
    abstained: bool = False,
    total_ms: float | None = 100.0,
) -> Answer:
    """A canned Answer with passages retrieved from sources, in order."""
    return Answer(
        question="q",
        answer=text,
        abstained=abstained,
        citations=citations or [],
        timings_ms={} if total_ms is None else {"total": total_ms},
        passages=[passage(s, i) for i, s in enumerate(sources or [])],
    )


def golden(item_id: str = "q1", **over: Any) -> GoldenItem:
    """A valid golden item, answerable by default, from REVIEW."""
    obj: dict[str, Any] = {
        "id": item_id,
        "version": "1",
        "split": "dev",
        "question": f"question {item_id}?",
        "answerable": True,
        "review_coverage": True,
        "expected_sources": [REVIEW],
        "expected_passages": [],
        "learning_points": [
            {"phrases": ["father"], "reference": "fathers unseen"},
            {"phrases": ["neglect was not recognised"], "reference": "neglect missed"},
        ],
        "tags": [],
    }
    obj.update(over)
    return parse_item(obj, "test")


def good_answer(sources: list[str] | None = None) -> Answer:
    """A correct, well-cited answer to golden()."""
    q1 = "Professionals did not see the father as part of the household."
    q2 = "Neglect was not recognised early enough by the health visitor."
    return answer(
        f"{q1} [1]\n{q2} [2]",
        [cite(1, REVIEW, q1), cite(2, REVIEW, q2)],
        sources if sources is not None else [OTHER, REVIEW],
    )


class FakeAnswerer:
    """Answers from a question -> Answer (or exception) map."""

    def __init__(self, canned: dict[str, Answer | Exception]) -> None:
        self.canned = canned
        self.asked: list[str] = []

    def ask(self, question: str) -> Answer:
        self.asked.append(question)
        out = self.canned[question]
        if isinstance(out, Exception):
            raise out
        return out


def write_jsonl(path: Path, rows: list[dict[str, Any] | str]) -> Path:
    """Write dicts as JSON lines (strings verbatim)."""
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def fx() -> SimpleNamespace:
    """All the fakes and builders, as one namespace."""
    return SimpleNamespace(
        REVIEW=REVIEW,
        GUIDE=GUIDE,
        OTHER=OTHER,
        DOCS=DOCS,
        lookup=FakeLookup(),
        cite=cite,
        passage=passage,
        answer=answer,
        golden=golden,
        good_answer=good_answer,
        FakeAnswerer=FakeAnswerer,
        write_jsonl=write_jsonl,
    )


GoldenRow = Callable[..., dict[str, Any]]


@pytest.fixture
def golden_row() -> GoldenRow:
    """A valid golden JSON object, with overrides."""

    def make(item_id: str = "q1", **over: Any) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": item_id,
            "version": "1",
            "split": "dev",
            "question": f"question {item_id}?",
            "answerable": True,
            "review_coverage": True,
            "expected_sources": [REVIEW],
            "expected_passages": [{"source": REVIEW, "text": "father"}],
            "learning_points": [{"phrases": ["father"], "reference": "fathers"}],
            "tags": ["critical"],
        }
        row.update(over)
        return row

    return make
