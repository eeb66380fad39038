"""Open the stored library: catalog, vector store and a lazily loaded embedder."""

from __future__ import annotations

from dataclasses import dataclass, field

from caselearn.settings import Settings
from ingest.catalog import Catalog
from ingest.embed import Embedder, make_embedder
from ingest.vector_store import VectorStore, make_vector_store


@dataclass
class Library:
    settings: Settings
    catalog: Catalog
    store: VectorStore
    _embedder: Embedder | None = field(default=None, repr=False)
    _query_embedder: Embedder | None = field(default=None, repr=False)

    def embedder(self) -> Embedder:
        """The embedding model, loaded on first use (an unchanged re-sync never loads it)."""
        if self._embedder is None:
            self._embedder = make_embedder(self.settings.embedding)
        return self._embedder

    def query_embedder(self) -> Embedder:
        """The model for questions: the same vectors, without importing torch (see settings)."""
        if self._query_embedder is None:
            self._query_embedder = self._embedder or make_embedder(
                self.settings.embedding, for_queries=True
            )
        return self._query_embedder


def open_library(settings: Settings, embedder: Embedder | None = None) -> Library:
    return Library(
        settings=settings,
        catalog=Catalog(settings.catalog_path),
        store=make_vector_store(settings),
        _embedder=embedder,
    )
