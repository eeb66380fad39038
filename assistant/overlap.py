"""Whether two quotes say the same thing: they share text, or one repeats the other."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from assistant.candidates import LEADING_LABEL, Candidate

_WORDS = re.compile(r"[a-z0-9]+")
# Share of the shorter quote's words the longer holds for the two to count as one.
_NEAR_COPY = 0.9


def overlaps(a: Candidate, b: Candidate) -> bool:
    """Whether two quotes share text (a list lead-in quoted with its items, and an item alone),
    or one says nothing the other does not (a sentence a document repeats, as PDFs repeat a
    summary; "Enabler: The workforce is equipped" after the list of enablers)."""
    if a.start < b.end and b.start < a.end:
        return True
    wa, wb = _plain_words(a.text), _plain_words(b.text)
    if not (wa and wb):
        return False
    if f" {wa} " in f" {wb} " or f" {wb} " in f" {wa} ":
        return True
    # A paragraph a document repeats with a clause more or less says the same thing twice, in
    # the same order: "Teachers must personally report to the police…" shares 19 of its 21 words
    # with the footnote saying when they need not, but not in its order.
    la, lb = wa.split(), wb.split()
    sa, sb = set(la), set(lb)
    small = min(sa, sb, key=len)
    if len(small) < 12 or len(sa & sb) < _NEAR_COPY * len(small):
        return False
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    in_order = sum(block.size for block in matcher.get_matching_blocks())
    return in_order >= _NEAR_COPY * min(len(la), len(lb))


def _plain_words(text: str) -> str:
    """Lower-cased words of a quote without a short leading label ("Enabler:", "Key message 2:")."""
    return " ".join(_WORDS.findall(LEADING_LABEL.sub("", text).lower()))
