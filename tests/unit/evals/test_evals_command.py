"""The eval click command with a fake assistant factory (no model, no index)."""

from __future__ import annotations

import json
import sys
import types

import pytest
from click.testing import CliRunner

from evals.command import eval_command


@pytest.fixture
def cli(tmp_path, monkeypatch, fx, golden_row):
    """Golden file, fake assistant.factory honouring top_k, and an invoke helper."""
    monkeypatch.chdir(tmp_path)
    golden = fx.write_jsonl(
        tmp_path / "golden.jsonl",
        [golden_row("q1"), golden_row("q2", split="holdout", tags=[])],
    )
    seen: dict[str, int] = {}

    class FakeAssistant:
        def __init__(self, top_k: int) -> None:
            self.top_k = top_k
            self.lookup = fx.lookup
            self.embedder = None

        def ask(self, question: str):
            ans = fx.good_answer(sources=[fx.OTHER, fx.REVIEW])
            ans.passages = ans.passages[: self.top_k]  # the expected source ranks second
            return ans

    def build_assistant(settings):
        seen["top_k"] = settings.retrieval.top_k
        return FakeAssistant(settings.retrieval.top_k)

    factory = types.ModuleType("assistant.factory")
    factory.build_assistant = build_assistant  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assistant.factory", factory)
    baseline = tmp_path / "baseline.json"

    def invoke(*args: str):
        argv = ["--golden", str(golden), "--baseline", str(baseline)]
        argv += ["--report", str(tmp_path / "report"), *args]
        return CliRunner().invoke(eval_command, argv)

    return types.SimpleNamespace(invoke=invoke, baseline=baseline, seen=seen, tmp=tmp_path)


def test_no_baseline_then_update_then_pass_then_sabotage(cli):
    first = cli.invoke()
    assert first.exit_code == 0, first.output
    assert "no baseline" in first.output and not cli.baseline.exists()
    assert (cli.tmp / "report" / "report.html").is_file()

    update = cli.invoke("--update-baseline")
    assert update.exit_code == 0 and cli.baseline.is_file()

    again = cli.invoke()
    assert again.exit_code == 0, again.output
    assert "gate: PASS" in again.output

    sabotaged = cli.invoke("--top-k", "1")
    assert cli.seen["top_k"] == 1
    assert sabotaged.exit_code == 1
    assert "eval gate FAILED" in sabotaged.output
    assert "recall@5 (dev) fell from 1.00 to 0.00 (tolerance 0.02)" in sabotaged.output
    assert "critical question q1 regressed" in sabotaged.output


def test_json_output_and_split(cli):
    res = cli.invoke("--json", "--split", "dev")
    assert res.exit_code == 0
    payload = json.loads(res.stdout)
    assert [r["id"] for r in payload["run"]["records"]] == ["q1"]
    assert payload["run"]["config"]["split"] == "dev"


def test_bad_golden_is_a_setup_error(cli):
    (cli.tmp / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    res = CliRunner().invoke(eval_command, ["--golden", str(cli.tmp / "bad.jsonl")])
    assert res.exit_code == 2
    assert "bad.jsonl:1: invalid JSON" in res.output


def test_broken_assistant_is_a_setup_error(cli, monkeypatch):
    def broken(settings):
        raise FileNotFoundError("no index: run caselearn ingest first")

    monkeypatch.setattr(sys.modules["assistant.factory"], "build_assistant", broken)
    res = cli.invoke()
    assert res.exit_code == 2
    assert "could not build the assistant" in res.output and "no index" in res.output
