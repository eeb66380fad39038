"""Report files: results.json, summary.md, self-contained escaped report.html, terminal table."""

from __future__ import annotations

import json
import re

import pytest

from evals.gate import check_gate, make_baseline
from evals.report import render_terminal, write_report
from evals.runner import run_eval

EVIL = "<script>alert('x')</script>"


@pytest.fixture
def runs(fx):
    """(baseline run, current run): q-crit passes then regresses; q-evil has hostile text."""
    items = [
        fx.golden("q-crit", tags=["critical"]),
        fx.golden("q-ok"),
        fx.golden("q-evil", split="holdout", question=f"What about {EVIL}?"),
    ]
    evil_answer = fx.good_answer()
    evil_answer.answer += f"\n{EVIL} [1]"

    def run(regress: bool):
        crit = fx.answer("No.", abstained=True) if regress else fx.good_answer()
        canned = {
            "question q-crit?": crit,
            "question q-ok?": fx.good_answer(),
            f"What about {EVIL}?": evil_answer,
        }
        return run_eval(items, fx.FakeAnswerer(canned), fx.lookup, None)

    return run(False), run(True)


def test_report_files(tmp_path, runs):
    before, after = runs
    baseline = make_baseline(before)
    gate = check_gate(after, baseline)
    paths = write_report(after, gate, baseline, tmp_path / "rep")
    assert {p.name for p in paths.values()} == {"results.json", "summary.md", "report.html"}
    results = json.loads(paths["results"].read_text())
    assert results["gate"]["ok"] is False
    assert results["status"]["q-crit"] == "regressed"
    assert len(results["run"]["records"]) == 3
    assert results["run"]["aggregates"]["dev"]["pass_rate"] == 0.5
    summary = paths["summary"].read_text()
    assert "**Gate: FAIL**" in summary and "critical question q-crit regressed" in summary
    assert "| q-crit | dev | regressed |" in summary
    assert "## Metrics: holdout" in summary


def test_html_is_escaped_self_contained_and_failures_first(tmp_path, runs):
    before, after = runs
    baseline = make_baseline(before)
    page = write_report(after, check_gate(after, baseline), baseline, tmp_path)["html"].read_text()
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert not re.search(r"(src|href)=", page) and "@import" not in page
    assert page.count("<svg") == 3  # dev, holdout, all
    assert "passed \u2192 failed" in page
    rows = re.findall(r'<tr class="(\w+)"><td>[^<]*</td><td>([^<]+)</td>', page)
    assert rows[0] == ("regressed", "q-crit")
    assert [r[0] for r in rows[1:]] == ["passing", "passing"]


def test_html_without_baseline(tmp_path, runs):
    _, after = runs
    page = write_report(after, check_gate(after, None), None, tmp_path)["html"].read_text()
    assert "NO BASELINE" in page and "<script" not in page.lower()


def test_terminal_summary(runs):
    before, after = runs
    baseline = make_baseline(before)
    text = render_terminal(after, check_gate(after, baseline), baseline)
    lines = text.splitlines()
    assert lines[0].split() == ["metric", "dev", "holdout", "all"]
    pass_row = next(line for line in lines if line.startswith("pass_rate"))
    assert "0.500 (1.000) !" in pass_row
    assert "gate: FAIL" in text and "FAIL critical question q-crit regressed" in text
