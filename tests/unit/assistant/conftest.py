"""A small real library (the five text reviews) built with the hashing embedder: fast and deterministic."""

from __future__ import annotations

import pytest
from ingest_testkit import copy_reviews

from assistant.factory import build_assistant
from caselearn.settings import Settings
from ingest.embed import HashingEmbedder
from ingest.library import open_library
from ingest.sync import sync


@pytest.fixture(scope="module")
def review_settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("lib")
    corpus = root / "corpus"
    copy_reviews(corpus)
    settings = Settings(corpus_dir=corpus, data_dir=root / "data")
    settings.embedding.backend = "hashing"
    lib = open_library(settings, HashingEmbedder())
    report = sync(settings, [corpus], lib.catalog, lib.store, lib.embedder, progress=False)
    assert report.ok and len(report.added) == 5
    return settings


@pytest.fixture(scope="module")
def assistant(review_settings):
    return build_assistant(review_settings, embedder=HashingEmbedder())
