"""Chroma as the vector store: embedded PersistentClient by default, a `chroma run` server when configured."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any, Protocol

from caselearn.settings import Settings
from caselearn.types import Chunk

logger = logging.getLogger(__name__)


class VectorStore(Protocol):
    """What the rest of caselearn needs from a vector database."""

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None: ...
    def delete_source(self, source: str) -> None: ...
    def delete_ids(self, ids: Sequence[str]) -> None: ...
    def ids(self) -> set[str]: ...
    def count(self) -> int: ...
    def query(
        self, embedding: Sequence[float], k: int, sources: list[str] | None = None
    ) -> list[tuple[str, float]]: ...
    def embeddings(self, ids: Sequence[str]) -> dict[str, list[float]]: ...


def _metadata(chunk: Chunk) -> dict[str, Any]:
    # Chroma metadata values cannot be None.
    return {
        "doc_id": chunk.doc_id,
        "source": chunk.source,
        "kind": chunk.kind,
        "title": chunk.title,
        "section": chunk.section or "",
        "page": chunk.page if chunk.page is not None else -1,
        "start": chunk.start,
        "end": chunk.end,
        "ordinal": chunk.ordinal,
    }


class ChromaStore:
    """A Chroma collection in cosine space; embeddings always come from our own model."""

    def __init__(self, client: Any, settings: Settings) -> None:
        s = settings.store
        self.client = client
        # embedding_function=None: Chroma's default function would download a model; we always
        # pass vectors ourselves.
        self.collection = client.get_or_create_collection(
            name=s.collection,
            embedding_function=None,
            configuration={
                "hnsw": {
                    "space": "cosine",
                    "ef_construction": s.hnsw_ef_construction,
                    "ef_search": s.hnsw_ef_search,
                    "max_neighbors": s.hnsw_max_neighbors,
                }
            },
            metadata={"embedding_model": settings.embedding.backend},
        )
        self._keep_ef_search(s.hnsw_ef_search)

    def _keep_ef_search(self, ef_search: int) -> None:
        """An existing collection keeps the configuration it was created with; ef_search is the
        one HNSW parameter that can change later, so bring it to the setting (it applies from the
        next time the index is loaded)."""
        try:
            current = (self.collection.configuration_json or {}).get("hnsw", {}).get("ef_search")
        except AttributeError:  # pragma: no cover - older clients
            return
        if current is not None and current != ef_search:
            self.collection.modify(configuration={"hnsw": {"ef_search": ef_search}})

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        for i in range(0, len(chunks), 1000):
            part = chunks[i : i + 1000]
            self.collection.upsert(
                ids=[c.chunk_id for c in part],
                embeddings=[list(e) for e in embeddings[i : i + 1000]],
                documents=[c.text for c in part],
                metadatas=[_metadata(c) for c in part],
            )

    def delete_source(self, source: str) -> None:
        self.collection.delete(where={"source": source})

    def delete_ids(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), 1000):
            self.collection.delete(ids=list(ids[i : i + 1000]))

    def ids(self) -> set[str]:
        return set(self.collection.get(include=[])["ids"])

    def count(self) -> int:
        return self.collection.count()

    def query(
        self, embedding: Sequence[float], k: int, sources: list[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity) best first."""
        n = min(k, self.count())
        if n == 0 or sources == []:
            return []
        where = None
        if sources:
            where = {"source": sources[0]} if len(sources) == 1 else {"source": {"$in": sources}}
        res = self.collection.query(
            query_embeddings=[list(embedding)], n_results=n, where=where, include=["distances"]
        )
        return [
            (i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)
        ]

    def embeddings(self, ids: Sequence[str]) -> dict[str, list[float]]:
        res = self.collection.get(ids=list(ids), include=["embeddings"])
        return {i: list(map(float, e)) for i, e in zip(res["ids"], res["embeddings"], strict=True)}


def make_vector_store(settings: Settings) -> VectorStore:
    """Open the configured Chroma backend with telemetry off."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("the Chroma store needs `pip install chromadb`") from exc
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    match settings.store.backend:
        case "embedded":
            settings.chroma_path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(
                path=str(settings.chroma_path), settings=chroma_settings
            )
        case "server":
            client = chromadb.HttpClient(
                host=settings.store.host, port=settings.store.port, settings=chroma_settings
            )
        case other:
            raise ValueError(f"unknown store backend {other!r}")
    return ChromaStore(client, settings)
