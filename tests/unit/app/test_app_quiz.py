"""Quiz page through AppTest: theme or review quizzes with keys and sources, exports, briefing."""

import csv
import io
import json

import pytest
from app_testkit import page_script
from streamlit.testing.v1 import AppTest

from caselearn.quiz_command import render as export


@pytest.fixture
def quiz_page(app_env):
    at = AppTest.from_string(page_script("quiz"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _make(at, **choices):
    for key, value in choices.items():
        at.session_state[key] = value
    next(b for b in at.button if b.label == "Make the quiz").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at.session_state["quiz"] if "quiz" in at.session_state else None  # noqa: SIM401


def test_app_quiz_theme_quiz_previews_keys_and_sources(quiz_page):
    quiz = _make(quiz_page, quiz_theme="substance-misuse", quiz_n=6,
                 quiz_types=["mcq", "tf", "short", "cloze"], quiz_difficulty="hard")  # fmt: skip
    assert quiz is not None and quiz.scope["theme"] == "substance-misuse"
    assert len(quiz.items) == 6 and quiz.difficulty == "hard"
    assert {i.type for i in quiz.items} == {"mcq", "tf", "short", "cloze"}
    md = [m.value for m in quiz_page.markdown]
    keyed = [m for m in md if m.endswith("**(key)**")]
    assert len(keyed) == sum(1 for i in quiz.items if i.options)
    assert sum(1 for m in md if m.startswith("**Answer:**")) == sum(
        1 for i in quiz.items if not i.options
    )
    sources = [e for e in quiz_page.expander if e.label.startswith("Source")]
    assert len(sources) == 6
    assert sum(1 for h in quiz_page.get("html") if "<mark" in h.value) == 6
    labels = [d.label for d in quiz_page.download_button]
    assert labels[:4] == ["GIFT (Moodle)", "CSV", "Markdown", "JSON"]
    assert "Briefing (Markdown)" in labels


def test_app_quiz_exports_hold_every_item(quiz_page):
    quiz = _make(quiz_page, quiz_theme="substance-misuse", quiz_n=5)
    n = len(quiz.items)
    assert n == 5
    assert json.loads(export(quiz, "json"))["n_items"] == n
    rows = list(csv.reader(io.StringIO(export(quiz, "csv"))))
    assert len(rows) == n + 1
    assert export(quiz, "gift").count("::") >= 2 * n
    md = export(quiz, "md")
    assert all(item.citation.source in md or item.review in md for item in quiz.items)


def test_app_quiz_review_quiz_stays_in_that_review(quiz_page):
    review = "reviews/003_52c76c2e1049232f.txt"
    quiz = _make(quiz_page, quiz_scope="review", quiz_review=review, quiz_n=4)
    assert quiz.items and {i.source for i in quiz.items} == {review}


def test_app_quiz_without_types_is_an_error(quiz_page):
    quiz = _make(quiz_page, quiz_types=[])
    assert quiz is None
    assert quiz_page.error and "at least one question type" in quiz_page.error[0].value


def test_app_quiz_briefing_for_a_theme(quiz_page):
    quiz_page.selectbox(key="briefing_theme").set_value("substance-misuse").run()
    preview = quiz_page.code[0].value
    assert preview.startswith("# Team briefing: ")
    assert "## Discussion questions" in preview
    labels = [d.label for d in quiz_page.download_button]
    assert labels == ["Briefing (Markdown)", "Briefing (JSON)"]
