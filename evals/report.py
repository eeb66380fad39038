"""Write an eval run to a report dir (results.json, summary.md, report.html) and print summaries."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from evals.gate import GateResult
from evals.report_data import (
    baseline_value,
    failed_metrics,
    fmt,
    gate_label,
    metric_names,
    ordered_records,
)
from evals.report_html import render_html
from evals.runner import EvalRun

logger = logging.getLogger(__name__)


def render_markdown(run: EvalRun, gate: GateResult, baseline: dict[str, Any] | None) -> str:
    """Markdown summary: gate, per-split metric tables and failing questions."""
    out = [f"# caselearn eval ({run.started})", "", f"**Gate: {gate_label(gate)}**", ""]
    for title, lines in (("Reasons", gate.reasons), ("Warnings", gate.warnings)):
        if lines:
            out += [f"## {title}", "", *[f"- {line}" for line in lines], ""]
    bad = failed_metrics(gate)
    for split, values in run.aggregates.items():
        counts = run.scorable.get(split, {})
        out += [f"## Metrics: {split}", "", "| metric | current | baseline | n scorable | gate |"]
        out.append("| --- | ---: | ---: | ---: | --- |")
        for m in metric_names(run):
            flag = "FAIL" if (split, m) in bad else ""
            base = fmt(baseline_value(baseline, split, m), m)
            out.append(f"| {m} | {fmt(values.get(m), m)} | {base} | {counts.get(m, 0)} | {flag} |")
        out.append("")
    failing = [(s, r) for s, r in ordered_records(run, baseline) if not r["passed"]]
    out += ["## Failing questions", ""]
    if not failing:
        out += ["None.", ""]
    else:
        out += ["| id | split | status | reasons |", "| --- | --- | --- | --- |"]
        for status, rec in failing:
            why = "; ".join(rec["fail_reasons"]).replace("|", "\\|").replace("\n", " ")
            out.append(f"| {rec['id']} | {rec['split']} | {status} | {why} |")
        out.append("")
    return "\n".join(out)


def render_terminal(run: EvalRun, gate: GateResult, baseline: dict[str, Any] | None) -> str:
    """Plain-text table: one row per metric, 'current (baseline)' per split, then the gate."""
    splits = list(run.aggregates)
    names = metric_names(run)
    bad = failed_metrics(gate)
    header = ["metric", *splits]
    rows = [header]
    for m in names:
        cells = [m]
        for s in splits:
            cell = fmt(run.aggregates[s].get(m), m)
            base = baseline_value(baseline, s, m)
            if base is not None:
                cell += f" ({fmt(base, m)})"
            cells.append(cell + (" !" if (s, m) in bad else ""))
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    if baseline is not None:
        lines.append("values are current (baseline); ! marks a gate failure")
    lines.append(f"gate: {gate_label(gate)}")
    lines += [f"  FAIL {r}" for r in gate.reasons] + [f"  warn {w}" for w in gate.warnings]
    return "\n".join(lines)


def results_payload(
    run: EvalRun, gate: GateResult, baseline: dict[str, Any] | None
) -> dict[str, Any]:
    """Everything in results.json: run (records + aggregates), gate, and each question's status."""
    return {
        "run": run.to_dict(),
        "gate": gate.to_dict(),
        "status": {r["id"]: s for s, r in ordered_records(run, baseline)},
    }


def write_report(
    run: EvalRun, gate: GateResult, baseline: dict[str, Any] | None, out_dir: str | Path
) -> dict[str, Path]:
    """Write results.json, summary.md and report.html into out_dir; returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "results": out / "results.json",
        "summary": out / "summary.md",
        "html": out / "report.html",
    }
    payload = results_payload(run, gate, baseline)
    paths["results"].write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    paths["summary"].write_text(render_markdown(run, gate, baseline), encoding="utf-8")
    paths["html"].write_text(render_html(run, gate, baseline), encoding="utf-8")
    logger.info("wrote eval report to %s", out)
    return paths
