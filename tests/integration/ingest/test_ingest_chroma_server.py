"""The `server` store backend against a real `chroma run` on 127.0.0.1 (hashing embedder)."""

from __future__ import annotations

import json
import shutil
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_testkit import BABY_E, REVIEW_SOURCES, assert_consistent, copy_reviews
from server_testkit import free_port, running

from caselearn.cli import cli
from caselearn.settings import Settings
from ingest.embed import HashingEmbedder
from ingest.library import open_library

pytestmark = pytest.mark.integration

CHROMA = Path(sys.executable).parent / "chroma"
STARTUP_TIMEOUT_S = 60.0


def heartbeat(port: int) -> bool:
    for path in ("/api/v2/heartbeat", "/api/v1/heartbeat"):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            continue
    return False


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A `chroma run` server on a free local port; yields the port, stops it afterwards."""
    binary = CHROMA if CHROMA.exists() else shutil.which("chroma")
    if binary is None:
        pytest.skip("no `chroma` binary next to this Python or on PATH (pip install chromadb)")
    path = tmp_path_factory.mktemp("chroma_server")
    port = free_port()
    cmd = [str(binary), "run", "--path", str(path / "db"), "--host", "127.0.0.1"]
    cmd += ["--port", str(port)]
    log = path / "server.log"
    with running("chroma run", cmd, log, lambda: heartbeat(port), STARTUP_TIMEOUT_S):
        yield port


def test_ingest_and_query_through_a_chroma_server(
    chroma_server: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    copy_reviews(corpus)
    monkeypatch.chdir(tmp_path)
    env = {
        "CASELEARN_DATA_DIR": str(tmp_path / "data"),
        "CASELEARN_CORPUS_DIR": str(corpus),
        "CASELEARN_EMBEDDING__BACKEND": "hashing",
        "CASELEARN_STORE__BACKEND": "server",
        "CASELEARN_STORE__HOST": "127.0.0.1",
        "CASELEARN_STORE__PORT": str(chroma_server),
    }
    first = CliRunner().invoke(cli, ["ingest", str(corpus), "--json"], env=env)
    assert first.exit_code == 0, first.output
    assert sorted(json.loads(first.stdout)["added"]) == sorted(REVIEW_SOURCES)
    # Nothing went to an embedded store: the vectors live in the server.
    assert not (tmp_path / "data" / "chroma").exists()

    settings = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=corpus,
        embedding={"backend": "hashing"},
        store={"backend": "server", "host": "127.0.0.1", "port": chroma_server},
    )
    lib = open_library(settings)
    assert_consistent(lib.catalog, lib.store)
    [vec] = HashingEmbedder(settings.embedding.dim).embed(["males in the household"])
    hits = lib.store.query(vec, 5)
    assert len(hits) == 5
    assert {cid for cid, _ in hits} <= lib.catalog.chunk_ids()
    only = lib.store.query(vec, 5, sources=[BABY_E])
    assert only and all(c.source == BABY_E for c in lib.catalog.chunks([cid for cid, _ in only]))

    again = CliRunner().invoke(cli, ["ingest", str(corpus), "--json"], env=env)
    assert again.exit_code == 0
    assert sorted(json.loads(again.stdout)["unchanged"]) == sorted(REVIEW_SOURCES)
    (corpus / BABY_E).unlink()
    pruned = CliRunner().invoke(cli, ["ingest", str(corpus), "--prune", "--json"], env=env)
    assert json.loads(pruned.stdout)["removed"] == [BABY_E]
    assert_consistent(lib.catalog, lib.store)
    assert lib.store.query(vec, 5, sources=[BABY_E]) == []
