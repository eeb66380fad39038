"""Sentence vectors made at ingest, so the extractive answerer never runs the model per question.

The model already reads every token of a chunk to embed it; averaging the output token vectors
over a sentence's characters gives that sentence a vector at almost no cost (a sentence seen in
its chunk's context, as in "late chunking"). Embedding the sentences separately would double
the ingest's model time.

Rows live in the catalog's SQLite file, in the document's own transaction, and go with their
chunk (ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from caselearn.types import Chunk
from ingest.chunk import embed_text
from ingest.embed import Embedder
from ingest.minilm_numpy import mean_pool
from ingest.sentences import split_sentences

SCHEMA = """
CREATE TABLE IF NOT EXISTS sentence_vectors (
    chunk_id TEXT NOT NULL REFERENCES chunks(chunk_id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (chunk_id, start)
);
"""


@dataclass
class SentenceVector:
    """Mean output vector of one sentence of a chunk (absolute document offsets)."""

    chunk_id: str
    start: int
    end: int
    tokens: int
    vec: np.ndarray  # float32, not normalised, so neighbouring sentences can be pooled


def pool(vectors: Sequence[SentenceVector]) -> np.ndarray | None:
    """L2-normalised token-weighted mean of sentence vectors (a quote may span several)."""
    weight = sum(v.tokens for v in vectors)
    if not weight:
        return None
    total = np.sum([v.vec * v.tokens for v in vectors], axis=0)
    norm = float(np.linalg.norm(total))
    return total / norm if norm else None


def embed_chunks(
    embedder: Embedder, chunks: list[Chunk], progress: Callable[[int], None] | None = None
) -> tuple[list[list[float]], list[SentenceVector]]:
    """Chunk vectors for the store and sentence vectors for the catalog, in one model pass."""
    texts = [embed_text(c) for c in chunks]
    spans = [split_sentences(c.text, c.start) for c in chunks]
    chunk_vecs: list[list[float]] = []
    rows: list[SentenceVector] = []
    for chunk, text, sents, (tokens, offsets) in zip(
        chunks, texts, spans, embedder.token_embeddings(texts, progress), strict=True
    ):
        chunk_vecs.append(mean_pool(tokens))
        shift = len(text) - len(chunk.text) - chunk.start  # document offset -> offset in `text`
        starts = np.array([a for a, b in offsets])
        ends = np.array([b for a, b in offsets])
        real = ends > starts
        for s, e in sents:
            inside = real & (starts >= s + shift) & (ends <= e + shift)
            n = int(inside.sum())
            if n:
                rows.append(SentenceVector(chunk.chunk_id, s, e, n, tokens[inside].mean(axis=0)))
    return chunk_vecs, rows


def write(db: sqlite3.Connection, rows: Iterable[SentenceVector]) -> None:
    """Insert rows (the caller holds the transaction); float16 halves the file at no cost here."""
    db.executemany(
        'INSERT OR REPLACE INTO sentence_vectors (chunk_id, start, "end", tokens, vec)'
        " VALUES (?,?,?,?,?)",
        [(r.chunk_id, r.start, r.end, r.tokens, r.vec.astype(np.float16).tobytes()) for r in rows],
    )


def read(db: sqlite3.Connection, chunk_ids: Iterable[str]) -> dict[str, list[SentenceVector]]:
    """chunk_id -> its sentence vectors in text order; chunks without rows are absent."""
    ids = list(dict.fromkeys(chunk_ids))
    out: dict[str, list[SentenceVector]] = {}
    for n in range(0, len(ids), 500):  # SQLite caps bound parameters
        part = ids[n : n + 500]
        rows = db.execute(
            'SELECT chunk_id, start, "end", tokens, vec FROM sentence_vectors'
            f" WHERE chunk_id IN ({','.join('?' * len(part))}) ORDER BY chunk_id, start",
            part,
        )
        for cid, s, e, n_tok, blob in rows:
            vec = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
            out.setdefault(cid, []).append(SentenceVector(cid, s, e, n_tok, vec))
    return out
