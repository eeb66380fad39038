"""The shared real library: the whole corpus, the packaged model, embedded Chroma.

`real_library` (session scope) returns the Settings pointing at it. It is built once per session
in a temporary folder, or, when CASELEARN_TEST_LIBRARY names a directory (`make test` passes the
project's `.caselearn/`), that store is reused and only brought up to date (an idempotent sync:
seconds when nothing changed).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from ingest_testkit import CORPUS, chroma_onnx_snapshot

from caselearn.settings import Settings
from ingest.library import open_library
from ingest.sync import sync

# Taken when the integration tests are collected, before anything touches Chroma.
_CHROMA_ONNX_BEFORE = chroma_onnx_snapshot()


@pytest.fixture(scope="session")
def chroma_onnx_before() -> float | None:
    """Latest mtime under ~/.cache/chroma/onnx_models before this session (None: absent)."""
    return _CHROMA_ONNX_BEFORE


@pytest.fixture(scope="session")
def real_library_build(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """Build (or refresh) the real library; keeps the build report for the ingest tests."""
    given = os.environ.get("CASELEARN_TEST_LIBRARY")
    reused = bool(given) and Path(given).is_dir()
    data_dir = Path(given) if reused else tmp_path_factory.mktemp("real_library") / "data"
    settings = Settings(
        data_dir=data_dir,
        corpus_dir=CORPUS,
        embedding={"backend": "sentence-transformers"},
        store={"backend": "embedded"},
    )
    lib = open_library(settings)
    t0 = time.perf_counter()
    report = sync(settings, [CORPUS], lib.catalog, lib.store, lib.embedder, progress=False)
    seconds = time.perf_counter() - t0
    assert report.ok, report.failed
    lib.catalog.close()
    return SimpleNamespace(settings=settings, report=report, seconds=seconds, reused=reused)


@pytest.fixture(scope="session")
def real_library(real_library_build: SimpleNamespace) -> Settings:
    """Settings whose data_dir holds the real corpus library (model: all-MiniLM-L6-v2)."""
    return real_library_build.settings
