"""Helpers for the app tests (imported by name): a small real library of the five text reviews plus
a document carrying HTML and markdown payloads, embedded with the hashing embedder and tagged with
the theme taxonomy.

The app reads its settings from the environment, as `streamlit run` would.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

import streamlit as st
from ingest_testkit import build_review_library

from caselearn.settings import Settings
from caselearn.types import Chunk, Document
from ingest.embed import HashingEmbedder
from ingest.library import open_library
from ingest.pipeline import PIPELINE_VERSION
from ingest.themes import ThemeTagger, load_taxonomy, taxonomy_fingerprint

EVIL_SOURCE = "reviews/zz_payload_review.pdf"
EVIL_TEXT = (
    "Learning from the review of Baby Zed\n\n"
    "Bruising in a non-mobile baby must always be referred to children's social care. "
    "<script>alert('xss')</script> The hospital discharged Baby Zed without a safeguarding "
    "referral; see [the protocol](javascript:alert(1)) and **bold** :red[colour] $x$ & more.\n\n"
    "Practitioners should follow the bruising protocol for every non-mobile baby."
)


def add_payload_document(settings: Settings) -> None:
    """Store a document whose cleaned text still holds raw HTML/markdown (as a PDF's can)."""
    lib = open_library(settings, HashingEmbedder())
    digest = hashlib.sha256(EVIL_TEXT.encode()).hexdigest()
    doc = Document(digest[:16], EVIL_SOURCE, "Learning from the review of Baby Zed", "review",
                   EVIL_TEXT, digest)  # fmt: skip
    paras, pos = [], 0
    for part in EVIL_TEXT.split("\n\n"):
        paras.append((pos, pos + len(part)))
        pos += len(part) + 2
    chunks = [
        Chunk(f"{digest[:16]}-{i}", doc.doc_id, EVIL_SOURCE, doc.title, "review", None, None, s, e,
              EVIL_TEXT[s:e], i, len(EVIL_TEXT[s:e].split()))
        for i, (s, e) in enumerate(paras)
    ]  # fmt: skip
    vecs = HashingEmbedder().embed([c.text for c in chunks])
    themes = load_taxonomy()
    tags = ThemeTagger(themes, HashingEmbedder()).tag(chunks, vecs)
    lib.store.upsert(chunks, vecs)
    lib.catalog.replace_document(doc, chunks, PIPELINE_VERSION, tags, taxonomy_fingerprint(themes))


def build_library(root: Path, payload: bool = True) -> SimpleNamespace:
    settings = build_review_library(root)
    if payload:
        add_payload_document(settings)
    return SimpleNamespace(
        root=root, corpus=settings.corpus_dir, data=root / "data", settings=settings
    )


def point_app_at(monkeypatch, lib: SimpleNamespace) -> None:
    monkeypatch.chdir(lib.root)  # no caselearn.toml from the project
    monkeypatch.setenv("CASELEARN_DATA_DIR", str(lib.data))
    monkeypatch.setenv("CASELEARN_CORPUS_DIR", str(lib.corpus))
    monkeypatch.setenv("CASELEARN_EMBEDDING__BACKEND", "hashing")
    monkeypatch.setenv("CASELEARN_LLM__BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens
    st.cache_resource.clear()
    st.cache_data.clear()


def page_script(module: str) -> str:
    """An AppTest script that renders one page module, as the app's navigation would."""
    return f"from caselearn.ui.{module} import render\nrender()\n"
