"""The validation rules every item must pass before it is kept; see docs/quizzes.md.

Per item: the citation is verbatim (quote == document text[start:end], page right); exactly
one option is correct; the key is supported by its quote; no distractor is; the stem does not
give the key away. Per quiz: no duplicate or near-duplicate items, and every review in scope is
covered when there are enough items. The eval suite's own check (evals.metrics.quiz) runs too.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.quiz.items import BLANK, QuizItem
from assistant.quiz.lexical import (
    NEAR_DUPLICATE,
    SUPPORTED,
    UNSUPPORTED,
    content_tokens,
    normalise,
    same_text,
    similarity,
    supported,
)
from caselearn.types import Document
from evals.metrics.quiz import check_quiz_item


def citation_problems(item: QuizItem, doc: Document | None) -> list[str]:
    c = item.citation
    if doc is None:
        return [f"cited document {c.source} is not in the library"]
    if not c.quote.strip() or doc.text[c.start : c.end] != c.quote:
        return ["citation quote is not the document's text at its offsets"]
    if doc.pages and c.page != doc.page_at(c.start):
        return [f"citation page {c.page} is not the page of its quote"]
    if item.key_start is not None and not (c.start <= item.key_start < item.key_end <= c.end):
        return ["the key lies outside the cited quote"]
    return []


def _mcq(item: QuizItem) -> list[str]:
    problems = list(check_quiz_item(item.to_dict(), SUPPORTED))
    if len(item.options) != 4:
        problems.append(f"{len(item.options)} options, expected 4")
    quote = item.citation.quote
    hits = [o for o in item.options if supported(o, quote) >= SUPPORTED]
    if len(hits) != 1:
        problems.append(f"{len(hits)} options are supported by the quote, expected exactly 1")
    for i, option in enumerate(item.options):
        if i == item.answer_index:
            continue
        if supported(option, quote) >= UNSUPPORTED:
            problems.append(f"distractor {option!r} is also supported by the key's quote")
        if similarity(option, item.answer) >= UNSUPPORTED:
            problems.append(f"distractor {option!r} nearly repeats the key")
    return problems


def _tf(item: QuizItem, review_texts: Sequence[str]) -> list[str]:
    if item.options != ["True", "False"] or item.answer_index not in (0, 1) or not item.claim:
        return ["a true/false item needs options True/False, an answer and its claim"]
    if item.options[item.answer_index] != item.answer:
        return ["answer and answer_index disagree"]
    score = supported(item.claim, item.citation.quote)
    if item.answer == "True" and score < SUPPORTED:
        return [f"the true statement is not supported by the quote ({score:.2f})"]
    if item.answer == "False":
        best = max((supported(item.claim, t) for t in review_texts), default=score)
        if max(score, best) >= UNSUPPORTED:
            return ["the false statement is supported by the named review"]
    return []


def _short(item: QuizItem) -> list[str]:
    score = supported(item.answer, item.citation.quote)
    if score < SUPPORTED:
        return [f"model answer not supported by the quote ({score:.2f})"]
    if not item.accept:
        return ["no marking phrases"]
    return []


def _cloze(item: QuizItem) -> list[str]:
    if item.stem.count(BLANK) != 1:
        return ["a cloze item needs exactly one blank"]
    quote = " ".join(item.citation.quote.split())
    body = item.stem[item.stem.find("“") + 1 : item.stem.rfind("”")]
    if body.replace(BLANK, item.answer) != quote:
        return ["the filled-in cloze text is not the quote"]
    if quote.lower().count(item.answer.lower()) != 1:
        return ["the missing words occur more than once in the quote"]
    return []


def item_problems(
    item: QuizItem,
    doc: Document | None,
    review_texts: Sequence[str] = (),
    names: Sequence[str] = (),
) -> list[str]:
    """Why the item is invalid (empty when valid). `review_texts`: the named review's points;
    `names`: the words a stem names it by ("Child H", "Derbyshire")."""
    if not item.stem.strip() or not item.answer.strip():
        return ["missing stem or answer"]
    problems = citation_problems(item, doc)
    if item.type == "mcq":
        problems += _mcq(item)
    elif item.type == "tf":
        problems += _tf(item, review_texts)
    elif item.type == "short":
        problems += _short(item)
    elif item.type == "cloze":
        problems += _cloze(item)
    else:
        problems.append(f"unknown item type {item.type!r}")
    if item.type in ("mcq", "short") and normalise(item.answer) in normalise(item.stem):
        problems.append("the stem gives the answer away")
    if item.type in ("mcq", "short", "tf") and names_review(item.claim or item.answer, names):
        problems.append("the key names its own review, which the stem names too")
    return problems


def names_review(text: str, names: Sequence[str]) -> bool:
    """Does the text name the review (its subject or its place), as a give-away?"""
    words = f" {' '.join(content_tokens(text))} "
    return any(f" {' '.join(content_tokens(n))} " in words for n in names if content_tokens(n))


def near_duplicate(a: QuizItem, b: QuizItem) -> str | None:
    """Why two items test the same thing, or None."""
    ca, cb = a.citation, b.citation
    if ca.source == cb.source and ca.start < cb.end and cb.start < ca.end:
        return f"tests the same passage as {b.id}"
    if same_text(a.stem, b.stem):
        return f"repeats the stem of {b.id}"
    if similarity(f"{a.stem} {a.answer}", f"{b.stem} {b.answer}") >= NEAR_DUPLICATE:
        return f"near-duplicate of {b.id}"
    return None


def duplicate_problems(items: Sequence[QuizItem]) -> dict[str, list[str]]:
    """item id -> near-duplicate reasons, for every later item that repeats an earlier one."""
    out: dict[str, list[str]] = {}
    for i, item in enumerate(items):
        for earlier in items[:i]:
            why = near_duplicate(item, earlier)
            if why:
                out.setdefault(item.id, []).append(why)
    return out


def coverage_problems(items: Sequence[QuizItem], sources: Sequence[str], n: int) -> list[str]:
    """Reviews in scope with no item, when there were enough items to cover them all."""
    if n < len(sources):
        return []
    covered = {i.source for i in items}
    return [f"no item from {s}" for s in sources if s not in covered]
