"""Markdown facilitator's sheet: the questions to hand out, then the answers with their sources."""

from __future__ import annotations

from assistant.quiz.items import Quiz, QuizItem

LETTERS = "ABCD"
_LABEL = {
    "mcq": "",
    "tf": "True or false: ",
    "short": "Short answer: ",
    "cloze": "Fill in the blank: ",
}


def _question(n: int, item: QuizItem) -> list[str]:
    lines = [f"**{n}.** {_LABEL[item.type]}{item.stem}", ""]
    if item.type == "mcq":
        lines += [f"   {LETTERS[i]}. {o}" for i, o in enumerate(item.options)] + [""]
    elif item.type == "tf":
        lines += ["   True / False", ""]
    elif item.type == "short":
        lines += ["   ______________________________________________", ""]
    return lines


def _answer(n: int, item: QuizItem) -> list[str]:
    c = item.citation
    key = item.answer
    if item.type == "mcq" and item.answer_index is not None:
        key = f"{LETTERS[item.answer_index]}. {item.answer}"
    where = f", {item.where}" if item.where else ""
    quote = " ".join(c.quote.split())
    lines = [f"**{n}. {key}**", "", item.explanation, ""]
    if item.type == "short" and item.accept:
        lines += [f"Look for: {', '.join(item.accept)}.", ""]
    lines += [f"> “{quote}”", ">", f"> — {c.title}{where} (`{c.source}`)", ""]
    return lines


def to_markdown(quiz: Quiz) -> str:
    """Questions first (hand-out), answers and verbatim sources at the end (facilitator only)."""
    reviews = len(quiz.covered)
    out = [
        f"# {quiz.title}",
        "",
        f"_{len(quiz.items)} questions from {reviews} review{'s' if reviews != 1 else ''} · "
        f"difficulty {quiz.difficulty} · seed {quiz.seed} · every answer is checked against a "
        f"verbatim passage; {len(quiz.dropped)} draft items failed that check and were dropped._",
        "",
        "## Questions",
        "",
    ]
    for n, item in enumerate(quiz.items, start=1):
        out += _question(n, item)
    out += ["---", "", "## Answers (facilitator's sheet)", ""]
    for n, item in enumerate(quiz.items, start=1):
        out += _answer(n, item)
    if quiz.notes:
        out += ["## Notes", ""] + [f"- {note}" for note in quiz.notes] + [""]
    return "\n".join(out)
