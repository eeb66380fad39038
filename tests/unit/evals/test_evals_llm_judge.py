"""LLM judge tier: caching, parsing, LangChain-style models, no import-time langchain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from evals.metrics.llm_judge import LLMJudge, parse_verdict

REPLY = '{"verdict": "partial", "reason": "one claim lacks support"}'


class CountingJudge:
    def __init__(self, reply: str = REPLY) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.reply


class FakeChatModel:
    """Mimics a LangChain chat model: .invoke returns a message with .content."""

    class Message:
        content = [{"type": "text", "text": '{"verdict": "supported", "reason": "ok"}'}]

    def invoke(self, prompt: str):
        return self.Message()


def test_caches_on_disk_by_prompt_hash(tmp_path):
    cache = tmp_path / "judge" / "cache.json"
    judge_fn = CountingJudge()
    judge = LLMJudge(judge_fn, cache)
    first = judge.faithfulness("q?", "The father was unseen [1].", ["father unseen"])
    again = judge.faithfulness("q?", "The father was unseen [1].", ["father unseen"])
    assert first == again and first is not None and first.score == 0.5
    assert len(judge_fn.prompts) == 1
    stored = json.loads(cache.read_text())
    assert list(stored) == [LLMJudge.key(judge_fn.prompts[0])]
    fresh_fn = CountingJudge("should not be called")
    reloaded = LLMJudge(fresh_fn, cache)
    assert reloaded.faithfulness("q?", "The father was unseen [1].", ["father unseen"]) == first
    assert fresh_fn.prompts == []


def test_langchain_style_model_and_unscorable():
    judge = LLMJudge(FakeChatModel())
    verdict = judge.faithfulness("q?", "answer", ["quote"])
    assert verdict is not None and verdict.label == "supported" and verdict.score == 1.0
    assert judge.faithfulness("q?", "answer", []) is None
    assert LLMJudge(CountingJudge("no idea")).faithfulness("q?", "a", ["q"]) is None


def test_judge_failure_is_not_fatal():
    def broken(prompt: str) -> str:
        raise TimeoutError("down")

    assert LLMJudge(broken).faithfulness("q?", "a", ["q"]) is None


def test_parse_verdict():
    assert parse_verdict('Sure! {"verdict": "Unsupported", "reason": "x"}').score == 0.0
    assert parse_verdict("I think it is supported overall.").label == "supported"
    assert parse_verdict("unclear") is None


def test_module_does_not_import_langchain():
    root = Path(__file__).resolve().parents[3]
    code = (
        "import sys, evals.metrics.llm_judge, evals.runner\n"
        "bad = [m for m in sys.modules if m.startswith('langchain')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], cwd=root, check=True, env={"PYTHONPATH": str(root)}
    )
