"""Optional LLM rephrasing of quiz stems: wording only; the generator re-validates every change.

The model sees the stem and the correct answer's source passage, and may only reword the
question. A reply that drops the review's name, gives the answer away, runs long or does not end
with a question mark is discarded; any call failure disables rephrasing for the rest of the quiz.
"""

from __future__ import annotations

import logging
from typing import Any

from assistant.quiz.items import QuizItem
from assistant.quiz.lexical import normalise

logger = logging.getLogger(__name__)

PROMPT = """Rewrite this quiz question for social work practitioners so that it reads naturally.
Keep exactly the same meaning, keep the name of the review, do not add facts and do not hint at
the answer. Reply with the rewritten question only, on one line.

Question: {stem}
"""
MAX_WORDS = 45


class StemRephraser:
    """Callable item -> new stem (or None to keep the offline one)."""

    def __init__(self, chat_model: Any) -> None:
        self.model = chat_model
        self.failed = False

    def __call__(self, item: QuizItem) -> str | None:
        if self.failed:
            return None
        from langchain_core.messages import HumanMessage

        try:
            reply = self.model.invoke([HumanMessage(content=PROMPT.format(stem=item.stem))])
        except Exception as exc:  # no server: keep the offline wording for every item
            logger.warning("LLM rephrasing unavailable (%s: %s)", type(exc).__name__, exc)
            self.failed = True
            return None
        text = str(getattr(reply, "content", reply)).strip().splitlines()
        stem = text[0].strip().strip("\"'“”").removeprefix("Question:").strip() if text else ""
        return stem if acceptable(stem, item) else None


def acceptable(stem: str, item: QuizItem) -> bool:
    """Keeps the review's name, ends as a question, stays short and does not give the key away."""
    name = item.review.split(" (")[0].lower()  # "Liam", "SILR15b", "briefing note"
    return (
        bool(stem)
        and stem.endswith(("?", "."))
        and len(stem.split()) <= MAX_WORDS
        and name in stem.lower()
        and normalise(item.answer) not in normalise(stem)
    )
