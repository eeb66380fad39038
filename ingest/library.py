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

    def embedder(self) -> Embedder:
        """The embedding model, loaded on first use (an unchanged re-sync never loads it)."""
        if self._embedder is None:
            self._embedder = make_embedder(self.settings.embedding)
        return self._embedder


def open_library(settings: Settings, embedder: Embedder | None = None) -> Library:
    return Library(
        settings=settings,
        catalog=Catalog(settings.catalog_path),
        store=make_vector_store(settings),
        _embedder=embedder,
    )
