"""A small real library (the five text reviews) built with the hashing embedder: fast and deterministic."""

from __future__ import annotations

import pytest
from ingest_testkit import build_review_library

from assistant.factory import build_assistant
from caselearn.settings import Settings
from ingest.embed import HashingEmbedder


@pytest.fixture(scope="module")
def review_settings(tmp_path_factory) -> Settings:
    return build_review_library(tmp_path_factory.mktemp("lib"), themes=False)


@pytest.fixture(scope="module")
def assistant(review_settings):
    return build_assistant(review_settings, embedder=HashingEmbedder())
