"""run_eval: per-question records, the pass rule and per-split aggregates."""

from __future__ import annotations

import json

import pytest

from evals.metrics.llm_judge import JudgeVerdict
from evals.runner import PassRule, run_eval

UNANSWERABLE = {
    "split": "holdout",
    "answerable": False,
    "expected_sources": [],
    "learning_points": [],
}


@pytest.fixture
def scenario(fx):
    """Five golden items across both splits with canned answers."""
    items = [
        fx.golden("good"),
        fx.golden("refused"),
        fx.golden("decline", tags=["out-of-scope"], **UNANSWERABLE),
        fx.golden("answered-oos", tags=["out-of-scope", "critical"], **UNANSWERABLE),
        fx.golden("badcite", split="holdout"),
    ]
    bad = fx.good_answer()
    bad.citations[1].quote = "Neglect was recognised"
    canned = {
        "question good?": fx.good_answer(),
        "question refused?": fx.answer("Not in the sources.", abstained=True, sources=[fx.OTHER]),
        "question decline?": fx.answer("Outside scope.", abstained=True, total_ms=300.0),
        "question answered-oos?": fx.answer("Speed limits are 30 mph.", sources=[fx.OTHER]),
        "question badcite?": bad,
    }
    return items, fx.FakeAnswerer(canned)


def test_records_and_pass_rule(fx, scenario):
    items, answerer = scenario
    run = run_eval(items, answerer, fx.lookup, None)
    rec = {r["id"]: r for r in run.records}
    assert rec["good"]["passed"] and rec["good"]["fail_reasons"] == []
    assert rec["good"]["metrics"]["hit@5"] == 1.0 and rec["good"]["metrics"]["coverage"] == 1.0
    assert rec["good"]["metrics"]["support"] == 1.0
    assert rec["good"]["retrieved_sources"] == [fx.OTHER, fx.REVIEW]
    assert rec["refused"]["fail_reasons"] == ["abstained on an answerable question"]
    assert rec["decline"]["passed"]
    assert rec["decline"]["metrics"]["hit@5"] is None  # not scorable for unanswerable items
    assert rec["answered-oos"]["fail_reasons"] == ["answered a question that should be declined"]
    assert not rec["badcite"]["passed"]
    assert rec["badcite"]["fail_reasons"][0].startswith("citation [2] invalid: quote")
    assert [c["valid"] for c in rec["badcite"]["citations"]] == [True, False]
    assert rec["badcite"]["metrics"]["citation_validity"] == 0.5
    json.dumps(run.to_dict())  # JSON-able


def test_aggregates_per_split(fx, scenario):
    items, answerer = scenario
    run = run_eval(items, answerer, fx.lookup, None)
    assert list(run.aggregates) == ["dev", "holdout", "all"]
    dev, hold, every = run.aggregates["dev"], run.aggregates["holdout"], run.aggregates["all"]
    assert dev["n_items"] == 2 and hold["n_items"] == 3 and every["n_items"] == 5
    assert dev["pass_rate"] == 0.5 and hold["pass_rate"] == pytest.approx(1 / 3)
    assert every["pass_rate"] == pytest.approx(2 / 5)
    assert dev["false_refusal_rate"] == 0.5 and dev["false_answer_rate"] is None
    assert hold["out_of_scope_handled"] == 0.5 and hold["false_answer_rate"] == 0.5
    assert run.scorable["all"]["hit@5"] == 3  # answerable items only
    assert run.scorable["all"]["support"] == 3  # abstentions are not scorable
    assert every["latency_p95_ms"] == pytest.approx(260.0)  # [100]*4 + [300]
    assert "judge_faithfulness" not in every
    assert run.splits == ["dev", "holdout"]


def test_answerer_crash_is_a_failure_not_a_stop(fx):
    items = [fx.golden("boom"), fx.golden("ok")]
    answerer = fx.FakeAnswerer(
        {"question boom?": RuntimeError("index missing"), "question ok?": fx.good_answer()}
    )
    run = run_eval(items, answerer, fx.lookup, None)
    boom, ok = run.records
    assert not boom["passed"] and "index missing" in boom["error"]
    assert boom["fail_reasons"] == [f"answerer raised {boom['error']}"]
    assert boom["metrics"]["hit@5"] == 0.0
    assert ok["passed"]


def test_pass_rule_parameters(fx):
    item = fx.golden("far")
    far = fx.good_answer(sources=[fx.OTHER, fx.GUIDE, "a", "b", "c", fx.REVIEW])
    answerer = fx.FakeAnswerer({"question far?": far})
    assert not run_eval([item], answerer, fx.lookup, None).records[0]["passed"]
    assert run_eval([item], answerer, fx.lookup, None, rule=PassRule(hit_k=10)).records[0]["passed"]
    half = fx.answer(
        "Professionals did not see the father as part of the household. [1]",
        [fx.cite(1, fx.REVIEW, "Professionals did not see the father as part of the household.")],
        [fx.REVIEW],
    )
    answerer = fx.FakeAnswerer({"question far?": half})
    assert run_eval([item], answerer, fx.lookup, None).records[0]["passed"]  # coverage 0.5
    strict = run_eval([item], answerer, fx.lookup, None, rule=PassRule(min_coverage=0.75))
    assert strict.records[0]["fail_reasons"] == ["learning-point coverage 0.50 < 0.75"]


def test_no_citations_fails_and_judge_is_recorded(fx):
    class Judge:
        def faithfulness(self, question, answer, quotes):
            return JudgeVerdict("supported", 1.0, "")

    item = fx.golden("bare")
    bare = fx.answer("The father was unseen and neglect was not recognised.", [], [fx.REVIEW])
    answerer = fx.FakeAnswerer({"question bare?": bare})
    run = run_eval([item], answerer, fx.lookup, None, judge=Judge())  # type: ignore[arg-type]
    assert run.records[0]["fail_reasons"] == ["no citations"]
    assert run.aggregates["all"]["judge_faithfulness"] == 1.0
