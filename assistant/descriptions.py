"""How a question describes a document ("the Essex-led user research into what social workers
record in case management systems"): the words that pick it out, and what it is said to be about."""

from __future__ import annotations

import re

from assistant.query import content_words

_NOUNS = r"research|study|report|survey|project|evaluation"
DESCRIPTION = re.compile(
    rf"\b(?:the|that|this)\s+((?:[\w'-]+\s+){{0,4}}?(?:{_NOUNS})\b"
    r"(?:\s+(?:on|into|about|of|for|from)\s+(?:[\w'-]+\s*){1,8})?)",
    re.IGNORECASE,
)
# "the review into baby Liam's death": what a document is about, also for a review; not who it
# is for ("the Child H review for health visitors" asks about health visitors).
_ABOUT_DESCRIPTION = re.compile(
    rf"\b(?:the|that|this)\s+((?:[\w'-]+\s+){{0,4}}?(?:{_NOUNS}|review|scr|briefing|bulletin)\b"
    r"\s+(?:on|into|about|of|from)\s+(?:[\w'-]+\s*){1,8})",
    re.IGNORECASE,
)
# "the Essex-led user research into what social workers record in case management systems":
# the description ends where the question goes on to ask something of the document.
_ASKING = re.compile(
    r"\b(?:find|finds|found|say|says|said|recommend\w*|conclude\w*|show\w*|suggest\w*|tell"
    r"|tells|identif\w*|make|makes|made|set|sets|describe\w*|highlight\w*|advise\w*|mention\w*"
    r"|cover\w*|include\w*|address\w*|discuss\w*|offer\w*)\b",
    re.IGNORECASE,
)


_FIRST_PREPOSITION = re.compile(r"\b(?:on|into|about|of|for|from)\s", re.IGNORECASE)
_NEXT_PREPOSITION = re.compile(r"\s(?:about|for|regarding|concerning|on)\s", re.IGNORECASE)


def _parts(description: str) -> tuple[str, re.Match[str] | None, str]:
    """A description up to where the question asks something of the document, its first
    preposition and what follows that up to a second one ("the Child H report for schools about
    attendance": "schools"; after a second preposition comes the topic again)."""
    described = _ASKING.split(description)[0]
    first = _FIRST_PREPOSITION.search(described)
    about = _NEXT_PREPOSITION.split(described[first.end() :])[0] if first else ""
    return described, first, about


def _described_topics(question: str) -> list[tuple[str, str]]:
    """(span from the preposition, what it says) of each description of a document ("the review
    into baby Liam's death" → ("into baby Liam's death", "baby Liam's death"))."""
    out = []
    for m in _ABOUT_DESCRIPTION.finditer(question):
        described, first, about = _parts(m.group(1))
        if first:
            out.append((described[first.start() : first.end() + len(about)], about))
    return out


def described_topic_words(question: str) -> set[str]:
    """Content words of what a description says the document is about: they pick it out when
    the question asks something else."""
    return {w for _, about in _described_topics(question) for w in content_words(about)}


def description_words(question: str) -> set[str]:
    """Content words of the question's descriptions of a document ("the DfE research into
    social worker recording"), which say which document is meant, not what is asked of it."""
    words: set[str] = set()
    for m in DESCRIPTION.finditer(question):
        described, first, about = _parts(m.group(1))
        words.update(content_words(described[: first.end()] + about if first else described))
    return words


def without_descriptions(text: str) -> str:
    """The text without what its descriptions of a document say it is about ("…research on
    social worker recording, what did…"), unless nothing else would be left to ask."""
    out = text
    for span, about in _described_topics(text):
        cut = out.replace(span, " ", 1)
        if set(content_words(cut)) - set(content_words(about)):
            out = cut
    return out
