"""SIGKILL half-way through `caselearn ingest`, then run again: no duplicates, indexes agree.

The kill-safety is about the stores, not the model, so the runs use the hashing embedder; the
corpus is the five text reviews and two real PDFs. Kills land just after a document's "added" or
"updated" line, i.e. while the next document's vectors and catalog rows are being written, with
small extra delays to vary the point; several kills are chained on one data folder so each run
starts from the wreck of the last.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_testkit import CORPUS, REVIEWS, assert_consistent, catalog_state

from caselearn.settings import ChunkSettings, Settings
from ingest.chunk import Chunker, model_token_counter
from ingest.library import open_library
from ingest.pipeline import prepare
from ingest.scan import scan

pytestmark = pytest.mark.integration

PDFS = ["children_missing_education_2024.pdf", "csc_national_framework_2023.pdf"]
# (kill after the n-th added/updated line, then wait this many seconds)
KILL_POINTS = [(1, 0.0), (1, 0.03), (2, 0.0), (1, 0.01), (3, 0.0)]


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "reviews").mkdir(parents=True)
    (corpus / "guidance").mkdir()
    for path in sorted(REVIEWS.glob("*.txt")):
        shutil.copy(path, corpus / "reviews" / path.name)
    for name in PDFS:
        shutil.copy(CORPUS / "guidance" / name, corpus / "guidance" / name)
    return corpus


def expected_chunk_ids(corpus: Path) -> dict[str, set[str]]:
    """What a clean ingest of the corpus would store: source -> chunk ids (ids are deterministic)."""
    chunker = Chunker(ChunkSettings(), model_token_counter())
    out = {}
    for raw, kind in scan([corpus], corpus).files:
        _, chunks = prepare(raw, kind, chunker)
        out[raw.source] = {c.chunk_id for c in chunks}
    return out


class Ingest:
    """Runs `caselearn ingest` as a subprocess on one corpus and data folder."""

    def __init__(self, corpus: Path, data: Path) -> None:
        self.corpus, self.data = corpus, data
        self.env = {
            **os.environ,
            "CASELEARN_DATA_DIR": str(data),
            "CASELEARN_CORPUS_DIR": str(corpus),
            "CASELEARN_EMBEDDING__BACKEND": "hashing",
            "PYTHONUNBUFFERED": "1",
        }
        self.cmd = [sys.executable, "-m", "caselearn.cli", "ingest", str(corpus)]

    def complete(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.cmd, env=self.env, capture_output=True, text=True, timeout=120)

    def killed(self, after_lines: int, delay: float) -> bool:
        """Start a run and SIGKILL it after its n-th written document (+ delay); True if killed."""
        proc = subprocess.Popen(
            self.cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        assert proc.stderr is not None
        seen = 0
        try:
            for line in proc.stderr:
                if line.startswith(("added ", "updated ")):
                    seen += 1
                    if seen == after_lines:
                        if delay:
                            time.sleep(delay)
                        proc.send_signal(signal.SIGKILL)
                        break
            proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        return proc.returncode == -signal.SIGKILL

    def killed_while_preparing(self) -> list[int]:
        """SIGKILL a run once its worker processes are parsing; returns the workers' pids."""
        proc = subprocess.Popen(
            self.cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            pids = [int(p) for p in children.read_text().split()] if children.exists() else []
            # Children: multiprocessing's resource tracker and the parsing worker(s).
            if any("spawn_main" in cmdline(pid) for pid in pids):
                workers = pids
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return workers

    def check_catalog_atomic(self) -> None:
        """Even right after a kill, the catalog's chunk rows and FTS rows agree (one transaction)."""
        if (self.data / "catalog.sqlite3").exists():
            chunks, fts, docs = catalog_state(self.data / "catalog.sqlite3")
            assert sorted(chunks) == sorted(fts)
            assert len(chunks) == len(set(chunks)) and len(docs) == len(set(docs))


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """Is pid a live (not zombie) process?"""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def assert_library_is(data: Path, corpus: Path, expected: dict[str, set[str]]) -> None:
    settings = Settings(data_dir=data, corpus_dir=corpus, embedding={"backend": "hashing"})
    lib = open_library(settings)
    ids = assert_consistent(lib.catalog, lib.store)
    docs = lib.catalog.documents()
    assert sorted(d["source"] for d in docs) == sorted(expected)
    assert ids == set().union(*expected.values())
    for source, chunk_ids in expected.items():
        assert {c.chunk_id for c in lib.catalog.chunks() if c.source == source} == chunk_ids
    # The vector index (HNSW), not just Chroma's id table, holds every vector: each stored
    # embedding finds a vector at distance ~0 when used as a query.
    got = lib.store.collection.get(include=["embeddings"])
    res = lib.store.collection.query(
        query_embeddings=list(got["embeddings"]), n_results=1, include=["distances"]
    )
    assert max(d[0] for d in res["distances"]) < 1e-4
    lib.catalog.close()


def test_killed_runs_then_a_full_run_leave_a_clean_library(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    expected = expected_chunk_ids(corpus)
    run = Ingest(corpus, tmp_path / "data")
    kills = 0
    for after, delay in KILL_POINTS:
        kills += run.killed(after, delay)
        run.check_catalog_atomic()
    assert kills >= 3, "too few runs were killed part-way to test anything"
    final = run.complete()
    assert final.returncode == 0, final.stderr
    assert "0 failed documents" in final.stdout
    again = run.complete()
    assert again.returncode == 0 and again.stdout.startswith("0 added, 0 updated, 7 unchanged")
    assert_library_is(run.data, corpus, expected)


def test_killed_update_then_a_full_run_has_only_the_new_versions(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    run = Ingest(corpus, tmp_path / "data")
    assert run.complete().returncode == 0
    for path in sorted((corpus / "reviews").glob("*.txt")):
        path.write_text(path.read_text() + "\n\nAddendum: the board reviewed this in 2024.\n")
    (corpus / "guidance" / PDFS[1]).unlink()
    shutil.copy(CORPUS / "guidance" / "essex_social_worker_recording.pdf", corpus / "guidance")
    expected = expected_chunk_ids(corpus)
    # With over a megabyte of PDF to parse, worker processes do it: they must die with the run.
    workers = run.killed_while_preparing()
    if Path("/proc/self/task").exists() and (os.cpu_count() or 1) > 1:  # Linux, workers used
        assert workers, "the run finished or failed before its workers started"
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers), "worker processes outlived the killed run"
    kills = sum(run.killed(after, delay) for after, delay in [(2, 0.0), (1, 0.02)])
    run.check_catalog_atomic()
    assert kills >= 1
    final = subprocess.run(
        [*run.cmd, "--prune"], env=run.env, capture_output=True, text=True, timeout=120
    )
    assert final.returncode == 0, final.stderr
    assert f"removed guidance/{PDFS[1]}" in final.stderr
    assert_library_is(run.data, corpus, expected)
