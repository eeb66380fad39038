"""Re-tag stored chunks with themes from their stored embeddings: no chunk is re-embedded.

Each document's tags are swapped in one transaction together with the fingerprint of the
taxonomy they come from, so a run killed half-way leaves every document either with its old
tags or its new ones, and `Catalog.untagged_sources` says which still need doing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.catalog import Catalog
from ingest.themes import ThemeTagger
from ingest.vector_store import VectorStore

logger = logging.getLogger(__name__)


@dataclass
class RetagReport:
    documents: int = 0
    chunks: int = 0
    tags: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    taxonomy: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "chunks": self.chunks,
            "tags": self.tags,
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "taxonomy": self.taxonomy,
            "seconds": round(self.seconds, 3),
        }


def retag(
    catalog: Catalog,
    store: VectorStore,
    tagger: ThemeTagger,
    sources: list[str] | None = None,
    on_event: Callable[[str], None] | None = None,
) -> RetagReport:
    """Tag every stored document (or just `sources`) with the tagger's themes."""
    t0 = time.perf_counter()
    report = RetagReport(taxonomy=tagger.fingerprint)
    say = on_event or (lambda _msg: None)
    doc_ids = {d["source"]: d["doc_id"] for d in catalog.documents()}
    for source in sources if sources is not None else sorted(doc_ids):
        if source not in doc_ids:
            report.skipped.append((source, "not in the library"))
            continue
        chunks = catalog.chunks_of(source)
        vectors = store.embeddings([c.chunk_id for c in chunks]) if chunks else {}
        missing = [c.chunk_id for c in chunks if c.chunk_id not in vectors]
        if missing:
            # Cannot happen after sync's reconcile; the next ingest re-embeds this document.
            logger.warning(
                "%s: %d chunks have no stored vector; not re-tagged", source, len(missing)
            )
            report.skipped.append((source, f"{len(missing)} chunks have no stored vector"))
            continue
        tags = tagger.tag(chunks, [vectors[c.chunk_id] for c in chunks])
        catalog.replace_tags(doc_ids[source], tags, tagger.fingerprint)
        n_tags = sum(len(t) for t in tags.values())
        report.documents += 1
        report.chunks += len(chunks)
        report.tags += n_tags
        say(f"tagged {source}: {n_tags} tags on {len(chunks)} chunks")
    report.seconds = time.perf_counter() - t0
    return report
