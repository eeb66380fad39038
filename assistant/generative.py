"""Generative answers: a chat model writes a cited answer, the grounding guard checks it.

Tokens stream to `on_token` as they arrive; the answer returned is the guarded one, so a caller
that shows the stream should replace it with `Answer.answer` when the guard changed it.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.grounding import GuardResult, check_grounding
from assistant.prompts import ANSWER_SYSTEM, ANSWER_USER, format_passages, load_prompt, render
from caselearn.types import Answer, Passage
from evals.metrics.support import SupportConfig
from evals.metrics.text import marker_numbers
from ingest.embed import Embedder

logger = logging.getLogger(__name__)

FALLBACK_NOTE = "generated answer failed the grounding check; showing the extractive answer"
ABSTAIN_TEXT = "I cannot answer this from the library: the passages found do not address it."
# Reasoning models (e.g. Qwen3 through Ollama) may put their thinking in the content.
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)
_REFUSAL = re.compile(
    r"\b(?:cannot|can ?not|can't|unable to|not able to)\s+(?:answer|find)\b", re.IGNORECASE
)


def message_text(message: Any) -> str:
    """Text of a LangChain message or chunk (string or content blocks)."""
    content = getattr(message, "content", message)
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def is_refusal(text: str) -> bool:
    """The model said it cannot answer, and cited nothing."""
    return not marker_numbers(text) and bool(_REFUSAL.search(text))


class GenerativeAnswerer:
    """Answer from passages with a chat model, keeping only sentences the passages support."""

    def __init__(
        self,
        chat_model: Any,
        prompts_dir: Path | str,
        embedder: Embedder | None,
        min_supported: float = 0.5,
        support: SupportConfig | None = None,
    ) -> None:
        self.chat_model = chat_model
        self.prompts_dir = Path(prompts_dir)
        self.embedder = embedder
        self.min_supported = min_supported
        self.support = support or SupportConfig()

    def messages(self, question: str, passages: list[Passage]) -> list[BaseMessage]:
        """System rules, then the fenced passages and the question."""
        system = load_prompt(self.prompts_dir, ANSWER_SYSTEM)
        user = render(
            load_prompt(self.prompts_dir, ANSWER_USER),
            question=question.strip(),
            passages=format_passages(passages),
        )
        return [SystemMessage(content=system), HumanMessage(content=user)]

    def generate(
        self, messages: list[BaseMessage], on_token: Callable[[str], None] | None = None
    ) -> str:
        """Stream the model's reply, passing each piece to on_token; the full text."""
        parts: list[str] = []
        for chunk in self.chat_model.stream(messages):
            piece = message_text(chunk)
            if not piece:
                continue
            parts.append(piece)
            if on_token is not None:
                on_token(piece)
        return "".join(parts)

    def answer(
        self,
        question: str,
        passages: list[Passage],
        fallback: Callable[[], Answer],
        on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        """The guarded generated answer, an abstention, or fallback() with a note saying why."""
        if not passages:
            return fallback()
        messages = self.messages(question, passages)
        t0 = time.perf_counter()
        try:
            text = self.generate(messages, on_token)
        except Exception as exc:  # any transport or model failure: degrade, never crash `ask`
            logger.warning(
                "chat model failed (%s: %s); using the extractive answer", type(exc).__name__, exc
            )
            timings = {"generate": _ms(t0)}
            return _fell_back(
                fallback(),
                timings,
                f"LLM unavailable ({type(exc).__name__}); showing the extractive answer",
            )
        timings = {"generate": _ms(t0)}
        t1 = time.perf_counter()
        text = _THINK.sub("", text).strip()
        if is_refusal(text):
            timings["guard"] = _ms(t1)
            logger.info("model declined to answer %r", question)
            return Answer(
                question=question,
                answer=ABSTAIN_TEXT,
                abstained=True,
                timings_ms=timings,
                mode="llm",
                notes=["the model found no answer in the retrieved passages"],
                passages=passages,
            )
        guard = check_grounding(text, passages, self.embedder, self.support)
        timings["guard"] = _ms(t1)
        if not guard.n_kept or guard.fraction < self.min_supported:
            logger.info(
                "grounding check failed: %d of %d sentences supported (need %.0f%%)",
                guard.n_kept,
                guard.n_total,
                100 * self.min_supported,
            )
            return _fell_back(fallback(), timings, FALLBACK_NOTE)
        return Answer(
            question=question,
            answer=guard.text,
            abstained=False,
            citations=guard.citations,
            timings_ms=timings,
            mode="llm",
            notes=_notes(guard),
            passages=passages,
        )


def _notes(guard: GuardResult) -> list[str]:
    if not guard.n_dropped:
        return []
    return [
        f"dropped {guard.n_dropped} of {guard.n_total} generated sentences "
        "not supported by the passages they cite"
    ]


def _fell_back(answer: Answer, timings: dict[str, float], note: str) -> Answer:
    answer.notes.append(note)
    for key, value in timings.items():
        answer.timings_ms.setdefault(key, value)
    return answer


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)
