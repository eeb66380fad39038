"""The five text reviews as a library (hashing embedder, theme-tagged), built once per session."""

from __future__ import annotations

import pytest
from ingest_testkit import build_review_library

from assistant.quiz.generate import QuizGenerator
from caselearn.settings import Settings
from ingest.catalog import Catalog


@pytest.fixture(scope="session")
def quiz_settings(tmp_path_factory) -> Settings:
    return build_review_library(tmp_path_factory.mktemp("quizlib"))


@pytest.fixture(scope="session")
def catalog(quiz_settings) -> Catalog:
    return Catalog(quiz_settings.catalog_path)


@pytest.fixture(scope="session")
def generator(catalog) -> QuizGenerator:
    return QuizGenerator(catalog)
