"""Eval runs for the Evals page: find and read the latest report, run the suite in a subprocess."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from caselearn.settings import PROJECT_ROOT, Settings
from evals.report_data import STATUS_ORDER, SUMMARY_METRICS

logger = logging.getLogger(__name__)

PROGRESS_LINE = re.compile(r"^\[(\d+)/(\d+)\]\s+(\S+)\s+(pass|FAIL)")
# Shown in the chart: rates between 0 and 1 (counts, words and latency go in the table only).
NOT_RATES = ("n_items", "answer_words_mean")


def reports_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / "reports"


def latest_report(settings: Settings) -> Path | None:
    """The most recently written report folder under <data_dir>/reports/, or None."""
    found = [p.parent for p in reports_dir(settings).glob("*/results.json")]
    return max(found, key=lambda p: (p / "results.json").stat().st_mtime, default=None)


def load_results(report: Path) -> dict[str, Any]:
    return json.loads((report / "results.json").read_text(encoding="utf-8"))


def splits(results: dict[str, Any]) -> list[str]:
    """Splits with aggregates, "all" first."""
    names = list(results["run"]["aggregates"])
    return sorted(names, key=lambda s: (s != "all", s))


def metric_rows(results: dict[str, Any], split: str) -> list[dict[str, Any]]:
    """Summary metrics of one split: current, baseline (None without one) and the gate's verdict."""
    current = results["run"]["aggregates"].get(split, {})
    comps = {c["metric"]: c for c in results["gate"].get("comparisons", []) if c["split"] == split}
    rows = []
    for m in SUMMARY_METRICS:
        if m not in current and m not in comps:
            continue
        c = comps.get(m, {})
        gated = bool(c.get("gated"))
        rows.append({
            "metric": m,
            "current": current.get(m),
            "baseline": c.get("baseline"),
            "gate": ("pass" if c.get("ok", True) else "FAIL") if gated else "",
            "rate": m not in NOT_RATES and not m.endswith("_ms"),
        })  # fmt: skip
    return rows


def chart_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Long form for a grouped bar chart: one row per (rate metric, current|baseline)."""
    out = []
    for r in rows:
        if not r["rate"]:
            continue
        for which in ("current", "baseline"):
            if r[which] is not None:
                out.append({"metric": r["metric"], "run": which, "value": r[which]})
    return out


def question_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per question, regressions and failures first."""
    status = results.get("status", {})
    rows = [
        {
            "status": status.get(r["id"], "passing" if r["passed"] else "failing"),
            "id": r["id"],
            "split": r["split"],
            "critical": r["critical"],
            "question": r["question"],
            "why": "; ".join(r["fail_reasons"]),
        }
        for r in results["run"]["records"]
    ]
    return sorted(rows, key=lambda r: (STATUS_ORDER.get(r["status"], 9), r["split"], r["id"]))


def eval_command(split: str, report_dir: Path) -> list[str]:
    """The suite as a command line: `caselearn eval` in this interpreter."""
    return [sys.executable, "-m", "caselearn.cli", "eval", "--split", split, "--report",
            str(report_dir)]  # fmt: skip


def new_report_dir(settings: Settings) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return (reports_dir(settings) / f"app-{stamp}").resolve()


def run_suite(settings: Settings, split: str, on_line: Callable[[str], None]) -> tuple[int, Path]:
    """Run the eval suite in a subprocess, passing each output line on; (exit code, report dir)."""
    report = new_report_dir(settings)
    env = {**os.environ, "CASELEARN_DATA_DIR": str(Path(settings.data_dir).resolve()),
           "CASELEARN_CORPUS_DIR": str(Path(settings.corpus_dir).resolve()),
           "PYTHONUNBUFFERED": "1"}  # fmt: skip
    cmd = eval_command(split, report)
    logger.info("running the eval suite: %s", " ".join(cmd))
    with subprocess.Popen(
        cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, bufsize=1,
    ) as proc:  # fmt: skip
        assert proc.stdout is not None
        for line in proc.stdout:
            on_line(line.rstrip("\n"))
        code = proc.wait()
    return code, report
