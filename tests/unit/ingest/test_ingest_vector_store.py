"""ChromaStore on an embedded Chroma in a temporary folder: cosine space, filters, deletes, ef."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from caselearn.settings import Settings
from caselearn.types import Chunk
from ingest.vector_store import make_vector_store


def chunk(i: int, source: str) -> Chunk:
    return Chunk(f"c{i}", "d", source, "T", "review", None, None, 0, 1, f"text {i}", i)


def unit(*xs: float) -> list[float]:
    norm = math.sqrt(sum(x * x for x in xs))
    return [x / norm for x in xs]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", store={"hnsw_ef_search": 150})


def test_query_returns_cosine_similarity_best_first(settings: Settings) -> None:
    store = make_vector_store(settings)
    vecs = [unit(1, 0, 0), unit(1, 1, 0), unit(0, 1, 0), unit(-1, 0, 0)]
    store.upsert([chunk(i, "a.txt" if i < 2 else "b.txt") for i in range(4)], vecs)
    hits = store.query(unit(1, 0, 0), 3)
    assert [cid for cid, _ in hits] == ["c0", "c1", "c2"]
    assert [round(s, 4) for _, s in hits] == [1.0, round(1 / math.sqrt(2), 4), 0.0]
    assert store.query(unit(1, 0, 0), 10, sources=["b.txt"])[0][0] == "c2"
    assert store.query(unit(1, 0, 0), 10, sources=[]) == []
    assert store.embeddings(["c2"])["c2"] == pytest.approx(unit(0, 1, 0), abs=1e-6)


def test_deletes_by_source_and_by_id(settings: Settings) -> None:
    store = make_vector_store(settings)
    store.upsert([chunk(i, "a.txt" if i < 2 else "b.txt") for i in range(4)], [unit(1, i, 0) for i in range(4)])  # fmt: skip
    store.delete_source("a.txt")
    assert store.ids() == {"c2", "c3"}
    store.delete_ids(["c3"])
    assert store.ids() == {"c2"} and store.count() == 1
    store.upsert([chunk(2, "b.txt")], [unit(0, 0, 1)])  # upsert replaces, never duplicates
    assert store.count() == 1


def test_collection_is_cosine_with_the_configured_hnsw(settings: Settings) -> None:
    store = make_vector_store(settings)
    hnsw = store.collection.configuration_json["hnsw"]
    assert hnsw["space"] == "cosine"
    assert (hnsw["ef_construction"], hnsw["ef_search"], hnsw["max_neighbors"]) == (200, 150, 32)


def test_existing_collection_takes_a_new_ef_search(settings: Settings) -> None:
    make_vector_store(settings).upsert([chunk(0, "a.txt")], [unit(1, 0, 0)])
    settings.store.hnsw_ef_search = 700
    reopened = make_vector_store(settings)
    assert reopened.collection.configuration_json["hnsw"]["ef_search"] == 700
    assert reopened.ids() == {"c0"}


def test_compact_keeps_every_vector_and_shrinks_an_index_of_deleted_ones(
    settings: Settings,
) -> None:
    store = make_vector_store(settings)
    chunks = [chunk(i, f"s{i % 7}.txt") for i in range(1500)]
    vecs = [unit(1.0 + i % 13, float(i % 5), float(i % 11) - 5, 1.0) for i in range(1500)]
    for _ in range(4):  # a library re-ingested in full four times
        for s in range(7):
            store.delete_source(f"s{s}.txt")
        store.upsert(chunks, vecs)
    grown = sum(f.stat().st_size for f in settings.chroma_path.glob("*/data_level0.bin"))
    scores = [s for _, s in store.query(unit(1, 0, 0, 0), 5)]
    store.compact()
    assert store.count() == 1500
    assert [s for _, s in store.query(unit(1, 0, 0, 0), 5)] == pytest.approx(scores)
    assert store.embeddings(["c42"])["c42"] == pytest.approx(vecs[42], abs=1e-6)
    assert store.query(unit(1, 0, 0, 0), 3, sources=["s3.txt"])[0][0].startswith("c")
    compacted = sum(f.stat().st_size for f in settings.chroma_path.glob("*/data_level0.bin"))
    assert compacted < grown / 2
    assert make_vector_store(settings).count() == 1500  # as a new process would open it
