"""Moodle GIFT export: every question's feedback carries the citation behind its key.

GIFT's special characters ~ = # { } : are escaped with a backslash, as is the backslash itself;
a line break inside a text becomes the two characters \\n. Multiple choice uses = for the key
and ~ for distractors (each with feedback naming the review it comes from), true/false uses
{TRUE}/{FALSE}, short answer becomes an essay question whose general feedback is the model
answer, and a cloze item is a missing-word short answer.
"""

from __future__ import annotations

from assistant.quiz.items import BLANK, Quiz, QuizItem

_SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    """Text safe inside a GIFT question, answer or feedback."""
    out = text.replace("\\", "\\\\")
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def source_line(item: QuizItem) -> str:
    """The citation as feedback: title, page or section, source path and the verbatim quote."""
    c = item.citation
    where = f", {item.where}" if item.where else ""
    return f"Source: {c.title}{where} ({c.source}). “{c.quote}”"


def _general(item: QuizItem) -> str:
    text = source_line(item) if item.type == "mcq" else f"{item.explanation} {source_line(item)}"
    return f"####{escape(text)}"


def _title(item: QuizItem) -> str:
    return f"::{escape(f'{item.id} {item.review}')}::"


def question(item: QuizItem) -> str:
    """One question in GIFT."""
    head = _title(item)
    if item.type == "mcq":
        lines = [f"{head}{escape(item.stem)} {{"]
        for i, option in enumerate(item.options):
            review = item.option_reviews[i] if i < len(item.option_reviews) else ""
            if i == item.answer_index:
                lines.append(f"\t={escape(option)}#{escape('Correct: ' + item.explanation)}")
            else:
                why = f"Not this one: it comes from {review}." if review else "Not this one."
                lines.append(f"\t~{escape(option)}#{escape(why)}")
        lines.append(f"\t{_general(item)}")
        lines.append("}")
        return "\n".join(lines)
    if item.type == "tf":
        return f"{head}{escape(item.stem)} {{{item.answer.upper()}{_general(item)}}}"
    if item.type == "short":
        return f"{head}{escape(item.stem)} {{{_general(item)}}}"
    before, _, after = item.stem.partition(BLANK)
    answers = " ".join(f"={escape(a)}" for a in dict.fromkeys(item.accept or [item.answer]))
    return f"{head}{escape(before)}{{{answers}{_general(item)}}}{escape(after)}"


def to_gift(quiz: Quiz) -> str:
    """The whole quiz as a GIFT file (comments say where it came from)."""
    scope = ", ".join(f"{k} {v}" for k, v in quiz.scope.items() if v) or "all reviews"
    out = [
        f"// {quiz.title} ({scope}); caselearn, seed {quiz.seed}, {quiz.difficulty}",
        f"// {len(quiz.items)} items; {len(quiz.dropped)} dropped in validation",
        f"$CATEGORY: caselearn/{quiz.scope.get('theme') or 'quiz'}",
        "",
    ]
    for item in quiz.items:
        out += [question(item), ""]
    return "\n".join(out)
