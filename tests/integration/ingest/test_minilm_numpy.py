"""The torch-free query encoder gives the vectors sentence-transformers gives, token for token."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from caselearn.settings import EmbeddingSettings
from ingest.embed import SentenceTransformerEmbedder, make_embedder
from ingest.minilm_numpy import NumpyMiniLMEmbedder

pytestmark = pytest.mark.integration

TEXTS = [
    "what did reviews say about fathers?",
    "Baby E — Learning\nMales not considered or assessed in terms of their role. " * 12,
    "naïve café “quotes” – dashes",
    "",
]


@pytest.fixture(scope="module")
def both():
    return NumpyMiniLMEmbedder(), SentenceTransformerEmbedder()


def test_sentence_vectors_match_sentence_transformers(both) -> None:
    numpy_emb, st_emb = both
    for a, b in zip(numpy_emb.embed(TEXTS), st_emb.embed(TEXTS), strict=True):
        assert float(np.dot(a, b)) > 0.9999


def test_token_outputs_and_offsets_match(both) -> None:
    numpy_emb, st_emb = both
    for (ta, oa), (tb, ob) in zip(
        numpy_emb.token_embeddings(TEXTS), st_emb.token_embeddings(TEXTS), strict=True
    ):
        assert ta.shape == tb.shape and oa == ob
        assert np.abs(ta - tb).max() < 1e-3


def test_questions_are_embedded_without_importing_torch() -> None:
    code = (
        "import sys; from caselearn.settings import EmbeddingSettings; "
        "from ingest.embed import make_embedder; "
        "e = make_embedder(EmbeddingSettings(), for_queries=True); e.embed(['fathers']); "
        "print(type(e).__name__, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["NumpyMiniLMEmbedder", "False"]


def test_query_backend_can_be_pinned() -> None:
    pinned = EmbeddingSettings(query_backend="hashing")
    assert type(make_embedder(pinned, for_queries=True)).__name__ == "HashingEmbedder"
    assert type(make_embedder(EmbeddingSettings(backend="hashing"), for_queries=True)).__name__ == (
        "HashingEmbedder"
    )
