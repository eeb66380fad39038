"""Sentence-level keyword search: the words of a question meeting in one stored sentence."""

from __future__ import annotations

from assistant.sentence_keywords import SentenceKeywords
from ingest.catalog import Catalog


def _rare_sentence(catalog: Catalog) -> tuple[str, list[str]]:
    """A chunk id and three words that meet in one of its sentences and in few other places."""
    for chunk in catalog.chunks():
        for sentence in chunk.text.split(". "):
            words = [w for w in sentence.split() if w.isalpha() and len(w) > 7][:3]
            if len(words) == 3:
                return chunk.chunk_id, words
    raise AssertionError("no sentence with three long words")


def test_a_chunk_is_found_by_the_sentence_holding_the_words(review_settings) -> None:
    catalog = Catalog(review_settings.data_dir / "catalog.sqlite3")
    index = SentenceKeywords(catalog.db)
    chunk_id, words = _rare_sentence(catalog)
    found = index.search(words, 5)
    assert found[0][0] == chunk_id
    scores = [s for _, s in index.search(words, 50)]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert len({cid for cid, _ in index.search(words, 50)}) == len(scores)  # a row per chunk
    source = catalog.chunks([chunk_id])[0].source
    others = [d["source"] for d in catalog.documents() if d["source"] != source]
    assert chunk_id not in [cid for cid, _ in index.search(words, 50, others)]
    assert index.search(["zebraxylophone"], 5) == []


def test_named_document_retrieval_uses_the_list_and_open_retrieval_does_not(assistant) -> None:
    retriever = assistant.retriever
    chunk_id, words = _rare_sentence(assistant.catalog)
    source = assistant.catalog.chunks([chunk_id])[0].source
    calls: list[list[str] | None] = []
    index = retriever.sentence_keywords
    original = index.search
    index.search = lambda w, k, sources=None: calls.append(sources) or original(w, k, sources)
    try:
        vec = [0.0] * 384
        retriever.retrieve("q", " ".join(words), [source], query_vec=vec, k=5)
        retriever.retrieve("q", " ".join(words), None, query_vec=vec, k=5)
    finally:
        index.search = original
    assert calls == [[source]]
