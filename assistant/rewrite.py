"""Rule-based follow-up rewriting: "and what about the school?" becomes a standalone question."""

from __future__ import annotations

import re

_FOLLOW = re.compile(
    r"^\s*(?:and|but|also|so)?\s*(?:what|how)\s+about\s+(?P<topic>.+?)\??\s*$"
    r"|^\s*and\s+(?P<rest>.+?)\??\s*$",
    re.IGNORECASE,
)
_FRAME = re.compile(r"^(?P<frame>.*?\b(?:about|on|regarding|around|for))\s+.+$", re.IGNORECASE)
_PRONOUN = re.compile(
    r"\b(it|they|them|that review|this review|that|those|the same)\b", re.IGNORECASE
)
_NAMED = re.compile(r"\b(?:Baby|Child) [A-Z]{1,2}\b|\b[A-Z][a-z]+ review\b")


def rewrite_followup(question: str, history: list[str]) -> str:
    """Make `question` standalone using the previous standalone questions (latest last)."""
    if not history:
        return question
    prev = history[-1].strip().rstrip("?")
    m = _FOLLOW.match(question)
    if m and m.group("topic"):
        topic = m.group("topic").strip()
        frame = _FRAME.match(prev)
        if frame:
            return f"{frame.group('frame')} {topic}?"
        return f"{prev}: {topic}?"
    if m and m.group("rest"):
        return f"{prev}; {m.group('rest').strip()}?"
    words = question.split()
    if len(words) <= 8 and _PRONOUN.search(question) and not _NAMED.search(question):
        named = _NAMED.findall(prev)
        context = ", ".join(dict.fromkeys(named)) if named else prev
        return f"{question.rstrip('?')} ({context})?"
    return question
