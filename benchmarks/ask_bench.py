"""Ask latency: cold start (process start to printed answer) and warm per-question p50/p95.

Usage: python benchmarks/ask_bench.py [--runs 3] [--json]
Needs an ingested library (`caselearn ingest corpus/`). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[idx]


def cold_start(runs: int) -> list[float]:
    """Wall seconds for `caselearn ask --json` in a fresh process, start to answer."""
    exe = Path(sys.executable).with_name("caselearn")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "ask", "--json", "What did the reviews say about fathers?"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
    return times


def warm(passes: int) -> dict[str, float]:
    """Per-question milliseconds over the golden questions, one process, after a warm-up."""
    from assistant.factory import build_assistant
    from caselearn.settings import Settings
    from evals.golden import load_golden

    assistant = build_assistant(Settings())
    questions = [i.question for i in load_golden(ROOT / "evals/golden/golden.jsonl", "all")]
    assistant.ask("warm-up question about neglect")
    times: list[float] = []
    for _ in range(passes):
        for q in questions:
            t = time.perf_counter()
            assistant.ask(q)
            times.append((time.perf_counter() - t) * 1000)
    return {
        "questions": len(questions) * passes,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="cold-start runs")
    parser.add_argument("--passes", type=int, default=1, help="passes over the golden questions")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cold = cold_start(args.runs)
    result = {
        "cold_start_s": {"runs": cold, "median": round(statistics.median(cold), 2)},
        "warm_extractive": warm(args.passes),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"cold start (process start to answer): median {result['cold_start_s']['median']} s")
    w = result["warm_extractive"]
    print(
        f"warm extractive over {w['questions']} questions: p50 {w['p50_ms']} ms, p95 {w['p95_ms']} ms"
    )


if __name__ == "__main__":
    main()
