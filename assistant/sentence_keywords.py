"""Sentence-level keyword search: chunks ranked by their best sentence's share of the question's
words, each weighted by its rarity (idf).

Chunk-level BM25 finds chunks that hold the question's words anywhere in 250 words, so a long
report's chunks that mention "councils" and "recording" in passing outrank the one sentence that
says "1,575 data fields were evaluated … only 38 … by all four". Scoring each stored sentence
(the spans of ingest/sentence_vectors.py) rewards the words meeting in one sentence. Sentence
length is not normalised: a list lead-in quoted with its items ("…four areas of risk: content…")
is one long sentence that answers. The index is built in memory on first use (about 0.2 s for
the starter corpus) and rebuilt when the catalog's sentence count changes.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict

import numpy as np

from assistant.scoring import stem, stems
from assistant.sentence_index import StoredSentences, best_per_chunk


class SentenceKeywords(StoredSentences):
    """An inverted index of every stored sentence's word stems."""

    columns = 'c.start, c.text, v.start, v."end"'

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(db)
        self._postings: dict[str, np.ndarray] = {}

    def _build(self, rows: list[tuple]) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        for i, (_cid, _src, base, text, start, end) in enumerate(rows):
            for s in stems(text[start - base : end - base]):
                postings[s].append(i)
        self._postings = {s: np.asarray(ids, dtype=np.int64) for s, ids in postings.items()}

    def search(
        self, words: list[str], k: int, sources: list[str] | None = None
    ) -> list[tuple[str, float]]:
        """The k chunks whose best sentence holds the most of `words` (idf-weighted), best first."""
        self._load()
        n = len(self._chunks)
        if not n or k <= 0:
            return []
        scores = np.zeros(n, dtype=np.float32)
        for s in {stem(w.lower()) for w in words}:
            ids = self._postings.get(s)
            if ids is None:
                continue
            idf = math.log(1 + (n - len(ids) + 0.5) / (len(ids) + 0.5))
            scores[ids] += idf
        scores = self._allowed(np.where(scores > 0, scores, -np.inf), sources)
        return best_per_chunk(scores, self._chunks, k)
