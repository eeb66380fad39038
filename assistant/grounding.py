"""The grounding guard for generated answers: keep only sentences their cited passages support.

Support is the eval suite's test (evals/metrics/support.py): lexical containment of the sentence's
content words in the cited text, or embedding cosine with one of the cited sentences. Each kept
sentence gets citations whose quote is the verbatim best-matching sentence of the cited chunk.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from caselearn.types import Citation, Passage
from evals.metrics.support import SupportConfig, cosine
from evals.metrics.support import split_sentences as split_answer_sentences
from evals.metrics.text import containment, content_tokens, marker_numbers, strip_markers
from ingest.embed import Embedder
from ingest.sentences import split_sentences

logger = logging.getLogger(__name__)


@dataclass
class Quote:
    """Best-matching sentence span (relative to chunk.text) of one cited passage."""

    start: int
    end: int
    lexical: float
    cosine: float | None

    @property
    def score(self) -> float:
        return max(self.lexical, self.cosine or 0.0)


@dataclass
class Claim:
    """One generated sentence and how it fared."""

    raw: str
    text: str
    cited: list[int]
    supported: bool = False
    reason: str = ""
    lexical: float | None = None
    cosine: float | None = None
    quotes: dict[int, Quote] = field(default_factory=dict)
    kept_markers: list[int] = field(default_factory=list)


@dataclass
class GuardResult:
    """Kept sentences (markers renumbered to `citations`), and what was dropped and why."""

    sentences: list[str]
    citations: list[Citation]
    claims: list[Claim]

    @property
    def n_total(self) -> int:
        return len(self.claims)

    @property
    def n_kept(self) -> int:
        return sum(c.supported for c in self.claims)

    @property
    def n_dropped(self) -> int:
        return self.n_total - self.n_kept

    @property
    def fraction(self) -> float:
        return self.n_kept / self.n_total if self.n_total else 0.0

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def check_grounding(
    text: str,
    passages: list[Passage],
    embedder: Embedder | None = None,
    config: SupportConfig | None = None,
) -> GuardResult:
    """Check every sentence of `text` against the passages its [n] markers cite (1-based)."""
    cfg = config or SupportConfig()
    claims: list[Claim] = []
    for raw in split_answer_sentences(text):
        body = strip_markers(raw)
        if not content_tokens(body):
            continue  # stray markers or punctuation: nothing to check, nothing to show
        claim = Claim(raw=raw, text=body, cited=marker_numbers(raw))
        claims.append(claim)
        bad = [n for n in claim.cited if not 1 <= n <= len(passages)]
        if not claim.cited:
            claim.reason = "no citation marker"
        elif bad:
            claim.reason = f"cites {bad}, only {len(passages)} passages"
    pending = [c for c in claims if c.cited and not c.reason]
    spans = {n: split_sentences(passages[n - 1].chunk.text) for c in pending for n in c.cited}
    vectors = _embed(pending, spans, passages, embedder)
    for claim in pending:
        _score(claim, passages, spans, vectors, cfg)
    return GuardResult(*_renumber(claims, passages), claims=claims)


def _embed(
    claims: list[Claim],
    spans: dict[int, list[tuple[int, int]]],
    passages: list[Passage],
    embedder: Embedder | None,
) -> dict[str, list[float]]:
    """One batched embedding call for the claims and every sentence of the cited chunks."""
    if embedder is None or not claims:
        return {}
    texts = [c.text for c in claims]
    for n, sentence_spans in spans.items():
        chunk_text = passages[n - 1].chunk.text
        texts.extend(chunk_text[s:e] for s, e in sentence_spans)
    unique = list(dict.fromkeys(texts))
    return dict(zip(unique, embedder.embed(unique), strict=True))


def _score(
    claim: Claim,
    passages: list[Passage],
    spans: dict[int, list[tuple[int, int]]],
    vectors: dict[str, list[float]],
    cfg: SupportConfig,
) -> None:
    """Mark the claim supported or not and pick the best quote in each cited chunk."""
    cited_text = " ".join(passages[n - 1].chunk.text for n in claim.cited)
    claim.lexical = containment(claim.text, cited_text) or 0.0
    claim_vec = vectors.get(claim.text)
    for n in claim.cited:
        chunk_text = passages[n - 1].chunk.text
        best: Quote | None = None
        for s, e in spans[n] or [(0, len(chunk_text))]:
            sentence = chunk_text[s:e]
            cos = (
                cosine(claim_vec, vectors[sentence]) if claim_vec and sentence in vectors else None
            )
            quote = Quote(s, e, containment(claim.text, sentence) or 0.0, cos)
            if best is None or quote.score > best.score:
                best = quote
        if best is not None:
            claim.quotes[n] = best
    cosines = [q.cosine for q in claim.quotes.values() if q.cosine is not None]
    claim.cosine = max(cosines) if cosines else None
    lex_ok = claim.lexical >= cfg.lexical_threshold
    cos_ok = claim.cosine is not None and claim.cosine >= cfg.cosine_threshold
    claim.supported = lex_ok or cos_ok
    if not claim.supported:
        cos = "n/a" if claim.cosine is None else f"{claim.cosine:.2f}"
        claim.reason = f"lexical {claim.lexical:.2f}, cosine {cos} below thresholds"
        return
    # Keep the markers whose own best quote passes; if support came only from the union, keep all.
    own = [
        n
        for n, q in claim.quotes.items()
        if q.lexical >= cfg.lexical_threshold
        or (q.cosine is not None and q.cosine >= cfg.cosine_threshold)
    ]
    claim.kept_markers = own or list(claim.quotes)


def _renumber(claims: list[Claim], passages: list[Passage]) -> tuple[list[str], list[Citation]]:
    """Citations 1..k in order of first use, one per distinct quote; markers rewritten."""
    by_key: dict[tuple[int, int, int], Citation] = {}
    sentences: list[str] = []
    for claim in claims:
        if not claim.supported:
            logger.debug("dropped generated sentence (%s): %s", claim.reason, claim.text)
            continue
        numbers: list[int] = []
        for n in claim.kept_markers:
            quote = claim.quotes[n]
            key = (n, quote.start, quote.end)
            if key not in by_key:
                chunk = passages[n - 1].chunk
                by_key[key] = Citation(
                    n=len(by_key) + 1,
                    source=chunk.source,
                    title=chunk.title,
                    kind=chunk.kind,
                    page=chunk.page,
                    section=chunk.section,
                    quote=chunk.text[quote.start : quote.end],
                    start=chunk.start + quote.start,
                    end=chunk.start + quote.end,
                    score=round(quote.score, 3),
                )
            if by_key[key].n not in numbers:
                numbers.append(by_key[key].n)
        sentences.append(with_markers(claim.text, numbers))
    return sentences, list(by_key.values())


def with_markers(text: str, numbers: list[int]) -> str:
    """Put [n] markers before a sentence's closing full stop (or at its end)."""
    markers = "".join(f"[{n}]" for n in numbers)
    if text and text[-1] in ".!?":
        return f"{text[:-1].rstrip()} {markers}{text[-1]}"
    return f"{text} {markers}"
