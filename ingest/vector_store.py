"""Chroma as the vector store: embedded PersistentClient by default, a `chroma run` server when configured."""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Protocol

from caselearn.settings import Settings
from caselearn.types import Chunk

logger = logging.getLogger(__name__)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


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
    def compact(self) -> None: ...


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
        self.client = client
        self.settings = settings
        self.collection = self._open()
        self._keep_ef_search(settings.store.hnsw_ef_search)

    def _open(self) -> Any:
        s = self.settings.store
        # embedding_function=None: Chroma's default function would download a model; we always
        # pass vectors ourselves.
        return self.client.get_or_create_collection(
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
            metadata={"embedding_model": self.settings.embedding.backend},
        )

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
        _in_batches(
            self.collection.upsert,
            [c.chunk_id for c in chunks],
            embeddings,
            [c.text for c in chunks],
            [_metadata(c) for c in chunks],
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

    def compact(self) -> None:
        """Rewrite the collection from its own contents.

        Deleted vectors keep their place in the HNSW index, so a library re-ingested in full
        several times grows (26 MB for 1,900 vectors after ten) and loads slower at start-up.
        A run killed mid-way leaves vectors missing, which the next sync repairs by re-ingesting.
        """
        data = self.collection.get(include=["embeddings", "documents", "metadatas"])
        self.client.delete_collection(self.collection.name)
        self.collection = self._open()
        _in_batches(
            self.collection.add,
            data["ids"],
            data["embeddings"],
            data["documents"],
            data["metadatas"],
        )
        if self.settings.store.backend == "embedded":
            _remove_orphan_segments(self.settings.chroma_path)


def _in_batches(
    write: Callable[..., Any],
    ids: Sequence[str],
    embeddings: Sequence[Sequence[float]],
    documents: Sequence[str],
    metadatas: Sequence[dict[str, Any]],
    size: int = 1000,
) -> None:
    """`write` (a collection's add or upsert) in batches Chroma accepts."""
    for i in range(0, len(ids), size):
        write(
            ids=list(ids[i : i + size]),
            embeddings=[list(e) for e in embeddings[i : i + size]],
            documents=list(documents[i : i + size]),
            metadatas=list(metadatas[i : i + size]),
        )


def _remove_orphan_segments(path: Path) -> None:
    """Delete index folders of collections Chroma has deleted: embedded Chroma 1.x leaves them
    on disk (chroma-core/chroma#5259), so every compaction would otherwise leave one behind."""
    try:
        with closing(sqlite3.connect(path / "chroma.sqlite3")) as db:
            live = {row[0] for row in db.execute("SELECT id FROM segments")}
    except sqlite3.Error as exc:  # a Chroma without this table: leave the files alone
        logger.warning("could not list Chroma segments: %s", exc)
        return
    for folder in path.iterdir():
        if folder.is_dir() and _UUID.fullmatch(folder.name) and folder.name not in live:
            shutil.rmtree(folder, ignore_errors=True)


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
