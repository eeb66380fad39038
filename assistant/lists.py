"""A list whose items are too long to quote whole ("- Children of Service Personnel – Families of
members of the Armed Forces are likely to move frequently… [80 more words]"): a question asking
for the list ("Which groups of children…?") is answered by the first sentence of every item."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.candidates import Candidate
from caselearn.types import Document
from ingest.sentences import split_sentences

_ITEM = "- "
_LABEL = re.compile(r"[^.:–]{3,80}? [–—-] [A-Za-z]")
_FOOTNOTE = re.compile(r"\d{1,3} [A-Z'‘]")
# Items are read only from a run of at least this many; at most this many are quoted.
_MIN_ITEMS = 3
_MAX_ITEMS = 8
# Items this long on average, or longer, are too long to quote whole.
_LONG_ITEM_WORDS = 25


def _line(text: str, pos: int) -> tuple[int, int]:
    """The (start, end) of the line holding `pos`."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def _items_from(text: str, first: int) -> list[tuple[int, int]]:
    """The item lines of the list whose first item line starts at `first`; footnotes a page
    break set between two items ("29 Wilkins, A et al (2010)…") do not end it."""
    items = []
    pos = first
    while pos < len(text):
        if text.startswith(_ITEM, pos):
            s, e = _line(text, pos)
            items.append((s, e))
            pos = e + 1
        elif text.startswith("\n", pos):
            pos += 1
        elif items and _FOOTNOTE.match(text, pos):
            pos = _line(text, pos)[1] + 1
        else:
            break
    return items


def _first_item(text: str, item: int) -> int:
    """Where the list holding the item line at `item` starts: back over blank lines and page
    footnotes, as `_items_from` reads forward, so a page break does not cut the list."""
    first = pos = item
    while pos > 0:
        s, e = _line(text, pos - 1)
        line = text[s:e]
        if line.startswith(_ITEM):
            first = s
        elif line.strip() and not _FOOTNOTE.match(line):
            break
        pos = s
    return first


def list_at(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The item lines of the list that the quote at (start, end) introduces at the end of its
    paragraph ("…the list below presents some of them:"), or of the labelled list it is an item
    of; [] otherwise."""
    s, _ = _line(text, start)
    labelled = text.startswith(_ITEM, s)
    if labelled:
        first = _first_item(text, s)
    else:
        # The quote may carry the list's first items with it (candidates.py): the lead-in is
        # its first line.
        line_end = text.find("\n", end if "\n" not in text[start:end] else start)
        line_end = len(text) if line_end == -1 else line_end
        if not text[start:line_end].rstrip().endswith(":"):
            return []
        first = line_end + 1
    items = _items_from(text, first)
    if len(items) < _MIN_ITEMS:
        return []
    # An item alone speaks for its list only when every item is labelled ("Children of Service
    # Personnel – …"): then the list is of kinds, and the question asked for them.
    if labelled and sum(bool(_LABEL.match(text, s + len(_ITEM))) for s, _ in items) < len(items):
        return []
    return items


def list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """First-sentence spans of the items of the list at the quote (`list_at`) when they are
    long; [] otherwise, or for a list of short items."""
    return _first_sentences(text, list_at(text, start, end))


def _first_sentences(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """First-sentence spans of these item lines when they are long; [] for short items."""
    # Short items are quoted whole with their lead-in already (candidates.py).
    words = sum(len(text[s:e].split()) for s, e in items)
    if not items or words < _LONG_ITEM_WORDS * len(items):
        return []
    out = []
    for s, e in items[:_MAX_ITEMS]:
        spans = split_sentences(text[s + len(_ITEM) : e], s + len(_ITEM))
        if spans and text[spans[0][0]].isupper():
            out.append(spans[0])
    return out


# A list question looks this far down the ranked sentences for one in or before a long list.
_LIST_LOOK = 6


def long_list(
    cands: list[Candidate], document: Callable[[str], Document | None], max_words: int
) -> list[Candidate]:
    """For a list question: when one of the best sentences belongs to, or introduces, a list
    of long items, that sentence and each item's first sentence, up to `max_words`; else []."""
    for cand in sorted(cands, key=lambda c: -c.score)[:_LIST_LOOK]:
        doc = document(cand.passage.chunk.source)
        lines = list_at(doc.text, cand.start, cand.end) if doc else []
        if doc is None or not lines:
            continue
        items = _first_sentences(doc.text, lines)
        if not items:
            return []  # the best list has short items, quoted whole with their lead-in
        lead = [] if any(s <= cand.start < e for s, e in items) else [cand]
        quotes = lead + [Candidate(cand.passage, s, e, doc.text[s:e], cand.score) for s, e in items]
        out, words = [], 0
        for q in quotes:
            n = len(q.text.split())
            if words and words + n > max_words:
                break
            out.append(q)
            words += n
        return out
    return []
