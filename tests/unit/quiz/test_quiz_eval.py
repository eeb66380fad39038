"""The eval suite scores quiz validity with evals.metrics.quiz, and the gate holds it at 1.0."""

from __future__ import annotations

from types import SimpleNamespace

from evals.gate import check_gate
from evals.quiz_eval import add_quiz_metrics, evaluate_quizzes
from evals.runner import EvalRun


def _run() -> EvalRun:
    return EvalRun(records=[], aggregates={"all": {}}, scorable={"all": {}}, golden_version="1",
                   started="now", duration_s=0.0)  # fmt: skip


def test_every_theme_quiz_is_valid(catalog):
    result = evaluate_quizzes(catalog)
    assert result.n_items >= 40 and result.score == 1.0
    assert result.themes["safe-sleep"]["items"] >= 4
    assert set(result.themes["safe-sleep"]["reviews"]) == {
        "reviews/000_050a913a287adf6b.txt",
        "reviews/002_73cf4f8d1a088ab3.txt",
    }


def test_metric_goes_into_the_run_and_is_gated(quiz_settings, monkeypatch):
    run = _run()
    add_quiz_metrics(run, quiz_settings)
    assert run.aggregates["all"]["quiz_validity"] == 1.0
    assert run.scorable["all"]["quiz_validity"] == run.aggregates["all"]["quiz_items"]
    baseline = {"metrics": {"all": dict(run.aggregates["all"])}, "questions": {}}
    assert check_gate(run, baseline).ok

    # Sabotage: a generator whose first item's key no longer matches its quote.
    from assistant.quiz import generate as gen

    real = gen.QuizGenerator.generate

    def broken(self, req, rephrase=None):
        quiz = real(self, req, rephrase)
        if quiz.items:
            quiz.items[0].citation.quote = "Nothing to do with it."
        return quiz

    monkeypatch.setattr(gen.QuizGenerator, "generate", broken)
    worse = _run()
    add_quiz_metrics(worse, quiz_settings)
    assert worse.aggregates["all"]["quiz_validity"] < 1.0
    gate = check_gate(worse, baseline)
    assert not gate.ok and any(r.startswith("quiz_validity (all) fell") for r in gate.reasons)


def test_no_library_is_reported_not_raised(tmp_path):
    run = _run()
    add_quiz_metrics(run, SimpleNamespace(catalog_path=tmp_path / "none.sqlite3"))
    assert run.aggregates["all"]["quiz_validity"] is None
    assert "no library" in run.config["quiz"]["error"]
