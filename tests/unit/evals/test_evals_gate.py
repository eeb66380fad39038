"""Regression gate against a baseline."""

from __future__ import annotations

import copy
import json

import pytest

from evals.gate import DEFAULT_TOLERANCES, check_gate, load_baseline, make_baseline, write_baseline
from evals.runner import run_eval


@pytest.fixture
def make_run(fx):
    """Run two dev items and one holdout item; `miss` drops the expected source from q2."""

    def run(miss: bool = False, latency: float = 100.0, critical_fails: bool = False):
        items = [
            fx.golden("q1", tags=["critical"]),
            fx.golden("q2"),
            fx.golden("h1", split="holdout"),
        ]
        q1 = fx.answer("I cannot say.", abstained=True) if critical_fails else fx.good_answer()
        q2 = fx.good_answer(sources=[fx.OTHER] if miss else None)
        for ans in (q1, q2):
            ans.timings_ms["total"] = latency
        canned = {"question q1?": q1, "question q2?": q2, "question h1?": fx.good_answer()}
        return run_eval(items, fx.FakeAnswerer(canned), fx.lookup, None)

    return run


def test_equal_run_passes(make_run):
    run = make_run()
    gate = check_gate(run, make_baseline(run))
    assert gate.ok and gate.reasons == [] and gate.has_baseline
    assert any(c.metric == "recall@5" and c.gated for c in gate.comparisons)


def test_metric_drop_fails_with_readable_reason(make_run):
    baseline = make_baseline(make_run())
    gate = check_gate(make_run(miss=True), baseline)
    assert not gate.ok
    assert "recall@5 (dev) fell from 1.00 to 0.50 (tolerance 0.02)" in gate.reasons
    assert all("(holdout)" not in r for r in gate.reasons)


def test_drop_within_tolerance_passes(make_run):
    run = make_run()
    baseline = make_baseline(run)
    baseline["metrics"]["dev"]["coverage"] = 1.015
    assert check_gate(run, baseline).ok
    baseline["metrics"]["dev"]["coverage"] = 1.03
    assert not check_gate(run, baseline).ok


def test_lower_is_better_and_latency(make_run):
    run = make_run(latency=100.0)
    baseline = make_baseline(run)
    baseline["metrics"]["dev"]["false_refusal_rate"] = 0.0
    run.aggregates["dev"]["false_refusal_rate"] = 0.1
    gate = check_gate(run, baseline)
    assert "false_refusal_rate (dev) rose from 0.00 to 0.10 (tolerance 0.02)" in gate.reasons
    ok_slow = make_run(latency=190.0)  # limit 100 * 1.5 + 50 = 200
    assert check_gate(ok_slow, make_baseline(run)).ok
    too_slow = check_gate(make_run(latency=210.0), make_baseline(run))
    assert not too_slow.ok
    assert any(r.startswith("latency_p95_ms (dev) rose from") for r in too_slow.reasons)


def test_critical_regression_fails_and_noncritical_is_a_note(make_run):
    baseline = make_baseline(make_run())
    tolerant = copy.deepcopy(baseline)
    tolerant["tolerances"] = {m: 1.0 for m in DEFAULT_TOLERANCES}
    gate = check_gate(make_run(critical_fails=True), tolerant)
    assert not gate.ok
    assert gate.reasons == ["critical question q1 regressed: abstained on an answerable question"]
    gate = check_gate(make_run(miss=True), tolerant)
    assert gate.ok
    assert any(n.startswith("question q2 regressed (not critical)") for n in gate.notes)


def test_no_baseline_passes_with_warning(make_run):
    gate = check_gate(make_run(), None)
    assert gate.ok and not gate.has_baseline and gate.warnings


def test_unscorable_metric_and_judge_never_gated(make_run):
    run = make_run()
    baseline = make_baseline(run)
    baseline["metrics"]["dev"]["judge_faithfulness"] = 1.0
    baseline["tolerances"]["judge_faithfulness"] = 0.0
    assert check_gate(run, baseline).ok
    run.aggregates["dev"]["support"] = None
    gate = check_gate(run, baseline)
    assert gate.reasons == ["support (dev) could not be scored (baseline 1.00)"]


def test_partial_run_skips_all_split(make_run, fx):
    full = make_run()
    baseline = make_baseline(full)
    baseline["metrics"]["all"]["pass_rate"] = 1.5  # would fail if compared
    dev_only = run_eval(
        [fx.golden("q1", tags=["critical"])],
        fx.FakeAnswerer({"question q1?": fx.good_answer()}),
        fx.lookup,
        None,
    )
    gate = check_gate(dev_only, baseline)
    assert gate.ok and any("'all' not compared" in n for n in gate.notes)
    merged = make_baseline(dev_only, baseline)
    assert merged["metrics"]["all"]["pass_rate"] == 1.5  # kept: the run was partial
    assert merged["metrics"]["holdout"] == baseline["metrics"]["holdout"]


def test_write_baseline_keeps_tolerances(tmp_path, make_run):
    path = tmp_path / "baseline.json"
    assert load_baseline(path) is None
    first = write_baseline(make_run(), path)
    assert first["tolerances"] == DEFAULT_TOLERANCES
    data = json.loads(path.read_text())
    data["tolerances"] = {"recall@5": 0.5}
    path.write_text(json.dumps(data))
    second = write_baseline(make_run(miss=True), path)
    assert second["tolerances"] == {"recall@5": 0.5}
    loaded = load_baseline(path)
    assert loaded is not None and loaded["metrics"]["dev"]["recall@5"] == 0.5
    assert loaded["questions"]["q2"]["passed"] is False
    assert set(loaded) == {"version", "created", "metrics", "questions", "tolerances"}
    path.write_text("{}")
    with pytest.raises(ValueError, match="needs a 'metrics' object"):
        load_baseline(path)
