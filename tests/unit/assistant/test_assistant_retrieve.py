"""Spreading passages over documents: every document's best first, then as asked."""

from __future__ import annotations

from pathlib import Path

from assistant.retrieve import Retriever, diversify
from caselearn.settings import RetrievalSettings
from caselearn.types import Chunk, Document, Passage
from ingest.catalog import Catalog


def _passage(source: str, n: int, score: float) -> Passage:
    chunk = Chunk(
        chunk_id=f"{source}#{n}", doc_id=source, source=source, title=source, kind="guidance",
        section=None, page=1, start=0, end=1, text="x", ordinal=n, n_tokens=1,
    )  # fmt: skip
    return Passage(chunk=chunk, score=score)


# Fused order: one long document answers (a1..a4 on top), two others match weakly.
RANKED = [
    _passage("a", 1, 0.9),
    _passage("a", 2, 0.8),
    _passage("a", 3, 0.7),
    _passage("b", 1, 0.6),
    _passage("a", 4, 0.5),
    _passage("c", 1, 0.4),
    _passage("b", 2, 0.3),
    _passage("c", 2, 0.2),
]


def _ids(passages: list[Passage]) -> list[str]:
    return [p.chunk.chunk_id for p in passages]


def test_full_round_robin_gives_each_document_a_turn() -> None:
    picked = diversify(RANKED, k=5, max_per_doc=6)
    assert _ids(picked) == ["a#1", "b#1", "c#1", "a#2", "b#2"]


def test_one_round_then_the_best_passages_wherever_they_are() -> None:
    picked = diversify(RANKED, k=5, max_per_doc=6, rounds=1)
    assert _ids(picked) == ["a#1", "b#1", "c#1", "a#2", "a#3"]


def test_the_per_document_cap_holds_after_the_rounds() -> None:
    picked = diversify(RANKED, k=8, max_per_doc=2, rounds=1)
    assert _ids(picked) == ["a#1", "b#1", "c#1", "a#2", "b#2", "c#2"]


def _library(tmp_path: Path, texts: dict[str, list[str]]) -> tuple[Catalog, dict[str, list]]:
    """A catalog of guidance documents, one chunk per text, and each document's chunks."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    chunks = {}
    for name, parts in texts.items():
        doc = Document(name, f"guidance/{name}.pdf", name, "guidance", " ".join(parts), name)
        chunks[name] = [
            Chunk(
                chunk_id=f"{name}{i}",
                doc_id=name,
                source=doc.source,
                title=name,
                kind="guidance",
                section=None,
                page=1,
                start=0,
                end=len(t),
                text=t,
                ordinal=i,
                n_tokens=10,
            )  # fmt: skip
            for i, t in enumerate(parts)
        ]
        catalog.replace_document(doc, chunks[name], "1")
    return catalog, chunks


def test_a_definition_ending_its_chunk_brings_the_next_chunk(tmp_path: Path) -> None:
    catalog, chunks = _library(
        tmp_path,
        {
            "ends": [
                "Staff are trained. A widget concern is any concern that a widget acted oddly:"
                "\n\n- it hummed\n- it whistled",
                "Examples of such behaviour include rattling.",
            ],
            "goes_on": [
                "A widget concern is any concern that a widget acted oddly. Governors review it.",
                "Examples of such behaviour include rattling.",
            ],
        },
    )
    pinned = [Passage(parts[0], 0.0) for parts in chunks.values()]
    retriever = Retriever(catalog, None, None, RetrievalSettings())
    after = retriever.after_definitions(pinned, "widget concern")
    assert _ids(after) == ["ends1"]


class _DenseStore:
    """Dense hits fixed in advance, cosine 0.5 for any chunk asked about."""

    def __init__(self, hits: list[str]) -> None:
        self.hits = hits

    def query(self, vec, k, sources=None):
        return [(cid, 0.9 - i / 100) for i, cid in enumerate(self.hits[:k])]

    def embeddings(self, ids):
        return {cid: [0.5] for cid in ids}

    def count(self) -> int:
        return 100


def test_the_best_keyword_match_is_kept_when_only_keyword_search_finds_it(tmp_path: Path) -> None:
    texts = {name: [f"Staff talk about children {name} {i}." for i in range(6)] for name in "abc"}
    texts["a"].append("Never promise a child that you will keep a secret.")
    catalog, _ = _library(tmp_path, texts)
    dense = _DenseStore([f"{n}{i}" for i in range(6) for n in "abc"])
    found = {}
    for pin in (0, 1):
        settings = RetrievalSettings(max_per_doc=2, top_k=6, lexical_pin=pin, sentence_k=0)
        retriever = Retriever(catalog, dense, None, settings)
        passages = retriever.retrieve("q", "promise secret children", None, query_vec=[1.0])
        found[pin] = _ids(passages)
    assert "a6" not in found[0]
    assert found[1][: len(found[0])] == found[0] and found[1][-1] == "a6"
