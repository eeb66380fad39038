"""Sentence vectors pooled from the ingest pass: offsets, storage, cascade, and their use at answer time."""

from __future__ import annotations

import numpy as np
import pytest
from ingest_testkit import build_review_library

from assistant.factory import build_assistant
from caselearn.types import Chunk
from ingest.catalog import Catalog
from ingest.embed import HashingEmbedder
from ingest.sentence_vectors import SentenceVector, embed_chunks, pool
from ingest.sentences import split_sentences


def _chunk(text: str, start: int = 100) -> Chunk:
    return Chunk(
        chunk_id="d-0001-x", doc_id="d", source="reviews/x.txt", title="Baby E",
        kind="review", section="Learning", page=None, start=start, end=start + len(text),
        text=text, ordinal=1, n_tokens=len(text.split()),
    )  # fmt: skip


def test_each_sentence_vector_is_the_embedding_of_exactly_that_sentence() -> None:
    # With the hashing embedder a mean of word rows is the sentence's own embedding, so any
    # offset slip (title prefix, chunk start) would mix in words from a neighbour.
    emb = HashingEmbedder(dim=256)
    chunk = _chunk(
        "Fathers were not seen at all. The school raised concerns twice.\nRecords were poor."
    )
    vecs, rows = embed_chunks(emb, [chunk])
    spans = split_sentences(chunk.text, chunk.start)
    assert [(r.start, r.end) for r in rows] == spans
    for row in rows:
        text = chunk.text[row.start - chunk.start : row.end - chunk.start]
        assert np.allclose(pool([row]), emb.embed([text])[0], atol=1e-6)
    assert np.allclose(vecs[0], emb.embed([f"Baby E — Learning\n{chunk.text}"])[0], atol=1e-6)


def test_pooling_weights_sentences_by_tokens() -> None:
    a = SentenceVector("c", 0, 5, 3, np.array([1.0, 0.0], dtype=np.float32))
    b = SentenceVector("c", 6, 9, 1, np.array([0.0, 1.0], dtype=np.float32))
    assert np.allclose(pool([a, b]), np.array([3.0, 1.0]) / np.sqrt(10))
    assert pool([]) is None


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return build_review_library(tmp_path_factory.mktemp("sv"), themes=False)


def test_catalog_stores_sentence_vectors_and_drops_them_with_the_document(library) -> None:
    catalog = Catalog(library.catalog_path)
    chunks = catalog.chunks()
    stored = catalog.sentence_vectors([c.chunk_id for c in chunks])
    assert len(stored) == len(chunks)  # every chunk has its sentences
    chunk = chunks[0]
    rows = stored[chunk.chunk_id]
    assert [(r.start, r.end) for r in rows] == split_sentences(chunk.text, chunk.start)
    assert all(r.vec.dtype == np.float32 and r.vec.shape == (384,) for r in rows)
    catalog.delete_source(chunk.source)
    assert catalog.sentence_vectors([chunk.chunk_id]) == {}


class _NoEmbedding(HashingEmbedder):
    """Embeds the question only: any sentence embedding at answer time fails the test."""

    def embed(self, texts, progress=None):
        assert len(texts) == 1, f"answering embedded {len(texts)} texts"
        return super().embed(texts, progress)


def test_answers_use_stored_sentence_vectors_not_the_model(tmp_path) -> None:
    settings = build_review_library(tmp_path, themes=False)
    assistant = build_assistant(settings, embedder=_NoEmbedding())
    answer = assistant.ask("What did the reviews say about fathers and men in the household?")
    assert not answer.abstained and answer.citations
