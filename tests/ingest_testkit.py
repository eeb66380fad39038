"""Helpers shared by the ingest unit and integration tests (imported by name; see tests/conftest.py)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from caselearn.settings import PROJECT_ROOT
from ingest.embed import HashingEmbedder

CORPUS = PROJECT_ROOT / "corpus"
REVIEWS = CORPUS / "reviews"
GUIDANCE = CORPUS / "guidance"
# The five converted text reviews, by what they are about.
DERBYSHIRE = "reviews/000_050a913a287adf6b.txt"  # SILR15b, Derbyshire
BABY_E = "reviews/001_d1c390feaf5a9631.txt"
LIAM = "reviews/002_73cf4f8d1a088ab3.txt"
CHILD_H = "reviews/003_52c76c2e1049232f.txt"
BRIEFING = "reviews/004_16a21249cd7d8350.txt"  # briefing note, no named subject
REVIEW_SOURCES = [DERBYSHIRE, BABY_E, LIAM, CHILD_H, BRIEFING]
# The smallest corpus PDF (32 pages), for tests that need a real PDF.
SMALL_PDF = GUIDANCE / "children_missing_education_2024.pdf"


# Where Chroma's default embedding function would download its ONNX model: must never appear.
CHROMA_ONNX = Path.home() / ".cache" / "chroma" / "onnx_models"


def chroma_onnx_snapshot() -> float | None:
    """Latest mtime under CHROMA_ONNX, or None when it does not exist."""
    if not CHROMA_ONNX.exists():
        return None
    paths = [CHROMA_ONNX, *CHROMA_ONNX.rglob("*")]
    return max(p.stat().st_mtime for p in paths)


def corpus_text(source: str) -> str:
    return (CORPUS / source).read_text(encoding="utf-8")


def copy_reviews(corpus: Path) -> list[str]:
    """Copy the five text reviews into corpus/reviews; returns their sources."""
    (corpus / "reviews").mkdir(parents=True, exist_ok=True)
    for source in REVIEW_SOURCES:
        shutil.copy(CORPUS / source, corpus / source)
    return list(REVIEW_SOURCES)


class CountingEmbedder:
    """A HashingEmbedder that counts its calls (embed or token pass) and records every text."""

    def __init__(self, dim: int = 64) -> None:
        self.inner = HashingEmbedder(dim=dim)
        self.name, self.dim = self.inner.name, self.inner.dim
        self.calls = 0
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str], progress=None) -> list[list[float]]:
        self.calls += 1
        self.texts.extend(texts)
        return self.inner.embed(texts, progress)

    def token_embeddings(self, texts: Sequence[str], progress=None):
        """The ingest path: chunk and sentence vectors from one pass, counted as one call."""
        self.calls += 1
        self.texts.extend(texts)
        return self.inner.token_embeddings(texts, progress)


def build_review_library(root: Path, themes: bool = True):
    """The five text reviews ingested under `root` with the hashing embedder; returns Settings."""
    from caselearn.settings import Settings
    from ingest.library import open_library
    from ingest.sync import sync
    from ingest.themes import load_taxonomy

    corpus = root / "corpus"
    copy_reviews(corpus)
    settings = Settings(corpus_dir=corpus, data_dir=root / "data")
    settings.embedding.backend = "hashing"
    lib = open_library(settings, HashingEmbedder())
    taxonomy = load_taxonomy() if themes else None
    report = sync(
        settings, [corpus], lib.catalog, lib.store, lib.embedder, progress=False, themes=taxonomy
    )
    assert report.ok and len(report.added) == 5
    lib.catalog.close()
    return settings


def catalog_state(catalog_path: Path) -> tuple[list[str], list[str], list[str]]:
    """(chunk ids, FTS chunk ids, document sources) read straight from the SQLite file."""
    db = sqlite3.connect(str(catalog_path))
    try:
        chunks = [r[0] for r in db.execute("SELECT chunk_id FROM chunks")]
        fts = [r[0] for r in db.execute("SELECT chunk_id FROM chunks_fts")]
        docs = [r[0] for r in db.execute("SELECT source FROM documents")]
    finally:
        db.close()
    return chunks, fts, docs


def assert_consistent(catalog, store) -> set[str]:
    """Catalog chunk ids == Chroma ids == FTS rows, no id twice, chunk counts add up."""
    cat = catalog.chunk_ids()
    vec_list = store.collection.get(include=[])["ids"]
    assert len(vec_list) == len(set(vec_list)), "duplicate ids in Chroma"
    assert set(vec_list) == cat, (
        f"catalog-only {sorted(cat - set(vec_list))[:3]}, "
        f"Chroma-only {sorted(set(vec_list) - cat)[:3]}"
    )
    fts = [r[0] for r in catalog.db.execute("SELECT chunk_id FROM chunks_fts")]
    assert sorted(fts) == sorted(cat), "FTS rows differ from catalog chunks"
    assert sum(d["chunks"] for d in catalog.documents()) == len(cat)
    return cat
