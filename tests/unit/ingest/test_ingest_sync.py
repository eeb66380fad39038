"""Idempotent sync with a fake embedder and real Chroma + SQLite in a temporary folder."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest
from ingest_testkit import BABY_E, CHILD_H, DERBYSHIRE, LIAM, CountingEmbedder, assert_consistent

from caselearn.types import Chunk
from ingest import sync as sync_module
from ingest.chunk import Chunker, TokenCounter, embed_text
from ingest.library import Library, open_library
from ingest.sync import SyncReport, reconcile, sync


class Run:
    """One library, synced repeatedly; counts how often the embedder is built and called."""

    def __init__(self, workspace: SimpleNamespace, counter: TokenCounter) -> None:
        self.ws = workspace
        self.chunker = Chunker(workspace.settings.chunking, counter)
        self.lib: Library = open_library(workspace.settings)
        self.embedder = CountingEmbedder()
        self.factory_calls = 0

    def factory(self) -> CountingEmbedder:
        self.factory_calls += 1
        return self.embedder

    def __call__(self, prune: bool = False) -> SyncReport:
        self.embedder.calls, self.embedder.texts, self.factory_calls = 0, [], 0
        report = sync(
            self.ws.settings,
            [self.ws.corpus],
            self.lib.catalog,
            self.lib.store,
            self.factory,
            prune=prune,
            progress=False,
            chunker=self.chunker,
        )
        assert_consistent(self.lib.catalog, self.lib.store)
        return report

    def sources(self) -> list[str]:
        return [d["source"] for d in self.lib.catalog.documents()]

    def chunks_of(self, source: str) -> list[Chunk]:
        return [c for c in self.lib.catalog.chunks() if c.source == source]


@pytest.fixture
def run(workspace: SimpleNamespace, counter: TokenCounter) -> Run:
    return Run(workspace, counter)


def test_first_run_adds_everything(run: Run) -> None:
    report = run()
    assert sorted(report.added) == sorted(run.ws.sources)
    assert report.ok and not report.updated and not report.unchanged
    assert report.chunks_written == report.total_chunks == len(run.lib.catalog.chunk_ids()) > 40
    assert run.embedder.calls == 1
    assert len(run.embedder.texts) == report.total_chunks


def test_second_run_is_unchanged_and_never_embeds(run: Run) -> None:
    first = run()
    ids = run.lib.catalog.chunk_ids()
    again = run()
    assert sorted(again.unchanged) == sorted(run.ws.sources)
    assert again.added == again.updated == again.removed == []
    assert again.chunks_written == 0 and again.total_chunks == first.total_chunks
    assert run.factory_calls == 0 and run.embedder.calls == 0
    assert run.lib.catalog.chunk_ids() == ids


def test_a_fresh_library_object_sees_the_same_store(run: Run) -> None:
    run()
    reopened = Run(run.ws, run.chunker.count)
    report = reopened()
    assert sorted(report.unchanged) == sorted(run.ws.sources)
    assert reopened.factory_calls == 0


def test_modified_file_is_updated_and_only_its_chunks_are_embedded(run: Run) -> None:
    run()
    before = {s: [c.chunk_id for c in run.chunks_of(s)] for s in run.ws.sources}
    path = run.ws.corpus / LIAM
    path.write_text(path.read_text() + "\n\n10. A new finding about fathers in the household.\n")
    report = run()
    assert report.updated == [LIAM]
    assert sorted(report.unchanged) == sorted(set(run.ws.sources) - {LIAM})
    new_chunks = run.chunks_of(LIAM)
    assert run.embedder.texts == [embed_text(c) for c in new_chunks]
    assert report.chunks_written == len(new_chunks)
    assert new_chunks[-1].text.endswith("A new finding about fathers in the household.")
    assert not set(before[LIAM]) & {c.chunk_id for c in new_chunks}  # new content, new ids
    for source in set(run.ws.sources) - {LIAM}:
        assert [c.chunk_id for c in run.chunks_of(source)] == before[source]


def test_deleted_file_stays_without_prune_and_goes_with_it(run: Run) -> None:
    run()
    gone = {c.chunk_id for c in run.chunks_of(BABY_E)}
    (run.ws.corpus / BABY_E).unlink()
    kept = run()
    assert kept.removed == [] and BABY_E in run.sources()
    pruned = run(prune=True)
    assert pruned.removed == [BABY_E]
    assert BABY_E not in run.sources()
    assert not gone & run.lib.store.ids()
    assert not gone & run.lib.catalog.chunk_ids()
    assert run.lib.store.query([1.0] * 64, 500, sources=[BABY_E]) == []


def test_duplicate_content_at_two_paths_is_skipped(run: Run) -> None:
    (run.ws.corpus / "copies").mkdir()
    shutil.copy(run.ws.corpus / CHILD_H, run.ws.corpus / "copies" / "child_h_again.txt")
    report = run()
    # Files are taken in path order: the copy comes first, the original is the duplicate.
    assert report.skipped == [(CHILD_H, "same content as copies/child_h_again.txt")]
    assert len(report.added) == 5 and "copies/child_h_again.txt" in report.added
    ids = run.lib.store.collection.get(include=[])["ids"]
    assert len(ids) == len(set(ids))
    again = run()
    assert len(again.skipped) == 1 and again.chunks_written == 0


def test_renamed_file_with_prune_stays_in_the_library(run: Run) -> None:
    run()
    n_chunks = len(run.chunks_of(DERBYSHIRE))
    (run.ws.corpus / DERBYSHIRE).rename(run.ws.corpus / "reviews" / "derbyshire_silr15b.txt")
    report = run(prune=True)
    assert report.removed == [DERBYSHIRE]
    assert report.added == ["reviews/derbyshire_silr15b.txt"]
    assert len(run.chunks_of("reviews/derbyshire_silr15b.txt")) == n_chunks
    assert DERBYSHIRE not in run.sources()
    assert run().unchanged and run.embedder.calls == 0


def test_failed_reingest_keeps_the_previous_version(run: Run) -> None:
    run()
    old = run.lib.catalog.document(LIAM)
    old_ids = {c.chunk_id for c in run.chunks_of(LIAM)}
    (run.ws.corpus / LIAM).write_bytes("Now in Latin-1: caf\xe9".encode("latin-1"))
    report = run(prune=True)
    assert report.failed == [(LIAM, "undecodable text: not UTF-8 (byte 19)")]
    assert not report.ok and report.removed == []
    kept = run.lib.catalog.document(LIAM)
    assert kept is not None and old is not None
    assert (kept.content_hash, kept.text) == (old.content_hash, old.text)
    assert {c.chunk_id for c in run.chunks_of(LIAM)} == old_ids <= run.lib.store.ids()


def test_pipeline_version_change_reingests_everything(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run()
    monkeypatch.setattr(sync_module, "PIPELINE_VERSION", "test-next")
    report = run()
    assert sorted(report.updated) == sorted(run.ws.sources)
    assert run.embedder.calls == 1


def test_orphan_vectors_from_a_killed_run_are_removed(run: Run) -> None:
    """Killed after the Chroma upsert, before the catalog commit: vectors nobody knows."""
    run()
    chunk = run.chunks_of(CHILD_H)[0]
    ghost = Chunk(**{**chunk.to_dict(), "chunk_id": "ghost-0000-deadbeef"})
    run.lib.store.upsert([ghost], [[0.5] * 64])
    assert reconcile(run.lib.catalog, run.lib.store) == 1
    assert "ghost-0000-deadbeef" not in run.lib.store.ids()
    report = run()
    assert sorted(report.unchanged) == sorted(run.ws.sources)


def test_document_with_missing_vectors_is_reingested(run: Run) -> None:
    """Killed between deleting a document's old vectors and upserting the new ones."""
    run()
    ids = sorted(c.chunk_id for c in run.chunks_of(BABY_E))
    run.lib.store.delete_ids(ids[:2])
    report = run()
    assert report.repaired == 1
    assert report.added == [BABY_E]
    assert sorted(c.chunk_id for c in run.chunks_of(BABY_E)) == ids


def test_fts_rows_out_of_step_are_rebuilt(run: Run) -> None:
    run()
    with run.lib.catalog.db:
        run.lib.catalog.db.execute(
            "DELETE FROM chunks_fts WHERE rowid = (SELECT min(rowid) FROM chunks_fts)"
        )
    report = run()
    assert report.repaired >= 1
    assert sorted(report.added) == sorted(run.ws.sources)


def test_progress_and_events(run: Run) -> None:
    events: list[str] = []
    report = sync(
        run.ws.settings,
        [run.ws.corpus],
        run.lib.catalog,
        run.lib.store,
        run.factory,
        progress=True,  # not a terminal under pytest: no bar, no crash
        on_event=events.append,
    )
    assert sorted(events) == sorted(
        f"added {s}: {len(run.chunks_of(s))} chunks" for s in report.added
    )
    assert report.to_dict()["added"] == report.added
    assert report.seconds > 0


def test_documents_are_embedded_and_written_in_batches(workspace, counter) -> None:
    # Batches of batch_size * 8 chunks: with batch_size 2, a write every 16 or more chunks.
    workspace.settings.embedding.batch_size = 2
    run = Run(workspace, counter)
    sizes: list[int] = []
    inner = run.embedder.token_embeddings

    def token_embeddings(texts, progress=None):
        sizes.append(len(texts))
        return inner(texts, progress)

    run.embedder.token_embeddings = token_embeddings  # type: ignore[method-assign]
    report = run()
    per_doc = [len(run.chunks_of(s)) for s in sorted(run.ws.sources)]
    assert sum(sizes) == sum(per_doc) == report.chunks_written
    assert len(sizes) > 1 and all(n >= 16 for n in sizes[:-1])
    assert run.factory_calls == 1  # one model, however many batches


def test_a_full_reingest_compacts_the_vector_index(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run()
    compactions: list[int] = []
    inner = run.lib.store.compact

    def compact() -> None:
        compactions.append(run.lib.store.count())
        inner()

    monkeypatch.setattr(run.lib.store, "compact", compact)
    monkeypatch.setattr(sync_module, "_COMPACT_MIN", 1)
    before = {c.chunk_id: c for c in run.lib.catalog.chunks()}
    assert run().chunks_replaced == 0 and compactions == []  # nothing changed
    monkeypatch.setattr(sync_module, "PIPELINE_VERSION", "test-next")
    report = run()  # assert_consistent: catalog and store agree after the rewrite
    assert report.chunks_replaced == len(before) and compactions == [len(before)]
    vectors = run.lib.store.embeddings(sorted(before))
    assert sorted(vectors) == sorted(before) and all(len(v) == 64 for v in vectors.values())
