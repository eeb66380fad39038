"""Turn one learning point into a quiz item of a given type (mcq, tf, short or cloze)."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.quiz import distractors
from assistant.quiz.items import BLANK, ItemType, QuizItem
from assistant.quiz.lexical import UNSUPPORTED, content_tokens, supported
from assistant.quiz.points import LearningPoint
from assistant.quiz.stems import Framing, frame, option_text, point_slice
from caselearn.types import Citation

_VERBED = {"recommendation": "recommended", "finding": "found", "background": "reported"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_PHRASE = re.compile(r"^[A-Za-z'’-]+(?: [A-Za-z'’-]+)*$")


@dataclass
class BuildContext:
    """What every item of one quiz shares."""

    pool: Sequence[LearningPoint]  # every review's learning points: where distractors come from
    difficulty: str
    rng: random.Random
    topic: str | None = None  # the quiz theme as a stem topic ("safe sleep")
    theme_id: str | None = None
    df: dict[str, int] = field(default_factory=dict)  # content word -> points using it
    used: Counter[str] = field(default_factory=Counter)  # distractor text -> times used
    terms: re.Pattern[str] | None = None  # the quiz theme's vocabulary: preferred cloze blanks
    theme_topics: dict[str, str] = field(default_factory=dict)  # theme id -> "safe sleep"

    def topic_for(self, point: LearningPoint) -> str | None:
        """The quiz theme, else the point's own first theme, as a stem's topic."""
        if self.topic:
            return self.topic
        return next((self.theme_topics[t] for t in point.themes if t in self.theme_topics), None)

    def review_points(self, source: str) -> list[LearningPoint]:
        return [p for p in self.pool if p.source == source]


def citation(point: LearningPoint) -> Citation:
    return Citation(
        n=1,
        source=point.source,
        title=point.title,
        kind="review",
        page=point.page,
        section=point.topic or point.section,
        quote=point.text,
        start=point.start,
        end=point.end,
        score=1.0,
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _names(points: Sequence[LearningPoint]) -> str:
    names = list(dict.fromkeys(p.review for p in points))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _item(item_id: str, item_type: ItemType, point: LearningPoint, **kw) -> QuizItem:
    return QuizItem(id=item_id, type=item_type, citation=citation(point), review=point.label,
                    point_kind=point.kind, **kw)  # fmt: skip


def build(
    item_type: ItemType, point: LearningPoint, ctx: BuildContext, item_id: str, variant: int = 0
):
    """The item, or None when this type does not suit the point (no distractors, no blank).

    `variant` words the stem differently (the generator passes how many items the quiz already
    has from the same review)."""
    framing = frame(point, ctx.topic_for(point), variant, open_ended=item_type == "short")
    return {"mcq": _mcq, "tf": _tf, "short": _short, "cloze": _cloze}[item_type](
        point, framing, ctx, item_id
    )


def _ranked(point: LearningPoint, framing: Framing, key_text: str, ctx: BuildContext):
    return distractors.candidates(
        point, key_text, point.text, ctx.pool, topic=framing.topic,
        avoid_themes=frozenset([ctx.theme_id] if ctx.theme_id else []),
        action=framing.condition is not None,
    )  # fmt: skip


def _mcq(point: LearningPoint, framing: Framing, ctx: BuildContext, item_id: str):
    key = option_text(point_slice(point, framing.key_start, framing.key_end))
    ranked = _ranked(point, framing, key, ctx)
    chosen = distractors.pick(ranked, 3, ctx.difficulty, ctx.rng, ctx.used)
    if not chosen:
        return None
    pairs = [(key, point.review)] + [(d.text, d.point.review) for d in chosen]
    ctx.rng.shuffle(pairs)
    options = [text for text, _ in pairs]
    where = f" ({point.topic})" if point.topic else ""
    explanation = (
        f"{_cap(point.review)} {_VERBED[point.kind]} this{where}. The other options are "
        f"learning points from {_names([d.point for d in chosen])}."
    )
    return _item(item_id, "mcq", point, stem=framing.stem, answer=key, explanation=explanation,
                 options=options, answer_index=options.index(key),
                 key_start=framing.key_start, key_end=framing.key_end,
                 option_reviews=[review for _, review in pairs])  # fmt: skip


def _statement(point: LearningPoint, framing: Framing, claim: str) -> str:
    if framing.condition:
        return f"According to {point.review}, {_lower(framing.condition)}, {_lower(claim)}."
    return f"{_cap(point.review)} {_VERBED[point.kind]}: “{claim}.”"


def _tf(point: LearningPoint, framing: Framing, ctx: BuildContext, item_id: str):
    key = option_text(point_slice(point, framing.key_start, framing.key_end))
    claim, truth, other = key, True, None
    if ctx.rng.random() < 0.5:
        own = ctx.review_points(point.source)
        own_themes = {t for p in own for t in (*p.themes, *p.heading_themes)}
        for d in _ranked(point, framing, key, ctx):
            if not framing.condition and own_themes & set(d.point.themes):
                continue  # the named review may well say something like it
            if max((supported(d.text, p.text) for p in own), default=0.0) < UNSUPPORTED:
                claim, truth, other = d.text, False, d.point
                break
    if truth:
        explanation = f"True: {point.review} {_VERBED[point.kind]} this."
    else:
        explanation = (
            f"False: that is from {other.review}. {_cap(point.review)} "
            f"{_VERBED[point.kind]}: “{key}.”"
        )
    options = ["True", "False"]
    return _item(item_id, "tf", point, stem=_statement(point, framing, claim),
                 answer=options[0 if truth else 1], explanation=explanation, options=options,
                 answer_index=0 if truth else 1, claim=claim,
                 key_start=framing.key_start, key_end=framing.key_end)  # fmt: skip


def _key_phrases(key: str, stem: str, ctx: BuildContext, n: int = 3) -> list[str]:
    asked = set(content_tokens(stem))
    words = [w for w in dict.fromkeys(content_tokens(key)) if w not in asked and len(w) > 3]
    words.sort(key=lambda w: (ctx.df.get(w, 0), -len(w)))
    return words[:n]


def _short(point: LearningPoint, framing: Framing, ctx: BuildContext, item_id: str):
    if framing.generic:
        return None  # "Which of these ...?" needs options
    key = option_text(point_slice(point, framing.key_start, framing.key_end))
    accept = _key_phrases(key, framing.stem, ctx)
    if not accept:
        return None
    explanation = f"Model answer from {point.review}; look for: {', '.join(accept)}."
    return _item(item_id, "short", point, stem=framing.stem, answer=key,
                 explanation=explanation, accept=accept,
                 key_start=framing.key_start, key_end=framing.key_end)  # fmt: skip


def blank_span(point: LearningPoint, ctx: BuildContext) -> tuple[int, int] | None:
    """Relative (start, end) of the words to blank: distinctive, unique in the point."""
    text = point.text
    tokens = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    content = [len(w) > 3 and content_tokens(w) == [w.replace("’", "'")] for *_, w in tokens]
    sizes = {"easy": (1,), "medium": (1, 2), "hard": (2, 3)}[ctx.difficulty]
    scored: list[tuple[float, int, int]] = []
    for size in sizes:
        for i in range(1, len(tokens) - size + 1):  # never the first word
            if not all(content[i : i + size]):
                continue
            s, e = tokens[i][0], tokens[i + size - 1][1]
            phrase = text[s:e]
            if text.lower().count(phrase.lower()) != 1 or not _PHRASE.match(phrase):
                continue
            words = [w for *_, w in tokens[i : i + size]]
            rarity = sum(1.0 / (1 + ctx.df.get(w, 0)) for w in words) / size**0.5
            scored.append((rarity, s, e))
    themed = [  # the theme's own term: what the quiz is about
        m.span()
        for m in (ctx.terms.finditer(text) if ctx.terms and ctx.difficulty != "hard" else ())
        if m.start() > 0 and text.lower().count(m.group(0).lower()) == 1
    ]
    if themed:
        return ctx.rng.choice(themed)
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], t[1]))
    _, s, e = ctx.rng.choice(scored[:3])
    return s, e


def _cloze(point: LearningPoint, framing: Framing, ctx: BuildContext, item_id: str):
    span = blank_span(point, ctx)
    if span is None:
        return None
    s, e = span
    text = point.text
    gapped = " ".join((text[:s] + BLANK + text[e:]).split())
    stem = f"Complete this learning point from {point.review}: “{gapped}”"
    answer = text[s:e]
    explanation = f"{_cap(point.review)} {_VERBED[point.kind]}: “{' '.join(text.split())}”"
    return _item(item_id, "cloze", point, stem=stem, answer=answer, explanation=explanation,
                 accept=[answer], key_start=point.start + s, key_end=point.start + e)  # fmt: skip
