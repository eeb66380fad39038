"""Abstention, length, latency and quiz validity."""

from __future__ import annotations

import pytest

from evals.metrics.abstention import (
    AbstentionCase,
    abstention_accuracy,
    false_answer_rate,
    false_refusal_rate,
    out_of_scope_handled,
)
from evals.metrics.latency import answer_latency_ms, percentile
from evals.metrics.length import answer_words, mean_words
from evals.metrics.quiz import check_quiz

CASES = [
    AbstentionCase(answerable=True, abstained=False),
    AbstentionCase(answerable=True, abstained=True),  # false refusal
    AbstentionCase(answerable=True, abstained=False),
    AbstentionCase(answerable=True, abstained=False),
    AbstentionCase(answerable=False, abstained=True, out_of_scope=True),
    AbstentionCase(answerable=False, abstained=False, out_of_scope=True),  # false answer
]


def test_abstention_rates():
    assert abstention_accuracy(CASES) == pytest.approx(4 / 6)
    assert false_refusal_rate(CASES) == 0.25
    assert false_answer_rate(CASES) == 0.5
    assert out_of_scope_handled(CASES) == 0.5


def test_abstention_not_scorable():
    answerable_only = CASES[:4]
    assert false_answer_rate(answerable_only) is None
    assert out_of_scope_handled(answerable_only) is None
    assert false_refusal_rate(CASES[4:]) is None
    assert abstention_accuracy([]) is None


def test_length(fx):
    assert answer_words(fx.answer("The father [1] was unseen [2].")) == 4
    assert answer_words(fx.answer("No answer.", abstained=True)) is None
    assert mean_words([4, None, 6]) == 5.0
    assert mean_words([None]) is None


def test_latency(fx):
    assert answer_latency_ms(fx.answer("x", total_ms=250.0)) == 250.0
    assert answer_latency_ms(fx.answer("x", total_ms=None)) is None
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == pytest.approx(38.5)
    assert percentile([None, 7.0], 95) == 7.0
    assert percentile([None], 50) is None


def _quiz_item(**over):
    item = {
        "stem": "Who was not seen by professionals?",
        "options": ["The father", "The teacher", "The GP"],
        "answer_index": 0,
        "citation": {"quote": "Professionals did not see the father as part of the household."},
    }
    item.update(over)
    return item


def test_quiz_valid_and_invalid_items():
    report = check_quiz(
        [
            _quiz_item(),
            _quiz_item(stem="Dup options?", options=["The father", "the  FATHER", "GP"]),
            _quiz_item(stem="Null index?", answer_index=None),
            _quiz_item(stem="Unsupported key?", answer_index=1),
            _quiz_item(stem="Bad index?", answer_index=7),
            _quiz_item(),
        ]
    )
    assert report.n_items == 6 and report.n_valid == 1
    assert report.score == pytest.approx(1 / 6)
    assert 0 not in report.problems
    assert any("duplicate options" in p for p in report.problems[1])
    assert any("not an option index" in p for p in report.problems[2])
    assert any("not supported by quote" in p for p in report.problems[3])
    assert any("not an option index" in p for p in report.problems[4])
    assert report.problems[5] == ["duplicate of item 0"]


def test_quiz_answer_text_and_empty():
    item = _quiz_item(answer="the father")
    del item["answer_index"]
    assert check_quiz([item]).score == 1.0
    ambiguous = _quiz_item(answer="Nobody")
    del ambiguous["answer_index"]
    assert "matches 0 options" in check_quiz([ambiguous]).problems[0][0]
    assert check_quiz([]).score is None
    assert check_quiz([_quiz_item(citation={})]).problems[0] == ["no citation quote"]
