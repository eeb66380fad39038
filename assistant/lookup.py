"""Documents by source, cached: what citation checks and quotes need."""

from __future__ import annotations

from caselearn.types import Document
from ingest.catalog import Catalog


class CatalogLookup:
    """Document text and pages by source, cached: what citation checks and quotes need."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._docs: dict[str, Document | None] = {}

    def get(self, source: str) -> Document | None:
        if source not in self._docs:
            self._docs[source] = self.catalog.document(source)
        return self._docs[source]

    def document_text(self, source: str) -> str | None:
        doc = self.get(source)
        return doc.text if doc else None

    def page_at(self, source: str, offset: int) -> int | None:
        doc = self.get(source)
        return doc.page_at(offset) if doc else None
