"""Idempotent sync of files into the catalog (SQLite + FTS5) and the vector store (Chroma).

Crash safety: per document, old vectors are deleted and new ones upserted *before* the catalog
transaction commits. On every start, `reconcile` drops vectors the catalog does not know and
forgets catalog documents whose vectors are missing, so a run killed at any point is repaired by
running again, with no duplicate chunk and the two indexes in agreement.

Given the theme taxonomy, each written document's chunks are tagged inside its catalog
transaction, and documents whose tags are missing or stale are re-tagged from their stored
vectors (ingest/retag.py).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from caselearn.settings import Settings
from caselearn.types import Chunk, Document
from ingest.catalog import Catalog
from ingest.chunk import Chunker
from ingest.embed import Embedder
from ingest.pipeline import PIPELINE_VERSION, Preparer
from ingest.retag import retag
from ingest.scan import scan
from ingest.sentence_vectors import SentenceVector, embed_chunks
from ingest.themes import TaggerConfig, Theme, ThemeTagger, taxonomy_fingerprint
from ingest.vector_store import VectorStore

logger = logging.getLogger(__name__)


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    repaired: int = 0
    retagged: int = 0
    chunks_written: int = 0
    chunks_replaced: int = 0  # vectors deleted for updated or removed documents
    total_chunks: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failed": [{"source": s, "reason": r} for s, r in self.failed],
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "repaired": self.repaired,
            "retagged": self.retagged,
            "chunks_written": self.chunks_written,
            "chunks_replaced": self.chunks_replaced,
            "total_chunks": self.total_chunks,
            "seconds": round(self.seconds, 3),
            "embed_seconds": round(self.embed_seconds, 3),
        }


# Rewrite the vector index when a run deleted at least this many vectors and this share of it.
_COMPACT_MIN = 200
_COMPACT_SHARE = 0.5


def reconcile(catalog: Catalog, store: VectorStore) -> int:
    """Make the vector store and the catalog agree; returns how many entries were repaired."""
    cat_ids, vec_ids = catalog.chunk_ids(), store.ids()
    orphans = sorted(vec_ids - cat_ids)
    if orphans:
        logger.info("removing %d vectors left by an interrupted run", len(orphans))
        store.delete_ids(orphans)
    missing = cat_ids - vec_ids
    broken = {c.source for c in catalog.chunks(missing)} if missing else set()
    if catalog.fts_count() != len(cat_ids):  # cannot happen with transactions; cheap to check
        broken |= {d["source"] for d in catalog.documents()}
    for source in sorted(broken):
        logger.info("re-ingesting %s: its vectors are incomplete", source)
        store.delete_source(source)
        catalog.delete_source(source)
    return len(orphans) + len(broken)


class Progress:
    """A tqdm bar on a terminal; silent otherwise. The total may grow as work is discovered."""

    def __init__(self, total: int, desc: str, enabled: bool) -> None:
        self.bar = None
        self.total, self.desc, self.enabled = total, desc, enabled
        if total:
            self._open()

    def _open(self) -> None:
        if self.bar is None and self.enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(
                total=self.total, desc=self.desc, unit="chunk", file=sys.stderr, leave=False
            )

    def grow(self, n: int) -> None:
        self.total += n
        if self.bar is None:
            self._open()
        else:
            self.bar.total = self.total
            self.bar.refresh()

    def __call__(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def sync(
    settings: Settings,
    paths: list[Path],
    catalog: Catalog,
    store: VectorStore,
    embedder_factory: Callable[[], Embedder],
    prune: bool = False,
    progress: bool = True,
    on_event: Callable[[str], None] | None = None,
    chunker: Chunker | None = None,
    themes: list[Theme] | None = None,
    theme_config: TaggerConfig | None = None,
) -> SyncReport:
    """Bring the library in line with the files under `paths` (and tagged with `themes`)."""
    t0 = time.perf_counter()
    report = SyncReport()
    say = on_event or (lambda _msg: None)
    report.repaired = reconcile(catalog, store)
    found = scan(paths, settings.corpus_dir)
    report.skipped.extend(found.skipped)
    report.failed.extend((m, "no such file or directory") for m in found.missing)
    stored = catalog.fingerprints()
    previous = {d["source"]: d["chunks"] for d in catalog.documents()}
    seen_sources = {raw.source for raw, _ in found.files}
    # Under --prune a stored document whose file is gone is removed below, so it cannot stand in
    # for a file with the same content (a renamed file would otherwise vanish from the library).
    by_hash = {fp[1]: src for src, fp in stored.items() if src in seen_sources or not prune}
    todo = []
    for raw, kind in found.files:
        prev = stored.get(raw.source)
        if prev and prev[1] == raw.content_hash and prev[2] == PIPELINE_VERSION:
            report.unchanged.append(raw.source)
            continue
        twin = by_hash.get(raw.content_hash)
        if twin and twin != raw.source:
            report.skipped.append((raw.source, f"same content as {twin}"))
            continue
        by_hash[raw.content_hash] = raw.source
        todo.append((raw, kind, prev is not None))

    if prune:  # before writing: a renamed file's document takes over its old doc_id and chunk ids
        for source in sorted(set(stored) - seen_sources):
            report.chunks_replaced += previous.get(source, 0)
            store.delete_source(source)
            catalog.delete_source(source)
            report.removed.append(source)
            say(f"removed {source}")

    # Documents are embedded and written in batches as they are prepared, so when worker
    # processes parse PDFs, parsing overlaps with loading the model and with embedding.
    embedder: Embedder | None = None
    tagger: ThemeTagger | None = None
    bar = Progress(0, "embedding", progress)
    pending: list[tuple[Document, list[Chunk], bool]] = []
    batch = max(1, settings.embedding.batch_size * 8)

    def write_pending() -> None:
        nonlocal embedder, tagger
        if not pending:
            return
        embedder = embedder or embedder_factory()
        if tagger is None and themes is not None:
            tagger = ThemeTagger(themes, embedder, theme_config)
        all_chunks = [c for _, chunks, _ in pending for c in chunks]
        t_embed = time.perf_counter()
        vectors, sentences = embed_chunks(embedder, all_chunks, progress=bar)
        report.embed_seconds += time.perf_counter() - t_embed
        by_chunk: dict[str, list[SentenceVector]] = {}
        for row in sentences:
            by_chunk.setdefault(row.chunk_id, []).append(row)
        pos = 0
        for doc, chunks, existed in pending:
            vecs = vectors[pos : pos + len(chunks)]
            pos += len(chunks)
            rows = [r for c in chunks for r in by_chunk.get(c.chunk_id, [])]
            tags = tagger.tag(chunks, vecs) if tagger else None
            if existed:
                report.chunks_replaced += previous.get(doc.source, 0)
            store.delete_source(doc.source)
            store.upsert(chunks, vecs)
            catalog.replace_document(
                doc, chunks, PIPELINE_VERSION, tags, tagger.fingerprint if tagger else None, rows
            )
            (report.updated if existed else report.added).append(doc.source)
            report.chunks_written += len(chunks)
            say(f"{'updated' if existed else 'added'} {doc.source}: {len(chunks)} chunks")
        pending.clear()

    with Preparer([(raw, kind) for raw, kind, _ in todo], settings.chunking, chunker) as preparer:
        if preparer.background:  # worker processes parse the PDFs while the model loads here
            embedder = embedder_factory()
        for (raw, _, existed), (result, reason) in zip(todo, preparer.results(), strict=True):
            if result is None:
                report.failed.append((raw.source, reason or "unknown error"))
                say(f"FAILED {raw.source}: {reason}")
                continue
            pending.append((*result, existed))
            bar.grow(len(result[1]))
            if sum(len(chunks) for _, chunks, _ in pending) >= batch:
                write_pending()
    write_pending()
    bar.close()
    if report.chunks_replaced >= max(_COMPACT_MIN, _COMPACT_SHARE * store.count()):
        say("compacting the vector index")
        store.compact()

    if themes is not None:
        stale = catalog.untagged_sources(taxonomy_fingerprint(themes, theme_config))
        if stale:  # untagged, or tagged from an older themes.yaml: re-tag, never re-embed
            tagger = tagger or ThemeTagger(themes, embedder_factory(), theme_config)
            report.retagged = retag(catalog, store, tagger, stale).documents
    report.total_chunks = len(catalog.chunk_ids())
    report.seconds = time.perf_counter() - t0
    return report
