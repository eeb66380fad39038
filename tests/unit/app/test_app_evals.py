"""Evals page through AppTest: the latest report against its baseline, failing questions first,
and running the real suite from the page in a subprocess."""

import json

import pytest
from app_testkit import build_library, page_script, point_app_at
from streamlit.testing.v1 import AppTest

from assistant.factory import build_assistant
from evals.command import DEFAULT_GOLDEN
from evals.gate import check_gate, make_baseline
from evals.golden import load_golden
from evals.report import write_report
from evals.runner import run_eval
from ingest.embed import HashingEmbedder


def _page():
    return AppTest.from_string(page_script("evals"), default_timeout=120).run()


@pytest.fixture
def evals_lib(tmp_path, monkeypatch):
    lib = build_library(tmp_path, payload=False)
    point_app_at(monkeypatch, lib)
    return lib


def write_run(lib) -> dict:
    """A real eval run over part of the golden set, against a baseline that was better."""
    items = load_golden(DEFAULT_GOLDEN, "dev")[:12]
    assistant = build_assistant(lib.settings, embedder=HashingEmbedder())
    run = run_eval(items, assistant, assistant.lookup, assistant.embedder)
    baseline = make_baseline(run)
    failing = [r["id"] for r in run.records if not r["passed"]]
    assert failing, "the hashing library fails some golden questions"
    baseline["questions"][failing[0]]["passed"] = True  # it passed before: now a regression
    baseline["questions"][failing[0]]["critical"] = True
    baseline["metrics"]["dev"]["mrr"] = (run.aggregates["dev"]["mrr"] or 0) + 0.3
    gate = check_gate(run, baseline)
    assert not gate.ok
    write_report(run, gate, baseline, lib.data / "reports" / "latest")
    return {"run": run, "gate": gate, "regressed": failing[0], "baseline": baseline}


def test_app_evals_without_a_run(evals_lib):
    at = _page()
    assert not at.exception
    assert at.info and "No eval run yet" in at.info[0].value


def test_app_evals_shows_latest_run_against_baseline(evals_lib):
    written = write_run(evals_lib)
    at = _page()
    assert not at.exception, [e.value for e in at.exception]
    at.radio(key="eval_split").set_value("dev").run()
    assert at.metric[0].value == "FAIL"
    assert at.metric[1].value == "12"
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert f"critical question {written['regressed']} regressed" in errors
    assert "mrr (dev) fell" in errors
    metrics = at.dataframe[0].value.set_index("metric")
    assert metrics.loc["mrr", "gate"] == "FAIL"
    assert metrics.loc["mrr", "baseline"] == pytest.approx(
        written["baseline"]["metrics"]["dev"]["mrr"]
    )
    questions = at.dataframe[1].value
    assert questions.iloc[0]["id"] == written["regressed"]
    assert questions.iloc[0]["status"] == "REGRESSED"
    statuses = [s.lower() for s in questions["status"]]
    order = {"regressed": 0, "failing": 1, "fixed": 2, "passing": 3}
    assert statuses == sorted(statuses, key=order.__getitem__)
    at.radio(key="eval_split").set_value("all").run()
    assert not at.exception
    assert at.dataframe[0].value.set_index("metric").loc["mrr", "gate"] == "pass"


def test_app_evals_run_button_runs_the_suite(evals_lib):
    at = _page()
    at.selectbox(key="eval_run_split").set_value("holdout").run()
    next(b for b in at.button if b.label == "Run the eval suite").click().run(timeout=300)
    assert not at.exception, [e.value for e in at.exception]
    assert at.progress[0].value == 100
    n = len(load_golden(DEFAULT_GOLDEN, "holdout"))
    assert at.progress[0].proto.text == f"Finished: {n} of {n} questions asked"
    assert "report:" in at.code[0].value
    reports = list((evals_lib.data / "reports").glob("app-*/results.json"))
    assert len(reports) == 1
    results = json.loads(reports[0].read_text())
    assert len(results["run"]["records"]) == n
    assert at.metric[1].value == str(n), "the page shows the run it just made"
