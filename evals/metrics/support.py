"""Answer support: is each cited sentence backed by the quotes it cites (lexical or embedding)?"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from caselearn.types import Answer, Citation
from evals.metrics.text import MARKER, containment, content_tokens, marker_numbers, strip_markers
from ingest.embed import Embedder

logger = logging.getLogger(__name__)

_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\[])")
_BULLET = re.compile(r"^\s*(?:[-*\u2022>]+|\d+[.)]|#+)\s+")
_LEADING_MARKERS = re.compile(r"^(?:\s*" + MARKER.pattern + r")+")


@dataclass(frozen=True)
class SupportConfig:
    """Thresholds: supported if lexical containment >= lexical or cosine >= cosine."""

    lexical_threshold: float = 0.6
    cosine_threshold: float = 0.7
    # Unmarked sentences with fewer content words than this (or ending in ':') are leads.
    min_claim_words: int = 4


@dataclass
class SentenceSupport:
    """How one answer sentence fared against its cited quotes."""

    text: str
    cited: list[int]
    status: str  # "supported" | "unsupported" | "skipped"
    lexical: float | None = None
    cosine: float | None = None
    reason: str = ""


@dataclass
class SupportResult:
    """Fraction of scored sentences that are supported; None when nothing could be scored."""

    score: float | None
    sentences: list[SentenceSupport] = field(default_factory=list)

    @property
    def n_scored(self) -> int:
        return sum(s.status != "skipped" for s in self.sentences)

    @property
    def unsupported(self) -> list[SentenceSupport]:
        return [s for s in self.sentences if s.status == "unsupported"]


def split_sentences(text: str) -> list[str]:
    """Split answer text into sentences, keeping trailing [n] markers with their sentence.

    Lines that start with a marker are treated as a reference list and dropped.
    """
    out: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line.replace("**", "")).strip()
        if not line or _LEADING_MARKERS.match(line):
            continue
        parts = [p.strip() for p in _split_line(line)]
        for part in parts:
            lead = _LEADING_MARKERS.match(part)
            if lead and out:
                out[-1] = f"{out[-1]} {lead.group().strip()}"
                part = part[lead.end() :].strip()
            if part:
                out.append(part)
    return out


def _split_line(line: str) -> list[str]:
    """Split one line at sentence boundaries."""
    parts, start = [], 0
    for m in _BOUNDARY.finditer(line):
        parts.append(line[start : m.end()])
        start = m.end()
    parts.append(line[start:])
    return parts


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity of two vectors (0.0 if either is all zeros)."""
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def _is_lead(sentence: str, cfg: SupportConfig) -> bool:
    """Uncited connective or lead-in line that makes no checkable claim."""
    return sentence.rstrip().endswith(":") or len(content_tokens(sentence)) < cfg.min_claim_words


def answer_support(
    answer: Answer, embedder: Embedder | None = None, config: SupportConfig | None = None
) -> SupportResult:
    """Score each sentence against the quotes it cites; None for abstentions or no claims.

    Uncited sentences that look like claims count as unsupported; without an embedder only
    the lexical test applies.
    """
    cfg = config or SupportConfig()
    if answer.abstained or not answer.answer.strip():
        return SupportResult(None)
    by_n: dict[int, Citation] = {c.n: c for c in answer.citations}
    rows: list[SentenceSupport] = []
    pending: list[tuple[SentenceSupport, list[str]]] = []
    for raw in split_sentences(answer.answer):
        nums = marker_numbers(raw)
        text = strip_markers(raw)
        row = SentenceSupport(text=text, cited=nums, status="unsupported")
        rows.append(row)
        if not nums:
            if _is_lead(text, cfg):
                row.status, row.reason = "skipped", "uncited lead or connective"
            else:
                row.reason = "claim without a citation"
            continue
        quotes = [by_n[n].quote for n in nums if n in by_n]
        if not quotes:
            row.reason = f"cites {nums} but no such citation"
            continue
        row.lexical = containment(text, " ".join(quotes))
        if row.lexical is None:
            row.status, row.reason = "skipped", "no content words"
            continue
        pending.append((row, quotes))
    _add_cosines(pending, embedder)
    for row, _ in pending:
        lex_ok = row.lexical is not None and row.lexical >= cfg.lexical_threshold
        cos_ok = row.cosine is not None and row.cosine >= cfg.cosine_threshold
        row.status = "supported" if lex_ok or cos_ok else "unsupported"
        if not (lex_ok or cos_ok):
            cos = "n/a" if row.cosine is None else f"{row.cosine:.2f}"
            row.reason = f"lexical {row.lexical:.2f}, cosine {cos} below thresholds"
    scored = [r for r in rows if r.status != "skipped"]
    if not scored:
        return SupportResult(None, rows)
    return SupportResult(sum(r.status == "supported" for r in scored) / len(scored), rows)


def _add_cosines(
    pending: list[tuple[SentenceSupport, list[str]]], embedder: Embedder | None
) -> None:
    """Set row.cosine to the best cosine between the sentence and any of its quotes."""
    if embedder is None or not pending:
        return
    texts = list(dict.fromkeys([r.text for r, _ in pending] + [q for _, qs in pending for q in qs]))
    vecs = dict(zip(texts, embedder.embed(texts), strict=True))
    for row, quotes in pending:
        row.cosine = max(cosine(vecs[row.text], vecs[q]) for q in quotes)
