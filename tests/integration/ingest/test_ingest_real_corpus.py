"""The real corpus through the real pipeline: packaged model, embedded Chroma, FTS5 catalog."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from ingest_testkit import (
    CHROMA_ONNX,
    CORPUS,
    DERBYSHIRE,
    LIAM,
    REVIEW_SOURCES,
    assert_consistent,
    chroma_onnx_snapshot,
)

from caselearn.settings import Settings
from ingest.chunk import embed_text, model_token_counter
from ingest.embed import SentenceTransformerEmbedder
from ingest.library import Library, open_library
from ingest.sync import sync

pytestmark = pytest.mark.integration

GUIDANCE_SOURCES = sorted(f"guidance/{p.name}" for p in (CORPUS / "guidance").glob("*.pdf"))
ALL_SOURCES = sorted(REVIEW_SOURCES + GUIDANCE_SOURCES)


@pytest.fixture(scope="module")
def lib(real_library: Settings) -> Library:
    return open_library(real_library)


@pytest.fixture(scope="module")
def model() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


def test_all_ten_documents_are_in_the_library_once(lib: Library, real_library_build) -> None:
    docs = lib.catalog.documents()
    sources = [d["source"] for d in docs]
    assert len(GUIDANCE_SOURCES) == 5
    assert set(ALL_SOURCES) <= set(sources)
    assert len(sources) == len(set(sources))
    if not real_library_build.reused:
        assert sorted(sources) == ALL_SOURCES
        assert sorted(real_library_build.report["added"]) == ALL_SOURCES
    kinds = {d["source"]: d["kind"] for d in docs}
    assert all(kinds[s] == "review" for s in REVIEW_SOURCES)
    assert all(kinds[s] == "guidance" for s in GUIDANCE_SOURCES)
    assert all(d["chunks"] > 0 for d in docs)
    assert_consistent(lib.catalog, lib.store)


def test_metadata_is_present(lib: Library) -> None:
    docs = {d["source"]: d for d in lib.catalog.documents()}
    subjects = [docs[s]["subject"] for s in REVIEW_SOURCES]
    assert subjects == ["SILR15b", "Baby E", "Liam", "Child H", None]
    assert [docs[s]["review_type"] for s in REVIEW_SOURCES] == [
        "SILR",
        "SCR",
        "SCR",
        "SCR",
        "briefing note",
    ]
    for source in GUIDANCE_SOURCES:
        assert docs[source]["subject"] is None and docs[source]["review_type"] is None
        assert docs[source]["title"] and docs[source]["title"] != source
    kcsie = docs["guidance/kcsie_2025.pdf"]
    assert kcsie["title"] == "Keeping children safe in education 2025"
    assert (kcsie["publisher"], kcsie["year"]) == ("Department for Education", 2025)


def test_every_chunk_fits_the_model_and_points_into_its_document(lib: Library) -> None:
    chunks = lib.catalog.chunks()
    counts = model_token_counter()([embed_text(c) for c in chunks])
    assert max(counts) <= 256
    assert [c.n_tokens for c in chunks] == counts
    docs = {s: lib.catalog.document(s) for s in {c.source for c in chunks}}
    for chunk in chunks:
        doc = docs[chunk.source]
        assert doc is not None
        assert doc.text[chunk.start : chunk.end] == chunk.text
        if chunk.kind == "guidance":
            assert chunk.page is not None and chunk.page == doc.page_at(chunk.start)
        else:
            assert chunk.page is None


def test_pdf_pages_cover_the_text(lib: Library) -> None:
    for source in GUIDANCE_SOURCES:
        doc = lib.catalog.document(source)
        assert doc is not None
        pages = [p.page for p in doc.pages]
        assert pages == sorted(pages) and pages[0] >= 1
        assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)


def test_unchanged_rerun_never_loads_the_model(real_library: Settings) -> None:
    def no_model():
        raise AssertionError("an unchanged re-sync must not load the embedding model")

    lib = open_library(real_library)
    t0 = time.perf_counter()
    report = sync(real_library, [CORPUS], lib.catalog, lib.store, no_model, progress=False)
    assert time.perf_counter() - t0 < 5
    assert set(ALL_SOURCES) <= set(report.unchanged)
    assert report.chunks_written == 0 and report.embed_seconds == 0


def test_unchanged_rerun_from_the_command_line_is_quick(real_library: Settings) -> None:
    env = {**os.environ, "CASELEARN_DATA_DIR": str(real_library.data_dir)}
    script = (
        "import sys\n"
        "from caselearn.cli import cli\n"
        "try:\n"
        f"    cli(['ingest', {str(CORPUS)!r}, '--json'], prog_name='caselearn')\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "print('MODULES', 'torch' in sys.modules, 'sentence_transformers' in sys.modules)\n"
        "sys.exit(code)\n"
    )
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    seconds = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    out, modules = proc.stdout.rsplit("MODULES", 1)
    assert modules.split() == ["False", "False"]  # the model's libraries were never imported
    report = json.loads(out)
    assert set(ALL_SOURCES) <= set(report["unchanged"]) and report["chunks_written"] == 0
    assert report["seconds"] < 5  # the sync itself
    # Start-up included (Python, click, Chroma): seconds on an idle machine (see the benchmark);
    # the bound only leaves room for a busy CI box, while loading the model would blow it.
    assert seconds < 15, f"unchanged re-ingest took {seconds:.1f} s"


def test_safe_sleep_query_finds_the_safe_sleep_reviews(
    lib: Library, model: SentenceTransformerEmbedder
) -> None:
    [vec] = model.embed(["safe sleep"])
    hits = lib.store.query(vec, 5)
    sources = [lib.catalog.chunks([cid])[0].source for cid, _ in hits]
    assert {DERBYSHIRE, LIAM} & set(sources[:3]), sources
    sims = [s for _, s in hits]
    assert sims == sorted(sims, reverse=True) and 0.3 < sims[0] <= 1.0


def test_hnsw_returns_what_exact_cosine_search_would(
    lib: Library, model: SentenceTransformerEmbedder
) -> None:
    got = lib.store.collection.get(include=["embeddings"])
    ids, matrix = got["ids"], np.asarray(got["embeddings"], dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    questions = [
        "safe sleep",
        "fathers and men in the household",
        "escalation when agencies disagree",
        "neglect threshold assessment tool",
        "designated safeguarding lead responsibilities",
        "children missing from education",
        "recording case notes",
        "parental substance misuse and mental health",
        "pressures on children's services budgets",
        "disguised compliance",
    ]
    for question, vec in zip(questions, model.embed(questions), strict=True):
        q = np.asarray(vec, dtype=np.float32)
        sims = matrix @ q
        order = np.argsort(-sims)
        exact = [ids[i] for i in order[:10]]
        approx = lib.store.query(vec, 10)
        # Only a near-tie at the rank-10 boundary may differ (HNSW builds its graph in threads).
        tenth = float(sims[order[9]])
        best_of = dict(zip(ids, sims.tolist(), strict=True))
        for cid in {cid for cid, _ in approx} ^ set(exact):
            assert abs(best_of[cid] - tenth) < 1e-3, (question, cid, best_of[cid], tenth)
        # Chroma's distances are cosine distances: 1 - distance is the cosine similarity.
        best = dict(zip(ids, sims.tolist(), strict=True))
        for cid, sim in approx:
            assert sim == pytest.approx(best[cid], abs=1e-3)


def test_chroma_never_fetched_its_default_embedding_model(
    lib: Library, chroma_onnx_before: float | None
) -> None:
    assert lib.store.count() > 0  # the store was built and queried in this session
    assert chroma_onnx_snapshot() == chroma_onnx_before
    if chroma_onnx_before is None:
        assert not CHROMA_ONNX.exists()


def test_embedder_keeps_input_order_across_slices(model: SentenceTransformerEmbedder) -> None:
    # embed() sorts by length and works in slices; every vector must still land at its text.
    texts = [f"note {i}: " + "the child was seen at home " * (i % 7) for i in range(70)]
    small = SentenceTransformerEmbedder(batch_size=4)  # slices of 32: three of them
    small.model = model.model
    got = np.asarray(small.embed(texts))
    want = model.model.encode(texts, normalize_embeddings=True)
    assert got.shape == (70, 384)
    assert np.allclose(got, want, atol=1e-4)
