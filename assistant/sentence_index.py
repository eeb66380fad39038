"""Sentence-level dense search: chunks ranked by their best sentence's similarity to the question.

A chunk vector averages some 250 word pieces, so one precise sentence ("1,575 data fields were
evaluated") barely moves it; the sentence vectors stored at ingest (ingest/sentence_vectors.py)
do not have that blur. All of them fit in memory (about 10,000 x 384 floats for the starter
corpus), so the search is a brute-force product, loaded on first use and reloaded when the
catalog's sentence count changes (another ingest).
"""

from __future__ import annotations

import logging
import sqlite3

import numpy as np

logger = logging.getLogger(__name__)


class StoredSentences:
    """The catalog's stored sentences (ingest/sentence_vectors.py) held in memory, each with its
    chunk and source: built on first use, rebuilt when the sentence count changes (another
    ingest). A subclass names the extra columns it reads and builds its index from the rows."""

    columns = ""  # more columns after chunk id and source, from sentence_vectors v / chunks c

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._count = -1
        self._chunks: np.ndarray = np.array([], dtype=object)
        self._sources: np.ndarray = np.array([], dtype=object)

    def _load(self) -> None:
        count = self.db.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0]
        if count == self._count:
            return
        rows = self.db.execute(
            f"SELECT v.chunk_id, c.source, {self.columns} FROM sentence_vectors v"
            " JOIN chunks c ON c.chunk_id = v.chunk_id"
        ).fetchall()
        self._build(rows)
        self._chunks = np.array([r[0] for r in rows], dtype=object)
        self._sources = np.array([r[1] for r in rows], dtype=object)
        self._count = count
        logger.debug("%s: %d sentences", type(self).__name__, count)

    def _build(self, rows: list[tuple]) -> None:
        raise NotImplementedError

    def _allowed(self, scores: np.ndarray, sources: list[str] | None) -> np.ndarray:
        """The scores with every sentence outside `sources` set to -inf."""
        if sources is None:
            return scores
        return np.where(np.isin(self._sources, list(sources)), scores, -np.inf)


class SentenceIndex(StoredSentences):
    """Every stored sentence vector, normalised."""

    columns = "v.vec"

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(db)
        self._matrix = np.zeros((0, 0), dtype=np.float32)

    def _build(self, rows: list[tuple]) -> None:
        if rows:
            matrix = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float16)
            matrix = matrix.astype(np.float32).reshape(len(rows), -1)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            self._matrix = matrix / np.where(norms == 0, 1.0, norms)
        else:
            self._matrix = np.zeros((0, 0), dtype=np.float32)

    def search(
        self, vec: list[float], k: int, sources: list[str] | None = None
    ) -> list[tuple[str, float]]:
        """The k chunks whose best sentence is closest to `vec`, best first, with that cosine."""
        self._load()
        if not len(self._chunks) or k <= 0:
            return []
        scores = self._matrix @ np.asarray(vec, dtype=np.float32)
        return best_per_chunk(self._allowed(scores, sources), self._chunks, k)


def best_per_chunk(scores: np.ndarray, chunks: np.ndarray, k: int) -> list[tuple[str, float]]:
    """The k chunks of the best-scoring sentences, each at its best score, best first; a
    sentence scored -inf (filtered out) is never taken."""
    best: dict[str, float] = {}
    for i in np.argsort(-scores, kind="stable"):  # ties keep catalog order
        if not np.isfinite(scores[i]):
            break
        cid = chunks[i]
        if cid not in best:
            best[cid] = float(scores[i])
            if len(best) == k:
                break
    return list(best.items())
