"""Sentence-level dense search over the sentence vectors stored at ingest."""

from __future__ import annotations

from assistant.sentence_index import SentenceIndex
from ingest.catalog import Catalog
from ingest.embed import HashingEmbedder


def test_a_chunk_is_found_by_its_best_sentence_within_the_allowed_sources(review_settings) -> None:
    catalog = Catalog(review_settings.data_dir / "catalog.sqlite3")
    index = SentenceIndex(catalog.db)
    chunk = max(catalog.chunks(), key=lambda c: len(c.text))
    sentence = max(chunk.text.split(". "), key=len)
    vec = HashingEmbedder().embed([sentence])[0]
    [(best, score), *_] = index.search(vec, 5)
    assert best == chunk.chunk_id and score > 0.5
    ids = [cid for cid, _ in index.search(vec, 50)]
    assert len(ids) == len(set(ids))  # one row per chunk, at its best sentence
    others = [d["source"] for d in catalog.documents() if d["source"] != chunk.source]
    found = {c.source for c in catalog.chunks([cid for cid, _ in index.search(vec, 50, others)])}
    assert found and chunk.source not in found


def test_the_index_reloads_when_the_catalog_changes(review_settings, tmp_path) -> None:
    catalog = Catalog(review_settings.data_dir / "catalog.sqlite3")
    index = SentenceIndex(catalog.db)
    chunk = catalog.chunks()[0]
    vec = HashingEmbedder().embed([chunk.text])[0]
    assert chunk.chunk_id in [cid for cid, _ in index.search(vec, 100)]
    catalog.db.execute("DELETE FROM sentence_vectors WHERE chunk_id = ?", (chunk.chunk_id,))
    assert chunk.chunk_id not in [cid for cid, _ in index.search(vec, 100)]
    catalog.db.rollback()


def test_retrieval_fuses_the_sentence_list_and_a_list_per_question_part(assistant) -> None:
    retriever = assistant.retriever
    assert retriever.sentences is not None
    catalog = assistant.catalog
    chunk = max(catalog.chunks(), key=lambda c: len(c.text))
    sentence = max(chunk.text.split(". "), key=len)
    emb = HashingEmbedder()
    unrelated = emb.embed(["zebra xylophone quartz"])[0]
    found = retriever.retrieve("zebra", "zebra", None, query_vec=unrelated, k=5)
    assert chunk.chunk_id not in [p.chunk.chunk_id for p in found]
    found = retriever.retrieve(
        "zebra", "zebra", None, query_vec=unrelated, k=5, part_vecs=[emb.embed([sentence])[0]]
    )
    assert chunk.chunk_id in [p.chunk.chunk_id for p in found]
