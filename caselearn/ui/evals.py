"""Evals page: the latest eval run against the baseline, failing questions first; run the suite."""

from __future__ import annotations

import logging
from collections import deque

import altair as alt
import streamlit as st

from caselearn.ui import state
from caselearn.ui.eval_runs import (
    PROGRESS_LINE,
    chart_rows,
    latest_report,
    load_results,
    metric_rows,
    question_rows,
    run_suite,
    splits,
)
from caselearn.ui.render import escape_label

logger = logging.getLogger(__name__)

GATE_LABELS = {True: "PASS", False: "FAIL"}
STATUS_LABELS = {
    "regressed": "REGRESSED",
    "failing": "failing",
    "fixed": "fixed",
    "passing": "passing",
}


def metrics_chart(rows: list[dict]) -> alt.Chart:
    """Rates (0 to 1) as horizontal bars, the baseline's beside the current run's."""
    data = chart_rows(rows)
    return (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            y=alt.Y("metric:N", title=None, sort=[r["metric"] for r in rows],
                    axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("run:N", sort=["baseline", "current"]),
            x=alt.X("value:Q", title=None, scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("run:N", title=None,
                            scale=alt.Scale(domain=["baseline", "current"],
                                            range=["#b0b7c3", "#1f5fa8"])),
            tooltip=["metric:N", "run:N", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=alt.Step(20 if any(r["run"] == "baseline" for r in data) else 16))
    )  # fmt: skip


def show_report(settings) -> None:
    report = latest_report(settings)
    if report is None:
        st.info("No eval run yet: run the suite below (or `make test`, which runs the gate).")
        return
    results = load_results(report)
    gate, run = results["gate"], results["run"]
    label = "NO BASELINE" if not gate.get("has_baseline", True) else GATE_LABELS[gate["ok"]]
    cols = st.columns(4)
    cols[0].metric("Gate", label)
    cols[1].metric("Questions", len(run["records"]))
    cols[2].metric("Failing", sum(1 for r in run["records"] if not r["passed"]))
    cols[3].metric("Duration", f"{run['duration_s']:.0f} s")
    st.caption(escape_label(f"Run {run['started']} · report {report}"))
    for reason in gate.get("reasons", []):
        st.error(escape_label(reason))
    for warning in gate.get("warnings", []):
        st.warning(escape_label(warning))
    split = st.radio("Split", splits(results), horizontal=True, key="eval_split")
    rows = metric_rows(results, split)
    st.subheader("Metrics against the baseline")
    st.altair_chart(metrics_chart(rows), width="stretch")
    st.dataframe([{k: v for k, v in r.items() if k != "rate"} for r in rows], hide_index=True)
    st.subheader("Questions, failing first")
    questions = question_rows(results)
    for q in questions:
        q["status"] = STATUS_LABELS.get(q["status"], q["status"])
    st.dataframe(questions, hide_index=True,
                 column_config={"question": st.column_config.TextColumn(width="large"),
                                "why": st.column_config.TextColumn(width="large")})  # fmt: skip
    html_report = report / "report.html"
    if html_report.is_file():
        st.download_button("Full report (HTML)", html_report.read_bytes(), file_name="report.html",
                           mime="text/html", icon=":material/download:")  # fmt: skip


def run_panel(settings) -> None:
    st.subheader("Run the suite")
    st.caption("Asks every golden question and scores the answers: this takes a few minutes.")
    split = st.selectbox("Golden split", ["all", "dev", "holdout"], key="eval_run_split")
    if not st.button("Run the eval suite", type="primary", icon=":material/play_arrow:"):
        return
    bar = st.progress(0.0, text="Starting (loading the model)…")
    tail: deque[str] = deque(maxlen=15)
    box = st.empty()
    asked = [0, 0]  # questions done, questions in all

    def on_line(line: str) -> None:
        m = PROGRESS_LINE.match(line)
        if m:
            asked[:] = int(m.group(1)), int(m.group(2))
            bar.progress(asked[0] / asked[1],
                         text=f"Question {asked[0]} of {asked[1]}: {m.group(3)} {m.group(4)}")  # fmt: skip
        if line.strip():
            tail.append(line)
            box.code("\n".join(tail), language=None)

    code, report = run_suite(settings, split, on_line)
    bar.progress(1.0, text=f"Finished: {asked[0]} of {asked[1]} questions asked")
    if code == 0:
        st.success(
            escape_label(f"Finished: the gate passed (or has no baseline). Report: {report}")
        )
    elif code == 1:
        st.error(escape_label(f"The gate failed (details above and below). Report: {report}"))
    else:
        st.error(f"The suite could not run (exit status {code}): see the output above.")


def render() -> None:
    st.title("Evals")
    settings = state.app_settings()
    report = st.container()  # filled last, so a run started below shows up in it at once
    st.divider()
    run_panel(settings)
    with report:
        show_report(settings)
