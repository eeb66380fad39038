"""GIFT export: escaping of ~ = # { } : and backslash, checked by parsing the file back."""

from __future__ import annotations

import pytest
from quiz_testkit import parse_gift, unescape

from assistant.quiz.export_gift import escape, to_gift
from assistant.quiz.generate import QuizRequest
from assistant.quiz.items import BLANK, Quiz, QuizItem
from caselearn.types import Citation

# --- tests ----------------------------------------------------------------------------------

TRICKY = r"Ratio 1:2 = {half} ~ #3 \ back\slash" + "\nsecond line"


def test_escape_every_special_character():
    assert escape(r"a~b=c#d{e}f:g\h") == r"a\~b\=c\#d\{e\}f\:g\\h"
    assert escape("one\ntwo") == r"one\ntwo"
    assert unescape(escape(TRICKY)) == TRICKY


def _tricky_quiz() -> Quiz:
    cite = Citation(1, "reviews/x.txt", "Title: {odd} = #1", "review", 3, None,
                    "Quote with ~tilde~, {braces}, a = sign, #hash, colon: and \\ slash\nend.",
                    0, 10, 1.0)  # fmt: skip
    mcq = QuizItem(
        id="q1", type="mcq", stem=f"What does {TRICKY} mean?", answer="A = B: {yes}",
        explanation="Because ~ # : matter.", citation=cite, review="R (X)",
        point_kind="finding", options=["A = B: {yes}", "C ~ D", "E # F", r"G \ H :: I"],
        answer_index=0, option_reviews=["the R review", "the S review", "the T review", "x"],
    )  # fmt: skip
    tf = QuizItem(id="q2", type="tf", stem="The review found: “x = y”.", answer="False",
                  explanation="False: {no}.", citation=cite, review="R", point_kind="finding",
                  options=["True", "False"], answer_index=1, claim="x = y")  # fmt: skip
    cloze = QuizItem(id="q3", type="cloze", stem=f"Complete: “a {BLANK} c: d”", answer="b#1",
                     explanation="e", citation=cite, review="R", point_kind="finding",
                     accept=["b#1"])  # fmt: skip
    short = QuizItem(id="q4", type="short", stem="Name one thing {x} said: ok?",
                     answer="model = answer", explanation="look for ~", citation=cite,
                     review="R", point_kind="finding", accept=["model"])  # fmt: skip
    return Quiz("T", {"theme": "t"}, 1, "medium", ["mcq"], 4, items=[mcq, tf, cloze, short])


def test_tricky_text_round_trips():
    quiz = _tricky_quiz()
    parsed = parse_gift(to_gift(quiz))
    assert [q["kind"] for q in parsed] == ["choice", "tf", "missing", "essay"]
    mcq, tf, cloze, short = parsed
    assert mcq["title"] == "q1 R (X)"
    assert mcq["stem"] == quiz.items[0].stem
    assert [a for _, a, _ in mcq["answers"]] == quiz.items[0].options
    assert [ok for ok, _, _ in mcq["answers"]] == [True, False, False, False]
    assert "the S review" in mcq["answers"][1][2]
    assert quiz.items[0].citation.quote in mcq["general"]
    assert "Title: {odd} = #1, p. 3" in mcq["general"]
    assert tf["tf"] is False and tf["stem"] == quiz.items[1].stem
    assert cloze["stem"] == quiz.items[2].stem
    assert cloze["answers"] == [(True, "b#1", None)]
    assert short["stem"] == quiz.items[3].stem and "model = answer" not in short["stem"]
    assert quiz.items[3].citation.quote in short["general"]


@pytest.mark.parametrize("types", [("mcq",), ("mcq", "tf", "short", "cloze")])
def test_generated_quiz_parses_back(generator, types):
    quiz = generator.generate(QuizRequest(theme="neglect", n=8, types=types, seed=3))
    parsed = parse_gift(to_gift(quiz))
    assert len(parsed) == len(quiz.items)
    for item, q in zip(quiz.items, parsed, strict=True):
        assert item.citation.quote in q["general"], "the feedback carries the verbatim quote"
        if item.type == "mcq":
            assert q["stem"] == item.stem
            keys = [a for ok, a, _ in q["answers"] if ok]
            assert keys == [item.answer]
            assert sorted(a for _, a, _ in q["answers"]) == sorted(item.options)
        elif item.type == "tf":
            assert q["tf"] is (item.answer == "True")
        elif item.type == "cloze":
            assert q["stem"] == item.stem and q["answers"][0][1] == item.answer
        else:
            assert q["kind"] == "essay" and item.answer in q["general"]
