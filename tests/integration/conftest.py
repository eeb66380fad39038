"""The shared real library: the whole corpus, the packaged model, embedded Chroma.

`real_library` (session scope) returns the Settings pointing at it. It is built once per session
in a temporary folder, or, when CASELEARN_TEST_LIBRARY names a directory (`make test` passes the
project's `.caselearn/`), that store is reused and only brought up to date (an idempotent sync:
seconds when nothing changed).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from ingest_testkit import CORPUS, chroma_onnx_snapshot

from caselearn.cli import cli
from caselearn.settings import Settings

# Taken when the integration tests are collected, before anything touches Chroma.
_CHROMA_ONNX_BEFORE = chroma_onnx_snapshot()


@pytest.fixture(scope="session")
def chroma_onnx_before() -> float | None:
    """Latest mtime under ~/.cache/chroma/onnx_models before this session (None: absent)."""
    return _CHROMA_ONNX_BEFORE


@pytest.fixture(scope="session")
def real_library_build(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """Build (or refresh) the real library exactly as `caselearn ingest --json` does.

    Going through the command keeps the library what users get (whatever ingest adds later, such
    as theme tags); `report` is the command's JSON summary.
    """
    given = os.environ.get("CASELEARN_TEST_LIBRARY")
    reused = bool(given) and Path(given).is_dir()
    data_dir = Path(given) if reused else tmp_path_factory.mktemp("real_library") / "data"
    env = {
        "CASELEARN_DATA_DIR": str(data_dir),
        "CASELEARN_CORPUS_DIR": str(CORPUS),
        "CASELEARN_EMBEDDING__BACKEND": "sentence-transformers",
        "CASELEARN_STORE__BACKEND": "embedded",
    }
    t0 = time.perf_counter()
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--json", "--quiet"], env=env)
    seconds = time.perf_counter() - t0
    assert result.exit_code == 0, result.output + (result.stderr or "")
    report = json.loads(result.stdout)
    settings = Settings(
        data_dir=data_dir,
        corpus_dir=CORPUS,
        embedding={"backend": "sentence-transformers"},
        store={"backend": "embedded"},
    )
    return SimpleNamespace(settings=settings, report=report, seconds=seconds, reused=reused)


@pytest.fixture(scope="session")
def real_library(real_library_build: SimpleNamespace) -> Settings:
    """Settings whose data_dir holds the real corpus library (model: all-MiniLM-L6-v2)."""
    return real_library_build.settings
