"""Citation precision (cited source is expected) and validity (quote and page check out)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from caselearn.types import Citation

logger = logging.getLogger(__name__)


class SourceLookup(Protocol):
    """Read access to the cleaned corpus text that citations point into."""

    def document_text(self, source: str) -> str | None: ...

    def page_at(self, source: str, offset: int) -> int | None: ...


@dataclass(frozen=True)
class CitationCheck:
    """Outcome of checking one citation against the corpus; reason is empty when valid."""

    n: int
    source: str
    valid: bool
    reason: str = ""


def _clean(source: str) -> str:
    """Corpus-relative posix form used for comparing sources."""
    out = source.strip().replace("\\", "/")
    while out.startswith("./"):
        out = out[2:]
    return out


def citation_precision(citations: Sequence[Citation], expected: Iterable[str]) -> float | None:
    """Share of citations whose source is expected; None without citations or expectations."""
    want = {_clean(s) for s in expected}
    if not citations or not want:
        return None
    return sum(_clean(c.source) in want for c in citations) / len(citations)


def _snippet(text: str, limit: int = 60) -> str:
    """Short repr of text for reasons."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def check_citation(citation: Citation, lookup: SourceLookup) -> CitationCheck:
    """Valid iff quote == document_text[start:end] exactly and page == page_at(start).

    A source the lookup does not know is invalid (the citation points at nothing).
    """
    c = citation

    def bad(reason: str) -> CitationCheck:
        return CitationCheck(c.n, c.source, False, reason)

    text = lookup.document_text(c.source)
    if text is None:
        return bad(f"unknown source {c.source}")
    if not (0 <= c.start < c.end <= len(text)):
        return bad(f"offsets {c.start}:{c.end} outside document of length {len(text)}")
    actual = text[c.start : c.end]
    if actual != c.quote:
        return bad(f"quote {_snippet(c.quote)} != text[{c.start}:{c.end}] {_snippet(actual)}")
    page = lookup.page_at(c.source, c.start)
    if page != c.page:
        return bad(f"page {c.page} but offset {c.start} is on page {page}")
    return CitationCheck(c.n, c.source, True)


def check_citations(citations: Sequence[Citation], lookup: SourceLookup) -> list[CitationCheck]:
    """Check every citation, logging the invalid ones at debug level."""
    checks = [check_citation(c, lookup) for c in citations]
    for chk in checks:
        if not chk.valid:
            logger.debug("invalid citation [%d] %s: %s", chk.n, chk.source, chk.reason)
    return checks


def citation_validity(checks: Sequence[CitationCheck]) -> float | None:
    """Share of valid citations; None when there are no citations."""
    if not checks:
        return None
    return sum(c.valid for c in checks) / len(checks)
