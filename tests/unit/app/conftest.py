"""Fixtures for the app tests: the shared small library and the environment pointing at it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from app_testkit import build_library, point_app_at


@pytest.fixture(scope="module")
def app_library(tmp_path_factory) -> SimpleNamespace:
    return build_library(tmp_path_factory.mktemp("app_lib"))


@pytest.fixture
def app_env(monkeypatch, app_library) -> SimpleNamespace:
    """Settings in the environment pointing at the shared app library."""
    point_app_at(monkeypatch, app_library)
    return app_library
