"""CSV, Markdown and JSON exports, and the team briefing."""

from __future__ import annotations

import csv
import io
import json

import pytest
from ingest_testkit import DERBYSHIRE, LIAM

from assistant.quiz.briefing import build_briefing
from assistant.quiz.export_csv import COLUMNS, to_csv
from assistant.quiz.export_md import to_markdown
from assistant.quiz.generate import QuizRequest
from ingest.themes import UnknownThemeError


@pytest.fixture(scope="module")
def mixed(generator):
    return generator.generate(
        QuizRequest(theme="information sharing", n=6, types=("mcq", "tf", "short", "cloze"))
    )


def test_csv_rows_carry_options_key_and_verbatim_quote(mixed):
    rows = list(csv.DictReader(io.StringIO(to_csv(mixed))))
    assert list(rows[0]) == COLUMNS and len(rows) == len(mixed.items)
    for row, item in zip(rows, mixed.items, strict=True):
        assert row["quote"] == item.citation.quote  # line breaks and quotes survive
        assert row["stem"] == item.stem and row["answer"] == item.answer
        if item.type == "mcq":
            assert row[f"option_{row['answer_letter'].lower()}"] == item.answer


def test_markdown_sheet_has_answers_after_questions(mixed):
    md = to_markdown(mixed)
    questions, _, answers = md.partition("## Answers")
    assert answers, "an answers section"
    for item in mixed.items:
        assert item.stem in questions
        assert " ".join(item.citation.quote.split()) in answers
        assert item.citation.quote.split()[0] in answers
    mcq = next(i for i in mixed.items if i.type == "mcq")
    assert f"{'ABCD'[mcq.answer_index]}. {mcq.answer}" in answers
    assert f"{'ABCD'[mcq.answer_index]}. {mcq.answer}**" not in questions


def test_json_shape(mixed):
    data = json.loads(json.dumps(mixed.to_dict()))
    assert data["n_items"] == len(data["items"]) and data["dropped"] == len(data["dropped_items"])
    item = data["items"][0]
    assert {"stem", "options", "answer_index", "answer", "explanation", "citation"} <= set(item)
    assert {"title", "page", "section", "quote", "start", "end", "source"} <= set(item["citation"])


def test_briefing_quotes_each_review_and_asks_three_questions(catalog, generator):
    briefing = build_briefing(catalog, "safe-sleep", points=generator.points)
    assert [r.source for r in briefing.reviews] in ([DERBYSHIRE, LIAM], [LIAM, DERBYSHIRE])
    for review in briefing.reviews:
        doc = catalog.document(review.source)
        for _, c in review.points:
            assert doc.text[c.start : c.end] == c.quote
    md = briefing.to_markdown()
    assert md.startswith("# Team briefing: Safe sleep")
    assert len(briefing.questions) == 3 and "## Discussion questions" in md
    assert all(q.endswith("?") for q in briefing.questions)
    assert len(md.split()) < 650, "one page"
    assert "co-sleeping" in md and DERBYSHIRE in md
    with pytest.raises(UnknownThemeError):
        build_briefing(catalog, "no such theme at all")
