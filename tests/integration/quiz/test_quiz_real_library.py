"""The done-when of issue 6 on the real library: a five-item safe-sleep quiz in GIFT, from the two
reviews that discuss safe sleep, every key citing a verbatim passage; quiz validity for the eval."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from ingest_testkit import DERBYSHIRE, LIAM
from quiz_testkit import parse_gift

from assistant.quiz.briefing import build_briefing
from assistant.quiz.generate import QuizGenerator, QuizRequest
from caselearn.cli import cli
from evals.metrics.quiz import check_quiz
from evals.quiz_eval import evaluate_quizzes
from ingest.catalog import Catalog

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def catalog(real_library):
    cat = Catalog(real_library.catalog_path)
    yield cat
    cat.close()


def test_safe_sleep_gift_done_when(real_library, catalog, tmp_path):
    out = tmp_path / "safe_sleep.gift"
    res = CliRunner().invoke(
        cli,
        ["--data-dir", str(real_library.data_dir), "quiz", "--theme", "safe sleep", "--n", "5",
         "--format", "gift", "-o", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    questions = parse_gift(out.read_text(encoding="utf-8"))
    assert len(questions) == 5
    quiz = QuizGenerator(catalog).generate(QuizRequest(theme="safe sleep", n=5))
    assert {i.source for i in quiz.items} == {DERBYSHIRE, LIAM}
    assert check_quiz([i.to_dict() for i in quiz.items]).score == 1.0
    for item, q in zip(quiz.items, questions, strict=True):
        c = item.citation
        assert catalog.document(c.source).text[c.start : c.end] == c.quote
        assert c.quote in q["general"], "the GIFT feedback cites the verbatim passage"
        assert [a for ok, a, _ in q["answers"] if ok] == [item.answer]
        assert len(q["answers"]) == 4
    quotes = " ".join(i.citation.quote for i in quiz.items)
    assert "co-sleeping" in quotes and "unsafe sleep arrangements" in quotes


def test_every_theme_quiz_is_valid_on_the_real_library(catalog):
    result = evaluate_quizzes(catalog)
    assert result.score == 1.0 and result.n_items >= 60
    assert set(result.themes["safe-sleep"]["reviews"]) == {DERBYSHIRE, LIAM}


def test_briefing_on_the_real_library(catalog):
    briefing = build_briefing(catalog, "safe sleep")
    assert {r.source for r in briefing.reviews} == {DERBYSHIRE, LIAM}
    assert len(briefing.questions) == 3
