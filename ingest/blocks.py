"""Structural blocks (heading, paragraph, list item) and their assembly into one cleaned text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from caselearn.dates import MONTHS
from caselearn.types import PageSpan


@dataclass
class Block:
    """One structural unit of a cleaned document; offsets are filled in by `assemble`."""

    kind: str  # "heading" | "para" | "item"
    text: str
    page: int | None = None
    numbered: bool = False
    # (offset within text, page) where a block continues onto a later PDF page.
    page_breaks: list[tuple[int, int]] | None = None
    start: int = 0
    end: int = 0


_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u00ad": "",
    "\u200b": "",
    "\ufeff": "",
}
# Word's Symbol and Wingdings bullets come out of pypdf as private-use characters ("\uf0b7"),
# which would otherwise be dropped with the other unprintables, and the list with them.
_SYMBOL_BULLETS = {
    chr(c): "•" for c in (0xF0B7, 0xF0A7, 0xF0A8, 0xF0D8, 0xF076, 0xF0FC, 0xF06E, 0xF0D7, 0xF0E0)
}
_CHAR_MAP = str.maketrans({**_LIGATURES, **_QUOTES, **_SYMBOL_BULLETS})
_SPACES = re.compile(r"[ \t\f\v]+")


def normalise_chars(text: str) -> str:
    """Ligatures to letters, curly quotes to straight, odd spaces to plain ones."""
    text = unicodedata.normalize("NFC", text).translate(_CHAR_MAP)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def tidy(text: str) -> str:
    """Collapse runs of spaces and trim."""
    return _SPACES.sub(" ", text).strip()


NUMBERED = re.compile(
    r"^(\(?\d{1,2}(\.\d{1,2})*[.)]|\d{1,2}(\.\d{1,2})+|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]"
    r"|Recommendation \d+)(\s|$)"
)
BULLET = re.compile(r"^[•●▪◦○■◆❖➢➤►▶✓✔\-–*·]\s*")

_TERMINAL = (".", "!", "?", ":", ";", ",", '"', "'")
# What a finished sentence, clause or quotation ends on.
CLOSING = (".", "!", "?", ":", ";", '"', "'", "”", "’", ")")


def looks_like_heading(text: str, max_words: int = 14) -> bool:
    """Short, not sentence-like, starts with a capital or a section number."""
    words = text.split()
    if not words or len(words) > max_words or len(text) > 120:
        return False
    if text.endswith((".", ";", ",")) or text[0].islower():
        return False
    return any(ch.isalpha() for ch in text) and not _not_a_title(words)


_DATE = re.compile(rf"^\d{{1,2}} (?:{'|'.join(MONTHS)}) \d{{4}}$", re.IGNORECASE)
_NUMERIC = re.compile(r"^[(£]?\d[\d,.–-]*%?\)?$")
_LINK = re.compile(r"https?:|www\.|\.pdf\b|%20|\w/\w+/", re.IGNORECASE)


def _not_a_title(words: list[str]) -> bool:
    """A date ("30 November 2023"), a link's tail or a table row: short, but no section title."""
    text = " ".join(words)
    return bool(_DATE.match(text) or _LINK.search(text)) or is_number_run(words, at_least=2)


def is_number_run(words: list[str], at_least: int) -> bool:
    """A table row or chart axis: at least this many numbers, and 30% of the words or more."""
    numbers = sum(1 for w in words if _NUMERIC.match(w))
    return numbers >= at_least and numbers >= 0.3 * len(words)


def assemble(blocks: list[Block]) -> tuple[str, list[PageSpan]]:
    """Join blocks into the cleaned text, set each block's offsets and derive page spans."""
    parts: list[str] = []
    pos = 0
    prev: Block | None = None
    for block in blocks:
        if prev is not None:
            sep = "\n" if (block.kind == "item" and prev.kind == "item") else "\n\n"
            parts.append(sep)
            pos += len(sep)
        block.start = pos
        parts.append(block.text)
        pos += len(block.text)
        block.end = pos
        prev = block
    text = "".join(parts)
    marks: list[tuple[int, int]] = []
    for block in blocks:
        if block.page is None:
            continue
        marks.append((block.start, block.page))
        marks.extend((block.start + off, page) for off, page in block.page_breaks or [])
    spans: list[PageSpan] = []
    for offset, page in marks:
        if spans and spans[-1].page == page:
            continue
        if spans:
            spans[-1] = PageSpan(spans[-1].page, spans[-1].start, offset)
        spans.append(PageSpan(page, offset, len(text)))
    return text, spans


def is_terminal(text: str) -> bool:
    """Does the text end a sentence or clause (so a following line starts a new block)?"""
    return text.rstrip().endswith(_TERMINAL)
