"""The five text reviews as a library (hashing embedder, theme-tagged), built once per session."""

from __future__ import annotations

import pytest
from ingest_testkit import copy_reviews

from assistant.quiz.generate import QuizGenerator
from caselearn.settings import Settings
from ingest.catalog import Catalog
from ingest.embed import HashingEmbedder
from ingest.library import open_library
from ingest.sync import sync
from ingest.themes import load_taxonomy


@pytest.fixture(scope="session")
def quiz_settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("quizlib")
    corpus = root / "corpus"
    copy_reviews(corpus)
    settings = Settings(corpus_dir=corpus, data_dir=root / "data")
    settings.embedding.backend = "hashing"
    lib = open_library(settings, HashingEmbedder())
    report = sync(settings, [corpus], lib.catalog, lib.store, lib.embedder, progress=False,
                  themes=load_taxonomy())  # fmt: skip
    assert report.ok and len(report.added) == 5
    lib.catalog.close()
    return settings


@pytest.fixture(scope="session")
def catalog(quiz_settings) -> Catalog:
    return Catalog(quiz_settings.catalog_path)


@pytest.fixture(scope="session")
def generator(catalog) -> QuizGenerator:
    return QuizGenerator(catalog)
