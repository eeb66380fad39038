"""Keyword search in the catalog: quoted phrases count as terms of their own."""

from __future__ import annotations

from pathlib import Path

from caselearn.types import Chunk, Document
from ingest.catalog import Catalog

TEXTS = {
    "apart": "The baby did not thrive. Failure after failure followed for the baby, who did not thrive.",
    "phrase": "Consider neglect where failure to thrive is identified in a child at any contact.",
}


def _catalog(tmp_path: Path) -> Catalog:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    for name, text in TEXTS.items():
        doc = Document(name * 2, f"reviews/{name}.txt", name, "review", text, name)
        chunk = Chunk(
            chunk_id=name, doc_id=doc.doc_id, source=doc.source, title=name, kind="review",
            section=None, page=None, start=0, end=len(text), text=text, ordinal=0, n_tokens=20,
        )  # fmt: skip
        catalog.replace_document(doc, [chunk], "1")
    return catalog


def test_a_quoted_phrase_ranks_the_chunk_holding_it_whole_first(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    words = [cid for cid, _ in catalog.keyword_search("baby failure to thrive", 5)]
    assert words == ["apart", "phrase"]
    phrased = [cid for cid, _ in catalog.keyword_search('baby "failure to thrive"', 5)]
    assert phrased == ["phrase", "apart"]


def test_the_next_chunk_is_the_following_one_of_the_same_document(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    doc = Document("d", "guidance/d.pdf", "d", "guidance", "one two", "d")
    chunks = [
        Chunk(
            chunk_id=f"d{i}",
            doc_id="d",
            source=doc.source,
            title="d",
            kind="guidance",
            section=None,
            page=1,
            start=4 * i,
            end=4 * i + 3,
            text=word,
            ordinal=i,
            n_tokens=1,
        )  # fmt: skip
        for i, word in enumerate(["one", "two"])
    ]
    catalog.replace_document(doc, chunks, "1")
    for name, text in TEXTS.items():  # another document's chunk 1 must not be taken
        other = Document(name, f"reviews/{name}.txt", name, "review", text, name)
        chunk = Chunk(
            chunk_id=name, doc_id=name, source=other.source, title=name, kind="review",
            section=None, page=None, start=0, end=len(text), text=text, ordinal=1, n_tokens=20,
        )  # fmt: skip
        catalog.replace_document(other, [chunk], "1")
    assert catalog.next_chunk(chunks[0]).chunk_id == "d1"
    assert catalog.next_chunk(chunks[1]) is None


def test_a_prefix_counts_chunks_with_a_word_beginning_with_it(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    assert catalog.term_frequency("identif") == 0
    assert catalog.term_frequency("identif", prefix=True) == 1  # "identified"
    assert catalog.term_frequency("thri", prefix=True) == 2  # "thrive" in both
