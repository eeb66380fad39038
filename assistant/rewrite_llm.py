"""Follow-up rewriting with the chat model (generative mode): a standalone retrieval query."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from langchain_core.messages import HumanMessage

from assistant.generative import message_text
from assistant.prompts import REWRITE, format_history, load_prompt, render

logger = logging.getLogger(__name__)

_PREFIX = re.compile(r"^(?:standalone question|question|rewritten question)\s*:\s*", re.IGNORECASE)
# A rewrite much longer than the follow-up plus its context is the model rambling, not a query.
MAX_CHARS = 400


def llm_rewrite(
    chat_model: Any, prompts_dir: Path | str, history: list[tuple[str, str]], question: str
) -> str:
    """Rewrite `question` as a standalone question given (question, answer) history turns.

    Without history the question is returned unchanged and the model is not called; an empty,
    overlong, echoed-prompt or failed rewrite also falls back to the question as asked.
    """
    question = question.strip()
    if not history or not question:
        return question
    template = load_prompt(prompts_dir, REWRITE)
    prompt = render(template, history=format_history(history), question=question)
    try:
        reply = message_text(chat_model.invoke([HumanMessage(content=prompt)]))
    except Exception as exc:  # a dead server must not stop retrieval with the original question
        logger.warning(
            "follow-up rewrite failed (%s: %s); using the question as asked",
            type(exc).__name__,
            exc,
        )
        return question
    rewritten = clean_rewrite(reply)
    # Small base models often just continue the prompt: an echo of it is no rewrite.
    if not rewritten or len(rewritten) > MAX_CHARS or rewritten.lower() in template.lower():
        logger.info("discarded rewrite %r; using the question as asked", reply[:80])
        return question
    logger.debug("rewrote %r -> %r", question, rewritten)
    return rewritten


def clean_rewrite(reply: str) -> str:
    """First non-empty line of the reply, without a 'Standalone question:' label or quotes."""
    for line in reply.strip().splitlines():
        line = _PREFIX.sub("", line.replace("**", "").strip())
        line = line.strip().strip("\"'\u201c\u201d").strip()
        if line:
            return line
    return ""
