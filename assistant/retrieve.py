"""Hybrid retrieval: dense (Chroma) + keyword (FTS5 BM25), fused by reciprocal rank, diversified by document."""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from assistant.definitions import defines
from assistant.sentence_index import SentenceIndex
from assistant.sentence_keywords import SentenceKeywords
from caselearn.settings import RetrievalSettings
from caselearn.types import Passage
from ingest.catalog import Catalog
from ingest.embed import Embedder
from ingest.sentences import split_sentences
from ingest.vector_store import VectorStore

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Filters:
    """Restrict retrieval to kinds, named documents, a year range or themes."""

    kinds: list[str] | None = None
    sources: list[str] | None = None
    year_from: int | None = None
    year_to: int | None = None
    themes: list[str] | None = None

    def allowed(self, docs: list[dict]) -> list[str] | None:
        """The sources these filters allow, or None when nothing is filtered."""
        if not (self.kinds or self.sources or self.year_from or self.year_to):
            return None
        out = []
        for d in docs:
            if self.kinds and d["kind"] not in self.kinds:
                continue
            if self.sources and not any(_matches_doc(s, d) for s in self.sources):
                continue
            year = d.get("year")
            if (self.year_from or self.year_to) and year is None:
                continue
            if self.year_from and year < self.year_from:
                continue
            if self.year_to and year > self.year_to:
                continue
            out.append(d["source"])
        return out


def _matches_doc(name: str, doc: dict) -> bool:
    """A document named by source path, file name, subject or part of its title."""
    n = name.lower().strip()
    fields = [
        doc["source"],
        doc["source"].rsplit("/", 1)[-1],
        doc.get("subject") or "",
        doc["title"],
    ]
    return any(n == f.lower() for f in fields[:3] if f) or n in doc["title"].lower()


@dataclass
class RetrievalResult:
    passages: list[Passage]
    dense_scores: dict[str, float] = field(default_factory=dict)


@dataclass
class _Ranking:
    """One ranked list for the fusion: (chunk id, score) best first."""

    hits: list[tuple[str, float]]
    dense: bool = False  # counts towards a passage's dense rank, else its lexical rank
    cosine: bool = False  # the scores are the question's cosine to each chunk
    weight: float = 1.0


class Retriever:
    """Finds the passages most likely to answer a question, spread across documents."""

    def __init__(
        self,
        catalog: Catalog,
        store: VectorStore,
        embedder: Embedder,
        settings: RetrievalSettings,
        sentences: SentenceIndex | None = None,
        sentence_keywords: SentenceKeywords | None = None,
    ) -> None:
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.sentences = sentences
        self.sentence_keywords = sentence_keywords

    def retrieve(
        self,
        query: str,
        keywords: str,
        sources: list[str] | None,
        review_sources: list[str] | None = None,
        k: int | None = None,
        query_vec: list[float] | None = None,
        allowed_ids: set[str] | None = None,
        part_vecs: list[list[float]] | None = None,
        rounds: int | None = None,
    ) -> list[Passage]:
        """Top passages for `query` (dense) and `keywords` (lexical), limited to `sources`.

        `review_sources` adds a second, reviews-only candidate pool so that five short reviews
        are not crowded out by long guidance documents. `allowed_ids` (a theme filter) keeps
        only those chunks, fetching proportionally more candidates to filter from. `part_vecs`
        (the parts of a two-part question) add a dense list each, so neither part is drowned.
        """
        s = self.settings
        k = k or s.top_k
        vec = query_vec if query_vec is not None else self.embedder.embed([query])[0]
        w = self._widen(allowed_ids)
        store, catalog = self.store, self.catalog
        keyword = _Ranking(catalog.keyword_search(keywords, s.lexical_k * w, sources))
        lists = [
            _Ranking(store.query(vec, s.dense_k * w, sources), dense=True, cosine=True),
            keyword,
        ]
        if review_sources:
            lists += [
                _Ranking(store.query(vec, s.dense_k // 2 * w, review_sources), True, cosine=True),
                _Ranking(catalog.keyword_search(keywords, s.lexical_k // 2 * w, review_sources)),
            ]
        if self.sentences is not None and s.sentence_k:
            found = self.sentences.search(vec, s.sentence_k * w, sources)
            lists.append(_Ranking(found, dense=True, weight=s.sentence_weight))
        # Within one or two (named) documents only: across the library the list pulled in
        # chunks of unrelated documents sharing a word, crowding out the answering document.
        narrow = sources is not None and len(sources) <= 2
        if self.sentence_keywords is not None and s.sentence_keyword_k and narrow:
            words = _WORD.findall(keywords.lower())
            found = self.sentence_keywords.search(words, s.sentence_keyword_k * w, sources)
            lists.append(_Ranking(found, weight=s.sentence_keyword_weight))
        for part in part_vecs or []:
            lists.append(_Ranking(store.query(part, s.dense_k * w, sources), dense=True))
        if allowed_ids is not None:
            for ranking in lists:
                ranking.hits = [x for x in ranking.hits if x[0] in allowed_ids]
        # Only the question's own chunk-vector lists carry its cosine to each chunk.
        dense = {cid: score for r in lists if r.cosine for cid, score in r.hits}
        fused: dict[str, float] = defaultdict(float)
        dense_rank: dict[str, int] = {}
        lexical_rank: dict[str, int] = {}
        for ranking in lists:
            target = dense_rank if ranking.dense else lexical_rank
            for rank, (cid, _score) in enumerate(ranking.hits):
                fused[cid] += ranking.weight / (s.rrf_k + rank + 1)
                target.setdefault(cid, rank + 1)
        dense.update(self._cosines(vec, [cid for cid in fused if cid not in dense]))
        ranked = sorted(fused, key=lambda c: (-fused[c], c))
        chunks = {c.chunk_id: c for c in self.catalog.chunks(ranked)}
        passages = [
            Passage(
                chunk=chunks[cid],
                score=fused[cid],
                dense_rank=dense_rank.get(cid),
                lexical_rank=lexical_rank.get(cid),
                dense_score=dense.get(cid),
            )
            for cid in ranked
            if cid in chunks
        ]
        n_docs = len({p.chunk.source for p in passages})
        # With one or two documents in play (a named review), there is nothing to spread across.
        per_doc = s.max_per_doc if n_docs > 2 else k
        out = diversify(passages, k, per_doc, rounds)
        # The best keyword matches, phrases included, even where no dense list holds them: fusion
        # alone ranks a chunk found by one list below every chunk both lists found.
        kept = {p.chunk.chunk_id for p in out}
        by_id = {p.chunk.chunk_id: p for p in passages}
        for cid, _ in keyword.hits[: s.lexical_pin]:
            if cid not in kept and cid in by_id:
                out.append(by_id[cid])
        return out

    def definitions(
        self, term: str, sources: list[str] | None, query_vec: list[float]
    ) -> list[Passage]:
        """Passages with a sentence saying what `term` is, best keyword match first: a definition
        question's answer, which similarity alone can rank below passages that use the term."""
        s = self.settings
        hits = self.catalog.keyword_search(f'"{term}"', s.definition_search_k, sources)
        found = [
            c
            for c in self.catalog.chunks([cid for cid, _ in hits])
            if any(defines(c.text[a:b], term) for a, b in split_sentences(c.text))
        ][: s.definition_chunks]
        cosines = self._cosines(query_vec, [c.chunk_id for c in found])
        return [Passage(chunk=c, score=0.0, dense_score=cosines.get(c.chunk_id)) for c in found]

    def after_definitions(self, pinned: list[Passage], term: str) -> list[Passage]:
        """The chunk after each pinned one whose definition of `term` ends it (followed by
        nothing but its own list items): the definition runs on there ("Examples of such
        behaviour could include:"), which a follower quotes."""
        out = []
        for p in pinned:
            text = p.chunk.text
            ends = [b for a, b in split_sentences(text) if defines(text[a:b], term)]
            # Only its own list items may follow the definition in the chunk.
            rest = [ln for ln in text[ends[-1] :].splitlines() if ln.strip()] if ends else [""]
            if all(ln.lstrip().startswith(("-", "•")) for ln in rest):
                nxt = self.catalog.next_chunk(p.chunk)
                if nxt is not None:
                    out.append(Passage(chunk=nxt, score=0.0))
        return out

    def _cosines(self, vec: list[float], ids: list[str]) -> dict[str, float]:
        """The question's cosine to each of these chunks, from their stored vectors."""
        if not ids:
            return {}
        return {
            cid: sum(a * b for a, b in zip(vec, emb, strict=True))
            for cid, emb in self.store.embeddings(ids).items()
        }

    def _widen(self, allowed_ids: set[str] | None) -> int:
        """How many times the usual candidates to fetch when only `allowed_ids` may be kept."""
        if allowed_ids is None:
            return 1
        return max(1, min(25, math.ceil(self.store.count() / max(len(allowed_ids), 1))))


def diversify(
    passages: list[Passage], k: int, max_per_doc: int, rounds: int | None = None
) -> list[Passage]:
    """Round-robin over documents in order of their best passage, at most `max_per_doc` each.

    With `rounds`, only that many rounds go round every document; the rest of the `k` places go
    to the best remaining passages, wherever they are (still at most `max_per_doc` a document).
    """
    by_doc: dict[str, list[Passage]] = defaultdict(list)
    order: list[str] = []
    for p in passages:
        if p.chunk.source not in by_doc:
            order.append(p.chunk.source)
        by_doc[p.chunk.source].append(p)
    picked: list[Passage] = []
    for round_no in range(min(max_per_doc, rounds or max_per_doc)):
        for source in order:
            if len(picked) >= k:
                return picked
            if round_no < len(by_doc[source]):
                picked.append(by_doc[source][round_no])
    if rounds is not None and rounds < max_per_doc:
        taken = {p.chunk.chunk_id for p in picked}
        count: dict[str, int] = defaultdict(int)
        for p in picked:
            count[p.chunk.source] += 1
        for p in passages:
            if len(picked) >= k:
                break
            if p.chunk.chunk_id not in taken and count[p.chunk.source] < max_per_doc:
                picked.append(p)
                count[p.chunk.source] += 1
    return picked
