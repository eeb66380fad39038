"""Question stems that test a learning point's lesson: its situation, its topic, or its review.

"Where a child is subject to a child protection plan and there are concerns regarding co-sleeping
it would be helpful that the advice is tailored ..." becomes "According to the Liam review, what
should happen where a child is subject to a child protection plan and there are concerns
regarding co-sleeping?" with the action as the key. Without such a condition the stem names the
point's topic heading or its theme term; failing both, it asks which option the review said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.quiz.points import LearningPoint

_CONDITION = re.compile(r"^(in cases where|where|when|whenever|if)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(must|should|it would be helpful|it is important|needs? to)\b", re.I)
_SUBJECT_PRONOUN = {"these", "they", "it", "this"}
_DETERMINER = {"a", "an", "the", "all", "any"}
_VERB = {"recommendation": "recommend", "finding": "find", "background": "report"}


@dataclass(frozen=True)
class Framing:
    """How one point is asked about: the stem and which part of the point is the key."""

    stem: str
    key_start: int  # absolute document offsets of the key (the action, or the whole point)
    key_end: int
    condition: str | None = None
    topic: str | None = None  # the topic or theme term the stem names
    generic: bool = False  # "Which of these did ... recommend?"


def option_text(text: str) -> str:
    """A span as an option: one line, first letter capitalised, no closing full stop."""
    one = " ".join(text.split()).rstrip(" .;:,")
    return one[:1].upper() + one[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or text[:1] == "A" else text


def split_condition(point: LearningPoint) -> tuple[str, int] | None:
    """(condition, absolute start of the action) for 'Where/When/If X, Y must Z', else None."""
    text = point.text
    if not _CONDITION.match(text):
        return None
    modal = _MODAL.search(text)
    if not modal:
        return None
    head = text[: modal.start()]
    if modal.group(1).lower().startswith("it "):
        cut = modal.start()
    else:
        words = list(re.finditer(r"\S+", head))
        cut = None
        for back, w in enumerate(reversed(words[-8:]), start=1):
            if w.group(0).endswith(","):
                cut = w.end()
                break
            low = w.group(0).lower()
            if back == 1 and low in _SUBJECT_PRONOUN:
                cut = w.start()
                break
            if low in _DETERMINER and back > 1:
                cut = w.start()
                break
        if cut is None:
            return None
    condition = text[:cut].rstrip(" ,")
    action = cut + len(text[cut:]) - len(text[cut:].lstrip(" ,"))
    if len(condition.split()) < 3 or len(text[action:].split()) < 4:
        return None
    return condition, point.start + action


def theme_topic(label: str) -> str:
    """A theme label as a stem's topic: 'Safe sleep and sudden ...' -> 'safe sleep'."""
    head = label if "," in label else label.split(" and ")[0]
    return _lower_first(head.strip())


# Stem wordings, varied so that several items on one review and topic do not repeat a stem.
# {r}: the review, {t}: the topic, {v}: recommend/find/report, {d}: recommended/found/reported.
_CLOSED = (
    "What did {r} {v} about {t}?",
    "Which of these did {r} {v} about {t}?",
    "Which of these is one of the {n}s of {r} on {t}?",
    "According to {r}, which of these is true of {t}?",
)
_OPEN = (
    "What did {r} {v} about {t}?",
    "Name one thing {r} {d} about {t}.",
    "Describe one {n} of {r} on {t}.",
)
_GENERIC = (
    "Which of these did {r} {v}?",
    "Which of these is one of the {n}s of {r}?",
    "Which of these comes from {r}?",
)
_NOUN = {"recommendation": "recommendation", "finding": "finding", "background": "case fact"}
_DONE = {"recommendation": "recommended", "finding": "found", "background": "reported"}


def frame(
    point: LearningPoint, term: str | None = None, variant: int = 0, open_ended: bool = False
) -> Framing:
    """The stem for a point; `term` (a theme's topic) is named when there is no topic heading.

    `variant` picks another wording (for a second item on the same review); `open_ended` asks
    for a stem that reads without options (short-answer items)."""
    fill = {"r": point.review, "v": _VERB[point.kind], "d": _DONE[point.kind],
            "n": _NOUN[point.kind]}  # fmt: skip
    split = split_condition(point)
    if split and point.kind != "background":
        condition, action = split
        what = "should happen" if point.kind == "recommendation" else "was found"
        stem = f"According to {point.review}, what {what} {_lower_first(condition)}?"
        return Framing(stem, action, point.end, condition=condition)
    topic = point.topic or term
    if topic:
        topic = _lower_first(topic)
        wordings = _OPEN if open_ended else _CLOSED
        stem = wordings[variant % len(wordings)].format(t=topic, **fill)
        return Framing(stem, point.start, point.end, topic=topic)
    stem = _GENERIC[variant % len(_GENERIC)].format(**fill)
    return Framing(stem, point.start, point.end, generic=True)


def action_span(point: LearningPoint) -> tuple[int, int]:
    """The part of a point that answers 'what should happen': the action after a condition."""
    split = split_condition(point)
    return (split[1], point.end) if split else (point.start, point.end)


def point_slice(point: LearningPoint, start: int, end: int) -> str:
    """The point's text between two absolute offsets."""
    return point.text[start - point.start : end - point.start]
