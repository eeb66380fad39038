"""Names a question uses that the library lacks: a review it does not hold ("Child Q"), a document
named by its title ("the Mental Capacity Act"), a capitalised name it never writes ("Clare's Law")."""

from __future__ import annotations

import re

from assistant.naming import DocAliases, name_words
from assistant.query import REVIEW_INTENT, STOPWORDS

_UNKNOWN_SUBJECT = re.compile(r"\b(?:Baby|Child) [A-Z]{1,2}\b")
_UNKNOWN_NAMED_REVIEW = re.compile(
    r"\b((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)(?:'s)?\s+(?:\([^)]*\)\s+)?"
    r"(?:serious case review|case review|safeguarding practice review|review|SCR|inquiry)\b"
)
_NOT_NAMES = {
    "the",
    "a",
    "which",
    "what",
    "this",
    "that",
    "serious",
    "case",
    "learning",
    "national",
    "local",
    "child",
    "baby",
    "practice",
    "safeguarding",
    "any",
    "each",
    "every",
    "other",
}


def unknown_review(question: str, aliases: list[DocAliases]) -> str | None:
    """A review the question names (Child Q, the Daniel Pelka review) that the library lacks."""
    known = {a for d in aliases for a in d.aliases}
    for m in _UNKNOWN_SUBJECT.finditer(question):
        if m.group(0).lower() not in known:
            return m.group(0)
    for m in _UNKNOWN_NAMED_REVIEW.finditer(question):
        words = [w for w in m.group(1).split() if w.lower() not in _NOT_NAMES]
        if words and not any(w.lower() in known for w in words):
            return " ".join(words)
    return None


# "the Training, Support and Development Standards", "the Mental Capacity Act": a document
# named by its capitalised title and what kind of document it is. Not "Guidance": "Safer Sleep
# Guidance" is as often a topic, and a question about guidance the library lacks is answered
# from the reviews with a note.
_NAMED_DOCUMENT = re.compile(
    r"\b((?:[A-Z][a-z]+,?\s(?:(?:and|of|for|to|the|in|on)\s)?){1,6}"
    r"(?:Standards|Regulations|Act|Protocol|Handbook|Toolkit))\b"
)


def named_document(question: str) -> str | None:
    """A document the question names by its capitalised title ("…Development Standards")."""
    m = _NAMED_DOCUMENT.search(question)
    if not m:
        return None
    words = m.group(1).split()
    while words and words[0].lower() in _NOT_NAMES | STOPWORDS:
        words = words[1:]  # "What", "The"
    return " ".join(words) if len(words) >= 2 else None


# Two or more capitalised words, perhaps joined by "of", "and"…: "Clare's Law", "Child Death
# Overview Panel", "Family Drug and Alcohol Courts".
_JOINERS = ("of", "and", "for", "the", "in", "to", "on")
_CAPITALISED = re.compile(
    rf"\b((?:[A-Z][\w'’-]*\s+(?:(?:{'|'.join(_JOINERS)})\s+)?)+[A-Z][\w'’-]*)"
)
_SENTENCE_START = re.compile(r"(?:^|[.?!:;]\s+|\s[-–—]\s+)$")


def capitalised_names(question: str, aliases: list[DocAliases]) -> list[str]:
    """Names of two or more capitalised words in the question, less the library's own document
    names, review words ("SCR") and a capitalised word that only opens a sentence. With no
    `aliases`, the document names stay ("Missing Chapters" holds CME's "Missing")."""
    known = {w for d in aliases for a in d.aliases for w in name_words(a)}
    known -= _NOT_NAMES | STOPWORDS  # "child" of "Child H" still opens "Child Death Overview…"

    def ours(word: str) -> bool:
        """A document's own name ("Derbyshire", "Liam's", "Essex-led") or a review word."""
        plain = word.lower().replace("’", "'").removesuffix("'s").split("-")[0]
        return plain in known or bool(REVIEW_INTENT.fullmatch(plain))

    n_words = len(question.split())
    names = []
    for m in _CAPITALISED.finditer(question):
        words = m.group(1).split()
        if _SENTENCE_START.search(question[: m.start()]):
            words = words[1:]  # "Summarise the Liam review", "Does the…"
        kept = words
        while kept and (kept[0].lower() in STOPWORDS or ours(kept[0])):  # joiners too
            kept = kept[1:]
        while kept and (kept[-1].lower() in _JOINERS or ours(kept[-1])):
            kept = kept[:-1]
        if kept:
            kept[-1] = re.sub(r"['’]s$", "", kept[-1])  # "the GP Surgery's role"
        capitals = sum(w[0].isupper() for w in kept)
        # A question typed in title case is no name.
        if capitals >= 2 and len(kept) <= 0.6 * n_words:
            names.append(" ".join(kept))
    return names
