"""Fixtures for the ingest and CLI unit tests: real tokenizer, cleaned corpus reviews, tmp library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from ingest_testkit import copy_reviews, corpus_text

from caselearn.settings import ChunkSettings, Settings
from caselearn.types import Document
from ingest.blocks import Block, assemble
from ingest.chunk import Chunker, TokenCounter, model_token_counter
from ingest.clean_text import text_blocks
from ingest.metadata import extract_meta, extract_title


@pytest.fixture(scope="session")
def counter() -> TokenCounter:
    """The real all-MiniLM-L6-v2 word-piece counter (loads tokenizer.json only, not the model)."""
    return model_token_counter()


@pytest.fixture
def chunker(counter: TokenCounter) -> Chunker:
    return Chunker(ChunkSettings(), counter)


ReviewDoc = Callable[[str], tuple[Document, list[Block]]]


@pytest.fixture(scope="session")
def review_doc() -> ReviewDoc:
    """A corpus text review as (Document, blocks), cleaned the way the pipeline cleans it."""

    def make(source: str) -> tuple[Document, list[Block]]:
        blocks = text_blocks(corpus_text(source))
        text, spans = assemble(blocks)
        title = extract_title(blocks, None, fallback=Path(source).stem)
        doc = Document(
            doc_id="0123456789abcdef",
            source=source,
            title=title,
            kind="review",
            text=text,
            content_hash="0123456789abcdef" * 4,
            pages=spans,
            meta=extract_meta(text, title, "review"),
        )
        return doc, blocks

    return make


@pytest.fixture
def workspace(tmp_path: Path) -> SimpleNamespace:
    """corpus/ with copies of the five text reviews, and Settings for a fresh data folder."""
    corpus = tmp_path / "corpus"
    sources = copy_reviews(corpus)
    settings = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=corpus,
        embedding={"backend": "hashing", "dim": 64},
    )
    return SimpleNamespace(corpus=corpus, settings=settings, tmp=tmp_path, sources=sources)


@pytest.fixture
def invoke(workspace: SimpleNamespace, monkeypatch: pytest.MonkeyPatch):
    """Run the `caselearn` CLI in the workspace with its Settings (hashing embedder)."""
    from click.testing import CliRunner, Result

    from caselearn.cli import cli

    monkeypatch.chdir(workspace.tmp)
    settings = workspace.settings
    env = {
        "CASELEARN_DATA_DIR": str(settings.data_dir),
        "CASELEARN_CORPUS_DIR": str(settings.corpus_dir),
        "CASELEARN_EMBEDDING__BACKEND": settings.embedding.backend,
        "CASELEARN_EMBEDDING__DIM": str(settings.embedding.dim),
    }

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)

    return run
