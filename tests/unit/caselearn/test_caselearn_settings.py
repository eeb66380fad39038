"""Settings precedence: defaults < caselearn.toml (in the working directory) < CASELEARN_* env."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caselearn.settings import PROJECT_ROOT, Settings

TOML = """
data_dir = "from_toml"

[retrieval]
top_k = 5
dense_k = 30

[embedding]
batch_size = 16
"""


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No CASELEARN_* variables, and an empty working directory (no caselearn.toml)."""
    for key in list(os.environ):
        if key.startswith("CASELEARN_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_without_file_or_env(clean_env: Path) -> None:
    s = Settings()
    assert s.data_dir == Path(".caselearn")
    assert s.corpus_dir == PROJECT_ROOT / "corpus"
    assert (s.retrieval.top_k, s.embedding.batch_size) == (24, 64)
    assert s.embedding.backend == "sentence-transformers"
    assert s.store.backend == "embedded"
    assert s.catalog_path == Path(".caselearn/catalog.sqlite3")
    assert s.chroma_path == Path(".caselearn/chroma")


def test_toml_in_the_working_directory_overrides_defaults(clean_env: Path) -> None:
    (clean_env / "caselearn.toml").write_text(TOML)
    s = Settings()
    assert s.data_dir == Path("from_toml")
    assert (s.retrieval.top_k, s.retrieval.dense_k, s.embedding.batch_size) == (5, 30, 16)
    assert s.retrieval.lexical_k == 40  # untouched nested fields keep their defaults


def test_environment_overrides_toml(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean_env / "caselearn.toml").write_text(TOML)
    monkeypatch.setenv("CASELEARN_DATA_DIR", "from_env")
    monkeypatch.setenv("CASELEARN_RETRIEVAL__TOP_K", "7")
    monkeypatch.setenv("CASELEARN_STORE__BACKEND", "server")
    monkeypatch.setenv("CASELEARN_STORE__PORT", "8123")
    s = Settings()
    assert s.data_dir == Path("from_env")
    assert s.retrieval.top_k == 7
    assert s.retrieval.dense_k == 30  # from the file: env overrides field by field
    assert s.embedding.batch_size == 16
    assert (s.store.backend, s.store.port) == ("server", 8123)


def test_explicit_arguments_override_everything(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean_env / "caselearn.toml").write_text(TOML)
    monkeypatch.setenv("CASELEARN_DATA_DIR", "from_env")
    assert Settings(data_dir=Path("given")).data_dir == Path("given")


def test_a_bad_value_is_rejected(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASELEARN_EMBEDDING__BACKEND", "word2vec")
    with pytest.raises(ValueError, match="backend"):
        Settings()
