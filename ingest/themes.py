"""The safeguarding theme taxonomy (ingest/themes.yaml) and the tagger that marks chunks with themes.

A chunk gets a theme when its vocabulary evidence and its embedding similarity to the theme's
description are strong enough together (thresholds in `TaggerConfig`, calibrated on the labelled
sample in ingest/themes_labels.jsonl; see docs/themes.md and benchmarks/themes_bench.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from caselearn.types import Chunk
from ingest.embed import Embedder

logger = logging.getLogger(__name__)

THEMES_PATH = Path(__file__).with_name("themes.yaml")
# Bump when the matching or scoring code changes what a chunk is tagged with: stored tags go stale.
TAGGER_VERSION = "1"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class TaxonomyError(ValueError):
    """The theme YAML is malformed; the message names the theme and the problem."""


class UnknownThemeError(ValueError):
    """A theme name matches no theme id or label; the message lists the valid ids."""


@dataclass(frozen=True)
class Theme:
    """One theme: a stable id, how people name it, what it is about and the words for it."""

    id: str
    label: str
    description: str
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    colloquial: tuple[str, ...] = ()

    @property
    def strong_terms(self) -> tuple[str, ...]:
        """Synonyms and colloquial terms: specific evidence for the theme."""
        return _unique((*self.synonyms, *self.colloquial))

    @property
    def terms(self) -> tuple[str, ...]:
        """Every vocabulary term (synonyms, related, colloquial), lower-cased, no repeats."""
        return _unique((*self.synonyms, *self.related, *self.colloquial))

    @property
    def embed_text(self) -> str:
        """What is embedded for the theme and compared with chunk embeddings."""
        return f"{self.label}. {self.description}"


def _unique(terms: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.lower() for t in terms))


def load_taxonomy(path: Path = THEMES_PATH) -> list[Theme]:
    """The themes in file order; raises TaxonomyError on a malformed file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    raw = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise TaxonomyError(f"{path}: expected a non-empty 'themes:' list")
    themes: list[Theme] = []
    seen: set[str] = set()
    for n, item in enumerate(raw, start=1):
        where = f"{path.name}: theme {n}"
        if not isinstance(item, dict):
            raise TaxonomyError(f"{where}: expected a mapping")
        tid = str(item.get("id") or "")
        if not _SLUG.match(tid):
            raise TaxonomyError(f"{where}: id {tid!r} must be a lower-case slug like 'safe-sleep'")
        if tid in seen:
            raise TaxonomyError(f"{where}: duplicate id {tid!r}")
        seen.add(tid)
        for key in ("label", "description"):
            if not str(item.get(key) or "").strip():
                raise TaxonomyError(f"{where} ({tid}): missing {key}")
        vocab = item.get("vocabulary") or {}
        if not isinstance(vocab, dict):
            raise TaxonomyError(f"{where} ({tid}): vocabulary must map synonyms/related/colloquial")
        themes.append(
            Theme(
                id=tid,
                label=" ".join(str(item["label"]).split()),
                description=" ".join(str(item["description"]).split()),
                synonyms=_terms(vocab.get("synonyms"), where),
                related=_terms(vocab.get("related"), where),
                colloquial=_terms(vocab.get("colloquial"), where),
            )
        )
    return themes


def _terms(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise TaxonomyError(f"{where}: vocabulary lists must be YAML lists")
    return tuple(" ".join(str(v).split()) for v in value if str(v).strip())


def taxonomy_fingerprint(themes: Sequence[Theme], config: TaggerConfig | None = None) -> str:
    """Changes whenever tags made from these themes (and thresholds) could differ."""
    payload: list = [[t.id, t.embed_text, list(t.strong_terms), list(t.related)] for t in themes]
    payload.append(list(vars(config or TaggerConfig()).values()))
    payload.append(TAGGER_VERSION)
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:16]


def resolve_theme(name: str, themes: Sequence[Theme]) -> Theme:
    """A theme by id or label, case-insensitive (spaces, hyphens and underscores alike)."""

    def norm(s: str) -> str:
        return re.sub(r"[\s_-]+", " ", s.strip().lower())

    wanted = norm(name)
    for theme in themes:
        if wanted in (norm(theme.id), norm(theme.label)):
            return theme
    valid = ", ".join(t.id for t in themes)
    raise UnknownThemeError(f"unknown theme {name!r}; valid themes: {valid}")


def _alternation(terms: Sequence[str]) -> str:
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        words = [w for w in re.split(r"[\s-]+", term.strip()) if w]
        if words:
            parts.append(r"[\s-]+".join(re.escape(w) for w in words) + r"(?:s|es)?")
    return "|".join(parts)


def term_pattern(strong: Sequence[str], related: Sequence[str] = ()) -> re.Pattern[str] | None:
    """Whole-word terms, hyphen and space alike, optional plural s/es; group s or r says which."""
    groups = []
    if strong:
        groups.append(f"(?P<s>{_alternation(strong)})")
    if related:
        groups.append(f"(?P<r>{_alternation(related)})")
    if not groups:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)", re.IGNORECASE)


def theme_pattern(theme: Theme) -> re.Pattern[str] | None:
    """The theme's vocabulary as one regex (group s: synonym/colloquial, r: related)."""
    return term_pattern(theme.strong_terms, theme.related)


def matched_terms(pattern: re.Pattern[str] | None, text: str) -> tuple[list[str], list[str]]:
    """Distinct (strong, related) terms a theme pattern finds in the text, lower-cased."""
    strong: dict[str, None] = {}
    related: dict[str, None] = {}
    for m in pattern.finditer(text) if pattern else ():
        term = re.sub(r"[\s-]+", " ", m.group(0).lower())
        (strong if m.lastgroup == "s" else related).setdefault(term)
    return list(strong), [t for t in related if t not in strong]


@dataclass
class TaggerConfig:
    """The tagging rule, calibrated on the dev split by benchmarks/themes_bench.py.

    evidence = distinct synonyms/colloquial terms + related_weight * distinct related terms
    score    = similarity(chunk, theme description) + term_bonus * min(evidence, max_evidence)
    A chunk gets the theme when score >= threshold; with no term at all, only when the
    similarity alone reaches min_similarity_alone. (With related_weight 0, as calibrated,
    related terms add nothing to the score but let similarity >= threshold suffice.)
    """

    threshold: float = 0.42
    term_bonus: float = 0.25
    related_weight: float = 0.0
    max_evidence: float = 2.0
    min_similarity_alone: float = 0.50

    def score(self, similarity: float, n_strong: int, n_related: int) -> float:
        evidence = n_strong + self.related_weight * n_related
        return similarity + self.term_bonus * min(evidence, self.max_evidence)

    def accepts(self, score: float, similarity: float, has_terms: bool) -> bool:
        return score >= self.threshold and (has_terms or similarity >= self.min_similarity_alone)


@dataclass
class ThemeScore:
    """One theme's evidence for one chunk."""

    theme: str
    score: float
    similarity: float
    strong: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        return self.strong + self.related


class ThemeTagger:
    """Tags chunks from their text and stored embeddings; embeds only the theme descriptions."""

    def __init__(
        self, themes: Sequence[Theme], embedder: Embedder, config: TaggerConfig | None = None
    ) -> None:
        self.themes = list(themes)
        self.config = config or TaggerConfig()
        self.fingerprint = taxonomy_fingerprint(self.themes, self.config)
        self.patterns = {t.id: theme_pattern(t) for t in self.themes}
        self.vectors = embedder.embed([t.embed_text for t in self.themes])

    def similarities(self, embeddings: Sequence[Sequence[float]]) -> list[list[float]]:
        """Cosine of each chunk embedding to each theme, as one matrix product."""
        import numpy as np

        def unit(rows: Sequence[Sequence[float]]) -> np.ndarray:
            m = np.asarray(rows, dtype=np.float64).reshape(len(rows), -1)
            return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)

        if not embeddings:
            return []
        return (unit(embeddings) @ unit(self.vectors).T).tolist()

    def scores(self, text: str, sims: Sequence[float]) -> list[ThemeScore]:
        """Every theme's evidence for one chunk (tagged or not), in taxonomy order.

        `sims` is the chunk's row of `similarities`.
        """
        out = []
        for theme, sim in zip(self.themes, sims, strict=True):
            strong, related = matched_terms(self.patterns[theme.id], text)
            score = self.config.score(sim, len(strong), len(related))
            out.append(ThemeScore(theme.id, round(score, 4), round(sim, 4), strong, related))
        return out

    def accepts(self, s: ThemeScore) -> bool:
        return self.config.accepts(s.score, s.similarity, bool(s.terms))

    def tag(
        self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]
    ) -> dict[str, list[tuple[str, float]]]:
        """chunk_id -> [(theme id, score)] for the themes each chunk is tagged with."""
        out: dict[str, list[tuple[str, float]]] = {}
        sims = self.similarities(embeddings)
        for chunk, row in zip(chunks, sims, strict=True):
            out[chunk.chunk_id] = [
                (s.theme, s.score) for s in self.scores(chunk.text, row) if self.accepts(s)
            ]
        return out
