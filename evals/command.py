"""The `caselearn eval` command: run the golden set, write a report, gate against the baseline."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from evals.gate import check_gate, load_baseline, write_baseline
from evals.golden import GoldenError, load_golden
from evals.report import render_terminal, results_payload, write_report
from evals.runner import Record, run_eval

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLDEN = PROJECT_ROOT / "evals" / "golden" / "golden.jsonl"
DEFAULT_BASELINE = PROJECT_ROOT / "evals" / "baseline.json"


class EvalSetupError(click.ClickException):
    """Bad input or a broken assistant: exit 2, so it is not mistaken for a gate failure."""

    exit_code = 2


def _build(top_k: int | None, settings: Any | None = None) -> tuple[Any, Any]:
    """Settings plus the real assistant (imported lazily: it is heavy and may not exist yet)."""
    from caselearn.settings import Settings

    settings = settings if settings is not None else Settings()
    if top_k is not None:
        settings.retrieval.top_k = top_k
    try:
        from assistant.factory import build_assistant
    except ImportError as exc:
        raise EvalSetupError(f"cannot import assistant.factory.build_assistant: {exc}") from exc
    try:
        return settings, build_assistant(settings)
    except Exception as exc:  # surface as a setup error (exit 2), not a gate failure (exit 1)
        logger.debug("build_assistant failed", exc_info=True)
        raise EvalSetupError(f"could not build the assistant: {exc!r}") from exc


def _judge(settings: Any) -> Any:
    """The configured chat model at temperature 0 as a disk-cached, advisory judge."""
    from assistant.chat_models import make_chat_model
    from evals.metrics.llm_judge import LLMJudge

    llm = settings.llm.model_copy(update={"temperature": 0.0})
    try:
        model = make_chat_model(llm)
    except Exception as exc:
        raise EvalSetupError(f"--judge needs a configured LLM: {exc}") from exc
    return LLMJudge(model, Path(settings.data_dir) / "judge_cache.json")


def _progress(i: int, n: int, rec: Record) -> None:
    """One stderr line per question."""
    click.echo(f"[{i}/{n}] {rec['id']} {'pass' if rec['passed'] else 'FAIL'}", err=True)


@click.command("eval")
@click.option(
    "--golden",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_GOLDEN,
    show_default=True,
    help="Golden JSONL file.",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "holdout", "all"]),
    default="all",
    show_default=True,
    help="Which golden split to run.",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="Baseline JSON to gate against.",
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Report directory [default: <data_dir>/reports/eval-<timestamp>].",
)
@click.option(
    "--update-baseline", is_flag=True, help="Write this run as the new baseline (keeps tolerances)."
)
@click.option("--json", "as_json", is_flag=True, help="Print results JSON to stdout.")
@click.option("--top-k", type=click.IntRange(min=1), default=None, help="Override retrieval top-k.")
@click.option(
    "--judge",
    is_flag=True,
    help="Add the advisory LLM-judge tier (needs [llm] settings; cached; never gated).",
)
@click.pass_context
def eval_command(
    ctx: click.Context,
    golden: Path,
    split: str,
    baseline: Path,
    report_dir: Path | None,
    update_baseline: bool,
    as_json: bool,
    top_k: int | None,
    judge: bool,
) -> None:
    """Evaluate the assistant on the golden set and gate against the baseline.

    Exit codes: 0 gate passed (or no baseline yet), 1 gate failed, 2 setup error.
    """
    try:
        items = load_golden(golden, split)
    except (OSError, GoldenError) as exc:
        raise EvalSetupError(f"golden set: {exc}") from exc
    try:
        old = load_baseline(baseline)
    except (OSError, ValueError) as exc:
        raise EvalSetupError(f"baseline: {exc}") from exc
    settings, assistant = _build(top_k, (ctx.obj or {}).get("settings"))
    llm_judge = _judge(settings) if judge else None
    run = run_eval(
        items,
        assistant,
        assistant.lookup,
        assistant.embedder,
        progress=_progress,
        judge=llm_judge,
    )
    run.config.update(split=split, top_k=settings.retrieval.top_k, golden=str(golden))
    from evals.quiz_eval import add_quiz_metrics

    add_quiz_metrics(run, settings)
    gate = check_gate(run, old)
    if report_dir is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        report_dir = Path(settings.data_dir) / "reports" / f"eval-{stamp}"
    paths = write_report(run, gate, old, report_dir)
    if as_json:
        click.echo(json.dumps(results_payload(run, gate, old), indent=2))
    click.echo(render_terminal(run, gate, old), err=as_json)
    click.echo(f"report: {paths['html']}", err=True)
    if update_baseline:
        if old is not None and not gate.ok:
            click.echo("note: this run would have failed the previous baseline", err=True)
        write_baseline(run, baseline)
        click.echo(f"baseline updated: {baseline}", err=True)
        return
    if old is None:
        click.echo(
            f"warning: no baseline at {baseline}; run with --update-baseline to create one",
            err=True,
        )
        return
    if not gate.ok:
        click.echo("eval gate FAILED:", err=True)
        for reason in gate.reasons:
            click.echo(f"  - {reason}", err=True)
        raise click.exceptions.Exit(1)
