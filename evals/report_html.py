"""Self-contained HTML report: inline CSS, inline SVG bar charts, no scripts or external assets."""

from __future__ import annotations

import html
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
from evals.runner import EvalRun, Record

# Metrics on a 0..1 scale, drawn as bars.
CHART_METRICS = (
    "pass_rate",
    "hit@5",
    "recall@5",
    "recall@10",
    "mrr",
    "ndcg@10",
    "coverage",
    "citation_precision",
    "citation_validity",
    "support",
    "abstention_accuracy",
    "false_refusal_rate",
    "false_answer_rate",
    "out_of_scope_handled",
    "judge_faithfulness",
)
QUESTION_METRICS = ("hit@5", "coverage", "citation_validity", "support", "latency_ms")

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
h1 .badge{font-size:.7em;padding:.2em .6em;border-radius:4px;color:#fff;vertical-align:middle}
.PASS{background:#2e7d32}.FAIL{background:#c62828}.NO{background:#777}
table{border-collapse:collapse;margin:1em 0;width:100%}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.regressed td{background:#ffd6d6}tr.failing td{background:#fff3e0}
tr.fixed td{background:#e8f5e9}tr.badmetric td{background:#ffd6d6}
.reasons li{color:#b71c1c}.warnings li{color:#8d6e00}
details{margin:.2em 0}pre{white-space:pre-wrap;margin:.3em 0;font-size:13px}
svg text{font:12px system-ui,sans-serif}
"""


def e(value: Any) -> str:
    """HTML-escape anything (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def svg_chart(values: dict[str, float | None], base: dict[str, Any], bad: set[str]) -> str:
    """Horizontal bars: current (blue, or red when the gate failed it) over baseline (grey)."""
    names = [m for m in CHART_METRICS if values.get(m) is not None or base.get(m) is not None]
    label_w, bar_w, row_h, top = 170, 360, 28, 24
    height = top + row_h * len(names) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" '
        f'height="{height}" role="img" aria-label="metrics against baseline">',
        f'<rect x="{label_w}" y="4" width="12" height="10" fill="#1565c0"/>'
        f'<text x="{label_w + 16}" y="13">current</text>'
        f'<rect x="{label_w + 80}" y="4" width="12" height="10" fill="#9e9e9e"/>'
        f'<text x="{label_w + 96}" y="13">baseline</text>',
    ]
    for i, m in enumerate(names):
        y = top + i * row_h
        cur, old = values.get(m), base.get(m)
        colour = "#c62828" if m in bad else "#1565c0"
        parts.append(f'<text x="0" y="{y + 13}">{e(m)}</text>')
        for val, fill, dy, h in ((cur, colour, 0, 12), (old, "#9e9e9e", 14, 7)):
            if val is None:
                continue
            w = max(0.0, min(1.0, float(val))) * bar_w
            parts.append(
                f'<rect x="{label_w}" y="{y + dy}" width="{w:.1f}" height="{h}" fill="{fill}">'
                f"<title>{e(m)}: {e(fmt(val, m))}</title></rect>"
            )
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 11}">{e(fmt(cur, m))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _metric_table(run: EvalRun, split: str, baseline: dict[str, Any] | None, bad: set) -> str:
    """Metric | current | baseline | n scorable rows for one split."""
    rows = ["<tr><th>metric</th><th>current</th><th>baseline</th><th>n scorable</th></tr>"]
    for m in metric_names(run):
        cls = ' class="badmetric"' if (split, m) in bad else ""
        rows.append(
            f"<tr{cls}><td>{e(m)}</td><td class=num>{e(fmt(run.aggregates[split].get(m), m))}</td>"
            f"<td class=num>{e(fmt(baseline_value(baseline, split, m), m))}</td>"
            f"<td class=num>{e(run.scorable.get(split, {}).get(m, 0))}</td></tr>"
        )
    return "<table>" + "".join(rows) + "</table>"


def _details(rec: Record) -> str:
    """Collapsible answer, citations, failure reasons and misses for one question."""
    cites = "".join(
        f"<li>[{e(c['n'])}] {e(c['source'])} p.{e(c['page'])} "
        f"{'valid' if c['valid'] else 'INVALID: ' + e(c['reason'])}<pre>{e(c['quote'])}</pre></li>"
        for c in rec["citations"]
    )
    extra = [f"<li>{e(r)}</li>" for r in rec["fail_reasons"]]
    extra += [f"<li>missed point: {e(p)}</li>" for p in rec["missed_points"]]
    extra += [
        f"<li>unsupported: {e(s['text'])} ({e(s['reason'])})</li>"
        for s in rec["unsupported_sentences"]
    ]
    return (
        f"<details><summary>{e(rec['question'])}</summary>"
        f"<pre>{e(rec['answer'])}</pre>"
        f"<p>expected: {e(', '.join(rec['expected_sources']))}<br>"
        f"retrieved: {e(', '.join(rec['retrieved_sources']))}</p>"
        f"<ul>{''.join(extra)}</ul><ol>{cites}</ol></details>"
    )


def _questions_table(run: EvalRun, baseline: dict[str, Any] | None) -> str:
    """Per-question rows, regressions first, with the baseline pass state alongside."""
    head = "".join(
        f"<th>{e(h)}</th>"
        for h in ("status", "id", "split", "tags", "baseline", *QUESTION_METRICS, "question")
    )
    rows = [f"<tr>{head}</tr>"]
    questions = (baseline or {}).get("questions", {})
    for status, rec in ordered_records(run, baseline):
        base = questions.get(rec["id"])
        was = "n/a" if base is None else ("passed" if base.get("passed") else "failed")
        now = "passed" if rec["passed"] else "failed"
        label = f"{was} \u2192 {now}" if status in ("regressed", "fixed") else status
        nums = "".join(
            f"<td class=num>{e(fmt(rec['metrics'].get(m), m))}</td>" for m in QUESTION_METRICS
        )
        rows.append(
            f'<tr class="{e(status)}"><td>{e(label)}</td><td>{e(rec["id"])}</td>'
            f"<td>{e(rec['split'])}</td><td>{e(', '.join(rec['tags']))}</td>"
            f"<td>{e(was)}</td>{nums}<td>{_details(rec)}</td></tr>"
        )
    return "<table>" + "".join(rows) + "</table>"


def render_html(run: EvalRun, gate: GateResult, baseline: dict[str, Any] | None) -> str:
    """The whole report page."""
    label = gate_label(gate)
    bad = failed_metrics(gate)
    body = [
        f'<h1>caselearn eval <span class="badge {e(label.split()[0])}">{e(label)}</span></h1>',
        f"<p>run {e(run.started)}, {len(run.records)} questions, golden version "
        f"{e(run.golden_version)}, {e(run.duration_s)} s</p>",
    ]
    for cls, lines in (("reasons", gate.reasons), ("warnings", gate.warnings), ("", gate.notes)):
        if lines:
            items = "".join(f"<li>{e(x)}</li>" for x in lines)
            body.append(f'<ul class="{cls}">{items}</ul>')
    for split, values in run.aggregates.items():
        base = (baseline or {}).get("metrics", {}).get(split, {})
        split_bad = {m for s, m in bad if s == split}
        body += [f"<h2>{e(split)}</h2>", svg_chart(values, base, split_bad)]
        body.append(_metric_table(run, split, baseline, bad))
    body += ["<h2>Questions</h2>", _questions_table(run, baseline)]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>caselearn eval {e(run.started)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
