"""Spreadsheet export: one row per item, options in columns, the citation in full."""

from __future__ import annotations

import csv
import io

from assistant.quiz.items import Quiz

COLUMNS = [
    "id", "type", "stem", "option_a", "option_b", "option_c", "option_d", "answer",
    "answer_letter", "accept", "explanation", "review", "point_kind", "source", "title", "page",
    "section", "quote", "start", "end",
]  # fmt: skip
LETTERS = "ABCD"


def to_csv(quiz: Quiz) -> str:
    """The quiz as CSV (RFC 4180 quoting, header row); quotes keep their line breaks."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in quiz.items:
        c = item.citation
        options = (item.options + ["", "", "", ""])[:4] if item.type == "mcq" else ["", "", "", ""]
        letter = (
            LETTERS[item.answer_index]
            if item.type == "mcq" and item.answer_index is not None
            else ""
        )
        writer.writerow(
            {
                "id": item.id,
                "type": item.type,
                "stem": item.stem,
                **{f"option_{k}": v for k, v in zip("abcd", options, strict=True)},
                "answer": item.answer,
                "answer_letter": letter,
                "accept": "; ".join(item.accept),
                "explanation": item.explanation,
                "review": item.review,
                "point_kind": item.point_kind,
                "source": c.source,
                "title": c.title,
                "page": "" if c.page is None else c.page,
                "section": c.section or "",
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
            }
        )
    return buf.getvalue()
