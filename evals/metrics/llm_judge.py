"""Optional LLM-judge tier: advisory faithfulness verdicts, cached on disk; never gated.

The judge is any callable ``judge(prompt) -> str`` or a LangChain chat model (anything with
``.invoke``); pass one at temperature 0. LangChain is only imported by ``openai_judge``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

JudgeFn = Callable[[str], str]
SCORES = {"supported": 1.0, "partial": 0.5, "unsupported": 0.0}

FAITHFULNESS_PROMPT = """You are checking a safeguarding assistant's answer against its sources.
Question: {question}

Quoted sources:
{quotes}

Answer:
{answer}

Is every claim in the answer supported by the quoted sources? Reply with one JSON object:
{{"verdict": "supported" | "partial" | "unsupported", "reason": "<one sentence>"}}"""


@dataclass(frozen=True)
class JudgeVerdict:
    """Parsed verdict: label, score in [0, 1] and the judge's one-line reason."""

    label: str
    score: float
    reason: str


def _content(message: Any) -> str:
    """Text of a LangChain message (or a plain string)."""
    content = getattr(message, "content", message)
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def as_judge_fn(judge: Any) -> JudgeFn:
    """Wrap a LangChain chat model (has .invoke) as prompt->str; pass callables through."""
    if hasattr(judge, "invoke"):
        return lambda prompt: _content(judge.invoke(prompt))
    if callable(judge):
        return judge
    raise TypeError(f"judge must be callable or have .invoke, got {type(judge).__name__}")


def openai_judge(base_url: str, model: str, api_key: str = "not-needed") -> JudgeFn:
    """A temperature-0 ChatOpenAI judge for an OpenAI-compatible server (lazy import)."""
    from langchain_openai import ChatOpenAI

    return as_judge_fn(ChatOpenAI(base_url=base_url, model=model, api_key=api_key, temperature=0))


def parse_verdict(text: str) -> JudgeVerdict | None:
    """Parse the judge's JSON reply; None when no known verdict can be found."""
    match = re.search(r"\{.*\}", text, re.S)
    if match:
        try:
            obj = json.loads(match.group())
        except json.JSONDecodeError:
            obj = None
        if isinstance(obj, dict) and str(obj.get("verdict", "")).lower() in SCORES:
            label = str(obj["verdict"]).lower()
            return JudgeVerdict(label, SCORES[label], str(obj.get("reason", "")))
    found = re.search(r"\b(unsupported|partial|supported)\b", text.lower())
    if found:
        return JudgeVerdict(found.group(1), SCORES[found.group(1)], "")
    return None


class LLMJudge:
    """Asks a judge for verdicts, caching raw replies in a JSON file keyed by prompt sha256."""

    def __init__(self, judge: Any, cache_path: str | Path | None = None) -> None:
        self.judge = as_judge_fn(judge)
        self.cache_path = Path(cache_path) if cache_path else None
        self.cache: dict[str, str] = {}
        if self.cache_path and self.cache_path.is_file():
            self.cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
        self.calls = 0

    @staticmethod
    def key(prompt: str) -> str:
        """Cache key for a prompt."""
        return hashlib.sha256(prompt.encode("utf-8")).hexdigest()

    def ask(self, prompt: str) -> str:
        """The judge's raw reply, from the cache when this exact prompt was asked before."""
        key = self.key(prompt)
        if key not in self.cache:
            self.calls += 1
            self.cache[key] = self.judge(prompt)
            self._save()
        return self.cache[key]

    def _save(self) -> None:
        """Write the cache atomically."""
        if not self.cache_path:
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.cache, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.cache_path)

    def faithfulness(
        self, question: str, answer: str, quotes: Sequence[str]
    ) -> JudgeVerdict | None:
        """Advisory verdict: is the answer supported by its quotes? None if unparseable."""
        if not answer.strip() or not quotes:
            return None
        listed = "\n".join(f"[{i}] {q}" for i, q in enumerate(quotes, start=1))
        prompt = FAITHFULNESS_PROMPT.format(question=question, quotes=listed, answer=answer)
        try:
            reply = self.ask(prompt)
        except Exception:  # advisory tier: a judge outage must not break the eval
            logger.warning("LLM judge call failed", exc_info=True)
            return None
        verdict = parse_verdict(reply)
        if verdict is None:
            logger.warning("could not parse judge reply: %.80s", reply)
        return verdict
