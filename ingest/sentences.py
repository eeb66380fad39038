"""Sentence spans over cleaned text, shared by the chunker (size fallback) and the extractive answerer."""

from __future__ import annotations

import re

_ABBREV = {
    "e.g",
    "i.e",
    "etc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "no",
    "para",
    "paras",
    "vs",
    "cf",
    "st",
    "fig",
}
# A sentence end, a line break, or a footnote number glued to a full stop ("lead.31 It is"): the
# number is left between the two sentences so neither quote carries it.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|(?<=[a-z][.!?])\d{1,3}\s+(?=[A-Z])|\n+"
)


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) spans of sentences and lines, relative to `offset`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0).startswith("\n") or not _is_abbreviation(text, m.start()):
            _add(spans, text, start, m.start(), offset)
            start = m.end()
    _add(spans, text, start, len(text), offset)
    return spans


_NUMBERING = re.compile(
    r"(?:^|\n)[ \t]*(?:[-•][ \t]+)?\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})\.$"
)


def _is_abbreviation(text: str, end: int) -> bool:
    """A full stop that ends an abbreviation or a list number ("1.2.", "a."), not a sentence."""
    if _NUMBERING.search(text[max(0, end - 16) : end]):
        return True
    word = re.search(r"(\S+)\.$", text[max(0, end - 12) : end].rstrip("\"')]"))
    return bool(word) and word.group(1).lower().lstrip("(") in _ABBREV


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append((offset + start + lead, offset + start + lead + len(stripped)))
