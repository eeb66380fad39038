"""The document × theme matrix: tagged passages per cell and the strongest one, quoted verbatim."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from caselearn.types import Chunk, Document
from ingest.catalog import Catalog
from ingest.sentences import split_sentences
from ingest.themes import (
    TaggerConfig,
    Theme,
    load_taxonomy,
    matched_terms,
    taxonomy_fingerprint,
    theme_pattern,
)

MatrixKind = Literal["review", "guidance", "all"]
_GENERIC = {"the", "local", "safeguarding", "children", "childrens", "board", "partnership"}
_MAX_QUOTE = 400
_SHORT_CONTEXT = 260
_LIST_ITEM = re.compile(r"^(?:[-•*]|[a-z]\)|[a-z]\.)\s")


@dataclass
class Evidence:
    """A verbatim quote from the strongest passage of a cell: document text[start:end]."""

    chunk_id: str
    quote: str
    start: int
    end: int
    page: int | None
    section: str | None
    terms: list[str] = field(default_factory=list)


@dataclass
class Cell:
    """How many of a document's passages are tagged with a theme, and the best of them."""

    source: str
    theme: str
    count: int
    score: float
    evidence: Evidence


@dataclass
class DocumentRow:
    source: str
    label: str
    title: str
    kind: str
    chunks: int


@dataclass
class ThemeMatrix:
    kind: str
    themes: list[Theme]
    documents: list[DocumentRow]
    cells: dict[tuple[str, str], Cell]
    untagged: list[str] = field(default_factory=list)

    def cell(self, source: str, theme: str) -> Cell | None:
        return self.cells.get((source, theme))

    def count(self, source: str, theme: str) -> int:
        cell = self.cell(source, theme)
        return cell.count if cell else 0

    def to_dict(self) -> dict[str, Any]:
        """The stable `caselearn themes --json` shape."""
        cells = []
        for (source, theme), c in sorted(self.cells.items()):
            ev = asdict(c.evidence)
            cells.append({"source": source, "theme": theme, "count": c.count,
                          "score": round(c.score, 4), **ev})  # fmt: skip
        return {
            "kind": self.kind,
            "themes": [{"id": t.id, "label": t.label} for t in self.themes],
            "documents": [asdict(d) for d in self.documents],
            "cells": cells,
            "untagged": self.untagged,
        }


def document_label(doc: dict) -> str:
    """Subject (with the publisher's place), else review type and date, else the title."""
    if doc.get("subject"):
        place = _place(doc.get("publisher") or "")
        return f"{doc['subject']} ({place})" if place else doc["subject"]
    if doc.get("review_type") and doc.get("date"):
        return f"{doc['review_type'].capitalize()} ({doc['date']})"
    title = " ".join(doc["title"].split())
    return title if len(title) <= 48 else title[:47].rstrip() + "…"


def _place(publisher: str) -> str | None:
    for word in re.findall(r"[A-Za-z']+", publisher):
        if word.lower() not in _GENERIC and word[0].isupper() and not word.isupper():
            return word if len(word) > 3 else None
    return None


def best_quote(chunk: Chunk, theme: Theme) -> Evidence:
    """The chunk's sentence with the most theme vocabulary, preferring sentences to headings.

    A short list item keeps its lead-in ("... should have taken place:") so it reads on its own.
    """
    pattern = theme_pattern(theme)
    text = chunk.text
    spans = split_sentences(text) or [(0, len(text))]
    best: tuple[bool, bool, bool, int, int, int] | None = None
    pick, terms = 0, []
    for pos, (s, e) in enumerate(spans):
        strong, related = matched_terms(pattern, text[s:e])
        key = (bool(strong), bool(related), not _is_heading(text[s:e], chunk.section),
               len(strong), len(related), -pos)  # fmt: skip
        if best is None or key > best:
            best, pick, terms = key, pos, strong + related
    s, e = spans[pick]
    if e - s < 60:  # a list item: reach back over its sibling items to the lead-in
        for i in range(pick - 1, max(pick - 8, -1), -1):
            if text[: spans[i][1]].endswith(":"):
                s = spans[i][0] if e - spans[i][0] <= _MAX_QUOTE else s
                break
            if spans[i][1] - spans[i][0] >= 80:
                break
    for ns, ne in spans[pick + 1 :]:  # a short sentence takes the next ones for context
        if e - s >= 100 or ne - s > _SHORT_CONTEXT or "\n" in text[e:ns]:
            break
        e = ne
    if e - s > _MAX_QUOTE:  # keep it verbatim: cut at a word boundary
        cut = text.rfind(" ", s, s + _MAX_QUOTE)
        e = cut if cut > s else s + _MAX_QUOTE
    return Evidence(
        chunk_id=chunk.chunk_id,
        quote=text[s:e],
        start=chunk.start + s,
        end=chunk.start + e,
        page=chunk.page,
        section=chunk.section,
        terms=terms,
    )


def _is_heading(sentence: str, section: str | None) -> bool:
    line = sentence.strip()
    if _LIST_ITEM.match(line):
        return False
    return line == (section or "").strip() or (len(line) < 60 and line[-1:] not in ".:;?!")


def theme_matrix(
    catalog: Catalog,
    kind: MatrixKind = "review",
    themes: list[Theme] | None = None,
    config: TaggerConfig | None = None,
) -> ThemeMatrix:
    """Documents of `kind` × themes, from the tags stored in the catalog.

    `untagged` lists the documents whose tags do not come from these themes and `config`.
    """
    themes = themes if themes is not None else load_taxonomy()
    by_id = {t.id: t for t in themes}
    docs = [d for d in catalog.documents() if kind == "all" or d["kind"] == kind]
    wanted = {d["source"] for d in docs}
    grouped: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for source, theme, chunk_id, score in catalog.theme_tags():
        if source in wanted and theme in by_id:
            grouped[(source, theme)].append((chunk_id, score))
    best_ids = [max(v, key=lambda x: (x[1], x[0]))[0] for v in grouped.values()]
    chunks = {c.chunk_id: c for c in catalog.chunks(best_ids)}
    pages: dict[str, Document | None] = {}
    cells = {}
    for (source, theme), tagged in grouped.items():
        chunk_id, score = max(tagged, key=lambda x: (x[1], x[0]))
        evidence = best_quote(chunks[chunk_id], by_id[theme])
        if source not in pages:
            pages[source] = catalog.document(source)
        doc = pages[source]
        if doc is not None and doc.pages:
            evidence.page = doc.page_at(evidence.start)
        cells[(source, theme)] = Cell(source, theme, len(tagged), score, evidence)
    stale = set(catalog.untagged_sources(taxonomy_fingerprint(themes, config)))
    return ThemeMatrix(
        kind=kind,
        themes=themes,
        documents=[
            DocumentRow(d["source"], document_label(d), d["title"], d["kind"], d["chunks"])
            for d in docs
        ],
        cells=cells,
        untagged=[d["source"] for d in docs if d["source"] in stale],
    )
